/* The SSO credential provider: profile settings, the cached token (refreshed near expiry and
   written back as the AWS CLI would), then the portal's GetRoleCredentials. */
#define _GNU_SOURCE
#include "client/creds_sso.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/config.h"
#include "client/creds_cache.h"
#include "client/creds_providers.h"
#include "client/sso_cache.h"
#include "client/sso_login.h"
#include "client/sso_oidc.h"
#include "client/sso_portal.h"
#include "core/secmem.h"
#include "core/xalloc.h"

/* botocore refreshes an access token this close to its expiry (tokens.py _REFRESH_WINDOW). */
#define SSO_REFRESH_WINDOW (15 * 60)
#define WHO                "sso"

static void say(struct buf *why, const char *profile)
{
    buf_puts(why, WHO ": profile ");
    creds_put_safe(why, profile);
}

static int missing(struct buf *why, const char *profile, const char *what)
{
    say(why, profile);
    buf_printf(why, " uses IAM Identity Center but sets no %s; add it (aws configure sso)\n", what);
    return -1;
}

/* The [sso-session NAME] form: start URL and region from the session, which the profile may
   repeat but not contradict (botocore's InvalidSSOConfigError). */
static int read_session(const struct klx_settings *s, struct sso_profile *out, struct buf *why)
{
    const struct aws_config *c = s->config;
    if (!aws_config_has_sso_session(c, out->session)) {
        say(why, out->profile);
        buf_puts(why, " names sso_session ");
        creds_put_safe(why, out->session);
        buf_puts(why, ", but the config file has no [sso-session ");
        creds_put_safe(why, out->session);
        buf_puts(why, "] section\n");
        return -1;
    }
    static const char *const keys[] = {"sso_start_url", "sso_region"};
    const char **slots[] = {&out->start_url, &out->region};
    for (size_t i = 0; i < 2; i++) {
        const char *v = aws_config_get_sso_session(c, out->session, keys[i]);
        const char *mine = settings_profile_get(s, out->profile, keys[i]);
        if (!v || !*v)
            return missing(why, out->profile, keys[i]);
        if (mine && strcmp(mine, v) != 0) {
            say(why, out->profile);
            buf_printf(why,
                       " sets %s different from its sso-session's; remove it from the "
                       "profile\n",
                       keys[i]);
            return -1;
        }
        *slots[i] = v;
    }
    out->scopes = aws_config_get_sso_session(c, out->session, "sso_registration_scopes");
    return 1;
}

int creds_sso_profile(const struct klx_settings *s, const char *profile, bool need_role,
                      struct sso_profile *out, struct buf *why)
{
    memset(out, 0, sizeof *out);
    out->profile = profile;
    out->session = settings_profile_get(s, profile, "sso_session");
    out->start_url = settings_profile_get(s, profile, "sso_start_url");
    if (!out->session && !out->start_url)
        return 0;
    out->account_id = settings_profile_get(s, profile, "sso_account_id");
    out->role_name = settings_profile_get(s, profile, "sso_role_name");
    int rc;
    if (out->session) {
        rc = read_session(s, out, why);
    } else {
        out->region = settings_profile_get(s, profile, "sso_region");
        rc = out->region ? 1 : missing(why, profile, "sso_region");
    }
    if (rc == 1 && need_role && !out->account_id)
        rc = missing(why, profile, "sso_account_id");
    if (rc == 1 && need_role && !out->role_name)
        rc = missing(why, profile, "sso_role_name");
    return rc;
}

const char *creds_sso_cache_key(const struct sso_profile *p)
{
    return p->session ? p->session : p->start_url;
}

/* The line every "sign in again" case ends with; the form shows its sign-in instead. */
static enum creds_result sign_in(struct buf *why, const char *profile)
{
    say(why, profile);
    buf_puts(why, ": the SSO session has expired or is missing; run: klaxon sso login --profile ");
    creds_put_safe(why, profile);
    buf_putc(why, '\n');
    return CREDS_SIGN_IN;
}

/* The end of a line about a cache the form's sign-in cannot repair by itself: the user must. */
static enum creds_result sign_in_again(struct buf *why, const char *profile)
{
    buf_puts(why, "; sign in again: klaxon sso login --profile ");
    creds_put_safe(why, profile);
    buf_putc(why, '\n');
    return CREDS_ERROR;
}

