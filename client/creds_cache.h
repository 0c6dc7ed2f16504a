/* Temporary credentials (role and SSO sessions) cached in the keyring, so that an MFA code is
   typed once per session rather than once per call. Never a plain file: with no usable keyring
   there is no cache. */
#ifndef CLIENT_CREDS_CACHE_H
#define CLIENT_CREDS_CACHE_H

#include <stdbool.h>

#include "client/creds.h"
#include "client/keyring_base.h"

/* A session is reused until this many seconds before it expires: botocore's mandatory refresh
   window, so klaxon never signs a call with keys about to lapse. */
#define CREDS_CACHE_REFRESH_S 600

/* Names of the keyring entries: "session:KIND:PROFILE:HASH" (HASH: 40 hex digits of the SHA-256
   of the cache-key material). The keyring cannot list its entries; everything is found by this
   name, computed again from the profile's settings. Fits keyring_check_profile()'s 128 bytes for
   profile names of up to CREDS_CACHE_MAX_PROFILE bytes; longer ones are not cached. */
#define CREDS_CACHE_NAME_MAX    129
#define CREDS_CACHE_MAX_PROFILE 70

/* The source of credentials served from the cache (struct aws_creds.source), one per kind: a
   caller that compares the pointer knows which entry to drop when the service refuses them. */
extern const char creds_cache_source_role[];
extern const char creds_cache_source_sso[];

/* Fetches fresh credentials for the session (STS AssumeRole, SSO GetRoleCredentials); the same
   contract as a provider's get(): CREDS_FOUND with out filled, else CREDS_ERROR with why. */
typedef enum creds_result (*creds_cache_fetch_fn)(const struct klx_settings *s, void *arg,
                                                  struct aws_creds *out, struct buf *why);

/* The entry's name for kind ("role", "sso"), profile and material (the arguments that make the
   session what it is, e.g. role ARN, session name, MFA serial, external id, duration). 0, or -1
   when the profile name is too long to be cached. */
int creds_cache_name(const char *kind, const char *profile, const char *material,
                     char name[CREDS_CACHE_NAME_MAX]);

/* The session from the keyring when it has more than CREDS_CACHE_REFRESH_S left; otherwise
   fetch() it and keep it there. Appends one "session-cache: ..." line to why (never a secret).
   A keyring that cannot be used only costs the cache: the fetch still happens. */
enum creds_result creds_cache_through(const struct klx_settings *s, const char *kind,
                                      const char *profile, const char *material,
                                      creds_cache_fetch_fn fetch, void *arg, struct aws_creds *out,
                                      struct buf *why);

/* What `credentials status` shows: the cached session's expiry (*expiration, epoch seconds)
   without handing out any key. 1 found, 0 nothing cached (or no keyring), -1 the keyring could
   not be read (why says so). */
int creds_cache_peek(const struct keyring_options *opt, const char *name, long long *expiration,
                     struct buf *why);

/* Drop the entry (a session the service refused, `credentials delete`). 1 dropped, 0 there was
   none, -1 the keyring refused (why says so). */
int creds_cache_forget(const struct keyring_options *opt, const char *name, struct buf *why);

#endif
