/* Role and SSO sessions kept in the keyring under "session:KIND:PROFILE:HASH", reused until
   CREDS_CACHE_REFRESH_S before they expire. */
#define _GNU_SOURCE
#include "client/creds_cache.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "client/creds_providers.h"
#include "client/keyring.h"
#include "client/keyring_vault.h"
#include "core/hex.h"

#define CACHE_WHO "session-cache"

const char creds_cache_source_role[] = "cached role session";
const char creds_cache_source_sso[] = "cached SSO session";

int creds_cache_name(const char *kind, const char *profile, const char *material,
                     char name[CREDS_CACHE_NAME_MAX])
{
    name[0] = '\0';
    if (strlen(profile) > CREDS_CACHE_MAX_PROFILE || strlen(kind) > 8)
        return -1;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!EVP_Digest(material, strlen(material), md, &n, EVP_sha256(), NULL) || n < 20)
        return -1;
    char hex[41];
    hex_lower(md, 20, hex); /* 160 bits, as the AWS CLI's SHA-1 cache keys: plenty to tell apart */
    snprintf(name, CREDS_CACHE_NAME_MAX, "session:%s:%s:%s", kind, profile, hex);
    return 0;
}

/* The backend the cache may use now, or NULL with the reason in why. A vault is used only when
   it already exists: creating one (a new passphrase, typed twice) is `credentials set`'s job,
   not something to spring on a responder in the middle of an incident. */
static const struct keyring_backend *cache_backend(struct buf *why)
{
    struct keyring_selection sel;
    const struct keyring_backend *be = NULL;
    if (keyring_select(&sel) != 0 || !sel.backend)
        buf_printf(why, "no keyring (%s)", buf_cstr(&sel.why));
    else if (sel.state != KEYRING_OK)
        buf_printf(why, "%s cannot be used now (%s)", sel.backend->title, buf_cstr(&sel.where));
    else
        be = sel.backend;
    keyring_selection_free(&sel);
    if (be == &keyring_file_vault) {
        char *path = vault_default_path();
        struct stat st;
        if (!path || stat(path, &st) != 0) {
            buf_puts(why, "the file vault does not exist yet (`klaxon credentials set` creates it)");
            be = NULL;
        }
        free(path);
    }
    return be;
}

static void say(struct buf *why, const char *name)
{
    buf_puts(why, CACHE_WHO ": ");
    creds_put_safe(why, name);
}

/* The cached session if it is still good for more than the refresh window. */
static bool cache_hit(const struct keyring_backend *be, const struct klx_settings *s,
                      const char *kind, const char *name, struct aws_creds *out, struct buf *why)
{
    struct buf err = BUF_INIT;
    enum keyring_result r = be->lookup(name, out, s->keyring, &err);
    long long now = (long long)time(NULL);
    bool hit = false;
    char when[32];
    if (r == KEYRING_OK && out->expiration > now + CREDS_CACHE_REFRESH_S) {
        creds_format_time(out->expiration, when);
        say(why, name);
        buf_printf(why, ": reused from %s, expires %s\n", be->title, when);
        out->source = !strcmp(kind, "sso") ? creds_cache_source_sso : creds_cache_source_role;
        hit = true;
    } else if (r == KEYRING_OK) {
        creds_format_time(out->expiration, when);
        say(why, name);
        buf_printf(why, ": the cached session expires %s, within %d minutes: renewing\n", when,
                   CREDS_CACHE_REFRESH_S / 60);
    } else if (r != KEYRING_NOT_FOUND) {
        say(why, name);
        buf_printf(why, ": %s could not be read (%s): fetching a new session\n", be->title,
                   buf_cstr(&err));
    }
    if (!hit)
        aws_creds_clear(out);
    buf_free(&err);
    return hit;
}

/* Keep a fresh session; a keyring that refuses costs only the cache, never the call. */
static void cache_keep(const struct keyring_backend *be, const struct klx_settings *s,
                       const char *name, const struct aws_creds *c, struct buf *why)
{
    if (!c->expiration || !c->session_token)
        return; /* not a session: nothing to renew it by */
    struct buf err = BUF_INIT;
    enum keyring_result r = keyring_check_creds(c, &err, NULL) == 0
                                ? be->store(name, c, s->keyring, &err)
                                : KEYRING_ERROR;
    char when[32];
    creds_format_time(c->expiration, when);
    say(why, name);
    if (r == KEYRING_OK)
        buf_printf(why, ": kept in %s until %s\n", be->title, when);
    else
        buf_printf(why, ": not kept (%s)\n", buf_cstr(&err));
    buf_free(&err);
}

enum creds_result creds_cache_through(const struct klx_settings *s, const char *kind,
                                      const char *profile, const char *material,
                                      creds_cache_fetch_fn fetch, void *arg, struct aws_creds *out,
                                      struct buf *why)
{
    memset(out, 0, sizeof *out);
    char name[CREDS_CACHE_NAME_MAX];
    struct buf reason = BUF_INIT;
    const struct keyring_backend *be = NULL;
    if (creds_cache_name(kind, profile, material, name) != 0)
        buf_printf(&reason, "profile names longer than %d bytes are not cached",
                   CREDS_CACHE_MAX_PROFILE);
    else
        be = cache_backend(&reason);
    if (!be) {
        buf_puts(why, CACHE_WHO ": not cached: ");
        creds_put_safe(why, buf_cstr(&reason));
        buf_putc(why, '\n');
    }
    buf_free(&reason);
    if (be && cache_hit(be, s, kind, name, out, why))
        return CREDS_FOUND;
    enum creds_result r = fetch(s, arg, out, why);
    if (r == CREDS_FOUND && be)
        cache_keep(be, s, name, out, why);
    return r;
}

int creds_cache_peek(const struct keyring_options *opt, const char *name, long long *expiration,
                     struct buf *why)
{
    *expiration = 0;
    struct buf reason = BUF_INIT;
    const struct keyring_backend *be = cache_backend(&reason);
    buf_free(&reason);
    if (!be)
        return 0;
    struct aws_creds c;
    struct buf err = BUF_INIT;
    enum keyring_result r = be->lookup(name, &c, opt, &err);
    int rc = r == KEYRING_OK ? 1 : r == KEYRING_NOT_FOUND ? 0 : -1;
    if (rc == 1)
        *expiration = c.expiration;
    else if (rc < 0)
        buf_printf(why, "%s could not be read: %s", be->title, buf_cstr(&err));
    aws_creds_clear(&c);
    buf_free(&err);
    return rc;
}

int creds_cache_forget(const struct keyring_options *opt, const char *name, struct buf *why)
{
    struct buf reason = BUF_INIT;
    const struct keyring_backend *be = cache_backend(&reason);
    buf_free(&reason);
    if (!be)
        return 0;
    struct buf err = BUF_INIT;
    enum keyring_result r = be->erase(name, opt, &err);
    int rc = r == KEYRING_OK ? 1 : r == KEYRING_NOT_FOUND ? 0 : -1;
    if (rc < 0)
        buf_printf(why, "%s refused to drop the cached session: %s", be->title, buf_cstr(&err));
    buf_free(&err);
    return rc;
}
