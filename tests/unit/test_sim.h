/* Helpers for the simulator's unit tests: build, sign and send requests to the handler. */
#ifndef TESTS_UNIT_TEST_SIM_H
#define TESTS_UNIT_TEST_SIM_H

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "client/sigv4.h"
#include "core/buf.h"
#include "sim/handler.h"
#include "sim/sim.h"
#include "sim/wire.h"

/* 2026-09-21T14:13:20Z: the tests' fixed "now". */
#define TSIM_NOW 1790000000.0

static double tsim_clock_value = TSIM_NOW;

static inline double tsim_clock(void *ctx)
{
    (void)ctx;
    return tsim_clock_value;
}

/* One request to make; NULL akid sends no Authorization header. */
struct tsim_call {
    const char *method;
    const char *target;
    const char *body;
    const char *akid, *secret, *token;
    const char *region, *service; /* NULL: us-east-1, ssm-incidents */
    double when;                  /* signing time; 0: TSIM_NOW */
    bool too_large;
};

/* made, or NULL having said what could not be made and why; err is freed either way. */
static inline void *tsim_made(void *made, const char *what, struct buf *err)
{
    if (!made)
        printf("%s: %s\n", what, buf_cstr(err));
    buf_free(err);
    return made;
}

static inline struct sim_handler *tsim_handler(struct sim_options *opt)
{
    struct buf err = BUF_INIT;
    opt->quiet = true;
    struct sim_handler *h = tsim_made(sim_handler_new(opt, &err), "sim_handler_new", &err);
    if (h)
        sim_handler_set_clock(h, tsim_clock, NULL);
    return h;
}

/* A quiet simulator serving HTTP on 127.0.0.1 with opt, or NULL having said why not. */
static inline struct sim *tsim_start(struct sim_options *opt)
{
    struct buf err = BUF_INIT;
    opt->quiet = true;
    return tsim_made(sim_start(opt, &err), "sim_start", &err);
}

/* A handler with the default options: the bundled plans, the training key pair. */
static inline struct sim_handler *tsim_default(void)
{
    struct sim_options opt = {0};
    return tsim_handler(&opt);
}

/* Sign (when akid is set) and handle one request; the response is parsed into *json. */
static inline int tsim_send(struct sim_handler *h, const struct tsim_call *t,
                            struct sim_response *resp, json_t **json)
{
    char date[17];
    sigv4_format_date((long long)(t->when ? t->when : TSIM_NOW), date);
    const char *body = t->body ? t->body : "";
    struct sim_header hdrs[8];
    size_t n = 0;
    hdrs[n++] = (struct sim_header){"Host", "127.0.0.1:8080"};
    hdrs[n++] = (struct sim_header){"X-Amz-Date", date};
    if (strcmp(t->method, "POST") == 0)
        hdrs[n++] = (struct sim_header){"Content-Type", "application/json"};
    if (t->token)
        hdrs[n++] = (struct sim_header){"X-Amz-Security-Token", t->token};
    struct buf authz = BUF_INIT;
    if (t->akid) {
        struct sigv4_header sh[8];
        for (size_t i = 0; i < n; i++)
            sh[i] = (struct sigv4_header){hdrs[i].name, hdrs[i].value};
        const char *q = strchr(t->target, '?');
        char path[2048];
        snprintf(path, sizeof path, "%.*s", q ? (int)(q - t->target) : (int)strlen(t->target),
                 t->target);
        struct sigv4_request r = {t->method, path, q ? q + 1 : NULL, sh, n, body, strlen(body)};
        struct sigv4_params p = {t->akid,
                                 t->secret,
                                 t->token,
                                 t->region ? t->region : "us-east-1",
                                 t->service ? t->service : "ssm-incidents",
                                 date,
                                 true};
        /* A request the signer refuses (fuzzed methods, say) goes out unsigned. */
        if (sigv4_authorization(&r, &p, &authz) == 0)
            hdrs[n++] = (struct sim_header){"Authorization", buf_cstr(&authz)};
    }
    struct sim_request req = {t->method, t->target,    hdrs,         n,
                              body,      strlen(body), t->too_large, NULL};
    sim_handler_handle(h, &req, resp);
    buf_free(&authz);
    if (json)
        *json = resp->body ? json_loads(resp->body, 0, NULL) : NULL;
    return resp->status;
}

/* A request signed with the training key pair, to send as it is or to change first. */
static inline struct tsim_call tsim_training(const char *method, const char *target,
                                             const char *body)
{
    return (struct tsim_call){.method = method,
                              .target = target,
                              .body = body,
                              .akid = SIM_TRAINING_ACCESS_KEY_ID,
                              .secret = SIM_TRAINING_SECRET_ACCESS_KEY};
}

/* A correctly signed request with the training key pair; returns the status, *json the reply. */
static inline int tsim_do(struct sim_handler *h, const char *method, const char *target,
                          const char *body, json_t **json)
{
    struct tsim_call t = tsim_training(method, target, body);
    struct sim_response resp;
    int st = tsim_send(h, &t, &resp, json);
    sim_response_free(&resp);
    return st;
}

/* The code part of x-amzn-ErrorType ("ValidationException"). */
static inline const char *tsim_code(const struct sim_response *r, char out[128])
{
    const char *colon = strchr(r->error_type, ':');
    size_t n = colon ? (size_t)(colon - r->error_type) : strlen(r->error_type);
    snprintf(out, 128, "%.*s", (int)(n < 127 ? n : 127), r->error_type);
    return out;
}

#endif
