/* libFuzzer harness: the client's handling of service replies (client/api.c: success bodies,
   error bodies and headers, pagination, retry decisions) and what the form does with a plan
   list (session/plans.h), with no network: this file defines the HTTP layer (client/http.h) itself,
   so the linker takes it instead of client/http.o, and every "reply" comes from the input.
   Input: one byte choosing the call and the attempt limit, then replies separated by 0xff
   (never in UTF-8 JSON). A reply is "STATUS[ ERRORTYPE[ REQUESTID]]\nBODY"; a STATUS of
   "!N" is transport failure N (enum http_result). When the replies run out the connection is
   refused. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/api.h"
#include "client/http.h"
#include "session/plans.h"
#include "tests/fuzz/fuzz.h"

#define SEP 0xff

/* ---- the fake HTTP layer ---- */

static const uint8_t *g_next, *g_end; /* replies not yet served */
static int g_sent;

struct http_client {
    int unused;
};

struct http_client *http_client_new(const struct http_options *opt)
{
    (void)opt;
    return xcalloc(1, sizeof(struct http_client));
}

void http_client_free(struct http_client *h)
{
    free(h);
}

/* An empty reply: every field zero, the body an empty buffer (BUF_INIT is all zeros too). */
void http_response_init(struct http_response *r)
{
    *r = (struct http_response){.body = BUF_INIT};
}

void http_response_free(struct http_response *r)
{
    buf_free(&r->body);
    http_response_init(r);
}

/* Copy one space-separated word of the status line into out. */
static const char *take_word(const char *p, const char *end, char *out, size_t outlen)
{
    size_t n = 0;
    while (p < end && *p != ' ') {
        if (n + 1 < outlen)
            out[n++] = *p;
        p++;
    }
    out[n] = '\0';
    return p < end ? p + 1 : end;
}

enum http_result http_send(struct http_client *h, const char *method, const char *url,
                           const struct sigv4_header *headers, size_t nheaders, const void *body,
                           size_t body_len, struct http_response *resp, struct buf *err)
{
    (void)h;
    /* What api.c sends is well formed, whatever the replies were. */
    if (!method || !url || strncmp(url, "https://", 8) != 0 || (body_len && !body))
        abort();
    bool signed_ = false;
    for (size_t i = 0; i < nheaders; i++)
        signed_ |= strcmp(headers[i].name, "Authorization") == 0;
    if (!signed_)
        abort();
    g_sent++;
    http_response_free(resp);
    if (g_next >= g_end) {
        buf_puts(err, "connection refused (no more replies)");
        return HTTP_ECONNECT;
    }
    const uint8_t *stop = memchr(g_next, SEP, (size_t)(g_end - g_next));
    if (!stop)
        stop = g_end;
    const char *p = (const char *)g_next, *end = (const char *)stop;
    g_next = stop < g_end ? stop + 1 : g_end;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = nl ? nl : end;
    char status[16];
    p = take_word(p, line_end, status, sizeof status);
    if (status[0] == '!') {
        buf_puts(err, "transport failure");
        int r = atoi(status + 1);
        return r >= HTTP_ECONNECT && r <= HTTP_EOTHER ? (enum http_result)r : HTTP_ECONNECT;
    }
    resp->status = atol(status);
    p = take_word(p, line_end, resp->error_type, sizeof resp->error_type);
    take_word(p, line_end, resp->request_id, sizeof resp->request_id);
    if (nl)
        buf_append(&resp->body, nl + 1, (size_t)(end - nl - 1));
    return HTTP_OK;
}

/* ---- the harness ---- */

static int cancel_backoff(void *ctx, int next, int max, double delay, const struct api_error *e)
{
    (void)ctx;
    /* Called only between attempts, with the last failure filled in. */
    if (next < 2 || next > max || delay < 0 || !e || !e->message)
        abort();
    return 1; /* stop instead of sleeping */
}

static void use_plans(const json_t *reply)
{
    struct plan_list l = {0};
    plans_from_reply(&l, reply);
    char *recent[] = {"arn:aws:ssm-incidents::111122223333:response-plan/critical-outage"};
    plans_sort(&l, recent, 1);
    size_t *idx = xcalloc(l.n ? l.n : 1, sizeof *idx);
    static const char *const queries[] = {"", "crit", "a b", "  ", "DATABASE degraded"};
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
        if (plans_filter(&l, queries[q], idx) > l.n)
            abort();
    for (size_t i = 0; i < l.n; i++) {
        free(plans_label(&l.v[i]));
        if (!plans_find(&l, l.v[i].arn))
            abort();
    }
    free(idx);
    plans_free(&l);
}

static int call(struct klx_client *c, int which, json_t **out, struct api_error *err)
{
    static const char *const arn =
        "arn:aws:ssm-incidents::111122223333:response-plan/critical-outage";
    switch (which) {
    case 0: {
        json_t *body = json_pack("{s:s,s:s,s:i,s:s}", "responsePlanArn", arn, "title", "Fuzz",
                                 "impact", 3, "clientToken", "fuzz-token");
        int rc = api_start_incident(c, body, out, err);
        json_decref(body);
        return rc;
    }
    case 1:
        return api_list_response_plans(c, out, err);
    case 2:
        return api_list_response_plans_page(c, 5, "dG9rZW4=", out, err);
    case 3:
        return api_get_response_plan(c, arn, out, err);
    case 4:
        return api_get_incident_record(c, arn, out, err);
    default:
        return api_list_incident_records(c, out, err);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    g_next = data + 1;
    g_end = data + size;
    g_sent = 0;
    struct klx_settings s = {0};
    s.region = "us-east-1";
    s.endpoint_url = "https://127.0.0.1:8443";
    s.max_attempts = (data[0] & 0x80) ? 3 : 1;
    struct aws_creds creds = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL, 0,
                              "fuzz"};
    struct api_error err;
    struct klx_client *c = klx_client_new_with_creds(&s, &creds, &err);
    if (!c)
        abort();
    klx_client_set_progress(c, cancel_backoff, NULL);
    json_t *out = NULL;
    int which = (data[0] & 0x7f) % 6;
    int rc = call(c, which, &out, &err);
    if (rc == 0) {
        if (!json_is_object(out))
            abort(); /* success is always an object */
        if (which == 1 || which == 2)
            use_plans(out);
        json_decref(out);
    } else {
        if (out || !err.message || err.attempts < 1 || err.attempts > s.max_attempts)
            abort(); /* a failure always says what happened */
        if (rc != KLX_REFUSED && rc != KLX_UNREACHABLE && rc != KLX_NO_CREDENTIALS &&
            rc != KLX_CANCELLED)
            abort();
        api_error_clear(&err);
    }
    klx_client_free(c);
    return 0;
}
