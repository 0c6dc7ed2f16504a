/* The device authorization flow of IAM Identity Center, and where a profile signs in. */
#define _GNU_SOURCE
#include "client/sso_login.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/config.h"
#include "client/creds.h"
#include "client/creds_providers.h"
#include "client/sso_keyring.h"
#include "core/secmem.h"
#include "core/xalloc.h"

/* The name klaxon registers under (the AWS CLI registers as botocore-client-...). */
#define SSO_LOGIN_CLIENT_NAME "klaxon"
/* A stored registration is reused while it has at least this long left (a sign-in takes
   minutes; the code must not outlive the client it was issued to). */
#define SSO_LOGIN_REG_MARGIN 900
/* An access token this close to its end is refreshed first, as botocore does (15 minutes). */
#define SSO_LOGIN_REFRESH_WINDOW 900
/* RFC 8628: "slow_down" means the interval grows by 5 seconds, for good. */
#define SSO_LOGIN_SLOW_DOWN        5
#define SSO_LOGIN_DEFAULT_INTERVAL 5
/* The cancel flag is looked at this often while waiting. */
#define SSO_LOGIN_SLICE_MS 100

/* ---- Where a profile signs in ---- */

static const char *sso_profile_get(const struct klx_settings *s, const char *profile,
                                   const char *key)
{
    return s->config ? aws_config_get_merged(s->config, profile, key) : NULL;
}

static void sso_say_profile(struct buf *err, const char *profile)
{
    buf_puts(err, "profile ");
    creds_put_safe(err, profile);
    buf_puts(err, ": ");
}

static int sso_target_session(const struct klx_settings *s, const char *profile,
                              const char *session, struct sso_login_target *t, struct buf *err)
{
    const char *url = aws_config_get_sso_session(s->config, session, "sso_start_url");
    const char *region = aws_config_get_sso_session(s->config, session, "sso_region");
    if (!url || !*url || !region || !*region) {
        sso_say_profile(err, profile);
        buf_puts(err, "its [sso-session ");
        creds_put_safe(err, session);
        buf_printf(err, "] section %s; add sso_start_url and sso_region to it in %s",
                   aws_config_has_sso_session(s->config, session) ? "lacks sso_start_url or "
                                                                    "sso_region"
                                                                  : "is missing",
                   settings_config_name(s));
        return -1;
    }
    const char *scopes = aws_config_get_sso_session(s->config, session, "sso_registration_scopes");
    t->start_url = xstrdup(url);
    t->region = xstrdup(region);
    t->scopes = scopes && *scopes ? xstrdup(scopes) : NULL;
    t->entry = sso_keyring_entry(session);
    return 0;
}

int sso_login_target(const struct klx_settings *s, const char *profile, struct sso_login_target *t,
                     struct buf *err)
{
    memset(t, 0, sizeof *t);
    const char *session = sso_profile_get(s, profile, "sso_session");
    const char *url = sso_profile_get(s, profile, "sso_start_url");
    const char *region = sso_profile_get(s, profile, "sso_region");
    int rc = 0;
    if (session && *session) {
        rc = sso_target_session(s, profile, session, t, err);
    } else if (url && *url && region && *region) {
        t->start_url = xstrdup(url);
        t->region = xstrdup(region);
        t->entry = sso_keyring_entry(url);
    } else {
        sso_say_profile(err, profile);
        buf_puts(err, "it is not an IAM Identity Center (SSO) profile: it needs sso_session (with "
                      "an [sso-session NAME] section), or sso_start_url and sso_region");
        rc = -1;
    }
    if (rc != 0) {
        sso_login_target_free(t);
        return -1;
    }
    t->profile = xstrdup(profile);
    return 0;
}

void sso_login_target_free(struct sso_login_target *t)
{
    FREE_ALL(t->profile, t->start_url, t->region, t->scopes, t->entry);
    memset(t, 0, sizeof *t);
}

/* ---- The real clock ---- */

static long long sso_real_now(void *ctx)
{
    (void)ctx;
    return (long long)time(NULL);
}

