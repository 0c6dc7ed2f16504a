/* The encrypted file vault: every stored profile's keys in one file, sealed with AES-256-GCM
   under a key that scrypt derives from a passphrase. The backend in keyring.h sits on this. */
#ifndef CLIENT_KEYRING_VAULT_H
#define CLIENT_KEYRING_VAULT_H

#include <stddef.h>
#include <stdint.h>

#include "client/creds.h"
#include "client/keyring_base.h"
#include "core/buf.h"

/* File layout (all integers big-endian); the 50-byte header is the GCM additional data, so
   none of it can be altered without the tag failing:
     0  "KLXVAULT"        8  magic
     8  version           1  VAULT_VERSION
     9  log2(scrypt N)    1
    10  scrypt r          4
    14  scrypt p          4
    18  salt             16  fresh from RAND_bytes on every write
    34  nonce            12  fresh from RAND_bytes on every write
    46  ciphertext len    4
    50  ciphertext        n  JSON: {"version":1,"profiles":{NAME:{AccessKeyId,...}}}
  50+n  tag              16
*/
#define VAULT_VERSION     1
#define VAULT_HEADER_LEN  50
#define VAULT_TAG_LEN     16
#define VAULT_MAX_CONTENT (1024 * 1024)

struct vault_kdf {
    unsigned log2_n; /* accepted on read: 10..20 */
    uint32_t r;      /* 1..32 */
    uint32_t p;      /* 1..16 */
};
/* N=2^18, r=8, p=1: 256 MiB and about a second per unlock, as age; a vault written by an older
   klaxon (vault_kdf_legacy: N=2^15, 32 MiB) still opens and is upgraded on its next write. */
extern const struct vault_kdf vault_kdf_default;
extern const struct vault_kdf vault_kdf_legacy;

enum vault_status {
    VAULT_OK = 0,
    VAULT_MISSING,  /* no vault file */
    VAULT_NO_ENTRY, /* the vault has nothing for that profile */
    VAULT_IO,       /* cannot read or write it (errno text in err) */
    VAULT_NOT_OURS, /* wrong magic: not a klaxon vault */
    VAULT_VERSION_UNKNOWN,
    VAULT_TRUNCATED, /* shorter than its header says */
    VAULT_CORRUPT,   /* trailing bytes, unusable KDF parameters, too large, bad content */
    VAULT_AUTH,      /* GCM tag mismatch: wrong passphrase, or the file was modified */
    VAULT_UNSAFE,    /* the file or its directory is another user's or writable by others */
};

/* $XDG_DATA_HOME/klaxon/vault, else ~/.local/share/klaxon/vault: the vault is user data that
   cannot be regenerated (not a setting, not disposable state). NULL when there is no home
   (core/xdg.h: HOME, else the password database). */
char *vault_default_path(void);

/* VAULT_OK, or VAULT_UNSAFE when the vault file or its directory (those that exist) is owned by
   another user or writable by its group or everyone; err then names it, what is wrong and the
   chmod/chown that fixes it. Every read and write checks this first. */
enum vault_status vault_check_place(const char *path, struct buf *err);

/* Decrypt the whole vault into a secret string (secmem_free_str it). err gets a message that
   names the path and never any content. */
enum vault_status vault_read(const char *path, const char *pass, char **plain, size_t *len,
                             struct buf *err);
/* Encrypt plain and replace the vault atomically: a 0600 temp file (O_EXCL) in the same
   directory, fsync, rename, fsync of the directory. A failure leaves the old vault as it was.
   The directory is created 0700 when missing. */
enum vault_status vault_write(const char *path, const char *pass, const struct vault_kdf *kdf,
                              const char *plain, size_t len, struct buf *err);

/* Profile level. put and remove hold an exclusive lock on the vault's directory for the
   read-modify-write and never change the file unless the old one decrypted. remove deletes
   the file when its last profile goes. kdf NULL = vault_kdf_default; a rewrite never weakens a
   vault sealed with stronger parameters (it keeps those). */
enum vault_status vault_get(const char *path, const char *pass, const char *profile,
                            struct aws_creds *out, struct buf *err);
enum vault_status vault_put(const char *path, const char *pass, const struct vault_kdf *kdf,
                            const char *profile, const struct aws_creds *c, struct buf *err);
enum vault_status vault_remove(const char *path, const char *pass, const char *profile,
                               struct buf *err);

#endif
