/* The simulator's request pipeline: routing, body cap, SigV4 verdict, --delay, --deny, faults,
   body parsing, then the operation (sim/ops.c); one log line per request. */
#include "sim/handler.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/mono.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "sim/call.h"
#include "sim/room.h"
#include "sim/room_http.h"
#include "sim/sso.h"
#include "sim/sts.h"

#define QUOTA_CODE "L-KLXSIM01"

typedef void (*op_fn)(struct call *c);

struct route {
    const char *operation;
    const char *method;
    const char *path;
    op_fn fn;
    bool faults; /* --throttle/--fail/--drop apply */
};

/* ---- helpers ---- */

static double wall_clock(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long ms = ts.tv_nsec / 1000000; /* the service's timestamps carry milliseconds, no finer */
    return (double)ts.tv_sec + (double)ms / 1000.0;
}

static void wait_delay(struct sim_handler *h, double seconds)
{
    if (seconds <= 0)
        return;
    struct timespec until = mono_after(seconds);
    pthread_mutex_lock(&h->lock);
    while (!h->stopping && pthread_cond_timedwait(&h->wake, &h->lock, &until) != ETIMEDOUT)
        ;
    pthread_mutex_unlock(&h->lock);
}

/* Who the caller is, as IAM would name them. */
static void set_principal(struct call *c)
{
    const struct sim_auth_key *k = c->auth.key_index >= 0 ? &c->h->keys[c->auth.key_index] : NULL;
    if (!k)
        ; /* a session STS issued: sim_sts_verify_issued() named the assumed role */
    else if (strcmp(k->access_key_id, SIM_TRAINING_ACCESS_KEY_ID) == 0)
        snprintf(c->principal, sizeof c->principal,
                 "arn:aws:iam::" SIM_ACCOUNT_ID ":user/klaxon-trainee");
    else if (k->session_token)
        snprintf(c->principal, sizeof c->principal,
                 "arn:aws:sts::" SIM_ACCOUNT_ID ":assumed-role/KlaxonSimRole/%s", k->access_key_id);
    else
        snprintf(c->principal, sizeof c->principal, "arn:aws:iam::" SIM_ACCOUNT_ID ":user/%s",
                 k->access_key_id);
    bool ok = c->auth.region[0] != '\0';
    for (const char *p = c->auth.region; *p; p++)
        ok = ok && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-');
    snprintf(c->region, sizeof c->region, "%s", ok ? c->auth.region : SIM_DEFAULT_REGION);
}

static const struct route routes[] = {
    {"ListResponsePlans", "POST", "/listResponsePlans", sim_op_list_response_plans, false},
    {"GetResponsePlan", "GET", "/getResponsePlan", sim_op_get_response_plan, false},
    {"StartIncident", "POST", "/startIncident", sim_op_start_incident, true},
    {"GetIncidentRecord", "GET", "/getIncidentRecord", sim_op_get_incident_record, false},
    {"ListIncidentRecords", "POST", "/listIncidentRecords", sim_op_list_incident_records, false},
};

/* ---- the request pipeline ---- */

static bool route_request(struct call *c)
{
    const char *method = c->req->method ? c->req->method : "";
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (strcmp(routes[i].path, c->path) != 0)
            continue;
        c->route = &routes[i];
        if (strcmp(routes[i].method, method) == 0)
            return true;
        c->resp->allow = routes[i].method;
        sim_reply_error(c, 405, "MethodNotAllowedException", NS_COMMON, NULL,
                        "%s %s is not allowed: use %s", method, c->path, routes[i].method);
        return false;
    }
    sim_reply_error(c, 404, "UnknownOperationException", NS_COMMON, NULL,
                    "No Incident Manager operation is served at %s %s. This simulator serves "
                    "ListResponsePlans, GetResponsePlan, StartIncident, GetIncidentRecord and "
                    "ListIncidentRecords.",
                    method, c->path);
    return false;
}

