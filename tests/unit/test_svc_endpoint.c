/* Per-service endpoints (client/svc_endpoint.c): botocore's configured-endpoint chain for STS,
   SSO, SSO-OIDC and ssm-incidents, and the regional hosts of their rule sets, one row a case. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/settings.h"
#include "client/svc_endpoint.h"
#include "core/buf.h"
#include "test.h"

static char dir[512];

/* [profile p] uses the services section "svc"; [profile bare] has nothing endpoint-related. */
static const char config_text[] =
    "[profile p]\n"
    "region = eu-west-1\n"
    "services = svc\n"
    "endpoint_url = http://127.0.0.1:7000\n"
    "[profile bare]\n"
    "region = eu-west-1\n"
    "[profile noscope]\n"
    "services = nowhere\n"
    "[profile emptyurl]\n"
    "endpoint_url =\n"
    "[profile ignoring]\n"
    "services = svc\n"
    "ignore_configured_endpoint_urls = true\n"
    "[services svc]\n"
    "sts =\n"
    "  endpoint_url = http://127.0.0.1:7001\n"
    "sso_oidc =\n"
    "  endpoint_url = http://127.0.0.1:7003/\n"
    "ssm_incidents =\n"
    "  endpoint_url = http://127.0.0.1:7004\n";

struct row {
    int line;
    const char *service;
    const char *profile;
    const char *region;  /* --region; NULL: the profile's */
    const char *env[4];  /* NAME=VALUE pairs set for this row only */
    const char *want;    /* the URL, or NULL when an error is expected */
    const char *err_has; /* a piece of the error message */
};

