/* Deterministic fuzzing of the simulator without sockets: mutated and random requests (methods,
   targets, headers, Authorization, bodies), plan files and wire helpers. Fixed seed, bounded;
   the point is that nothing crashes (run it under ASan) and every answer is well-formed. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "sim/handler.h"
#include "sim/plans.h"
#include "sim/wire.h"
#include "test.h"
#include "test_sim.h"

#define ITERATIONS 10000

static uint64_t rng_state = 0x6b6c61786f6e3031ULL; /* "klaxon01" */

static uint32_t rnd(void)
{
    /* xorshift64*: small, deterministic, good enough to pick mutations */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static size_t pick(size_t n)
{
    return n ? rnd() % n : 0;
}

#define PLAN "arn:aws:ssm-incidents::111122223333:response-plan/critical-outage"

static const char *const bodies[] = {
    "{}",
    "",
    "{\"maxResults\": 2}",
    "{\"maxResults\": 2, \"nextToken\": \"cGxhbnM6Mg==\"}",
    "{\"responsePlanArn\": \"" PLAN "\"}",
    ("{\"responsePlanArn\": \"" PLAN "\", \"title\": \"Disk full\", \"impact\": 3, "
     "\"clientToken\": \"fuzz-token\"}"),
    ("{\"responsePlanArn\": \"" PLAN
     "\", \"title\": \"Checkout 500s — 決済エラー\", \"impact\": 2, "
     "\"clientToken\": \"5d1f1a2e-8c3b-4b7e-9f0a-2c6d7e8f9a0b\", \"relatedItems\": [{\"title\": "
     "\"Dash\", \"identifier\": {\"type\": \"OTHER\", \"value\": {\"url\": "
     "\"https://example.com/d?x=1\"}}}, {\"identifier\": {\"type\": \"INCIDENT\", \"value\": "
     "{\"pagerDutyIncidentDetail\": {\"id\": \"Q1\", \"secretId\": \"pd\", \"autoResolve\": "
     "true}}}}, {\"generatedId\": \"related-item/ANALYSIS/0123456789ABCDEF0123456789ABCDEF\", "
     "\"identifier\": {\"type\": \"ANALYSIS\", \"value\": {\"arn\": "
     "\"arn:aws:s3:::notes/x.md\"}}}], \"triggerDetails\": {\"source\": \"com.example\", "
     "\"timestamp\": 1790000000, \"triggerArn\": "
     "\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x\", \"rawData\": \"{}\"}}"),
    ("{\"filters\": [{\"key\": \"impact\", \"condition\": {\"equals\": {\"integerValues\": "
     "[1]}}}, {\"key\": \"creationTime\", \"condition\": {\"after\": 1}}], \"maxResults\": 5}"),
    "{\"nextToken\": \"aW5jaWRlbnRzOjA=\"}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "{\"maxResults\": 1e400, \"nextToken\": null}",
    "{\"impact\": -9223372036854775808, \"title\": 1.5e308}",
};

static const char *const targets[] = {
    "/listResponsePlans",
    "/startIncident",
    "/listIncidentRecords",
    "/getResponsePlan?arn=arn%3Aaws%3Assm-incidents%3A%3A111122223333%3Aresponse-plan%2F"
    "critical-outage",
    "/getIncidentRecord?arn=arn%3Aaws%3Assm-incidents%3A%3A111122223333%3Aincident-record%2F"
    "critical-outage%2Fx",
    "/getResponsePlan?arn=" PLAN "&arn=2&&=&x",
    "/",
    "*",
    "//startIncident/../startIncident",
    "/%00?%00=%00",
};

static const char *const methods[] = {"GET",  "POST",    "POST", "GET",         "PUT",    "DELETE",
                                      "HEAD", "OPTIONS", "",     "P\xc3\xb6ST", "GET\r\n"};

static void mutate(struct buf *b)
{
    int rounds = 1 + (int)pick(4);
    for (int r = 0; r < rounds; r++) {
        size_t at = b->len ? pick(b->len + 1) : 0;
        switch (pick(7)) {
        case 0: /* flip a byte */
            if (b->len)
                b->data[pick(b->len)] ^= (char)(1u << pick(8));
            break;
        case 1: /* truncate */
            b->len = at;
            if (b->data)
                b->data[b->len] = '\0';
            break;
        case 2: { /* insert random bytes, NUL and 0xff included */
            char tmp[16];
            size_t n = 1 + pick(sizeof tmp);
            for (size_t i = 0; i < n; i++)
                tmp[i] = (char)rnd();
            struct buf out = BUF_INIT;
            buf_append(&out, b->data ? b->data : "", at);
            buf_append(&out, tmp, n);
            buf_append(&out, b->data ? b->data + at : "", b->len - at);
            buf_free(b);
            *b = out;
            break;
        }
        case 3: { /* insert a JSON-ish token */
            static const char *const toks[] = {
                "\"",    "{",  "}",    "[", "]",   ",",   ":", "\\u0000", "\\ud800", "null",
                "1e999", "-0", "\"\\", "%", "%zz", "%25", "&", "=",       "?"};
            const char *t = toks[pick(sizeof toks / sizeof toks[0])];
            struct buf out = BUF_INIT;
            buf_append(&out, b->data ? b->data : "", at);
            buf_puts(&out, t);
            buf_append(&out, b->data ? b->data + at : "", b->len - at);
            buf_free(b);
            *b = out;
            break;
        }
        case 4: /* duplicate the tail */
            if (b->len && b->len < 4096) {
                char *copy = xstrndup(b->data + at, b->len - at);
                buf_puts(b, copy);
                free(copy);
            }
            break;
        default: /* leave it */
            break;
        }
    }
}

static void random_text(struct buf *b, size_t max)
{
    size_t n = pick(max);
    for (size_t i = 0; i < n; i++)
        buf_putc(b, (char)(1 + pick(255)));
}

static bool allowed_status(int st)
{
    static const int ok[] = {0, 200, 400, 403, 404, 405, 409, 413, 429, 500};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (st == ok[i])
            return true;
    return false;
}

/* Every answer: an allowed status, a request id, a JSON object body, an error type and a
   message exactly when it is an error. */
static int status_seen[600];

static bool well_formed(const struct sim_response *r)
{
    if (r->status >= 0 && r->status < 600)
        status_seen[r->status]++;
    if (!allowed_status(r->status))
        return false;
    if (r->status == 0)
        return r->body == NULL;
    if (strlen(r->request_id) != 36 || !r->body || strlen(r->body) != r->body_len)
        return false;
    json_t *j = json_loads(r->body, 0, NULL);
    bool ok = json_is_object(j);
    if (r->status >= 400)
        ok = ok && r->error_type[0] && json_is_string(json_object_get(j, "message"));
    else
        ok = ok && !r->error_type[0];
    json_decref(j);
    return ok;
}

/* A signed request (so mutations reach the parsers behind the signature check), or not. */
static void one_request(struct sim_handler *h, int *bad)
{
    struct buf target = BUF_INIT, body = BUF_INIT, junk = BUF_INIT, authz = BUF_INIT;
    size_t ti = pick(sizeof targets / sizeof targets[0]);
    buf_puts(&target, targets[ti]);
    buf_puts(&body, bodies[pick(sizeof bodies / sizeof bodies[0])]);
    if (pick(3) == 0)
        mutate(&target);
    if (pick(2) == 0)
        mutate(&body);
    if (pick(20) == 0) {
        buf_reset(&body);
        random_text(&body, 300);
    }
    /* Mostly the route's own method, so most requests get past routing. */
    const char *method = methods[pick(sizeof methods / sizeof methods[0])];
    if (ti < 6 && pick(4))
        method = ti < 3 ? "POST" : "GET";
    int mode = (int)pick(4); /* 0,1: signed; 2: mangled Authorization; 3: random headers */

    struct tsim_call t = {method,
                          buf_cstr(&target),
                          buf_cstr(&body),
                          SIM_TRAINING_ACCESS_KEY_ID,
                          SIM_TRAINING_SECRET_ACCESS_KEY,
                          NULL,
                          NULL,
                          NULL,
                          0,
                          pick(100) == 0};
    struct sim_response resp;
    if (mode <= 1 && strchr(buf_cstr(&target), '\0') == buf_cstr(&target) + target.len) {
        tsim_send(h, &t, &resp, NULL);
    } else {
        char date[17];
        sigv4_format_date((long long)TSIM_NOW, date);
        struct sim_header hd[6];
        size_t n = 0;
        hd[n++] = (struct sim_header){"Host", "127.0.0.1"};
        if (pick(4))
            hd[n++] = (struct sim_header){"X-Amz-Date", pick(8) ? date : "2015"};
        if (mode == 2) {
            buf_puts(&authz, "AWS4-HMAC-SHA256 Credential=" SIM_TRAINING_ACCESS_KEY_ID
                             "/20260921/us-east-1/ssm-incidents/aws4_request, "
                             "SignedHeaders=host;x-amz-date, Signature=");
            for (int i = 0; i < 64; i++)
                buf_putc(&authz, "0123456789abcdef"[pick(16)]);
            mutate(&authz);
            hd[n++] = (struct sim_header){"Authorization", buf_cstr(&authz)};
        } else {
            random_text(&junk, 200);
            hd[n++] =
                (struct sim_header){pick(2) ? "Authorization" : buf_cstr(&junk), buf_cstr(&junk)};
            hd[n++] = (struct sim_header){"X-Amz-Security-Token", buf_cstr(&junk)};
        }
        struct sim_request req = {method,   buf_cstr(&target), hd,  n, body.data ? body.data : "",
                                  body.len, t.too_large,       NULL};
        sim_handler_handle(h, &req, &resp);
    }
    if (!well_formed(&resp)) {
        if (*bad < 5)
            printf("     malformed answer %d to %s %s: %s\n", resp.status, method,
                   buf_cstr(&target), resp.body ? resp.body : "(none)");
        (*bad)++;
    }
    sim_response_free(&resp);
    buf_free(&target);
    buf_free(&body);
    buf_free(&junk);
    buf_free(&authz);
}

static void test_fuzz_handler(void)
{
    char path[256];
    snprintf(path, sizeof path, "/tmp/klx-test-sim-fuzz-%ld.jsonl", (long)getpid());
    unlink(path);
    struct sim_options opt = {.throttle = 5, .fail = 5, .drop = 5, .log_file = path};
    struct sim_handler *h = tsim_handler(&opt);
    int bad = 0;
    for (int i = 0; i < ITERATIONS; i++)
        one_request(h, &bad);
    CHECK_INT(bad, 0);
    /* The mix reaches every layer: routing, auth, parsers, validation, success. */
    printf("answers:");
    for (int st = 0; st < 600; st++)
        if (status_seen[st])
            printf(" %d x%d", st, status_seen[st]);
    printf("\n");
    CHECK(status_seen[200] > 0 && status_seen[400] > 0 && status_seen[403] > 0);
    CHECK(status_seen[404] > 0 && status_seen[405] > 0);
    CHECK(sim_handler_incident_count(h) > 0); /* the signed, valid ones got through */
    sim_handler_free(h);

    /* One parsable log line per request, whatever came in. */
    FILE *f = fopen(path, "r");
    int lines = 0, parsed = 0;
    static char line[1 << 20];
    while (f && fgets(line, sizeof line, f)) {
        lines++;
        json_t *j = json_loads(line, 0, NULL);
        parsed += json_is_object(j);
        json_decref(j);
    }
    if (f)
        fclose(f);
    CHECK_INT(lines, ITERATIONS);
    CHECK_INT(parsed, ITERATIONS);
    unlink(path);
}

static void test_fuzz_plans(void)
{
    struct sim_plans *base = sim_plans_builtin();
    char *text = sim_plans_dump(base);
    sim_plans_free(base);
    int loaded = 0;
    for (int i = 0; i < 1500; i++) {
        struct buf b = BUF_INIT, err = BUF_INIT;
        buf_puts(&b, text);
        mutate(&b);
        struct sim_plans *p = sim_plans_parse(b.data ? b.data : "", b.len, "fuzz", &err);
        if (p) {
            loaded++;
            for (size_t k = 0; k < sim_plans_count(p); k++)
                CHECK(json_is_string(json_object_get(sim_plans_at(p, k), "arn")));
        } else {
            CHECK(err.len > 0);
        }
        sim_plans_free(p);
        buf_free(&b);
        buf_free(&err);
    }
    CHECK(loaded > 0);
    free(text);
}

static void test_fuzz_helpers(void)
{
    for (int i = 0; i < 3000; i++) {
        struct buf b = BUF_INIT;
        if (pick(2)) {
            const char *kind = pick(2) ? "plans" : "incidents";
            size_t at = pick(100000), back = (size_t)-1;
            char *tok = sim_token_encode(kind, at);
            /* Before it is broken, a token reads back as what was encoded, for its kind only. */
            CHECK(sim_token_decode(tok, kind, &back) == 0 && back == at);
            CHECK(sim_token_decode(tok, strcmp(kind, "plans") ? "plans" : "incidents", &back) ==
                  -1);
            buf_puts(&b, tok);
            free(tok);
            mutate(&b);
        } else {
            random_text(&b, 80);
        }
        size_t off = 0;
        sim_token_decode(buf_cstr(&b), "plans", &off);
        char *d = sim_url_decode(buf_cstr(&b), strlen(buf_cstr(&b)));
        free(d);
        bool bad;
        char *v = sim_query_param(buf_cstr(&b), "arn", &bad);
        free(v);
        buf_free(&b);
    }
}

int main(void)
{
    RUN(test_fuzz_handler);
    RUN(test_fuzz_plans);
    RUN(test_fuzz_helpers);
    return test_summary();
}
