/* The simulator's request handler without sockets: SigV4 verdicts, the five operations, wire
   format, paging, idempotency, faults, validation and the request log. */
#include <jansson.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "sim/handler.h"
#include "sim/plans.h"
#include "sim/reqlog.h"
#include "test.h"
#include "test_sim.h"

#define PLAN_ARN(n) "arn:aws:ssm-incidents::111122223333:response-plan/" n
#define Q(n)        "arn%3Aaws%3Assm-incidents%3A%3A111122223333%3Aresponse-plan%2F" n

static char *data_path(const char *rel)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", test_data_dir(), rel);
    return path;
}

static bool matches_re(const char *s, const char *pattern)
{
    regex_t re;
    if (!s || regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* Send with a full call description; returns the status and fills code (x-amzn-ErrorType's
   code) and *json. */
static int send_call(struct sim_handler *h, const struct tsim_call *t, char code[128],
                     json_t **json)
{
    struct sim_response resp;
    int st = tsim_send(h, t, &resp, json);
    tsim_code(&resp, code);
    CHECK(matches_re(resp.request_id, "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                      "[0-9a-f]{12}$"));
    sim_response_free(&resp);
    return st;
}

static char *start(struct sim_handler *h, const char *body, int *status)
{
    json_t *j = NULL;
    *status = tsim_do(h, "POST", "/startIncident", body, &j);
    const char *arn = json_string_value(json_object_get(j, "incidentRecordArn"));
    char *out = arn ? strdup(arn) : NULL;
    json_decref(j);
    return out;
}

static json_t *get_record(struct sim_handler *h, const char *arn)
{
    struct buf target = BUF_INIT;
    buf_puts(&target, "/getIncidentRecord?arn=");
    sigv4_uri_encode(&target, arn, strlen(arn), true);
    json_t *j = NULL;
    int st = tsim_do(h, "GET", buf_cstr(&target), NULL, &j);
    buf_free(&target);
    CHECK_INT(st, 200);
    json_t *rec = json_incref(json_object_get(j, "incidentRecord"));
    json_decref(j);
    return rec;
}

/* ---- the AWS CLI signer's own requests (.sreq vectors) ---- */

struct parsed {
    char method[8];
    char target[512];
    struct sim_header h[8];
    char names[8][64], values[8][300];
    size_t n;
    char *body;
};

static bool parse_sreq(const char *text, struct parsed *p)
{
    memset(p, 0, sizeof *p);
    const char *nl = strchr(text, '\n');
    if (!nl || sscanf(text, "%7s %511s", p->method, p->target) != 2)
        return false;
    const char *line = nl + 1;
    while (*line && *line != '\n' && p->n < 8) {
        nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        const char *colon = memchr(line, ':', len);
        if (!colon)
            return false;
        snprintf(p->names[p->n], 64, "%.*s", (int)(colon - line), line);
        const char *v = colon + 1;
        while (*v == ' ')
            v++;
        snprintf(p->values[p->n], 300, "%.*s", (int)(line + len - v), v);
        p->h[p->n] = (struct sim_header){p->names[p->n], p->values[p->n]};
        p->n++;
        line = nl ? nl + 1 : line + len;
    }
    p->body = strdup(*line == '\n' ? line + 1 : "");
    return true;
}

static void vectors_with(const char *token)
{
    static const char *const names[] = {"list-response-plans", "get-response-plan",
                                        "start-incident", "get-incident-record"};
    struct sim_credential key = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token};
    struct sim_options opt = {
        .credentials = &key, .ncredentials = 1, .plans_file = data_path("sim/example-plans.json")};
    struct sim_handler *h = tsim_handler(&opt);
    if (!CHECK(h != NULL))
        return;
    long long t;
    sigv4_parse_date("20150830T123600Z", &t);
    tsim_clock_value = (double)t + 60;
    for (size_t i = 0; i < 4; i++) {
        char rel[200];
        snprintf(rel, sizeof rel, "sim/vectors/%s%s.sreq", names[i],
                 token ? "-with-session-token" : "");
        char *text = test_slurp(data_path(rel), NULL);
        struct parsed p;
        if (!CHECK(text && parse_sreq(text, &p))) {
            free(text);
            continue;
        }
        struct sim_request req = {p.method, p.target,       p.h,   p.n,
                                  p.body,   strlen(p.body), false, NULL};
        struct sim_response resp;
        sim_handler_handle(h, &req, &resp);
        /* The signature is valid: the call itself decides (get-incident-record's ARN is
           unknown here, so 404). */
        int want = i == 3 ? 404 : 200;
        if (!CHECK_INT(resp.status, want))
            printf("     %s: %s\n", rel, resp.body);
        sim_response_free(&resp);

        /* One byte changed in the body or the query: the signature no longer matches. */
        if (*p.body) {
            p.body[strlen(p.body) - 2] ^= 1;
        } else if (strchr(p.target, '?')) {
            p.target[strlen(p.target) - 1] ^= 1;
        } else {
            free(p.body);
            p.body = strdup("{ }");
        }
        req.body = p.body;
        req.body_len = strlen(p.body);
        sim_handler_handle(h, &req, &resp);
        CHECK_INT(resp.status, 403);
        CHECK(strncmp(resp.error_type, "InvalidSignatureException:", 26) == 0);
        sim_response_free(&resp);
        free(p.body);
        free(text);
    }
    tsim_clock_value = TSIM_NOW;
    CHECK_INT(sim_handler_incident_count(h), 1);
    sim_handler_free(h);
}

static void test_vectors(void)
{
    vectors_with(NULL);
    vectors_with("AQoDYXdzEXAMPLETOKEN");
}

/* ---- signature verdicts ---- */

/* A handler that knows a long-term pair and a temporary one with its session token. */
static struct sim_handler *two_key_handler(void)
{
    static struct sim_credential keys[] = {
        {"AKIDPLAIN", "plain-secret", NULL},
        {"AKIDTEMP", "temp-secret", "the-session-token"},
    };
    struct sim_options opt = {.credentials = keys, .ncredentials = 2};
    return tsim_handler(&opt);
}

static void test_auth_verdicts(void)
{
    struct sim_handler *h = two_key_handler();
    char code[128];
    json_t *j = NULL;
    struct tsim_call t = {
        "POST", "/listResponsePlans", "{}", "AKIDPLAIN", "plain-secret", NULL, NULL, NULL, 0,
        false};

    CHECK_INT(send_call(h, &t, code, NULL), 200);

    t.akid = NULL; /* no Authorization at all */
    CHECK_INT(send_call(h, &t, code, &j), 403);
    CHECK_STR(code, "MissingAuthenticationTokenException");
    CHECK_STR(json_string_value(json_object_get(j, "message")), "Missing Authentication Token");
    json_decref(j);

    t.akid = "AKIDNOBODY";
    CHECK_INT(send_call(h, &t, code, &j), 403);
    CHECK_STR(code, "UnrecognizedClientException");
    CHECK_STR(json_string_value(json_object_get(j, "message")),
              "The security token included in the request is invalid.");
    json_decref(j);

    t.akid = "AKIDPLAIN";
    t.secret = "wrong-secret";
    CHECK_INT(send_call(h, &t, code, &j), 403);
    CHECK_STR(code, "InvalidSignatureException");
    const char *m = json_string_value(json_object_get(j, "message"));
    CHECK(m && strncmp(m, "The request signature we calculated does not match", 50) == 0);
    CHECK(m && strstr(m, "The Canonical String for this request should have been"));
    CHECK(m && !strstr(m, "plain-secret"));
    json_decref(j);
    t.secret = "plain-secret";

    t.when = TSIM_NOW - 16 * 60;
    CHECK_INT(send_call(h, &t, code, &j), 403);
    CHECK_STR(code, "InvalidSignatureException");
    m = json_string_value(json_object_get(j, "message"));
    CHECK(m && strncmp(m, "Signature expired:", 18) == 0);
    json_decref(j);
    t.when = TSIM_NOW + 16 * 60;
    CHECK_INT(send_call(h, &t, code, &j), 403);
    m = json_string_value(json_object_get(j, "message"));
    CHECK(m && strncmp(m, "Signature not yet current:", 26) == 0);
    json_decref(j);
    t.when = TSIM_NOW - 14 * 60; /* inside the 15-minute window */
    CHECK_INT(send_call(h, &t, code, NULL), 200);
    t.when = TSIM_NOW + 14 * 60;
    CHECK_INT(send_call(h, &t, code, NULL), 200);
    t.when = 0;

    t.service = "ssm";
    CHECK_INT(send_call(h, &t, code, &j), 403);
    CHECK_STR(code, "InvalidSignatureException");
    CHECK(strstr(json_string_value(json_object_get(j, "message")), "correct service") != NULL);
    json_decref(j);
    t.service = NULL;

    t.region = "eu-west-1"; /* any real region is accepted, and recorded */
    CHECK_INT(send_call(h, &t, code, NULL), 200);
    t.region = NULL;

    /* A key with a session token needs that token; a key without one refuses any. */
    t.akid = "AKIDTEMP";
    t.secret = "temp-secret";
    t.token = "the-session-token";
    CHECK_INT(send_call(h, &t, code, NULL), 200);
    t.token = "another-token";
    CHECK_INT(send_call(h, &t, code, NULL), 403);
    CHECK_STR(code, "UnrecognizedClientException");
    t.token = NULL;
    CHECK_INT(send_call(h, &t, code, NULL), 403);
    CHECK_STR(code, "UnrecognizedClientException");
    t.akid = "AKIDPLAIN";
    t.secret = "plain-secret";
    t.token = "unexpected";
    CHECK_INT(send_call(h, &t, code, NULL), 403);
    t.token = NULL;
    sim_handler_free(h);
}

/* Sign only the first nsign of hd[0..n) (with key AKIDTEMP or AKIDPLAIN and the scope's
   region), send all n plus the Authorization (twice when dup_authz); the message goes to msg. */
struct partial {
    const char *akid, *secret, *token, *region;
    struct sim_header hd[8];
    size_t nsign, n;
    bool dup_authz;
};

static int partial_send(struct sim_handler *h, struct partial *p, char code[128], char msg[512])
{
    char date[17];
    sigv4_format_date((long long)TSIM_NOW, date);
    struct sigv4_header sh[8];
    for (size_t i = 0; i < p->nsign; i++)
        sh[i] = (struct sigv4_header){p->hd[i].name, p->hd[i].value};
    struct sigv4_request r = {"POST", "/listResponsePlans", NULL, sh, p->nsign, "{}", 2};
    struct sigv4_params sp = {
        p->akid,         p->secret, p->token, p->region ? p->region : "us-east-1",
        "ssm-incidents", date,      true};
    struct buf authz = BUF_INIT;
    CHECK(sigv4_authorization(&r, &sp, &authz) == 0);
    struct sim_header all[10];
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        all[n++] = p->hd[i];
    all[n++] = (struct sim_header){"Authorization", buf_cstr(&authz)};
    if (p->dup_authz)
        all[n++] = (struct sim_header){"Authorization", buf_cstr(&authz)};
    struct sim_request req = {"POST", "/listResponsePlans", all, n, "{}", 2, false, NULL};
    struct sim_response resp;
    sim_handler_handle(h, &req, &resp);
    tsim_code(&resp, code);
    json_t *j = json_loads(resp.body, 0, NULL);
    snprintf(msg, 512, "%s", json_string_value(json_object_get(j, "message")) ?: "");
    json_decref(j);
    sim_response_free(&resp);
    buf_free(&authz);
    return resp.status;
}

/* As strict as the service: host, x-amz-date and a sent session token must all be signed; a
   second Authorization, X-Amz-Date or token is refused, as is a scope with no real region. */
static void test_auth_strict(void)
{
    struct sim_handler *h = two_key_handler();
    char date[17], code[128], msg[512];
    sigv4_format_date((long long)TSIM_NOW, date);
    struct sim_header host = {"Host", "127.0.0.1"}, xdate = {"X-Amz-Date", date},
                      tok = {"X-Amz-Security-Token", "the-session-token"};

    struct partial p = {"AKIDPLAIN", "plain-secret", NULL, NULL, {host, xdate}, 2, 2, false};
    CHECK_INT(partial_send(h, &p, code, msg), 200); /* the control: both signed */

    p.nsign = 1; /* X-Amz-Date sent but outside the signature */
    CHECK_INT(partial_send(h, &p, code, msg), 403);
    CHECK_STR(code, "InvalidSignatureException");
    CHECK_STR(msg, "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");

    struct partial q = {"AKIDPLAIN", "plain-secret", NULL, NULL, {xdate, host}, 1, 2, false};
    CHECK_INT(partial_send(h, &q, code, msg), 403); /* Host outside the signature */
    CHECK_STR(msg, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

    struct partial t = {"AKIDTEMP", "temp-secret", "the-session-token", NULL, {host, xdate, tok}, 3,
                        3,          false};
    CHECK_INT(partial_send(h, &t, code, msg), 200);
    t.nsign = 2; /* the session token sent but not signed */
    CHECK_INT(partial_send(h, &t, code, msg), 403);
    CHECK_STR(code, "InvalidSignatureException");
    CHECK_STR(msg, "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
    t.nsign = 3;
    t.hd[3] = tok; /* the token twice: read as "tok,tok", which is not the token */
    t.n = 4;
    CHECK_INT(partial_send(h, &t, code, msg), 403);
    CHECK_STR(code, "UnrecognizedClientException");

    p.nsign = 2;
    p.hd[2] = xdate; /* X-Amz-Date twice, even the same value */
    p.n = 3;
    CHECK_INT(partial_send(h, &p, code, msg), 400);
    CHECK_STR(code, "IncompleteSignatureException");
    CHECK(strncmp(msg, "Date must be in ISO-8601 'basic format'.", 40) == 0);
    p.n = 2;
    p.dup_authz = true; /* Authorization twice, even the same value */
    CHECK_INT(partial_send(h, &p, code, msg), 400);
    CHECK_STR(code, "IncompleteSignatureException");
    p.dup_authz = false;

    static const char *const bad_regions[] = {"moon",       "US-EAST-1",  "us-east",
                                              "us--east-1", "-us-east-1", "us_east_1"};
    for (size_t i = 0; i < sizeof bad_regions / sizeof bad_regions[0]; i++) {
        p.region = bad_regions[i];
        int st = partial_send(h, &p, code, msg);
        char want[128];
        snprintf(want, sizeof want, "Credential should be scoped to a valid region, not '%s'.",
                 bad_regions[i]);
        CHECK(st == 403 && strcmp(code, "InvalidSignatureException") == 0 &&
              strcmp(msg, want) == 0);
    }
    p.region = "us-gov-west-1";
    CHECK_INT(partial_send(h, &p, code, msg), 200);
    sim_handler_free(h);
}

/* Hand-made Authorization headers: garbage, missing dates, mismatched scopes. */
static char raw_message[4096];

static int raw_auth(struct sim_handler *h, const char *authz, const char *date, char code[128])
{
    struct sim_header hd[3] = {
        {"Host", "127.0.0.1"}, {"Authorization", authz}, {"X-Amz-Date", date}};
    struct sim_request req = {"POST", "/listResponsePlans", hd, date ? 3 : 2, "{}", 2, false, NULL};
    struct sim_response resp;
    sim_handler_handle(h, &req, &resp);
    tsim_code(&resp, code);
    json_t *j = json_loads(resp.body, 0, NULL);
    CHECK(json_is_string(json_object_get(j, "message")));
    snprintf(raw_message, sizeof raw_message, "%s",
             json_string_value(json_object_get(j, "message")));
    json_decref(j);
    sim_response_free(&resp);
    return resp.status;
}

static void test_auth_garbage(void)
{
    struct sim_handler *h = tsim_default();
    char code[128];
    const char *good_scope = "AWS4-HMAC-SHA256 Credential=" SIM_TRAINING_ACCESS_KEY_ID
                             "/20260921/us-east-1/ssm-incidents/aws4_request, "
                             "SignedHeaders=host;x-amz-date, Signature=";
    char sig[300];
    snprintf(sig, sizeof sig, "%s%064d", good_scope, 0);

    CHECK_INT(raw_auth(h, "garbage", "20260921T141320Z", code), 400);
    CHECK_STR(code, "IncompleteSignatureException");
    CHECK_INT(raw_auth(h, "AWS4-HMAC-SHA256", "20260921T141320Z", code), 400);
    CHECK_INT(raw_auth(h, "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
                       "20260921T141320Z", code),
              400);
    CHECK_INT(raw_auth(h, "\x01\xff\xfe binary", "20260921T141320Z", code), 400);
    CHECK_INT(raw_auth(h, sig, NULL, code), 400); /* no X-Amz-Date */
    CHECK_STR(code, "IncompleteSignatureException");
    CHECK_INT(raw_auth(h, sig, "yesterday", code), 400);
    CHECK_INT(raw_auth(h, sig, "20260921T141320Z", code), 403); /* all zeros */
    CHECK_STR(code, "InvalidSignatureException");
    CHECK(strncmp(raw_message, "The request signature we calculated", 35) == 0);
    CHECK_INT(raw_auth(h, sig, "20260922T141320Z", code), 403); /* a day off: expired */
    CHECK(strncmp(raw_message, "Signature not yet current", 25) == 0);

    /* The scope's date must be X-Amz-Date's date. */
    long long t;
    sigv4_parse_date("20260921T235959Z", &t);
    tsim_clock_value = (double)t;
    char other[300];
    snprintf(other, sizeof other,
             "AWS4-HMAC-SHA256 Credential=" SIM_TRAINING_ACCESS_KEY_ID
             "/20260922/us-east-1/ssm-incidents/aws4_request, SignedHeaders=host;x-amz-date, "
             "Signature=%064d",
             0);
    CHECK_INT(raw_auth(h, other, "20260921T235959Z", code), 403);
    CHECK(strncmp(raw_message, "Date in Credential scope does not match", 39) == 0);
    tsim_clock_value = TSIM_NOW;

    /* Host must be signed; a signed header must have arrived. */
    snprintf(other, sizeof other,
             "AWS4-HMAC-SHA256 Credential=" SIM_TRAINING_ACCESS_KEY_ID
             "/20260921/us-east-1/ssm-incidents/aws4_request, SignedHeaders=x-amz-date, "
             "Signature=%064d",
             0);
    CHECK_INT(raw_auth(h, other, "20260921T141320Z", code), 403);
    CHECK(strstr(raw_message, "'Host'") != NULL);
    snprintf(other, sizeof other,
             "AWS4-HMAC-SHA256 Credential=" SIM_TRAINING_ACCESS_KEY_ID
             "/20260921/us-east-1/ssm-incidents/aws4_request, "
             "SignedHeaders=host;x-amz-date;x-custom, Signature=%064d",
             0);
    CHECK_INT(raw_auth(h, other, "20260921T141320Z", code), 403);
    CHECK_STR(code, "InvalidSignatureException");
    CHECK(strstr(raw_message, "signed header 'x-custom' is not in the request") != NULL);
    CHECK_INT(sim_handler_incident_count(h), 0);
    sim_handler_free(h);
}

/* ---- routing and wire format ---- */

static void test_routes(void)
{
    struct sim_handler *h = tsim_default();
    char code[128];
    json_t *j = NULL;
    struct tsim_call t = tsim_training("POST", "/nope", "{}");
    CHECK_INT(send_call(h, &t, code, &j), 404);
    CHECK_STR(code, "UnknownOperationException");
    CHECK(json_is_string(json_object_get(j, "message")));
    json_decref(j);

    t = tsim_training("GET", "/startIncident", NULL);
    struct sim_response resp;
    CHECK_INT(tsim_send(h, &t, &resp, &j), 405);
    CHECK_STR(resp.allow, "POST");
    CHECK(strncmp(resp.error_type, "MethodNotAllowedException:", 26) == 0);
    sim_response_free(&resp);
    json_decref(j);

    t = tsim_training("DELETE", "/getResponsePlan?arn=x", NULL);
    CHECK_INT(send_call(h, &t, code, NULL), 405);
    t = tsim_training("POST", "/", "{}");
    CHECK_INT(send_call(h, &t, code, NULL), 404);
    t = tsim_training("POST", "/listResponsePlans/", "{}");
    CHECK_INT(send_call(h, &t, code, NULL), 404);

    /* An empty POST body is an empty input, as the service takes it. */
    t = tsim_training("POST", "/listResponsePlans", "");
    CHECK_INT(send_call(h, &t, code, NULL), 200);

    t = tsim_training("POST", "/listResponsePlans", "{}");
    t.too_large = true;
    CHECK_INT(send_call(h, &t, code, NULL), 413);
    CHECK_STR(code, "RequestEntityTooLargeException");

    /* Service errors carry the service's namespace after the code, like the real front end. */
    t = tsim_training("POST", "/startIncident", "{}");
    CHECK_INT(tsim_send(h, &t, &resp, NULL), 400);
    CHECK(strstr(resp.error_type, "ValidationException:http://internal.amazon.com/coral/") ==
          resp.error_type);
    sim_response_free(&resp);
    sim_handler_free(h);
}

/* ---- ListResponsePlans / GetResponsePlan ---- */

static void test_list_plans_paging(void)
{
    struct sim_handler *h = tsim_default();
    json_t *j = NULL;
    CHECK_INT(tsim_do(h, "POST", "/listResponsePlans", "{\"maxResults\": 2}", &j), 200);
    json_t *items = json_object_get(j, "responsePlanSummaries");
    CHECK_INT(json_array_size(items), 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(items, 0), "arn")),
              PLAN_ARN("critical-outage"));
    CHECK_STR(json_string_value(json_object_get(json_array_get(items, 0), "name")),
              "critical-outage");
    CHECK(json_is_string(json_object_get(json_array_get(items, 0), "displayName")));
    const char *tok = json_string_value(json_object_get(j, "nextToken"));
    CHECK(tok != NULL);
    char body[512];
    snprintf(body, sizeof body, "{\"maxResults\": 2, \"nextToken\": \"%s\"}", tok ? tok : "");
    json_decref(j);
    CHECK_INT(tsim_do(h, "POST", "/listResponsePlans", body, &j), 200);
    CHECK_INT(json_array_size(json_object_get(j, "responsePlanSummaries")), 2);
    tok = json_string_value(json_object_get(j, "nextToken"));
    snprintf(body, sizeof body, "{\"maxResults\": 2, \"nextToken\": \"%s\"}", tok ? tok : "");
    json_decref(j);
    CHECK_INT(tsim_do(h, "POST", "/listResponsePlans", body, &j), 200);
    CHECK_INT(json_array_size(json_object_get(j, "responsePlanSummaries")), 1);
    CHECK(json_object_get(j, "nextToken") == NULL);
    json_decref(j);

    CHECK_INT(tsim_do(h, "POST", "/listResponsePlans", "{}", &j), 200);
    CHECK_INT(json_array_size(json_object_get(j, "responsePlanSummaries")), 5);
    CHECK(json_object_get(j, "nextToken") == NULL);
    json_decref(j);

    static const char *const bad[] = {
        "{\"maxResults\": 0}",
        "{\"maxResults\": 101}",
        "{\"maxResults\": \"2\"}",
        "{\"maxResults\": 2.5}",
        "{\"nextToken\": \"garbage\"}",
        "{\"nextToken\": \"cGxhbnM6OTk=\"}",     /* plans:99 */
        "{\"nextToken\": \"aW5jaWRlbnRzOjE=\"}", /* incidents:1 */
        "{\"nextToken\": 5}",
        "[]",
        "{\"maxResults\": 2",
        "null",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int st = tsim_do(h, "POST", "/listResponsePlans", bad[i], &j);
        if (!CHECK_INT(st, 400))
            printf("     body: %s\n", bad[i]);
        CHECK(json_is_string(json_object_get(j, "message")));
        json_decref(j);
    }
    CHECK_INT(tsim_do(h, "POST", "/listResponsePlans", "{\"maxResults\": 0}", &j), 400);
    CHECK_STR(json_string_value(json_object_get(j, "message")),
              "1 validation error detected: Value '0' at 'maxResults' failed to satisfy "
              "constraint: Member must have value greater than or equal to 1");
    json_decref(j);
    sim_handler_free(h);
}

static void test_synthetic_paging(void)
{
    struct sim_options opt = {.synthetic_plans = 10000};
    struct sim_handler *h = tsim_handler(&opt);
    char *tok = NULL;
    size_t seen = 0, pages = 0;
    bool in_order = true;
    do {
        char body[512];
        if (tok)
            snprintf(body, sizeof body, "{\"maxResults\": 100, \"nextToken\": \"%s\"}", tok);
        else
            snprintf(body, sizeof body, "{\"maxResults\": 100}");
        free(tok);
        tok = NULL;
        json_t *j = NULL;
        if (!CHECK_INT(tsim_do(h, "POST", "/listResponsePlans", body, &j), 200))
            break;
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(j, "responsePlanSummaries"), i, it)
        {
            char want[64];
            snprintf(want, sizeof want, "synthetic-plan-%06zu", seen + 1);
            in_order =
                in_order && strcmp(json_string_value(json_object_get(it, "name")), want) == 0;
            seen++;
        }
        const char *t = json_string_value(json_object_get(j, "nextToken"));
        tok = t ? strdup(t) : NULL;
        json_decref(j);
        pages++;
    } while (tok && pages < 200);
    free(tok);
    CHECK_INT(seen, 10000);
    CHECK_INT(pages, 100);
    CHECK(in_order);
    json_t *j = NULL;
    CHECK_INT(tsim_do(h, "GET", "/getResponsePlan?arn=" Q("synthetic-plan-009999"), NULL, &j), 200);
    CHECK_STR(json_string_value(json_object_get(json_object_get(j, "incidentTemplate"), "title")),
              "Synthetic incident 9999");
    json_decref(j);
    sim_handler_free(h);
}

static void test_get_response_plan(void)
{
    struct sim_handler *h = tsim_default();
    json_t *j = NULL;
    CHECK_INT(tsim_do(h, "GET", "/getResponsePlan?arn=" Q("critical-outage"), NULL, &j), 200);
    CHECK_STR(json_string_value(json_object_get(j, "arn")), PLAN_ARN("critical-outage"));
    CHECK_STR(json_string_value(json_object_get(j, "name")), "critical-outage");
    CHECK(json_is_string(json_object_get(j, "displayName")));
    json_t *tmpl = json_object_get(j, "incidentTemplate");
    CHECK(json_is_string(json_object_get(tmpl, "title")));
    CHECK_INT(json_integer_value(json_object_get(tmpl, "impact")), 1);
    CHECK(json_is_string(json_object_get(tmpl, "summary")));
    CHECK(json_is_string(json_object_get(tmpl, "dedupeString")));
    CHECK(json_is_array(json_object_get(tmpl, "notificationTargets")));
    CHECK(json_is_object(json_object_get(tmpl, "incidentTags")));
    CHECK(json_is_array(json_object_get(json_object_get(j, "chatChannel"), "chatbotSns")));
    CHECK_INT(json_array_size(json_object_get(j, "engagements")), 2);
    CHECK(json_is_string(json_object_get(
        json_object_get(json_array_get(json_object_get(j, "actions"), 0), "ssmAutomation"),
        "documentName")));
    CHECK(json_is_object(json_object_get(json_array_get(json_object_get(j, "integrations"), 0),
                                         "pagerDutyConfiguration")));
    json_decref(j);

    /* Unescaped ARNs in the query work too (lenient like the service front end). */
    CHECK_INT(tsim_do(h, "GET", "/getResponsePlan?arn=" PLAN_ARN("minor-bug"), NULL, &j), 200);
    json_decref(j);

    struct sim_response resp;
    struct tsim_call t = tsim_training("GET", "/getResponsePlan?arn=" Q("no-such-plan"), NULL);
    CHECK_INT(tsim_send(h, &t, &resp, &j), 404);
    CHECK(strncmp(resp.error_type, "ResourceNotFoundException:", 26) == 0);
    CHECK_STR(json_string_value(json_object_get(j, "resourceType")), "RESPONSE_PLAN");
    CHECK_STR(json_string_value(json_object_get(j, "resourceIdentifier")),
              PLAN_ARN("no-such-plan"));
    sim_response_free(&resp);
    json_decref(j);

    CHECK_INT(tsim_do(h, "GET", "/getResponsePlan", NULL, &j), 400);
    CHECK_STR(json_string_value(json_object_get(j, "message")),
              "1 validation error detected: Value null at 'arn' failed to satisfy constraint: "
              "Member must not be null");
    json_decref(j);
    CHECK_INT(tsim_do(h, "GET", "/getResponsePlan?arn=not-an-arn", NULL, &j), 400);
    CHECK(strstr(json_string_value(json_object_get(j, "message")), "regular expression") != NULL);
    json_decref(j);
    CHECK_INT(tsim_do(h, "GET", "/getResponsePlan?arn=%zz", NULL, &j), 400);
    json_decref(j);
    CHECK_INT(tsim_do(h, "GET", "/getResponsePlan?arn=arn%00x", NULL, &j), 400);
    json_decref(j);
    CHECK_INT(tsim_do(h, "GET", "/getResponsePlan?arn=%FF%FE", NULL, &j), 400);
    CHECK(json_is_string(json_object_get(j, "message")));
    json_decref(j);
    sim_handler_free(h);
}

/* ---- StartIncident / GetIncidentRecord / ListIncidentRecords ---- */

static void test_start_and_get(void)
{
    struct sim_handler *h = tsim_default();
    int st;
    char *arn = start(h,
                      "{\"responsePlanArn\": \"" PLAN_ARN(
                          "critical-outage") "\", \"title\": "
                                             "\"Checkout down\", \"clientToken\": \"t-1\"}",
                      &st);
    CHECK_INT(st, 200);
    CHECK(matches_re(arn, "^arn:aws:ssm-incidents::111122223333:incident-record/critical-outage/"
                          "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    json_t *rec = arn ? get_record(h, arn) : NULL;
    CHECK_STR(json_string_value(json_object_get(rec, "arn")), arn);
    CHECK_STR(json_string_value(json_object_get(rec, "status")), "OPEN");
    CHECK_STR(json_string_value(json_object_get(rec, "title")), "Checkout down");
    CHECK_INT(json_integer_value(json_object_get(rec, "impact")), 1); /* the template's */
    CHECK_STR(json_string_value(json_object_get(rec, "dedupeString")), "critical-outage");
    CHECK(json_is_string(json_object_get(rec, "summary")));
    CHECK(json_real_value(json_object_get(rec, "creationTime")) == TSIM_NOW);
    CHECK(json_real_value(json_object_get(rec, "lastModifiedTime")) == TSIM_NOW);
    CHECK_STR(json_string_value(json_object_get(rec, "lastModifiedBy")),
              "arn:aws:iam::111122223333:user/klaxon-trainee");
    json_t *src = json_object_get(rec, "incidentRecordSource");
    CHECK_STR(json_string_value(json_object_get(src, "source")), "aws.ssm-incidents.custom");
    CHECK_STR(json_string_value(json_object_get(src, "createdBy")),
              "arn:aws:iam::111122223333:user/klaxon-trainee");
    CHECK(json_object_get(src, "resourceArn") == NULL);
    CHECK(json_is_array(json_object_get(json_object_get(rec, "chatChannel"), "chatbotSns")));
    CHECK_INT(json_array_size(json_object_get(rec, "notificationTargets")), 1);
    CHECK(matches_re(
        json_string_value(json_object_get(
            json_array_get(json_object_get(rec, "automationExecutions"), 0), "ssmExecutionArn")),
        "^arn:aws:ssm:us-east-1:111122223333:automation-execution/"));
    json_decref(rec);

    /* The request's impact wins; trigger details set the source and resource. */
    char *arn2 =
        start(h,
              "{\"responsePlanArn\": \"" PLAN_ARN(
                  "minor-bug") "\", \"impact\": 3, "
                               "\"triggerDetails\": {\"source\": \"cloudwatch\", \"timestamp\": "
                               "1790000000, \"triggerArn\": \"arn:aws:cloudwatch:us-east-1:"
                               "111122223333:alarm:high-cpu\"}}",
              &st);
    CHECK_INT(st, 200);
    rec = arn2 ? get_record(h, arn2) : NULL;
    CHECK_STR(json_string_value(json_object_get(rec, "title")), "Minor defect");
    CHECK_INT(json_integer_value(json_object_get(rec, "impact")), 3);
    src = json_object_get(rec, "incidentRecordSource");
    CHECK_STR(json_string_value(json_object_get(src, "source")), "cloudwatch");
    CHECK_STR(json_string_value(json_object_get(src, "resourceArn")),
              "arn:aws:cloudwatch:us-east-1:111122223333:alarm:high-cpu");
    CHECK(matches_re(json_string_value(json_object_get(rec, "dedupeString")),
                     "^[0-9a-f-]{36}$")); /* the plan has none: generated */
    CHECK_INT(json_array_size(json_object_get(rec, "automationExecutions")), 0);
    CHECK_INT(json_array_size(json_object_get(rec, "notificationTargets")), 0);
    CHECK(json_object_get(rec, "chatChannel") == NULL);
    json_decref(rec);

    /* Unknown record. */
    json_t *j = NULL;
    CHECK_INT(tsim_do(h, "GET",
                      "/getIncidentRecord?arn=arn%3Aaws%3Assm-incidents%3A%3A111122223333%3A"
                      "incident-record%2Fx%2Fy",
                      NULL, &j),
              404);
    CHECK_STR(json_string_value(json_object_get(j, "resourceType")), "INCIDENT_RECORD");
    json_decref(j);

    char *list = sim_handler_incidents_json(h);
    json_t *l = json_loads(list, 0, NULL);
    CHECK_INT(json_array_size(l), 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(l, 0), "title")), "Checkout down");
    CHECK(json_is_number(json_object_get(json_array_get(l, 1), "creationTime")));
    CHECK_INT(json_integer_value(json_object_get(json_array_get(l, 1), "impact")), 3);
    json_decref(l);
    free(list);
    free(arn);
    free(arn2);
    sim_handler_free(h);
}

static void test_idempotency(void)
{
    struct sim_handler *h = tsim_default();
    int st;
    const char *a = "{\"responsePlanArn\": \"" PLAN_ARN(
        "payments-latency") "\", \"title\": "
                            "\"Slow\", \"impact\": 3, \"clientToken\": \"tok-A\"}";
    /* The same request with members in another order and other spacing. */
    const char *a2 = "{\"clientToken\":\"tok-A\",\"impact\":3,\"title\":\"Slow\","
                     "\"responsePlanArn\":\"" PLAN_ARN("payments-latency") "\"}";
    const char *b = "{\"responsePlanArn\": \"" PLAN_ARN(
        "payments-latency") "\", \"title\": "
                            "\"Slower\", \"impact\": 3, \"clientToken\": \"tok-A\"}";
    char *x = start(h, a, &st);
    CHECK_INT(st, 200);
    char *y = start(h, a, &st);
    CHECK_INT(st, 200);
    char *z = start(h, a2, &st);
    CHECK_INT(st, 200);
    CHECK(x && y && z && strcmp(x, y) == 0 && strcmp(x, z) == 0);
    CHECK_INT(sim_handler_incident_count(h), 1);

    json_t *j = NULL;
    struct sim_response resp;
    struct tsim_call t = tsim_training("POST", "/startIncident", b);
    CHECK_INT(tsim_send(h, &t, &resp, &j), 409);
    CHECK(strncmp(resp.error_type, "ConflictException:", 18) == 0);
    CHECK_STR(json_string_value(json_object_get(j, "resourceIdentifier")), x);
    sim_response_free(&resp);
    json_decref(j);
    CHECK_INT(sim_handler_incident_count(h), 1);

    /* No token: every call is a new incident. */
    const char *n = "{\"responsePlanArn\": \"" PLAN_ARN("minor-bug") "\"}";
    char *p = start(h, n, &st);
    char *q = start(h, n, &st);
    CHECK(p && q && strcmp(p, q) != 0);
    CHECK_INT(sim_handler_incident_count(h), 3);
    free(x);
    free(y);
    free(z);
    free(p);
    free(q);
    sim_handler_free(h);
}

static void test_start_validation(void)
{
    struct sim_handler *h = tsim_default();
    json_t *j = NULL;
    char long_title[400];
    snprintf(long_title, sizeof long_title,
             "{\"responsePlanArn\": \"" PLAN_ARN("minor-bug") "\", \"title\": \"%0250d\"}", 7);
    CHECK_INT(tsim_do(h, "POST", "/startIncident", long_title, &j), 400);
    const char *m = json_string_value(json_object_get(j, "message"));
    CHECK(m && strstr(m, "1 validation error detected") && strstr(m, "title"));
    json_decref(j);

    CHECK_INT(tsim_do(h, "POST", "/startIncident", "{\"title\": \"x\"}", &j), 400);
    m = json_string_value(json_object_get(j, "message"));
    CHECK(m && strstr(m, "responsePlanArn"));
    json_decref(j);

    CHECK_INT(tsim_do(h, "POST", "/startIncident",
                      "{\"responsePlanArn\": \"" PLAN_ARN("minor-bug") "\", \"impact\": 9, "
                                                                       "\"title\": 5}",
                      &j),
              400);
    m = json_string_value(json_object_get(j, "message"));
    CHECK(m && strstr(m, "2 validation errors detected") && strstr(m, "impact") &&
          strstr(m, "title"));
    json_decref(j);

    CHECK_INT(tsim_do(h, "POST", "/startIncident",
                      "{\"responsePlanArn\": \"" PLAN_ARN("no-such-plan") "\"}", &j),
              404);
    CHECK_STR(json_string_value(json_object_get(j, "resourceType")), "RESPONSE_PLAN");
    json_decref(j);

    struct sim_response resp;
    static const char *const broken[] = {"{",
                                         "[1,2]",
                                         "\"text\"",
                                         "{\"title\": \"\xff\xfe\"}",
                                         "{\"a\":1}garbage",
                                         "{\"title\": \"a\\u0000b\"}"};
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        struct tsim_call t = tsim_training("POST", "/startIncident", broken[i]);
        CHECK_INT(tsim_send(h, &t, &resp, &j), 400);
        CHECK(strncmp(resp.error_type, "SerializationException:", 23) == 0);
        CHECK(json_is_string(json_object_get(j, "message")));
        sim_response_free(&resp);
        json_decref(j);
    }
    CHECK_INT(sim_handler_incident_count(h), 0);
    sim_handler_free(h);
}

static void test_list_incident_records(void)
{
    struct sim_handler *h = tsim_default();
    int st;
    char *arns[3];
    static const char *const plans[] = {PLAN_ARN("minor-bug"), PLAN_ARN("payments-latency"),
                                        PLAN_ARN("critical-outage")};
    for (int i = 0; i < 3; i++) {
        char body[300];
        snprintf(body, sizeof body, "{\"responsePlanArn\": \"%s\", \"title\": \"n%d\"}", plans[i],
                 i);
        tsim_clock_value = TSIM_NOW + i;
        arns[i] = start(h, body, &st);
    }
    tsim_clock_value = TSIM_NOW;
    json_t *j = NULL;
    CHECK_INT(tsim_do(h, "POST", "/listIncidentRecords", "{\"maxResults\": 2}", &j), 200);
    json_t *items = json_object_get(j, "incidentRecordSummaries");
    CHECK_INT(json_array_size(items), 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(items, 0), "arn")), arns[2]);
    CHECK_STR(json_string_value(json_object_get(json_array_get(items, 1), "arn")), arns[1]);
    CHECK(json_is_object(json_object_get(json_array_get(items, 0), "incidentRecordSource")));
    CHECK(json_object_get(json_array_get(items, 0), "summary") == NULL);
    char body[300];
    snprintf(body, sizeof body, "{\"maxResults\": 2, \"nextToken\": \"%s\"}",
             json_string_value(json_object_get(j, "nextToken")));
    json_decref(j);
    /* A new incident between pages does not shift the next page. */
    char *extra = start(h, "{\"responsePlanArn\": \"" PLAN_ARN("minor-bug") "\"}", &st);
    CHECK_INT(tsim_do(h, "POST", "/listIncidentRecords", body, &j), 200);
    items = json_object_get(j, "incidentRecordSummaries");
    CHECK_INT(json_array_size(items), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(items, 0), "arn")), arns[0]);
    CHECK(json_object_get(j, "nextToken") == NULL);
    json_decref(j);

    /* Filters: the body, the status, how many records match (-1: refused, none listed). */
    static const struct {
        int line;
        const char *body;
        int status, count;
    } filters[] = {
        {__LINE__,
         "{\"filters\": [{\"key\": \"impact\", \"condition\": {\"equals\": "
         "{\"integerValues\": [1, 3]}}}]}",
         200, 2},
        {__LINE__,
         "{\"filters\": [{\"key\": \"creationTime\", \"condition\": {\"after\": "
         "1790000000.5}}, {\"key\": \"status\", \"condition\": {\"equals\": "
         "{\"stringValues\": [\"OPEN\"]}}}]}",
         200, 2},
        {__LINE__, "{\"filters\": [{\"key\": \"colour\", \"condition\": {}}]}", 400, -1},
        {__LINE__, "{\"filters\": 7}", 400, -1},
    };
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        CHECK_INT_AT(filters[i].line,
                     tsim_do(h, "POST", "/listIncidentRecords", filters[i].body, &j),
                     filters[i].status);
        if (filters[i].count >= 0)
            CHECK_INT_AT(filters[i].line,
                         json_array_size(json_object_get(j, "incidentRecordSummaries")),
                         filters[i].count);
        json_decref(j);
    }
    for (int i = 0; i < 3; i++)
        free(arns[i]);
    free(extra);
    sim_handler_free(h);
}

