/* The web identity provider: a token file and a role, exchanged with STS
   AssumeRoleWithWebIdentity for temporary keys (EKS service accounts, CI runners' OIDC). */
#ifndef CLIENT_CREDS_WEBID_H
#define CLIENT_CREDS_WEBID_H

#include <stdbool.h>

#include "client/creds.h"

/* The keys of s->profile through its web_identity_token_file, role_arn and role_session_name,
   each overridden by AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME when
   use_env (botocore's order; a role's source_profile reads the profile only). CREDS_NOT_FOUND when
   no token file is configured; CREDS_ERROR, naming the profile and what to fix, when the token
   file is missing or empty, no role is set, or STS refuses. Appends "web-identity: ..." lines to
   why; never the token. */
enum creds_result creds_webid_get(const struct klx_settings *s, bool use_env, struct aws_creds *out,
                                  struct buf *why);

/* creds_webid_get() as chain members: with the environment (the main chain) and without it (a
   role's source profile). */
extern const struct creds_provider creds_provider_web_identity;
extern const struct creds_provider creds_provider_web_identity_profile;

#endif
