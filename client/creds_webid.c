/* Web identity credentials: read the OIDC token file, call STS AssumeRoleWithWebIdentity
   (unsigned), and keep the token only as long as the call needs it. */
#define _GNU_SOURCE
#include "client/creds_webid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/config.h"
#include "client/creds_providers.h"
#include "client/sts.h"
#include "core/file.h"
#include "core/secmem.h"

#define WEBID_WHO "web-identity"
/* STS takes tokens of up to 20,000 characters; a larger file is not a token. */
#define WEBID_TOKEN_CAP (64u * 1024)

/* One setting and where it came from, for messages. */
struct webid_setting {
    const char *value;
    const char *from; /* the variable's or the key's name */
};

/* The environment variable (when allowed and non-empty), else the profile's key. */
static struct webid_setting setting(const struct klx_settings *s, bool use_env, const char *env,
                                    const char *key)
{
    const char *v = use_env ? getenv(env) : NULL;
    if (v && *v)
        return (struct webid_setting){v, env};
    return (struct webid_setting){settings_profile_get(s, s->profile, key), key};
}

static void say(struct buf *why, const struct klx_settings *s)
{
    buf_puts(why, WEBID_WHO ": profile ");
    creds_put_safe(why, s->profile);
}

/* The token file's contents without the line end an editor or `echo` leaves (a JWT has no
   blanks); NULL with why filled when it cannot be used. Free with secmem_free_str(). */
static char *read_token(const struct klx_settings *s, const struct webid_setting *file,
                        struct buf *why)
{
    char *tok = NULL;
    size_t len = 0;
    struct buf err = BUF_INIT;
    if (file_read(file->value, WEBID_TOKEN_CAP, &tok, &len, &err) != FILE_OK) {
        say(why, s);
        buf_printf(why, ": the web identity token file (%s) cannot be read: ", file->from);
        creds_put_safe(why, buf_cstr(&err));
        buf_puts(why, "; check the path, or get a new token from the identity provider\n");
        buf_free(&err);
        return NULL;
    }
    buf_free(&err);
    while (len > 0 && strchr(" \t\r\n", tok[len - 1]))
        tok[--len] = '\0';
    if (len == 0) {
        say(why, s);
        buf_printf(why, ": the web identity token file ");
        creds_put_safe(why, file->value);
        buf_printf(why, " (%s) is empty; write the identity provider's token into it\n",
                   file->from);
        secmem_free_str(tok);
        return NULL;
    }
    return tok;
}

/* STS's refusal as one sentence naming the profile, the role and what to do. */
static void put_sts_error(struct buf *why, const struct klx_settings *s, const char *role,
                          const struct webid_setting *file, const struct sts_error *e)
{
    say(why, s);
    buf_puts(why, ": ");
    if (!strcmp(e->code, "InvalidIdentityToken"))
        buf_puts(why, "STS does not accept the web identity token in ");
    else if (!strcmp(e->code, "ExpiredTokenException"))
        buf_puts(why, "the web identity token has expired in ");
    else if (!strcmp(e->code, "AccessDenied"))
        buf_puts(why, "access denied by the trust policy of the role, for the token in ");
    else
        buf_puts(why, "STS could not assume the role with the token in ");
    creds_put_safe(why, file->value);
    buf_puts(why, " (role ");
    creds_put_safe(why, role);
    buf_puts(why, "): ");
    sts_put_error(why, e);
}

enum creds_result creds_webid_get(const struct klx_settings *s, bool use_env, struct aws_creds *out,
                                  struct buf *why)
{
    memset(out, 0, sizeof *out);
    struct webid_setting file =
        setting(s, use_env, "AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file");
    if (!file.value) {
        say(why, s);
        buf_puts(why, use_env
                          ? " has no web_identity_token_file (nor AWS_WEB_IDENTITY_TOKEN_FILE)\n"
                          : " has no web_identity_token_file\n");
        return CREDS_NOT_FOUND;
    }
    struct webid_setting role = setting(s, use_env, "AWS_ROLE_ARN", "role_arn");
    if (!role.value) {
        say(why, s);
        buf_printf(why,
                   ": %s names a web identity token file but no role is set; set role_arn "
                   "in the profile%s\n",
                   file.from, use_env ? " or AWS_ROLE_ARN" : "");
        return CREDS_ERROR;
    }
    struct webid_setting name = setting(s, use_env, "AWS_ROLE_SESSION_NAME", "role_session_name");
    char *token = read_token(s, &file, why);
    if (!token)
        return CREDS_ERROR;
    char session[64];
    snprintf(session, sizeof session, "botocore-session-%lld", (long long)time(NULL));
    struct sts_web_identity q = {role.value, name.value ? name.value : session, token};
    struct sts_error e;
    int rc = sts_assume_role_with_web_identity(s, &q, out, &e);
    secmem_free_str(token);
    if (rc != 0) {
        put_sts_error(why, s, role.value, &file, &e);
        return CREDS_ERROR;
    }
    say(why, s);
    buf_puts(why, ": assumed role ");
    creds_put_safe(why, role.value);
    buf_printf(why, " with the web identity token from %s\n", file.from);
    return CREDS_FOUND;
}

static enum creds_result with_env(const struct klx_settings *s, struct aws_creds *out,
                                  struct buf *why)
{
    return creds_webid_get(s, true, out, why);
}

static enum creds_result profile_only(const struct klx_settings *s, struct aws_creds *out,
                                      struct buf *why)
{
    return creds_webid_get(s, false, out, why);
}

const struct creds_provider creds_provider_web_identity = {WEBID_WHO, with_env};
const struct creds_provider creds_provider_web_identity_profile = {WEBID_WHO, profile_only};
