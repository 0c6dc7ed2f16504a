/* The simulator's IAM Identity Center: registered clients, device codes, access and refresh
   tokens in memory (wiped on free), the OAuth errors of the device flow, and role keys issued
   through sim/sts.c so that Incident Manager accepts them. */
#define _GNU_SOURCE
#include "sim/sso.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/secmem.h"
#include "core/xalloc.h"
#include "sim/call.h"
#include "sim/sts.h"

#define NS_OIDC        "http://internal.amazon.com/coral/com.amazonaws.awsssooidc/"
#define NS_PORTAL      "http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/"
#define SSO_MAX_ITEMS  10000 /* clients, device codes or tokens: a drill makes a handful */
#define SSO_CLIENT_TTL (90 * 86400)
#define SSO_ROLE_TTL   3600
#define DEVICE_GRANT   "urn:ietf:params:oauth:grant-type:device_code"

enum device_state { DEV_PENDING, DEV_APPROVED, DEV_USED };

struct sso_client {
    char *id, *secret;
    double expires;
};

struct sso_device {
    char *code, *user_code, *client_id;
    double expires;
    enum device_state state;
};

struct sso_access {
    char *token, *refresh, *client_id;
    double expires;
};

struct sim_sso {
    pthread_mutex_t lock; /* guards everything below but the options */
    struct sso_client *clients;
    struct sso_device *devices;
    struct sso_access *tokens;
    size_t nclients, ndevices, ntokens;
    int slow_down; /* slow_down answers still to give */
    bool approve, deny_device, tls;
    int device_ttl, token_ttl;
    char *deny_role;
};

struct sim_sso *sim_sso_new(const struct sim_options *opt)
{
    struct sim_sso *s = xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    s->slow_down = opt->sso_slow_down > 0 ? opt->sso_slow_down : 0;
    s->approve = opt->sso_approve;
    s->deny_device = opt->sso_deny_device;
    s->tls = opt->tls_cert != NULL;
    s->device_ttl = opt->sso_device_ttl > 0 ? opt->sso_device_ttl : 600;
    s->token_ttl = opt->sso_token_ttl > 0 ? opt->sso_token_ttl : 3600;
    s->deny_role = opt->sso_deny_role && *opt->sso_deny_role ? xstrdup(opt->sso_deny_role) : NULL;
    return s;
}

/* Each item's copies, secrets wiped: for the lists and for an item that found no room. */
static void sso_client_clear(struct sso_client *k)
{
    free(k->id);
    secmem_free_str(k->secret);
}

static void sso_device_clear(struct sso_device *d)
{
    secmem_free_str(d->code);
    free(d->user_code);
    free(d->client_id);
}

static void sso_access_clear(struct sso_access *t)
{
    secmem_free_str(t->token);
    secmem_free_str(t->refresh);
    free(t->client_id);
}

void sim_sso_free(struct sim_sso *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nclients; i++)
        sso_client_clear(&s->clients[i]);
    for (size_t i = 0; i < s->ndevices; i++)
        sso_device_clear(&s->devices[i]);
    for (size_t i = 0; i < s->ntokens; i++)
        sso_access_clear(&s->tokens[i]);
    pthread_mutex_destroy(&s->lock);
    FREE_ALL(s->clients, s->devices, s->tokens, s->deny_role, s);
}

/* ---- routing ---- */

struct sso_route {
    const char *operation, *method, *path;
    void (*fn)(struct call *c, json_t *body);
};

static void op_register(struct call *c, json_t *body);
static void op_device_authorization(struct call *c, json_t *body);
static void op_token(struct call *c, json_t *body);
static void op_role_credentials(struct call *c, json_t *body);
static void op_approve(struct call *c, json_t *body);

static const struct sso_route sso_routes[] = {
    {"RegisterClient", "POST", "/client/register", op_register},
    {"StartDeviceAuthorization", "POST", "/device_authorization", op_device_authorization},
    {"CreateToken", "POST", "/token", op_token},
    {"GetRoleCredentials", "GET", "/federation/credentials", op_role_credentials},
    {"ApproveDevice", "GET", "/device", op_approve},
};

static const struct sso_route *find_route(const struct call *c)
{
    for (size_t i = 0; i < sizeof sso_routes / sizeof sso_routes[0]; i++)
        if (strcmp(sso_routes[i].path, c->path) == 0)
            return &sso_routes[i];
    return NULL;
}

bool sim_sso_claims(const struct call *c)
{
    return c->h->sso && find_route(c) != NULL;
}

/* ---- replies ---- */

/* SSO-OIDC's errors: {"error", "error_description"} with the exception's name as the type. */
static void oidc_error(struct call *c, int status, const char *exception, const char *error,
                       const char *description)
{
    sim_reply_error(c, status, exception, NS_OIDC,
                    json_pack("{s:s, s:s}", "error", error, "error_description", description), "%s",
                    description);
}

