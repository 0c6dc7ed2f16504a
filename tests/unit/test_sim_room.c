/* The drill room (sim/room.c through the handler, doc/room.md): joining, keys of one's own
   meeting one's scenario's plans and faults, declarations scored, leaving, lost and back, the
   state and the log's events. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/file.h"
#include "forms/scenario.h"
#include "test.h"
#include "test_sim.h"

#define CHECKOUT "scenarios/checkout-down.json" /* the built-in plans, throttle 2 */
#define SEARCH   "scenarios/search-under-region-outage.json" /* 3 plans of its own */
#define DENIED   "scenarios/access-denied.json"              /* every call refused */
#define TIMEOUT  30

struct room {
    struct scenario *sc[3];
    struct sim_handler *h;
    char log[64];
};

static void room_open(struct room *r)
{
    static const char *const files[] = {CHECKOUT, SEARCH, DENIED};
    struct buf err = BUF_INIT;
    for (size_t i = 0; i < 3; i++) {
        r->sc[i] = scenario_load(files[i], &err);
        CHECK(r->sc[i] != NULL);
    }
    snprintf(r->log, sizeof r->log, "/tmp/klx-test-room-XXXXXX");
    int fd = mkstemp(r->log);
    CHECK(fd >= 0);
    close(fd);
    struct sim_options opt = {0};
    opt.room_scenarios = r->sc;
    opt.room_nscenarios = 3;
    opt.room_timeout = TIMEOUT;
    opt.log_file = r->log;
    tsim_clock_value = TSIM_NOW;
    r->h = tsim_handler(&opt);
    CHECK(r->h != NULL);
    buf_free(&err);
}

static void room_close(struct room *r)
{
    sim_handler_free(r->h);
    for (size_t i = 0; i < 3; i++)
        scenario_free(r->sc[i]);
    unlink(r->log);
}

/* An unsigned room call; the status, *out the reply (may be NULL). */
static int room_call(struct room *r, const char *method, const char *target, const char *body,
                     json_t **out)
{
    struct tsim_call t = {.method = method, .target = target, .body = body};
    struct sim_response resp;
    int st = tsim_send(r->h, &t, &resp, out);
    sim_response_free(&resp);
    return st;
}

/* A joined trainee and their keys. */
struct trainee {
    char id[16], akid[32], secret[64], scenario[64];
};

static int join(struct room *r, const char *name, struct trainee *t)
{
    char body[256];
    snprintf(body, sizeof body, "{\"name\": \"%s\"}", name);
    json_t *j = NULL;
    int st = room_call(r, "POST", "/room/join", body, &j);
    memset(t, 0, sizeof *t);
    if (st == 200) {
        snprintf(t->id, sizeof t->id, "%s", json_string_value(json_object_get(j, "trainee")));
        snprintf(t->akid, sizeof t->akid, "%s",
                 json_string_value(json_object_get(j, "access_key_id")));
        snprintf(t->secret, sizeof t->secret, "%s",
                 json_string_value(json_object_get(j, "secret_access_key")));
        snprintf(t->scenario, sizeof t->scenario, "%s",
                 json_string_value(json_object_get(j, "scenario")));
    }
    json_decref(j);
    return st;
}

/* A call signed with the trainee's keys. */
static int signed_call(struct room *r, const struct trainee *t, const char *method,
                       const char *target, const char *body, json_t **out)
{
    struct tsim_call c = {
        .method = method, .target = target, .body = body, .akid = t->akid, .secret = t->secret};
    struct sim_response resp;
    int st = tsim_send(r->h, &c, &resp, out);
    sim_response_free(&resp);
    return st;
}

/* The model declaration of a scenario with this clientToken, as a body. */
static char *model_body(const struct scenario *s, const char *token)
{
    json_t *b = json_deep_copy(s->model);
    json_object_set_new(b, "clientToken", json_string(token));
    char *text = json_dumps(b, JSON_COMPACT);
    json_decref(b);
    return text;
}

/* The trainee's entry of /room/state (new reference). */
static json_t *state_of(struct room *r, const char *id)
{
    json_t *st = NULL;
    CHECK_INT(room_call(r, "GET", "/room/state", NULL, &st), 200);
    json_t *found = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(st, "trainees"), i, e)
        if (strcmp(json_string_value(json_object_get(e, "trainee")), id) == 0)
            found = json_incref(e);
    json_decref(st);
    return found;
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "(none)";
}

static long num(const json_t *o, const char *key)
{
    return (long)json_number_value(json_object_get(o, key));
}

