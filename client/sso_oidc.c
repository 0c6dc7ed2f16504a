/* SSO-OIDC's three calls for the device flow: RegisterClient, StartDeviceAuthorization and
   CreateToken, as restJson1 POSTs with no signature; every secret copy is wiped. */
#define _GNU_SOURCE
#include "client/sso_oidc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/sso_wire.h"
#include "core/secmem.h"
#include "core/xalloc.h"

#define OIDC_DEVICE_GRANT "urn:ietf:params:oauth:grant-type:device_code"

/* POST body (stolen) to PATH on the region's SSO-OIDC endpoint; the body is wiped after. */
static int oidc_post(const struct klx_settings *s, const char *region, const char *path,
                     const char *what, json_t *body, json_t **out, struct sso_error *err)
{
    struct buf url = BUF_INIT;
    if (sso_wire_endpoint(s, "sso-oidc", region, &url, err) != 0) {
        json_decref(body);
        buf_free(&url);
        return -1;
    }
    buf_puts(&url, path);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body); /* jansson's allocator wipes what it frees (json_wipe.h) */
    if (!text) {
        buf_free(&url);
        sso_wire_error(err, 0, "", "out of memory building the request");
        return -1;
    }
    const struct sigv4_header h[] = {{"Content-Type", "application/json"}};
    int rc = sso_wire_call(s, what, "POST", buf_cstr(&url), h, 1, text, out, err);
    secmem_free_str(text);
    buf_free(&url);
    return rc;
}

/* A comma list ("a, b,c") as a JSON array of its non-empty trimmed items. */
static json_t *scope_list(const char *scopes)
{
    json_t *a = json_array();
    for (const char *p = scopes; p && *p;) {
        p += strspn(p, " \t,");
        size_t n = strcspn(p, ",");
        size_t m = n;
        while (m > 0 && (p[m - 1] == ' ' || p[m - 1] == '\t'))
            m--;
        if (m > 0)
            json_array_append_new(a, json_stringn(p, m));
        p += n;
    }
    return a;
}

static void missing(struct sso_error *err, const char *what, const char *member)
{
    char msg[200];
    snprintf(msg, sizeof msg, "the %s answer has no %s", what, member);
    sso_wire_error(err, 200, "", msg);
}

int sso_oidc_register_client(const struct klx_settings *s, const char *region,
                             const char *client_name, const char *scopes,
                             struct sso_oidc_client *out, struct sso_error *err)
{
    static const char what[] = "SSO-OIDC RegisterClient";
    memset(out, 0, sizeof *out);
    json_t *body = json_pack("{s:s, s:s}", "clientName", client_name ? client_name : "klaxon",
                             "clientType", "public");
    json_t *sc = scope_list(scopes);
    if (json_array_size(sc))
        json_object_set_new(body, "scopes", sc);
    else
        json_decref(sc);
    json_t *j;
    if (oidc_post(s, region, "/client/register", what, body, &j, err) != 0)
        return -1;
    const char *id = sso_wire_string(j, "clientId"), *secret = sso_wire_string(j, "clientSecret");
    json_t *exp = json_object_get(j, "clientSecretExpiresAt");
    int rc = -1;
    if (!id || !secret)
        missing(err, what, "clientId and clientSecret");
    else if (!json_is_integer(exp))
        missing(err, what, "clientSecretExpiresAt");
    else {
        out->client_id = xstrdup(id);
        out->client_secret = secmem_strdup(secret);
        out->expires_at = (long long)json_integer_value(exp);
        rc = 0;
    }
    json_decref(j);
    return rc;
}

