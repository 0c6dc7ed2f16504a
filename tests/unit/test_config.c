/* Tests for the shared config/credentials parser, and settings precedence (flags > env > files). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/config.h"
#include "client/creds.h"
#include "client/settings.h"
#include "test.h"

static char tmpdir[512];

/* Write a file under tmpdir (bytes may include NULs); returns its path (static storage). */
static const char *write_tmp(const char *name, const char *data, size_t len)
{
    const char *p = test_pathf("%s/%s", tmpdir, name);
    FILE *f = fopen(p, "wb");
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
    return p;
}

static const char *data_path(const char *name)
{
    return test_pathf("%s/config/%s", test_data_dir(), name);
}

static bool contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

/* ---- the parser ---- */

/* The warnings of the last parse() or load(), each of which starts it afresh. */
static struct buf w = BUF_INIT;

static struct aws_config *parse(const char *cfg, const char *cred)
{
    buf_reset(&w);
    return aws_config_parse(cfg, cred, &w);
}

static struct aws_config *load(const char *cfg_path, const char *cred_path)
{
    buf_reset(&w);
    return aws_config_load(cfg_path, cred_path, &w);
}

/* parse() and load() for text that must give no warning: a check of the caller's line. */
static struct aws_config *parse_clean(int line, const char *cfg, const char *cred)
{
    struct aws_config *c = parse(cfg, cred);
    CHECK_STR_AT(line, buf_cstr(&w), "");
    return c;
}

static struct aws_config *load_clean(int line, const char *cfg_path, const char *cred_path)
{
    struct aws_config *c = load(cfg_path, cred_path);
    CHECK_STR_AT(line, buf_cstr(&w), "");
    return c;
}

static void test_sections(void)
{
    struct aws_config *c = load_clean(__LINE__, data_path("config"), NULL);
    CHECK_STR(aws_config_get(c, "default", "region"), "us-east-1");
    CHECK_STR(aws_config_get(c, "dev", "region"), "eu-west-1");
    CHECK_STR(aws_config_get(c, "with space", "region"), "ap-southeast-2");
    CHECK_STR(aws_config_get(c, "cfgkeys", "aws_access_key_id"), "AKIDCONFIGFILE");
    /* Only [default] and [profile x] are profiles in the config file. */
    CHECK(!aws_config_has_profile(c, "plain"));
    CHECK(!aws_config_has_profile(c, "corp"));
    CHECK(!aws_config_has_profile(c, "sso-session corp"));
    CHECK(!aws_config_has_profile(c, "profile dev"));
    CHECK(aws_config_has_sso_session(c, "corp"));
    CHECK_STR(aws_config_get_sso_session(c, "corp", "sso_region"), "us-east-1");
    CHECK(aws_config_get_sso_session(c, "corp", "sso_account_id") == NULL);
    CHECK(!aws_config_has_sso_session(c, "dev"));
    CHECK(aws_config_has_profile(c, "dev"));
    CHECK(aws_config_has_config_profile(c, "dev"));
    CHECK(!aws_config_has_credentials_profile(c, "dev"));
    CHECK(aws_config_get(c, "nope", "region") == NULL);
    CHECK(aws_config_get(c, "dev", "nope") == NULL);
    CHECK(aws_config_get(c, NULL, "region") == NULL);
    CHECK(aws_config_get(NULL, "dev", "region") == NULL);
    aws_config_free(c);
}

static void test_keys_and_values(void)
{
    struct aws_config *c = parse_clean(__LINE__,
                                       "[default]\n"
                                       "  Region   =   us-west-2   \n"
                                       "output:json\n"
                                       "cli_pager = less # not a comment\n"
                                       "credential_process = /bin/x --a=b:c\n"
                                       "empty =\n"
                                       "tabbed\t=\tv\t\n",
                                       NULL);
    /* Keys are folded to lower case (configparser does), values trimmed, inline # kept. */
    static const struct test_pair kv[] = {
        {"region", "us-west-2"},
        {"Region", NULL},
        {"output", "json"},
        {"cli_pager", "less # not a comment"},
        {"credential_process", "/bin/x --a=b:c"},
        {"empty", ""},
        {"tabbed", "v"},
    };
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) /* row i is check "line" i */
        if (!CHECK_STR_AT((int)i, aws_config_get(c, "default", kv[i].in), kv[i].want))
            printf("     key %s\n", kv[i].in);
    aws_config_free(c);
}

