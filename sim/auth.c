/* SigV4 verification for the simulator: rebuild what arrived with the client's signer, compare. */
#include "sim/auth.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/sigv4.h"
#include "core/buf.h"
#include "core/secmem.h"
#include "core/xalloc.h"

#define SIM_SERVICE "ssm-incidents"

/* Each verdict: its name in the request log, and the code STS refuses it with. */
static const struct {
    const char *name, *sts_code;
} sigs[] = {
    [SIM_SIG_VALID] = {"valid", NULL},
    [SIM_SIG_MISSING] = {"missing", "MissingAuthenticationToken"},
    [SIM_SIG_MALFORMED] = {"malformed", "IncompleteSignature"},
    [SIM_SIG_UNKNOWN_KEY] = {"unknown-key", "InvalidClientTokenId"},
    [SIM_SIG_BAD_TOKEN] = {"invalid-token", "InvalidClientTokenId"},
    [SIM_SIG_INVALID] = {"invalid", "SignatureDoesNotMatch"},
    [SIM_SIG_EXPIRED] = {"expired", "SignatureDoesNotMatch"},
};

const char *sim_sig_name(enum sim_sig v)
{
    if ((size_t)v < sizeof sigs / sizeof sigs[0] && sigs[v].name)
        return sigs[v].name;
    return "unknown";
}

const char *sim_sig_sts_code(enum sim_sig v)
{
    return (size_t)v < sizeof sigs / sizeof sigs[0] ? sigs[v].sts_code : NULL;
}

static const char mismatch_text[] =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";
static const char bad_token_text[] = "The security token included in the request is invalid.";

static void refuse(struct sim_auth_result *out, enum sim_sig v, int status, const char *code,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void refuse(struct sim_auth_result *out, enum sim_sig v, int status, const char *code,
                   const char *fmt, ...)
{
    out->verdict = v;
    out->status = status;
    out->code = code;
    free(out->message);
    va_list ap;
    va_start(ap, fmt);
    out->message = xvasprintf(fmt, ap);
    va_end(ap);
}

/* A short printable copy of a client-supplied value, for error messages. */
static void printable(char *dst, size_t cap, const char *s)
{
    size_t n = 0;
    for (; s && *s && n + 1 < cap; s++)
        dst[n++] = isprint((unsigned char)*s) ? *s : '?';
    dst[n] = '\0';
}

static const struct sim_auth_key *find_key(const struct sim_auth_key *keys, size_t nkeys,
                                           const char *akid, int *index)
{
    for (size_t i = 0; i < nkeys; i++) {
        if (strcmp(keys[i].access_key_id, akid) == 0) {
            *index = (int)i;
            return &keys[i];
        }
    }
    return NULL;
}

static bool same_secret(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && CRYPTO_memcmp(a, b, n) == 0;
}

/* A header's value as a receiver must read it: every instance, joined with commas in arrival
   order (RFC 9110 section 5.3), as SigV4 canonicalises it too. So a second Authorization,
   X-Amz-Date or X-Amz-Security-Token makes the value unparsable or wrong, never a choice
   between two. NULL when absent. */
static const char *joined_header(const struct sim_request *req, const char *name, struct buf *b)
{
    bool found = false;
    for (size_t i = 0; i < req->nheaders; i++) {
        if (!req->headers[i].name || strcasecmp(req->headers[i].name, name) != 0)
            continue;
        if (found)
            buf_putc(b, ',');
        buf_puts(b, req->headers[i].value ? req->headers[i].value : "");
        found = true;
    }
    return found ? buf_cstr(b) : NULL;
}

/* The session token must be present exactly when the key has one, and match it. */
static bool token_ok(const struct sim_auth_key *key, const struct sim_request *req)
{
    struct buf b = BUF_INIT;
    const char *sent = joined_header(req, "x-amz-security-token", &b);
    bool ok = key->session_token ? sent && same_secret(sent, key->session_token) : sent == NULL;
    buf_wipe_free(&b);
    return ok;
}

/* Collect, in arrival order, every received header named in SignedHeaders. Returns the name of
   a signed header that did not arrive, or NULL when all did. */
static const char *signed_headers(const struct sim_request *req, const char *list,
                                  struct sigv4_header **out, size_t *n, char *missing, size_t cap)
{
    *out = NULL;
    *n = 0;
    size_t alloc = 0;
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        bool found = false;
        for (size_t i = 0; i < req->nheaders; i++) {
            const char *name = req->headers[i].name;
            if (!name || strlen(name) != len || strncasecmp(name, p, len) != 0)
                continue;
            if (*n == alloc) {
                alloc = alloc ? alloc * 2 : 8;
                *out = xreallocarray(*out, alloc, sizeof **out);
            }
            (*out)[*n].name = name;
            (*out)[*n].value = req->headers[i].value ? req->headers[i].value : "";
            (*n)++;
            found = true;
        }
        if (!found) {
            snprintf(missing, cap, "%.*s", (int)(len < 100 ? len : 100), p);
            return missing;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return NULL;
}

/* The canonical request for an error message, with the session token's value hidden. */
static void redacted_creq(struct buf *dst, const char *creq)
{
    const char *p = creq;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        if (strncmp(p, "x-amz-security-token:", 21) == 0)
            buf_puts(dst,
                     nl ? "x-amz-security-token:(redacted)\n" : "x-amz-security-token:(redacted)");
        else
            buf_append(dst, p, len);
        p += len;
    }
}

static bool check_date(const char *amz_date, const struct sigv4_authz *a, double now,
                       struct sim_auth_result *out)
{
    char shown[48];
    printable(shown, sizeof shown, amz_date);
    long long t;
    if (sigv4_parse_date(amz_date, &t) != 0) {
        refuse(out, SIM_SIG_MALFORMED, 400, "IncompleteSignatureException",
               "Date must be in ISO-8601 'basic format'. Got '%s'. See "
               "http://en.wikipedia.org/wiki/ISO_8601",
               shown);
        return false;
    }
    char nowd[17], edge[17];
    long long n = (long long)now;
    sigv4_format_date(n, nowd);
    if ((double)t < now - SIM_AUTH_MAX_SKEW) {
        sigv4_format_date(n - SIM_AUTH_MAX_SKEW, edge);
        refuse(out, SIM_SIG_EXPIRED, 403, "InvalidSignatureException",
               "Signature expired: %s is now earlier than %s (%s - 15 min.)", shown, edge, nowd);
        return false;
    }
    if ((double)t > now + SIM_AUTH_MAX_SKEW) {
        sigv4_format_date(n + SIM_AUTH_MAX_SKEW, edge);
        refuse(out, SIM_SIG_EXPIRED, 403, "InvalidSignatureException",
               "Signature not yet current: %s is still later than %s (%s + 15 min.)", shown, edge,
               nowd);
        return false;
    }
    if (strncmp(a->date, amz_date, 8) != 0) {
        char scope[16];
        printable(scope, sizeof scope, a->date);
        refuse(out, SIM_SIG_INVALID, 403, "InvalidSignatureException",
               "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
               "from HTTP: '%s' != '%.8s', from 'X-Amz-Date'.",
               scope, shown);
        return false;
    }
    return true;
}

static bool signs(const char *signed_headers, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = signed_headers; *p;) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncasecmp(p, name, n) == 0)
            return true;
        p += len + (end ? 1 : 0);
    }
    return false;
}