static void parse_body(struct call *c)
{
    if (strcmp(c->route->method, "POST") != 0)
        return;
    if (c->req->body_len == 0) {
        c->body = json_object(); /* the service takes no body as an empty input */
        return;
    }
    json_error_t je;
    json_t *j = json_loadb(c->req->body, c->req->body_len, 0, &je);
    if (!j) {
        c->body_error = xasprintf("Could not parse request body into json: %s (line %d, column "
                                  "%d)",
                                  je.text, je.line, je.column);
    } else if (!json_is_object(j)) {
        c->body_error = xstrdup("The request body must be a JSON object");
        json_decref(j);
    } else {
        c->body = j;
    }
}

static void deny(struct call *c)
{
    const char *res = NULL;
    char *arn = NULL;
    if (c->body)
        res = json_string_value(json_object_get(c->body, "responsePlanArn"));
    if (!res && strcmp(c->route->method, "GET") == 0) {
        bool bad;
        arn = sim_query_param(c->query, "arn", &bad);
        res = arn;
    }
    if (!res)
        res = "*";
    sim_reply_error(c, 403, "AccessDeniedException", NS_SERVICE, NULL,
                    "User: %s is not authorized to perform: ssm-incidents:%s on resource: %s "
                    "because no identity-based policy allows the ssm-incidents:%s action",
                    c->principal, c->route->operation, res, c->route->operation);
    free(arn);
}

static bool serve_fault(struct call *c);

/* Serve the next injected fault, if any is left: throttles first, then failures, then drops. */
static bool take_fault(struct call *c)
{
    struct sim_handler *h = c->h;
    if (c->trainee >= 0) {
        c->fault = sim_room_take_fault(h->room, c->trainee);
        return c->fault ? serve_fault(c) : false;
    }
    pthread_mutex_lock(&h->lock);
    if (h->throttle > 0) {
        h->throttle--;
        c->fault = "throttle";
    } else if (h->fail > 0) {
        h->fail--;
        c->fault = "fail";
    } else if (h->drop > 0) {
        h->drop--;
        c->fault = "drop";
    }
    pthread_mutex_unlock(&h->lock);
    return c->fault ? serve_fault(c) : false;
}

/* Answer with the fault taken. */
static bool serve_fault(struct call *c)
{
    if (strcmp(c->fault, "throttle") == 0)
        sim_reply_error(
            c, 429, "ThrottlingException", NS_SERVICE,
            json_pack("{s:s, s:s}", "quotaCode", QUOTA_CODE, "serviceCode", "ssm-incidents"),
            "Rate exceeded");
    else if (strcmp(c->fault, "fail") == 0)
        sim_reply_error(c, 500, "InternalServerException", NS_SERVICE, NULL,
                        "An internal error occurred. Try again.");
    else
        c->resp->status = 0; /* the HTTP layer closes the connection without a word */
    return true;
}

static void pipeline(struct call *c)
{
    if (c->req->framing_error) { /* before anything else: the request's extent is unknown */
        sim_reply_error(c, 400, "BadRequestException", NS_COMMON, NULL,
                        "The request is refused: it has %s.", c->req->framing_error);
        return;
    }
    if (sim_sts_claims(c)) {
        sim_sts_serve(c);
        return;
    }
    if (sim_room_http_claims(c)) {
        sim_room_http_serve(c);
        return;
    }
    if (sim_sso_claims(c)) {
        sim_sso_serve(c);
        return;
    }
    if (!route_request(c))
        return;
    if (c->req->body_too_large) {
        sim_reply_error(c, 413, "RequestEntityTooLargeException", NS_COMMON, NULL,
                        "The request body is larger than %d bytes.", SIM_MAX_BODY);
        return;
    }
    sim_auth_verify(c->h->keys, c->h->nkeys, c->req, c->path, c->query, c->arrival, &c->auth);
    c->auth_checked = true;
    if (c->auth.verdict == SIM_SIG_UNKNOWN_KEY && !sim_sts_verify_issued(c, "ssm-incidents"))
        sim_room_http_verify(c, "ssm-incidents");
    if (c->auth.verdict != SIM_SIG_VALID) {
        sim_reply_error(c, c->auth.status, c->auth.code, NS_COMMON, NULL, "%s",
                        c->auth.message ? c->auth.message : "refused");
        return;
    }
    set_principal(c); /* a trainee's was named by sim_room_http_verify */
    if (c->trainee >= 0)
        wait_delay(c->h, sim_room_delay(c->h->room, c->trainee)); /* their scenario's --delay */
    parse_body(c);
    if (c->trainee >= 0 ? sim_room_deny(c->h->room, c->trainee) : c->h->deny) {
        deny(c);
        return;
    }
    if (c->route->faults && take_fault(c))
        return;
    if (c->body_error) {
        sim_reply_error(c, 400, "SerializationException", NS_COMMON, NULL, "%s", c->body_error);
        return;
    }
    c->route->fn(c);
}

