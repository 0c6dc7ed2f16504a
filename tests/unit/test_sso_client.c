/* Tests for the SSO clients (client/sso_oidc.c, client/sso_portal.c) against the simulator over
   HTTP on 127.0.0.1: the device flow, refresh, the portal's keys, and each refusal. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "client/http.h"
#include "client/json_wipe.h"
#include "client/sso_oidc.h"
#include "client/sso_portal.h"
#include "sim/sim.h"
#include "test.h"
#include "test_sim.h"

#define START_URL "https://d-1234567890.awsapps.com/start"
#define ACCOUNT   "111122223333"

/* The simulator with o, the SSO endpoints pointed at it. */
static struct sim *start(struct sim_options *o)
{
    struct sim *sim = tsim_start(o);
    if (sim) {
        setenv("AWS_ENDPOINT_URL_SSO_OIDC", sim_url(sim), 1);
        setenv("AWS_ENDPOINT_URL_SSO", sim_url(sim), 1);
    }
    return sim;
}

/* A sign-in under way in us-east-1 on a simulator of its own: a client registered and a device
   authorization started. */
struct flow {
    struct sim *sim;
    struct klx_settings s;
    struct sso_oidc_client c;
    struct sso_device_auth d;
    struct sso_error e;
};

/* Start the simulator with o and the sign-in on it; false when the simulator did not start.
   line: the caller's, so that each test's steps stay checks of their own. */
static bool flow_begin(int line, struct sim_options *o, struct flow *f)
{
    memset(f, 0, sizeof *f);
    f->sim = start(o);
    if (!CHECK_AT(line, f->sim != NULL))
        return false;
    CHECK_INT_AT(
        line, sso_oidc_register_client(&f->s, "us-east-1", "klaxon-test", NULL, &f->c, &f->e), 0);
    CHECK_INT_AT(
        line,
        sso_oidc_start_device_authorization(&f->s, "us-east-1", &f->c, START_URL, &f->d, &f->e), 0);
    return true;
}

static void flow_end(struct flow *f)
{
    sso_device_auth_clear(&f->d);
    sso_oidc_client_clear(&f->c);
    sim_stop(f->sim);
}

/* What a person does with the URL: open it (a GET on the simulator approves the code). */
static long open_url(const char *url)
{
    struct http_options opt = {0};
    struct http_client *h = http_client_new(&opt);
    struct http_response r;
    http_response_init(&r);
    struct buf err = BUF_INIT;
    long status =
        h && http_send(h, "GET", url, NULL, 0, NULL, 0, &r, &err) == HTTP_OK ? r.status : -1;
    http_response_free(&r);
    http_client_free(h);
    buf_free(&err);
    return status;
}

static void test_device_flow(void)
{
    struct sim_options o = {0};
    struct sim *sim = start(&o);
    CHECK(sim != NULL);
    if (!sim)
        return;
    struct klx_settings s = {0};
    struct sso_oidc_client c;
    struct sso_device_auth d;
    struct sso_token t, t2;
    struct sso_error e;
    CHECK_INT(
        sso_oidc_register_client(&s, "eu-west-1", "klaxon-test", "sso:account:access", &c, &e), 0);
    CHECK(c.client_id && c.client_secret && c.expires_at > 0);
    CHECK_INT(sso_oidc_start_device_authorization(&s, "eu-west-1", &c, START_URL, &d, &e), 0);
    CHECK(d.user_code && strlen(d.user_code) == 9 && d.user_code[4] == '-');
    CHECK(d.verification_uri_complete && strstr(d.verification_uri_complete, d.user_code));
    CHECK(d.interval >= 1 && d.expires_in == 600);
    /* Not approved yet: the poll is told to wait. */
    CHECK_INT(sso_oidc_create_token(&s, "eu-west-1", &c, "device_code", d.device_code, &t, &e), -1);
    CHECK_STR(e.code, "authorization_pending");
    CHECK_INT(e.http_status, 400);
    CHECK(t.access_token == NULL);
    CHECK_INT(open_url(d.verification_uri_complete), 200);
    CHECK_INT(sso_oidc_create_token(&s, "eu-west-1", &c, "device_code", d.device_code, &t, &e), 0);
    CHECK(t.access_token && t.refresh_token && t.expires_at > 0);
    /* A device code is spent once used. */
    CHECK_INT(sso_oidc_create_token(&s, "eu-west-1", &c, "device_code", d.device_code, &t2, &e),
              -1);
    CHECK_STR(e.code, "invalid_grant");

    struct aws_creds k;
    CHECK_INT(sso_get_role_credentials(&s, "eu-west-1", t.access_token, ACCOUNT, "OnCall", &k, &e),
              0);
    CHECK(k.access_key_id && strncmp(k.access_key_id, "ASIA", 4) == 0);
    CHECK(k.secret_access_key && k.session_token && k.expiration > 0);
    CHECK_STR(k.source, "sso");
    aws_creds_clear(&k);
    CHECK_INT(sso_get_role_credentials(&s, "eu-west-1", "not-a-token", ACCOUNT, "OnCall", &k, &e),
              -1);
    CHECK_STR(e.code, "UnauthorizedException");
    CHECK_INT(e.http_status, 401);

    /* Refresh: a new access token; the old refresh token is spent. */
    CHECK_INT(sso_oidc_create_token(&s, "eu-west-1", &c, "refresh_token", t.refresh_token, &t2, &e),
              0);
    CHECK(t2.access_token && strcmp(t2.access_token, t.access_token) != 0);
    struct sso_token t3;
    CHECK_INT(sso_oidc_create_token(&s, "eu-west-1", &c, "refresh_token", t.refresh_token, &t3, &e),
              -1);
    CHECK_STR(e.code, "invalid_grant");
    CHECK_INT(sso_oidc_create_token(&s, "eu-west-1", &c, "password", "x", &t3, &e), -1);
    CHECK_STR(e.code, "");

    /* Another client's secret is refused. */
    sso_device_auth_clear(&d);
    struct sso_oidc_client bad = {c.client_id, (char *)"wrong", 0};
    CHECK_INT(sso_oidc_start_device_authorization(&s, "eu-west-1", &bad, START_URL, &d, &e), -1);
    CHECK_STR(e.code, "invalid_client");
    CHECK_INT(e.http_status, 401);

    sso_token_clear(&t);
    sso_token_clear(&t2);
    sso_oidc_client_clear(&c);
    CHECK(c.client_secret == NULL);
    sim_stop(sim);
}

