/* Tests for the simulator's STS (sim/sts.c), its answers read back with klaxon's own reader:
   AssumeRole, MFA codes, trust refusals, the issued sessions on Incident Manager calls,
   AssumeRoleWithWebIdentity (unsigned, JWT-shaped tokens only) and GetCallerIdentity. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "client/creds.h"
#include "client/sts.h"
#include "test.h"
#include "test_sim.h"

#define ROLE "arn:aws:iam::111122223333:role/oncall"

/* A form POST to "/" signed for service (NULL: sts) with the given key, handled into *resp. */
static void sts_post(struct sim_handler *h, const char *form, const char *akid, const char *secret,
                     const char *token, const char *service, struct sim_response *resp)
{
    char date[17];
    sigv4_format_date((long long)tsim_clock_value, date);
    struct sim_header hd[5];
    size_t n = 0;
    hd[n++] = (struct sim_header){"Host", "127.0.0.1:8080"};
    hd[n++] = (struct sim_header){"X-Amz-Date", date};
    hd[n++] =
        (struct sim_header){"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"};
    if (token)
        hd[n++] = (struct sim_header){"X-Amz-Security-Token", token};
    struct sigv4_header sh[5];
    for (size_t i = 0; i < n; i++)
        sh[i] = (struct sigv4_header){hd[i].name, hd[i].value};
    struct sigv4_request r = {"POST", "/", NULL, sh, n, form, strlen(form)};
    struct sigv4_params p = {akid, secret, token, "us-east-1", service ? service : "sts",
                             date, true};
    struct buf authz = BUF_INIT;
    sigv4_authorization(&r, &p, &authz);
    hd[n++] = (struct sim_header){"Authorization", buf_cstr(&authz)};
    struct sim_request req = {"POST", "/", hd, n, form, strlen(form), false, NULL};
    sim_handler_handle(h, &req, resp);
    buf_free(&authz);
}

/* sts_post, its answer read back as AssumeRole's; returns the HTTP status. */
static int sts_call(struct sim_handler *h, const char *form, const char *akid, const char *secret,
                    const char *token, const char *service, struct aws_creds *out,
                    struct sts_error *err)
{
    struct sim_response resp;
    sts_post(h, form, akid, secret, token, service, &resp);
    sts_parse_assume_role(resp.body ? resp.body : "", resp.body_len, out, err);
    int st = resp.status;
    sim_response_free(&resp);
    return st;
}

static int assume(struct sim_handler *h, const char *extra, struct aws_creds *out,
                  struct sts_error *err)
{
    char form[512];
    snprintf(form, sizeof form,
             "Action=AssumeRole&Version=2011-06-15&RoleArn=%s&RoleSessionName=t1%s", ROLE,
             extra ? extra : "");
    return sts_call(h, form, SIM_TRAINING_ACCESS_KEY_ID, SIM_TRAINING_SECRET_ACCESS_KEY, NULL, NULL,
                    out, err);
}

/* An Incident Manager call with a session's keys, with or without its token. */
static int im_call(struct sim_handler *h, const struct aws_creds *c, bool token)
{
    struct tsim_call t = {.method = "POST",
                          .target = "/listResponsePlans",
                          .body = "{}",
                          .akid = c->access_key_id,
                          .secret = c->secret_access_key,
                          .token = token ? c->session_token : NULL,
                          .when = tsim_clock_value};
    struct sim_response resp;
    int st = tsim_send(h, &t, &resp, NULL);
    sim_response_free(&resp);
    return st;
}

static void test_session(void)
{
    struct sim_handler *h = tsim_default();
    struct aws_creds c, c2;
    struct sts_error e;
    CHECK_INT(assume(h, NULL, &c, &e), 200);
    CHECK(c.access_key_id && strncmp(c.access_key_id, "ASIA", 4) == 0);
    CHECK(c.session_token && strlen(c.session_token) > 100);
    CHECK(c.expiration == (long long)TSIM_NOW + 3600);
    CHECK_INT(im_call(h, &c, true), 200);
    CHECK_INT(im_call(h, &c, false), 403); /* the session token is required */
    /* Role chaining: the session may assume another role. */
    CHECK_INT(sts_call(h,
                       "Action=AssumeRole&RoleArn=" ROLE "&RoleSessionName=t2&DurationSeconds=900",
                       c.access_key_id, c.secret_access_key, c.session_token, NULL, &c2, &e),
              200);
    CHECK(c2.expiration == (long long)TSIM_NOW + 900);
    struct aws_creds chained = c2;
    /* Once expired, neither session is accepted. */
    tsim_clock_value = TSIM_NOW + 3601;
    CHECK_INT(im_call(h, &c, true), 403);
    CHECK_INT(im_call(h, &chained, true), 403);
    CHECK_INT(sts_call(h, "Action=AssumeRole&RoleArn=" ROLE "&RoleSessionName=t3", c.access_key_id,
                       c.secret_access_key, c.session_token, NULL, &c2, &e),
              403);
    CHECK_STR(e.code, "ExpiredToken");
    tsim_clock_value = TSIM_NOW;
    aws_creds_clear(&c);
    aws_creds_clear(&chained);
    sim_handler_free(h);
}