static void test_comments(void)
{
    struct aws_config *c = parse_clean(__LINE__,
                                       "# top\n; also\n[default]\n# region = no\n"
                                       "  ; indented = comment\nregion = yes\n",
                                       NULL);
    CHECK_STR(aws_config_get(c, "default", "region"), "yes");
    CHECK(aws_config_get(c, "default", "# region") == NULL);
    aws_config_free(c);
}

static void test_nested(void)
{
    struct aws_config *c = load(data_path("config"), NULL);
    /* "s3 =" with indented sub-keys is a block: neither it nor its keys are plain settings. */
    CHECK(aws_config_get(c, "dev", "s3") == NULL);
    CHECK(aws_config_get(c, "dev", "addressing_style") == NULL);
    CHECK_STR(aws_config_get(c, "dev", "max_attempts"), "5");
    CHECK(aws_config_has_services(c, "local"));
    CHECK(!aws_config_has_services(c, "nowhere"));
    CHECK_STR(aws_config_get_service(c, "local", "ssm_incidents", "endpoint_url"),
              "http://127.0.0.1:9999");
    CHECK_STR(aws_config_get_service(c, "local", "s3", "endpoint_url"), "http://127.0.0.1:1111");
    CHECK(aws_config_get_service(c, "local", "sts", "endpoint_url") == NULL);
    CHECK(aws_config_get_service(c, "nowhere", "ssm_incidents", "endpoint_url") == NULL);
    aws_config_free(c);
}

static void test_continuation(void)
{
    /* Blank lines inside are kept, comments and trailing blank lines are not (configparser). */
    struct aws_config *c = parse_clean(__LINE__,
                                       "[default]\nnote = first\n  second\n\n  third\n"
                                       "  # comment\n  fourth\n\n\nnext = 1\n"
                                       "[profile p]\nk = v\n\n[profile q]\n",
                                       NULL);
    CHECK_STR(aws_config_get(c, "default", "note"), "first\nsecond\n\nthird\nfourth");
    CHECK_STR(aws_config_get(c, "default", "next"), "1");
    CHECK_STR(aws_config_get(c, "p", "k"), "v");
    aws_config_free(c);
}

static void test_credentials_file(void)
{
    struct aws_config *c = load_clean(__LINE__, data_path("config"), data_path("credentials"));
    CHECK_STR(aws_config_get_credential(c, "default", "aws_access_key_id"), "AKIDDEFAULT");
    CHECK_STR(aws_config_get_credential(c, "dev", "aws_session_token"), "dev-token");
    /* In the credentials file "[profile x]" is a profile literally named "profile x". */
    CHECK_STR(aws_config_get_credential(c, "profile literal", "aws_access_key_id"), "AKIDLITERAL");
    CHECK(aws_config_get_credential(c, "literal", "aws_access_key_id") == NULL);
    /* The two lookups keep to their own file. */
    CHECK(aws_config_get(c, "credonly", "aws_access_key_id") == NULL);
    CHECK(aws_config_get_credential(c, "cfgkeys", "aws_access_key_id") == NULL);
    CHECK(aws_config_has_profile(c, "credonly"));
    CHECK(aws_config_has_credentials_profile(c, "credonly"));
    CHECK(!aws_config_has_config_profile(c, "credonly"));
    /* The CLI's merged view: the credentials file wins key by key. */
    CHECK_STR(aws_config_get_merged(c, "dev", "region"), "us-gov-west-1");
    CHECK_STR(aws_config_get_merged(c, "dev", "max_attempts"), "5");
    CHECK_STR(aws_config_get_merged(c, "cfgkeys", "aws_access_key_id"), "AKIDCONFIGFILE");
    CHECK(aws_config_get_merged(c, "nope", "region") == NULL);
    aws_config_free(c);
}

