/* The simulator's STS (AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity): form body in,
   XML out, as the query protocol has it; the keys it issues are kept (secrets wiped on free) so
   that later calls signed with them pass. */
#define _GNU_SOURCE
#include "sim/sts.h"

#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "sim/call.h"

#define STS_NS          "https://sts.amazonaws.com/doc/2011-06-15/"
#define STS_MAX_ISSUED  10000 /* a drill or a test issues a handful */
#define STS_DEFAULT_MFA "123456"

struct issued {
    struct sim_auth_key key;
    double expires;
    char principal[256];
};

struct sim_sts {
    pthread_mutex_t lock; /* guards keys */
    struct issued *keys;
    size_t n;
    char *mfa_code, *deny_role;
    int session_seconds; /* >0: the lifetime of every session issued */
};

struct sim_sts *sim_sts_new(const char *mfa_code, const char *deny_role, int session_seconds)
{
    struct sim_sts *s = xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    s->mfa_code = xstrdup(mfa_code && *mfa_code ? mfa_code : STS_DEFAULT_MFA);
    s->deny_role = deny_role && *deny_role ? xstrdup(deny_role) : NULL;
    s->session_seconds = session_seconds;
    return s;
}

void sim_sts_free(struct sim_sts *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        sim_auth_key_clear(&s->keys[i].key);
    free(s->keys);
    free(s->mfa_code);
    free(s->deny_role);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

/* Does the form body name an Action, as every query-protocol request does? */
static bool has_action(const struct call *c)
{
    char *form = xstrndup(c->req->body ? c->req->body : "", c->req->body_len);
    bool bad = false;
    char *action = sim_query_param(form, "Action", &bad);
    bool yes = action != NULL;
    free(action);
    secmem_free_str(form); /* it may hold an MFA code or an identity token */
    return yes;
}

bool sim_sts_claims(const struct call *c)
{
    /* A form POST naming an Action is STS's, on any path: Incident Manager takes JSON. A
       configured endpoint may have a path of its own ("http://127.0.0.1:PORT/env-sts"), which
       tests use to see in the log's "path" which endpoint was called. */
    const char *type = sim_header_get(c->req, "content-type");
    return c->h->sts && c->path[0] == '/' && c->req->method &&
           strcmp(c->req->method, "POST") == 0 && type &&
           strncasecmp(type, "application/x-www-form-urlencoded", 33) == 0 && has_action(c);
}

/* ---- replies ---- */

/* The entity that stands for ch in XML text, or NULL when ch stands for itself. */
static const char *xml_entity(char ch)
{
    static const struct {
        char ch;
        const char *entity;
    } entities[] = {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}};
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
        if (entities[i].ch == ch)
            return entities[i].entity;
    return NULL;
}

static void xml_text(struct buf *b, const char *s)
{
    for (; s && *s; s++) {
        const char *entity = xml_entity(*s);
        if (entity)
            buf_puts(b, entity);
        else
            buf_putc(b, (unsigned char)*s < 0x20 ? '?' : *s);
    }
}

static void reply_xml(struct call *c, int status, struct buf *b)
{
    c->resp->status = status;
    c->resp->body_len = b->len;
    c->resp->body = buf_steal(b);
}

