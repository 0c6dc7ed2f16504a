/* libcurl transport (loaded on first use: client/curl_dl.h): one handle reused across calls
   (keep-alive), TLS verification always on. */
#include "client/http.h"

#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "client/curl_dl.h"
#include "core/file.h"
#include "core/printable.h"
#include "core/secmem.h"
#include "core/xalloc.h"

/* A service reply larger than this is not an Incident Manager reply; refuse rather than grow. */
#define HTTP_MAX_REPLY (16u * 1024u * 1024u)
/* Nor are this many header bytes (curl's own cap is larger and version-dependent). */
#define HTTP_MAX_HEADERS (64u * 1024u)

struct http_client {
    CURL *curl;
    struct http_options opt;
    char *ca_bundle;
};

struct http_client *http_client_new(const struct http_options *opt)
{
    /* Loads libcurl and runs curl_global_init() once, before any thread uses a handle. */
    struct buf err = BUF_INIT;
    int loaded = curl_dl_load(&err);
    buf_free(&err);
    if (loaded != 0)
        return NULL;
    CURL *curl = curl_easy_init();
    if (!curl)
        return NULL;
    struct http_client *h = xcalloc(1, sizeof *h);
    h->opt = *opt;
    h->ca_bundle = opt->ca_bundle ? xstrdup(opt->ca_bundle) : NULL;
    h->curl = curl;
    return h;
}

void http_client_free(struct http_client *h)
{
    if (!h)
        return;
    curl_easy_cleanup(h->curl);
    FREE_ALL(h->ca_bundle, h);
}

void http_response_init(struct http_response *r)
{
    memset(r, 0, sizeof *r);
    buf_init(&r->body);
}

void http_response_free(struct http_response *r)
{
    buf_free(&r->body);
    http_response_init(r);
}

static size_t http_on_body(char *p, size_t size, size_t n, void *ud)
{
    struct http_response *r = ud;
    size_t len = size * n;
    if (r->body.len + len > HTTP_MAX_REPLY)
        return 0; /* makes curl fail with CURLE_WRITE_ERROR, reported as too big */
    buf_append(&r->body, p, len);
    return len;
}

/* Copy a header's value (trimmed) into dst if the line is "name: value". */
static void http_take_header(const char *line, size_t len, const char *name, char *dst,
                             size_t dstlen)
{
    size_t nl = strlen(name);
    if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
        return;
    const char *v = line + nl + 1;
    const char *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    size_t vl = (size_t)(end - v);
    if (vl >= dstlen)
        vl = dstlen - 1;
    memcpy(dst, v, vl);
    dst[vl] = '\0';
}

static size_t http_on_header(char *p, size_t size, size_t n, void *ud)
{
    struct http_response *r = ud;
    size_t len = size * n;
    /* Headers of every response curl reads (1xx too) count: the server chooses how many. */
    r->header_bytes += len;
    if (r->header_bytes > HTTP_MAX_HEADERS)
        return 0; /* curl fails with CURLE_WRITE_ERROR, reported as too big */
    http_take_header(p, len, "x-amzn-RequestId", r->request_id, sizeof r->request_id);
    http_take_header(p, len, "x-amzn-ErrorType", r->error_type, sizeof r->error_type);
    return len;
}

/* --debug: what is sent, with the signature and session token cut out. */
static void http_debug_request(const char *method, const char *url,
                               const struct sigv4_header *headers, size_t n, const void *body,
                               size_t body_len)
{
    fprintf(stderr, "klaxon debug: %s %s\n", method, url);
    for (size_t i = 0; i < n; i++) {
        const char *v = headers[i].value;
        if (!strcasecmp(headers[i].name, "x-amz-security-token"))
            v = "<redacted>";
        if (!strcasecmp(headers[i].name, "authorization")) {
            const char *sig = strstr(v, "Signature=");
            int keep = sig ? (int)(sig - v) : 0;
            fprintf(stderr, "klaxon debug:   %s: %.*sSignature=<redacted>\n", headers[i].name, keep,
                    v);
            continue;
        }
        fprintf(stderr, "klaxon debug:   %s: %s\n", headers[i].name, v);
    }
    if (body_len) {
        /* The body quotes files and typed text: escaped like the server's words. */
        struct buf b = BUF_INIT;
        printable_append(&b, body, body_len, PRINTABLE_TEXT);
        fprintf(stderr, "klaxon debug:   body: %s\n", buf_cstr(&b));
        buf_free(&b);
    }
}