static void write_log(struct call *c)
{
    struct sim_log_entry e = {
        .time = c->arrival,
        .request_id = c->resp->request_id,
        .operation = c->route ? c->route->operation : c->operation,
        .method = c->req->method,
        .path = c->path,
        .query = c->query,
        .status = c->resp->status,
        .error = c->error_code,
        .message = c->error_message,
        .signature = c->auth_checked ? sim_sig_name(c->auth.verdict) : NULL,
        .access_key_id = c->auth.access_key_id[0] ? c->auth.access_key_id : NULL,
        .region = c->auth.region[0] ? c->auth.region : NULL,
        .client_token = json_string_value(json_object_get(c->body, "clientToken")),
        .incident_arn = c->incident_arn,
        .incident_created = c->created,
        .fault = c->fault,
        .body = c->body,
        .body_bytes = c->req->body_len,
    };
    sim_log_write(c->h->log, &e);
}

void sim_handler_handle(struct sim_handler *h, const struct sim_request *req,
                        struct sim_response *resp)
{
    memset(resp, 0, sizeof *resp);
    sim_uuid(resp->request_id);
    struct call c;
    memset(&c, 0, sizeof c);
    c.h = h;
    c.req = req;
    c.resp = resp;
    c.auth.key_index = -1;
    c.trainee = -1;
    c.plans = h->plans;
    c.arrival = sim_handler_now(h);
    const char *target = req->target && *req->target ? req->target : "/";
    const char *q = strchr(target, '?');
    c.path = q ? xstrndup(target, (size_t)(q - target)) : xstrdup(target);
    c.query = q ? xstrdup(q + 1) : NULL;

    wait_delay(h, h->delay);
    pipeline(&c);
    if (c.trainee >= 0) /* heard from, faulted or not; and maybe a declaration */
        sim_room_http_after(&c, strcmp(c.route->operation, "StartIncident") == 0);
    if (!c.room_endpoint)
        write_log(&c);

    sim_auth_result_free(&c.auth);
    json_decref(c.body);
    free(c.body_error);
    free(c.error_message);
    free(c.incident_arn);
    free(c.path);
    free(c.query);
}

/* ---- life cycle ---- */

static void copy_keys(struct sim_handler *h, const struct sim_options *opt)
{
    static const struct sim_credential training = {SIM_TRAINING_ACCESS_KEY_ID,
                                                   SIM_TRAINING_SECRET_ACCESS_KEY, NULL};
    const struct sim_credential *src = opt->ncredentials > 0 ? opt->credentials : &training;
    size_t n = opt->ncredentials > 0 ? (size_t)opt->ncredentials : 1;
    h->keys = xcalloc(n, sizeof *h->keys);
    h->nkeys = n;
    for (size_t i = 0; i < n; i++) {
        h->keys[i].access_key_id = xstrdup(src[i].access_key_id);
        h->keys[i].secret_access_key = secmem_strdup(src[i].secret_access_key);
        h->keys[i].session_token = src[i].session_token && *src[i].session_token
                                       ? secmem_strdup(src[i].session_token)
                                       : NULL;
    }
}

static bool check_options(const struct sim_options *opt, struct buf *err)
{
    if (opt->ncredentials > 0 && !opt->credentials) {
        buf_puts(err, "credentials: missing");
        return false;
    }
    for (int i = 0; i < opt->ncredentials; i++) {
        const struct sim_credential *k = &opt->credentials[i];
        if (!k->access_key_id || !*k->access_key_id || !k->secret_access_key ||
            !*k->secret_access_key) {
            buf_printf(err, "credentials %d: an access key id and a secret are required", i + 1);
            return false;
        }
    }
    if (opt->throttle < 0 || opt->fail < 0 || opt->drop < 0 || opt->synthetic_plans < 0 ||
        !(opt->delay >= 0 && opt->delay <= 3600)) {
        buf_puts(err, "fault counts must be 0 or more and --delay 0 to 3600 seconds");
        return false;
    }
    return true;
}