static void test_slow_down_and_denial(void)
{
    struct sim_options o = {
        .sso_slow_down = 2, .sso_deny_device = true, .sso_deny_role = "Admin", .sso_approve = true};
    struct flow f;
    if (!flow_begin(__LINE__, &o, &f))
        return;
    struct sso_token t;
    const char *want[] = {"slow_down", "slow_down", "access_denied"};
    for (int i = 0; i < 3; i++) {
        CHECK_INT(sso_oidc_create_token(&f.s, "us-east-1", &f.c, "device_code", f.d.device_code, &t,
                                        &f.e),
                  -1);
        CHECK_STR(f.e.code, want[i]);
    }
    flow_end(&f);
}

static void test_forbidden_role(void)
{
    struct sim_options o = {.sso_approve = true, .sso_deny_role = "Admin"};
    struct flow f;
    if (!flow_begin(__LINE__, &o, &f))
        return;
    struct sso_token t;
    struct aws_creds k;
    CHECK_INT(
        sso_oidc_create_token(&f.s, "us-east-1", &f.c, "device_code", f.d.device_code, &t, &f.e),
        0);
    CHECK_INT(
        sso_get_role_credentials(&f.s, "us-east-1", t.access_token, ACCOUNT, "Admin", &k, &f.e),
        -1);
    CHECK_STR(f.e.code, "ForbiddenException");
    CHECK_INT(f.e.http_status, 403);
    CHECK(k.access_key_id == NULL);
    sso_token_clear(&t);
    flow_end(&f);
}

static void test_unreachable_and_endpoints(void)
{
    struct klx_settings s = {0};
    struct sso_oidc_client c;
    struct sso_error e;
    setenv("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:9", 1);
    CHECK_INT(sso_oidc_register_client(&s, "us-east-1", "klaxon-test", NULL, &c, &e), -1);
    CHECK_STR(e.code, "");
    CHECK_INT(e.http_status, 0);
    CHECK(strstr(e.message, "could not be reached") != NULL);
    CHECK(strstr(e.message, "http://127.0.0.1:9/client/register") != NULL);
    unsetenv("AWS_ENDPOINT_URL_SSO_OIDC");
    unsetenv("AWS_ENDPOINT_URL_SSO");
    setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9", 1);
    CHECK_INT(sso_oidc_register_client(&s, "us-east-1", "klaxon-test", NULL, &c, &e), -1);
    CHECK(strstr(e.message, "127.0.0.1:9/client/register") != NULL);
    unsetenv("AWS_ENDPOINT_URL");
    /* No endpoint and no region: refused before anything is sent, saying why. */
    memset(&e, 0, sizeof e);
    CHECK_INT(sso_oidc_register_client(&s, NULL, "klaxon-test", NULL, &c, &e), -1);
    CHECK(e.code[0] == '\0' && e.http_status == 0 && e.message[0] != '\0');
    struct aws_creds k;
    CHECK_INT(sso_get_role_credentials(&s, NULL, "t", "111122223333", "r", &k, &e), -1);
    CHECK(e.message[0] != '\0' && k.access_key_id == NULL);
}

int main(void)
{
    json_wipe_install();
    RUN(test_device_flow);
    RUN(test_slow_down_and_denial);
    RUN(test_forbidden_role);
    RUN(test_unreachable_and_endpoints);
    return test_summary();
}
