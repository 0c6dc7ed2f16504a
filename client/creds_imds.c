/* Credential provider: the EC2 instance role from instance metadata, IMDSv2 (token first). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "client/config.h"
#include "client/curl_dl.h"
#include "client/creds_providers.h"
#include "core/secmem.h"
#include "core/xalloc.h"

#define IMDS_ENDPOINT_V4 "http://169.254.169.254"
#define IMDS_ENDPOINT_V6 "http://[fd00:ec2::254]"
/* The CLI's defaults: a machine that is not on EC2 must not wait long to find out. */
#define IMDS_TIMEOUT_MS 1000L
#define IMDS_MAX_REPLY  (64u * 1024)
#define IMDS_ROLES_PATH "/latest/meta-data/iam/security-credentials/"
#define IMDS_WHO        "imds"

struct imds {
    CURL *h;
    const char *endpoint;
    struct creds_capture body; /* the last reply */
    long status;
    char error[CURL_ERROR_SIZE];
};

static size_t imds_on_body(char *p, size_t size, size_t n, void *ud)
{
    return creds_capture_add(ud, p, size * n) ? size * n : 0;
}

static bool imds_setup(struct imds *m)
{
    m->h = curl_easy_init();
    if (!m->h)
        return false;
    CURL *h = m->h;
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*"); /* metadata is link-local: never via a proxy */
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, IMDS_TIMEOUT_MS);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, IMDS_TIMEOUT_MS);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
    curl_easy_setopt(h, CURLOPT_USERAGENT, "klaxon");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, imds_on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &m->body);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, m->error);
    return true;
}

/* One request; 0 when an HTTP reply came back (any status), -1 on a transport failure. */
static int imds_call(struct imds *m, bool put, const char *path, struct curl_slist *headers)
{
    secmem_wipe(m->body.data, m->body.len);
    m->body.len = 0;
    m->body.data[0] = '\0';
    m->body.overflow = false;
    m->error[0] = '\0';
    m->status = 0;
    char *url = xasprintf("%s%s", m->endpoint, path);
    curl_easy_setopt(m->h, CURLOPT_URL, url);
    if (put) {
        curl_easy_setopt(m->h, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(m->h, CURLOPT_POSTFIELDSIZE, 0L);
        curl_easy_setopt(m->h, CURLOPT_CUSTOMREQUEST, "PUT");
    } else {
        curl_easy_setopt(m->h, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(m->h, CURLOPT_CUSTOMREQUEST, (char *)NULL);
    }
    curl_easy_setopt(m->h, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(m->h);
    curl_easy_setopt(m->h, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
    free(url);
    if (rc != CURLE_OK) {
        if (!m->error[0])
            snprintf(m->error, sizeof m->error, "%s", curl_easy_strerror(rc));
        if (m->body.overflow)
            snprintf(m->error, sizeof m->error, "the reply is larger than %u KiB",
                     IMDS_MAX_REPLY / 1024);
        return -1;
    }
    curl_easy_getinfo(m->h, CURLINFO_RESPONSE_CODE, &m->status);
    return 0;
}

/* Free a header list that carried the session token, wiping it first. */
static void free_secret_headers(struct curl_slist *l)
{
    for (struct curl_slist *i = l; i; i = i->next)
        secmem_wipe(i->data, strlen(i->data));
    curl_slist_free_all(l);
}

static void put_endpoint(struct buf *why, const struct imds *m)
{
    creds_put_safe(why, m->endpoint);
}

/* A token is printable ASCII; anything else could smuggle a header line into the next request. */
static bool token_ok(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] <= 0x20 || s[i] >= 0x7f)
            return false;
    return true;
}

/* Step 1: a session token (PUT), as a ready header. NULL: no usable metadata service. */
static char *imds_token(struct imds *m, struct buf *why)
{
    struct curl_slist *h = curl_slist_append(NULL, "X-aws-ec2-metadata-token-ttl-seconds: 21600");
    int rc = imds_call(m, true, "/latest/api/token", h);
    curl_slist_free_all(h);
    size_t n = strcspn(m->body.data, "\r\n");
    if (rc == 0 && m->status == 200 && token_ok(m->body.data, n))
        return xasprintf("X-aws-ec2-metadata-token: %.*s", (int)n, m->body.data);
    buf_puts(why, IMDS_WHO ": no instance metadata service at ");
    put_endpoint(why, m);
    if (rc < 0) {
        buf_puts(why, " (");
        creds_put_safe(why, m->error);
        buf_puts(why, ")\n");
    } else if (m->status != 200) {
        buf_printf(why, " (the token request got HTTP %ld)\n", m->status);
    } else {
        buf_puts(why, " (the token reply is malformed)\n");
    }
    return NULL;
}

/* IAM role names: 1-64 of [A-Za-z0-9+=,.@_-]. Anything else would change the URL. */
static bool role_name_ok(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || strchr("+=,.@_-", s[i])))
            return false;
    return true;
}

