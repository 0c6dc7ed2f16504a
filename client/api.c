/* The rest-json calls to Incident Manager: sign, send, retry (standard mode), parse replies. */
#include "client/api_call.h"

#include <math.h>
#include <openssl/rand.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/creds_cache.h"
#include "client/creds_role.h"
#include "client/creds_sso.h"
#include "client/curl_dl.h"
#include "client/endpoint.h"
#include "client/http.h"
#include "client/sigv4.h"
#include "core/secmem.h"
#include "core/uuid.h"
#include "core/xalloc.h"

#define API_SERVICE   "ssm-incidents"
#define API_DELAY_CAP 20.0 /* standard retry mode caps the backoff at 20 s */

struct klx_client {
    char *endpoint;  /* "https://host[:port][/base]" without a trailing slash */
    char *host;      /* Host header value: host[:port] */
    char *base_path; /* "" or "/base" */
    char *region;
    int max_attempts;
    bool debug;
    struct aws_creds creds;
    /* The keyring entry the creds came from when they are a cached session ("" otherwise),
       dropped if the service refuses them, and how to reach it. */
    char cache_entry[CREDS_CACHE_NAME_MAX];
    const struct keyring_options *keyring;
    struct http_client *http;
    api_progress_fn progress;
    void *progress_ctx;
};

void api_error_clear(struct api_error *e)
{
    free(e->message);
    memset(e, 0, sizeof *e);
}

void api_fail(struct api_error *e, enum klx_status st, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xvreplacef(&e->message, fmt, ap);
    va_end(ap);
    e->status = st;
    snprintf(e->code, sizeof e->code, "%s", code ? code : "");
}

/* Split the endpoint URL into what the Host header and the request path need. */
static int api_parse_endpoint(struct klx_client *c, const char *url, struct api_error *err)
{
    struct buf why = BUF_INIT;
    if (curl_dl_load(&why) != 0) {
        api_fail(err, KLX_UNREACHABLE, NULL, "%s", buf_cstr(&why));
        buf_free(&why);
        return -1;
    }
    buf_free(&why);
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
    int rc = -1;
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        api_fail(err, KLX_USAGE, NULL, "endpoint URL \"%s\" is not a valid URL", url);
        goto out;
    }
    if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0) {
        api_fail(err, KLX_USAGE, NULL, "endpoint URL \"%s\" must use https:// or http://", url);
        goto out;
    }
    curl_url_get(u, CURLUPART_PORT, &port, 0); /* only when the URL names one */
    curl_url_get(u, CURLUPART_PATH, &path, 0);
    c->host = port ? xasprintf("%s:%s", host, port) : xstrdup(host);
    size_t pl = path ? strlen(path) : 0;
    while (pl && path[pl - 1] == '/')
        pl--;
    c->base_path = xstrndup(path ? path : "", pl);
    c->endpoint = xasprintf("%s://%s%s", scheme, c->host, c->base_path);
    rc = 0;
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(path);
    curl_url_cleanup(u);
    return rc;
}

static struct klx_client *api_client_base(const struct klx_settings *s, struct api_error *err)
{
    memset(err, 0, sizeof *err);
    struct klx_client *c = xcalloc(1, sizeof *c);
    c->max_attempts = s->max_attempts > 0 ? s->max_attempts : 3;
    c->debug = s->debug;
    if (!s->region || !*s->region) {
        api_fail(err, KLX_USAGE, NULL,
                 "no region: use --region, AWS_REGION, or region in the profile \"%s\"",
                 s->profile ? s->profile : "default");
        klx_client_free(c);
        return NULL;
    }
    c->region = xstrdup(s->region);
    struct endpoint_params ep = {s->region, s->use_fips, s->use_dualstack, s->endpoint_url};
    struct buf url = BUF_INIT, why = BUF_INIT;
    if (endpoint_resolve(&ep, &url, &why) != 0) {
        api_fail(err, KLX_USAGE, NULL, "cannot find the endpoint: %s", buf_cstr(&why));
        buf_free(&url);
        buf_free(&why);
        klx_client_free(c);
        return NULL;
    }
    int bad = api_parse_endpoint(c, buf_cstr(&url), err);
    buf_free(&url);
    buf_free(&why);
    if (bad) {
        klx_client_free(c);
        return NULL;
    }
    struct http_options ho = {
        .ca_bundle = s->ca_bundle,
        .connect_timeout_ms = (long)(s->connect_timeout * 1000),
        .timeout_ms = (long)(s->read_timeout * 1000),
        .debug = s->debug,
    };
    c->http = http_client_new(&ho);
    if (!c->http) {
        api_fail(err, KLX_UNREACHABLE, NULL, "cannot start the HTTP client");
        klx_client_free(c);
        return NULL;
    }
    return c;
}