/* ---- faults, deny ---- */

static char *log_path(void)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/klx-test-sim-%ld.jsonl", (long)getpid());
    unlink(path);
    return path;
}

static json_t *read_log(const char *path)
{
    json_t *lines = json_array();
    FILE *f = fopen(path, "r");
    char line[1 << 16];
    while (f && fgets(line, sizeof line, f)) {
        json_t *j = json_loads(line, 0, NULL);
        CHECK(j != NULL);
        if (j)
            json_array_append_new(lines, j);
    }
    if (f)
        fclose(f);
    return lines;
}

static void test_faults(void)
{
    char *path = log_path();
    struct sim_options opt = {.throttle = 2, .fail = 1, .drop = 1, .log_file = path};
    struct sim_handler *h = tsim_handler(&opt);
    const char *body = "{\"responsePlanArn\": \"" PLAN_ARN("minor-bug") "\", \"clientToken\": "
                                                                        "\"retry-me\"}";
    char code[128];
    json_t *j = NULL;
    struct tsim_call t = tsim_training("POST", "/startIncident", body);
    /* Faults apply to StartIncident only. */
    CHECK_INT(tsim_do(h, "POST", "/listResponsePlans", "{}", NULL), 200);
    CHECK_INT(send_call(h, &t, code, &j), 429);
    CHECK_STR(code, "ThrottlingException");
    CHECK_STR(json_string_value(json_object_get(j, "serviceCode")), "ssm-incidents");
    CHECK(json_is_string(json_object_get(j, "quotaCode")));
    json_decref(j);
    CHECK_INT(send_call(h, &t, code, NULL), 429);
    CHECK_INT(send_call(h, &t, code, NULL), 500);
    CHECK_STR(code, "InternalServerException");
    struct sim_response resp;
    CHECK_INT(tsim_send(h, &t, &resp, NULL), 0); /* dropped: no answer at all */
    CHECK(resp.body == NULL);
    sim_response_free(&resp);
    CHECK_INT(sim_handler_incident_count(h), 0);
    CHECK_INT(send_call(h, &t, code, NULL), 200);
    CHECK_INT(send_call(h, &t, code, NULL), 200);
    CHECK_INT(sim_handler_incident_count(h), 1);
    sim_handler_free(h);

    json_t *log = read_log(path);
    CHECK_INT(json_array_size(log), 7);
    static const char *const faults[] = {NULL, "throttle", "throttle", "fail", "drop", NULL, NULL};
    static const int status[] = {200, 429, 429, 500, 0, 200, 200};
    int created = 0;
    for (size_t i = 0; i < json_array_size(log) && i < 7; i++) {
        json_t *e = json_array_get(log, i);
        CHECK_STR(json_string_value(json_object_get(e, "attempt_fault")), faults[i]);
        CHECK_INT(json_integer_value(json_object_get(e, "status")), status[i]);
        CHECK_STR(json_string_value(json_object_get(e, "signature")), "valid");
        if (i > 0)
            CHECK_STR(json_string_value(json_object_get(e, "client_token")), "retry-me");
        created += json_is_true(json_object_get(e, "incident_created"));
    }
    CHECK(json_is_null(json_object_get(json_array_get(log, 4), "status")));
    CHECK(json_is_string(json_object_get(json_array_get(log, 6), "incident_arn")));
    CHECK_INT(created, 1);
    json_decref(log);
    unlink(path);
}