static void test_profile_headers(void)
{
    struct aws_config *c = parse("[default]\nregion = a\noutput = json\n"
                                 "[profile default]\nregion = b\n"
                                 "[profile   spaced  ]\nregion = c\n"
                                 "[profile 'single']\nregion = d\n"
                                 "[profile a b]\nregion = e\n"
                                 "[profilex]\nregion = f\n"
                                 "[profile]\nregion = g\n"
                                 "[ profile tab\t]\nregion = h\n",
                                 NULL);
    /* [profile default] is the default profile too; as in the CLI the later one replaces the
       earlier wholesale. */
    CHECK_STR(aws_config_get(c, "default", "region"), "b");
    CHECK(aws_config_get(c, "default", "output") == NULL);
    CHECK(contains(buf_cstr(&w), "config:4: section for \"default\" appears again; it replaces"));
    CHECK_STR(aws_config_get(c, "spaced", "region"), "c");
    CHECK_STR(aws_config_get(c, "single", "region"), "d");
    CHECK_STR(aws_config_get(c, "tab", "region"), "h");
    CHECK(!aws_config_has_profile(c, "a b"));
    CHECK(!aws_config_has_profile(c, "a"));
    CHECK(contains(buf_cstr(&w), "config:10: malformed section name [profile a b]"));
    CHECK(!aws_config_has_profile(c, "profilex"));
    CHECK(!aws_config_has_profile(c, "x"));
    CHECK(!aws_config_has_profile(c, "profile"));
    CHECK(!aws_config_has_profile(c, ""));
    aws_config_free(c);
}

static void test_garbage_lines(void)
{
    struct aws_config *c = parse("orphan = 1\n"        /* 1: before any section */
                                 "[default]\n"         /* 2 */
                                 "not a setting\n"     /* 3: no '=' */
                                 " = novalue\n"        /* 4: no key */
                                 "region = kept\n"     /* 5 */
                                 "region = again\n"    /* 6: duplicate */
                                 "[unterminated\n"     /* 7 */
                                 "lost = 1\n"          /* 8: belongs to no profile */
                                 "[]\n"                /* 9 */
                                 "[profile ok] junk\n" /* 10 */
                                 "fine = yes\n"        /* 11 */
                                 "nest =\n"            /* 12 */
                                 "   nokey\n",         /* 13 */
                                 "[creds\nx = 1\n[c2]\nk = v\n");
    const char *t = buf_cstr(&w);
    CHECK(contains(t, "config:1: setting before any [section]"));
    CHECK(contains(t, "config:3: expected \"key = value\""));
    CHECK(contains(t, "config:4: setting without a key name"));
    CHECK(contains(t, "config:6: duplicate key \"region\""));
    CHECK(contains(t, "config:7: section header without a closing ']'"));
    CHECK(contains(t, "config:9: empty section name"));
    CHECK(contains(t, "config:10: text after the section header"));
    CHECK(contains(t, "config:13: nested setting without"));
    CHECK(contains(t, "credentials:1: section header without a closing ']'"));
    CHECK_STR(aws_config_get(c, "default", "region"), "again");
    CHECK(aws_config_get(c, "default", "lost") == NULL);
    CHECK(aws_config_get(c, "default", "orphan") == NULL);
    CHECK_STR(aws_config_get(c, "ok", "fine"), "yes");
    CHECK(aws_config_get_credential(c, "creds", "x") == NULL);
    CHECK_STR(aws_config_get_credential(c, "c2", "k"), "v");
    aws_config_free(c);
}

static void test_crlf_and_bom(void)
{
    struct aws_config *c = parse_clean(__LINE__,
                                       "\xef\xbb\xbf[default]\r\nregion = r1\r\n"
                                       "[profile p]\r\n  # c\r\nregion=r2\r\n",
                                       "[default]\r\naws_access_key_id = A\r\n");
    CHECK_STR(aws_config_get(c, "default", "region"), "r1");
    CHECK_STR(aws_config_get(c, "p", "region"), "r2");
    CHECK_STR(aws_config_get_credential(c, "default", "aws_access_key_id"), "A");
    aws_config_free(c);
}

