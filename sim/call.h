/* What the request handler and the operations share: the handler's state, one call in
   progress, and the reply helpers. Private to sim/. */
#ifndef SIM_CALL_H
#define SIM_CALL_H

#include <jansson.h>
#include <pthread.h>
#include <regex.h>
#include <stdbool.h>

#include "sim/auth.h"
#include "sim/handler.h"
#include "sim/plans.h"
#include "sim/reqlog.h"
#include "sim/store.h"

/* x-amzn-ErrorType carries "Code:namespace" like the real front end; clients keep the part
   before the first ':'. Service errors and front-end (auth, routing) errors differ in namespace. */
#define NS_SERVICE "http://internal.amazon.com/coral/com.amazon.ssmincidents/"
#define NS_COMMON  "http://internal.amazon.com/coral/com.amazon.coral.service/"

/* The service model's Arn pattern. */
#define ARN_PATTERN "^arn:aws(-cn|-us-gov)?:[a-z0-9-]*:[a-z0-9-]*:([0-9]{12})?:.+$"

struct sim_handler {
    pthread_mutex_t lock; /* guards store, fault counters, stopping */
    pthread_cond_t wake;  /* signalled on shutdown to cut --delay short */
    bool stopping;
    struct sim_plans *plans; /* immutable once loaded */
    struct sim_store *store;
    struct sim_log *log;
    struct sim_auth_key *keys;
    size_t nkeys;
    struct sim_sts *sts;      /* AssumeRole and the keys it issued (sim/sts.c) */
    struct sim_room *room;    /* the drill room (sim/room.c), NULL without --scenarios */
    int throttle, fail, drop; /* faults still to serve, in that order */
    double delay;
    bool deny;
    regex_t arn_re;
    sim_clock_fn clock;
    void *clock_ctx;
};

struct route;

/* Everything about one request while it is handled; the log line is written from it. */
struct call {
    struct sim_handler *h;
    const struct sim_request *req;
    struct sim_response *resp;
    const struct route *route;
    const char *operation; /* for the log when no route served it ("AssumeRole") */
    char *path, *query;    /* the raw target split at '?' */
    double arrival;
    struct sim_auth_result auth;
    bool auth_checked;
    char principal[256];
    char region[64];
    json_t *body;     /* parsed POST body, NULL if none or unparsable */
    char *body_error; /* why the body did not parse */
    const char *fault;
    const char *error_code;
    char *error_message;
    char *incident_arn;
    bool created;
    int trainee;                   /* the room trainee whose keys signed it, -1 none */
    const struct sim_plans *plans; /* the plans this caller sees (a trainee: their scenario's) */
    bool room_endpoint;            /* a /room/ request: the room logs it, not the handler */
};

/* Reply with a JSON body (reference stolen). */
void sim_reply_json(struct call *c, int status, json_t *body);
/* Reply with an error: status, code, namespace for x-amzn-ErrorType, extra body members
   (stolen, may be NULL) and the message. */
void sim_reply_error(struct call *c, int status, const char *code, const char *ns, json_t *extra,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* 400 ValidationException in the service's wording for one broken constraint; value NULL means
   the member is missing. */
void sim_reply_invalid(struct call *c, const char *member, const char *value,
                       const char *constraint);
/* The handler's clock, rounded to milliseconds like the service's timestamps. */
double sim_handler_now(struct sim_handler *h);
/* Copy member key of src into dst when src has it. */
void sim_copy_member(json_t *dst, const char *key, const json_t *src);

/* The operations (sim/ops.c): each replies through c. */
void sim_op_list_response_plans(struct call *c);
void sim_op_get_response_plan(struct call *c);
void sim_op_start_incident(struct call *c);
void sim_op_get_incident_record(struct call *c);
void sim_op_list_incident_records(struct call *c);

#endif