static void test_deny(void)
{
    struct sim_options opt = {.deny = true};
    struct sim_handler *h = tsim_handler(&opt);
    char code[128];
    json_t *j = NULL;
    struct tsim_call t = tsim_training("POST", "/startIncident",
                                       "{\"responsePlanArn\": \"" PLAN_ARN("minor-bug") "\"}");
    CHECK_INT(send_call(h, &t, code, &j), 403);
    CHECK_STR(code, "AccessDeniedException");
    const char *m = json_string_value(json_object_get(j, "message"));
    CHECK(m && strstr(m, "is not authorized to perform: ssm-incidents:StartIncident"));
    json_decref(j);
    t = tsim_training("GET", "/getResponsePlan?arn=" Q("minor-bug"), NULL);
    CHECK_INT(send_call(h, &t, code, NULL), 403);
    t = tsim_training("POST", "/listResponsePlans", "{}");
    CHECK_INT(send_call(h, &t, code, NULL), 403);
    /* Authentication still comes first. */
    t.secret = "wrong";
    CHECK_INT(send_call(h, &t, code, NULL), 403);
    CHECK_STR(code, "InvalidSignatureException");
    CHECK_INT(sim_handler_incident_count(h), 0);
    sim_handler_free(h);
}

struct delayed {
    struct sim_handler *h;
    int status;
};

