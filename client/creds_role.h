/* The role provider: profiles with role_arn, their keys from STS AssumeRole. */
#ifndef CLIENT_CREDS_ROLE_H
#define CLIENT_CREDS_ROLE_H

#include "client/creds.h"

/* The keys of s->profile, which sets role_arn: source_profile chains of any depth (a loop is
   refused naming its profiles) or credential_source (Environment, Ec2InstanceMetadata), each role
   assumed in turn from the base keys. mfa_serial's code is asked through s->keyring->mfa (the
   form's field: a refused code is asked again with STS's reason) or else s->keyring->prompt
   (the terminal's, in the CLI: asked once); without either it is a clear error. Appends "assume-role: ..." lines to
   why; never a secret. CREDS_FOUND or CREDS_ERROR. */
enum creds_result creds_role_assume(const struct klx_settings *s, struct aws_creds *out,
                                    struct buf *why);

#endif
