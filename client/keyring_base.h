/* The keyring's common ground, under the selection (client/keyring.h) and both backends: what an
   operation came to, the options passed with each one, the backend interface, what may be
   stored, passphrases, and the JSON form of a profile's keys. */
#ifndef CLIENT_KEYRING_BASE_H
#define CLIENT_KEYRING_BASE_H

#include <stdbool.h>
#include <stddef.h>

#include "client/creds.h"
#include "core/buf.h"

/* What a backend operation came to. Messages (err/why) never contain a secret. */
enum keyring_result {
    KEYRING_OK = 0,          /* done; a lookup filled out */
    KEYRING_NOT_FOUND = 1,   /* nothing stored for that profile */
    KEYRING_UNAVAILABLE = 2, /* cannot be reached or opened now: no D-Bus session, no daemon, no
                                answer in time, no passphrase to hand */
    KEYRING_LOCKED = 3,      /* reachable but locked; the message says how to unlock it */
    KEYRING_ERROR = 4,       /* anything else: wrong passphrase, damaged vault, I/O, refused */
};

/* Asks for a secret (no echo): writes a NUL-terminated answer of at most size-1 bytes into out;
   0, or -1 when it cannot ask (no terminal) or the user cancelled. */
typedef int (*keyring_prompt_fn)(void *ctx, const char *prompt, char *out, size_t size);

/* How an operation may get the vault's passphrase, handed in by the caller with every operation
   (nothing process-wide, so two threads may use the keyring with different options). All zero:
   no passphrase and nobody to ask, and the vault stays closed. */
struct vault_kdf;
struct keyring_options {
    const char *passphrase;   /* KLAXON_VAULT_PASSPHRASE as keyring_take_env_passphrase() took
                                 it; used first when set */
    keyring_prompt_fn prompt; /* otherwise asked: cli's terminal prompt, the form's fields */
    void *prompt_ctx;
    /* scrypt parameters for a vault this operation writes; NULL (klaxon): vault_kdf_default.
       Tests pass small ones so that memcheck and TSan runs stay quick. Never weakens a vault
       already written with stronger ones (client/keyring_vault.h). */
    const struct vault_kdf *vault_kdf;
    /* A role's MFA code (client/creds_role.c), asked where the responder is: the form's own
       field. retry: STS's reason the last code was refused, NULL the first time, so a wrong
       code is asked again. 0 with the code in out; -1 declined. NULL: prompt asks once, as the
       AWS CLI does. */
    int (*mfa)(void *ctx, const char *device, const char *retry, char *out, size_t size);
    void *mfa_ctx;
};

/* One place to keep credentials (aws-c-auth's provider vtable, tig's view_ops). Every call is
   bounded in time (the Secret Service gets a second or two to answer) and never prompts on a
   desktop; the vault takes its passphrase from the options the caller passes in. */
struct keyring_backend {
    const char *name;  /* "secret-service" or "file": the values of KLAXON_KEYRING */
    const char *title; /* "the Secret Service", "the file vault" */
    /* Store (replacing) a profile's keys; the caller has validated them. */
    enum keyring_result (*store)(const char *profile, const struct aws_creds *c,
                                 const struct keyring_options *opt, struct buf *err);
    /* Fill out (caller aws_creds_clear()s it) with the profile's keys. */
    enum keyring_result (*lookup)(const char *profile, struct aws_creds *out,
                                  const struct keyring_options *opt, struct buf *err);
    enum keyring_result (*erase)(const char *profile, const struct keyring_options *opt,
                                 struct buf *err);
    /* Append one line saying where the keys are kept and whether that place can be used now;
       returns KEYRING_OK when it can, else why not. Never asks for a passphrase. */
    enum keyring_result (*describe_status)(struct buf *out);
};

/* ---- What may be stored (shared by `credentials set` and the form). Each returns 0, or -1
   with the rule that was broken in err; the value itself is never echoed. ---- */

/* Longest line accepted for any one value (a session token can run to a few KiB). */
#define KEYRING_MAX_VALUE 8192
/* A profile name: 1-128 bytes, no control characters, no leading/trailing space. */
int keyring_check_profile(const char *profile, struct buf *err);
/* An access key id: 16-128 characters of A-Z and 0-9 (IAM's documented 16-128 length, narrowed
   to the upper-case letters and digits every issued key uses: AKIA..., ASIA..., and the
   simulator's AKIDKLAXONTRAINING). */
int keyring_check_key_id(const char *akid, struct buf *err);
/* A secret access key or session token: visible ASCII, no spaces, 16 to max characters.
   what names the field in the message. */
int keyring_check_secret(const char *what, const char *s, size_t max, struct buf *err);
/* All of the above for a whole set; warn gets advice that does not refuse (an ASIA key without
   a session token). */
int keyring_check_creds(const struct aws_creds *c, struct buf *err, struct buf *warn);
/* "****" and the last four characters of the key id (out needs 9 bytes). */
void keyring_mask_key_id(const char *akid, char out[9]);
/* A session token's expiration: ISO 8601 ("2025-01-31T12:00:00Z"; fractions and offsets
   allowed) to epoch seconds, 0 or -1; and back, as "YYYY-MM-DDTHH:MM:SSZ". */
int keyring_parse_time(const char *s, long long *epoch);
void keyring_format_time(long long epoch, char out[32]);

/* ---- Passphrases ---- */

/* A new vault's passphrase must be at least this long (scrypt slows guessing; it cannot make
   "abc" strong). An existing vault opens with whatever passphrase it was made with. */
#define KEYRING_MIN_NEW_PASSPHRASE 12

/* Take KLAXON_VAULT_PASSPHRASE out of the environment: a secret copy (secmem_free_str() it; NULL
   when unset or empty), the environment's bytes wiped and the variable unset, so that no child
   process inherits it and it does not sit in the environment for the run. Call at the start of
   main(), before any thread starts: getenv() and unsetenv() are not thread-safe. */
char *keyring_take_env_passphrase(void);

/* The vault's passphrase: opt->passphrase, else opt->prompt (twice when confirm, for a new vault,
   which also needs KEYRING_MIN_NEW_PASSPHRASE characters). opt may be NULL. 0, or -1 with why in
   err. */
int keyring_get_passphrase(const struct keyring_options *opt, const char *prompt, bool confirm,
                           char *out, size_t size, struct buf *err);

/* ---- For the backends ---- */

/* jansson wipes every block it frees (json_wipe_install(), from main), so the JSON below needs
   no scope of its own. One profile's keys as the JSON object {"AccessKeyId", "SecretAccessKey",
   "SessionToken", "Expiration" (ISO 8601)}; a secret string the caller secmem_free_str()s. */
char *keyring_creds_encode(const struct aws_creds *c);
/* The reverse; 0, or -1 with err (the content is never quoted). */
int keyring_creds_decode(const char *data, size_t len, struct aws_creds *out, struct buf *err);
/* The same object as a jansson value (for the vault's map of profiles); from_json fills out. */
struct json_t;
struct json_t *keyring_creds_to_json(const struct aws_creds *c);
int keyring_creds_from_json(const struct json_t *o, struct aws_creds *out, struct buf *err);

#endif