/* The room events of the log, in order, as "event trainee" words. */
static void log_events(const struct room *r, struct buf *out, int *request_lines)
{
    char *text = NULL;
    size_t len;
    *request_lines = 0;
    CHECK_INT(file_read(r->log, 1 << 20, &text, &len, NULL), FILE_OK);
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        json_t *o = json_loads(line, 0, NULL);
        json_t *ev = json_object_get(o, "room");
        if (ev)
            buf_printf(out, "%s %s;", str(ev, "event"), str(ev, "trainee"));
        else
            (*request_lines)++;
        json_decref(o);
    }
    free(text);
}

/* A room with alice (t1) and bob (t2) in it, on the first two scenarios. */
static void room_of_two(struct room *r, struct trainee *a, struct trainee *b)
{
    room_open(r);
    join(r, "alice", a);
    join(r, "bob", b);
}

static void test_join(void)
{
    struct room r;
    room_open(&r);
    /* Ids in order of joining; scenarios round-robin over the files, in order. */
    static const struct {
        int line;
        const char *name, *id, *scenario;
    } joins[] = {
        {__LINE__, "alice", "t1", "checkout-down"},
        {__LINE__, "bob", "t2", "search-under-region-outage"},
        {__LINE__, "Zoë Ø", "t3", "access-denied"}, /* any script is printable */
        {__LINE__, "dave", "t4", "checkout-down"},
    };
    struct trainee t[4];
    for (size_t i = 0; i < 4; i++) {
        CHECK_INT_AT(joins[i].line, join(&r, joins[i].name, &t[i]), 200);
        CHECK_STR_AT(joins[i].line, t[i].id, joins[i].id);
        CHECK_STR_AT(joins[i].line, t[i].scenario, joins[i].scenario);
    }
    const struct trainee *a = &t[0], *d = &t[3];
    CHECK(strncmp(a->akid, "AKIA", 4) == 0 && strlen(a->akid) == 20);
    CHECK(strlen(a->secret) == 40);
    CHECK(strcmp(a->akid, d->akid) != 0 && strcmp(a->secret, d->secret) != 0);

    struct trainee x;
    CHECK_INT(join(&r, "alice", &x), 409);
    CHECK_INT(join(&r, "", &x), 400);
    CHECK_INT(join(&r, "tab\\there", &x), 400);
    CHECK_INT(join(&r, "esc\\u001b[31m", &x), 400);
    CHECK_INT(join(&r, "bidi\\u202e", &x), 400);
    char long_name[80];
    memset(long_name, 'n', 65);
    long_name[65] = '\0';
    CHECK_INT(join(&r, long_name, &x), 400);
    long_name[64] = '\0';
    CHECK_INT(join(&r, long_name, &x), 200); /* 64 is the most */
    CHECK_INT(room_call(&r, "POST", "/room/join", "[1]", NULL), 400);
    CHECK_INT(room_call(&r, "POST", "/room/join", "{\"name\": 7}", NULL), 400);
    CHECK_INT(room_call(&r, "GET", "/room/join", NULL, NULL), 405);
    CHECK_INT(room_call(&r, "GET", "/room/nothing", NULL, NULL), 404);
    room_close(&r);
}

static void test_keys_meet_their_scenario(void)
{
    struct room r;
    struct trainee a, b, c;
    room_of_two(&r, &a, &b);
    join(&r, "carol", &c);
    json_t *j = NULL;
    CHECK_INT(signed_call(&r, &a, "POST", "/listResponsePlans", "{}", &j), 200);
    CHECK_INT((int)json_array_size(json_object_get(j, "responsePlanSummaries")), 5);
    json_decref(j);
    CHECK_INT(signed_call(&r, &b, "POST", "/listResponsePlans", "{}", &j), 200);
    CHECK_INT((int)json_array_size(json_object_get(j, "responsePlanSummaries")), 3);
    json_decref(j);
    CHECK_INT(signed_call(&r, &c, "POST", "/listResponsePlans", "{}", NULL), 403);
    /* a trainee's key with a wrong secret is refused, as any key would be */
    struct trainee forged = a;
    forged.secret[0] = forged.secret[0] == 'A' ? 'B' : 'A';
    CHECK_INT(signed_call(&r, &forged, "POST", "/listResponsePlans", "{}", NULL), 403);
    /* with several scenarios the training pair keeps the built-in plans and no fault */
    CHECK_INT(tsim_do(r.h, "POST", "/listResponsePlans", "{}", NULL), 200);
    room_close(&r);
}