static void portal_error(struct call *c, int status, const char *code, const char *message)
{
    sim_reply_error(c, status, code, NS_PORTAL, NULL, "%s", message);
}

static char *random_text(size_t n)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[128];
    if (n > sizeof r || RAND_bytes(r, (int)n) != 1)
        abort();
    char *out = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        out[i] = alphabet[r[i] % (sizeof alphabet - 1)];
    out[n] = '\0';
    OPENSSL_cleanse(r, sizeof r);
    return out;
}

/* "ABCD-EFGH": what a person types, without letters that read alike. */
static char *user_code(void)
{
    static const char alphabet[] = "BCDFGHJKLMNPQRSTVWXZ";
    unsigned char r[8];
    if (RAND_bytes(r, sizeof r) != 1)
        abort();
    char *out = xmalloc(10);
    for (size_t i = 0, j = 0; i < 8; i++, j++) {
        if (i == 4)
            out[j++] = '-';
        out[j] = alphabet[r[i] % (sizeof alphabet - 1)];
    }
    out[9] = '\0';
    return out;
}

/* ---- state (callers hold the lock) ---- */

static const struct sso_client *find_client(struct sim_sso *s, const char *id, const char *secret,
                                            double now)
{
    for (size_t i = 0; id && secret && i < s->nclients; i++)
        if (strcmp(s->clients[i].id, id) == 0 && strcmp(s->clients[i].secret, secret) == 0 &&
            now < s->clients[i].expires)
            return &s->clients[i];
    return NULL;
}

static struct sso_device *find_device(struct sim_sso *s, const char *code, const char *user)
{
    for (size_t i = 0; i < s->ndevices; i++)
        if ((code && strcmp(s->devices[i].code, code) == 0) ||
            (user && strcmp(s->devices[i].user_code, user) == 0))
            return &s->devices[i];
    return NULL;
}

static struct sso_access *find_token(struct sim_sso *s, const char *token, const char *refresh)
{
    for (size_t i = 0; i < s->ntokens; i++)
        if ((token && strcmp(s->tokens[i].token, token) == 0) ||
            (refresh && s->tokens[i].refresh && strcmp(s->tokens[i].refresh, refresh) == 0))
            return &s->tokens[i];
    return NULL;
}

/* ---- SSO-OIDC ---- */

/* items (*n of size bytes) grown by a copy of item, or NULL, items untouched, when the list
   already holds SSO_MAX_ITEMS: clients, device codes and tokens all grow this way. */
static void *list_append(void *items, size_t *n, const void *item, size_t size)
{
    if (*n >= SSO_MAX_ITEMS)
        return NULL;
    char *grown = xreallocarray(items, *n + 1, size);
    memcpy(grown + *n * size, item, size);
    (*n)++;
    return grown;
}

static const char *member(json_t *body, const char *key)
{
    const char *v = json_string_value(json_object_get(body, key));
    return v && *v ? v : NULL;
}

static void op_register(struct call *c, json_t *body)
{
    struct sim_sso *s = c->h->sso;
    const char *type = member(body, "clientType");
    if (!member(body, "clientName") || !type || strcmp(type, "public") != 0) {
        oidc_error(c, 400, "InvalidClientMetadataException", "invalid_client_metadata",
                   "clientName is required and clientType must be public");
        return;
    }
    struct sso_client k = {random_text(22), random_text(64), c->arrival + SSO_CLIENT_TTL};
    json_t *reply = json_pack("{s:s, s:s, s:I, s:I}", "clientId", k.id, "clientSecret", k.secret,
                              "clientIdIssuedAt", (json_int_t)c->arrival, "clientSecretExpiresAt",
                              (json_int_t)k.expires);
    pthread_mutex_lock(&s->lock);
    struct sso_client *grown = list_append(s->clients, &s->nclients, &k, sizeof k);
    if (grown)
        s->clients = grown;
    pthread_mutex_unlock(&s->lock);
    if (!grown) {
        sso_client_clear(&k);
        json_decref(reply);
        oidc_error(c, 500, "InternalServerException", "server_error", "too many clients");
        return;
    }
    sim_reply_json(c, 200, reply);
}

/* "http://HOST" as the caller reached us, for the verification URL. */
static char *base_url(const struct call *c)
{
    const char *host = sim_header_get(c->req, "host");
    if (!host || !*host || strlen(host) > 255 ||
        strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
            strlen(host))
        host = "127.0.0.1";
    return xasprintf("%s://%s", c->h->sso->tls ? "https" : "http", host);
}

