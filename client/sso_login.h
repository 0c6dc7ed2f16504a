/* IAM Identity Center sign-in by device code (`klaxon sso login`, the form's sign-in): register
   klaxon as a client (reusing a stored registration until it expires), start a device
   authorization, poll CreateToken as the service asks, and keep the tokens in the keyring. */
#ifndef CLIENT_SSO_LOGIN_H
#define CLIENT_SSO_LOGIN_H

#include <stdatomic.h>

#include "client/settings.h"
#include "client/sso_oidc.h"
#include "core/buf.h"

/* Where a profile signs in. */
struct sso_login_target {
    char *profile;   /* the profile it was found for */
    char *start_url; /* sso_start_url */
    char *region;    /* sso_region: where SSO-OIDC is called */
    char *scopes;    /* sso_registration_scopes, NULL when none */
    char *entry;     /* the keyring entry: "sso-session:<session name or start URL>" */
};

/* The target of profile: its sso_session's [sso-session NAME] section, or the legacy
   sso_start_url and sso_region in the profile itself. 0, or -1 with why (naming the profile
   and what to add) in err. */
int sso_login_target(const struct klx_settings *s, const char *profile, struct sso_login_target *t,
                     struct buf *err);
void sso_login_target_free(struct sso_login_target *t);

/* What the flow waits with; tests replace it to run without waiting. */
struct sso_login_clock {
    long long (*now)(void *ctx); /* epoch seconds */
    /* Wait ms milliseconds, or less once *cancel is set. */
    void (*sleep_ms)(void *ctx, long ms, atomic_int *cancel);
    void *ctx;
};

/* What the front end is told. show() is called once, as soon as the code is issued; expires_at
   is when the code stops working (epoch seconds). */
struct sso_login_ui {
    void (*show)(void *ctx, const struct sso_device_auth *da, long long expires_at);
    void *ctx;
};

struct sso_login_options {
    atomic_int *cancel;                  /* set (by a signal handler, the form) to stop; may be
                                            NULL */
    const struct sso_login_clock *clock; /* NULL: the real one */
    const struct sso_login_ui *ui;       /* NULL: nobody is told (tests) */
};

enum sso_login_result {
    SSO_LOGIN_OK = 0,      /* signed in: the tokens are in the keyring */
    SSO_LOGIN_CANCELLED,   /* the cancel flag was set */
    SSO_LOGIN_EXPIRED,     /* the code expired before anyone approved it */
    SSO_LOGIN_DENIED,      /* the sign-in was refused in the browser */
    SSO_LOGIN_FAILED,      /* refused by the service, or no keyring to keep the tokens in */
    SSO_LOGIN_UNREACHABLE, /* SSO-OIDC gave no answer */
};

/* The polling rules, as the AWS CLI keeps them: wait `interval` seconds (5 when the service
   gives none) between CreateToken calls, 5 more after each slow_down; stop at expired_token,
   access_denied, the code's expiry, or the cancel flag. How many calls and waits were made is
   reported for tests through stats (may be NULL). */
struct sso_login_stats {
    int polls;
    long waited_ms[16]; /* the first waits, in order */
    int nwaits;
};

/* Sign in to t and store the result in the keyring. why gets one line (never a secret) for
   anything but SSO_LOGIN_OK. */
enum sso_login_result sso_login_run(const struct klx_settings *s, const struct sso_login_target *t,
                                    const struct sso_login_options *o,
                                    struct sso_login_stats *stats, struct buf *why);

/* klaxon's own sign-in for session_key (the [sso-session] name, or the start URL of the legacy
   form), for the SSO credential provider, which asks here before ~/.aws/sso/cache: 1 and out
   filled with a usable access token (sso_token_clear() it), refreshed first (and stored back)
   when within 15 minutes of its end; 0 when there is none or it expired beyond refreshing; -1
   when the keyring failed. */
int sso_login_load_token(const struct klx_settings *s, const char *session_key,
                         struct sso_token *out);

#endif