static void test_declarations(void)
{
    struct room r;
    room_open(&r);
    struct trainee a, b, d;
    join(&r, "alice", &a); /* checkout-down: throttle 2 */
    join(&r, "bob", &b);
    struct trainee skip;
    join(&r, "carol", &skip);
    join(&r, "dave", &d); /* checkout-down too: faults of his own */
    char *body = model_body(r.sc[0], "token-a-1");
    CHECK_INT(signed_call(&r, &a, "POST", "/startIncident", body, NULL), 429);
    CHECK_INT(signed_call(&r, &a, "POST", "/startIncident", body, NULL), 429);
    CHECK_INT(signed_call(&r, &a, "POST", "/startIncident", body, NULL), 200);
    CHECK_INT(signed_call(&r, &a, "POST", "/startIncident", body, NULL), 200); /* a retry */
    CHECK_INT(signed_call(&r, &d, "POST", "/startIncident", body, NULL), 429);
    free(body);
    json_t *s = state_of(&r, "t1");
    CHECK_STR(str(s, "status"), "declared");
    CHECK_INT(num(s, "declarations"), 1);
    CHECK_INT(num(s, "score"), num(s, "max"));
    CHECK(num(s, "max") > 0);
    CHECK_STR(str(s, "title"), r.sc[0]->title);
    json_decref(s);

    /* a second incident with a new clientToken is a second declaration, and costs a point */
    body = model_body(r.sc[0], "token-a-2");
    CHECK_INT(signed_call(&r, &a, "POST", "/startIncident", body, NULL), 200);
    free(body);
    s = state_of(&r, "t1");
    CHECK_INT(num(s, "declarations"), 2);
    CHECK_INT(num(s, "score"), num(s, "max") - 1);
    json_decref(s);

    /* a wrong impact loses exactly the impact point */
    json_t *wrong = json_deep_copy(r.sc[0]->model);
    json_object_set_new(wrong, "impact", json_integer(5));
    json_object_set_new(wrong, "clientToken", json_string("token-d"));
    char *text = json_dumps(wrong, JSON_COMPACT);
    json_decref(wrong);
    CHECK_INT(signed_call(&r, &d, "POST", "/startIncident", text, NULL), 429);
    CHECK_INT(signed_call(&r, &d, "POST", "/startIncident", text, NULL), 200);
    free(text);
    s = state_of(&r, "t4");
    CHECK_INT(num(s, "score"), num(s, "max") - 1);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(s, "points"), i, p)
        CHECK(json_is_true(json_object_get(p, "ok")) ==
              (strcmp(str(p, "rule"), "impact") != 0));
    json_decref(s);

    s = state_of(&r, "t2");
    CHECK_STR(str(s, "status"), "active");
    CHECK_INT(num(s, "declarations"), 0);
    json_decref(s);
    room_close(&r);
}

static void test_leave(void)
{
    struct room r;
    struct trainee a, b;
    room_of_two(&r, &a, &b);
    char *body = model_body(r.sc[0], "token-a");
    for (int i = 0; i < 3; i++)
        signed_call(&r, &a, "POST", "/startIncident", body, NULL);
    free(body);
    json_t *j = NULL;
    CHECK_INT(room_call(&r, "POST", "/room/leave",
                        "{\"trainee\": \"t1\", \"keys\": 123, \"problems\": 2}", &j),
              200);
    json_t *card = json_object_get(j, "card");
    CHECK_INT(num(card, "score"), num(card, "max"));
    CHECK_STR(str(card, "scenario"), "checkout-down");
    CHECK(json_object_get(card, "model") != NULL);
    bool keys = false;
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(card, "points"), i, p)
        keys = keys || strncmp(str(p, "reason"), "123 keys pressed", 16) == 0;
    CHECK(keys);
    json_decref(j);
    json_t *s = state_of(&r, "t1");
    CHECK_STR(str(s, "status"), "declared"); /* leaving after declaring is not quitting */
    json_decref(s);

    CHECK_INT(room_call(&r, "POST", "/room/leave", "{\"trainee\": \"t2\"}", NULL), 200);
    s = state_of(&r, "t2");
    CHECK_STR(str(s, "status"), "quit");
    CHECK_INT(num(s, "score"), 0);
    json_decref(s);

    CHECK_INT(room_call(&r, "POST", "/room/leave", "{\"trainee\": \"t2\"}", NULL), 409);
    CHECK_INT(room_call(&r, "POST", "/room/ping", "{\"trainee\": \"t2\"}", NULL), 409);
    CHECK_INT(room_call(&r, "POST", "/room/leave", "{\"trainee\": \"t9\"}", NULL), 404);
    CHECK_INT(room_call(&r, "POST", "/room/ping", "{\"trainee\": \"x1\"}", NULL), 404);
    CHECK_INT(room_call(&r, "POST", "/room/ping", "{}", NULL), 400);
    struct trainee c;
    join(&r, "carol", &c);
    CHECK_INT(room_call(&r, "POST", "/room/leave", "{\"trainee\": \"t3\", \"keys\": -1}", NULL),
              400);
    CHECK_INT(room_call(&r, "POST", "/room/leave", "{\"trainee\": \"t3\", \"keys\": \"9\"}", NULL),
              400);
    /* A refused leave leaves the trainee in the room. */
    CHECK_INT(room_call(&r, "POST", "/room/ping", "{\"trainee\": \"t3\"}", NULL), 200);
    room_close(&r);
}