static void op_device_authorization(struct call *c, json_t *body)
{
    struct sim_sso *s = c->h->sso;
    if (!member(body, "startUrl")) {
        oidc_error(c, 400, "InvalidRequestException", "invalid_request", "startUrl is required");
        return;
    }
    struct sso_device d = {random_text(64), user_code(), NULL, c->arrival + s->device_ttl,
                           s->approve ? DEV_APPROVED : DEV_PENDING};
    pthread_mutex_lock(&s->lock);
    bool known =
        find_client(s, member(body, "clientId"), member(body, "clientSecret"), c->arrival) != NULL;
    struct sso_device *grown = NULL;
    if (known) {
        d.client_id = xstrdup(member(body, "clientId"));
        grown = list_append(s->devices, &s->ndevices, &d, sizeof d);
        if (grown)
            s->devices = grown;
    }
    pthread_mutex_unlock(&s->lock);
    if (!grown) {
        sso_device_clear(&d);
        oidc_error(c, known ? 500 : 401,
                   known ? "InternalServerException" : "InvalidClientException",
                   known ? "server_error" : "invalid_client",
                   known ? "too many device codes" : "the client is unknown or has expired");
        return;
    }
    char *base = base_url(c);
    char *uri = xasprintf("%s/device", base);
    char *full = xasprintf("%s/device?user_code=%s", base, d.user_code);
    sim_reply_json(c, 200,
                   json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "deviceCode", d.code, "userCode",
                             d.user_code, "verificationUri", uri, "verificationUriComplete", full,
                             "expiresIn", s->device_ttl, "interval", 1));
    free(base);
    free(uri);
    free(full);
}

/* A new access token (and refresh token) for client; the reply's members. NULL when full. */
static json_t *issue_token(struct sim_sso *s, const char *client_id, double now)
{
    struct sso_access t = {random_text(96), random_text(96), xstrdup(client_id),
                           now + s->token_ttl};
    struct sso_access *grown = list_append(s->tokens, &s->ntokens, &t, sizeof t);
    if (!grown) {
        sso_access_clear(&t);
        return NULL;
    }
    s->tokens = grown;
    return json_pack("{s:s, s:s, s:i, s:s}", "accessToken", t.token, "tokenType", "Bearer",
                     "expiresIn", s->token_ttl, "refreshToken", t.refresh);
}

/* The device-code grant; under the lock. Returns the reply, or NULL with *why set. */
static json_t *grant_device(struct sim_sso *s, const char *code, const char *client_id, double now,
                            const char **why)
{
    struct sso_device *d = find_device(s, code, NULL);
    if (!d || d->state == DEV_USED || strcmp(d->client_id, client_id) != 0)
        *why = "invalid_grant";
    else if (now >= d->expires)
        *why = "expired_token";
    else if (s->slow_down > 0) {
        s->slow_down--;
        *why = "slow_down";
    } else if (s->deny_device)
        *why = "access_denied";
    else if (d->state == DEV_PENDING)
        *why = "authorization_pending";
    else {
        d->state = DEV_USED;
        return issue_token(s, client_id, now);
    }
    return NULL;
}

/* The refresh-token grant: the old refresh token is spent. Under the lock. */
static json_t *grant_refresh(struct sim_sso *s, const char *refresh, const char *client_id,
                             double now, const char **why)
{
    struct sso_access *t = find_token(s, NULL, refresh);
    if (!t || strcmp(t->client_id, client_id) != 0) {
        *why = "invalid_grant";
        return NULL;
    }
    secmem_free_str(t->refresh);
    t->refresh = NULL;
    return issue_token(s, client_id, now);
}

static void token_refused(struct call *c, const char *why)
{
    static const struct {
        const char *error, *exception, *text;
    } t[] = {
        {"authorization_pending", "AuthorizationPendingException",
         "The user has not yet approved the device code"},
        {"slow_down", "SlowDownException", "Polling too fast: wait longer between requests"},
        {"expired_token", "ExpiredTokenException", "The device code has expired"},
        {"access_denied", "AccessDeniedException", "The user refused the device authorization"},
        {"invalid_grant", "InvalidGrantException", "The grant is unknown, spent or not yours"},
        {"invalid_client", "InvalidClientException", "The client is unknown or has expired"},
        {"unsupported_grant_type", "UnsupportedGrantTypeException", "Unsupported grant type"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].error, why) == 0) {
            oidc_error(c, strcmp(why, "invalid_client") == 0 ? 401 : 400, t[i].exception,
                       t[i].error, t[i].text);
            return;
        }
    oidc_error(c, 500, "InternalServerException", "server_error", "too many tokens");
}

