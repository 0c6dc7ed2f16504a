/* The credential chain, the aws_creds secret type, and helpers every provider shares. */
#define _GNU_SOURCE
#include "client/creds.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "client/creds_keyring.h"
#include "client/creds_providers.h"
#include "client/creds_sso.h"
#include "client/creds_webid.h"
#include "core/secmem.h"
#include "core/xalloc.h"

/* The AWS CLI's order, with the keyring right after the environment: explicit keys in the
   environment still win, and a stored key beats anything read from files. Role, web identity
   and SSO profiles come before the files, as in the CLI, never silently bypassed. */
const struct creds_provider *const creds_chain[] = {
    &creds_provider_env,
    &creds_provider_keyring,
    &creds_provider_assume_role,
    &creds_provider_web_identity,
    &creds_provider_sso,
    &creds_provider_credentials_file,
    &creds_provider_process,
    &creds_provider_config_file,
    &creds_provider_imds,
    NULL,
};

void aws_creds_clear(struct aws_creds *c)
{
    if (!c)
        return;
    SECMEM_FREE_STRS(c->access_key_id, c->secret_access_key, c->session_token);
    memset(c, 0, sizeof *c);
}

void aws_creds_copy(struct aws_creds *dst, const struct aws_creds *src)
{
    dst->access_key_id = secmem_strdup(src->access_key_id);
    dst->secret_access_key = secmem_strdup(src->secret_access_key);
    dst->session_token = secmem_strdup(src->session_token);
    dst->expiration = src->expiration;
    dst->source = src->source;
}

void creds_set(struct aws_creds *out, const char *akid, const char *secret, const char *token,
               long long expiration, const char *source)
{
    out->access_key_id = secmem_strdup(akid);
    out->secret_access_key = secmem_strdup(secret);
    out->session_token = token && *token ? secmem_strdup(token) : NULL;
    out->expiration = expiration;
    out->source = source;
}

static bool parse_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

/* "Z", "+hh:mm", "+hhmm", "+hh" or nothing; the offset in seconds east of UTC. */
static bool parse_zone(const char *p, long *offset)
{
    *offset = 0;
    if (*p == '\0' || ((*p == 'Z' || *p == 'z') && p[1] == '\0'))
        return true;
    if (*p != '+' && *p != '-')
        return false;
    int sign = *p++ == '-' ? -1 : 1, hh, mm = 0;
    if (!parse_digits(&p, 2, &hh))
        return false;
    if (*p == ':')
        p++;
    if (*p && !parse_digits(&p, 2, &mm))
        return false;
    if (*p || hh > 23 || mm > 59)
        return false;
    *offset = sign * (hh * 3600L + mm * 60L);
    return true;
}

int creds_parse_time(const char *s, long long *out)
{
    if (!s)
        return -1;
    const char *p = s;
    int Y, M, D, h, m, sec;
    if (!parse_digits(&p, 4, &Y) || *p++ != '-' || !parse_digits(&p, 2, &M) || *p++ != '-' ||
        !parse_digits(&p, 2, &D))
        return -1;
    if (*p != 'T' && *p != 't' && *p != ' ')
        return -1;
    p++;
    if (!parse_digits(&p, 2, &h) || *p++ != ':' || !parse_digits(&p, 2, &m) || *p++ != ':' ||
        !parse_digits(&p, 2, &sec))
        return -1;
    if (*p == '.' || *p == ',') {
        p++;
        if (!isdigit((unsigned char)*p))
            return -1;
        while (isdigit((unsigned char)*p))
            p++;
    }
    long offset;
    if (!parse_zone(p, &offset))
        return -1;
    if (Y < 1970 || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60)
        return -1;
    struct tm tm = {.tm_year = Y - 1900,
                    .tm_mon = M - 1,
                    .tm_mday = D,
                    .tm_hour = h,
                    .tm_min = m,
                    .tm_sec = sec};
    time_t t = timegm(&tm);
    if (tm.tm_mday != D && sec != 60) /* 31 February and friends */
        return -1;
    *out = (long long)t - offset;
    return 0;
}

void creds_format_time(long long t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, 32, "%lld", t);
}

enum creds_result creds_check_expiry(struct aws_creds *out, const char *who, struct buf *why)
{
    if (out->expiration == 0 || out->expiration > (long long)time(NULL))
        return CREDS_FOUND;
    char when[32];
    creds_format_time(out->expiration, when);
    buf_printf(why, "%s: the credentials expired at %s; refresh them at their source\n", who, when);
    aws_creds_clear(out);
    return CREDS_ERROR;
}

void creds_put_safe(struct buf *b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n && i < 128; i++)
        buf_putc(b, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i]);
    if (n > 128)
        buf_puts(b, "...");
}