/* A region as AWS names them: "us-east-1", "us-gov-west-1", "eu-central-2". */
static bool region_ok(const char *r)
{
    size_t words = 0, len = strlen(r);
    if (len < 6 || len > 30 || r[len - 1] < '0' || r[len - 1] > '9')
        return false;
    for (const char *p = r; *p;) {
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
        if (n == 0)
            return false;
        words++;
        p += n;
        if (*p == '-' && p[1])
            p++;
        else if (*p)
            return false;
    }
    return words >= 3;
}

/* What the service requires of the scope and of SignedHeaders before it looks at the signature:
   its own service name, a real region, and host, x-amz-date and (when sent) the session token
   inside the signature, so that none of them can be changed in transit. */
static bool check_scope(const struct sigv4_authz *a, const char *service, bool token_sent,
                        struct sim_auth_result *out)
{
    if (strcmp(a->service, service) != 0) {
        refuse(out, SIM_SIG_INVALID, 403, "InvalidSignatureException",
               "Credential should be scoped to correct service: '%s'.", service);
        return false;
    }
    if (!region_ok(a->region)) {
        char shown[64];
        printable(shown, sizeof shown, a->region);
        refuse(out, SIM_SIG_INVALID, 403, "InvalidSignatureException",
               "Credential should be scoped to a valid region, not '%s'.", shown);
        return false;
    }
    const char *missing = !signs(a->signed_headers, "host")         ? "'Host' or ':authority'"
                          : !signs(a->signed_headers, "x-amz-date") ? "'X-Amz-Date'"
                          : token_sent && !signs(a->signed_headers, "x-amz-security-token")
                              ? "'X-Amz-Security-Token'"
                              : NULL;
    if (missing) {
        refuse(out, SIM_SIG_INVALID, 403, "InvalidSignatureException",
               "%s must be a 'SignedHeader' in the AWS Authorization.", missing);
        return false;
    }
    return true;
}