static void op_token(struct call *c, json_t *body)
{
    struct sim_sso *s = c->h->sso;
    const char *grant = member(body, "grantType"), *id = member(body, "clientId");
    const char *why = "server_error";
    json_t *reply = NULL;
    pthread_mutex_lock(&s->lock);
    if (!find_client(s, id, member(body, "clientSecret"), c->arrival))
        why = "invalid_client";
    else if (grant && strcmp(grant, DEVICE_GRANT) == 0)
        reply = grant_device(s, member(body, "deviceCode"), id, c->arrival, &why);
    else if (grant && strcmp(grant, "refresh_token") == 0)
        reply = grant_refresh(s, member(body, "refreshToken"), id, c->arrival, &why);
    else
        why = "unsupported_grant_type";
    pthread_mutex_unlock(&s->lock);
    if (reply)
        sim_reply_json(c, 200, reply);
    else
        token_refused(c, why);
}

/* Opening verification_uri_complete approves its device code, as a person signing in would. */
static void op_approve(struct call *c, json_t *body)
{
    (void)body;
    struct sim_sso *s = c->h->sso;
    bool bad = false;
    char *code = sim_query_param(c->query, "user_code", &bad);
    pthread_mutex_lock(&s->lock);
    struct sso_device *d = code ? find_device(s, NULL, code) : NULL;
    bool ok = d && d->state != DEV_USED && c->arrival < d->expires;
    if (ok && d->state == DEV_PENDING)
        d->state = DEV_APPROVED;
    pthread_mutex_unlock(&s->lock);
    if (ok)
        sim_reply_json(c, 200, json_pack("{s:b, s:s}", "approved", 1, "userCode", code));
    else
        portal_error(c, 404, "ResourceNotFoundException",
                     "No pending device authorization has this user_code");
    free(code);
}

/* ---- the portal ---- */

static bool account_ok(const char *a)
{
    return a && strlen(a) == 12 && strspn(a, "0123456789") == 12;
}

/* The portal's checks; false once it has answered with an error. */
static bool role_allowed(struct call *c, const char *account, const char *role)
{
    struct sim_sso *s = c->h->sso;
    const char *token = sim_header_get(c->req, "x-amz-sso_bearer_token");
    pthread_mutex_lock(&s->lock);
    const struct sso_access *t = token && *token ? find_token(s, token, NULL) : NULL;
    bool live = t && c->arrival < t->expires;
    pthread_mutex_unlock(&s->lock);
    if (!account_ok(account) || !role || !*role)
        portal_error(c, 400, "InvalidRequestException",
                     "account_id (12 digits) and role_name are required");
    else if (!live)
        portal_error(c, 401, "UnauthorizedException", "Session token not found or invalid");
    else if (s->deny_role && strcmp(role, s->deny_role) == 0)
        portal_error(c, 403, "ForbiddenException", "No access");
    else
        return true;
    return false;
}

static void op_role_credentials(struct call *c, json_t *body)
{
    (void)body;
    bool bad1 = false, bad2 = false;
    char *account = sim_query_param(c->query, "account_id", &bad1);
    char *role = sim_query_param(c->query, "role_name", &bad2);
    if (!bad1 && !bad2 && role_allowed(c, account, role)) {
        char principal[256];
        snprintf(principal, sizeof principal,
                 "arn:aws:sts::%s:assumed-role/AWSReservedSSO_%.64s_0123456789abcdef/sso-user",
                 account, role);
        struct sim_auth_key k = {0};
        double expires = c->arrival + SSO_ROLE_TTL;
        if (!sim_sts_issue(c->h->sts, expires, principal, &k)) {
            portal_error(c, 429, "TooManyRequestsException", "too many sessions issued");
        } else {
            sim_reply_json(c, 200,
                           json_pack("{s:{s:s, s:s, s:s, s:I}}", "roleCredentials", "accessKeyId",
                                     k.access_key_id, "secretAccessKey", k.secret_access_key,
                                     "sessionToken", k.session_token, "expiration",
                                     (json_int_t)(expires * 1000)));
            sim_auth_key_clear(&k);
        }
    } else if (bad1 || bad2) {
        portal_error(c, 400, "InvalidRequestException", "the query string cannot be decoded");
    }
    free(account);
    free(role);
}

/* ---- entry ---- */

void sim_sso_serve(struct call *c)
{
    const struct sso_route *r = find_route(c);
    c->operation = r->operation;
    const char *method = c->req->method ? c->req->method : "";
    if (strcmp(method, r->method) != 0) {
        c->resp->allow = r->method;
        portal_error(c, 405, "MethodNotAllowedException", "use the documented method");
        return;
    }
    if (c->req->body_too_large) {
        portal_error(c, 413, "RequestEntityTooLargeException", "The request body is too large.");
        return;
    }
    json_t *body = NULL;
    if (strcmp(r->method, "POST") == 0) {
        body = json_loadb(c->req->body ? c->req->body : "", c->req->body_len, 0, NULL);
        if (!json_is_object(body)) {
            json_decref(body);
            oidc_error(c, 400, "InvalidRequestException", "invalid_request",
                       "the body must be a JSON object");
            return;
        }
    }
    r->fn(c, body);
    json_decref(body);
}
