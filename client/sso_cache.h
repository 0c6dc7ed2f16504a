/* The AWS CLI v2's SSO token cache, read and written as botocore does:
   ~/.aws/sso/cache/<sha1 hex of the sso-session name, or of the start URL>.json. */
#ifndef CLIENT_SSO_CACHE_H
#define CLIENT_SSO_CACHE_H

#include <stddef.h>

#include "core/buf.h"

struct sso_cache_entry {
    char *start_url;
    char *region;
    char *access_token;   /* a secret */
    long long expires_at; /* epoch seconds (expiresAt) */
    /* sso-session logins only; NULL / 0 when absent */
    char *client_id;
    char *client_secret;       /* a secret */
    char *registration_expiry; /* registrationExpiresAt as the file has it (written back as is) */
    long long registration_expires_at;
    char *refresh_token; /* a secret */
};

enum sso_cache_result {
    SSO_CACHE_OK = 0,
    SSO_CACHE_MISSING, /* no such file: nobody signed in */
    SSO_CACHE_CORRUPT, /* unreadable, not JSON, or lacking accessToken/expiresAt */
};

/* The file for key (session name, or start URL for the legacy profile form) under HOME.
   0, or -1 with err when HOME is not set. */
int sso_cache_path(const char *key, struct buf *path, struct buf *err);

/* Parse a cache file's text; on SSO_CACHE_CORRUPT why gets the reason (never a secret). */
enum sso_cache_result sso_cache_parse(const char *text, size_t len, struct sso_cache_entry *out,
                                      struct buf *why);
/* Read path (regular file, capped); why names the file on anything but OK. */
enum sso_cache_result sso_cache_read(const char *path, struct sso_cache_entry *out,
                                     struct buf *why);

/* The bytes botocore's _sso_json_dumps writes for this entry: its members in botocore's order,
   ", " and ": " separators, non-ASCII escaped. The caller wipes and frees the text. */
char *sso_cache_format(const struct sso_cache_entry *e);
/* Write the entry to path: directory made 0700 if missing, file 0600, atomic replace. */
int sso_cache_write(const char *path, const struct sso_cache_entry *e, struct buf *err);

/* Wipe the secrets, free everything, zero the struct. */
void sso_cache_entry_clear(struct sso_cache_entry *e);

#endif
