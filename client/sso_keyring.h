/* klaxon's own SSO sessions (`klaxon sso login`) in the keyring: the access and refresh tokens
   and the client registration of one sign-in, under the entry "sso-session:<name or start URL>",
   never in a plain file. */
#ifndef CLIENT_SSO_KEYRING_H
#define CLIENT_SSO_KEYRING_H

#include "client/settings.h"
#include "client/sso_oidc.h"
#include "core/buf.h"

/* The entry's name for an [sso-session NAME] (or, for the legacy profile form, its start URL):
   "sso-session:" and the name; a name the keyring would refuse (too long) is replaced by the
   SHA-1 of it in hex. The caller frees. */
char *sso_keyring_entry(const char *session_name_or_url);

/* Store (replacing) a sign-in made in region (the sso_region, kept for refreshing it). 0, or -1
   with why in err (no keyring usable, locked...). */
int sso_keyring_store(const struct klx_settings *s, const char *entry, const char *region,
                      const struct sso_oidc_client *c, const struct sso_token *t, struct buf *err);
/* Load one: 1 and c (may be NULL), t and *region (may be NULL; free it) filled (the caller
   clears c and t); 0 when nothing is stored or no keyring is in use; -1 with why in err when the
   keyring failed or the entry is damaged. */
int sso_keyring_load(const struct klx_settings *s, const char *entry, struct sso_oidc_client *c,
                     struct sso_token *t, char **region, struct buf *err);
/* Drop one: 1 dropped, 0 nothing was stored, -1 with why in err. */
int sso_keyring_erase(const struct klx_settings *s, const char *entry, struct buf *err);

#endif
