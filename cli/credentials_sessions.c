/* `credentials status` and `delete` on where a profile's keys come from (read from the files,
   never by asking STS or SSO) and on its cached role sessions in the keyring. */
#define _GNU_SOURCE
#include "cli/credentials_sessions.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/config.h"
#include "client/creds_cache.h"
#include "client/creds_role.h"
#include "client/creds_sso.h"
#include "client/keyring.h"
#include "core/status.h"

static const char *setting(const struct klx_settings *s, const char *profile, const char *key)
{
    const char *v = aws_config_get_merged(s->config, profile, key);
    return v && *v ? v : NULL;
}

bool cred_sessions_is_temporary(const struct klx_settings *s, const char *profile)
{
    return setting(s, profile, "role_arn") || setting(s, profile, "sso_session") ||
           setting(s, profile, "sso_start_url") || setting(s, profile, "web_identity_token_file");
}

/* Where the keys come from, in the chain's order, judged from the files alone. */
static void source_text(struct buf *b, const struct klx_settings *s, const char *profile,
                        bool stored)
{
    const struct aws_config *c = s->config;
    const char *v;
    if (stored)
        buf_puts(b, "static keys in the keyring (klaxon credentials set)");
    else if (setting(s, profile, "role_arn")) {
        const char *src = setting(s, profile, "source_profile");
        const char *cs = setting(s, profile, "credential_source");
        buf_puts(b, "role, via ");
        buf_puts(b, src ? "profile " : cs ? "credential_source " : "(no source_profile)");
        buf_puts(b, src ? src : cs ? cs : "");
        if ((v = setting(s, profile, "mfa_serial"))) {
            buf_puts(b, ", with MFA device ");
            buf_puts(b, v);
        }
    } else if (setting(s, profile, "sso_session") || setting(s, profile, "sso_start_url"))
        buf_puts(b, "SSO (IAM Identity Center)");
    else if (setting(s, profile, "web_identity_token_file"))
        buf_puts(b, "web identity (web_identity_token_file)");
    else if (aws_config_get_credential(c, profile, "aws_access_key_id"))
        buf_puts(b, "static keys in the credentials file");
    else if (setting(s, profile, "credential_process"))
        buf_puts(b, "process (credential_process)");
    else if (aws_config_get(c, profile, "aws_access_key_id"))
        buf_puts(b, "static keys in the config file");
    else
        buf_puts(b, "none in the files (EC2 instance metadata, when klaxon runs on an instance)");
}

static void put_line(FILE *f, const char *lead, const char *label, const char *text)
{
    fprintf(f, "%s%-10s", lead, label);
    cli_put(f, text);
    fputc('\n', f);
}

/* The cached role session's line: its expiry and until when it is reused. */
static void session_text(struct buf *b, const struct klx_settings *s, const char *profile)
{
    char name[CREDS_CACHE_NAME_MAX];
    if (creds_role_cache_name(s, profile, name) != 0 &&
        creds_sso_cache_name(s, profile, name) != 0) {
        buf_printf(b, "not cached (profile names longer than %d bytes are not)",
                   CREDS_CACHE_MAX_PROFILE);
        return;
    }
    long long exp = 0;
    struct buf why = BUF_INIT;
    int r = creds_cache_peek(s->keyring, name, &exp, &why);
    char when[32], until[32];
    if (r > 0) {
        long long now = (long long)time(NULL);
        keyring_format_time(exp, when);
        keyring_format_time(exp - CREDS_CACHE_REFRESH_S, until);
        if (exp - CREDS_CACHE_REFRESH_S > now)
            buf_printf(b, "cached in the keyring, expires %s (reused until %s)", when, until);
        else
            buf_printf(b, "cached in the keyring, expires %s: renewed on the next call", when);
    } else if (r == 0)
        buf_puts(b, "none cached (the next call assumes the role)");
    else {
        buf_puts(b, "unknown: ");
        buf_puts(b, buf_cstr(&why));
    }
    buf_free(&why);
}

void cred_sessions_describe(FILE *f, const char *lead, const struct klx_settings *s,
                            const char *profile, bool stored)
{
    struct buf b = BUF_INIT;
    source_text(&b, s, profile, stored);
    put_line(f, lead, "source:", buf_cstr(&b));
    const char *role = setting(s, profile, "role_arn");
    if (role && !stored) {
        put_line(f, lead, "role:", role);
        buf_free(&b);
        session_text(&b, s, profile);
        put_line(f, lead, "session:", buf_cstr(&b));
    }
    buf_free(&b);
}

/* Static keys stored for profile, looked up without keeping them. */
static bool keyring_has_keys(const struct klx_settings *s, const char *profile)
{
    struct keyring_selection sel;
    bool have = false;
    if (keyring_select(&sel) == 0 && sel.backend && sel.state == KEYRING_OK) {
        struct aws_creds c;
        struct buf err = BUF_INIT;
        have = keyring_lookup(&sel, profile, &c, s->keyring, &err) == KEYRING_OK;
        aws_creds_clear(&c);
        buf_free(&err);
    }
    keyring_selection_free(&sel);
    return have;
}

int cred_sessions_status_all(const struct cli_globals *g)
{
    struct klx_settings s = {0};
    struct buf err = BUF_INIT;
    if (settings_resolve(&g->flags, &s, &err) != 0) {
        fputs("klaxon: ", stderr);
        cli_put(stderr, buf_cstr(&err));
        fputc('\n', stderr);
        buf_free(&err);
        settings_free(&s);
        return KLX_USAGE;
    }
    buf_free(&err);
    s.keyring = &g->keyring;
    printf("profiles in ");
    cli_put(stdout, s.config_file ? s.config_file : "~/.aws/config");
    printf(" and ");
    cli_put(stdout, s.credentials_file ? s.credentials_file : "~/.aws/credentials");
    printf(" (read only: nothing is sent)\n");
    const char *env_key = getenv("AWS_ACCESS_KEY_ID");
    if (env_key && *env_key)
        printf("AWS_ACCESS_KEY_ID is set: the environment's keys win for every profile\n");
    size_t i = 0;
    for (const char *p; (p = aws_config_profile_at(s.config, i)); i++) {
        printf("profile ");
        cli_put(stdout, p);
        putchar('\n');
        cred_sessions_describe(stdout, "  ", &s, p, keyring_has_keys(&s, p));
    }
    if (!i)
        printf("(no profiles)\n");
    settings_free(&s);
    return KLX_OK;
}

int cred_sessions_delete(const struct klx_settings *s, const char *profile,
                         const struct keyring_options *opt)
{
    char name[CREDS_CACHE_NAME_MAX];
    if (creds_role_cache_name(s, profile, name) != 0 && creds_sso_cache_name(s, profile, name) != 0)
        return 0;
    struct buf why = BUF_INIT;
    int r = creds_cache_forget(opt, name, &why);
    if (r > 0) {
        printf("Dropped the cached session of profile \"");
        cli_put(stdout, profile);
        printf("\".\n");
    } else if (r < 0) {
        fputs("klaxon: ", stderr);
        cli_put(stderr, buf_cstr(&why));
        fputc('\n', stderr);
    }
    buf_free(&why);
    return r;
}
