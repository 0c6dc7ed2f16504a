/* IAM Identity Center sign-in (SSO-OIDC, service model sso-oidc 2019-06-10): JSON over HTTPS,
   unsigned. RegisterClient, StartDeviceAuthorization and CreateToken for the device flow. */
#ifndef CLIENT_SSO_OIDC_H
#define CLIENT_SSO_OIDC_H

#include "client/settings.h"

struct sso_oidc_client {
    char *client_id;
    char *client_secret;  /* a secret */
    long long expires_at; /* epoch seconds the registration ends (clientSecretExpiresAt) */
};

struct sso_device_auth {
    char *device_code; /* a secret until the token is issued */
    char *user_code;
    char *verification_uri;
    char *verification_uri_complete;
    int expires_in; /* seconds the device code lives */
    int interval;   /* seconds between polls (5 when the service does not say) */
};

struct sso_token {
    char *access_token;   /* a secret */
    char *refresh_token;  /* a secret; NULL when none was issued */
    long long expires_at; /* epoch seconds */
};

/* What the service answered instead, or why there is no answer. code: the OAuth error
   ("authorization_pending", "slow_down", "expired_token", "access_denied", "invalid_grant",
   "invalid_client"...) or the exception name ("UnauthorizedException", "ForbiddenException");
   "" when no answer came or it could not be read (message says why). */
struct sso_error {
    char code[64];
    char message[256];
    long http_status; /* 0 when no answer came */
};

/* All return 0 with out filled, or -1 with err filled and out empty. region is the sso_region;
   the endpoint is https://oidc.REGION.amazonaws.com unless AWS_ENDPOINT_URL_SSO_OIDC,
   AWS_ENDPOINT_URL or the profile's [services] section says otherwise. */
int sso_oidc_register_client(const struct klx_settings *s, const char *region,
                             const char *client_name, const char *scopes /* comma list or NULL */,
                             struct sso_oidc_client *out, struct sso_error *err);
int sso_oidc_start_device_authorization(const struct klx_settings *s, const char *region,
                                        const struct sso_oidc_client *c, const char *start_url,
                                        struct sso_device_auth *out, struct sso_error *err);
/* grant_type "device_code" (code_or_refresh: the device code) or "refresh_token" (the refresh
   token); the full "urn:ietf:params:oauth:grant-type:device_code" is taken too. */
int sso_oidc_create_token(const struct klx_settings *s, const char *region,
                          const struct sso_oidc_client *c, const char *grant_type,
                          const char *code_or_refresh, struct sso_token *out,
                          struct sso_error *err);

/* Wipe the secrets, free everything, leave the struct zeroed. NULL is fine. */
void sso_oidc_client_clear(struct sso_oidc_client *c);
void sso_device_auth_clear(struct sso_device_auth *d);
void sso_token_clear(struct sso_token *t);

#endif
