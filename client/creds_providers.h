/* Private to the credential providers and their tests: the providers and their shared helpers. */
#ifndef CLIENT_CREDS_PROVIDERS_H
#define CLIENT_CREDS_PROVIDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "client/creds.h"
#include "core/buf.h"

/* The chain's members besides the keyring (creds_keyring.h), in chain order. */
extern const struct creds_provider creds_provider_env;
extern const struct creds_provider creds_provider_assume_role; /* roles */
extern const struct creds_provider creds_provider_credentials_file;
extern const struct creds_provider creds_provider_process;
extern const struct creds_provider creds_provider_config_file;
extern const struct creds_provider creds_provider_imds;

/* ISO 8601 time ("2024-05-01T12:00:00Z"; fractions, "+hh:mm" offsets allowed; no zone = UTC) to
   epoch seconds. 0 on success, -1 if malformed. */
int creds_parse_time(const char *s, long long *out);
/* Epoch seconds as "2024-05-01T12:00:00Z". */
void creds_format_time(long long t, char out[32]);
/* Fill out with copies of the given values. */
void creds_set(struct aws_creds *out, const char *akid, const char *secret, const char *token,
               long long expiration, const char *source);
/* CREDS_FOUND if out has not expired; otherwise clears it, appends "who: ... expired at ..." to
   why and returns CREDS_ERROR. */
enum creds_result creds_check_expiry(struct aws_creds *out, const char *who, struct buf *why);
/* A name (profile, path, role) for a message: short, control characters replaced. */
void creds_put_safe(struct buf *b, const char *s);
/* "true" in any case. */
bool creds_env_true(const char *name);

/* Output captured from a child or a server, with a fixed capacity: it never moves, so a secret
   in it is never left behind in freed memory; wiped when done. */
struct creds_capture {
    char *data; /* NUL-terminated */
    size_t len, cap;
    bool overflow; /* more than cap bytes were offered; the rest was dropped */
};
void creds_capture_init(struct creds_capture *c, size_t cap);
/* Append; false (and overflow set) when it does not fit. */
bool creds_capture_add(struct creds_capture *c, const void *p, size_t n);
void creds_capture_wipe(struct creds_capture *c);

/* credential_process, exposed for tests. Split a command line like a POSIX shell (blanks separate
   words; '...', "..." and \ quote; nothing is expanded). 0 and a NULL-terminated argv, or -1 with
   the reason in err. */
int creds_process_split(const char *cmd, char ***argv, struct buf *err);
void creds_process_argv_free(char **argv);
/* Run the command (no shell; stdin /dev/null; timeout from KLAXON_CREDENTIAL_PROCESS_TIMEOUT,
   default 30 s) and parse its output. Appends one "credential_process: ..." line to why. */
enum creds_result creds_process_run(const char *cmd, struct aws_creds *out, struct buf *why);
/* Parse the JSON a credential_process prints (Version 1). Appends a line to why on error only. */
enum creds_result creds_process_parse(const char *json, size_t len, struct aws_creds *out,
                                      struct buf *why);

/* IMDSv2 against endpoint (e.g. "http://169.254.169.254"), exposed for tests. Appends one
   "imds: ..." line to why. */
enum creds_result creds_imds_fetch(const char *endpoint, struct aws_creds *out, struct buf *why);

/* Keys as a provider's JSON gives them (credential_process, IMDS): a member's non-empty string
   (NULL otherwise), and a secret member wiped in place before the tree is freed. */
struct json_t;
const char *creds_json_string(struct json_t *root, const char *key);
void creds_json_wipe(struct json_t *root, const char *key);

#endif