/* Rebuild the request from what arrived and compare signatures in constant time. */
static void check_signature(const struct sim_auth_key *key, const struct sim_request *req,
                            const char *path, const char *query, const char *amz_date,
                            const struct sigv4_authz *a, struct sim_auth_result *out)
{
    struct sigv4_header *hdrs;
    size_t nh;
    char missing[128];
    if (signed_headers(req, a->signed_headers, &hdrs, &nh, missing, sizeof missing)) {
        char shown[128];
        printable(shown, sizeof shown, missing);
        refuse(out, SIM_SIG_INVALID, 403, "InvalidSignatureException",
               "%s (signed header '%s' is not in the request)", mismatch_text, shown);
        free(hdrs);
        return;
    }
    struct sigv4_request r = {
        .method = req->method,
        .path = path,
        .query = query,
        .headers = hdrs,
        .nheaders = nh,
        .body = req->body ? req->body : "",
        .body_len = req->body_len,
    };
    struct sigv4_params p = {
        .access_key_id = key->access_key_id,
        .secret_access_key = key->secret_access_key,
        .session_token = key->session_token,
        .region = a->region,
        .service = a->service,
        .amz_date = amz_date,
        .normalize_path = true,
    };
    struct buf creq = BUF_INIT, sh = BUF_INIT, sts = BUF_INIT;
    char sig[65] = "";
    bool ok = sigv4_canonical_request(&r, &p, &creq, &sh) == 0 &&
              sigv4_string_to_sign(buf_cstr(&creq), &p, &sts) == 0 &&
              sigv4_signature(buf_cstr(&sts), &p, sig) == 0;
    bool match = ok && strcmp(buf_cstr(&sh), a->signed_headers) == 0 &&
                 strlen(a->signature) == 64 && CRYPTO_memcmp(sig, a->signature, 64) == 0;
    if (!match) {
        struct buf m = BUF_INIT;
        buf_puts(&m, mismatch_text);
        if (ok) {
            /* As the real service does: show the canonical forms so a signer can be debugged. */
            buf_puts(&m, "\n\nThe Canonical String for this request should have been\n'");
            redacted_creq(&m, buf_cstr(&creq));
            buf_puts(&m, "'\n\nThe String-to-Sign should have been\n'");
            buf_puts(&m, buf_cstr(&sts));
            buf_puts(&m, "'\n");
        }
        refuse(out, SIM_SIG_INVALID, 403, "InvalidSignatureException", "%s", buf_cstr(&m));
        buf_free(&m);
    }
    OPENSSL_cleanse(sig, sizeof sig);
    buf_wipe_free(&creq); /* it may hold the session token */
    buf_free(&sh);
    buf_free(&sts);
    free(hdrs);
}

static bool parse_authz(const struct sim_request *req, struct sigv4_authz *a,
                        struct sim_auth_result *out)
{
    struct buf hv = BUF_INIT, why = BUF_INIT;
    const char *authz = joined_header(req, "authorization", &hv);
    bool ok = false;
    if (!authz || !*authz) {
        refuse(out, SIM_SIG_MISSING, 403, "MissingAuthenticationTokenException",
               "Missing Authentication Token");
    } else if (sigv4_parse_authorization(authz, a, &why) != 0) {
        refuse(out, SIM_SIG_MALFORMED, 400, "IncompleteSignatureException",
               "Authorization header is not a valid AWS Signature Version 4 header (%s). It must "
               "look like 'AWS4-HMAC-SHA256 Credential=AKID/YYYYMMDD/REGION/" SIM_SERVICE
               "/aws4_request, SignedHeaders=host;x-amz-date, Signature=HEX'.",
               why.len ? buf_cstr(&why) : "unparsable");
    } else {
        ok = true;
    }
    buf_free(&why);
    buf_free(&hv);
    return ok;
}

void sim_auth_verify(const struct sim_auth_key *keys, size_t nkeys, const struct sim_request *req,
                     const char *path, const char *query, double now, struct sim_auth_result *out)
{
    sim_auth_verify_service(SIM_SERVICE, keys, nkeys, req, path, query, now, out);
}

void sim_auth_verify_service(const char *service, const struct sim_auth_key *keys, size_t nkeys,
                             const struct sim_request *req, const char *path, const char *query,
                             double now, struct sim_auth_result *out)
{
    memset(out, 0, sizeof *out);
    out->verdict = SIM_SIG_VALID;
    out->key_index = -1;
    struct sigv4_authz a;
    memset(&a, 0, sizeof a);
    if (!parse_authz(req, &a, out))
        return;
    snprintf(out->access_key_id, sizeof out->access_key_id, "%s", a.access_key_id);
    snprintf(out->region, sizeof out->region, "%s", a.region);
    const struct sim_auth_key *key = find_key(keys, nkeys, a.access_key_id, &out->key_index);
    if (!key) {
        refuse(out, SIM_SIG_UNKNOWN_KEY, 403, "UnrecognizedClientException", "%s", bad_token_text);
        return;
    }
    struct buf dv = BUF_INIT;
    const char *amz_date = joined_header(req, "x-amz-date", &dv);
    if (!amz_date) {
        refuse(out, SIM_SIG_MALFORMED, 400, "IncompleteSignatureException",
               "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
               "header.");
    } else if (check_date(amz_date, &a, now, out) &&
               check_scope(&a, service, sim_header_get(req, "x-amz-security-token") != NULL, out)) {
        if (!token_ok(key, req))
            refuse(out, SIM_SIG_BAD_TOKEN, 403, "UnrecognizedClientException", "%s",
                   bad_token_text);
        else
            check_signature(key, req, path, query, amz_date, &a, out);
    }
    buf_free(&dv);
}

void sim_auth_key_clear(struct sim_auth_key *key)
{
    free(key->access_key_id);
    SECMEM_FREE_STRS(key->secret_access_key, key->session_token);
    memset(key, 0, sizeof *key);
}

void sim_auth_result_free(struct sim_auth_result *r)
{
    free(r->message);
    r->message = NULL;
}