static void sts_error(struct call *c, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void sts_error(struct call *c, int status, const char *code, const char *fmt, ...)
{
    struct buf m = BUF_INIT, b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    buf_printf(&b,
               "<ErrorResponse xmlns=\"" STS_NS "\">\n  <Error>\n    <Type>Sender</Type>\n"
               "    <Code>%s</Code>\n    <Message>",
               code);
    xml_text(&b, buf_cstr(&m));
    buf_printf(&b, "</Message>\n  </Error>\n  <RequestId>%s</RequestId>\n</ErrorResponse>\n",
               c->resp->request_id);
    c->error_code = code;
    free(c->error_message);
    c->error_message = buf_steal(&m);
    reply_xml(c, status, &b);
}

/* ---- the keys it issues ---- */

static char *random_text(const char *prefix, size_t n, const char *alphabet)
{
    size_t pl = strlen(prefix), al = strlen(alphabet);
    unsigned char r[256];
    if (n > sizeof r || RAND_bytes(r, (int)n) != 1)
        abort();
    char *out = xmalloc(pl + n + 1);
    memcpy(out, prefix, pl);
    for (size_t i = 0; i < n; i++)
        out[pl + i] = alphabet[r[i] % al];
    out[pl + n] = '\0';
    OPENSSL_cleanse(r, sizeof r);
    return out;
}

static bool issue(struct sim_sts *s, const struct issued *k)
{
    pthread_mutex_lock(&s->lock);
    bool ok = s->n < STS_MAX_ISSUED;
    if (ok) {
        s->keys = xreallocarray(s->keys, s->n + 1, sizeof *s->keys);
        s->keys[s->n++] = *k;
    }
    pthread_mutex_unlock(&s->lock);
    return ok;
}

/* A copy of the issued key with this id (wiped by sim_auth_key_clear), or false. */
static bool find_issued(struct sim_sts *s, const char *akid, struct issued *out)
{
    bool found = false;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n && !found; i++) {
        if (strcmp(s->keys[i].key.access_key_id, akid) != 0)
            continue;
        *out = s->keys[i];
        out->key.access_key_id = xstrdup(s->keys[i].key.access_key_id);
        out->key.secret_access_key = secmem_strdup(s->keys[i].key.secret_access_key);
        out->key.session_token = secmem_strdup(s->keys[i].key.session_token);
        found = true;
    }
    pthread_mutex_unlock(&s->lock);
    return found;
}

bool sim_sts_verify_issued(struct call *c, const char *service)
{
    struct issued k;
    if (!c->h->sts || !find_issued(c->h->sts, c->auth.access_key_id, &k))
        return false;
    sim_auth_result_free(&c->auth);
    sim_auth_verify_service(service, &k.key, 1, c->req, c->path, c->query, c->arrival, &c->auth);
    if (c->auth.verdict == SIM_SIG_VALID && c->arrival >= k.expires) {
        c->auth.verdict = SIM_SIG_BAD_TOKEN;
        c->auth.status = 403;
        c->auth.code = strcmp(service, "sts") == 0 ? "ExpiredToken" : "ExpiredTokenException";
        free(c->auth.message);
        c->auth.message = xstrdup("The security token included in the request is expired");
    }
    c->auth.key_index = -1;
    if (c->auth.verdict == SIM_SIG_VALID)
        snprintf(c->principal, sizeof c->principal, "%s", k.principal);
    sim_auth_key_clear(&k.key);
    return true;
}

/* ---- AssumeRole ---- */

struct assume {
    char *action, *role_arn, *session, *duration, *serial, *code, *external_id, *web_token;
    bool bad; /* a parameter that cannot be percent-decoded */
};

static void read_form(const struct call *c, struct assume *a)
{
    char *form = xstrndup(c->req->body ? c->req->body : "", c->req->body_len);
    bool bad = false;
    char **slot[] = {&a->action, &a->role_arn, &a->session,     &a->duration,
                     &a->serial, &a->code,     &a->external_id, &a->web_token};
    static const char *const names[] = {"Action",          "RoleArn",         "RoleSessionName",
                                        "DurationSeconds", "SerialNumber",    "TokenCode",
                                        "ExternalId",      "WebIdentityToken"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        *slot[i] = sim_query_param(form, names[i], &bad);
        a->bad = a->bad || bad;
    }
    secmem_free_str(form); /* it held the MFA code or the identity token */
}

static void assume_free(struct assume *a)
{
    free(a->action);
    free(a->role_arn);
    free(a->session);
    free(a->duration);
    free(a->serial);
    secmem_free_str(a->code);
    free(a->external_id);
    secmem_free_str(a->web_token);
}

/* STS's codes for what the SigV4 check found. */
static void refuse_signature(struct call *c)
{
    const char *code = sim_sig_sts_code(c->auth.verdict);
    if (c->auth.code && strcmp(c->auth.code, "ExpiredToken") == 0)
        code = "ExpiredToken";
    sts_error(c, c->auth.status ? c->auth.status : 403, code, "%s",
              c->auth.message ? c->auth.message : "refused");
}