static const struct row rows[] = {
    /* The regional hosts of each rule set. */
    {__LINE__, "sts", "bare", NULL, {NULL}, "https://sts.eu-west-1.amazonaws.com", NULL},
    {__LINE__, "sso", "bare", NULL, {NULL}, "https://portal.sso.eu-west-1.amazonaws.com", NULL},
    {__LINE__, "sso-oidc", "bare", NULL, {NULL}, "https://oidc.eu-west-1.amazonaws.com", NULL},
    {__LINE__, "ssm-incidents", "bare", NULL, {NULL},
     "https://ssm-incidents.eu-west-1.amazonaws.com", NULL},
    {__LINE__, "sts", "bare", "cn-north-1", {NULL}, "https://sts.cn-north-1.amazonaws.com.cn",
     NULL},
    {__LINE__, "sso", "bare", "cn-northwest-1", {NULL},
     "https://portal.sso.cn-northwest-1.amazonaws.com.cn", NULL},
    {__LINE__, "sso-oidc", "bare", "cn-north-1", {NULL}, "https://oidc.cn-north-1.amazonaws.com.cn",
     NULL},
    /* STS without any region: us-east-1's regional endpoint, as CLI v2 (not the global host). */
    {__LINE__, "sts", "default", NULL, {NULL}, "https://sts.us-east-1.amazonaws.com", NULL},
    {__LINE__, "sts", "bare", "aws-global", {NULL}, "https://sts.amazonaws.com", NULL},
    {__LINE__, "sso", "default", NULL, {NULL}, NULL, "Missing Region"},
    /* FIPS and dual-stack, from the environment. */
    {__LINE__, "sts", "bare", NULL, {"AWS_USE_FIPS_ENDPOINT=true"},
     "https://sts-fips.eu-west-1.amazonaws.com", NULL},
    {__LINE__, "sts", "bare", "us-gov-west-1", {"AWS_USE_FIPS_ENDPOINT=true"},
     "https://sts.us-gov-west-1.amazonaws.com", NULL},
    {__LINE__, "sso", "bare", "us-gov-west-1", {"AWS_USE_FIPS_ENDPOINT=true"},
     "https://portal.sso-fips.us-gov-west-1.amazonaws.com", NULL},
    {__LINE__, "sso-oidc", "bare", NULL, {"AWS_USE_DUALSTACK_ENDPOINT=true"},
     "https://oidc.eu-west-1.api.aws", NULL},
    {__LINE__, "sts", "bare", NULL,
     {"AWS_USE_DUALSTACK_ENDPOINT=true", "AWS_USE_FIPS_ENDPOINT=true"},
     "https://sts-fips.eu-west-1.api.aws", NULL},
    {__LINE__, "sso", "bare", NULL, {"AWS_USE_DUALSTACK_ENDPOINT=true"},
     "https://portal.sso.eu-west-1.api.aws", NULL},
    /* The service's variable, then the global one. */
    {__LINE__, "sts", "bare", NULL, {"AWS_ENDPOINT_URL_STS=http://127.0.0.1:8001/"},
     "http://127.0.0.1:8001", NULL},
    {__LINE__, "sso", "bare", NULL, {"AWS_ENDPOINT_URL_SSO=http://127.0.0.1:8002"},
     "http://127.0.0.1:8002", NULL},
    {__LINE__, "sso-oidc", "bare", NULL, {"AWS_ENDPOINT_URL_SSO_OIDC=http://127.0.0.1:8003"},
     "http://127.0.0.1:8003", NULL},
    {__LINE__, "sts", "bare", NULL, {"AWS_ENDPOINT_URL_SSO=http://127.0.0.1:8002"},
     "https://sts.eu-west-1.amazonaws.com", NULL},
    {__LINE__, "sso", "bare", NULL,
     {"AWS_ENDPOINT_URL=http://127.0.0.1:8000", "AWS_ENDPOINT_URL_SSO=http://127.0.0.1:8002"},
     "http://127.0.0.1:8002", NULL},
    {__LINE__, "sso", "bare", NULL, {"AWS_ENDPOINT_URL=http://127.0.0.1:8000"},
     "http://127.0.0.1:8000", NULL},
    /* The global variable wins over the services section (botocore's order). */
    {__LINE__, "sts", "p", NULL, {"AWS_ENDPOINT_URL=http://127.0.0.1:8000"},
     "http://127.0.0.1:8000", NULL},
    /* The services section, per service; else the profile's endpoint_url. */
    {__LINE__, "sts", "p", NULL, {NULL}, "http://127.0.0.1:7001", NULL},
    {__LINE__, "sso-oidc", "p", NULL, {NULL}, "http://127.0.0.1:7003", NULL},
    {__LINE__, "ssm-incidents", "p", NULL, {NULL}, "http://127.0.0.1:7004", NULL},
    {__LINE__, "sso", "p", NULL, {NULL}, "http://127.0.0.1:7000", NULL},
    /* Ignoring configured endpoints, from the profile or the environment. */
    {__LINE__, "sts", "ignoring", "eu-west-2", {NULL}, "https://sts.eu-west-2.amazonaws.com",
     NULL},
    {__LINE__, "sts", "p", NULL,
     {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", "AWS_ENDPOINT_URL_STS=http://127.0.0.1:8001"},
     "https://sts.eu-west-1.amazonaws.com", NULL},
    {__LINE__, "sso", "p", NULL,
     {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=TRUE", "AWS_ENDPOINT_URL=http://127.0.0.1:8000"},
     "https://portal.sso.eu-west-1.amazonaws.com", NULL},
    /* Refusals, each naming what to fix. */
    {__LINE__, "sts", "bare", NULL, {"AWS_ENDPOINT_URL_STS="}, NULL, "AWS_ENDPOINT_URL_STS is empty"},
    {__LINE__, "sso-oidc", "bare", NULL, {"AWS_ENDPOINT_URL_SSO_OIDC="}, NULL,
     "AWS_ENDPOINT_URL_SSO_OIDC is empty"},
    {__LINE__, "sts", "noscope", "eu-west-1", {NULL}, NULL, "\"nowhere\" services configuration"},
    {__LINE__, "sts", "emptyurl", "eu-west-1", {NULL}, NULL, "endpoint_url in profile \"emptyurl\""},
    {__LINE__, "sts", "bare", NULL, {"AWS_ENDPOINT_URL_STS=http://sts.example.com"}, NULL,
     "http:// is allowed only for a loopback address"},
    {__LINE__, "sts", "bare", NULL,
     {"AWS_ENDPOINT_URL_STS=http://127.0.0.1:8001", "AWS_USE_FIPS_ENDPOINT=true"}, NULL,
     "FIPS and custom endpoint are not supported"},
    {__LINE__, "sts", "bare", "eu-west-1/x", {NULL}, NULL, "doesn't match a supported format"},
};

static void set_env(const struct row *r, bool set)
{
    for (size_t i = 0; i < 4 && r->env[i]; i++) {
        const char *eq = strchr(r->env[i], '=');
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - r->env[i]), r->env[i]);
        if (set)
            setenv(name, eq + 1, 1);
        else
            unsetenv(name);
    }
}