/* Step 2: the instance role's name. NOT_FOUND: no role; ERROR: the service misbehaved. */
static enum creds_result imds_role(struct imds *m, struct curl_slist *auth, char **role,
                                   struct buf *why)
{
    if (imds_call(m, false, IMDS_ROLES_PATH, auth) < 0) {
        buf_puts(why, IMDS_WHO ": the role list request failed (");
        creds_put_safe(why, m->error);
        buf_puts(why, ")\n");
        return CREDS_ERROR;
    }
    if (m->status == 404) {
        buf_puts(why, IMDS_WHO ": this EC2 instance has no IAM role (instance profile)\n");
        return CREDS_NOT_FOUND;
    }
    if (m->status != 200) {
        buf_printf(why, IMDS_WHO ": the role list request got HTTP %ld\n", m->status);
        return CREDS_ERROR;
    }
    size_t n = strcspn(m->body.data, "\r\n");
    if (!role_name_ok(m->body.data, n)) {
        buf_puts(why, IMDS_WHO ": the instance metadata returned a malformed role name\n");
        return CREDS_ERROR;
    }
    *role = xstrndup(m->body.data, n);
    return CREDS_FOUND;
}

static enum creds_result parse_role_creds(json_t *root, const char *role, struct aws_creds *out,
                                          struct buf *why)
{
    const char *code = creds_json_string(root, "Code");
    const char *akid = creds_json_string(root, "AccessKeyId");
    const char *secret = creds_json_string(root, "SecretAccessKey");
    const char *token = creds_json_string(root, "Token");
    const char *exp = creds_json_string(root, "Expiration");
    long long expiration = 0;
    struct buf msg = BUF_INIT;
    if (code && strcmp(code, "Success") != 0) {
        buf_puts(&msg, "the credentials are not available (Code ");
        creds_put_safe(&msg, code);
        buf_puts(&msg, ")");
    } else if (!akid || !secret || !token) {
        buf_printf(&msg, "the reply has no %s",
                   !akid     ? "AccessKeyId"
                   : !secret ? "SecretAccessKey"
                             : "Token");
    } else if (exp && creds_parse_time(exp, &expiration) < 0) {
        buf_puts(&msg, "the reply's Expiration is not an ISO 8601 time");
    } else {
        creds_set(out, akid, secret, token, expiration, IMDS_WHO);
        if (creds_check_expiry(out, IMDS_WHO, why) != CREDS_FOUND)
            return CREDS_ERROR;
        buf_printf(why, IMDS_WHO ": using the credentials of instance role %s", role);
        if (expiration) {
            char when[32];
            creds_format_time(expiration, when);
            buf_printf(why, " (they expire at %s)", when);
        }
        buf_putc(why, '\n');
        return CREDS_FOUND;
    }
    buf_printf(why, IMDS_WHO ": role %s: %s\n", role, buf_cstr(&msg));
    buf_free(&msg);
    return CREDS_ERROR;
}

