/* What may be stored in the keyring, passphrases, and the JSON form of one profile's keys that
   both backends store. */
#define _GNU_SOURCE
#include "client/keyring_base.h"

#include <jansson.h>
#include <openssl/crypto.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/creds_providers.h"
#include "core/secmem.h"
#include "core/utf8.h"
#include "core/xalloc.h"

/* ---- What may be stored ---- */

static bool all_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n' && *s != '\v' && *s != '\f')
            return false;
    return true;
}

int keyring_check_profile(const char *profile, struct buf *err)
{
    size_t n = profile ? strlen(profile) : 0;
    if (n == 0 || all_blank(profile)) {
        buf_puts(err, "the profile name is empty");
        return -1;
    }
    if (n > 128) {
        buf_puts(err, "the profile name is longer than 128 bytes");
        return -1;
    }
    if (!utf8_valid(profile, n)) {
        buf_puts(err, "the profile name is not valid UTF-8");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)profile[i];
        if (ch < 0x20 || ch == 0x7f) {
            buf_puts(err, "the profile name contains a control character");
            return -1;
        }
    }
    if (profile[0] == ' ' || profile[n - 1] == ' ') {
        buf_puts(err, "the profile name starts or ends with a space");
        return -1;
    }
    return 0;
}

int keyring_check_key_id(const char *akid, struct buf *err)
{
    if (!akid || !*akid) {
        buf_puts(err, "the access key id is empty");
        return -1;
    }
    if (all_blank(akid)) {
        buf_puts(err, "the access key id is only whitespace");
        return -1;
    }
    regex_t re;
    if (regcomp(&re, "^[A-Z0-9]{16,128}$", REG_EXTENDED | REG_NOSUB) != 0) {
        buf_puts(err, "internal error: cannot compile the access key id rule");
        return -1;
    }
    int bad = regexec(&re, akid, 0, NULL, 0);
    regfree(&re);
    if (!bad)
        return 0;
    size_t n = strlen(akid), others = strspn(akid, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    buf_printf(err,
               "that is not an AWS access key id: it must be 16 to 128 characters of A-Z and 0-9, "
               "like AKIA... or ASIA... (got %zu characters%s)",
               n, others != n ? ", some of them other than A-Z and 0-9" : "");
    return -1;
}

int keyring_check_secret(const char *what, const char *s, size_t max, struct buf *err)
{
    if (!s || !*s) {
        buf_printf(err, "the %s is empty", what);
        return -1;
    }
    if (all_blank(s)) {
        buf_printf(err, "the %s is only whitespace", what);
        return -1;
    }
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch <= 0x20 || ch >= 0x7f) {
            buf_printf(err,
                       "the %s may only contain visible ASCII characters (no spaces, no control "
                       "characters); character %zu is not one",
                       what, i + 1);
            return -1;
        }
    }
    if (n < 16) {
        buf_printf(err, "the %s is too short to be one (%zu characters; at least 16)", what, n);
        return -1;
    }
    if (n > max) {
        buf_printf(err, "the %s is too long (%zu characters; at most %zu)", what, n, max);
        return -1;
    }
    return 0;
}

int keyring_check_creds(const struct aws_creds *c, struct buf *err, struct buf *warn)
{
    if (keyring_check_key_id(c->access_key_id, err) ||
        keyring_check_secret("secret access key", c->secret_access_key, 256, err))
        return -1;
    if (c->session_token &&
        keyring_check_secret("session token", c->session_token, KEYRING_MAX_VALUE, err))
        return -1;
    if (warn && !c->session_token && !strncmp(c->access_key_id, "ASIA", 4))
        buf_puts(warn, "an access key id starting with ASIA is temporary and needs its session "
                       "token; calls will be refused without it");
    return 0;
}

void keyring_mask_key_id(const char *akid, char out[9])
{
    size_t n = akid ? strlen(akid) : 0;
    memcpy(out, "****", 4);
    if (n >= 4)
        memcpy(out + 4, akid + n - 4, 4);
    else
        memcpy(out + 4, "????", 4);
    out[8] = '\0';
}

int keyring_parse_time(const char *s, long long *epoch)
{
    return creds_parse_time(s, epoch);
}

void keyring_format_time(long long epoch, char out[32])
{
    creds_format_time(epoch, out);
}

/* ---- Passphrases ---- */

char *keyring_take_env_passphrase(void)
{
    char *v = getenv("KLAXON_VAULT_PASSPHRASE");
    if (!v)
        return NULL;
    char *copy = *v ? secmem_strdup(v) : NULL;
    secmem_wipe(v, strlen(v));
    unsetenv("KLAXON_VAULT_PASSPHRASE");
    return copy;
}

