/* The simulator's request log: one JSON object per line, flushed per line; plus a human echo. */
#ifndef SIM_REQLOG_H
#define SIM_REQLOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/buf.h"

struct sim_log;

/* One request, as logged. Strings may be NULL (logged as null) and may hold any bytes: they are
   made valid UTF-8 before logging. See doc/simulator.md for the field contract. */
struct sim_log_entry {
    double time; /* epoch seconds the request arrived */
    const char *request_id;
    const char *operation; /* "StartIncident"; NULL for an unknown path */
    const char *method;
    const char *path;          /* raw path, without the query */
    const char *query;         /* raw query string; logged decoded, as an object */
    int status;                /* 0: no answer (dropped) */
    const char *error;         /* error code, NULL on success */
    const char *message;       /* error message; only its first line is logged */
    const char *signature;     /* verdict name, NULL when the request never reached the check */
    const char *access_key_id; /* as claimed; never the secret */
    const char *region;
    const char *client_token;
    const char *incident_arn;
    bool incident_created; /* this request created the incident (not an idempotent replay) */
    const char *fault;     /* "throttle", "fail", "drop", NULL */
    const json_t *body;    /* the parsed request body, NULL if none or not JSON */
    size_t body_bytes;
};

/* path NULL: no file. echo non-NULL: also a one-line human summary per request there. Returns
   NULL (and nothing in err) when neither is asked for; NULL with err set on failure. */
struct sim_log *sim_log_open(const char *path, FILE *echo, struct buf *err);
void sim_log_close(struct sim_log *l);
/* Thread-safe; a NULL log is fine. */
void sim_log_write(struct sim_log *l, const struct sim_log_entry *e);
/* A drill room's event as its own line, {"room": event} (doc/room.md). Thread-safe; a NULL log
   is fine; event is borrowed. */
void sim_log_event(struct sim_log *l, const json_t *event);

/* A deep copy of a request body with secret-looking members' values replaced by "(redacted)". */
json_t *sim_log_redact(const json_t *body);
/* A JSON string for arbitrary bytes: invalid UTF-8 becomes U+FFFD, at most max bytes kept. */
json_t *sim_log_string(const char *s, size_t max);

#endif