static void *delayed_call(void *arg)
{
    struct delayed *d = arg;
    d->status = tsim_do(d->h, "POST", "/listResponsePlans", "{}", NULL);
    return NULL;
}

static void test_delay(void)
{
    struct sim_options opt = {.delay = 0.05};
    struct sim_handler *h = tsim_handler(&opt);
    CHECK_INT(tsim_do(h, "POST", "/listResponsePlans", "{}", NULL), 200);
    sim_handler_free(h);

    /* A long delay ends at shutdown, so stopping the server never waits for it. */
    struct sim_options slow = {.delay = 3600};
    struct delayed d = {tsim_handler(&slow), 0};
    pthread_t th;
    pthread_create(&th, NULL, delayed_call, &d);
    sim_handler_shutdown(d.h);
    pthread_join(th, NULL);
    CHECK_INT(d.status, 200);
    sim_handler_free(d.h);
}

/* Many threads at once: one token makes one incident, distinct tokens one each. */
struct hammer {
    struct sim_handler *h;
    int id;
    int ok;
};

static void *hammer_thread(void *arg)
{
    struct hammer *x = arg;
    for (int i = 0; i < 50; i++) {
        char body[300];
        snprintf(body, sizeof body,
                 "{\"responsePlanArn\": \"" PLAN_ARN("minor-bug") "\", \"clientToken\": "
                                                                  "\"%s-%d\"}",
                 i % 2 ? "shared" : "own", i % 2 ? 0 : x->id * 1000 + i);
        json_t *j = NULL;
        x->ok += tsim_do(x->h, "POST", "/startIncident", body, &j) == 200;
        json_decref(j);
        x->ok += tsim_do(x->h, "POST", "/listIncidentRecords", "{\"maxResults\": 5}", NULL) == 200;
        x->ok += tsim_do(x->h, "POST", "/listResponsePlans", "{}", NULL) == 200;
    }
    return NULL;
}

