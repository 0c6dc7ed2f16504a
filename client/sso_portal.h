/* IAM Identity Center portal (service model sso 2019-06-10): GetRoleCredentials, which trades
   an access token for a role's temporary keys. */
#ifndef CLIENT_SSO_PORTAL_H
#define CLIENT_SSO_PORTAL_H

#include "client/creds.h"
#include "client/settings.h"
#include "client/sso_oidc.h"

/* GET /federation/credentials on https://portal.sso.REGION.amazonaws.com (or
   AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL, [services] sso endpoint_url). 0 and out filled (source
   "sso"), or -1 and err: "UnauthorizedException" (token unknown or expired),
   "ForbiddenException" (no access to the role), "" (no answer). */
int sso_get_role_credentials(const struct klx_settings *s, const char *region,
                             const char *access_token, const char *account_id,
                             const char *role_name, struct aws_creds *out, struct sso_error *err);

#endif
