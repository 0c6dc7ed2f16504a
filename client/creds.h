/* AWS credentials, and the provider chain that finds them (each source behind one interface). */
#ifndef CLIENT_CREDS_H
#define CLIENT_CREDS_H

#include <stdbool.h>

#include "client/settings.h"
#include "core/buf.h"

/* Secrets are a type: aws_creds_clear() wipes every byte before freeing. */
struct aws_creds {
    char *access_key_id;
    char *secret_access_key;
    char *session_token;  /* NULL when none */
    long long expiration; /* epoch seconds; 0 = does not expire */
    const char *source;   /* static text naming the provider, e.g. "environment" */
};

void aws_creds_clear(struct aws_creds *c);
/* Deep copy (secrets duplicated). */
void aws_creds_copy(struct aws_creds *dst, const struct aws_creds *src);

enum creds_result {
    CREDS_FOUND = 1,       /* out is filled */
    CREDS_NOT_FOUND = 0,   /* this source is not configured: try the next */
    CREDS_ERROR = -1,      /* configured but broken: stop, why says what and how to fix */
    CREDS_SIGN_IN = -2,    /* an SSO profile whose sign-in has expired or is missing: stop; why
                              says "run: klaxon sso login --profile P" (the form offers the
                              sign-in instead) */
};

/* One credential source. get() appends one line about what it saw to why in every case
   (e.g. "environment: AWS_ACCESS_KEY_ID not set"); it never writes a secret there. */
struct creds_provider {
    const char *name;
    enum creds_result (*get)(const struct klx_settings *s, struct aws_creds *out,
                             struct buf *why);
};

/* The chain, in order: environment (left out when --profile chose the profile, as botocore
   does), keyring, roles, web identity, shared credentials file, config file (static keys,
   credential_process), EC2 instance metadata (IMDSv2). NULL-terminated. */
extern const struct creds_provider *const creds_chain[];

/* Walk the chain. Returns CREDS_FOUND, or CREDS_NOT_FOUND / CREDS_ERROR with a report in why
   naming every source tried and how to fix it. */
enum creds_result creds_resolve(const struct klx_settings *s, struct aws_creds *out,
                                struct buf *why);

#endif
