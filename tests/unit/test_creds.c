/* Tests for the credential chain and each provider; IMDS runs against a fake on 127.0.0.1 only. */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client/config.h"
#include "client/creds.h"
#include "client/creds_providers.h"
#include "client/settings.h"
#include "core/xalloc.h"
#include "test.h"

extern char **environ;

static char tmpdir[512];

/* Every secret the tests hand out: none may ever appear in a report. */
static const char *const secrets[] = {
    "env/secret",       "env-token",          "default/secret",       "dev/secret",
    "dev-token",        "config/file/secret", "fake/process/secret",  "fake-process-token",
    "fake/imds/secret", "fake-imds-session",  "fake-imds-token-0123", "half/secret",
};

static bool contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

static bool no_secret(const char *text)
{
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
        if (contains(text, secrets[i])) {
            printf("     secret \"%s\" leaked into: %s\n", secrets[i], text);
            return false;
        }
    return true;
}

static const char *tool(const char *name)
{
    return test_pathf("%s/../tools/%s", test_data_dir(), name);
}

/* A credential_process command line running the fake helper in the given mode. */
static char *fake_process(const char *mode)
{
    return xasprintf("python3 '%s' %s", tool("fake_credential_process.py"), mode);
}

static void clear_env(void)
{
    test_clear_aws_env();
    unsetenv("FAKE_PID_FILE"); /* the fake credential_process's, from an earlier test */
    /* Never reach the real 169.254.169.254: only the IMDS tests lift this, with a local URL. */
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
}

/* Settings over in-memory files, as settings_resolve would leave them. */
static void fake_settings(struct klx_settings *s, const char *cfg, const char *cred,
                          const char *profile)
{
    memset(s, 0, sizeof *s);
    s->config = aws_config_parse(cfg, cred, NULL);
    s->profile = xstrdup(profile);
    s->profile_explicit = strcmp(profile, "default") != 0;
    s->config_file = xstrdup("/test/config");
    s->credentials_file = xstrdup("/test/credentials");
}

static const char cred_file[] = "[default]\n"
                                "aws_access_key_id = AKIDDEFAULT\n"
                                "aws_secret_access_key = default/secret\n"
                                "[dev]\n"
                                "aws_access_key_id = AKIDDEV\n"
                                "aws_secret_access_key = dev/secret\n"
                                "aws_session_token = dev-token\n"
                                "[half]\n"
                                "aws_access_key_id = AKIDHALF\n"
                                "[emptysecret]\n"
                                "aws_access_key_id = AKIDEMPTY\n"
                                "aws_secret_access_key =\n"
                                "[secretonly]\n"
                                "aws_secret_access_key = half/secret\n"
                                "[nokeys]\n"
                                "region = us-east-1\n"
                                "[legacy]\n"
                                "aws_access_key_id = AKIDLEGACY\n"
                                "aws_secret_access_key = dev/secret\n"
                                "aws_security_token = dev-token\n"
                                "[credrole]\n"
                                "role_arn = arn:aws:iam::123456789012:role/x\n";

static const char config_file[] = "[default]\n"
                                  "region = us-east-1\n"
                                  "[profile dev]\n"
                                  "aws_access_key_id = AKIDDEVCONFIG\n"
                                  "aws_secret_access_key = config/file/secret\n"
                                  "[profile cfgkeys]\n"
                                  "aws_access_key_id = AKIDCONFIGFILE\n"
                                  "aws_secret_access_key = config/file/secret\n"
                                  "[profile cfghalf]\n"
                                  "aws_secret_access_key = config/file/secret\n"
                                  "[profile role]\n"
                                  "role_arn = arn:aws:iam::123456789012:role/responder\n"
                                  "source_profile = default\n"
                                  "[profile sso]\n"
                                  "sso_session = corp\n"
                                  "[profile webid]\n"
                                  "web_identity_token_file = /x\n"
                                  "[profile plain]\n"
                                  "region = eu-west-1\n";

/* Run one provider on a profile of the files above. */
static enum creds_result provide(const struct creds_provider *p, const char *profile,
                                 struct aws_creds *out, struct buf *why)
{
    struct klx_settings s;
    fake_settings(&s, config_file, cred_file, profile);
    memset(out, 0, sizeof *out);
    buf_reset(why);
    enum creds_result r = p->get(&s, out, why);
    settings_free(&s);
    return r;
}

/* ---- the secret type and helpers ---- */

static void test_creds_copy_clear(void)
{
    struct aws_creds a = {0}, b = {0};
    creds_set(&a, "AKID", "sec", "tok", 42, "test");
    aws_creds_copy(&b, &a);
    CHECK_STR(b.access_key_id, "AKID");
    CHECK_STR(b.secret_access_key, "sec");
    CHECK_STR(b.session_token, "tok");
    CHECK_INT(b.expiration, 42);
    CHECK_STR(b.source, "test");
    CHECK(b.secret_access_key != a.secret_access_key);
    aws_creds_clear(&a);
    CHECK(a.access_key_id == NULL && a.secret_access_key == NULL && a.session_token == NULL);
    CHECK_INT(a.expiration, 0);
    aws_creds_clear(&b);
    aws_creds_clear(&b);
    aws_creds_clear(NULL);
    creds_set(&a, "AKID", "sec", "", 0, "test");
    CHECK(a.session_token == NULL); /* an empty token is no token */
    aws_creds_clear(&a);
}

