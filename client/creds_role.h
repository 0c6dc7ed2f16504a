/* The role provider: profiles with role_arn, their keys from STS AssumeRole. */
#ifndef CLIENT_CREDS_ROLE_H
#define CLIENT_CREDS_ROLE_H

#include "client/creds.h"
#include "client/creds_cache.h"

/* The keys of s->profile, which sets role_arn: source_profile chains of any depth (a loop is
   refused naming its profiles) or credential_source (Environment, Ec2InstanceMetadata), each role
   assumed in turn from the base keys. mfa_serial's code is asked through s->keyring->mfa (the
   form's field: a refused code is asked again with STS's reason) or else s->keyring->prompt
   (the terminal's, in the CLI: asked once); without either it is a clear error. Appends "assume-role: ..." lines to
   why; never a secret. CREDS_FOUND or CREDS_ERROR. */
/* The session comes from the keyring's cache (client/creds_cache.h) while it has more than ten
   minutes left; a new one is kept there, so the MFA code is typed once per session. */
enum creds_result creds_role_assume(const struct klx_settings *s, struct aws_creds *out,
                                    struct buf *why);

/* The name of profile's cached role session (the keyring entry); 0, or -1 when profile sets no
   role_arn or its name is too long to be cached. */
int creds_role_cache_name(const struct klx_settings *s, const char *profile,
                          char name[CREDS_CACHE_NAME_MAX]);

#endif
