/* What `klaxon credentials status` and `delete` say and do about where a profile's keys come
   from and its cached role/SSO sessions, read from the files and the keyring: nothing is sent. */
#ifndef CLI_CREDENTIALS_SESSIONS_H
#define CLI_CREDENTIALS_SESSIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/common.h"
#include "client/settings.h"

/* The "source:", "role:" and "session:" lines of profile (lead before each), from its settings
   in s; stored: the keyring holds static keys for it. Never a secret. */
void cred_sessions_describe(FILE *f, const char *lead, const struct klx_settings *s,
                            const char *profile, bool stored);

/* True when profile gets its keys from STS or SSO rather than holding them: status then does
   not assume the role (no call, no MFA prompt), it shows the cached session instead. */
bool cred_sessions_is_temporary(const struct klx_settings *s, const char *profile);

/* `credentials status --all`: every profile of the config and credentials files, each with its
   lines, sending nothing. Exit status. */
int cred_sessions_status_all(const struct cli_globals *g);

/* Drop profile's cached sessions; prints what was dropped. The number dropped, or -1 when the
   keyring refused (the message is on stderr). */
int cred_sessions_delete(const struct klx_settings *s, const char *profile,
                         const struct keyring_options *opt);

#endif