static void test_lost_and_back(void)
{
    struct room r;
    struct trainee a, b;
    room_of_two(&r, &a, &b);
    tsim_clock_value = TSIM_NOW + TIMEOUT - 1;
    CHECK_INT(room_call(&r, "POST", "/room/ping", "{\"trainee\": \"t2\"}", NULL), 200);
    tsim_clock_value = TSIM_NOW + TIMEOUT + 1;
    json_t *s = state_of(&r, "t1");
    CHECK_STR(str(s, "status"), "lost");
    json_decref(s);
    s = state_of(&r, "t2");
    CHECK_STR(str(s, "status"), "active"); /* pinged a second before: not lost */
    json_decref(s);
    CHECK_INT(room_call(&r, "POST", "/room/ping", "{\"trainee\": \"t1\"}", NULL), 200);
    s = state_of(&r, "t1");
    CHECK_STR(str(s, "status"), "active");
    json_decref(s);
    /* a signed request is a sign of life too */
    tsim_clock_value = TSIM_NOW + 2 * TIMEOUT + 2;
    CHECK_STR((s = state_of(&r, "t1"), str(s, "status")), "lost");
    json_decref(s);
    CHECK_INT(signed_call(&r, &a, "POST", "/listResponsePlans", "{}", NULL), 200);
    CHECK_STR((s = state_of(&r, "t1"), str(s, "status")), "active");
    json_decref(s);

    struct buf events = BUF_INIT;
    int requests;
    log_events(&r, &events, &requests);
    CHECK_STR(buf_cstr(&events),
              "join t1;join t2;lost t1;back t1;lost t1;lost t2;back t1;");
    CHECK_INT(requests, 1); /* the signed call; the room's own endpoints are not request lines */
    buf_free(&events);

    /* the lost event carries when they became lost, not when it was noticed */
    char *text = NULL;
    size_t len;
    file_read(r.log, 1 << 20, &text, &len, NULL);
    char *lost = text ? strstr(text, "\"event\":\"lost\"") : NULL;
    CHECK(lost != NULL);
    char want[64];
    snprintf(want, sizeof want, "\"t\":%.0f", TSIM_NOW + TIMEOUT);
    CHECK(lost && strncmp(lost + strlen("\"event\":\"lost\","), want, strlen(want)) == 0);
    free(text);
    room_close(&r);
}

static void test_log_events(void)
{
    struct room r;
    room_open(&r);
    struct trainee a, x;
    join(&r, "alice", &a);
    join(&r, "alice", &x); /* refused */
    char *body = model_body(r.sc[0], "token-a");
    for (int i = 0; i < 3; i++)
        signed_call(&r, &a, "POST", "/startIncident", body, NULL);
    free(body);
    room_call(&r, "POST", "/room/leave", "{\"trainee\": \"t1\", \"keys\": 5, \"problems\": 0}",
              NULL);
    struct buf events = BUF_INIT;
    int requests;
    log_events(&r, &events, &requests);
    CHECK_STR(buf_cstr(&events), "join t1;refused (none);declare t1;leave t1;");
    CHECK_INT(requests, 3);
    buf_free(&events);

    char *text = NULL;
    size_t len;
    file_read(r.log, 1 << 20, &text, &len, NULL);
    json_t *leave = NULL;
    for (char *line = text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        json_t *o = json_loads(line, 0, NULL);
        json_t *ev = json_object_get(o, "room");
        if (ev && strcmp(str(ev, "event"), "leave") == 0)
            leave = json_incref(ev);
        json_decref(o);
        line = next;
    }
    free(text);
    CHECK_STR(str(leave, "name"), "alice");
    CHECK_STR(str(leave, "scenario"), "checkout-down");
    CHECK_INT(num(leave, "keys"), 5);
    CHECK_INT(num(leave, "problems"), 0);
    CHECK_INT(num(leave, "declarations"), 1);
    CHECK_INT(num(leave, "score"), num(leave, "max"));
    CHECK(json_array_size(json_object_get(leave, "points")) > 0);
    CHECK(json_object_get(leave, "reason") == NULL);
    json_decref(leave);
    room_close(&r);
}

int main(void)
{
    RUN(test_join);
    RUN(test_keys_meet_their_scenario);
    RUN(test_declarations);
    RUN(test_leave);
    RUN(test_lost_and_back);
    RUN(test_log_events);
    return test_summary();
}