static void test_refusals(void)
{
    struct sim_options opt = {.sts_mfa_code = "424242",
                              .sts_deny_role = "arn:aws:iam::111122223333:role/forbidden"};
    struct sim_handler *h = tsim_handler(&opt);
    struct aws_creds c;
    struct sts_error e;
    const char *mfa = "&SerialNumber=arn%3Aaws%3Aiam%3A%3A111122223333%3Amfa%2Falice";
    char with_code[256];
    snprintf(with_code, sizeof with_code, "%s&TokenCode=123456", mfa);
    CHECK_INT(assume(h, with_code, &c, &e), 403); /* the default code is not this device's */
    CHECK_STR(e.code, "AccessDenied");
    CHECK(strstr(e.message, "MultiFactorAuthentication failed") != NULL);
    CHECK_INT(assume(h, mfa, &c, &e), 403); /* no code at all */
    snprintf(with_code, sizeof with_code, "%s&TokenCode=424242", mfa);
    CHECK_INT(assume(h, with_code, &c, &e), 200);
    aws_creds_clear(&c);

    CHECK_INT(sts_call(h,
                       "Action=AssumeRole&RoleArn=arn:aws:iam::111122223333:role/forbidden"
                       "&RoleSessionName=tt",
                       SIM_TRAINING_ACCESS_KEY_ID, SIM_TRAINING_SECRET_ACCESS_KEY, NULL, NULL, &c,
                       &e),
              403);
    CHECK_STR(e.code, "AccessDenied");
    CHECK(strstr(e.message, "is not authorized to perform: sts:AssumeRole on resource: "
                            "arn:aws:iam::111122223333:role/forbidden") != NULL);
    /* Signed for another service, or with an unknown key: STS's own codes, in XML. */
    CHECK_INT(sts_call(h, "Action=AssumeRole&RoleArn=" ROLE "&RoleSessionName=tt",
                       SIM_TRAINING_ACCESS_KEY_ID, SIM_TRAINING_SECRET_ACCESS_KEY, NULL,
                       "ssm-incidents", &c, &e),
              403);
    CHECK_STR(e.code, "SignatureDoesNotMatch");
    CHECK_INT(sts_call(h, "Action=AssumeRole&RoleArn=" ROLE "&RoleSessionName=tt",
                       "ASIANOSUCHKEY0000", "x", "y", NULL, &c, &e),
              403);
    CHECK_STR(e.code, "InvalidClientTokenId");
    /* What the caller sent comes back as XML text: escaped, control characters shown as '?'. */
    CHECK_INT(sts_call(h, "Action=AssumeRole&RoleArn=a%3Cb%26c%22d%3E%01&RoleSessionName=tt",
                       SIM_TRAINING_ACCESS_KEY_ID, SIM_TRAINING_SECRET_ACCESS_KEY, NULL, NULL, &c,
                       &e),
              400);
    CHECK_STR(e.code, "ValidationError");
    CHECK_STR(e.message, "a<b&c\"d>? is not a valid role ARN");
    CHECK_INT(assume(h, "&DurationSeconds=60", &c, &e), 400);
    CHECK_STR(e.code, "ValidationError");
    CHECK_INT(sts_call(h, "Action=GetSessionToken", SIM_TRAINING_ACCESS_KEY_ID,
                       SIM_TRAINING_SECRET_ACCESS_KEY, NULL, NULL, &c, &e),
              400);
    CHECK_STR(e.code, "InvalidAction");
    sim_handler_free(h);
}

