/* Role profiles as the AWS CLI v2 reads them: role_arn with source_profile or
   credential_source, role_session_name, external_id, duration_seconds, mfa_serial. */
#define _GNU_SOURCE
#include "client/creds_role.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/config.h"
#include "client/creds_cache.h"
#include "client/creds_keyring.h"
#include "client/creds_providers.h"
#include "client/creds_sso.h"
#include "client/creds_webid.h"
#include "client/keyring.h"
#include "client/sts.h"
#include "core/secmem.h"

/* Deeper chains than this are a mistake in the files, not an organisation's design. */
#define ROLE_MAX_DEPTH 16
#define ROLE_WHO       "assume-role"

/* The profiles from the one asked for down to the one whose keys start the chain. */
struct role_chain {
    const char *names[ROLE_MAX_DEPTH + 1];
    size_t nroles;           /* names[0..nroles) set role_arn and are assumed in reverse */
    const char *base;        /* profile whose own keys start the chain, or NULL */
    const char *cred_source; /* credential_source of the last role, or NULL */
};

static void say(struct buf *why, const char *profile)
{
    buf_puts(why, ROLE_WHO ": profile ");
    creds_put_safe(why, profile);
}

static void put_loop(struct buf *why, const struct role_chain *c, size_t from, const char *again)
{
    buf_puts(why, ROLE_WHO ": the source_profile chain loops: ");
    for (size_t i = from; i < c->nroles; i++) {
        creds_put_safe(why, c->names[i]);
        buf_puts(why, " -> ");
    }
    creds_put_safe(why, again);
    buf_puts(why, "; make one profile of the loop hold keys (or credential_source)\n");
}

/* duration_seconds as STS takes it: whole seconds, 900 to 43200 (the role may allow less). */
static bool duration_ok(const char *v)
{
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    return !v || (*v >= '0' && *v <= '9' && !*end && n >= 900 && n <= 43200);
}

/* The next link of the chain after role profile p, or false with why filled. */
static bool chain_step(const struct klx_settings *s, struct role_chain *c, const char *p,
                       struct buf *why, const char **next)
{
    const char *src = settings_profile_get(s, p, "source_profile");
    const char *cs = settings_profile_get(s, p, "credential_source");
    *next = NULL;
    if (!duration_ok(settings_profile_get(s, p, "duration_seconds"))) {
        say(why, p);
        buf_puts(why, " sets duration_seconds ");
        creds_put_safe(why, settings_profile_get(s, p, "duration_seconds"));
        buf_puts(why, ": expected whole seconds from 900 to 43200\n");
        return false;
    }
    if (src && cs) {
        say(why, p);
        buf_puts(why, " sets both source_profile and credential_source; keep one\n");
        return false;
    }
    if (cs) {
        c->cred_source = cs;
        return true;
    }
    if (!src) {
        say(why, p);
        buf_puts(why, " sets role_arn but neither source_profile nor credential_source\n");
        return false;
    }
    if (!strcmp(src, p)) { /* the CLI's self-reference: the profile's own keys assume its role */
        c->base = p;
        return true;
    }
    for (size_t i = 0; i < c->nroles; i++)
        if (!strcmp(c->names[i], src)) {
            put_loop(why, c, i, src);
            return false;
        }
    if (!aws_config_has_profile(s->config, src)) {
        say(why, p);
        buf_puts(why, " names source_profile ");
        creds_put_safe(why, src);
        buf_puts(why, ", which is in neither the config nor the credentials file\n");
        return false;
    }
    *next = src;
    return true;
}

static bool build_chain(const struct klx_settings *s, struct role_chain *c, struct buf *why)
{
    memset(c, 0, sizeof *c);
    const char *p = s->profile;
    while (p) {
        /* A web identity profile's role_arn is its own: it starts the chain. */
        if (!settings_profile_get(s, p, "role_arn") || settings_profile_get(s, p, "web_identity_token_file")) {
            c->base = p;
            return true;
        }
        if (c->nroles == ROLE_MAX_DEPTH) {
            say(why, s->profile);
            buf_printf(why, " starts a source_profile chain deeper than %d roles\n",
                       ROLE_MAX_DEPTH);
            return false;
        }
        c->names[c->nroles++] = p;
        if (!chain_step(s, c, p, why, &p))
            return false;
    }
    return true;
}

