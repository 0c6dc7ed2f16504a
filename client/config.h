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
/* Frees, wiping every value (the credentials file holds secrets). */
void aws_config_free(struct aws_config *c);

#endif