/* The passphrase the caller took from the environment, checked as the prompt's answer is. */
static int given_passphrase(const char *given, bool confirm, char *out, size_t size,
                            struct buf *err)
{
    size_t n = strlen(given);
    if (n >= size) {
        buf_printf(err, "KLAXON_VAULT_PASSPHRASE is longer than %zu bytes", size - 1);
        return -1;
    }
    if (confirm && n < KEYRING_MIN_NEW_PASSPHRASE) {
        buf_printf(err,
                   "KLAXON_VAULT_PASSPHRASE is too short for a new vault (%zu characters; at "
                   "least %d)",
                   n, KEYRING_MIN_NEW_PASSPHRASE);
        return -1;
    }
    memcpy(out, given, n + 1);
    return 0;
}

/* A new vault's passphrase, asked for a second time. */
static int confirm_prompted(const struct keyring_options *opt, char *out, size_t size,
                            struct buf *err)
{
    int rc = -1;
    char *again = xmalloc(size);
    if (strlen(out) < KEYRING_MIN_NEW_PASSPHRASE)
        buf_printf(err, "the passphrase is too short for a new vault (%zu characters; at least %d)",
                   strlen(out), KEYRING_MIN_NEW_PASSPHRASE);
    else if (opt->prompt(opt->prompt_ctx, "Repeat the passphrase: ", again, size) != 0)
        buf_puts(err, "the passphrase was not repeated");
    else if (strlen(again) != strlen(out) || CRYPTO_memcmp(again, out, strlen(out)) != 0)
        buf_puts(err, "the two passphrases differ");
    else
        rc = 0;
    secmem_wipe(again, size);
    free(again);
    if (rc)
        secmem_wipe(out, size);
    return rc;
}

int keyring_get_passphrase(const struct keyring_options *opt, const char *prompt, bool confirm,
                           char *out, size_t size, struct buf *err)
{
    if (opt && opt->passphrase && *opt->passphrase)
        return given_passphrase(opt->passphrase, confirm, out, size, err);
    if (!opt || !opt->prompt) {
        buf_puts(err, "the file vault needs its passphrase: set KLAXON_VAULT_PASSPHRASE, or run "
                      "klaxon on a terminal");
        return -1;
    }
    if (opt->prompt(opt->prompt_ctx, prompt, out, size) != 0) {
        buf_puts(err, "no passphrase was given (KLAXON_VAULT_PASSPHRASE is not set and none "
                      "could be asked for)");
        return -1;
    }
    if (!*out) {
        buf_puts(err, "the passphrase is empty");
        return -1;
    }
    return confirm ? confirm_prompted(opt, out, size, err) : 0;
}

/* ---- JSON: jansson wipes every block it frees (json_wipe_install()) ---- */

struct json_t *keyring_creds_to_json(const struct aws_creds *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "Version", json_integer(1));
    json_object_set_new(o, "AccessKeyId", json_string(c->access_key_id ? c->access_key_id : ""));
    json_object_set_new(o, "SecretAccessKey",
                        json_string(c->secret_access_key ? c->secret_access_key : ""));
    if (c->session_token)
        json_object_set_new(o, "SessionToken", json_string(c->session_token));
    if (c->expiration) {
        char when[32];
        creds_format_time(c->expiration, when);
        json_object_set_new(o, "Expiration", json_string(when));
    }
    return o;
}

static const char *json_member_str(const json_t *o, const char *key, bool *wrong_type)
{
    json_t *v = json_object_get(o, key);
    if (v && !json_is_string(v) && !json_is_null(v))
        *wrong_type = true;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int keyring_creds_from_json(const struct json_t *o, struct aws_creds *out, struct buf *err)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(o)) {
        buf_puts(err, "the stored entry is not a JSON object");
        return -1;
    }
    bool wrong = false;
    const char *akid = json_member_str(o, "AccessKeyId", &wrong);
    const char *secret = json_member_str(o, "SecretAccessKey", &wrong);
    const char *token = json_member_str(o, "SessionToken", &wrong);
    const char *exp = json_member_str(o, "Expiration", &wrong);
    long long when = 0;
    if (wrong || !akid || !*akid || !secret || !*secret) {
        buf_puts(err, "the stored entry lacks AccessKeyId or SecretAccessKey");
        return -1;
    }
    if (exp && *exp && creds_parse_time(exp, &when) != 0) {
        buf_puts(err, "the stored entry's Expiration is not an ISO 8601 time");
        return -1;
    }
    creds_set(out, akid, secret, token, when, "keyring");
    return 0;
}

char *keyring_creds_encode(const struct aws_creds *c)
{
    json_t *o = keyring_creds_to_json(c);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!s) {
        fputs("klaxon: out of memory\n", stderr);
        abort();
    }
    return s;
}

int keyring_creds_decode(const char *data, size_t len, struct aws_creds *out, struct buf *err)
{
    memset(out, 0, sizeof *out);
    json_error_t jerr;
    json_t *o = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    int rc;
    if (!o) {
        /* jerr.text may quote the content: name only the position. */
        buf_printf(err, "the stored entry is not valid JSON (at byte %d)", jerr.position);
        rc = -1;
    } else {
        rc = keyring_creds_from_json(o, out, err);
        json_decref(o);
    }
    secmem_wipe(&jerr, sizeof jerr);
    return rc;
}
