/* Client settings resolved as the AWS CLI v2 does: flags, then environment, then the profile. */
#define _GNU_SOURCE
#include "client/settings.h"

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "client/config.h"
#include "client/svc_endpoint.h"
#include "core/printable.h"
#include "core/xalloc.h"
#include "core/xdg.h"

/* The CLI accepts any count; past this, retries with backoff would run for many minutes. */
#define SETTINGS_MAX_ATTEMPTS     100
#define SETTINGS_DEFAULT_ATTEMPTS 3

/* An environment variable, or NULL when unset or empty. */
static const char *env_get(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static const char *flag_get(const char *v)
{
    return v && *v ? v : NULL;
}

const char *settings_profile_get(const struct klx_settings *s, const char *profile,
                                 const char *key)
{
    const char *v = aws_config_get_merged(s->config, profile, key);
    return v && *v ? v : NULL;
}

/* A setting of the chosen profile (credentials file over config file), NULL when unset/empty. */
static const char *profile_get(const struct klx_settings *s, const char *key)
{
    return settings_profile_get(s, s->profile, key);
}

/* "~": klaxon's one rule for home (core/xdg.h), HOME or else the password database. */
static char *home_dir(void)
{
    return xdg_home(NULL);
}

/* "$NAME" and "${NAME}" replaced by the environment, unknown ones kept (Python's expandvars). */
static void expand_vars(const char *in, struct buf *out)
{
    for (const char *p = in; *p;) {
        if (*p != '$') {
            buf_putc(out, *p++);
            continue;
        }
        bool brace = p[1] == '{';
        const char *start = p + 1 + brace, *end = start;
        if (brace) {
            while (*end && *end != '}')
                end++;
        } else {
            while (isalnum((unsigned char)*end) || *end == '_')
                end++;
        }
        if (end == start || (brace && *end != '}')) {
            buf_putc(out, *p++);
            continue;
        }
        char *name = xstrndup(start, (size_t)(end - start));
        const char *val = getenv(name);
        free(name);
        const char *after = end + brace;
        if (val)
            buf_puts(out, val);
        else
            buf_append(out, p, (size_t)(after - p));
        p = after;
    }
}

/* "~" and "~user" at the start replaced by the home directory (Python's expanduser). */
static char *expand_user(const char *path)
{
    if (path[0] != '~')
        return xstrdup(path);
    const char *rest = strchr(path, '/');
    if (!rest)
        rest = path + strlen(path);
    char *home = NULL;
    if (rest == path + 1) {
        home = home_dir();
    } else {
        char *user = xstrndup(path + 1, (size_t)(rest - path - 1));
        struct passwd pw, *res = NULL;
        char tmp[4096];
        if (getpwnam_r(user, &pw, tmp, sizeof tmp, &res) == 0 && res && res->pw_dir)
            home = xstrdup(res->pw_dir);
        free(user);
    }
    if (!home)
        return xstrdup(path);
    size_t hl = strlen(home);
    while (hl > 1 && home[hl - 1] == '/' && *rest)
        home[--hl] = '\0';
    char *out = xasprintf("%s%s", home, rest);
    free(home);
    return out;
}

/* A path the way botocore takes one from the environment: variables, then "~". */
static char *expand_path(const char *path)
{
    struct buf b = BUF_INIT;
    expand_vars(path, &b);
    char *out = expand_user(buf_cstr(&b));
    buf_free(&b);
    return out;
}

static char *shared_file(const char *env, const char *name)
{
    const char *v = env_get(env);
    if (v)
        return expand_path(v);
    char *home = home_dir();
    char *out = home ? xasprintf("%s/.aws/%s", home, name) : xasprintf("~/.aws/%s", name);
    free(home);
    return out;
}

static int choose_profile(const struct klx_flags *f, struct klx_settings *s, struct buf *err)
{
    /* CLI v2: --profile, then AWS_PROFILE, then AWS_DEFAULT_PROFILE (v1 read them the other way
       round; v2 is what users have now). */
    const char *p = flag_get(f->profile);
    s->profile_from_flag = p != NULL;
    if (!p)
        p = env_get("AWS_PROFILE");
    if (!p)
        p = env_get("AWS_DEFAULT_PROFILE");
    s->profile_explicit = p != NULL;
    s->profile = xstrdup(p ? p : "default");
    /* A profile kept only in the keyring has no section in either file; creds_resolve() makes
       that the error the AWS CLI gives when the keyring does not know it either. */
    s->profile_missing = s->profile_explicit && !aws_config_has_profile(s->config, s->profile);
    (void)err;
    return 0;
}

static int parse_attempts(const char *v, int *out)
{
    errno = 0;
    char *end;
    long n = strtol(v, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (errno || end == v || *end || n < 1 || n > SETTINGS_MAX_ATTEMPTS)
        return -1;
    *out = (int)n;
    return 0;
}

static int resolve_attempts(struct klx_settings *s, struct buf *err)
{
    s->max_attempts = SETTINGS_DEFAULT_ATTEMPTS;
    const char *v = env_get("AWS_MAX_ATTEMPTS");
    bool from_env = v != NULL;
    if (!v)
        v = profile_get(s, "max_attempts");
    if (!v || parse_attempts(v, &s->max_attempts) == 0)
        return 0;
    if (from_env) {
        buf_puts(err, "AWS_MAX_ATTEMPTS");
    } else {
        buf_puts(err, "max_attempts in profile ");
        printable_quoted(err, s->profile);
    }
    buf_printf(err, " must be a whole number from 1 to %d (got ", SETTINGS_MAX_ATTEMPTS);
    printable_quoted(err, v);
    buf_putc(err, ')');
    return -1;
}

/* A boolean from the environment, else the profile; "true"/"false" in any case, else an error
   (the CLI reads any other word as false, which would silently turn FIPS off). */
static int resolve_bool(const struct klx_settings *s, const char *env, const char *key, bool *out,
                        struct buf *err)
{
    *out = false;
    const char *v = env_get(env);
    bool from_env = v != NULL;
    if (!v)
        v = profile_get(s, key);
    if (!v)
        return 0;
    if (strcasecmp(v, "true") == 0 || strcasecmp(v, "false") == 0) {
        *out = strcasecmp(v, "true") == 0;
        return 0;
    }
    if (from_env) {
        buf_puts(err, env);
    } else {
        buf_printf(err, "%s in profile ", key);
        printable_quoted(err, s->profile);
    }
    buf_puts(err, " must be true or false (got ");
    printable_quoted(err, v);
    buf_putc(err, ')');
    return -1;
}

/* --endpoint-url, then (unless configured endpoints are ignored) what client/svc_endpoint.c finds
   for ssm-incidents: the service's variable, the global variable, the profile's [services]
   section, the profile's endpoint_url. */
static int resolve_endpoint(const struct klx_flags *f, struct klx_settings *s, struct buf *err)
{
    if (f->endpoint_url && !*f->endpoint_url) {
        buf_puts(err, "--endpoint-url is empty: an empty endpoint would silently mean the AWS "
                      "endpoint of the region (production). Give the URL, or remove the setting "
                      "to use AWS");
        return -1;
    }
    if (resolve_bool(s, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls",
                     &s->ignore_configured_endpoints, err) < 0)
        return -1;
    const char *v = flag_get(f->endpoint_url);
    if (!v && svc_endpoint_configured(s, "ssm-incidents", &v, err) < 0)
        return -1;
    s->endpoint_url = v ? xstrdup(v) : NULL;
    return 0;
}

/* --profile "" and --region "" would fall through to the default profile or another source's
   region, which may be production; the AWS CLI refuses --region "" too. */
static int empty_flags(const struct klx_flags *f, struct buf *err)
{
    const char *name = f->profile && !*f->profile ? "--profile"
                       : f->region && !*f->region ? "--region"
                                                  : NULL;
    if (!name)
        return 0;
    buf_printf(err, "%s is empty: give a value, or leave the option out", name);
    return -1;
}

static void resolve_region(const struct klx_flags *f, struct klx_settings *s)
{
    const char *v = flag_get(f->region);
    if (!v)
        v = env_get("AWS_REGION");
    if (!v)
        v = env_get("AWS_DEFAULT_REGION");
    if (!v)
        v = profile_get(s, "region");
    s->region = v ? xstrdup(v) : NULL;
}

static void resolve_ca_bundle(const struct klx_flags *f, struct klx_settings *s)
{
    const char *v = flag_get(f->ca_bundle);
    if (!v)
        v = env_get("AWS_CA_BUNDLE");
    if (!v)
        v = profile_get(s, "ca_bundle");
    s->ca_bundle = v ? expand_user(v) : NULL;
}

/* AWS_DEFAULT_OUTPUT, then the profile's output; the command line's --output wins over both. */
static void resolve_output(struct klx_settings *s)
{
    const char *v = env_get("AWS_DEFAULT_OUTPUT");
    if (!v)
        v = profile_get(s, "output");
    s->output = v ? xstrdup(v) : NULL;
}

int settings_resolve(const struct klx_flags *flags, struct klx_settings *out, struct buf *err)
{
    static const struct klx_flags no_flags;
    if (!flags)
        flags = &no_flags;
    memset(out, 0, sizeof *out);
    out->debug = flags->debug;
    out->config_file = shared_file("AWS_CONFIG_FILE", "config");
    out->credentials_file = shared_file("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    struct buf warn = BUF_INIT;
    out->config = aws_config_load(out->config_file, out->credentials_file, &warn);
    out->warnings = warn.len ? buf_steal(&warn) : NULL;
    buf_free(&warn);
    if (empty_flags(flags, err) < 0 || choose_profile(flags, out, err) < 0 ||
        resolve_attempts(out, err) < 0 ||
        resolve_bool(out, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", &out->use_fips, err) < 0 ||
        resolve_bool(out, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint",
                     &out->use_dualstack, err) < 0 ||
        resolve_endpoint(flags, out, err) < 0) {
        settings_free(out);
        return -1;
    }
    resolve_region(flags, out);
    resolve_ca_bundle(flags, out);
    resolve_output(out);
    return 0;
}

const char *settings_config_name(const struct klx_settings *s)
{
    return s->config_file ? s->config_file : "~/.aws/config";
}

const char *settings_credentials_name(const struct klx_settings *s)
{
    return s->credentials_file ? s->credentials_file : "~/.aws/credentials";
}

void settings_free(struct klx_settings *s)
{
    if (!s)
        return;
    FREE_ALL(s->profile, s->config_file, s->credentials_file, s->region, s->endpoint_url,
             s->ca_bundle, s->output, s->warnings);
    aws_config_free(s->config);
    memset(s, 0, sizeof *s);
}
