/* Resolved client settings: flags over environment over the shared config file, as the AWS CLI. */
#ifndef CLIENT_SETTINGS_H
#define CLIENT_SETTINGS_H

#include <stdbool.h>

#include "core/buf.h"

/* What the command line said (NULL/false = not given). */
struct klx_flags {
    const char *profile;
    const char *region;
    const char *endpoint_url;
    const char *ca_bundle;
    bool debug;
};

struct keyring_options;

struct klx_settings {
    char *profile;          /* never NULL after resolve: "default" when nothing chose one */
    bool profile_explicit;  /* --profile, AWS_PROFILE or AWS_DEFAULT_PROFILE (the CLI v2 order)
                               chose it */
    bool profile_from_flag; /* --profile chose it: the environment's keys are left out */
    bool profile_missing;   /* chosen explicitly but in neither file: only the keyring may still
                               hold it; creds_resolve() fails otherwise */
    char *config_file;      /* AWS_CONFIG_FILE or ~/.aws/config */
    char *credentials_file; /* AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials */
    char *region;           /* NULL when nothing set one */
    char *endpoint_url;     /* --endpoint-url > AWS_ENDPOINT_URL_SSM_INCIDENTS > AWS_ENDPOINT_URL
                               > profile's endpoint_url; NULL: resolve from region */
    char *ca_bundle;        /* --ca-bundle > AWS_CA_BUNDLE > profile's ca_bundle; NULL: system */
    int max_attempts;       /* AWS_MAX_ATTEMPTS > profile's max_attempts > 3 */
    bool use_fips;          /* AWS_USE_FIPS_ENDPOINT > profile's use_fips_endpoint */
    bool use_dualstack;     /* AWS_USE_DUALSTACK_ENDPOINT > profile's use_dualstack_endpoint */
    bool ignore_configured_endpoints; /* AWS_IGNORE_CONFIGURED_ENDPOINT_URLS > the profile's
                                         ignore_configured_endpoint_urls: only flags count */
    char *output; /* AWS_DEFAULT_OUTPUT > profile's output; NULL: neither (json) */
    bool debug;
    double connect_timeout;    /* seconds, 0 = default (10 s), negative = none */
    double read_timeout;       /* seconds for a whole call, 0 = default (60 s), <0 = none */
    struct aws_config *config; /* the parsed shared files (owned) */
    char *warnings; /* problems in the shared files, one "file:line: reason" a line; NULL if none */
    /* How the keyring may get the vault's passphrase (client/keyring.h), set by the caller after
       resolve, not owned; NULL: it may not (the vault stays closed). */
    const struct keyring_options *keyring;
};

/* Resolve settings; 0 on success, -1 with a message in err (e.g. a malformed AWS_MAX_ATTEMPTS).
   An explicitly chosen profile in neither file only sets profile_missing. An empty environment
   variable counts as unset. Profile settings are read as the CLI reads them: the credentials file's
   [NAME] over the config file's [profile NAME]. */
int settings_resolve(const struct klx_flags *flags, struct klx_settings *out, struct buf *err);
void settings_free(struct klx_settings *s);

/* A profile's setting as the AWS CLI reads it (aws_config_get_merged); NULL when unset or empty,
   since an empty value means unset to every reader of the shared files. */
const char *settings_profile_get(const struct klx_settings *s, const char *profile,
                                 const char *key);
/* The shared files' names for a message: the resolved path, or the AWS CLI's default spelling
   when none was resolved. */
const char *settings_config_name(const struct klx_settings *s);
const char *settings_credentials_name(const struct klx_settings *s);

#endif