bool creds_env_true(const char *name)
{
    const char *v = getenv(name);
    return v && strcasecmp(v, "true") == 0;
}

void creds_capture_init(struct creds_capture *c, size_t cap)
{
    c->data = xmalloc(cap + 1);
    c->data[0] = '\0';
    c->len = 0;
    c->cap = cap;
    c->overflow = false;
}

bool creds_capture_add(struct creds_capture *c, const void *p, size_t n)
{
    if (n > c->cap - c->len) {
        c->overflow = true;
        return false;
    }
    memcpy(c->data + c->len, p, n);
    c->len += n;
    c->data[c->len] = '\0';
    return true;
}

void creds_capture_wipe(struct creds_capture *c)
{
    if (c->data) {
        secmem_wipe(c->data, c->cap + 1);
        free(c->data);
    }
    memset(c, 0, sizeof *c);
}

/* Copy the providers' lines into why, each indented as one item of the report. */
static void put_lines(struct buf *why, const struct buf *lines)
{
    const char *p = buf_cstr(lines);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        buf_puts(why, "  ");
        buf_append(why, p, n);
        buf_putc(why, '\n');
        p += nl ? n + 1 : n;
    }
}

static void put_fix(struct buf *why, const struct klx_settings *s)
{
    buf_puts(why, "To fix: run `klaxon credentials set");
    if (s->profile_explicit) {
        buf_puts(why, " --profile ");
        creds_put_safe(why, s->profile);
    }
    buf_puts(why, "`, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure profile ");
    creds_put_safe(why, s->profile);
    buf_puts(why, " with aws_access_key_id/aws_secret_access_key in ");
    creds_put_safe(why, settings_credentials_name(s));
    buf_puts(why, " or credential_process in ");
    creds_put_safe(why, settings_config_name(s));
    buf_puts(why, ".\n");
}

/* An explicit profile in neither file: the keyring alone may know it; anything else is the AWS
   CLI's "profile could not be found", even with keys in the environment. */
static enum creds_result creds_missing_profile(const struct klx_settings *s, struct aws_creds *out,
                                               struct buf *why)
{
    struct buf lines = BUF_INIT;
    enum creds_result r = creds_provider_keyring.get(s, out, &lines);
    if (r == CREDS_FOUND && !out->source)
        out->source = creds_provider_keyring.name;
    if (r == CREDS_FOUND)
        r = creds_check_expiry(out, creds_provider_keyring.name, &lines);
    if (r != CREDS_FOUND) {
        aws_creds_clear(out);
        buf_puts(why, "The config profile (");
        creds_put_safe(why, s->profile);
        buf_puts(why, ") could not be found (looked in ");
        creds_put_safe(why, settings_config_name(s));
        buf_puts(why, ", ");
        creds_put_safe(why, settings_credentials_name(s));
        buf_puts(why, " and the keyring)\n");
        put_lines(why, &lines);
        r = CREDS_ERROR;
    }
    buf_free(&lines);
    return r;
}

enum creds_result creds_resolve(const struct klx_settings *s, struct aws_creds *out,
                                struct buf *why)
{
    memset(out, 0, sizeof *out);
    if (s->profile_missing)
        return creds_missing_profile(s, out, why);
    struct buf lines = BUF_INIT;
    enum creds_result r = CREDS_NOT_FOUND;
    for (size_t i = 0; creds_chain[i] && r == CREDS_NOT_FOUND; i++) {
        const struct creds_provider *p = creds_chain[i];
        /* botocore: a profile named on the command line leaves the environment's keys out (a
           role's credential_source = Environment still reads them). */
        if (p == &creds_provider_env && s->profile_from_flag) {
            buf_puts(&lines, "environment: not used: --profile chose the profile\n");
            continue;
        }
        r = p->get(s, out, &lines);
        if (r == CREDS_FOUND) {
            if (!out->source)
                out->source = p->name;
            r = creds_check_expiry(out, p->name, &lines);
        }
        if (r != CREDS_FOUND)
            aws_creds_clear(out);
    }
    put_lines(why, &lines);
    if (r == CREDS_NOT_FOUND)
        put_fix(why, s);
    buf_free(&lines);
    return r;
}

void creds_json_wipe(json_t *root, const char *key)
{
    json_t *v = json_object_get(root, key);
    if (json_is_string(v))
        secmem_wipe((char *)json_string_value(v), json_string_length(v));
}

const char *creds_json_string(json_t *root, const char *key)
{
    json_t *v = json_object_get(root, key);
    return json_is_string(v) && json_string_length(v) > 0 ? json_string_value(v) : NULL;
}