/* --debug: what came back, the server's bytes escaped (core/printable.h). */
static void http_debug_reply(const struct http_response *resp)
{
    struct buf b = BUF_INIT;
    const char *id = resp->request_id[0] ? resp->request_id : "-";
    printable_append(&b, id, strlen(id), PRINTABLE_TEXT);
    buf_printf(&b, ", %zu bytes: ", resp->body.len);
    printable_append(&b, buf_cstr(&resp->body), resp->body.len > 2000 ? 2000 : resp->body.len,
                     PRINTABLE_TEXT);
    fprintf(stderr, "klaxon debug:   -> HTTP %ld, request id %s\n", resp->status, buf_cstr(&b));
    buf_free(&b);
}

static enum http_result http_classify(CURLcode rc)
{
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        return HTTP_ETIMEOUT;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return HTTP_ECONNECT;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
        return HTTP_ETLS;
    case CURLE_WRITE_ERROR:
        return HTTP_ETOOBIG;
    default:
        return HTTP_EOTHER;
    }
}

static void http_setup(struct http_client *h, const char *method, const char *url,
                       struct curl_slist *hdrs, const void *body, size_t body_len,
                       struct http_response *resp, char *errbuf)
{
    CURL *c = h->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    /* Verification is never switched off; a private CA comes in through --ca-bundle. */
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (h->ca_bundle)
        curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_bundle);
    /* A negative limit is the CLI's "0": none (curl's 0 connect limit would still be 300 s). */
    long conn = h->opt.connect_timeout_ms, total = h->opt.timeout_ms;
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, conn < 0 ? LONG_MAX : conn ? conn : 10000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, total < 0 ? 0L : total ? total : 60000L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, http_on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, resp);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "klaxon/" KLX_VERSION);
    if (!strcmp(method, "GET")) {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
        if (strcmp(method, "POST") != 0)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    }
}

enum http_result http_send(struct http_client *h, const char *method, const char *url,
                           const struct sigv4_header *headers, size_t nheaders, const void *body,
                           size_t body_len, struct http_response *resp, struct buf *err)
{
    /* libcurl (for https only) would open a FIFO given as the CA bundle and wait for a writer
       for ever; a missing bundle gets the same class of error curl would give. */
    if (h->ca_bundle && !strncasecmp(url, "https:", 6)) {
        struct buf why = BUF_INIT;
        int bad = file_check_regular(h->ca_bundle, &why);
        if (bad)
            buf_printf(err, "the CA bundle: %s", buf_cstr(&why));
        buf_free(&why);
        if (bad)
            return HTTP_ETLS;
    }
    struct curl_slist *hdrs = NULL;
    struct buf line = BUF_INIT;
    for (size_t i = 0; i < nheaders; i++) {
        buf_reset(&line);
        buf_printf(&line, "%s: %s", headers[i].name, headers[i].value);
        hdrs = curl_slist_append(hdrs, buf_cstr(&line));
    }
    /* curl would add these on its own; they are not signed, so keep the wire exact. */
    hdrs = curl_slist_append(hdrs, "Expect:");
    if (!body_len)
        hdrs = curl_slist_append(hdrs, "Content-Type:");
    buf_wipe_free(&line); /* held the security token */

    if (h->opt.debug)
        http_debug_request(method, url, headers, nheaders, body, body_len);

    char errbuf[CURL_ERROR_SIZE] = "";
    http_response_free(resp);
    http_setup(h, method, url, hdrs, body, body_len, resp, errbuf);
    CURLcode rc = curl_easy_perform(h->curl);
    /* The list holds the Authorization and security-token lines: wipe before freeing. */
    for (struct curl_slist *l = hdrs; l; l = l->next)
        secmem_wipe(l->data, strlen(l->data));
    curl_slist_free_all(hdrs);
    curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);

    if (rc != CURLE_OK) {
        enum http_result r = http_classify(rc);
        buf_printf(err, "%s",
                   r == HTTP_ETOOBIG ? "the reply was larger than 16 MiB (or its headers than 64 KiB)"
                   : *errbuf         ? errbuf
                                     : curl_easy_strerror(rc));
        if (h->opt.debug)
            fprintf(stderr, "klaxon debug:   transport error: %s\n", buf_cstr(err));
        return r;
    }
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &resp->status);
    if (h->opt.debug)
        http_debug_reply(resp);
    return HTTP_OK;
}
