/* Credential providers that read the chosen profile: roles, static keys in files (web identity
   profiles are creds_webid.c's, SSO profiles creds_sso.c's). */
#include "client/config.h"
#include "client/creds_providers.h"
#include "client/creds_role.h"

typedef const char *(*profile_lookup)(const struct aws_config *, const char *, const char *);

static void put_profile(struct buf *why, const struct klx_settings *s)
{
    buf_puts(why, "profile ");
    creds_put_safe(why, s->profile);
}

/* Profiles that get their keys from STS. The CLI tries these before any file's static keys;
   SSO profiles come next (client/creds_sso.c). */
static enum creds_result assume_role_get(const struct klx_settings *s, struct aws_creds *out,
                                         struct buf *why)
{
    const struct aws_config *c = s->config;
    /* role_arn with a token file is web identity's (creds_webid.c), as in botocore. */
    bool webid = aws_config_get_merged(c, s->profile, "web_identity_token_file") != NULL;
    if (aws_config_get_merged(c, s->profile, "role_arn") && !webid)
        return creds_role_assume(s, out, why);
    if (webid) {
        buf_puts(why, "assume-role: ");
        put_profile(why, s);
        buf_puts(why, " uses web identity\n");
        return CREDS_NOT_FOUND;
    }
    buf_puts(why, "assume-role: ");
    put_profile(why, s);
    buf_puts(why, " has no role_arn\n");
    return CREDS_NOT_FOUND;
}

/* aws_access_key_id + aws_secret_access_key (+ aws_session_token) from one file's section. */
static enum creds_result static_keys(const struct klx_settings *s, struct aws_creds *out,
                                     struct buf *why, const char *who, const char *path,
                                     bool has_section, profile_lookup get)
{
    const struct aws_config *c = s->config;
    buf_printf(why, "%s: ", who);
    if (!has_section) {
        put_profile(why, s);
        buf_puts(why, " is not in ");
        creds_put_safe(why, path);
        buf_putc(why, '\n');
        return CREDS_NOT_FOUND;
    }
    const char *akid = get(c, s->profile, "aws_access_key_id");
    const char *secret = get(c, s->profile, "aws_secret_access_key");
    if (!akid && !secret) {
        put_profile(why, s);
        buf_puts(why, " in ");
        creds_put_safe(why, path);
        buf_puts(why, " has no aws_access_key_id\n");
        return CREDS_NOT_FOUND;
    }
    bool akid_ok = akid && *akid, secret_ok = secret && *secret;
    if (!akid_ok || !secret_ok) {
        const char *missing = akid_ok ? "aws_secret_access_key" : "aws_access_key_id";
        const char *value = akid_ok ? secret : akid;
        put_profile(why, s);
        buf_puts(why, " in ");
        creds_put_safe(why, path);
        buf_printf(why, " has %s %s; set both keys, or remove the other one\n",
                   value ? "an empty" : "no", missing);
        return CREDS_ERROR;
    }
    /* aws_security_token is the older name the CLI still reads. */
    const char *token = get(c, s->profile, "aws_session_token");
    if (!token)
        token = get(c, s->profile, "aws_security_token");
    creds_set(out, akid, secret, token, 0, who);
    put_profile(why, s);
    buf_puts(why, ": using aws_access_key_id and aws_secret_access_key from ");
    creds_put_safe(why, path);
    buf_puts(why, token && *token ? " with a session token\n" : "\n");
    return CREDS_FOUND;
}

static enum creds_result credentials_file_get(const struct klx_settings *s, struct aws_creds *out,
                                              struct buf *why)
{
    return static_keys(s, out, why, "credentials-file",
                       s->credentials_file ? s->credentials_file : "the credentials file",
                       aws_config_has_credentials_profile(s->config, s->profile),
                       aws_config_get_credential);
}

static enum creds_result config_file_get(const struct klx_settings *s, struct aws_creds *out,
                                         struct buf *why)
{
    return static_keys(s, out, why, "config-file",
                       s->config_file ? s->config_file : "the config file",
                       aws_config_has_config_profile(s->config, s->profile), aws_config_get);
}

const struct creds_provider creds_provider_assume_role = {"assume-role", assume_role_get};
const struct creds_provider creds_provider_credentials_file = {"credentials-file",
                                                               credentials_file_get};
const struct creds_provider creds_provider_config_file = {"config-file", config_file_get};
