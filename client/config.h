/* The AWS shared config and credentials files (INI with [profile x] sections), parsed once. */
#ifndef CLIENT_CONFIG_H
#define CLIENT_CONFIG_H

#include <stdbool.h>

#include "core/buf.h"

struct aws_config;

/* Load both files; a missing file is not an error. Malformed lines are skipped and reported in
   warn (file:line: reason) -- never a crash, whatever the bytes. Returns NULL only on OOM. */
struct aws_config *aws_config_load(const char *config_path, const char *credentials_path,
                                   struct buf *warn);
/* Parse from memory (for tests and fuzzing); either text may be NULL. */
struct aws_config *aws_config_parse(const char *config_text, const char *credentials_text,
                                    struct buf *warn);
/* A setting from the config file: "[default]" or "[profile NAME]". NULL if absent. */
const char *aws_config_get(const struct aws_config *c, const char *profile, const char *key);
/* A setting from the credentials file: "[NAME]". NULL if absent. */
const char *aws_config_get_credential(const struct aws_config *c, const char *profile,
                                      const char *key);
/* Does the profile exist in either file? */
bool aws_config_has_profile(const struct aws_config *c, const char *profile);
/* The i-th profile named in either file (each name once, in file order), or NULL past the end:
   `credentials status --all` walks them with i = 0, 1, ... */
const char *aws_config_profile_at(const struct aws_config *c, size_t i);
/* The AWS CLI's view of a profile: the credentials file's [NAME] overrides the config file's
   [profile NAME], key by key (so a region in the credentials file counts). NULL if absent. */
const char *aws_config_get_merged(const struct aws_config *c, const char *profile, const char *key);
/* Which file holds the profile: "[profile NAME]"/"[default]" in config, "[NAME]" in credentials. */
bool aws_config_has_config_profile(const struct aws_config *c, const char *profile);
bool aws_config_has_credentials_profile(const struct aws_config *c, const char *profile);
/* A "[services NAME]" section of the config file, whose nested blocks hold per-service settings:
   "ssm_incidents =\n  endpoint_url = ..." -> aws_config_get_service(c, NAME, "ssm_incidents",
   "endpoint_url"). */
bool aws_config_has_services(const struct aws_config *c, const char *services);
const char *aws_config_get_service(const struct aws_config *c, const char *services,
                                   const char *service, const char *key);
/* An "[sso-session NAME]" section of the config file (sso_start_url, sso_region,
   sso_registration_scopes), which profiles name with sso_session = NAME. */
bool aws_config_has_sso_session(const struct aws_config *c, const char *name);
const char *aws_config_get_sso_session(const struct aws_config *c, const char *name,
                                       const char *key);
/* Frees, wiping every value (the credentials file holds secrets). */
void aws_config_free(struct aws_config *c);

#endif
