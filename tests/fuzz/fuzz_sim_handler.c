/* libFuzzer harness: the simulator's request handler, with a fresh state per input.
   Input: one flag byte, then a request written like HTTP/1.1:
     "METHOD TARGET\nName: value\n...\n\nBODY"
   Flags: 0x01 sign it with the training key (X-Amz-Date added), so the input reaches the
   parsers behind the signature check; 0x02 the body was too large; 0x04 one of each fault
   pending; 0x08 --deny; 0x10 require a session token; 0x20 sign with a wrong date. Each request
   is sent twice (a retry with the same clientToken). The wire helpers get the target too. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "client/sigv4.h"
#include "core/buf.h"
#include "sim/handler.h"
#include "sim/sim.h"
#include "sim/wire.h"
#include "tests/fuzz/fuzz.h"

#define MAX_HEADERS 24
#define FUZZ_NOW    1790000000.0 /* 2026-09-21T14:13:20Z */
#define FUZZ_TOKEN  "fuzz-session-token"

static double fixed_clock(void *ctx)
{
    (void)ctx;
    return FUZZ_NOW;
}

struct parsed {
    char *method, *target;
    struct sim_header h[MAX_HEADERS + 3];
    size_t nh;
    const char *body;
    size_t body_len;
};

/* Cut the text (NUL-terminated copy of the input) into the request parts, in place. */
static void parse_request(char *text, size_t len, struct parsed *r)
{
    char *end = text + len;
    char *nl = memchr(text, '\n', len);
    char *line_end = nl ? nl : end;
    *line_end = '\0';
    char *sp = strchr(text, ' ');
    r->method = text;
    r->target = sp ? (*sp = '\0', sp + 1) : line_end;
    r->nh = 0;
    char *p = nl ? nl + 1 : end;
    while (p < end && *p != '\n') {
        char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        *e = '\0';
        char *colon = strchr(p, ':');
        if (r->nh < MAX_HEADERS) {
            if (colon) {
                *colon = '\0';
                r->h[r->nh++] = (struct sim_header){p, colon[1] == ' ' ? colon + 2 : colon + 1};
            } else {
                r->h[r->nh++] = (struct sim_header){p, ""};
            }
        }
        p = e < end ? e + 1 : end;
    }
    if (p < end && *p == '\n')
        p++;
    r->body = p < end ? p : "";
    r->body_len = p < end ? (size_t)(end - p) : 0;
}

/* Add X-Amz-Date (and the token) and sign every header given with the training key. */
static void sign(struct parsed *r, unsigned flags, char date[17], struct buf *authz)
{
    sigv4_format_date((long long)(flags & 0x20 ? FUZZ_NOW - 3600 : FUZZ_NOW), date);
    r->h[r->nh++] = (struct sim_header){"X-Amz-Date", date};
    if (flags & 0x10)
        r->h[r->nh++] = (struct sim_header){"X-Amz-Security-Token", FUZZ_TOKEN};
    struct sigv4_header sh[MAX_HEADERS + 3];
    for (size_t i = 0; i < r->nh; i++)
        sh[i] = (struct sigv4_header){r->h[i].name, r->h[i].value};
    const char *q = strchr(r->target, '?');
    char *path = q ? xstrndup(r->target, (size_t)(q - r->target)) : xstrdup(r->target);
    struct sigv4_request req = {r->method, path, q ? q + 1 : NULL, sh, r->nh, r->body, r->body_len};
    struct sigv4_params p = {SIM_TRAINING_ACCESS_KEY_ID,
                             SIM_TRAINING_SECRET_ACCESS_KEY,
                             flags & 0x10 ? FUZZ_TOKEN : NULL,
                             SIM_DEFAULT_REGION,
                             "ssm-incidents",
                             date,
                             true};
    if (sigv4_authorization(&req, &p, authz) == 0)
        r->h[r->nh++] = (struct sim_header){"Authorization", buf_cstr(authz)};
    free(path);
}

/* What every answer must look like, whatever came in. */
static void check_response(const struct sim_response *resp)
{
    if (resp->status == 0) {
        if (resp->body)
            abort();
        return;
    }
    if (resp->status < 200 || resp->status > 599 || !resp->body ||
        strlen(resp->body) != resp->body_len || strlen(resp->request_id) != 36)
        abort();
    json_t *j = json_loadb(resp->body, resp->body_len, 0, NULL);
    if (!json_is_object(j))
        abort();
    if (resp->status >= 400 &&
        (!resp->error_type[0] || !json_is_string(json_object_get(j, "message"))))
        abort();
    json_decref(j);
}

static void wire_helpers(const char *target)
{
    const char *q = strchr(target, '?');
    bool bad;
    free(sim_query_param(q ? q + 1 : target, "arn", &bad));
    free(sim_url_decode(target, strlen(target)));
    size_t off;
    sim_token_decode(target, "plans", &off);
    sim_token_decode(target, "incidents", &off);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned flags = data[0];
    char *text = fuzz_strndup(data + 1, size - 1);
    struct parsed r;
    parse_request(text, size - 1, &r);

    struct sim_credential cred = {SIM_TRAINING_ACCESS_KEY_ID, SIM_TRAINING_SECRET_ACCESS_KEY,
                                  FUZZ_TOKEN};
    struct sim_options opt = {.quiet = true, .log_file = "/dev/null"};
    if (flags & 0x04)
        opt.throttle = opt.fail = opt.drop = 1;
    opt.deny = flags & 0x08;
    if (flags & 0x10) {
        opt.credentials = &cred;
        opt.ncredentials = 1;
    }
    struct buf err = BUF_INIT;
    struct sim_handler *h = sim_handler_new(&opt, &err);
    if (!h)
        abort();
    sim_handler_set_clock(h, fixed_clock, NULL);

    char date[17];
    struct buf authz = BUF_INIT;
    if (flags & 0x01)
        sign(&r, flags, date, &authz);
    struct sim_request req = {
        r.method, r.target,   r.h,          r.nh,
        r.body,   r.body_len, flags & 0x02, flags & 0x40 ? "a fuzzed framing error" : NULL};
    for (int i = 0; i < 2; i++) {
        struct sim_response resp;
        sim_handler_handle(h, &req, &resp);
        check_response(&resp);
        sim_response_free(&resp);
    }
    free(sim_handler_incidents_json(h));
    wire_helpers(r.target);

    sim_handler_free(h);
    buf_free(&authz);
    buf_free(&err);
    free(text);
    return 0;
}
