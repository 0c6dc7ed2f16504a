/* The simulator's answers: JSON bodies, the service's errors with their namespaces, Coral's
   validation wording, and the service's clock (milliseconds). Shared by the request pipeline
   (sim/handler.c) and the operations (sim/ops.c). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "sim/call.h"

void sim_reply_json(struct call *c, int status, json_t *body)
{
    /* Timestamps are epoch seconds with milliseconds, as the service sends them. */
    c->resp->status = status;
    c->resp->body = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(13));
    if (!c->resp->body)
        c->resp->body = xstrdup("{}");
    c->resp->body_len = strlen(c->resp->body);
    json_decref(body);
}

void sim_reply_error(struct call *c, int status, const char *code, const char *ns, json_t *extra,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = xvasprintf(fmt, ap);
    va_end(ap);
    json_t *body = json_object();
    json_object_set_new(body, "message", sim_log_string(m, 64 * 1024));
    if (extra)
        json_object_update(body, extra);
    json_decref(extra);
    snprintf(c->resp->error_type, sizeof c->resp->error_type, "%s:%s", code, ns);
    c->error_code = code;
    free(c->error_message);
    c->error_message = m;
    sim_reply_json(c, status, body);
}

/* Coral's wording for a broken constraint, which the AWS CLI prints as is. */
void sim_reply_invalid(struct call *c, const char *member, const char *value,
                       const char *constraint)
{
    json_t *shown = sim_log_string(value, 1100);
    if (value)
        sim_reply_error(c, 400, "ValidationException", NS_SERVICE, NULL,
                        "1 validation error detected: Value '%s' at '%s' failed to satisfy "
                        "constraint: %s",
                        json_string_value(shown), member, constraint);
    else
        sim_reply_error(c, 400, "ValidationException", NS_SERVICE, NULL,
                        "1 validation error detected: Value null at '%s' failed to satisfy "
                        "constraint: Member must not be null",
                        member);
    json_decref(shown);
}

double sim_handler_now(struct sim_handler *h)
{
    double t = h->clock(h->clock_ctx);
    return floor(t * 1000.0 + 0.5) / 1000.0; /* milliseconds, like the service */
}
