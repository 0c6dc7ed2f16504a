/* AWS STS over the query protocol: AssumeRole (signed) and AssumeRoleWithWebIdentity (unsigned),
   the form requests and their XML answers. */
#ifndef CLIENT_STS_H
#define CLIENT_STS_H

#include <stddef.h>

#include "client/creds.h"
#include "client/settings.h"
#include "core/buf.h"

/* What AssumeRole is asked for; NULL (or 0) leaves a parameter out. */
struct sts_assume_role {
    const char *role_arn;
    const char *session_name;
    const char *external_id;
    const char *serial_number; /* the MFA device */
    const char *token_code;    /* the code typed for it (wiped by the caller) */
    int duration_seconds;
};

/* What AssumeRoleWithWebIdentity is asked for. */
struct sts_web_identity {
    const char *role_arn;
    const char *session_name;
    const char *token; /* the OIDC token (a JWT), a secret */
};

/* An error STS answered with (ErrorResponse/Error/{Code,Message}), or why there is no answer. */
struct sts_error {
    char code[96];     /* "AccessDenied", "ExpiredToken"; "" when STS did not answer */
    char message[512]; /* the service's message (control characters replaced), or the transport's */
    long http_status;  /* 0 when no answer came */
};

/* Answers larger than this are refused unread: a real one is under 2 KiB. */
#define STS_MAX_REPLY (64u * 1024)

/* The end of a refusal's message line: "CODE: message\n" (the code left out when STS sent none),
   as every caller that explains a refused assume-role ends it. */
void sts_put_error(struct buf *why, const struct sts_error *e);

/* Read an AssumeRole or AssumeRoleWithWebIdentity answer. On success (0) out holds the temporary
   keys and their expiration. Otherwise -1 with err filled: the ErrorResponse's code and message, or
   code "" and what is wrong with the document (not XML, a DOCTYPE, no Credentials...). Never
   expands entities. */
int sts_parse_assume_role(const char *xml, size_t len, struct aws_creds *out,
                          struct sts_error *err);

/* Call AssumeRole with the source keys src, signing for s->region, at the STS endpoint
   client/svc_endpoint.h finds. 0 and out filled, or -1 and
   err filled. Every copy of a secret it makes is wiped. */
int sts_assume_role(const struct klx_settings *s, const struct aws_creds *src,
                    const struct sts_assume_role *p, struct aws_creds *out, struct sts_error *err);

/* Call AssumeRoleWithWebIdentity, unsigned as STS takes it (the token is the proof). 0 and out
   filled (source "web-identity"), or -1 and err filled. Every copy of the token it makes is
   wiped. */
int sts_assume_role_with_web_identity(const struct klx_settings *s,
                                      const struct sts_web_identity *p, struct aws_creds *out,
                                      struct sts_error *err);

#endif