/* The keys that start the chain: credential_source, or the base profile's own. */
static enum creds_result base_keys(const struct klx_settings *s, const struct role_chain *c,
                                   struct aws_creds *out, struct buf *why)
{
    struct klx_settings b = *s;
    const struct creds_provider *const *list;
    static const struct creds_provider *const env[] = {&creds_provider_env, NULL};
    static const struct creds_provider *const imds[] = {&creds_provider_imds, NULL};
    /* botocore's providers for a source profile: web identity (the profile's settings only),
       then its files; klaxon's keyring first, as in the main chain. */
    static const struct creds_provider *const files[] = {
        &creds_provider_keyring,          &creds_provider_web_identity_profile,
        &creds_provider_sso,              &creds_provider_credentials_file,
        &creds_provider_process,          &creds_provider_config_file,
        NULL};
    const char *who = c->base ? c->base : c->names[c->nroles - 1];
    if (c->cred_source && !strcmp(c->cred_source, "Environment")) {
        list = env;
    } else if (c->cred_source && !strcmp(c->cred_source, "Ec2InstanceMetadata")) {
        list = imds;
    } else if (c->cred_source) {
        say(why, who);
        buf_puts(why, " sets credential_source ");
        creds_put_safe(why, c->cred_source);
        buf_puts(why, ": klaxon supports Environment and Ec2InstanceMetadata\n");
        return CREDS_ERROR;
    } else {
        list = files;
        b.profile = (char *)c->base;
    }
    enum creds_result r = CREDS_NOT_FOUND;
    struct buf lines = BUF_INIT;
    for (size_t i = 0; list[i] && r == CREDS_NOT_FOUND; i++) {
        r = list[i]->get(&b, out, &lines);
        if (r == CREDS_FOUND)
            r = creds_check_expiry(out, list[i]->name, &lines);
        if (r != CREDS_FOUND)
            aws_creds_clear(out);
    }
    if (r != CREDS_FOUND) {
        say(why, who);
        buf_puts(why, r == CREDS_NOT_FOUND ? ": found no keys to assume its role with:\n"
                                           : ": its source keys are unusable:\n");
        for (const char *l = buf_cstr(&lines); *l;) {
            size_t n = strcspn(l, "\n");
            buf_puts(why, "    ");
            buf_append(why, l, n);
            buf_putc(why, '\n');
            l += n + (l[n] == '\n');
        }
        r = r == CREDS_SIGN_IN ? CREDS_SIGN_IN : CREDS_ERROR; /* the form offers the sign-in */
    }
    buf_free(&lines);
    return r;
}

/* STS refused the MFA code (wrong, or expired), not the role itself. */
static bool mfa_refused(bool mfa, const struct sts_error *e)
{
    return mfa && !strcmp(e->code, "AccessDenied") &&
           strstr(e->message, "MultiFactorAuthentication");
}

/* STS's refusal as one sentence naming the profile, the role and what to do. */
static void put_sts_error(struct buf *why, const char *profile, const char *role,
                          const char *source, bool mfa, const struct sts_error *e)
{
    say(why, profile);
    buf_puts(why, ": ");
    if (mfa_refused(mfa, e))
        buf_puts(why, "the MFA code was wrong or has expired, so STS would not assume role ");
    else if (!strcmp(e->code, "AccessDenied"))
        buf_puts(why, "access denied by the trust policy of role ");
    else if (!strcmp(e->code, "ExpiredToken"))
        buf_puts(why, "the session token of the source keys has expired, so STS would not "
                      "assume role ");
    else if (!strcmp(e->code, "InvalidClientTokenId") || !strcmp(e->code, "SignatureDoesNotMatch"))
        buf_puts(why, "STS does not accept the source keys, so it would not assume role ");
    else
        buf_puts(why, "STS could not assume role ");
    creds_put_safe(why, role);
    buf_puts(why, " (source: ");
    creds_put_safe(why, source);
    buf_puts(why, "): ");
    sts_put_error(why, e);
}

/* The MFA code for device, asked through the caller's MFA hook (the form's field; retry:
   why the last code was refused) or else its prompt; false with why filled. */
static bool ask_mfa(const struct klx_settings *s, const char *profile, const char *device,
                    const char *retry, char *code, size_t size, struct buf *why)
{
    char prompt[512];
    snprintf(prompt, sizeof prompt, "Enter MFA code for %.400s: ", device);
    const struct keyring_options *o = s->keyring;
    bool got = o && o->mfa ? o->mfa(o->mfa_ctx, device, retry, code, size) == 0
                           : o && o->prompt && o->prompt(o->prompt_ctx, prompt, code, size) == 0;
    if (got && *code)
        return true;
    say(why, profile);
    buf_puts(why, " needs a code from MFA device ");
    creds_put_safe(why, device);
    if (o && o->mfa)
        buf_puts(why, " and none was given: run klaxon again and type the code when asked\n");
    else
        buf_puts(why, " and there is no terminal to ask for it on: run klaxon, klaxon "
                      "start-incident or klaxon --plain from a terminal\n");
    return false;
}

