/* Tests for the simulator's STS (sim/sts.c), its answers read back with klaxon's own reader:
   AssumeRole, MFA codes, trust refusals, and the issued sessions on Incident Manager calls. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "client/creds.h"
#include "client/sts.h"
#include "test.h"
#include "test_sim.h"

#define ROLE "arn:aws:iam::111122223333:role/oncall"

/* A form POST to "/" signed for service (NULL: sts) with the given key; the answer read back. */
static int sts_call(struct sim_handler *h, const char *form, const char *akid, const char *secret,
                    const char *token, const char *service, struct aws_creds *out,
                    struct sts_error *err)
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
    struct sim_response resp;
    sim_handler_handle(h, &req, &resp);
    sts_parse_assume_role(resp.body ? resp.body : "", resp.body_len, out, err);
    int st = resp.status;
    sim_response_free(&resp);
    buf_free(&authz);
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
    CHECK_INT(assume(h, "&DurationSeconds=60", &c, &e), 400);
    CHECK_STR(e.code, "ValidationError");
    CHECK_INT(sts_call(h, "Action=GetSessionToken", SIM_TRAINING_ACCESS_KEY_ID,
                       SIM_TRAINING_SECRET_ACCESS_KEY, NULL, NULL, &c, &e),
              400);
    CHECK_STR(e.code, "InvalidAction");
    sim_handler_free(h);
}

int main(void)
{
    RUN(test_session);
    RUN(test_refusals);
    return test_summary();
}