int sso_oidc_start_device_authorization(const struct klx_settings *s, const char *region,
                                        const struct sso_oidc_client *c, const char *start_url,
                                        struct sso_device_auth *out, struct sso_error *err)
{
    static const char what[] = "SSO-OIDC StartDeviceAuthorization";
    memset(out, 0, sizeof *out);
    json_t *body =
        json_pack("{s:s, s:s, s:s}", "clientId", c->client_id ? c->client_id : "", "clientSecret",
                  c->client_secret ? c->client_secret : "", "startUrl", start_url ? start_url : "");
    json_t *j;
    if (oidc_post(s, region, "/device_authorization", what, body, &j, err) != 0)
        return -1;
    const char *dc = sso_wire_string(j, "deviceCode"), *uc = sso_wire_string(j, "userCode");
    const char *uri = sso_wire_string(j, "verificationUri");
    json_t *expires = json_object_get(j, "expiresIn"), *interval = json_object_get(j, "interval");
    int rc = -1;
    if (!dc || !uc || !uri || !json_is_integer(expires)) {
        missing(err, what, "deviceCode, userCode, verificationUri and expiresIn");
    } else {
        out->device_code = secmem_strdup(dc);
        out->user_code = xstrdup(uc);
        out->verification_uri = xstrdup(uri);
        const char *full = sso_wire_string(j, "verificationUriComplete");
        out->verification_uri_complete = full ? xstrdup(full) : NULL;
        out->expires_in = (int)json_integer_value(expires);
        out->interval = json_is_integer(interval) && json_integer_value(interval) > 0
                            ? (int)json_integer_value(interval)
                            : 5;
        rc = 0;
    }
    json_decref(j);
    return rc;
}

int sso_oidc_create_token(const struct klx_settings *s, const char *region,
                          const struct sso_oidc_client *c, const char *grant_type,
                          const char *code_or_refresh, struct sso_token *out, struct sso_error *err)
{
    static const char what[] = "SSO-OIDC CreateToken";
    memset(out, 0, sizeof *out);
    bool refresh = grant_type && strcmp(grant_type, "refresh_token") == 0;
    if (!refresh && (!grant_type || (strcmp(grant_type, "device_code") != 0 &&
                                     strcmp(grant_type, OIDC_DEVICE_GRANT) != 0))) {
        sso_wire_error(err, 0, "", "grant type must be device_code or refresh_token");
        return -1;
    }
    json_t *body =
        json_pack("{s:s, s:s, s:s, s:s}", "clientId", c->client_id ? c->client_id : "",
                  "clientSecret", c->client_secret ? c->client_secret : "", "grantType",
                  refresh ? "refresh_token" : OIDC_DEVICE_GRANT,
                  refresh ? "refreshToken" : "deviceCode", code_or_refresh ? code_or_refresh : "");
    json_t *j;
    if (oidc_post(s, region, "/token", what, body, &j, err) != 0)
        return -1;
    const char *at = sso_wire_string(j, "accessToken");
    json_t *expires = json_object_get(j, "expiresIn");
    int rc = -1;
    if (!at || !json_is_integer(expires)) {
        missing(err, what, "accessToken and expiresIn");
    } else {
        const char *rt = sso_wire_string(j, "refreshToken");
        out->access_token = secmem_strdup(at);
        out->refresh_token = rt ? secmem_strdup(rt) : NULL;
        out->expires_at = (long long)time(NULL) + (long long)json_integer_value(expires);
        rc = 0;
    }
    json_decref(j);
    return rc;
}

void sso_oidc_client_clear(struct sso_oidc_client *c)
{
    if (!c)
        return;
    free(c->client_id);
    secmem_free_str(c->client_secret);
    memset(c, 0, sizeof *c);
}

void sso_device_auth_clear(struct sso_device_auth *d)
{
    if (!d)
        return;
    secmem_free_str(d->device_code);
    FREE_ALL(d->user_code, d->verification_uri, d->verification_uri_complete);
    memset(d, 0, sizeof *d);
}

void sso_token_clear(struct sso_token *t)
{
    if (!t)
        return;
    SECMEM_FREE_STRS(t->access_token, t->refresh_token);
    memset(t, 0, sizeof *t);
}