/* Assume profile p's role with the keys in cur, which it replaces. */
static enum creds_result assume_one(const struct klx_settings *s, const char *p, const char *source,
                                    struct aws_creds *cur, struct buf *why)
{
    char session[64], code[64] = "";
    snprintf(session, sizeof session, "botocore-session-%lld", (long long)time(NULL));
    const char *dur = settings_profile_get(s, p, "duration_seconds");
    const char *name = settings_profile_get(s, p, "role_session_name");
    struct sts_assume_role q = {
        .role_arn = settings_profile_get(s, p, "role_arn"),
        .session_name = name ? name : session,
        .external_id = settings_profile_get(s, p, "external_id"),
        .serial_number = settings_profile_get(s, p, "mfa_serial"),
        .duration_seconds = dur ? atoi(dur) : 0,
    };
    struct aws_creds next;
    struct sts_error e;
    const char *retry = NULL;
    int rc;
    /* Where an MFA hook can show STS's reason (the form), a refused code is asked again. */
    bool again = s->keyring && s->keyring->mfa;
    do {
        if (q.serial_number && !ask_mfa(s, p, q.serial_number, retry, code, sizeof code, why))
            return CREDS_ERROR;
        q.token_code = q.serial_number ? code : NULL;
        rc = sts_assume_role(s, cur, &q, &next, &e);
        secmem_wipe(code, sizeof code);
        retry = e.message;
    } while (rc != 0 && again && mfa_refused(q.serial_number != NULL, &e));
    if (rc != 0) {
        put_sts_error(why, p, q.role_arn, source, q.serial_number != NULL, &e);
        return CREDS_ERROR;
    }
    aws_creds_clear(cur);
    *cur = next;
    return CREDS_FOUND;
}

/* The whole chain, from the base keys to s->profile's session: the cache's fetch. */
static enum creds_result role_fetch(const struct klx_settings *s, void *arg,
                                    struct aws_creds *out, struct buf *why)
{
    const struct role_chain *c = arg;
    memset(out, 0, sizeof *out);
    enum creds_result r = base_keys(s, c, out, why);
    const char *source = c->base ? c->base : c->cred_source;
    for (size_t i = c->nroles; i > 0 && r == CREDS_FOUND; i--) {
        r = assume_one(s, c->names[i - 1], source, out, why);
        source = c->names[i - 1];
    }
    if (r != CREDS_FOUND) {
        aws_creds_clear(out);
        return r == CREDS_SIGN_IN ? CREDS_SIGN_IN : CREDS_ERROR;
    }
    out->source = ROLE_WHO;
    say(why, s->profile);
    buf_puts(why, ": assumed role ");
    creds_put_safe(why, settings_profile_get(s, s->profile, "role_arn"));
    if (c->nroles > 1)
        buf_printf(why, " through %zu roles", c->nroles);
    buf_putc(why, '\n');
    return CREDS_FOUND;
}

/* The AWS CLI's cache-key arguments of profile's AssumeRole (botocore's JSON of RoleArn,
   RoleSessionName, SerialNumber, ExternalId, DurationSeconds), one per line. */
static char *role_material(const struct klx_settings *s, const char *profile)
{
    static const char *const keys[] = {"role_arn", "role_session_name", "mfa_serial",
                                       "external_id", "duration_seconds"};
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = settings_profile_get(s, profile, keys[i]);
        buf_printf(&b, "%s=%s\n", keys[i], v ? v : "");
    }
    return buf_steal(&b);
}

int creds_role_cache_name(const struct klx_settings *s, const char *profile,
                          char name[CREDS_CACHE_NAME_MAX])
{
    name[0] = '\0';
    if (!settings_profile_get(s, profile, "role_arn"))
        return -1;
    char *m = role_material(s, profile);
    int rc = creds_cache_name("role", profile, m, name);
    free(m);
    return rc;
}

enum creds_result creds_role_assume(const struct klx_settings *s, struct aws_creds *out,
                                    struct buf *why)
{
    struct role_chain c;
    memset(out, 0, sizeof *out);
    if (!build_chain(s, &c, why))
        return CREDS_ERROR;
    char *m = role_material(s, s->profile);
    enum creds_result r = creds_cache_through(s, "role", s->profile, m, role_fetch, &c, out, why);
    free(m);
    return r;
}