static bool verify_caller(struct call *c)
{
    struct sim_handler *h = c->h;
    sim_auth_verify_service("sts", h->keys, h->nkeys, c->req, c->path, c->query, c->arrival,
                            &c->auth);
    c->auth_checked = true;
    if (c->auth.verdict == SIM_SIG_UNKNOWN_KEY)
        sim_sts_verify_issued(c, "sts");
    else if (c->auth.verdict == SIM_SIG_VALID)
        snprintf(c->principal, sizeof c->principal, "arn:aws:iam::" SIM_ACCOUNT_ID ":user/%s",
                 h->keys[c->auth.key_index].access_key_id);
    if (c->auth.verdict == SIM_SIG_VALID)
        return true;
    refuse_signature(c);
    return false;
}

static bool session_name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n >= 2 && n <= 64 &&
           strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-") == n;
}

/* The checks STS makes before issuing; false once it has answered with an error. */
static bool assume_allowed(struct call *c, const struct assume *a, int *duration)
{
    struct sim_sts *s = c->h->sts;
    const char *role = a->role_arn;
    *duration = a->duration ? atoi(a->duration) : 3600;
    if (!role || strncmp(role, "arn:aws", 7) != 0 || !strstr(role, ":role/"))
        sts_error(c, 400, "ValidationError", "%s is not a valid role ARN",
                  role ? role : "RoleArn (missing)");
    else if (!session_name_ok(a->session))
        sts_error(c, 400, "ValidationError",
                  "1 validation error detected: Value at 'roleSessionName' failed to satisfy "
                  "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
    else if (*duration < 900 || *duration > 43200)
        sts_error(
            c, 400, "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    else if (s->deny_role && strcmp(role, s->deny_role) == 0 && a->web_token)
        sts_error(c, 403, "AccessDenied",
                  "Not authorized to perform sts:AssumeRoleWithWebIdentity");
    else if (s->deny_role && strcmp(role, s->deny_role) == 0)
        sts_error(c, 403, "AccessDenied",
                  "User: %s is not authorized to perform: sts:AssumeRole on resource: %s",
                  c->principal, role);
    else if (a->serial && (!a->code || strcmp(a->code, s->mfa_code) != 0))
        sts_error(c, 403, "AccessDenied",
                  "MultiFactorAuthentication failed with invalid MFA one time pass code. ");
    else
        return true;
    return false;
}

static void put_credentials(struct buf *b, const struct issued *k)
{
    char when[32];
    time_t t = (time_t)k->expires;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    buf_printf(b,
               "    <Credentials>\n      <AccessKeyId>%s</AccessKeyId>\n"
               "      <SecretAccessKey>%s</SecretAccessKey>\n"
               "      <SessionToken>%s</SessionToken>\n"
               "      <Expiration>%s</Expiration>\n    </Credentials>\n",
               k->key.access_key_id, k->key.secret_access_key, k->key.session_token, when);
}

/* Fresh random keys of the shapes AWS uses, into k. */
static void new_keys(struct sim_auth_key *k)
{
    static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    k->access_key_id = random_text("ASIA", 16, upper);
    k->secret_access_key = random_text("", 40, b64);
    k->session_token = random_text("IQoJb3JpZ2luX2VjEKlx", 200, b64);
}

bool sim_sts_issue(struct sim_sts *s, double expires, const char *principal,
                   struct sim_auth_key *out)
{
    struct issued k = {.expires = expires};
    new_keys(&k.key);
    snprintf(k.principal, sizeof k.principal, "%s", principal);
    out->access_key_id = xstrdup(k.key.access_key_id);
    out->secret_access_key = secmem_strdup(k.key.secret_access_key);
    out->session_token = secmem_strdup(k.key.session_token);
    if (issue(s, &k))
        return true;
    sim_auth_key_clear(&k.key);
    sim_auth_key_clear(out);
    return false;
}

/* Issue a session for the role and answer with it under <ACTION>Response/<ACTION>Result. */
static void assume_role(struct call *c, const struct assume *a, const char *action)
{
    int duration;
    if (!assume_allowed(c, a, &duration))
        return;
    if (c->h->sts->session_seconds > 0)
        duration = c->h->sts->session_seconds;
    struct issued k = {.expires = c->arrival + duration};
    new_keys(&k.key);
    const char *name = strstr(a->role_arn, ":role/") + 6;
    const char *slash = strrchr(name, '/');
    snprintf(k.principal, sizeof k.principal,
             "arn:aws:sts::" SIM_ACCOUNT_ID ":assumed-role/%.100s/%s", slash ? slash + 1 : name,
             a->session);
    struct buf b = BUF_INIT;
    buf_printf(&b,
               "<%sResponse xmlns=\"" STS_NS "\">\n  <%sResult>\n"
               "    <AssumedRoleUser>\n      <Arn>",
               action, action);
    xml_text(&b, k.principal);
    buf_puts(&b, "</Arn>\n    </AssumedRoleUser>\n");
    put_credentials(&b, &k);
    buf_printf(&b,
               "  </%sResult>\n  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n"
               "  </ResponseMetadata>\n</%sResponse>\n",
               action, c->resp->request_id, action);
    if (!issue(c->h->sts, &k)) {
        sim_auth_key_clear(&k.key);
        buf_wipe_free(&b);
        sts_error(c, 400, "LimitExceeded", "This simulator has issued too many sessions.");
        return;
    }
    reply_xml(c, 200, &b);
}

/* A JWT's shape: three non-empty base64url parts joined by dots (header.payload.signature). The
   simulator trusts any such token; real STS checks it with the identity provider. */
static bool jwt_shaped(const char *t)
{
    static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int part = 0; part < 3; part++) {
        size_t n = strspn(t, b64url);
        if (n == 0 || (part < 2 && t[n] != '.') || (part == 2 && t[n] != '\0'))
            return false;
        t += n + (part < 2);
    }
    return true;
}

/* Unsigned, as STS takes it: the identity token is the caller's proof. */
static void assume_web_identity(struct call *c, const struct assume *a)
{
    if (!a->web_token || !jwt_shaped(a->web_token))
        sts_error(c, 400, "InvalidIdentityToken",
                  "The web identity token that was passed could not be validated by AWS. Get a "
                  "new identity token from the identity provider and then retry the request.");
    else
        assume_role(c, a, "AssumeRoleWithWebIdentity");
}

/* Who signed: the simulator's own key's user, or the session STS issued. */
static void caller_identity(struct call *c)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "<GetCallerIdentityResponse xmlns=\"" STS_NS "\">\n"
                 "  <GetCallerIdentityResult>\n    <Arn>");
    xml_text(&b, c->principal);
    buf_puts(&b, "</Arn>\n    <UserId>");
    xml_text(&b, c->auth.access_key_id);
    buf_printf(&b,
               "</UserId>\n    <Account>" SIM_ACCOUNT_ID "</Account>\n"
               "  </GetCallerIdentityResult>\n  <ResponseMetadata>\n"
               "    <RequestId>%s</RequestId>\n  </ResponseMetadata>\n"
               "</GetCallerIdentityResponse>\n",
               c->resp->request_id);
    reply_xml(c, 200, &b);
}

