/* IAM Identity Center profiles as the AWS CLI v2 reads them, and the credential provider that
   turns their cached sign-in (aws sso login's token cache) into a role's keys. */
#ifndef CLIENT_CREDS_SSO_H
#define CLIENT_CREDS_SSO_H

#include "client/creds.h"
#include "client/creds_cache.h"
#include "core/buf.h"

/* An SSO profile's settings; the strings point into s->config. */
struct sso_profile {
    const char *profile;
    const char *session;   /* [sso-session NAME]; NULL for the legacy form */
    const char *start_url; /* sso_start_url */
    const char *region;    /* sso_region */
    const char *scopes;    /* sso_registration_scopes (sessions only), or NULL */
    const char *account_id, *role_name;
};

/* Read profile's SSO settings: 1 and out filled; 0 when the profile does not use SSO; -1 when
   it does but a setting is missing or contradicts its sso-session (why names it). Login needs
   no account or role: with need_role false their absence is not an error. */
int creds_sso_profile(const struct klx_settings *s, const char *profile, bool need_role,
                      struct sso_profile *out, struct buf *why);

/* What the token cache file is named after: the session name, or the start URL. */
const char *creds_sso_cache_key(const struct sso_profile *p);

/* The chain's SSO provider (after roles, before the files, as in the CLI): CREDS_NOT_FOUND for
   other profiles; CREDS_SIGN_IN when no usable token is cached. An access token within 15
   minutes of expiry is refreshed with its refresh token and the cache file written back. */
extern const struct creds_provider creds_provider_sso;

/* The name of profile's cached SSO role session (the keyring entry); 0, or -1 when profile
   does not sign in through IAM Identity Center or its name is too long to be cached. */
int creds_sso_cache_name(const struct klx_settings *s, const char *profile,
                         char name[CREDS_CACHE_NAME_MAX]);

#endif