/* CreateToken(refresh_token) and the file written back; false (why told) when it cannot be. */
static bool refresh(const struct klx_settings *s, const struct sso_profile *p, const char *path,
                    struct sso_cache_entry *e, struct buf *why)
{
    long long now = (long long)time(NULL);
    if (!p->session || !e->refresh_token || !e->client_id || !e->client_secret ||
        e->registration_expires_at <= now)
        return false;
    struct sso_oidc_client c = {e->client_id, e->client_secret, e->registration_expires_at};
    struct sso_token t;
    struct sso_error err;
    if (sso_oidc_create_token(s, p->region, &c, "refresh_token", e->refresh_token, &t, &err)) {
        say(why, p->profile);
        buf_puts(why, ": refreshing the access token failed: ");
        if (*err.code)
            buf_printf(why, "%s: ", err.code);
        creds_put_safe(why, err.message);
        buf_putc(why, '\n');
        return false;
    }
    /* botocore's new entry: the profile's URL and region, the new token, the registration
       kept, the refresh token only if a new one came. */
    secmem_free_str(e->access_token);
    secmem_free_str(e->refresh_token);
    e->access_token = t.access_token;
    e->refresh_token = t.refresh_token;
    e->expires_at = t.expires_at;
    free(e->start_url);
    free(e->region);
    e->start_url = xstrdup(p->start_url);
    e->region = xstrdup(p->region);
    struct buf werr = BUF_INIT;
    if (sso_cache_write(path, e, &werr) != 0) {
        say(why, p->profile);
        buf_puts(why, ": the refreshed token could not be saved: ");
        creds_put_safe(why, buf_cstr(&werr));
        buf_putc(why, '\n');
    }
    buf_free(&werr);
    return true;
}