/* Remember which cached session the keys are, so that a refusal can drop it. */
static void api_note_cached(struct klx_client *c, const struct klx_settings *s)
{
    c->keyring = s->keyring;
    if (c->creds.source == creds_cache_source_role)
        creds_role_cache_name(s, s->profile, c->cache_entry);
    else if (c->creds.source == creds_cache_source_sso)
        creds_sso_cache_name(s, s->profile, c->cache_entry);
}

/* The service refused a cached session (expired early, revoked, a simulator restarted): drop it
   so that the next run gets a new one instead of failing the same way again. */
static void api_forget_cached(struct klx_client *c, struct api_error *err)
{
    if (!c->cache_entry[0])
        return;
    struct buf why = BUF_INIT;
    int r = creds_cache_forget(c->keyring, c->cache_entry, &why);
    char *m = xasprintf("%s\n(the cached session was %s%s; the next run gets a new one)",
                        err->message ? err->message : "",
                        r > 0 ? "dropped from the keyring" : "not dropped: ", buf_cstr(&why));
    free(err->message);
    err->message = m;
    c->cache_entry[0] = '\0';
    buf_free(&why);
}

struct klx_client *klx_client_new(const struct klx_settings *s, struct api_error *err)
{
    struct klx_client *c = api_client_base(s, err);
    if (!c)
        return NULL;
    struct buf why = BUF_INIT;
    enum creds_result r = creds_resolve(s, &c->creds, &why);
    if (r != CREDS_FOUND) {
        api_fail(err, KLX_NO_CREDENTIALS, NULL, "no usable credentials:\n%s", buf_cstr(&why));
        buf_free(&why);
        klx_client_free(c);
        return NULL;
    }
    buf_free(&why);
    api_note_cached(c, s);
    return c;
}

struct klx_client *klx_client_new_with_creds(const struct klx_settings *s,
                                             const struct aws_creds *creds, struct api_error *err)
{
    struct klx_client *c = api_client_base(s, err);
    if (c) {
        aws_creds_copy(&c->creds, creds);
        api_note_cached(c, s);
    }
    return c;
}

void klx_client_free(struct klx_client *c)
{
    if (!c)
        return;
    http_client_free(c->http);
    aws_creds_clear(&c->creds);
    FREE_ALL(c->endpoint, c->host, c->base_path, c->region, c);
}

void klx_client_set_progress(struct klx_client *c, api_progress_fn fn, void *ctx)
{
    c->progress = fn;
    c->progress_ctx = ctx;
}

const char *klx_client_endpoint(const struct klx_client *c)
{
    return c->endpoint;
}

const char *klx_client_creds_source(const struct klx_client *c)
{
    return c->creds.source ? c->creds.source : "given";
}

/* A uniform random number in [0, 1) from OpenSSL's generator. */
static double api_random_unit(void)
{
    uint32_t r = 0;
    if (RAND_bytes((unsigned char *)&r, sizeof r) != 1)
        r = (uint32_t)rand();
    return r / 4294967296.0;
}

void api_new_client_token(char out[37])
{
    if (uuid_v4(out) != 0) {
        /* Without a random source a token could collide; refuse rather than guess. */
        fputs("klaxon: no random numbers for the clientToken\n", stderr);
        abort();
    }
}

/* Error codes the standard retry mode treats as throttling or transient. */
static const char *const api_retryable_codes[] = {"Throttling",
                                                  "ThrottlingException",
                                                  "ThrottledException",
                                                  "RequestThrottledException",
                                                  "TooManyRequestsException",
                                                  "ProvisionedThroughputExceededException",
                                                  "TransactionInProgressException",
                                                  "RequestLimitExceeded",
                                                  "BandwidthLimitExceeded",
                                                  "LimitExceededException",
                                                  "RequestThrottled",
                                                  "SlowDown",
                                                  "PriorRequestNotComplete",
                                                  "EC2ThrottledException",
                                                  "RequestTimeout",
                                                  "RequestTimeoutException",
                                                  NULL};

/* A refused signature or key means the credentials are not usable: exit 3, not 4. */
static const char *const api_credentials_codes[] = {"UnrecognizedClientException",
                                                    "InvalidSignatureException",
                                                    "ExpiredTokenException",
                                                    "MissingAuthenticationTokenException",
                                                    "InvalidClientTokenId",
                                                    "SignatureDoesNotMatch",
                                                    NULL};