static void test_bad_bytes_in_files(void)
{
    static const char cfg[] = "[default]\nregion = a\0b\nbad = \xff\xfe\nok = 1\n"
                              "[profile \xc3\x28]\nx = 1\n[profile caf\xc3\xa9]\ny = 2\n";
    struct buf big = BUF_INIT;
    buf_puts(&big, "[default]\nhuge = ");
    for (int i = 0; i < 70000; i++)
        buf_putc(&big, 'v');
    buf_puts(&big, "\nafter = yes\n");
    const char *p1 = write_tmp("nul-config", cfg, sizeof cfg - 1);
    const char *p2 = write_tmp("big-credentials", big.data, big.len);
    struct aws_config *c = load(p1, p2);
    const char *t = buf_cstr(&w);
    CHECK(contains(t, "nul-config:2: line contains a NUL byte"));
    CHECK(contains(t, "nul-config:3: line is not valid UTF-8"));
    CHECK(contains(t, "nul-config:5: line is not valid UTF-8"));
    CHECK(contains(t, "big-credentials:2: line longer than"));
    CHECK(aws_config_get(c, "default", "region") == NULL);
    CHECK(aws_config_get(c, "default", "bad") == NULL);
    CHECK_STR(aws_config_get(c, "default", "ok"), "1");
    CHECK_STR(aws_config_get(c, "caf\xc3\xa9", "y"), "2");
    CHECK(aws_config_get_credential(c, "default", "huge") == NULL);
    CHECK_STR(aws_config_get_credential(c, "default", "after"), "yes");
    /* The warning never quotes a value: it may be a secret. */
    CHECK(!contains(t, "vvvv"));
    aws_config_free(c);
    buf_free(&big);
}

static void test_missing_and_unreadable(void)
{
    char missing[600];
    snprintf(missing, sizeof missing, "%s/does-not-exist", tmpdir);
    struct aws_config *c = load_clean(__LINE__, missing, missing);
    CHECK(!aws_config_has_profile(c, "default"));
    aws_config_free(c);
    c = load(tmpdir, NULL);
    CHECK(contains(buf_cstr(&w), "is a directory"));
    aws_config_free(c);
    c = aws_config_load(NULL, NULL, NULL);
    CHECK(c != NULL);
    aws_config_free(c);
    c = aws_config_parse(NULL, NULL, NULL);
    CHECK(c != NULL && !aws_config_has_profile(c, "default"));
    aws_config_free(c);
    c = parse_clean(__LINE__, "", "");
    aws_config_free(c);
}

/* Random text built from the characters that matter to the parser: never a crash or a leak. */
static void test_fuzz_no_crash(void)
{
    static const char *const atoms[] = {
        "[",  "]",    "=",    ":",        "#",        ";",        " ",        "\t",
        "\n", "\r\n", "\\",   "\"",       "'",        "profile ", "default",  "services ",
        "a",  "key",  "\xff", "\xc3\xa9", "\xe2\x82", "=\n  ",    "\n  x = y"};
    uint32_t seed = 12345;
    int ok = 1;
    for (int iter = 0; iter < 3000; iter++) {
        struct buf a = BUF_INIT, b = BUF_INIT, warn = BUF_INIT;
        int n = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 60;
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *atom = atoms[(seed >> 16) % (sizeof atoms / sizeof atoms[0])];
            buf_puts(i % 2 ? &a : &b, atom);
        }
        struct aws_config *c = aws_config_parse(buf_cstr(&a), buf_cstr(&b), &warn);
        ok &= c != NULL;
        (void)aws_config_get(c, "default", "key");
        (void)aws_config_get_merged(c, "a", "a");
        (void)aws_config_get_service(c, "a", "a", "a");
        aws_config_free(c);
        buf_free(&a);
        buf_free(&b);
        buf_free(&warn);
    }
    CHECK(ok);
}

/* ---- settings ---- */

