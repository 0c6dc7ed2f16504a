/* klaxon's SSO sign-ins kept in the keyring. The keyring holds AWS key sets (struct aws_creds),
   so one sign-in travels as a set of its own: a fixed marker for the key id and the secret, and
   the tokens and registration as compact JSON in the session token slot, which takes up to
   KEYRING_MAX_VALUE visible ASCII characters; the access token's expiry is the set's. */
#include "client/sso_keyring.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/creds.h"
#include "client/keyring.h"
#include "core/hex.h"
#include "core/secmem.h"
#include "core/xalloc.h"

#define SSO_KEYRING_PREFIX "sso-session:"
/* The marker pair: an entry holding these is a sign-in, not keys anyone could sign with. */
#define SSO_KEYRING_MARK_ID     "KLAXONSSOSESSION"
#define SSO_KEYRING_MARK_SECRET "klaxon-sso-session-v1"
/* keyring_check_profile()'s limit on an entry's name. */
#define SSO_KEYRING_MAX_NAME 128

char *sso_keyring_entry(const char *name)
{
    if (strlen(SSO_KEYRING_PREFIX) + strlen(name) <= SSO_KEYRING_MAX_NAME)
        return xasprintf(SSO_KEYRING_PREFIX "%s", name);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    char hex[2 * EVP_MAX_MD_SIZE + 1] = "";
    if (EVP_Digest(name, strlen(name), md, &mdlen, EVP_sha256(), NULL) && mdlen == 32)
        hex_lower(md, mdlen, hex);
    return xasprintf(SSO_KEYRING_PREFIX "sha256:%s", hex);
}

/* The keyring in use, or -1 with why (none usable is an error only when asked to). */
static int sso_keyring_open(struct keyring_selection *sel, struct buf *err)
{
    memset(sel, 0, sizeof *sel);
    if (keyring_select(sel) != 0 || !sel->backend) {
        buf_printf(err, "no keyring to keep the SSO sign-in in: %s", buf_cstr(&sel->why));
        keyring_selection_free(sel);
        return -1;
    }
    return 0;
}

static void sso_put_str(json_t *o, const char *key, const char *v)
{
    if (v)
        json_object_set_new(o, key, json_string(v));
}

/* The secret JSON text of a sign-in (secmem_free_str() it); NULL when it cannot be made. */
static char *sso_keyring_encode(const char *region, const struct sso_oidc_client *c,
                                const struct sso_token *t)
{
    json_t *o = json_object();
    sso_put_str(o, "region", region);
    sso_put_str(o, "accessToken", t->access_token);
    sso_put_str(o, "refreshToken", t->refresh_token);
    json_object_set_new(o, "expiresAt", json_integer(t->expires_at));
    sso_put_str(o, "clientId", c->client_id);
    sso_put_str(o, "clientSecret", c->client_secret);
    json_object_set_new(o, "registrationExpiresAt", json_integer(c->expires_at));
    /* jansson's blocks are wiped when freed (json_wipe_install); the copy returned is ours. */
    char *text = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_SORT_KEYS);
    json_decref(o);
    char *secret = text ? secmem_strdup(text) : NULL;
    if (text)
        secmem_free_str(text);
    return secret;
}

int sso_keyring_store(const struct klx_settings *s, const char *entry, const char *region,
                      const struct sso_oidc_client *c, const struct sso_token *t, struct buf *err)
{
    struct keyring_selection sel;
    if (sso_keyring_open(&sel, err) != 0)
        return -1;
    char *json = sso_keyring_encode(region, c, t);
    struct aws_creds set = {
        .access_key_id = (char *)SSO_KEYRING_MARK_ID,
        .secret_access_key = (char *)SSO_KEYRING_MARK_SECRET,
        .session_token = json,
        .expiration = t->expires_at,
    };
    enum keyring_result r =
        json ? keyring_store(&sel, entry, &set, s->keyring, err) : KEYRING_ERROR;
    if (!json)
        buf_puts(err, "the SSO sign-in could not be encoded");
    secmem_free_str(json);
    keyring_selection_free(&sel);
    return r == KEYRING_OK ? 0 : -1;
}

/* A member's text as a secret copy, or NULL. */
static char *sso_take_str(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? secmem_strdup(v) : NULL;
}

static int sso_keyring_decode(const char *json, struct sso_oidc_client *c, struct sso_token *t,
                              char **region, struct buf *err)
{
    json_t *o = json ? json_loads(json, 0, NULL) : NULL;
    if (!json_is_object(o) || !json_is_string(json_object_get(o, "accessToken"))) {
        json_decref(o);
        buf_puts(err, "the keyring's SSO sign-in entry is damaged; run klaxon sso login again");
        return -1;
    }
    t->access_token = sso_take_str(o, "accessToken");
    t->refresh_token = sso_take_str(o, "refreshToken");
    t->expires_at = json_integer_value(json_object_get(o, "expiresAt"));
    if (region) {
        const char *r = json_string_value(json_object_get(o, "region"));
        *region = r ? xstrdup(r) : NULL;
    }
    if (c) {
        c->client_id = sso_take_str(o, "clientId");
        c->client_secret = sso_take_str(o, "clientSecret");
        c->expires_at = json_integer_value(json_object_get(o, "registrationExpiresAt"));
    }
    json_decref(o);
    return 0;
}

int sso_keyring_load(const struct klx_settings *s, const char *entry, struct sso_oidc_client *c,
                     struct sso_token *t, char **region, struct buf *err)
{
    memset(t, 0, sizeof *t);
    if (region)
        *region = NULL;
    if (c)
        memset(c, 0, sizeof *c);
    struct keyring_selection sel;
    struct buf ignore = BUF_INIT;
    /* No keyring at all: nothing of klaxon's own login can be there. */
    int rc = sso_keyring_open(&sel, &ignore);
    buf_free(&ignore);
    if (rc != 0)
        return 0;
    struct aws_creds set = {0};
    struct buf why = BUF_INIT;
    enum keyring_result r = keyring_lookup(&sel, entry, &set, s->keyring, &why);
    keyring_selection_free(&sel);
    if (r != KEYRING_OK && r != KEYRING_NOT_FOUND)
        buf_puts(err, buf_cstr(&why));
    buf_free(&why);
    if (r == KEYRING_NOT_FOUND) {
        aws_creds_clear(&set);
        return 0;
    }
    if (r == KEYRING_OK &&
        strcmp(set.access_key_id ? set.access_key_id : "", SSO_KEYRING_MARK_ID) != 0) {
        buf_puts(err, "the keyring entry ");
        buf_puts(err, entry);
        buf_puts(err, " is not an SSO sign-in; run klaxon sso logout, then klaxon sso login");
        r = KEYRING_ERROR;
    }
    if (r == KEYRING_OK)
        rc = sso_keyring_decode(set.session_token, c, t, region, err) == 0 ? 1 : -1;
    else
        rc = -1;
    aws_creds_clear(&set);
    return rc;
}

int sso_keyring_erase(const struct klx_settings *s, const char *entry, struct buf *err)
{
    struct keyring_selection sel;
    if (sso_keyring_open(&sel, err) != 0)
        return -1;
    struct buf why = BUF_INIT;
    enum keyring_result r = keyring_erase(&sel, entry, s->keyring, &why);
    keyring_selection_free(&sel);
    if (r != KEYRING_OK && r != KEYRING_NOT_FOUND)
        buf_puts(err, buf_cstr(&why));
    buf_free(&why);
    if (r == KEYRING_NOT_FOUND)
        return 0;
    return r == KEYRING_OK ? 1 : -1;
}