static void test_parse_time(void)
{
    long long t = 0;
    static const struct {
        int line;
        const char *text;
        long long want;
    } good[] = {
        {__LINE__, "1970-01-01T00:00:00Z", 0},
        {__LINE__, "2024-05-01T12:34:56Z", 1714566896},
        {__LINE__, "2024-05-01T12:34:56.789Z", 1714566896},
        {__LINE__, "2024-05-01T14:34:56+02:00", 1714566896},
        {__LINE__, "2024-05-01T07:34:56-0500", 1714566896},
        {__LINE__, "2024-05-01 12:34:56", 1714566896},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        CHECK_INT_AT(good[i].line, creds_parse_time(good[i].text, &t), 0);
        CHECK_INT_AT(good[i].line, t, good[i].want);
    }
    static const char *const bad[] = {"",
                                      "tomorrow",
                                      "2024-05-01",
                                      "2024-13-01T00:00:00Z",
                                      "2024-02-31T00:00:00Z",
                                      "2024-05-01T25:00:00Z",
                                      "2024-05-01T12:34:56Zjunk",
                                      "2024-05-01T12:34:56+2",
                                      "2024-05-01T12:34:56.Z",
                                      "24-05-01T12:34:56Z"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(creds_parse_time(bad[i], &t), -1);
    CHECK_INT(creds_parse_time(NULL, &t), -1);
    char out[32];
    creds_format_time(1714566896, out);
    CHECK_STR(out, "2024-05-01T12:34:56Z");
}

/* ---- environment ---- */

static void test_env_provider(void)
{
    clear_env();
    struct aws_creds c;
    struct buf why = BUF_INIT;
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "env/secret", 1);
    CHECK_INT(provide(&creds_provider_env, "default", &c, &why), CREDS_FOUND);
    CHECK_STR(c.access_key_id, "AKIDENV");
    CHECK_STR(c.secret_access_key, "env/secret");
    CHECK(c.session_token == NULL);
    CHECK_STR(c.source, "environment");
    CHECK(no_secret(buf_cstr(&why)));
    aws_creds_clear(&c);

    setenv("AWS_SECURITY_TOKEN", "env-token-old", 1);
    CHECK_INT(provide(&creds_provider_env, "default", &c, &why), CREDS_FOUND);
    CHECK_STR(c.session_token, "env-token-old");
    aws_creds_clear(&c);
    setenv("AWS_SESSION_TOKEN", "env-token", 1);
    CHECK_INT(provide(&creds_provider_env, "default", &c, &why), CREDS_FOUND);
    CHECK_STR(c.session_token, "env-token");
    CHECK(contains(buf_cstr(&why), "with a session token"));
    CHECK(no_secret(buf_cstr(&why)));
    aws_creds_clear(&c);

    setenv("AWS_CREDENTIAL_EXPIRATION", "2000-01-01T00:00:00Z", 1);
    CHECK_INT(provide(&creds_provider_env, "default", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "environment: the credentials expired at 2000-01-01T00:00:00Z"));
    CHECK(c.access_key_id == NULL);
    setenv("AWS_CREDENTIAL_EXPIRATION", "soon", 1);
    CHECK_INT(provide(&creds_provider_env, "default", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time"));
    setenv("AWS_CREDENTIAL_EXPIRATION", "2999-01-01T00:00:00Z", 1);
    CHECK_INT(provide(&creds_provider_env, "default", &c, &why), CREDS_FOUND);
    CHECK(c.expiration > 0);
    aws_creds_clear(&c);
    unsetenv("AWS_CREDENTIAL_EXPIRATION");

    /* Half a pair is an error naming what is missing. */
    unsetenv("AWS_SECRET_ACCESS_KEY");
    CHECK_INT(provide(&creds_provider_env, "default", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"));
    unsetenv("AWS_ACCESS_KEY_ID");
    setenv("AWS_SECRET_ACCESS_KEY", "env/secret", 1);
    CHECK_INT(provide(&creds_provider_env, "default", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"));
    CHECK(no_secret(buf_cstr(&why)));
    /* Empty counts as unset. */
    setenv("AWS_SECRET_ACCESS_KEY", "", 1);
    setenv("AWS_ACCESS_KEY_ID", "", 1);
    CHECK_INT(provide(&creds_provider_env, "default", &c, &why), CREDS_NOT_FOUND);
    clear_env();
    buf_free(&why);
}

/* ---- the shared files ---- */

/* A profile a provider does not take keys from: what it returns and the reason it gives. */
struct refusal {
    int line;
    const char *profile;
    enum creds_result want;
    const char *msg; /* NULL: the reason is not checked */
};

/* Each refusal in turn: its result, its reason, no secret in it and no key handed out. */
static void refusals(const struct creds_provider *p, const struct refusal *r, size_t n)
{
    struct aws_creds c;
    struct buf why = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        CHECK_INT_AT(r[i].line, provide(p, r[i].profile, &c, &why), r[i].want);
        if (r[i].msg)
            CHECK_AT(r[i].line, contains(buf_cstr(&why), r[i].msg));
        CHECK(no_secret(buf_cstr(&why)));
        CHECK(c.access_key_id == NULL);
    }
    buf_free(&why);
}

static void test_file_providers(void)
{
    clear_env();
    const struct creds_provider *p = &creds_provider_credentials_file;
    struct aws_creds c;
    struct buf why = BUF_INIT;
    CHECK_INT(provide(p, "default", &c, &why), CREDS_FOUND);
    CHECK_STR(c.access_key_id, "AKIDDEFAULT");
    CHECK_STR(c.secret_access_key, "default/secret");
    CHECK(c.session_token == NULL);
    CHECK_INT(c.expiration, 0);
    CHECK_STR(c.source, "credentials-file");
    CHECK(contains(buf_cstr(&why), "credentials-file: profile default: using"));
    CHECK(contains(buf_cstr(&why), "/test/credentials"));
    aws_creds_clear(&c);
    CHECK_INT(provide(p, "dev", &c, &why), CREDS_FOUND);
    CHECK_STR(c.session_token, "dev-token");
    CHECK(no_secret(buf_cstr(&why)));
    aws_creds_clear(&c);
    CHECK_INT(provide(p, "legacy", &c, &why), CREDS_FOUND);
    CHECK_STR(c.session_token, "dev-token");
    aws_creds_clear(&c);

    /* Keys in the config file itself, as the CLI also takes them. */
    p = &creds_provider_config_file;
    CHECK_INT(provide(p, "cfgkeys", &c, &why), CREDS_FOUND);
    CHECK_STR(c.access_key_id, "AKIDCONFIGFILE");
    CHECK_STR(c.source, "config-file");
    CHECK(contains(buf_cstr(&why), "config-file: profile cfgkeys: using"));
    CHECK(no_secret(buf_cstr(&why)));
    aws_creds_clear(&c);
    buf_free(&why);
}

/* Profiles each provider refuses when nothing else is set, with the reason each gives. */
static void test_providers_refused(void)
{
    clear_env();
    static const struct refusal env[] = {
        {__LINE__, "default", CREDS_NOT_FOUND,
         "environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"},
    };
    static const struct refusal process[] = {
        {__LINE__, "plain", CREDS_NOT_FOUND,
         "credential_process: profile plain has no credential_process"},
    };
    static const struct refusal file[] = {
        {__LINE__, "cfgkeys", CREDS_NOT_FOUND,
         "credentials-file: profile cfgkeys is not in /test/credentials"},
        {__LINE__, "nokeys", CREDS_NOT_FOUND, "has no aws_access_key_id"},
        {__LINE__, "half", CREDS_ERROR, "has no aws_secret_access_key"},
        {__LINE__, "emptysecret", CREDS_ERROR, "has an empty aws_secret_access_key"},
        {__LINE__, "secretonly", CREDS_ERROR, "has no aws_access_key_id; set both keys"},
    };
    static const struct refusal config[] = {
        {__LINE__, "plain", CREDS_NOT_FOUND, "config-file: profile plain in /test/config has no"},
        {__LINE__, "credonly-nowhere", CREDS_NOT_FOUND, "is not in /test/config"},
        {__LINE__, "cfghalf", CREDS_ERROR, "has no aws_access_key_id"},
    };
    static const struct refusal role[] = {
        {__LINE__, "role", CREDS_ERROR,
         "STS could not assume role arn:aws:iam::123456789012:role/"
         "responder (source: default)"},
        {__LINE__, "credrole", CREDS_ERROR, "neither source_profile nor credential_source"},
        {__LINE__, "sso", CREDS_NOT_FOUND, "assume-role: profile sso has no role_arn"},
        {__LINE__, "webid", CREDS_NOT_FOUND, "assume-role: profile webid uses web identity"},
        {__LINE__, "plain", CREDS_NOT_FOUND, "assume-role: profile plain has no role_arn"},
    };
    refusals(&creds_provider_env, env, sizeof env / sizeof env[0]);
    refusals(&creds_provider_process, process, sizeof process / sizeof process[0]);
    refusals(&creds_provider_credentials_file, file, sizeof file / sizeof file[0]);
    refusals(&creds_provider_config_file, config, sizeof config / sizeof config[0]);
    /* Nothing listens on port 1: the role is tried, STS is not reached, no key comes back. */
    setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1", 1);
    refusals(&creds_provider_assume_role, role, sizeof role / sizeof role[0]);
    unsetenv("AWS_ENDPOINT_URL_STS");
}

static enum creds_result resolve(const char *cfg, const char *cred, const char *profile,
                                 struct aws_creds *out, struct buf *why);

/* A source_profile chain that loops, or leads nowhere, is refused before any call to STS. */
static void test_role_chain_refused(void)
{
    static const char cfg[] = "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
                              "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n"
                              "[profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = a\n"
                              "[profile lost]\nrole_arn = arn:aws:iam::1:role/l\n"
                              "source_profile = nowhere\n"
                              "[profile both]\nrole_arn = arn:aws:iam::1:role/x\n"
                              "source_profile = a\ncredential_source = Environment\n"
                              "[profile ecs]\nrole_arn = arn:aws:iam::1:role/x\n"
                              "credential_source = EcsContainer\n"
                              "[profile long]\nrole_arn = arn:aws:iam::1:role/x\n"
                              "credential_source = Environment\nduration_seconds = 1h\n";
    static const struct {
        int line;
        const char *profile, *msg;
    } r[] = {
        {__LINE__, "a", "the source_profile chain loops: a -> b -> c -> a"},
        {__LINE__, "b", "the source_profile chain loops: b -> c -> a -> b"},
        {__LINE__, "lost", "names source_profile nowhere, which is in neither"},
        {__LINE__, "both", "sets both source_profile and credential_source"},
        {__LINE__, "ecs", "supports Environment and Ec2InstanceMetadata"},
        {__LINE__, "long", "sets duration_seconds 1h: expected whole seconds from 900 to 43200"},
    };
    clear_env();
    struct aws_creds c;
    struct buf why = BUF_INIT;
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        CHECK_INT_AT(r[i].line, resolve(cfg, "", r[i].profile, &c, &why), CREDS_ERROR);
        CHECK_AT(r[i].line, contains(buf_cstr(&why), r[i].msg));
        CHECK_AT(r[i].line, c.access_key_id == NULL);
    }
    buf_free(&why);
}

/* ---- the chain ---- */

static void test_chain_order(void)
{
    static const char *const want[] = {
        "environment", "keyring", "assume-role", "web-identity", "sso", "credentials-file",
        "credential_process", "config-file", "imds"};
    size_t n = 0;
    while (creds_chain[n])
        n++;
    CHECK_INT(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n && i < sizeof want / sizeof want[0]; i++)
        CHECK_STR(creds_chain[i]->name, want[i]);
}

/* creds_resolve over the given files and profile. */
static enum creds_result resolve(const char *cfg, const char *cred, const char *profile,
                                 struct aws_creds *out, struct buf *why)
{
    struct klx_settings s;
    fake_settings(&s, cfg, cred, profile);
    buf_reset(why);
    enum creds_result r = creds_resolve(&s, out, why);
    settings_free(&s);
    return r;
}

static void test_resolve_precedence(void)
{
    clear_env();
    struct aws_creds c;
    struct buf why = BUF_INIT;
    /* Credentials file over config file for the same profile. */
    CHECK_INT(resolve(config_file, cred_file, "dev", &c, &why), CREDS_FOUND);
    CHECK_STR(c.access_key_id, "AKIDDEV");
    CHECK_STR(c.source, "credentials-file");
    CHECK(no_secret(buf_cstr(&why)));
    aws_creds_clear(&c);
    /* Environment over both. */
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "env/secret", 1);
    CHECK_INT(resolve(config_file, cred_file, "dev", &c, &why), CREDS_FOUND);
    CHECK_STR(c.access_key_id, "AKIDENV");
    CHECK_STR(c.source, "environment");
    aws_creds_clear(&c);
    /* Environment keys win even over a role profile (the CLI's order). */
    CHECK_INT(resolve(config_file, cred_file, "role", &c, &why), CREDS_FOUND);
    aws_creds_clear(&c);
    /* A broken source stops the chain: no falling through to another identity. */
    unsetenv("AWS_SECRET_ACCESS_KEY");
    CHECK_INT(resolve(config_file, cred_file, "dev", &c, &why), CREDS_ERROR);
    CHECK(c.access_key_id == NULL);
    CHECK(contains(buf_cstr(&why), "AWS_SECRET_ACCESS_KEY is not"));
    CHECK(!contains(buf_cstr(&why), "To fix"));
    clear_env();
    /* A role profile comes before any file's keys: they are not used behind its back. */
    char *cfg = xasprintf("[profile both]\nrole_arn = arn:aws:iam::1:role/r\n");
    CHECK_INT(resolve(cfg, "[both]\naws_access_key_id = A\naws_secret_access_key = dev/secret\n",
                      "both", &c, &why),
              CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "sets role_arn but neither source_profile"));
    free(cfg);
    /* Config-file keys when the credentials file has none. */
    CHECK_INT(resolve(config_file, cred_file, "cfgkeys", &c, &why), CREDS_FOUND);
    CHECK_STR(c.source, "config-file");
    aws_creds_clear(&c);
    buf_free(&why);
}

static void test_resolve_process_order(void)
{
    clear_env();
    struct aws_creds c;
    struct buf why = BUF_INIT;
    char *proc = fake_process("ok");
    /* credential_process beats static keys in the config file (as in the CLI)... */
    char *cfg = xasprintf("[profile p]\ncredential_process = %s\naws_access_key_id = AKIDCFG\n"
                          "aws_secret_access_key = config/file/secret\n",
                          proc);
    CHECK_INT(resolve(cfg, NULL, "p", &c, &why), CREDS_FOUND);
    CHECK_STR(c.access_key_id, "AKIDFAKEPROCESS");
    CHECK_STR(c.source, "credential_process");
    CHECK(no_secret(buf_cstr(&why)));
    aws_creds_clear(&c);
    /* ...but not keys in the credentials file. */
    CHECK_INT(resolve(cfg,
                      "[p]\naws_access_key_id = AKIDCRED\naws_secret_access_key = dev/secret\n",
                      "p", &c, &why),
              CREDS_FOUND);
    CHECK_STR(c.access_key_id, "AKIDCRED");
    aws_creds_clear(&c);
    /* credential_process in the credentials file counts too (the CLI merges the two). */
    char *cred = xasprintf("[q]\ncredential_process = %s\n", proc);
    CHECK_INT(resolve(NULL, cred, "q", &c, &why), CREDS_FOUND);
    CHECK_STR(c.source, "credential_process");
    aws_creds_clear(&c);
    /* A credential_process that fails stops the chain with its reason. */
    char *v2 = fake_process("v2");
    char *bad = xasprintf("[default]\ncredential_process = %s\n", v2);
    CHECK_INT(resolve(bad, NULL, "default", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "Version 2 is not supported"));
    free(bad);
    free(v2);
    free(cred);
    free(cfg);
    free(proc);
    buf_free(&why);
}

static void test_resolve_nothing_found(void)
{
    clear_env();
    struct aws_creds c;
    struct buf why = BUF_INIT;
    CHECK_INT(resolve(config_file, cred_file, "plain", &c, &why), CREDS_NOT_FOUND);
    const char *t = buf_cstr(&why);
    static const char *const tried[] = {"  environment: ",
                                        "  keyring: ",
                                        "  assume-role: ",
                                        "  credentials-file: ",
                                        "  credential_process: ",
                                        "  config-file: ",
                                        "  imds: disabled by AWS_EC2_METADATA_DISABLED"};
    for (size_t i = 0; i < sizeof tried / sizeof tried[0]; i++)
        CHECK(contains(t, tried[i]));
    /* In chain order, then the fix. */
    CHECK(strstr(t, "environment:") < strstr(t, "keyring:"));
    CHECK(strstr(t, "config-file:") < strstr(t, "imds:"));
    CHECK(contains(t, "To fix: run `klaxon credentials set --profile plain`, set "
                      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure profile plain"));
    CHECK(c.access_key_id == NULL && c.source == NULL);
    /* No files at all. */
    CHECK_INT(resolve(NULL, NULL, "default", &c, &why), CREDS_NOT_FOUND);
    CHECK(contains(buf_cstr(&why), "To fix: run `klaxon credentials set`"));
    buf_free(&why);
}

/* ---- credential_process ---- */

static const char *joined(char **argv)
{
    static char out[512];
    out[0] = '\0';
    for (size_t i = 0; argv && argv[i]; i++) {
        if (i)
            strncat(out, "|", sizeof out - strlen(out) - 1);
        strncat(out, argv[i], sizeof out - strlen(out) - 1);
    }
    return out;
}

static void test_process_split(void)
{
    static const struct {
        const char *cmd, *want; /* want NULL: an error */
    } cases[] = {
        {"a b  c", "a|b|c"},
        {"  lead\ttab\nnl  ", "lead|tab|nl"},
        {"'a b' c", "a b|c"},
        {"\"a \\\" b\"", "a \" b"},
        {"a\\ b", "a b"},
        {"\"\\$HOME \\` \\\\ \\n\"", "$HOME ` \\ \\n"},
        {"'it''s'", "its"},
        {"'\\n'", "\\n"},
        {"x '' y", "x||y"},
        {"a''b", "ab"},
        {"a\\\nb", "ab"},
        {"$HOME #x ~", "$HOME|#x|~"},
        {"aws configure export-credentials --profile 'my prof' --format process",
         "aws|configure|export-credentials|--profile|my prof|--format|process"},
        {"\"unterminated", NULL},
        {"'x", NULL},
        {"x\\", NULL},
        {"", NULL},
        {"   ", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char **argv = NULL;
        struct buf err = BUF_INIT;
        int rc = creds_process_split(cases[i].cmd, &argv, &err);
        if (cases[i].want) {
            if (!CHECK_INT(rc, 0))
                printf("     case: %s (%s)\n", cases[i].cmd, buf_cstr(&err));
            CHECK_STR(joined(argv), cases[i].want);
        } else {
            if (!CHECK_INT(rc, -1))
                printf("     case: %s\n", cases[i].cmd);
            CHECK(argv == NULL && err.len > 0);
        }
        creds_process_argv_free(argv);
        buf_free(&err);
    }
}

/* Run the fake helper in mode; the report goes to why. */
static enum creds_result run_fake(const char *mode, struct aws_creds *c, struct buf *why)
{
    char *cmd = fake_process(mode);
    buf_reset(why);
    memset(c, 0, sizeof *c);
    enum creds_result r = creds_process_run(cmd, c, why);
    free(cmd);
    return r;
}

/* Temporary keys as handed out: each part, an expiry still ahead, and where they came from; the
   checks are the caller's (line). */
static void check_temp_keys(int line, const struct aws_creds *c, const char *akid,
                            const char *secret, const char *token, const char *source)
{
    CHECK_STR_AT(line, c->access_key_id, akid);
    CHECK_STR_AT(line, c->secret_access_key, secret);
    CHECK_STR_AT(line, c->session_token, token);
    CHECK_AT(line, c->expiration > (long long)time(NULL));
    CHECK_STR_AT(line, c->source, source);
}

static void test_process_success(void)
{
    clear_env();
    struct aws_creds c;
    struct buf why = BUF_INIT;
    CHECK_INT(run_fake("ok", &c, &why), CREDS_FOUND);
    check_temp_keys(__LINE__, &c, "AKIDFAKEPROCESS", "fake/process/secret", "fake-process-token",
                    "credential_process");
    CHECK(contains(buf_cstr(&why), "credential_process: using the keys python3 printed (they "
                                   "expire at"));
    CHECK(no_secret(buf_cstr(&why)));
    aws_creds_clear(&c);
    CHECK_INT(run_fake("noexp", &c, &why), CREDS_FOUND);
    CHECK_INT(c.expiration, 0);
    CHECK(c.session_token == NULL);
    aws_creds_clear(&c);
    /* Arguments reach the helper exactly as quoted, with no shell in between. */
    CHECK_INT(run_fake("args 'a b' \"c\\\"d\" e\\ f '' '$HOME' ';' '|' g", &c, &why), CREDS_FOUND);
    CHECK_STR(c.access_key_id, "a b|c\"d|e f||$HOME|;|||g");
    aws_creds_clear(&c);
    CHECK_INT(run_fake("stdin", &c, &why), CREDS_FOUND);
    CHECK_STR(c.access_key_id, "stdin-empty");
    aws_creds_clear(&c);
    /* The helper never sees our keys. */
    setenv("AWS_SECRET_ACCESS_KEY", "env/secret", 1);
    setenv("AWS_SESSION_TOKEN", "env-token", 1);
    CHECK_INT(run_fake("env", &c, &why), CREDS_FOUND);
    CHECK_STR(c.access_key_id, "env-clean");
    aws_creds_clear(&c);
    clear_env();
    buf_free(&why);
}

static void test_process_bad_output(void)
{
    clear_env();
    static const struct test_pair cases[] = {
        {"garbage", "credential_process: the output is not JSON (line 1, column"},
        {"v2", "credential_process: Version 2 is not supported (expected 1)"},
        {"noversion", "credential_process: the output has no Version"},
        {"nosecret", "credential_process: the output has no SecretAccessKey"},
        {"expired", "credential_process: the credentials expired at"},
        {"badexp", "credential_process: the output's Expiration is not an ISO 8601 time"},
        {"notobject", "credential_process: the output is JSON but not an object"},
        {"fail", "credential_process: python3 exited with status 3: fake: session expired, run "
                 "login"},
        {"huge", "credential_process: printed more than 64 KiB; stopped"},
    };
    struct aws_creds c;
    struct buf why = BUF_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum creds_result r = run_fake(cases[i].in, &c, &why);
        if (!CHECK_INT(r, CREDS_ERROR) || !CHECK(contains(buf_cstr(&why), cases[i].want)))
            printf("     mode %s: %s\n", cases[i].in, buf_cstr(&why));
        CHECK(c.access_key_id == NULL && c.secret_access_key == NULL);
        CHECK(no_secret(buf_cstr(&why)));
    }
    buf_free(&why);
}

static void test_process_parse_direct(void)
{
    struct aws_creds c = {0};
    struct buf why = BUF_INIT;
    const char *ok = "{\"Version\": 1.0, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", "
                     "\"SessionToken\": null, \"Expiration\": null}";
    CHECK_INT(creds_process_parse(ok, strlen(ok), &c, &why), CREDS_FOUND);
    CHECK(c.session_token == NULL && c.expiration == 0);
    aws_creds_clear(&c);
    static const char *const bad[] = {
        "{\"Version\": \"1\", \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}",
        "{\"Version\": 1, \"AccessKeyId\": \"\", \"SecretAccessKey\": \"S\"}",
        "{\"Version\": 1, \"AccessKeyId\": 5, \"SecretAccessKey\": \"S\"}",
        "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", \"SessionToken\": 1}",
        "{\"Version\": 1, \"AccessKeyId\": \"A\", \"AccessKeyId\": \"B\", \"SecretAccessKey\": "
        "\"S\"}",
        "",
        "null",
        "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        buf_reset(&why);
        CHECK_INT(creds_process_parse(bad[i], strlen(bad[i]), &c, &why), CREDS_ERROR);
        CHECK(contains(buf_cstr(&why), "credential_process: "));
        CHECK(c.access_key_id == NULL);
    }
    /* NUL bytes in the output are not JSON, and do not crash. */
    CHECK_INT(creds_process_parse("{\"a\0\": 1}", 9, &c, &why), CREDS_ERROR);
    buf_free(&why);
}

static void test_process_hang_times_out(void)
{
    clear_env();
    char pidfile[600];
    snprintf(pidfile, sizeof pidfile, "%s/hang.pid", tmpdir);
    setenv("FAKE_PID_FILE", pidfile, 1);
    /* Long enough for python3 (through a pyenv shim, on a loaded machine) to start and write its
       pid before the timeout: at 1 s it did not always, and the pid check below then failed. */
    setenv("KLAXON_CREDENTIAL_PROCESS_TIMEOUT", "5", 1);
    struct aws_creds c;
    struct buf why = BUF_INIT;
    CHECK_INT(run_fake("hang", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "credential_process: timed out after 5 s and was stopped"));
    /* The child was killed and reaped: its pid no longer exists, not even as a zombie. */
    size_t n = 0;
    char *text = test_slurp(pidfile, &n);
    CHECK(text != NULL && n > 0);
    if (text) {
        pid_t pid = (pid_t)atoi(text);
        CHECK(pid > 0 && kill(pid, 0) == -1 && errno == ESRCH);
        free(text);
    }
    unlink(pidfile);
    setenv("KLAXON_CREDENTIAL_PROCESS_TIMEOUT", "0", 1);
    CHECK_INT(run_fake("ok", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "KLAXON_CREDENTIAL_PROCESS_TIMEOUT must be whole seconds"));
    clear_env();
    buf_free(&why);
}

static void test_process_cannot_run(void)
{
    clear_env();
    struct aws_creds c = {0};
    struct buf why = BUF_INIT;
    /* glibc reports a failed exec from posix_spawn; where it cannot (valgrind), the child's
       exit status 127 says the same. */
    CHECK_INT(creds_process_run("/nonexistent/klx-helper --x", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "credential_process: cannot run /nonexistent/klx-helper: No "
                                   "such file or directory") ||
          contains(buf_cstr(&why), "/nonexistent/klx-helper exited with status 127 (not found?)"));
    buf_reset(&why);
    CHECK_INT(creds_process_run("klx-no-such-helper-on-path", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "cannot run klx-no-such-helper-on-path") ||
          contains(buf_cstr(&why), "klx-no-such-helper-on-path exited with status 127"));
    buf_reset(&why);
    CHECK_INT(creds_process_run("helper 'unterminated", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "the command has an unterminated single quote; fix "
                                   "credential_process"));
    buf_reset(&why);
    /* Exit status without output, and death by signal. */
    CHECK_INT(creds_process_run("false", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "credential_process: false exited with status 1"));
    buf_reset(&why);
    CHECK_INT(creds_process_run("sh -c 'kill -9 $$'", &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "was killed by signal 9"));
    buf_free(&why);
}

/* ---- IMDSv2 against a fake on 127.0.0.1 ---- */

struct fake_server {
    pid_t pid;
    char url[128];
};

static bool start_imds(const char *mode, struct fake_server *srv)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0)
        return false;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    char *argv[] = {"python3", "-u", (char *)tool("fake_imds.py"), "--mode", (char *)mode, NULL};
    int rc = posix_spawnp(&srv->pid, "python3", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    srv->url[0] = '\0';
    if (rc == 0) {
        /* Readiness: the server prints its URL once it is listening. */
        FILE *f = fdopen(p[0], "r");
        char line[256];
        if (!f || !fgets(line, sizeof line, f) || sscanf(line, "listening on %127s", srv->url) != 1)
            srv->url[0] = '\0';
        if (f)
            fclose(f);
        else
            close(p[0]);
    } else {
        close(p[0]);
        srv->pid = -1;
    }
    if (!srv->url[0])
        printf("     fake_imds.py (%s) did not start\n", mode);
    return srv->url[0] != '\0';
}

static void stop_imds(struct fake_server *srv)
{
    if (srv->pid > 0) {
        kill(srv->pid, SIGTERM);
        waitpid(srv->pid, NULL, 0);
    }
    srv->pid = -1;
}

/* Run the IMDS provider against url (never the real endpoint). */
static enum creds_result imds_at(const char *url, const char *cfg, struct aws_creds *c,
                                 struct buf *why)
{
    unsetenv("AWS_EC2_METADATA_DISABLED");
    if (url)
        setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", url, 1);
    else
        unsetenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
    struct klx_settings s;
    fake_settings(&s, cfg, NULL, "default");
    memset(c, 0, sizeof *c);
    buf_reset(why);
    enum creds_result r = creds_provider_imds.get(&s, c, why);
    settings_free(&s);
    clear_env();
    return r;
}

static long raw_get_status(const char *url)
{
    CURL *h = curl_easy_init();
    long status = 0;
    char *full = xasprintf("%s/latest/meta-data/iam/security-credentials/", url);
    curl_easy_setopt(h, CURLOPT_URL, full);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, fwrite);
    FILE *devnull = fopen("/dev/null", "w");
    curl_easy_setopt(h, CURLOPT_WRITEDATA, devnull);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    fclose(devnull);
    curl_easy_cleanup(h);
    free(full);
    return status;
}

static void test_imds_disabled(void)
{
    clear_env();
    setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9", 1);
    struct klx_settings s;
    fake_settings(&s, NULL, NULL, "default");
    struct aws_creds c = {0};
    struct buf why = BUF_INIT;
    setenv("AWS_EC2_METADATA_DISABLED", "TRUE", 1);
    CHECK_INT(creds_provider_imds.get(&s, &c, &why), CREDS_NOT_FOUND);
    CHECK_STR(buf_cstr(&why), "imds: disabled by AWS_EC2_METADATA_DISABLED\n");
    settings_free(&s);
    clear_env();
    buf_free(&why);
}

static void test_imds_success(void)
{
    clear_env();
    struct fake_server srv;
    if (!CHECK(start_imds("ok", &srv)))
        return;
    /* The fake demands the token, as the real service does in IMDSv2-only mode. */
    CHECK_INT(raw_get_status(srv.url), 401);
    struct aws_creds c;
    struct buf why = BUF_INIT;
    CHECK_INT(imds_at(srv.url, NULL, &c, &why), CREDS_FOUND);
    check_temp_keys(__LINE__, &c, "ASIAFAKEIMDSKEY", "fake/imds/secret/key",
                    "fake-imds-session-token", "imds");
    CHECK(contains(buf_cstr(&why), "imds: using the credentials of instance role "
                                   "klaxon-test-role (they expire at"));
    CHECK(no_secret(buf_cstr(&why)));
    aws_creds_clear(&c);
    /* A trailing slash on the endpoint is fine; the profile's endpoint setting is read too. */
    char *slash = xasprintf("%s/", srv.url);
    CHECK_INT(imds_at(slash, NULL, &c, &why), CREDS_FOUND);
    aws_creds_clear(&c);
    char *cfg = xasprintf("[default]\nec2_metadata_service_endpoint = %s\n", srv.url);
    CHECK_INT(imds_at(NULL, cfg, &c, &why), CREDS_FOUND);
    aws_creds_clear(&c);
    /* Last in the chain, when nothing else has keys. */
    unsetenv("AWS_EC2_METADATA_DISABLED");
    setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.url, 1);
    struct klx_settings s;
    fake_settings(&s, "[default]\nregion = us-east-1\n", NULL, "default");
    buf_reset(&why);
    CHECK_INT(creds_resolve(&s, &c, &why), CREDS_FOUND);
    CHECK_STR(c.source, "imds");
    CHECK(no_secret(buf_cstr(&why)));
    aws_creds_clear(&c);
    settings_free(&s);
    clear_env();
    free(cfg);
    free(slash);
    stop_imds(&srv);
    buf_free(&why);
}

static void test_imds_failures(void)
{
    clear_env();
    static const struct {
        const char *mode;
        enum creds_result want;
        const char *msg;
    } cases[] = {
        {"expired", CREDS_ERROR, "imds: the credentials expired at"},
        {"garbage", CREDS_ERROR, "the credentials reply is not a JSON object"},
        {"norole", CREDS_NOT_FOUND, "imds: this EC2 instance has no IAM role"},
        {"forbidden", CREDS_NOT_FOUND, "(the token request got HTTP 403)"},
        {"badrole", CREDS_ERROR, "imds: the instance metadata returned a malformed role name"},
        {"failcode", CREDS_ERROR, "not available (Code AssumeRoleUnauthorizedAccess)"},
        {"nosecret", CREDS_ERROR, "role klaxon-test-role: the reply has no SecretAccessKey"},
        {"hang", CREDS_NOT_FOUND, "timed out"},
    };
    struct aws_creds c;
    struct buf why = BUF_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fake_server srv;
        if (!CHECK(start_imds(cases[i].mode, &srv)))
            continue;
        enum creds_result r = imds_at(srv.url, NULL, &c, &why);
        if (!CHECK_INT(r, cases[i].want) || !CHECK(contains(buf_cstr(&why), cases[i].msg)))
            printf("     mode %s: %s\n", cases[i].mode, buf_cstr(&why));
        CHECK(c.access_key_id == NULL);
        CHECK(no_secret(buf_cstr(&why)));
        stop_imds(&srv);
    }
    buf_free(&why);
}