/* An unsigned form POST to path; the answer's status, and its body in *body (caller frees). */
static int unsigned_call(struct sim_handler *h, const char *path, const char *form, char **body)
{
    struct sim_header hd[2] = {
        {"Host", "127.0.0.1:8080"},
        {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
    };
    struct sim_request req = {"POST", path, hd, 2, form, strlen(form), false, NULL};
    struct sim_response resp;
    sim_handler_handle(h, &req, &resp);
    *body = strndup(resp.body ? resp.body : "", resp.body_len);
    int st = resp.status;
    sim_response_free(&resp);
    return st;
}

#define JWT "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln-_0"

static int web_identity(struct sim_handler *h, const char *role, const char *token,
                        struct aws_creds *out, struct sts_error *err)
{
    char form[512], *body;
    snprintf(form, sizeof form,
             "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=%s"
             "&RoleSessionName=ci&WebIdentityToken=%s",
             role, token);
    int st = unsigned_call(h, "/", form, &body);
    sts_parse_assume_role(body, strlen(body), out, err);
    free(body);
    return st;
}

static void test_web_identity(void)
{
    struct sim_options opt = {.sts_deny_role = "arn:aws:iam::111122223333:role/forbidden"};
    struct sim_handler *h = tsim_handler(&opt);
    struct aws_creds c;
    struct sts_error e;
    CHECK_INT(web_identity(h, ROLE, JWT, &c, &e), 200);
    CHECK(c.access_key_id && strncmp(c.access_key_id, "ASIA", 4) == 0);
    CHECK(c.expiration == (long long)TSIM_NOW + 3600);
    CHECK_INT(im_call(h, &c, true), 200); /* the session works on Incident Manager */
    aws_creds_clear(&c);
    static const char *const bad[] = {"hello", "a.b",    "a.b.c.d", "a..c",   ".b.c",
                                      "a.b.",  "a.b.c=", "a+b.c.d", "a.b/c.d"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(web_identity(h, ROLE, bad[i], &c, &e), 400);
        CHECK_STR(e.code, "InvalidIdentityToken");
    }
    CHECK_INT(web_identity(h, "arn:aws:iam::111122223333:role/forbidden", JWT, &c, &e), 403);
    CHECK_STR(e.code, "AccessDenied");
    CHECK(strstr(e.message, "sts:AssumeRoleWithWebIdentity") != NULL);
    CHECK_INT(web_identity(h, "not-an-arn", JWT, &c, &e), 400);
    CHECK_STR(e.code, "ValidationError");
    /* AssumeRole is never served unsigned; any path is STS's (for per-endpoint tests). */
    char *body;
    CHECK_INT(
        unsigned_call(h, "/sts-a", "Action=AssumeRole&RoleArn=" ROLE "&RoleSessionName=t", &body),
        403);
    CHECK(strstr(body, "MissingAuthenticationToken") != NULL);
    free(body);
    sim_handler_free(h);
}

/* The Arn of a GetCallerIdentity answer signed with the given key. */
static int caller(struct sim_handler *h, const char *akid, const char *secret, const char *token,
                  char *arn, size_t size)
{
    struct sim_response resp;
    sts_post(h, "Action=GetCallerIdentity&Version=2011-06-15", akid, secret, token, NULL, &resp);
    const char *b = resp.body ? resp.body : "", *a = strstr(b, "<Arn>"), *end = strstr(b, "</Arn>");
    snprintf(arn, size, "%.*s", a && end > a ? (int)(end - a - 5) : 0, a ? a + 5 : "");
    if (!strstr(b, "<Account>111122223333</Account>"))
        arn[0] = '\0';
    int st = resp.status;
    sim_response_free(&resp);
    return st;
}

static void test_caller_identity(void)
{
    struct sim_handler *h = tsim_default();
    char arn[256];
    CHECK_INT(caller(h, SIM_TRAINING_ACCESS_KEY_ID, SIM_TRAINING_SECRET_ACCESS_KEY, NULL, arn,
                     sizeof arn),
              200);
    CHECK_STR(arn, "arn:aws:iam::111122223333:user/" SIM_TRAINING_ACCESS_KEY_ID);
    struct aws_creds c;
    struct sts_error e;
    CHECK_INT(web_identity(h, ROLE, JWT, &c, &e), 200);
    CHECK_INT(caller(h, c.access_key_id, c.secret_access_key, c.session_token, arn, sizeof arn),
              200);
    CHECK_STR(arn, "arn:aws:sts::111122223333:assumed-role/oncall/ci");
    CHECK_INT(caller(h, c.access_key_id, "wrong", c.session_token, arn, sizeof arn), 403);
    aws_creds_clear(&c);
    char *body;
    CHECK_INT(unsigned_call(h, "/", "Action=GetCallerIdentity", &body), 403);
    CHECK(strstr(body, "MissingAuthenticationToken") != NULL);
    free(body);
    sim_handler_free(h);
}

int main(void)
{
    RUN(test_session);
    RUN(test_refusals);
    RUN(test_web_identity);
    RUN(test_caller_identity);
    return test_summary();
}
