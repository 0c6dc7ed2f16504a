/* Web identity credentials (client/creds_webid.c) against the simulator started in-process: the
   profile's and the environment's settings, the token file's failures, a web identity profile as
   a role's source_profile, and --profile leaving the environment's keys out. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/creds.h"
#include "client/creds_webid.h"
#include "client/settings.h"
#include "core/buf.h"
#include "sim/sim.h"
#include "test.h"
#include "test_sim.h"

#define ROLE   "arn:aws:iam::111122223333:role/ci-deployer"
#define DENIED "arn:aws:iam::111122223333:role/forbidden"
#define JWT    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJl"

static char dir[512];
static const char *log_path;

static void write_file(const char *name, const char *text)
{
    const char *path = test_pathf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/* The profiles, their token files under dir. */
static void write_config(void)
{
    char cfg[8192];
    snprintf(cfg, sizeof cfg,
             "[profile wi]\nregion = us-east-1\nweb_identity_token_file = %s/token\n"
             "role_arn = " ROLE "\nrole_session_name = ci-run-1\n"
             "[profile wi-nl]\nweb_identity_token_file = %s/token-nl\nrole_arn = " ROLE "\n"
             "[profile wi-norole]\nweb_identity_token_file = %s/token\n"
             "[profile wi-missing]\nweb_identity_token_file = %s/nowhere\nrole_arn = " ROLE "\n"
             "[profile wi-empty]\nweb_identity_token_file = %s/empty\nrole_arn = " ROLE "\n"
             "[profile wi-bad]\nweb_identity_token_file = %s/not-jwt\nrole_arn = " ROLE "\n"
             "[profile wi-denied]\nweb_identity_token_file = %s/token\nrole_arn = " DENIED "\n"
             "[profile chained]\nrole_arn = arn:aws:iam::111122223333:role/oncall\n"
             "source_profile = wi\n"
             "[profile envrole]\nrole_arn = arn:aws:iam::111122223333:role/oncall\n"
             "credential_source = Environment\n"
             "[profile plain]\nregion = us-east-1\n",
             dir, dir, dir, dir, dir, dir, dir);
    write_file("config", cfg);
    write_file("token", JWT);
    write_file("token-nl", JWT "\n");
    write_file("empty", "\n");
    write_file("not-jwt", "hello");
}

/* Resolve settings for profile (from --profile when flag, else AWS_PROFILE). */
static bool settings_for(const char *profile, bool flag, struct klx_settings *s)
{
    struct klx_flags f = {.profile = flag ? profile : NULL};
    struct buf err = BUF_INIT;
    if (!flag)
        setenv("AWS_PROFILE", profile, 1);
    bool ok = settings_resolve(&f, s, &err) == 0;
    if (!ok)
        printf("settings: %s\n", buf_cstr(&err));
    unsetenv("AWS_PROFILE");
    buf_free(&err);
    return ok;
}

/* On the settings for profile (see settings_for), with *c and why made fresh: the whole chain
   when chain, else the web identity source alone, reading the environment when use_env. */
static enum creds_result get(const char *profile, bool flag, bool chain, bool use_env,
                             struct aws_creds *c, struct buf *why)
{
    struct klx_settings s;
    buf_reset(why);
    memset(c, 0, sizeof *c);
    if (!settings_for(profile, flag, &s))
        return CREDS_ERROR;
    enum creds_result r = chain ? creds_resolve(&s, c, why) : creds_webid_get(&s, use_env, c, why);
    settings_free(&s);
    return r;
}

static enum creds_result webid(const char *profile, bool use_env, struct aws_creds *c,
                               struct buf *why)
{
    return get(profile, true, false, use_env, c, why);
}

static bool has(const struct buf *b, const char *what)
{
    bool ok = strstr(buf_cstr(b), what) != NULL;
    if (!ok)
        printf("     looked for \"%s\" in: %s\n", what, buf_cstr(b));
    return ok;
}

/* How many times the simulator's log names this operation. */
static int logged(const char *op)
{
    size_t n = 0;
    char *text = test_slurp(log_path, &n), needle[128];
    snprintf(needle, sizeof needle, "\"operation\":\"%s\"", op);
    int count = 0;
    for (const char *p = text; p && (p = strstr(p, needle)); p++)
        count++;
    free(text);
    return count;
}

static void test_profile(void)
{
    struct aws_creds c;
    struct buf why = BUF_INIT;
    int before = logged("AssumeRoleWithWebIdentity");
    CHECK_INT(webid("wi", true, &c, &why), CREDS_FOUND);
    CHECK(c.access_key_id && strncmp(c.access_key_id, "ASIA", 4) == 0);
    CHECK(c.secret_access_key && c.session_token && c.expiration > 0);
    CHECK_STR(c.source, "web-identity");
    CHECK(has(&why, "web-identity: profile wi: assumed role " ROLE));
    CHECK(!strstr(buf_cstr(&why), JWT)); /* the token is never in a message */
    CHECK_INT(logged("AssumeRoleWithWebIdentity"), before + 1);
    aws_creds_clear(&c);
    /* A token file with a line end, as `echo` writes it. */
    CHECK_INT(webid("wi-nl", false, &c, &why), CREDS_FOUND);
    aws_creds_clear(&c);
    buf_free(&why);
}