/* Sleep in slices so that a cancel (the form's Esc, Ctrl-C) is seen within a tenth of a second. */
static void sso_real_sleep(void *ctx, long ms, atomic_int *cancel)
{
    (void)ctx;
    while (ms > 0 && !(cancel && atomic_load(cancel))) {
        long slice = ms < SSO_LOGIN_SLICE_MS ? ms : SSO_LOGIN_SLICE_MS;
        struct timespec ts = {slice / 1000, (slice % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !(cancel && atomic_load(cancel)))
            ;
        ms -= slice;
    }
}

static const struct sso_login_clock sso_real_clock = {sso_real_now, sso_real_sleep, NULL};

/* ---- The flow ---- */

/* One run's state. */
struct sso_flow {
    const struct klx_settings *s;
    const struct sso_login_target *t;
    const struct sso_login_options *o;
    const struct sso_login_clock *clock;
    struct sso_login_stats *stats;
    struct buf *why;
};

static bool sso_cancelled(const struct sso_flow *f)
{
    return f->o && f->o->cancel && atomic_load(f->o->cancel);
}

/* Say why a call failed; the result it comes to. */
static enum sso_login_result sso_say_error(struct sso_flow *f, const char *what,
                                           const struct sso_error *e)
{
    sso_say_profile(f->why, f->t->profile);
    buf_printf(f->why, "%s failed: ", what);
    if (*e->code) {
        creds_put_safe(f->why, e->code);
        buf_puts(f->why, ": ");
    }
    creds_put_safe(f->why, e->message);
    return *e->code ? SSO_LOGIN_FAILED : SSO_LOGIN_UNREACHABLE;
}

/* A registration: the stored one while it has SSO_LOGIN_REG_MARGIN left (*reused set), else a
   new one. */
static enum sso_login_result sso_register(struct sso_flow *f, struct sso_oidc_client *c,
                                          bool *reused)
{
    struct sso_token old;
    struct buf ignore = BUF_INIT;
    int have = *reused ? 0 : sso_keyring_load(f->s, f->t->entry, c, &old, NULL, &ignore);
    buf_free(&ignore);
    if (have == 1)
        sso_token_clear(&old);
    *reused = have == 1 && c->client_id && c->client_secret &&
              c->expires_at - SSO_LOGIN_REG_MARGIN > f->clock->now(f->clock->ctx);
    if (*reused)
        return SSO_LOGIN_OK;
    sso_oidc_client_clear(c);
    struct sso_error e;
    if (sso_oidc_register_client(f->s, f->t->region, SSO_LOGIN_CLIENT_NAME, f->t->scopes, c, &e) ==
        0)
        return SSO_LOGIN_OK;
    return sso_say_error(f, "SSO-OIDC RegisterClient", &e);
}

static void sso_wait(struct sso_flow *f, long ms)
{
    if (f->stats && f->stats->nwaits < (int)(sizeof f->stats->waited_ms / sizeof(long)))
        f->stats->waited_ms[f->stats->nwaits++] = ms;
    f->clock->sleep_ms(f->clock->ctx, ms, f->o ? f->o->cancel : NULL);
}

/* Poll CreateToken until a token, a final answer, the code's expiry or a cancel. */
static enum sso_login_result sso_poll(struct sso_flow *f, const struct sso_oidc_client *c,
                                      const struct sso_device_auth *da, long long deadline,
                                      struct sso_token *tok)
{
    int interval = da->interval > 0 ? da->interval : SSO_LOGIN_DEFAULT_INTERVAL;
    for (;;) {
        if (sso_cancelled(f))
            return SSO_LOGIN_CANCELLED;
        if (f->clock->now(f->clock->ctx) >= deadline)
            break;
        struct sso_error e;
        if (f->stats)
            f->stats->polls++;
        if (sso_oidc_create_token(f->s, f->t->region, c, "device_code", da->device_code, tok, &e) ==
            0)
            return SSO_LOGIN_OK;
        if (!strcmp(e.code, "slow_down"))
            interval += SSO_LOGIN_SLOW_DOWN;
        else if (!strcmp(e.code, "expired_token"))
            break;
        else if (!strcmp(e.code, "access_denied")) {
            sso_say_profile(f->why, f->t->profile);
            buf_puts(f->why, "the sign-in was denied on the verification page");
            return SSO_LOGIN_DENIED;
        } else if (strcmp(e.code, "authorization_pending") != 0) {
            return sso_say_error(f, "SSO-OIDC CreateToken", &e);
        }
        sso_wait(f, interval * 1000L);
    }
    sso_say_profile(f->why, f->t->profile);
    buf_puts(f->why, "the code expired before the sign-in was approved; run klaxon sso login "
                     "again");
    return SSO_LOGIN_EXPIRED;
}

static enum sso_login_result sso_flow_run(struct sso_flow *f, struct sso_oidc_client *c,
                                          struct sso_device_auth *da, struct sso_token *tok)
{
    bool reused = false;
    enum sso_login_result r = sso_register(f, c, &reused);
    if (r != SSO_LOGIN_OK)
        return r;
    struct sso_error e;
    int rc = sso_oidc_start_device_authorization(f->s, f->t->region, c, f->t->start_url, da, &e);
    /* A stored registration the service no longer knows (revoked, another region): a new one. */
    if (rc != 0 && reused &&
        (!strcmp(e.code, "invalid_client") || !strcmp(e.code, "InvalidClientException"))) {
        sso_oidc_client_clear(c);
        r = sso_register(f, c, &reused);
        if (r != SSO_LOGIN_OK)
            return r;
        rc = sso_oidc_start_device_authorization(f->s, f->t->region, c, f->t->start_url, da, &e);
    }
    if (rc != 0)
        return sso_say_error(f, "SSO-OIDC StartDeviceAuthorization", &e);
    long long deadline = f->clock->now(f->clock->ctx) + (da->expires_in > 0 ? da->expires_in : 0);
    if (f->o && f->o->ui && f->o->ui->show)
        f->o->ui->show(f->o->ui->ctx, da, deadline);
    r = sso_poll(f, c, da, deadline, tok);
    if (r != SSO_LOGIN_OK)
        return r;
    struct buf err = BUF_INIT;
    if (sso_keyring_store(f->s, f->t->entry, f->t->region, c, tok, &err) != 0) {
        sso_say_profile(f->why, f->t->profile);
        buf_puts(f->why, "signed in, but the tokens could not be kept: ");
        buf_puts(f->why, buf_cstr(&err));
        r = SSO_LOGIN_FAILED;
    }
    buf_free(&err);
    return r;
}

enum sso_login_result sso_login_run(const struct klx_settings *s, const struct sso_login_target *t,
                                    const struct sso_login_options *o,
                                    struct sso_login_stats *stats, struct buf *why)
{
    struct sso_flow f = {s, t, o, o && o->clock ? o->clock : &sso_real_clock, stats, why};
    if (stats)
        memset(stats, 0, sizeof *stats);
    struct sso_oidc_client c = {0};
    struct sso_device_auth da = {0};
    struct sso_token tok = {0};
    enum sso_login_result r = sso_flow_run(&f, &c, &da, &tok);
    sso_token_clear(&tok);
    sso_device_auth_clear(&da);
    sso_oidc_client_clear(&c);
    return r;
}

/* CreateToken with the stored refresh token and registration; the new token stored back (with
   the old refresh token when no new one came). true with *t replaced, or false. */
static bool sso_login_refresh(const struct klx_settings *s, const char *entry, const char *region,
                              const struct sso_oidc_client *c, struct sso_token *t)
{
    if (!region || !t->refresh_token || !c->client_id || !c->client_secret ||
        c->expires_at <= (long long)time(NULL))
        return false;
    struct sso_token fresh;
    struct sso_error e;
    if (sso_oidc_create_token(s, region, c, "refresh_token", t->refresh_token, &fresh, &e) != 0)
        return false;
    if (!fresh.refresh_token) {
        fresh.refresh_token = t->refresh_token;
        t->refresh_token = NULL;
    }
    sso_token_clear(t);
    *t = fresh;
    struct buf err = BUF_INIT;
    /* Not kept: this run still has the token; the next one refreshes again. */
    (void)sso_keyring_store(s, entry, region, c, t, &err);
    buf_free(&err);
    return true;
}

int sso_login_load_token(const struct klx_settings *s, const char *session_key,
                         struct sso_token *out)
{
    char *entry = sso_keyring_entry(session_key);
    struct sso_oidc_client c;
    char *region = NULL;
    struct buf err = BUF_INIT;
    int rc = sso_keyring_load(s, entry, &c, out, &region, &err);
    buf_free(&err);
    if (rc == 1 && out->expires_at - SSO_LOGIN_REFRESH_WINDOW <= (long long)time(NULL) &&
        !sso_login_refresh(s, entry, region, &c, out)) {
        sso_token_clear(out);
        rc = 0;
    }
    sso_oidc_client_clear(&c);
    free(region);
    free(entry);
    return rc;
}