static void clear_env(void)
{
    test_clear_aws_env();
    setenv("AWS_CONFIG_FILE", data_path("config"), 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", data_path("credentials"), 1);
}

/* The error text of the last resolve(), which starts it afresh. */
static struct buf err = BUF_INIT;

/* Resolve with the given flags; returns 0/-1 and leaves the error text in err. */
static int resolve(const struct klx_flags *f, struct klx_settings *s)
{
    buf_reset(&err);
    return settings_resolve(f, s, &err);
}

/* The settings a precedence test follows, each with a flag of its own. */
enum setting { SETTING_REGION, SETTING_ENDPOINT, SETTING_CA_BUNDLE };

/* One step of a precedence test. Steps add up: a variable set stays set for the steps after. */
struct step {
    int line;
    const char *profile;     /* --profile */
    const char *env, *value; /* a variable to set before this step, or NULL */
    const char *flag;        /* the setting's own flag; NULL: not given */
    const char *want;        /* what resolve chose; NULL: nothing */
};

static void precedence(enum setting which, const struct step *steps, size_t n)
{
    struct klx_settings s;
    for (size_t i = 0; i < n; i++) {
        const struct step *t = &steps[i];
        struct klx_flags f = {.profile = t->profile};
        *(which == SETTING_REGION     ? &f.region
          : which == SETTING_ENDPOINT ? &f.endpoint_url
                                      : &f.ca_bundle) = t->flag;
        if (t->env)
            setenv(t->env, t->value, 1);
        CHECK_INT_AT(t->line, resolve(&f, &s), 0);
        const char *got = which == SETTING_REGION     ? s.region
                          : which == SETTING_ENDPOINT ? s.endpoint_url
                                                      : s.ca_bundle;
        CHECK_STR_AT(t->line, got, t->want);
        settings_free(&s);
    }
}

static void test_settings_defaults(void)
{
    clear_env();
    struct klx_flags f = {0};
    struct klx_settings s;
    CHECK_INT(resolve(&f, &s), 0);
    CHECK_STR(s.profile, "default");
    CHECK(!s.profile_explicit);
    CHECK_STR(s.region, "us-east-1");
    CHECK(s.endpoint_url == NULL);
    CHECK(s.ca_bundle == NULL);
    CHECK_INT(s.max_attempts, 3);
    CHECK(!s.use_fips && !s.use_dualstack);
    CHECK_STR(s.config_file, data_path("config"));
    CHECK_STR(s.credentials_file, data_path("credentials"));
    CHECK(s.warnings == NULL);
    CHECK(s.config != NULL);
    settings_free(&s);
    settings_free(&s); /* freeing twice is harmless: the struct is zeroed */
}

static void test_settings_profile_precedence(void)
{
    clear_env();
    struct klx_flags f = {0};
    struct klx_settings s;
    setenv("AWS_DEFAULT_PROFILE", "cfgkeys", 1);
    CHECK_INT(resolve(&f, &s), 0);
    CHECK_STR(s.profile, "cfgkeys");
    CHECK(s.profile_explicit);
    CHECK_STR(s.region, "eu-central-1");
    settings_free(&s);
    setenv("AWS_PROFILE", "dev", 1); /* CLI v2: AWS_PROFILE before AWS_DEFAULT_PROFILE */
    CHECK_INT(resolve(&f, &s), 0);
    CHECK_STR(s.profile, "dev");
    settings_free(&s);
    f.profile = "svc";
    CHECK_INT(resolve(&f, &s), 0);
    CHECK_STR(s.profile, "svc");
    CHECK(s.profile_explicit);
    settings_free(&s);
    /* A profile only in the credentials file exists too. */
    f.profile = "credonly";
    CHECK_INT(resolve(&f, &s), 0);
    CHECK_STR(s.profile, "credonly");
    CHECK(s.region == NULL);
    settings_free(&s);
    /* An empty variable counts as unset (as botocore reads it)... */
    f.profile = NULL;
    setenv("AWS_PROFILE", "", 1);
    CHECK_INT(resolve(&f, &s), 0);
    CHECK_STR(s.profile, "cfgkeys");
    settings_free(&s);
    /* ...but an empty --profile is refused: a drill script's unset variable would otherwise
       pick the default profile, and with it production. */
    f.profile = "";
    CHECK_INT(resolve(&f, &s), -1);
    CHECK(strstr(buf_cstr(&err), "--profile is empty") != NULL);
}

static void test_settings_missing_profile(void)
{
    clear_env();
    struct klx_flags f = {.profile = "nope"};
    struct klx_settings s;
    /* Settings leave it to the chain (the keyring may hold a profile no file names)... */
    CHECK_INT(resolve(&f, &s), 0);
    CHECK(s.profile_missing);
    /* ...and the chain refuses it when the keyring does not know it either. */
    setenv("KLAXON_KEYRING", "none", 1);
    struct aws_creds c;
    struct buf why = BUF_INIT;
    CHECK_INT(creds_resolve(&s, &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "The config profile (nope) could not be found"));
    buf_free(&why);
    settings_free(&s);
    /* Env keys do not excuse it (the CLI errors too). */
    f.profile = NULL;
    setenv("AWS_PROFILE", "plain", 1);
    setenv("AWS_ACCESS_KEY_ID", "AKIDXXXXXXXXXXXXXXXX", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "secretsecretsecretsecret", 1);
    CHECK_INT(resolve(&f, &s), 0);
    CHECK_INT(creds_resolve(&s, &c, &why), CREDS_ERROR);
    CHECK(contains(buf_cstr(&why), "The config profile (plain) could not be found"));
    buf_free(&why);
    settings_free(&s);
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    /* Explicitly naming "default" when there is none is an error; the implicit default is not. */
    char empty[600];
    snprintf(empty, sizeof empty, "%s/none", tmpdir);
    setenv("AWS_CONFIG_FILE", empty, 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", empty, 1);
    setenv("AWS_PROFILE", "default", 1);
    CHECK_INT(resolve(&f, &s), 0);
    CHECK(s.profile_missing);
    settings_free(&s);
    unsetenv("AWS_PROFILE");
    CHECK_INT(resolve(&f, &s), 0);
    CHECK_STR(s.profile, "default");
    CHECK(s.region == NULL);
    settings_free(&s);
}

static void test_settings_region(void)
{
    clear_env();
    static const struct step steps[] = {
        /* the credentials file's region wins, as in the CLI */
        {__LINE__, "dev", NULL, NULL, NULL, "us-gov-west-1"},
        {__LINE__, "svc", NULL, NULL, NULL, "us-west-2"},
        {__LINE__, "svc", "AWS_DEFAULT_REGION", "eu-north-1", NULL, "eu-north-1"},
        {__LINE__, "svc", "AWS_REGION", "eu-south-1", NULL, "eu-south-1"},
        {__LINE__, "svc", NULL, NULL, "ap-east-1", "ap-east-1"},
    };
    precedence(SETTING_REGION, steps, sizeof steps / sizeof steps[0]);
}

static void test_settings_endpoint(void)
{
    clear_env();
    static const struct step steps[] = {
        {__LINE__, "svc", NULL, NULL, NULL, "http://127.0.0.1:9999"}, /* [services local] */
        {__LINE__, "dev", NULL, NULL, NULL, "http://127.0.0.1:4566"}, /* the profile's */
        {__LINE__, "svc", "AWS_ENDPOINT_URL", "http://127.0.0.1:1", NULL, "http://127.0.0.1:1"},
        {__LINE__, "svc", "AWS_ENDPOINT_URL_SSM_INCIDENTS", "http://127.0.0.1:2", NULL,
         "http://127.0.0.1:2"},
        {__LINE__, "svc", NULL, NULL, "http://127.0.0.1:3", "http://127.0.0.1:3"},
        /* Ignoring configured endpoints drops env and file ones, never the flag. */
        {__LINE__, "svc", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", "http://127.0.0.1:3",
         "http://127.0.0.1:3"},
        {__LINE__, "svc", NULL, NULL, NULL, NULL},
    };
    precedence(SETTING_ENDPOINT, steps, sizeof steps / sizeof steps[0]);
    clear_env();
    struct klx_flags f = {.profile = "svc-missing"};
    struct klx_settings s;
    CHECK_INT(resolve(&f, &s), -1);
    CHECK(contains(buf_cstr(&err), "\"nowhere\" services configuration does not exist"));
}

/* Each way of giving an endpoint, present but empty, is refused: the AWS CLI would read it as
   unset and send to the region's AWS endpoint, i.e. production (issue: a value that silently
   means production). --region "" is refused as the AWS CLI refuses it. */
static void test_settings_empty_endpoint(void)
{
    static const char cfg[] = "[default]\nregion = us-east-1\nendpoint_url =\n"
                              "[profile svc]\nservices = s\n[services s]\nssm_incidents =\n"
                              "  endpoint_url =\n";
    struct {
        const char *flag, *env, *env_value, *profile, *want;
    } cases[] = {
        {"", NULL, NULL, NULL, "--endpoint-url is empty"},
        {NULL, "AWS_ENDPOINT_URL", "", NULL, "AWS_ENDPOINT_URL is empty"},
        {NULL, "AWS_ENDPOINT_URL_SSM_INCIDENTS", "", NULL,
         "AWS_ENDPOINT_URL_SSM_INCIDENTS is empty"},
        {NULL, NULL, NULL, NULL, "endpoint_url in profile \"default\" is empty"},
        {NULL, NULL, NULL, "svc", "endpoint_url of ssm_incidents in services \"s\" is empty"},
    };
    struct klx_settings s;
    int refused = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clear_env();
        setenv("AWS_CONFIG_FILE", write_tmp("empty-endpoint", cfg, sizeof cfg - 1), 1);
        if (cases[i].env)
            setenv(cases[i].env, cases[i].env_value, 1);
        struct klx_flags f = {.endpoint_url = cases[i].flag, .profile = cases[i].profile};
        bool ok = resolve(&f, &s) == -1 && strstr(buf_cstr(&err), cases[i].want) &&
                  strstr(buf_cstr(&err), "production");
        if (!ok)
            printf("     case %zu: %s\n", i, buf_cstr(&err));
        refused += ok;
    }
    CHECK_INT(refused, sizeof cases / sizeof cases[0]);
    /* Ignoring configured endpoints ignores an empty one too: the region's endpoint, as asked. */
    clear_env();
    setenv("AWS_ENDPOINT_URL", "", 1);
    setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
    struct klx_flags none = {0};
    CHECK_INT(resolve(&none, &s), 0);
    settings_free(&s);
    struct klx_flags region = {.region = ""};
    CHECK_INT(resolve(&region, &s), -1);
    CHECK(strstr(buf_cstr(&err), "--region is empty") != NULL);
    clear_env();
}

static void test_settings_max_attempts(void)
{
    clear_env();
    struct klx_flags f = {0};
    struct klx_settings s;
    f.profile = "dev";
    CHECK_INT(resolve(&f, &s), 0);
    CHECK_INT(s.max_attempts, 5);
    settings_free(&s);
    setenv("AWS_MAX_ATTEMPTS", "1", 1);
    CHECK_INT(resolve(&f, &s), 0);
    CHECK_INT(s.max_attempts, 1);
    settings_free(&s);
    static const char *const bad[] = {"0", "-1", "abc", "3x", "101", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("AWS_MAX_ATTEMPTS", bad[i], 1);
        CHECK_INT(resolve(&f, &s), -1);
        CHECK(contains(buf_cstr(&err), "AWS_MAX_ATTEMPTS must be a whole number from 1 to 100"));
        CHECK(contains(buf_cstr(&err), bad[i]));
    }
    unsetenv("AWS_MAX_ATTEMPTS");
    const char *p = write_tmp("attempts-config", "[default]\nmax_attempts = lots\n", 31);
    setenv("AWS_CONFIG_FILE", p, 1);
    f.profile = NULL;
    CHECK_INT(resolve(&f, &s), -1);
    CHECK(contains(buf_cstr(&err), "max_attempts in profile \"default\" must be"));
}

static void test_settings_booleans(void)
{
    clear_env();
    struct klx_flags f = {.profile = "dev"};
    struct klx_settings s;
    CHECK_INT(resolve(&f, &s), 0);
    CHECK(s.use_fips); /* "TRUE" in the profile */
    CHECK(!s.use_dualstack);
    settings_free(&s);
    setenv("AWS_USE_FIPS_ENDPOINT", "False", 1);
    setenv("AWS_USE_DUALSTACK_ENDPOINT", "tRUE", 1);
    CHECK_INT(resolve(&f, &s), 0);
    CHECK(!s.use_fips);
    CHECK(s.use_dualstack);
    settings_free(&s);
    setenv("AWS_USE_DUALSTACK_ENDPOINT", "yes", 1);
    CHECK_INT(resolve(&f, &s), -1);
    CHECK(contains(buf_cstr(&err), "AWS_USE_DUALSTACK_ENDPOINT must be true or false"));
    setenv("AWS_USE_DUALSTACK_ENDPOINT", "false", 1);
    setenv("AWS_USE_FIPS_ENDPOINT", "1", 1);
    CHECK_INT(resolve(&f, &s), -1);
    CHECK(contains(buf_cstr(&err), "AWS_USE_FIPS_ENDPOINT must be true or false"));
}

static void test_settings_ca_bundle(void)
{
    clear_env();
    setenv("HOME", tmpdir, 1);
    const char *home = test_pathf("%s/certs/bundle.pem", tmpdir); /* the profile's "~/certs/..." */
    const struct step steps[] = {
        {__LINE__, "with space", NULL, NULL, NULL, home},
        {__LINE__, "with space", "AWS_CA_BUNDLE", "/etc/env.pem", NULL, "/etc/env.pem"},
        {__LINE__, "with space", NULL, NULL, "/etc/flag.pem", "/etc/flag.pem"},
    };
    precedence(SETTING_CA_BUNDLE, steps, sizeof steps / sizeof steps[0]);
}

static void test_settings_file_paths(void)
{
    clear_env();
    unsetenv("AWS_CONFIG_FILE");
    unsetenv("AWS_SHARED_CREDENTIALS_FILE");
    setenv("HOME", tmpdir, 1);
    struct klx_settings s;
    CHECK_INT(resolve(NULL, &s), 0);
    char want[700];
    snprintf(want, sizeof want, "%s/.aws/config", tmpdir);
    CHECK_STR(s.config_file, want);
    snprintf(want, sizeof want, "%s/.aws/credentials", tmpdir);
    CHECK_STR(s.credentials_file, want);
    settings_free(&s);
    /* "~" and $VARS are expanded, like the CLI (os.path.expandvars, then expanduser). */
    setenv("KLX_TEST_SUB", "sub", 1);
    setenv("AWS_CONFIG_FILE", "~/$KLX_TEST_SUB/cfg", 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", "${KLX_TEST_SUB}/$UNSET_KLX_VAR/c", 1);
    CHECK_INT(resolve(NULL, &s), 0);
    snprintf(want, sizeof want, "%s/sub/cfg", tmpdir);
    CHECK_STR(s.config_file, want);
    CHECK_STR(s.credentials_file, "sub/$UNSET_KLX_VAR/c");
    settings_free(&s);
    /* A real file there is read, and its problems are reported as warnings. */
    char dir[700];
    snprintf(dir, sizeof dir, "%s/sub", tmpdir);
    mkdir(dir, 0700);
    write_tmp("sub/cfg", "[default]\nregion = from-tilde\nbroken line\n", 43);
    CHECK_INT(resolve(NULL, &s), 0);
    CHECK_STR(s.region, "from-tilde");
    CHECK(contains(s.warnings, "sub/cfg:3: expected \"key = value\""));
    settings_free(&s);
    unlink(want);
    rmdir(dir);
    unsetenv("KLX_TEST_SUB");
}

/* "--get CONFIG CREDENTIALS PROFILE KEY": print what the parser reads, for the integration test
   that compares it with `aws configure get` (exit 0 found, 1 no such key, 255 no such profile,
   as the AWS CLI). */
static int get_mode(char **arg)
{
    struct aws_config *c = aws_config_load(arg[0], arg[1], NULL);
    int rc = 0;
    const char *v = aws_config_get_merged(c, arg[2], arg[3]);
    if (!aws_config_has_profile(c, arg[2]) && strcmp(arg[2], "default") != 0)
        rc = 255;
    else if (!v)
        rc = 1;
    else
        printf("%s\n", v);
    aws_config_free(c);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "--get") == 0)
        return get_mode(argv + 2);
    test_mkdtemp(tmpdir, sizeof tmpdir, "test-config");
    RUN(test_sections);
    RUN(test_keys_and_values);
    RUN(test_comments);
    RUN(test_nested);
    RUN(test_continuation);
    RUN(test_credentials_file);
    RUN(test_profile_headers);
    RUN(test_garbage_lines);
    RUN(test_crlf_and_bom);
    RUN(test_bad_bytes_in_files);
    RUN(test_missing_and_unreadable);
    RUN(test_fuzz_no_crash);
    RUN(test_settings_defaults);
    RUN(test_settings_profile_precedence);
    RUN(test_settings_missing_profile);
    RUN(test_settings_region);
    RUN(test_settings_endpoint);
    RUN(test_settings_empty_endpoint);
    RUN(test_settings_max_attempts);
    RUN(test_settings_booleans);
    RUN(test_settings_ca_bundle);
    RUN(test_settings_file_paths);
    buf_free(&w);
    buf_free(&err);
    test_rmtree(tmpdir);
    return test_summary();
}