static void test_concurrency(void)
{
    struct sim_handler *h = tsim_default();
    pthread_t th[8];
    struct hammer x[8];
    for (int i = 0; i < 8; i++) {
        x[i] = (struct hammer){h, i, 0};
        pthread_create(&th[i], NULL, hammer_thread, &x[i]);
    }
    int ok = 0;
    for (int i = 0; i < 8; i++) {
        pthread_join(th[i], NULL);
        ok += x[i].ok;
    }
    CHECK_INT(ok, 8 * 50 * 3);
    CHECK_INT(sim_handler_incident_count(h), 8 * 25 + 1);
    sim_handler_free(h);
}

/* ---- the log ---- */

/* Bytes from clients reach the trainer's terminal drawn, never obeyed: the echo escapes C0, DEL,
   C1, bidi overrides and ill-formed UTF-8; the log file \u-escapes the same (other text stays
   readable) and parses back to the text. */
static void test_log_terminal(void)
{
    char *path = log_path();
    char *echoed = NULL;
    size_t echoed_len = 0;
    FILE *echo = open_memstream(&echoed, &echoed_len);
    struct buf err = BUF_INIT;
    struct sim_log *l = sim_log_open(path, echo, &err);
    CHECK(l != NULL);
    static const char hostile[] = "/\x1b]0;owned\x07\x1b[2J\x7f\xc2\x9b"
                                  "31m\xe2\x80\xae"
                                  "evil\xff\\x1b caf\xc3\xa9";
    struct sim_log_entry e = {.time = TSIM_NOW,
                              .request_id = "rid",
                              .path = hostile,
                              .method = "GET\x1b[5m",
                              .status = 404,
                              .error = "UnknownOperationException",
                              .message = "m\x1b[1m",
                              .incident_arn =
                                  "arn:aws:ssm-incidents::1:incident-record/\x1b[31mx/1",
                              .incident_created = true};
    sim_log_write(l, &e);
    sim_log_close(l);
    fclose(echo);
    bool clean = echoed_len > 0;
    for (size_t i = 0; i + 1 < echoed_len; i++) /* every byte but the final newline */
        clean = clean && (unsigned char)echoed[i] >= 0x20 && echoed[i] != 0x7f;
    CHECK(clean);
    CHECK(echoed && echoed[echoed_len - 1] == '\n');
    CHECK(echoed && !strstr(echoed, "\xc2\x9b") && !strstr(echoed, "\xe2\x80\xae"));
    CHECK(echoed && strstr(echoed, "/\\x1b]0;owned\\x07\\x1b[2J\\x7f\\u{009b}31m\\u{202e}evil"
                                   "\\xff\\\\x1b"));
    CHECK(echoed && strstr(echoed, "incident-record/\\x1b[31mx/1"));
    free(echoed);

    char *text = test_slurp(path, NULL);
    bool quiet = text != NULL; /* nothing a terminal acts on; other text stays readable */
    for (const char *p = text; p && *p; p++)
        quiet = quiet && (((unsigned char)*p >= 0x20 && *p != 0x7f) || *p == '\n');
    CHECK(quiet);
    CHECK(text && !strstr(text, "\xc2\x9b") && !strstr(text, "\xe2\x80\xae"));
    CHECK(text && strstr(text, "\\u009b31m\\u202eevil"));
    CHECK(text && strstr(text, "caf\xc3\xa9"));
    free(text);
    json_t *log = read_log(path);
    CHECK_STR(json_string_value(json_object_get(json_array_get(log, 0), "path")),
              "/\x1b]0;owned\x07\x1b[2J\x7f\xc2\x9b"
              "31m\xe2\x80\xae"
              "evil\xef\xbf\xbd\\x1b caf\xc3\xa9");
    json_decref(log);
    buf_free(&err);
    unlink(path);
}