/* A port that refuses, and one that accepts connections but never answers. */
static void test_imds_unreachable(void)
{
    clear_env();
    struct aws_creds c;
    struct buf why = BUF_INIT;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
    /* Bound but not listening: connection refused. */
    CHECK_INT(imds_at(url, NULL, &c, &why), CREDS_NOT_FOUND);
    CHECK(contains(buf_cstr(&why), "imds: no instance metadata service at http://127.0.0.1:"));
    /* Listening, never accepting: the kernel completes the handshake, nobody replies; the 1 s
       timeout must end it. */
    CHECK(listen(fd, 4) == 0);
    CHECK_INT(imds_at(url, NULL, &c, &why), CREDS_NOT_FOUND);
    CHECK(contains(buf_cstr(&why), "timed out"));
    close(fd);
    buf_free(&why);
}

int main(void)
{
    test_mkdtemp(tmpdir, sizeof tmpdir, "test-creds");
    /* A hang anywhere fails the suite instead of stalling it. */
    alarm(120);
    /* Keep away from the developer's keyring, files and the real metadata service. */
    setenv("HOME", tmpdir, 1);
    setenv("XDG_DATA_HOME", tmpdir, 1);
    setenv("XDG_CONFIG_HOME", tmpdir, 1);
    setenv("XDG_STATE_HOME", tmpdir, 1);
    setenv("KLAXON_KEYRING", "none", 1);
    unsetenv("http_proxy");
    unsetenv("HTTP_PROXY");
    clear_env();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    RUN(test_creds_copy_clear);
    RUN(test_parse_time);
    RUN(test_env_provider);
    RUN(test_file_providers);
    RUN(test_providers_refused);
    RUN(test_role_chain_refused);
    RUN(test_chain_order);
    RUN(test_resolve_precedence);
    RUN(test_resolve_process_order);
    RUN(test_resolve_nothing_found);
    RUN(test_process_split);
    RUN(test_process_success);
    RUN(test_process_bad_output);
    RUN(test_process_parse_direct);
    RUN(test_process_hang_times_out);
    RUN(test_process_cannot_run);
    RUN(test_imds_disabled);
    RUN(test_imds_success);
    RUN(test_imds_failures);
    RUN(test_imds_unreachable);
    curl_global_cleanup();
    rmdir(tmpdir);
    return test_summary();
}