/* Is code one of the NULL-terminated codes? */
static bool api_code_in(const char *code, const char *const *codes)
{
    for (size_t i = 0; codes[i]; i++)
        if (!strcmp(code, codes[i]))
            return true;
    return false;
}

/* Fill err from a non-2xx reply: code from x-amzn-ErrorType, __type or code; message from
   message or Message. Sets *retry when the standard mode would try again. */
static void api_parse_error(const struct http_response *r, struct api_error *err, bool *retry)
{
    char code[sizeof err->code] = "";
    const char *msg = NULL;
    json_t *j = json_loadb(r->body.data ? r->body.data : "", r->body.len, 0, NULL);
    if (r->error_type[0]) {
        snprintf(code, sizeof code, "%.*s", (int)strcspn(r->error_type, ":"), r->error_type);
    } else if (json_is_object(j)) {
        const char *t = json_string_value(json_object_get(j, "__type"));
        if (!t)
            t = json_string_value(json_object_get(j, "code"));
        if (t) {
            const char *hash = strrchr(t, '#');
            snprintf(code, sizeof code, "%.*s", (int)strcspn(hash ? hash + 1 : t, ":"),
                     hash ? hash + 1 : t);
        }
    }
    if (json_is_object(j)) {
        msg = json_string_value(json_object_get(j, "message"));
        if (!msg)
            msg = json_string_value(json_object_get(j, "Message"));
    }
    long st = r->status;
    *retry =
        api_code_in(code, api_retryable_codes) || st == 500 || st == 502 || st == 503 || st == 504;
    enum klx_status ks =
        api_code_in(code, api_credentials_codes) ? KLX_NO_CREDENTIALS : KLX_REFUSED;
    /* The message is the server's to choose, up to the 16 MiB reply: a screenful at most. */
    if (msg)
        api_fail(err, ks, code, "%.1000s%s", msg, strlen(msg) > 1000 ? "..." : "");
    else
        api_fail(err, ks, code, "HTTP %ld with %s", st,
                 r->body.len ? "a reply that is not an AWS error" : "an empty reply");
    err->http_status = st;
    snprintf(err->request_id, sizeof err->request_id, "%s", r->request_id);
    json_decref(j);
}

struct api_call {
    const char *method;
    const char *op_path; /* "/startIncident" */
    const char *query;   /* already encoded, or NULL */
    const char *body;    /* NULL for GET */
};

/* Sign one attempt (fresh X-Amz-Date) and send exactly the signed bytes. */
static enum http_result api_attempt(struct klx_client *c, const struct api_call *call,
                                    struct http_response *resp, struct buf *werr)
{
    char amz_date[17];
    sigv4_format_date((long long)time(NULL), amz_date);
    char *path = xasprintf("%s%s", c->base_path, call->op_path);
    size_t body_len = call->body ? strlen(call->body) : 0;
    struct sigv4_header h[5];
    size_t n = 0;
    if (call->body)
        h[n++] = (struct sigv4_header){"Content-Type", "application/json"};
    h[n++] = (struct sigv4_header){"Host", c->host};
    h[n++] = (struct sigv4_header){"X-Amz-Date", amz_date};
    if (c->creds.session_token && *c->creds.session_token)
        h[n++] = (struct sigv4_header){"X-Amz-Security-Token", c->creds.session_token};
    struct sigv4_request req = {call->method, path, call->query, h, n, call->body, body_len};
    struct sigv4_params p = {c->creds.access_key_id,
                             c->creds.secret_access_key,
                             c->creds.session_token,
                             c->region,
                             API_SERVICE,
                             amz_date,
                             true};
    struct buf authz = BUF_INIT;
    enum http_result r = HTTP_EOTHER;
    if (sigv4_authorization(&req, &p, &authz) != 0) {
        buf_puts(werr, "cannot sign the request");
    } else {
        h[n++] = (struct sigv4_header){"Authorization", buf_cstr(&authz)};
        char *url = call->query && *call->query
                        ? xasprintf("%s%s?%s", c->endpoint, call->op_path, call->query)
                        : xasprintf("%s%s", c->endpoint, call->op_path);
        r = http_send(c->http, call->method, url, h, n, call->body, body_len, resp, werr);
        free(url);
    }
    buf_wipe_free(&authz);
    free(path);
    return r;
}

double api_backoff_delay(int attempt, double unit)
{
    if (unit < 0 || unit >= 1)
        unit = 0;
    return unit * fmin(pow(2.0, attempt - 1), API_DELAY_CAP);
}