static void test_log(void)
{
    char *path = log_path();
    struct sim_options opt = {.log_file = path};
    struct sim_handler *h = tsim_handler(&opt);
    int st;
    char *arn = start(
        h,
        "{\"responsePlanArn\": \"" PLAN_ARN(
            "security-event") "\", "
                              "\"clientToken\": \"tok-log\", \"relatedItems\": [{\"identifier\": "
                              "{\"type\": \"OTHER\", \"value\": {\"pagerDutyIncidentDetail\": "
                              "{\"id\": "
                              "\"P1\", \"secretId\": \"pd-secret-name\"}}}}]}",
        &st);
    CHECK_INT(st, 200);
    struct tsim_call t = tsim_training("GET", "/getResponsePlan?arn=" Q("security-event"), NULL);
    char code[128];
    send_call(h, &t, code, NULL);
    t.secret = "wrong";
    send_call(h, &t, code, NULL);
    t.akid = NULL;
    send_call(h, &t, code, NULL);
    t = tsim_training("POST", "/startIncident", "{\"password\": \"hunter2\", \"title\": \"x\"}");
    send_call(h, &t, code, NULL);
    sim_handler_free(h);

    char *text = test_slurp(path, NULL);
    CHECK(text && !strstr(text, SIM_TRAINING_SECRET_ACCESS_KEY));
    CHECK(text && !strstr(text, "hunter2"));
    CHECK(text && !strstr(text, "Signature="));
    free(text);
    json_t *log = read_log(path);
    CHECK_INT(json_array_size(log), 5);
    json_t *e = json_array_get(log, 0);
    static const char *const fields[] = {
        "time",          "request_id", "operation",    "method",       "path",
        "query",         "status",     "error",        "message",      "signature",
        "access_key_id", "region",     "client_token", "incident_arn", "incident_created",
        "attempt_fault", "body",       "body_bytes"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!CHECK(json_object_get(e, fields[i]) != NULL))
            printf("     missing field %s\n", fields[i]);
    CHECK_STR(json_string_value(json_object_get(e, "operation")), "StartIncident");
    CHECK_STR(json_string_value(json_object_get(e, "incident_arn")), arn);
    CHECK(json_is_true(json_object_get(e, "incident_created")));
    CHECK_STR(json_string_value(json_object_get(e, "client_token")), "tok-log");
    CHECK_STR(json_string_value(json_object_get(e, "access_key_id")), SIM_TRAINING_ACCESS_KEY_ID);
    CHECK_STR(json_string_value(json_object_get(e, "region")), "us-east-1");
    CHECK(matches_re(json_string_value(json_object_get(e, "time")),
                     "^2026-09-21T[0-9:]{8}\\.[0-9]{3}Z$"));
    /* secretId names a Secrets Manager secret; it is not secret material, so it is kept. */
    json_t *pd = json_object_get(
        json_object_get(
            json_object_get(
                json_array_get(json_object_get(json_object_get(e, "body"), "relatedItems"), 0),
                "identifier"),
            "value"),
        "pagerDutyIncidentDetail");
    CHECK_STR(json_string_value(json_object_get(pd, "secretId")), "pd-secret-name");

    e = json_array_get(log, 1);
    CHECK_STR(json_string_value(json_object_get(e, "operation")), "GetResponsePlan");
    CHECK_STR(json_string_value(json_object_get(json_object_get(e, "query"), "arn")),
              PLAN_ARN("security-event"));
    CHECK(json_is_null(json_object_get(e, "body")));
    CHECK_STR(json_string_value(json_object_get(json_array_get(log, 2), "signature")), "invalid");
    CHECK_STR(json_string_value(json_object_get(json_array_get(log, 2), "error")),
              "InvalidSignatureException");
    CHECK_STR(json_string_value(json_object_get(json_array_get(log, 3), "signature")), "missing");
    e = json_array_get(log, 4);
    CHECK_STR(json_string_value(json_object_get(json_object_get(e, "body"), "password")),
              "(redacted)");
    CHECK_INT(json_integer_value(json_object_get(e, "status")), 400);
    json_decref(log);
    free(arn);
    unlink(path);
}