/* The operation name for the log: the action when STS knows it. */
static const char *known_action(const char *action)
{
    static const char *const actions[] = {"AssumeRole", "AssumeRoleWithWebIdentity",
                                          "GetCallerIdentity"};
    for (size_t i = 0; action && i < sizeof actions / sizeof actions[0]; i++)
        if (!strcmp(action, actions[i]))
            return actions[i];
    return NULL;
}

void sim_sts_serve(struct call *c)
{
    c->operation = "AssumeRole";
    if (c->req->body_too_large) {
        sts_error(c, 413, "RequestEntityTooLarge", "The request body is too large.");
        return;
    }
    struct assume a = {0};
    read_form(c, &a);
    const char *op = known_action(a.action);
    if (op)
        c->operation = op;
    if (a.bad)
        sts_error(c, 400, "MalformedQueryString", "The form body could not be decoded.");
    else if (!op)
        sts_error(c, 400, "InvalidAction", "Could not find operation %.100s for version 2011-06-15",
                  a.action ? a.action : "(none)");
    else if (!strcmp(op, "AssumeRoleWithWebIdentity"))
        assume_web_identity(c, &a);
    else if (verify_caller(c) && !strcmp(op, "GetCallerIdentity"))
        caller_identity(c);
    else if (c->auth.verdict == SIM_SIG_VALID)
        assume_role(c, &a, "AssumeRole");
    assume_free(&a);
}
