/* Credential provider: keys, session token and expiry from the AWS_* environment variables. */
#include <stdlib.h>

#include "client/creds_providers.h"

static const char *env_get(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static enum creds_result env_get_creds(const struct klx_settings *s, struct aws_creds *out,
                                       struct buf *why)
{
    (void)s;
    const char *akid = env_get("AWS_ACCESS_KEY_ID");
    const char *secret = env_get("AWS_SECRET_ACCESS_KEY");
    if (!akid && !secret) {
        buf_puts(why, "environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set\n");
        return CREDS_NOT_FOUND;
    }
    if (!akid || !secret) {
        /* Half a key pair is a mistake worth stopping for, not a reason to fall through to
           another identity. */
        const char *set = akid ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
        const char *missing = akid ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
        buf_printf(why, "environment: %s is set but %s is not; set both, or unset %s\n", set,
                   missing, set);
        return CREDS_ERROR;
    }
    /* AWS_SECURITY_TOKEN is the older name the CLI still reads. */
    const char *token = env_get("AWS_SESSION_TOKEN");
    if (!token)
        token = env_get("AWS_SECURITY_TOKEN");
    long long expiration = 0;
    const char *exp = env_get("AWS_CREDENTIAL_EXPIRATION");
    if (exp && creds_parse_time(exp, &expiration) < 0) {
        buf_puts(why, "environment: AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time "
                      "(e.g. 2024-05-01T12:00:00Z)\n");
        return CREDS_ERROR;
    }
    creds_set(out, akid, secret, token, expiration, "environment");
    if (creds_check_expiry(out, "environment", why) != CREDS_FOUND)
        return CREDS_ERROR;
    buf_printf(why, "environment: using AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY%s\n",
               token ? " with a session token" : "");
    return CREDS_FOUND;
}

const struct creds_provider creds_provider_env = {"environment", env_get_creds};