static void test_log_helpers(void)
{
    json_t *s = sim_log_string("ok\xff\xfe end", 100);
    CHECK_STR(json_string_value(s), "ok\xEF\xBF\xBD\xEF\xBF\xBD end");
    json_decref(s);
    json_t *body = json_loads("{\"a\": {\"SecretAccessKey\": \"s\", \"list\": [{\"sessionToken\": "
                              "\"t\"}]}, \"secretId\": \"keep\"}",
                              0, NULL);
    json_t *r = sim_log_redact(body);
    char *text = json_dumps(r, JSON_COMPACT | JSON_SORT_KEYS);
    CHECK_STR(text, "{\"a\":{\"SecretAccessKey\":\"(redacted)\",\"list\":[{\"sessionToken\":\"("
                    "redacted)\"}]},\"secretId\":\"keep\"}");
    free(text);
    json_decref(r);
    json_decref(body);
}

static void test_wire_helpers(void)
{
    size_t off = 0;
    char *tok = sim_token_encode("plans", 1234);
    CHECK(sim_token_decode(tok, "plans", &off) == 0 && off == 1234);
    CHECK(sim_token_decode(tok, "incidents", &off) != 0);
    free(tok);
    static const char *const bad[] = {
        "",     "====",       "cGxhbnM6", "cGxhbnM6LTE=", "cGxhbnM6MDE=", "cGxhbnM6MSA=",
        "!!!!", "cGxhbnM6MQ", "AAAA"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (!CHECK(sim_token_decode(bad[i], "plans", &off) != 0))
            printf("     token: %s\n", bad[i]);
    bool badq;
    char *v = sim_query_param("a=1&arn=x%3Ay%2Fz&arn=2", "arn", &badq);
    CHECK_STR(v, "x:y/z");
    free(v);
    v = sim_query_param("arn=%4", "arn", &badq);
    CHECK(v == NULL && badq);
    v = sim_query_param("arnx=1", "arn", &badq);
    CHECK(v == NULL && !badq);
    v = sim_query_param("arn", "arn", &badq);
    CHECK_STR(v, "");
    free(v);
    char t[32];
    sim_iso_time(1790000000.25, t);
    CHECK_STR(t, "2026-09-21T14:13:20.250Z");
}

int main(void)
{
    RUN(test_vectors);
    RUN(test_auth_verdicts);
    RUN(test_auth_strict);
    RUN(test_auth_garbage);
    RUN(test_routes);
    RUN(test_list_plans_paging);
    RUN(test_synthetic_paging);
    RUN(test_get_response_plan);
    RUN(test_start_and_get);
    RUN(test_idempotency);
    RUN(test_start_validation);
    RUN(test_list_incident_records);
    RUN(test_faults);
    RUN(test_deny);
    RUN(test_delay);
    RUN(test_concurrency);
    RUN(test_log);
    RUN(test_log_terminal);
    RUN(test_log_helpers);
    RUN(test_wire_helpers);
    return test_summary();
}
