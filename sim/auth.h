/* SigV4 verification of incoming requests for the simulator, with the client module's signer. */
#ifndef SIM_AUTH_H
#define SIM_AUTH_H

#include <stddef.h>

#include "sim/wire.h"

/* One accepted key pair (owned copies; the secret and token are wiped on free). */
struct sim_auth_key {
    char *access_key_id;
    char *secret_access_key;
    char *session_token; /* NULL: the key needs none */
};

/* Free a key's copies, wiping the secret and token, and leave it all NULL. */
void sim_auth_key_clear(struct sim_auth_key *key);

/* The verdicts the request log records (their names are a documented contract). */
enum sim_sig {
    SIM_SIG_VALID,       /* "valid" */
    SIM_SIG_MISSING,     /* "missing": no Authorization header */
    SIM_SIG_MALFORMED,   /* "malformed": Authorization or X-Amz-Date cannot be parsed */
    SIM_SIG_UNKNOWN_KEY, /* "unknown-key" */
    SIM_SIG_BAD_TOKEN,   /* "invalid-token": session token missing, unexpected or wrong */
    SIM_SIG_INVALID,     /* "invalid": wrong signature, scope or signed-header set */
    SIM_SIG_EXPIRED,     /* "expired": X-Amz-Date more than 15 minutes from now */
};

const char *sim_sig_name(enum sim_sig v);
/* The error code STS answers a refused verdict with (NULL for SIM_SIG_VALID). */
const char *sim_sig_sts_code(enum sim_sig v);

struct sim_auth_result {
    enum sim_sig verdict;
    int status;       /* HTTP status to answer with when not valid */
    const char *code; /* error code when not valid */
    char *message;    /* error message when not valid (owned; free with sim_auth_result_free) */
    char access_key_id[129]; /* as claimed in the credential scope ("" if unparsable) */
    char region[64];         /* the credential scope's region */
    int key_index;           /* the matching key, -1 if none */
};

/* Verify req's signature against keys at time now (epoch seconds). path and query are the raw
   request-target split at '?'. Never fails to fill out; never crashes on garbage. */
void sim_auth_verify(const struct sim_auth_key *keys, size_t nkeys, const struct sim_request *req,
                     const char *path, const char *query, double now, struct sim_auth_result *out);
/* The same for another service's scope ("sts"). */
void sim_auth_verify_service(const char *service, const struct sim_auth_key *keys, size_t nkeys,
                             const struct sim_request *req, const char *path, const char *query,
                             double now, struct sim_auth_result *out);
void sim_auth_result_free(struct sim_auth_result *r);

/* Allowed clock skew between X-Amz-Date and the simulator's clock, as AWS allows. */
#define SIM_AUTH_MAX_SKEW 900

#endif