static void run_row(const struct row *r)
{
    set_env(r, true);
    struct klx_flags f = {.profile = r->profile, .region = r->region};
    struct klx_settings s;
    struct buf url = BUF_INIT, err = BUF_INIT;
    int rc = -1;
    /* The settings of a row whose own endpoint is refused may fail to resolve too (an empty
       AWS_ENDPOINT_URL also names ssm-incidents'): that is the same refusal, said earlier. */
    if (settings_resolve(&f, &s, &err) == 0) {
        rc = svc_endpoint_resolve(&s, r->service, NULL, &url, &err);
        struct buf again = BUF_INIT;
        svc_endpoint_url(&s, r->service, &again);
        CHECK_STR_AT(r->line, buf_cstr(&again), rc == 0 ? buf_cstr(&url) : "");
        buf_free(&again);
        settings_free(&s);
    }
    if (r->want) {
        CHECK_INT_AT(r->line, rc, 0);
        CHECK_STR_AT(r->line, buf_cstr(&url), r->want);
    } else {
        CHECK_INT_AT(r->line, rc, -1);
        bool named = strstr(buf_cstr(&err), r->err_has) != NULL;
        if (!CHECK_AT(r->line, named))
            printf("     error: %s\n", buf_cstr(&err));
    }
    buf_free(&url);
    buf_free(&err);
    set_env(r, false);
}

static void test_rows(void)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        run_row(&rows[i]);
}

/* An explicit region (SSO's sso_region) overrides the settings' one. */
static void test_explicit_region(void)
{
    struct klx_flags f = {.profile = "bare"};
    struct klx_settings s;
    struct buf url = BUF_INIT, err = BUF_INIT;
    if (!CHECK_INT(settings_resolve(&f, &s, &err), 0))
        return;
    CHECK_INT(svc_endpoint_resolve(&s, "sso", "ap-south-1", &url, &err), 0);
    CHECK_STR(buf_cstr(&url), "https://portal.sso.ap-south-1.amazonaws.com");
    CHECK_INT(svc_endpoint_resolve(&s, "nosuch", NULL, &url, &err), -1);
    settings_free(&s);
    buf_free(&url);
    buf_free(&err);
}

/* A setting made by hand (no files loaded) still resolves: sts.c's tests build them so. */
static void test_bare_settings(void)
{
    struct klx_settings s;
    memset(&s, 0, sizeof s);
    struct buf url = BUF_INIT;
    svc_endpoint_url(&s, "sts", &url);
    CHECK_STR(buf_cstr(&url), "https://sts.us-east-1.amazonaws.com");
    buf_free(&url);
}

int main(void)
{
    test_clear_aws_env();
    test_mkdtemp(dir, sizeof dir, "svcep");
    const char *cfg = test_pathf("%s/config", dir);
    FILE *fp = fopen(cfg, "w");
    if (!fp || fputs(config_text, fp) < 0 || fclose(fp) != 0) {
        perror(cfg);
        return 1;
    }
    setenv("AWS_CONFIG_FILE", cfg, 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", test_pathf("%s/credentials", dir), 1);
    RUN(test_rows);
    RUN(test_explicit_region);
    RUN(test_bare_settings);
    test_rmtree(dir);
    return test_summary();
}