/* A sentence of ours that quotes a path: control characters replaced, nothing cut. */
static void put_text(struct buf *why, const char *s)
{
    for (; *s; s++)
        buf_putc(why, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static void put_file(struct buf *why, const char *path)
{
    buf_puts(why, " (");
    creds_put_safe(why, path);
    buf_puts(why, ")");
}

/* A usable access token in e, refreshed if it was near its end; else the result to return. */
static enum creds_result load_token(const struct klx_settings *s, const struct sso_profile *p,
                                    struct sso_cache_entry *e, struct buf *why)
{
    struct buf path = BUF_INIT, err = BUF_INIT;
    enum creds_result r = CREDS_FOUND;
    memset(e, 0, sizeof *e);
    if (sso_cache_path(creds_sso_cache_key(p), &path, &err) != 0) {
        say(why, p->profile);
        buf_printf(why, ": %s\n", buf_cstr(&err));
        r = CREDS_ERROR;
        goto out;
    }
    enum sso_cache_result cr = sso_cache_read(buf_cstr(&path), e, &err);
    if (cr == SSO_CACHE_MISSING) {
        say(why, p->profile);
        buf_puts(why, ": no SSO sign-in is cached");
        put_file(why, buf_cstr(&path));
        buf_putc(why, '\n');
        r = sign_in(why, p->profile);
    } else if (cr != SSO_CACHE_OK) {
        say(why, p->profile);
        buf_puts(why, ": ");
        put_text(why, buf_cstr(&err));
        r = sign_in_again(why, p->profile);
    } else if (e->start_url && strcmp(e->start_url, p->start_url) != 0) {
        say(why, p->profile);
        buf_puts(why, ": the SSO token cache");
        put_file(why, buf_cstr(&path));
        buf_puts(why, " is for start URL ");
        creds_put_safe(why, e->start_url);
        buf_puts(why, ", not ");
        creds_put_safe(why, p->start_url);
        r = sign_in_again(why, p->profile);
    } else if (e->expires_at - (long long)time(NULL) < SSO_REFRESH_WINDOW &&
               !refresh(s, p, buf_cstr(&path), e, why) && e->expires_at <= (long long)time(NULL)) {
        char when[32];
        creds_format_time(e->expires_at, when);
        say(why, p->profile);
        buf_printf(why, ": the cached access token expired at %s%s", when,
                   !e->refresh_token ? " and there is no refresh token"
                   : e->registration_expires_at <= (long long)time(NULL)
                       ? " and its client registration has expired"
                       : "");
        put_file(why, buf_cstr(&path));
        buf_putc(why, '\n');
        r = sign_in(why, p->profile);
    }
out:
    buf_free(&path);
    buf_free(&err);
    return r;
}

/* The portal's refusal as one line naming the profile, the role and what to do. */
static enum creds_result role_refused(struct buf *why, const struct sso_profile *p,
                                      const struct sso_error *e)
{
    if (!strcmp(e->code, "UnauthorizedException")) {
        say(why, p->profile);
        buf_puts(why, ": IAM Identity Center no longer accepts the cached access token\n");
        return sign_in(why, p->profile);
    }
    say(why, p->profile);
    if (!strcmp(e->code, "ForbiddenException"))
        buf_puts(why, ": IAM Identity Center denies access to role ");
    else
        buf_puts(why, ": IAM Identity Center could not give credentials for role ");
    creds_put_safe(why, p->role_name);
    buf_puts(why, " in account ");
    creds_put_safe(why, p->account_id);
    buf_puts(why, ": ");
    if (*e->code)
        buf_printf(why, "%s: ", e->code);
    creds_put_safe(why, e->message);
    if (!strcmp(e->code, "ForbiddenException"))
        buf_puts(why, "; check sso_account_id and sso_role_name, or ask for the assignment");
    buf_putc(why, '\n');
    return CREDS_ERROR;
}

/* The cache key's material: the sign-in, the account and the role (what GetRoleCredentials is
   asked for), as the AWS CLI keys its own. */
static char *sso_material(const struct sso_profile *p)
{
    return xasprintf("%s\n%s\n%s", creds_sso_cache_key(p), p->account_id, p->role_name);
}

int creds_sso_cache_name(const struct klx_settings *s, const char *profile,
                         char name[CREDS_CACHE_NAME_MAX])
{
    struct sso_profile p;
    struct buf why = BUF_INIT;
    int known = creds_sso_profile(s, profile, true, &p, &why);
    buf_free(&why);
    if (known <= 0)
        return -1;
    char *material = sso_material(&p);
    int r = creds_cache_name("sso", profile, material, name);
    free(material);
    return r;
}

/* A sign-in's token (klaxon's own login in the keyring first, then the AWS CLI's file), then
   the role's keys from the portal. */
static enum creds_result sso_fetch(const struct klx_settings *s, void *arg, struct aws_creds *out,
                                   struct buf *why)
{
    const struct sso_profile *p = arg;
    struct sso_cache_entry e;
    enum creds_result r;
    struct sso_token kt;
    if (sso_login_load_token(s, creds_sso_cache_key(p), &kt) == 1) {
        memset(&e, 0, sizeof e);
        e.access_token = kt.access_token;
        kt.access_token = NULL;
        sso_token_clear(&kt);
        r = CREDS_FOUND;
    } else {
        r = load_token(s, p, &e, why);
    }
    if (r == CREDS_FOUND) {
        struct sso_error err;
        if (sso_get_role_credentials(s, p->region, e.access_token, p->account_id, p->role_name, out,
                                     &err) != 0) {
            r = role_refused(why, p, &err);
        } else {
            char when[32];
            creds_format_time(out->expiration, when);
            say(why, p->profile);
            buf_puts(why, ": role ");
            creds_put_safe(why, p->role_name);
            buf_puts(why, " in account ");
            creds_put_safe(why, p->account_id);
            buf_printf(why, " through IAM Identity Center, until %s\n", when);
        }
    }
    sso_cache_entry_clear(&e);
    return r;
}

/* The role's keys are kept in the keyring as a role's are (client/creds_cache.c), so that a
   second call in the session asks the portal nothing. */
static enum creds_result sso_get(const struct klx_settings *s, struct aws_creds *out,
                                 struct buf *why)
{
    struct sso_profile p;
    int known = creds_sso_profile(s, s->profile, true, &p, why);
    if (known == 0) {
        say(why, s->profile);
        buf_puts(why, " has no sso_session or sso_start_url\n");
        return CREDS_NOT_FOUND;
    }
    if (known < 0)
        return CREDS_ERROR;
    char *material = sso_material(&p);
    enum creds_result r =
        creds_cache_through(s, "sso", s->profile, material, sso_fetch, &p, out, why);
    free(material);
    return r;
}

const struct creds_provider creds_provider_sso = {WHO, sso_get};
