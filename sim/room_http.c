/* The drill room's endpoints on the simulator (doc/room.md): JSON in, the room's state changed
   under its own lock (sim/room.c), JSON out; and the trainees' own keys on signed calls. The
   endpoints are not request-logged: the room logs its events, and heartbeats would drown them. */
#include "sim/room_http.h"

#include <stdio.h>
#include <string.h>

#include "sim/room.h"

bool sim_room_http_claims(const struct call *c)
{
    return c->h->room && strncmp(c->path, "/room/", 6) == 0;
}

static const char *room_error_code(int status)
{
    switch (status) {
    case 404:
        return "ResourceNotFoundException";
    case 409:
        return "ConflictException";
    default:
        return "ValidationException";
    }
}

typedef int (*room_fn)(struct sim_room *r, const json_t *body, double now, json_t **out);

static void serve_post(struct call *c, room_fn fn)
{
    json_error_t je;
    json_t *body = json_loadb(c->req->body ? c->req->body : "", c->req->body_len, 0, &je);
    if (!json_is_object(body)) {
        json_decref(body);
        sim_reply_error(c, 400, "SerializationException", NS_COMMON, NULL,
                        "The request body must be a JSON object (doc/room.md).");
        return;
    }
    json_t *out = NULL;
    int status = fn(c->h->room, body, c->arrival, &out);
    json_decref(body);
    if (status == 200) {
        sim_reply_json(c, 200, out);
        return;
    }
    sim_reply_error(c, status, room_error_code(status), NS_SERVICE, NULL, "%s",
                    json_string_value(json_object_get(out, "message")));
    json_decref(out);
}

void sim_room_http_serve(struct call *c)
{
    /* What changes the room is POSTed to its fn; the state (no fn) is read with GET. */
    static const struct {
        const char *path;
        room_fn fn;
    } routes[] = {{"/room/join", sim_room_join},
                  {"/room/ping", sim_room_ping},
                  {"/room/leave", sim_room_leave},
                  {"/room/state", NULL}};
    c->room_endpoint = true;
    const char *method = c->req->method ? c->req->method : "";
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (strcmp(routes[i].path, c->path) != 0)
            continue;
        const char *want = routes[i].fn ? "POST" : "GET";
        if (strcmp(want, method) != 0) {
            c->resp->allow = want;
            sim_reply_error(c, 405, "MethodNotAllowedException", NS_COMMON, NULL,
                            "%s %s is not allowed: use %s", method, c->path, want);
        } else if (c->req->body_too_large) {
            sim_reply_error(c, 413, "RequestEntityTooLargeException", NS_COMMON, NULL,
                            "The request body is larger than %d bytes.", SIM_MAX_BODY);
        } else if (routes[i].fn) {
            serve_post(c, routes[i].fn);
        } else {
            sim_reply_json(c, 200, sim_room_state(c->h->room, c->arrival));
        }
        return;
    }
    sim_reply_error(c, 404, "UnknownOperationException", NS_COMMON, NULL,
                    "No room endpoint at %s %s: the room serves POST /room/join, /room/ping, "
                    "/room/leave and GET /room/state.",
                    method, c->path);
}

bool sim_room_http_verify(struct call *c, const char *service)
{
    struct sim_room *r = c->h->room;
    if (!r)
        return false;
    struct sim_auth_key key;
    int t = sim_room_find_key(r, c->auth.access_key_id, &key);
    if (t < 0)
        return false;
    sim_auth_result_free(&c->auth);
    sim_auth_verify_service(service, &key, 1, c->req, c->path, c->query, c->arrival, &c->auth);
    sim_auth_key_clear(&key);
    c->auth.key_index = -1;
    if (c->auth.verdict != SIM_SIG_VALID)
        return true;
    c->trainee = t;
    c->plans = sim_room_plans(r, t);
    snprintf(c->principal, sizeof c->principal, "arn:aws:iam::" SIM_ACCOUNT_ID ":user/trainee-%d",
             t + 1);
    return true;
}

void sim_room_http_after(struct call *c, bool start_incident)
{
    if (c->trainee < 0)
        return;
    if (c->created && start_incident)
        sim_room_declared(c->h->room, c->trainee, c->body, c->arrival);
    else
        sim_room_seen(c->h->room, c->trainee, c->arrival);
}
