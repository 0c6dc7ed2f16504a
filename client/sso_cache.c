/* The SSO token cache files aws sso login writes, read and written back byte for byte as
   botocore writes them (tokens.py _sso_json_dumps), so that either tool can use the other's. */
#define _GNU_SOURCE
#include "client/sso_cache.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/creds_providers.h"
#include "core/file.h"
#include "core/secmem.h"
#include "core/xalloc.h"

/* A cache file is a few hundred bytes; anything this large is not one. */
#define SSO_CACHE_MAX (64u * 1024u)

int sso_cache_path(const char *key, struct buf *path, struct buf *err)
{
    const char *home = getenv("HOME");
    if (!home || !*home) {
        buf_puts(err, "HOME is not set, so the SSO token cache (~/.aws/sso/cache) cannot be found");
        return -1;
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    const EVP_MD *sha1 = EVP_sha1();
    if (!sha1 || EVP_Digest(key, strlen(key), md, &n, sha1, NULL) != 1 || n != 20) {
        buf_puts(err, "cannot compute the SSO token cache file name (libcrypto unavailable)");
        return -1;
    }
    buf_printf(path, "%s/.aws/sso/cache/", home);
    for (unsigned int i = 0; i < n; i++)
        buf_printf(path, "%02x", md[i]);
    buf_puts(path, ".json");
    return 0;
}

/* botocore reads these times with dateutil; besides ISO 8601 the older CLI wrote "...UTC". */
static int parse_time(const char *s, long long *out)
{
    char t[64];
    size_t n = strlen(s);
    if (n < 3 || n >= sizeof t)
        return -1;
    memcpy(t, s, n + 1);
    if (strcmp(t + n - 3, "UTC") == 0)
        memcpy(t + n - 3, "Z", 2);
    return creds_parse_time(t, out);
}

static char *dup_member(json_t *o, const char *key, bool secret)
{
    const char *v = creds_json_string(o, key);
    return v ? (secret ? secmem_strdup(v) : xstrdup(v)) : NULL;
}

static enum sso_cache_result corrupt(struct buf *why, const char *reason)
{
    buf_puts(why, reason);
    return SSO_CACHE_CORRUPT;
}

static enum sso_cache_result read_members(json_t *j, struct sso_cache_entry *out, struct buf *why)
{
    const char *exp = creds_json_string(j, "expiresAt");
    if (!creds_json_string(j, "accessToken") || !exp)
        return corrupt(why, "it has no accessToken and expiresAt");
    if (parse_time(exp, &out->expires_at) != 0)
        return corrupt(why, "its expiresAt is not a time");
    const char *reg = creds_json_string(j, "registrationExpiresAt");
    if (reg && parse_time(reg, &out->registration_expires_at) != 0)
        return corrupt(why, "its registrationExpiresAt is not a time");
    out->start_url = dup_member(j, "startUrl", false);
    out->region = dup_member(j, "region", false);
    out->access_token = dup_member(j, "accessToken", true);
    out->client_id = dup_member(j, "clientId", false);
    out->client_secret = dup_member(j, "clientSecret", true);
    out->registration_expiry = dup_member(j, "registrationExpiresAt", false);
    out->refresh_token = dup_member(j, "refreshToken", true);
    return SSO_CACHE_OK;
}

enum sso_cache_result sso_cache_parse(const char *text, size_t len, struct sso_cache_entry *out,
                                      struct buf *why)
{
    memset(out, 0, sizeof *out);
    json_error_t je;
    /* jansson's allocator wipes what it frees (json_wipe.h): the text holds tokens. */
    json_t *j = json_loadb(text, len, 0, &je);
    enum sso_cache_result r;
    if (!j)
        r = corrupt(why, "it is not JSON");
    else if (!json_is_object(j))
        r = corrupt(why, "it is not a JSON object");
    else
        r = read_members(j, out, why);
    json_decref(j);
    if (r != SSO_CACHE_OK)
        sso_cache_entry_clear(out);
    return r;
}

enum sso_cache_result sso_cache_read(const char *path, struct sso_cache_entry *out, struct buf *why)
{
    memset(out, 0, sizeof *out);
    char *text = NULL;
    size_t len = 0;
    struct buf err = BUF_INIT;
    enum file_result fr = file_read(path, SSO_CACHE_MAX, &text, &len, &err);
    enum sso_cache_result r;
    if (fr == FILE_MISSING) {
        r = SSO_CACHE_MISSING;
    } else if (fr != FILE_OK) {
        buf_puts(why, buf_cstr(&err));
        r = SSO_CACHE_CORRUPT;
    } else {
        struct buf reason = BUF_INIT;
        r = sso_cache_parse(text, len, out, &reason);
        if (r != SSO_CACHE_OK) {
            buf_puts(why, "the SSO token cache file ");
            creds_put_safe(why, path);
            buf_printf(why, " is unusable: %s", buf_cstr(&reason));
        }
        buf_free(&reason);
        secmem_wipe(text, len);
    }
    free(text);
    buf_free(&err);
    return r;
}

static void put(json_t *o, const char *key, const char *v)
{
    if (v)
        json_object_set_new(o, key, json_string(v));
}

/* Python's json.dumps (ensure_ascii) where jansson differs: \u escapes in lower-case hex, and
   DEL escaped too. Returns a new text, sized once so no copy of a token is left behind; the
   old one is wiped. */
static char *python_escapes(char *s)
{
    size_t n = strlen(s);
    char *out = xmalloc(n * 6 + 1), *o = out;
    for (const char *p = s; *p; p++) {
        if (*p == 0x7f) {
            memcpy(o, "\\u007f", 6);
            o += 6;
            continue;
        }
        *o++ = *p;
        if (*p != '\\' || !p[1])
            continue;
        *o++ = *++p;
        int hex = *p == 'u' ? 4 : 0;
        for (int i = 0; i < hex && p[1]; i++) {
            char c = *++p;
            *o++ = c >= 'A' && c <= 'F' ? (char)(c - 'A' + 'a') : c;
        }
    }
    *o = '\0';
    secmem_free_str(s);
    return out;
}

char *sso_cache_format(const struct sso_cache_entry *e)
{
    char when[32];
    creds_format_time(e->expires_at, when);
    json_t *o = json_object();
    put(o, "startUrl", e->start_url);
    put(o, "region", e->region);
    put(o, "accessToken", e->access_token);
    put(o, "expiresAt", when);
    put(o, "clientId", e->client_id);
    put(o, "clientSecret", e->client_secret);
    put(o, "registrationExpiresAt", e->registration_expiry);
    put(o, "refreshToken", e->refresh_token);
    char *text = json_dumps(o, JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
    json_decref(o);
    return text ? python_escapes(text) : NULL;
}

int sso_cache_write(const char *path, const struct sso_cache_entry *e, struct buf *err)
{
    char *text = sso_cache_format(e);
    if (!text) {
        buf_puts(err, "out of memory formatting the SSO token cache");
        return -1;
    }
    char *dir = file_dirname(path);
    int rc = file_mkdirs(dir, 0700, err);
    if (rc == 0)
        rc = file_replace(path, text, strlen(text), 0600, err);
    free(dir);
    secmem_free_str(text);
    return rc;
}

void sso_cache_entry_clear(struct sso_cache_entry *e)
{
    if (!e)
        return;
    FREE_ALL(e->start_url, e->region, e->client_id, e->registration_expiry);
    SECMEM_FREE_STRS(e->access_token, e->client_secret, e->refresh_token);
    memset(e, 0, sizeof *e);
}