static struct sim_plans *load_plans(const struct sim_options *opt, struct buf *err)
{
    if (opt->synthetic_plans > 0)
        return sim_plans_synthetic(opt->synthetic_plans);
    if (opt->plans_file)
        return sim_plans_load(opt->plans_file, err);
    if (opt->plans_text)
        return sim_plans_parse(opt->plans_text, strlen(opt->plans_text),
                               opt->plans_origin ? opt->plans_origin : "plans", err);
    return sim_plans_builtin();
}

struct sim_handler *sim_handler_new(const struct sim_options *opt, struct buf *err)
{
    if (!check_options(opt, err))
        return NULL;
    struct sim_plans *plans = load_plans(opt, err);
    if (!plans)
        return NULL;
    struct sim_log *log = NULL;
    if (opt->log_file || !opt->quiet) {
        log = sim_log_open(opt->log_file, opt->quiet ? NULL : stdout, err);
        if (!log && opt->log_file) {
            sim_plans_free(plans);
            return NULL;
        }
    }
    struct sim_handler *h = xcalloc(1, sizeof *h);
    pthread_mutex_init(&h->lock, NULL);
    mono_cond_init(&h->wake);
    if (regcomp(&h->arn_re, ARN_PATTERN, REG_EXTENDED | REG_NOSUB) != 0)
        abort();
    h->plans = plans;
    h->store = sim_store_new();
    h->log = log;
    h->throttle = opt->throttle;
    h->fail = opt->fail;
    h->drop = opt->drop;
    h->delay = opt->delay;
    h->deny = opt->deny;
    h->clock = wall_clock;
    h->sts = sim_sts_new(opt->sts_mfa_code, opt->sts_deny_role, opt->sts_session_seconds);
    h->sso = sim_sso_new(opt);
    copy_keys(h, opt);
    if (opt->room_nscenarios) {
        h->room = sim_room_new(opt->room_scenarios, opt->room_nscenarios, opt->room_timeout, log,
                               err);
        if (!h->room) {
            sim_handler_free(h);
            return NULL;
        }
    }
    return h;
}

void sim_handler_free(struct sim_handler *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->nkeys; i++)
        sim_auth_key_clear(&h->keys[i]);
    sim_sts_free(h->sts);
    sim_room_free(h->room);
    sim_sso_free(h->sso);
    sim_plans_free(h->plans);
    sim_store_free(h->store);
    sim_log_close(h->log);
    regfree(&h->arn_re);
    pthread_cond_destroy(&h->wake);
    pthread_mutex_destroy(&h->lock);
    FREE_ALL(h->keys, h);
}

void sim_handler_set_clock(struct sim_handler *h, sim_clock_fn fn, void *ctx)
{
    h->clock = fn ? fn : wall_clock;
    h->clock_ctx = ctx;
}

void sim_handler_shutdown(struct sim_handler *h)
{
    pthread_mutex_lock(&h->lock);
    h->stopping = true;
    pthread_cond_broadcast(&h->wake);
    pthread_mutex_unlock(&h->lock);
}

char *sim_handler_incidents_json(struct sim_handler *h)
{
    json_t *out = json_array();
    pthread_mutex_lock(&h->lock);
    for (size_t i = 0; i < sim_store_count(h->store); i++) {
        const json_t *r = sim_store_at(h->store, i);
        json_t *s = json_object();
        static const char *const keep[] = {"arn", "title", "impact", "creationTime"};
        for (size_t k = 0; k < 4; k++)
            sim_copy_member(s, keep[k], json_object_get(r, keep[k]));
        json_array_append_new(out, s);
    }
    pthread_mutex_unlock(&h->lock);
    char *text = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(13));
    json_decref(out);
    return text ? text : xstrdup("[]");
}

size_t sim_handler_incident_count(struct sim_handler *h)
{
    pthread_mutex_lock(&h->lock);
    size_t n = sim_store_count(h->store);
    pthread_mutex_unlock(&h->lock);
    return n;
}