/* Sleep the backoff in slices, letting the caller watch and cancel. */
static int api_backoff(struct klx_client *c, int next, double delay, const struct api_error *e)
{
    double left = delay;
    do {
        if (c->progress && c->progress(c->progress_ctx, next, c->max_attempts, left, e))
            return -1;
        double step = left < 0.2 ? left : 0.2;
        struct timespec ts = {(time_t)step, (long)((step - (time_t)step) * 1e9)};
        nanosleep(&ts, NULL);
        left -= step;
    } while (left > 1e-9);
    return 0;
}

/* One operation with the standard retry mode: at most max_attempts, jittered backoff
   random(0,1) x min(2^(attempt-1), 20) s, the same body (and clientToken) every time. */
static int api_invoke(struct klx_client *c, const struct api_call *call, json_t **out,
                      struct api_error *err)
{
    struct http_response resp;
    http_response_init(&resp);
    memset(err, 0, sizeof *err);
    *out = NULL;
    for (int attempt = 1;; attempt++) {
        struct buf werr = BUF_INIT;
        bool retry = false;
        err->attempts = attempt;
        enum http_result hr = api_attempt(c, call, &resp, &werr);
        if (hr == HTTP_OK && resp.status >= 200 && resp.status < 300) {
            json_error_t je;
            json_t *j =
                resp.body.len ? json_loadb(resp.body.data, resp.body.len, 0, &je) : json_object();
            if (json_is_object(j)) {
                *out = j;
                /* Kept for a reply that is well-formed JSON but not an answer (api_shape). */
                snprintf(err->request_id, sizeof err->request_id, "%s", resp.request_id);
                err->http_status = resp.status;
                buf_free(&werr);
                http_response_free(&resp);
                return 0;
            }
            json_decref(j);
            api_fail(err, KLX_UNREACHABLE, NULL,
                     "the service answered HTTP %ld with a reply that is not a JSON object",
                     resp.status);
            snprintf(err->request_id, sizeof err->request_id, "%s", resp.request_id);
            err->http_status = resp.status;
        } else if (hr == HTTP_OK) {
            api_parse_error(&resp, err, &retry);
        } else {
            retry = hr == HTTP_ECONNECT || hr == HTTP_ETIMEOUT;
            api_fail(err, KLX_UNREACHABLE, NULL, "%s: %s", c->endpoint, buf_cstr(&werr));
            err->http_status = 0;
        }
        buf_free(&werr);
        if (!retry || attempt >= c->max_attempts) {
            /* A retryable failure that outlived every attempt is "kept failing": exit 5. */
            if (retry)
                err->status = KLX_UNREACHABLE;
            if (err->status == KLX_NO_CREDENTIALS)
                api_forget_cached(c, err);
            http_response_free(&resp);
            return err->status;
        }
        double delay = api_backoff_delay(attempt, api_random_unit());
        if (c->debug)
            fprintf(stderr,
                    "klaxon debug: attempt %d of %d failed; backoff %.3f s (bound %.0f s)\n",
                    attempt, c->max_attempts, delay, fmin(pow(2.0, attempt - 1), API_DELAY_CAP));
        if (api_backoff(c, attempt + 1, delay, err) != 0) {
            char last[sizeof err->code]; /* api_fail writes err->code: no overlapping copy */
            snprintf(last, sizeof last, "%s", err->code);
            api_fail(err, KLX_CANCELLED, last, "cancelled after %d attempt%s", attempt,
                     attempt == 1 ? "" : "s");
            http_response_free(&resp);
            return KLX_CANCELLED;
        }
    }
}

int api_post(struct klx_client *c, const char *op_path, const json_t *body, json_t **out,
             struct api_error *err)
{
    char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text) {
        memset(err, 0, sizeof *err);
        api_fail(err, KLX_USAGE, NULL, "the request cannot be encoded as JSON");
        return KLX_USAGE;
    }
    struct api_call call = {"POST", op_path, NULL, text};
    int rc = api_invoke(c, &call, out, err);
    free(text);
    return rc;
}

int api_get_arn(struct klx_client *c, const char *op_path, const char *arn, json_t **out,
                struct api_error *err)
{
    struct buf q = BUF_INIT;
    buf_puts(&q, "arn=");
    sigv4_uri_encode(&q, arn, strlen(arn), true);
    struct api_call call = {"GET", op_path, buf_cstr(&q), NULL};
    int rc = api_invoke(c, &call, out, err);
    buf_free(&q);
    return rc;
}