/* The environment's settings win, each on its own (botocore's order), unless use_env is off. */
static void test_environment(void)
{
    struct aws_creds c;
    struct buf why = BUF_INIT;
    CHECK_INT(webid("plain", true, &c, &why), CREDS_NOT_FOUND);
    CHECK(has(&why, "has no web_identity_token_file (nor AWS_WEB_IDENTITY_TOKEN_FILE)"));
    setenv("AWS_WEB_IDENTITY_TOKEN_FILE", test_pathf("%s/token", dir), 1);
    CHECK_INT(webid("plain", true, &c, &why), CREDS_ERROR);
    CHECK(has(&why, "AWS_WEB_IDENTITY_TOKEN_FILE names a web identity token file but no role"));
    setenv("AWS_ROLE_ARN", ROLE, 1);
    setenv("AWS_ROLE_SESSION_NAME", "from-env", 1);
    CHECK_INT(webid("plain", true, &c, &why), CREDS_FOUND);
    CHECK(has(&why, "with the web identity token from AWS_WEB_IDENTITY_TOKEN_FILE"));
    aws_creds_clear(&c);
    /* The profile's source_profile use reads the profile only. */
    CHECK_INT(webid("plain", false, &c, &why), CREDS_NOT_FOUND);
    /* AWS_ROLE_ARN over the profile's role: the denied role is not the one asked for. */
    CHECK_INT(webid("wi-denied", true, &c, &why), CREDS_FOUND);
    aws_creds_clear(&c);
    unsetenv("AWS_WEB_IDENTITY_TOKEN_FILE");
    unsetenv("AWS_ROLE_ARN");
    unsetenv("AWS_ROLE_SESSION_NAME");
    buf_free(&why);
}

/* Each bad input stops the chain with a message naming the profile and what to do. */
static void test_refusals(void)
{
    static const struct {
        int line;
        const char *profile, *msg;
    } r[] = {
        {__LINE__, "wi-norole",
         "web-identity: profile wi-norole: web_identity_token_file names a web identity token "
         "file but no role is set; set role_arn in the profile or AWS_ROLE_ARN"},
        {__LINE__, "wi-missing",
         "web-identity: profile wi-missing: the web identity token file "
         "(web_identity_token_file) cannot be read"},
        {__LINE__, "wi-empty", "web-identity: profile wi-empty: the web identity token file "},
        {__LINE__, "wi-empty", "is empty; write the identity provider's token into it"},
        {__LINE__, "wi-bad", "STS does not accept the web identity token in "},
        {__LINE__, "wi-bad", "InvalidIdentityToken"},
        {__LINE__, "wi-denied", "access denied by the trust policy of the role"},
    };
    struct aws_creds c;
    struct buf why = BUF_INIT;
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        CHECK_INT_AT(r[i].line, webid(r[i].profile, true, &c, &why), CREDS_ERROR);
        CHECK_AT(r[i].line, has(&why, r[i].msg));
        CHECK_AT(r[i].line, c.access_key_id == NULL);
    }
    buf_free(&why);
}

static enum creds_result resolve(const char *profile, bool flag, struct aws_creds *c,
                                 struct buf *why)
{
    return get(profile, flag, true, false, c, why);
}

/* In the chain: a web identity profile, and one as a role's source_profile. */
static void test_chain(void)
{
    struct aws_creds c;
    struct buf why = BUF_INIT;
    CHECK_INT(resolve("wi", true, &c, &why), CREDS_FOUND);
    CHECK_STR(c.source, "web-identity");
    CHECK(has(&why, "assume-role: profile wi uses web identity"));
    aws_creds_clear(&c);
    int before = logged("AssumeRole");
    CHECK_INT(resolve("chained", true, &c, &why), CREDS_FOUND);
    CHECK_STR(c.source, "assume-role");
    CHECK_INT(logged("AssumeRole"), before + 1); /* signed with the web identity session */
    aws_creds_clear(&c);
    buf_free(&why);
}

/* --profile leaves the environment's keys out, so credential_source = Environment assumes the
   role; AWS_PROFILE does not (botocore). */
static void test_profile_flag(void)
{
    struct aws_creds c;
    struct buf why = BUF_INIT;
    setenv("AWS_ACCESS_KEY_ID", SIM_TRAINING_ACCESS_KEY_ID, 1);
    setenv("AWS_SECRET_ACCESS_KEY", SIM_TRAINING_SECRET_ACCESS_KEY, 1);
    CHECK_INT(resolve("envrole", true, &c, &why), CREDS_FOUND);
    CHECK_STR(c.source, "assume-role");
    CHECK(has(&why, "environment: not used: --profile chose the profile"));
    aws_creds_clear(&c);
    CHECK_INT(resolve("envrole", false, &c, &why), CREDS_FOUND);
    CHECK_STR(c.source, "environment");
    CHECK_STR(c.access_key_id, SIM_TRAINING_ACCESS_KEY_ID);
    aws_creds_clear(&c);
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    buf_free(&why);
}

int main(void)
{
    test_clear_aws_env();
    setenv("KLAXON_KEYRING", "none", 1);
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    test_mkdtemp(dir, sizeof dir, "webid");
    setenv("HOME", dir, 1);
    write_config();
    setenv("AWS_CONFIG_FILE", test_pathf("%s/config", dir), 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", test_pathf("%s/credentials", dir), 1);
    log_path = strdup(test_pathf("%s/sim.log", dir));
    struct sim_options opt = {.log_file = log_path, .sts_deny_role = DENIED};
    struct sim *sim = tsim_start(&opt);
    if (!sim)
        return 1;
    setenv("AWS_ENDPOINT_URL_STS", sim_url(sim), 1);
    RUN(test_profile);
    RUN(test_environment);
    RUN(test_refusals);
    RUN(test_chain);
    RUN(test_profile_flag);
    sim_stop(sim);
    test_rmtree(dir);
    free((char *)log_path);
    return test_summary();
}