/* Step 3: the role's credentials. */
static enum creds_result imds_role_creds(struct imds *m, struct curl_slist *auth, const char *role,
                                         struct aws_creds *out, struct buf *why)
{
    char *path = xasprintf(IMDS_ROLES_PATH "%s", role);
    int rc = imds_call(m, false, path, auth);
    free(path);
    if (rc < 0 || m->status != 200) {
        buf_printf(why, IMDS_WHO ": role %s: the credentials request ", role);
        if (rc < 0) {
            buf_puts(why, "failed (");
            creds_put_safe(why, m->error);
            buf_puts(why, ")\n");
        } else {
            buf_printf(why, "got HTTP %ld\n", m->status);
        }
        return CREDS_ERROR;
    }
    json_error_t e;
    json_t *root = json_loadb(m->body.data, m->body.len, 0, &e);
    secmem_wipe(&e, sizeof e); /* its text can quote the reply */
    enum creds_result r;
    if (!json_is_object(root)) {
        buf_printf(why, IMDS_WHO ": role %s: the credentials reply is not a JSON object\n", role);
        r = CREDS_ERROR;
    } else {
        r = parse_role_creds(root, role, out, why);
        creds_json_wipe(root, "AccessKeyId");
        creds_json_wipe(root, "SecretAccessKey");
        creds_json_wipe(root, "Token");
    }
    json_decref(root);
    return r;
}

enum creds_result creds_imds_fetch(const char *endpoint, struct aws_creds *out, struct buf *why)
{
    struct imds m = {.endpoint = endpoint};
    creds_capture_init(&m.body, IMDS_MAX_REPLY);
    struct buf lib = BUF_INIT;
    if (curl_dl_load(&lib) != 0 || !imds_setup(&m)) {
        buf_printf(why, IMDS_WHO ": cannot start an HTTP client%s%s\n", lib.len ? ": " : "",
                   buf_cstr(&lib));
        buf_free(&lib);
        creds_capture_wipe(&m.body);
        return CREDS_NOT_FOUND;
    }
    buf_free(&lib);
    enum creds_result r = CREDS_NOT_FOUND;
    char *token = imds_token(&m, why), *role = NULL;
    if (token) {
        struct curl_slist *auth = curl_slist_append(NULL, token);
        secmem_free_str(token);
        r = imds_role(&m, auth, &role, why);
        if (r == CREDS_FOUND)
            r = imds_role_creds(&m, auth, role, out, why);
        free_secret_headers(auth);
    }
    free(role);
    curl_easy_cleanup(m.h);
    creds_capture_wipe(&m.body);
    secmem_burn_stack(); /* the reply passed through libcurl's, jansson's and libc's frames */
    return r;
}

/* AWS_EC2_METADATA_SERVICE_ENDPOINT, the profile's setting, else the IPv4 or IPv6 default. */
static char *imds_endpoint(const struct klx_settings *s)
{
    const char *v = getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
    if (!v || !*v)
        v = aws_config_get_merged(s->config, s->profile, "ec2_metadata_service_endpoint");
    if (!v || !*v) {
        const char *mode = getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
        if (!mode || !*mode)
            mode =
                aws_config_get_merged(s->config, s->profile, "ec2_metadata_service_endpoint_mode");
        v = mode && strcasecmp(mode, "IPv6") == 0 ? IMDS_ENDPOINT_V6 : IMDS_ENDPOINT_V4;
    }
    char *e = xstrdup(v);
    size_t n = strlen(e);
    while (n && e[n - 1] == '/')
        e[--n] = '\0';
    return e;
}

static enum creds_result imds_get(const struct klx_settings *s, struct aws_creds *out,
                                  struct buf *why)
{
    if (creds_env_true("AWS_EC2_METADATA_DISABLED")) {
        buf_puts(why, IMDS_WHO ": disabled by AWS_EC2_METADATA_DISABLED\n");
        return CREDS_NOT_FOUND;
    }
    char *endpoint = imds_endpoint(s);
    enum creds_result r = creds_imds_fetch(endpoint, out, why);
    free(endpoint);
    return r;
}

const struct creds_provider creds_provider_imds = {IMDS_WHO, imds_get};
