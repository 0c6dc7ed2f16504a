/* AWS Signature Version 4 (header signing) in stages, plus the parsers a verifying server needs. */
#include "client/sigv4.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/hex.h"
#include "core/secmem.h"
#include "core/xalloc.h"

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"
/* An Authorization value longer than this is not something a real client sends. */
#define SIGV4_AUTHZ_MAX 4096

/* ---- small helpers ---------------------------------------------------------------------- */

static int sha256_hex(const void *p, size_t n, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    static const char empty = 0;
    if (!EVP_Digest(p ? p : &empty, n, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
        return -1;
    hex_lower(md, 32, out);
    return 0;
}

static int hmac_sha256(const void *key, size_t keylen, const void *msg, size_t msglen,
                       unsigned char out[32])
{
    unsigned int outlen = 0;
    if (keylen > INT32_MAX)
        return -1;
    if (!HMAC(EVP_sha256(), key, (int)keylen, msg, msglen, out, &outlen) || outlen != 32)
        return -1;
    return 0;
}

static bool is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

/* RFC 7230 tchar: what may appear in a header name. */
static bool is_tchar(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Characters allowed in an access key id: anything visible that cannot break the credential. */
static bool akid_char_ok(unsigned char c)
{
    return c > 0x20 && c < 0x7f && c != '/' && c != ',';
}

/* Region and service names: letters, digits, '-', '_', '.'. */
static bool scope_char_ok(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

static bool all_chars(const char *s, bool (*ok)(unsigned char))
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!ok((unsigned char)*s))
            return false;
    return true;
}

/* The parameters every stage after the canonical request needs. */
static bool scope_ok(const struct sigv4_params *p)
{
    long long epoch;
    return p && p->amz_date && sigv4_parse_date(p->amz_date, &epoch) == 0 &&
           all_chars(p->region, scope_char_ok) && all_chars(p->service, scope_char_ok);
}

/* ---- URI encoding ----------------------------------------------------------------------- */

void sigv4_uri_encode(struct buf *out, const char *s, size_t n, bool encode_slash)
{
    static const char digits[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_unreserved(c) || (c == '/' && !encode_slash)) {
            buf_putc(out, (char)c);
        } else {
            char esc[3] = {'%', digits[c >> 4], digits[c & 15]};
            buf_append(out, esc, 3);
        }
    }
}

/* Percent-decode (RFC 3986: '+' stays '+'); a '%' not followed by two hex digits stays. */
static void uri_decode(struct buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hex_digit(s[i + 1])) >= 0 &&
            (lo = hex_digit(s[i + 2])) >= 0) {
            buf_putc(out, (char)(hi << 4 | lo));
            i += 2;
        } else {
            buf_putc(out, s[i]);
        }
    }
}

/* ---- canonical URI ---------------------------------------------------------------------- */

/* Remove "." and ".." segments and empty segments (duplicate slashes), keeping a leading and a
   trailing slash, as botocore's remove_dot_segments does: AWS services expect exactly this. */
static void normalize_path(const char *path, struct buf *out)
{
    size_t n = strlen(path);
    const char **seg = xcalloc(n / 2 + 2, sizeof(*seg));
    size_t *seglen = xcalloc(n / 2 + 2, sizeof(*seglen));
    size_t nseg = 0;
    const char *p = path;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (nseg)
                nseg--;
        } else if (len > 0 && !(len == 1 && p[0] == '.')) {
            seg[nseg] = p;
            seglen[nseg++] = len;
        }
        p += len;
        if (*p == '/')
            p++;
    }
    if (path[0] == '/')
        buf_putc(out, '/');
    for (size_t i = 0; i < nseg; i++) {
        if (i)
            buf_putc(out, '/');
        buf_append(out, seg[i], seglen[i]);
    }
    if (n && path[n - 1] == '/' && nseg)
        buf_putc(out, '/');
    free(seg);
    free(seglen);
}

/* The path as sent is already URI-encoded once; SigV4 (all services but S3) encodes it again. */
static void canonical_uri(const char *path, bool normalize, struct buf *out)
{
    struct buf tmp = BUF_INIT;
    if (!path || !*path)
        path = "/";
    if (normalize) {
        normalize_path(path, &tmp);
        path = buf_cstr(&tmp);
        if (!*path)
            path = "/";
    }
    sigv4_uri_encode(out, path, strlen(path), false);
    buf_free(&tmp);
}

/* ---- canonical query -------------------------------------------------------------------- */

struct qparam {
    char *key; /* encoded */
    size_t keylen;
    char *value; /* encoded */
    size_t valuelen;
};

static int bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c)
        return c;
    return alen < blen ? -1 : alen > blen;
}

static int qparam_cmp(const void *a, const void *b)
{
    const struct qparam *x = a, *y = b;
    int c = bytes_cmp(x->key, x->keylen, y->key, y->keylen);
    return c ? c : bytes_cmp(x->value, x->valuelen, y->value, y->valuelen);
}

/* Decode then re-encode one key or value, so that it ends up encoded exactly once. */
static char *reencode(const char *s, size_t n, size_t *outlen)
{
    struct buf dec = BUF_INIT, enc = BUF_INIT;
    uri_decode(&dec, s, n);
    sigv4_uri_encode(&enc, dec.data ? dec.data : "", dec.len, true);
    buf_free(&dec);
    *outlen = enc.len;
    return buf_steal(&enc);
}

/* Parameters sorted by encoded key, then encoded value; "key" without '=' becomes "key=". */
static void canonical_query(const char *query, struct buf *out)
{
    if (!query || !*query)
        return;
    size_t cap = 1;
    for (const char *q = query; *q; q++)
        cap += *q == '&';
    struct qparam *params = xcalloc(cap, sizeof(*params));
    size_t np = 0;
    const char *p = query;
    while (*p) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > 0) {
            const char *eq = memchr(p, '=', len);
            size_t klen = eq ? (size_t)(eq - p) : len;
            struct qparam *qp = &params[np++];
            qp->key = reencode(p, klen, &qp->keylen);
            qp->value = eq ? reencode(eq + 1, len - klen - 1, &qp->valuelen) : xstrdup("");
            if (!eq)
                qp->valuelen = 0;
        }
        p += len;
        if (*p == '&')
            p++;
    }
    qsort(params, np, sizeof(*params), qparam_cmp);
    for (size_t i = 0; i < np; i++) {
        if (i)
            buf_putc(out, '&');
        buf_append(out, params[i].key, params[i].keylen);
        buf_putc(out, '=');
        buf_append(out, params[i].value, params[i].valuelen);
        free(params[i].key);
        free(params[i].value);
    }
    free(params);
}

/* ---- canonical headers ------------------------------------------------------------------ */

struct chdr {
    char *name; /* lower-case */
    const char *value;
    size_t order; /* position in the request: repeated headers keep their order */
};

static int chdr_cmp(const void *a, const void *b)
{
    const struct chdr *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static bool is_hspace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trim, and fold every run of whitespace (folded obs-fold lines included) into one space. */
static void put_trimmed_value(struct buf *out, const char *v)
{
    while (is_hspace(*v))
        v++;
    bool pending_space = false;
    for (; *v; v++) {
        if (is_hspace(*v)) {
            pending_space = true;
            continue;
        }
        if (pending_space)
            buf_putc(out, ' ');
        pending_space = false;
        buf_putc(out, *v);
    }
}

static int canonical_headers(const struct sigv4_request *req, struct buf *out,
                             struct buf *signed_headers)
{
    struct chdr *h = xcalloc(req->nheaders + 1, sizeof(*h));
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; i < req->nheaders; i++) {
        const char *name = req->headers[i].name, *value = req->headers[i].value;
        if (!value || !all_chars(name, is_tchar)) {
            rc = -1;
            break;
        }
        h[n].name = xstrdup(name);
        for (char *c = h[n].name; *c; c++)
            *c = ascii_lower(*c);
        h[n].value = value;
        h[n].order = i;
        n++;
    }
    if (rc == 0) {
        qsort(h, n, sizeof(*h), chdr_cmp);
        for (size_t i = 0; i < n; i++) {
            bool same = i > 0 && strcmp(h[i].name, h[i - 1].name) == 0;
            if (same) {
                buf_putc(out, ',');
            } else {
                if (i > 0)
                    buf_putc(out, '\n');
                buf_puts(out, h[i].name);
                buf_putc(out, ':');
                if (signed_headers->len)
                    buf_putc(signed_headers, ';');
                buf_puts(signed_headers, h[i].name);
            }
            put_trimmed_value(out, h[i].value);
        }
        if (n)
            buf_putc(out, '\n');
    }
    for (size_t i = 0; i < n; i++)
        free(h[i].name);
    free(h);
    return rc;
}

/* ---- the stages ------------------------------------------------------------------------- */

int sigv4_canonical_request(const struct sigv4_request *req, const struct sigv4_params *p,
                            struct buf *creq, struct buf *signed_headers)
{
    if (!req || !p || !creq || !signed_headers || !req->method || !*req->method ||
        (req->body_len && !req->body) || (req->nheaders && !req->headers))
        return -1;
    buf_reset(creq);
    buf_reset(signed_headers);
    buf_puts(creq, req->method);
    buf_putc(creq, '\n');
    canonical_uri(req->path, p->normalize_path, creq);
    buf_putc(creq, '\n');
    canonical_query(req->query, creq);
    buf_putc(creq, '\n');
    if (canonical_headers(req, creq, signed_headers) != 0) {
        buf_reset(creq);
        buf_reset(signed_headers);
        return -1;
    }
    buf_putc(creq, '\n');
    buf_puts(creq, buf_cstr(signed_headers));
    buf_putc(creq, '\n');
    char hash[65];
    if (sha256_hex(req->body, req->body_len, hash) != 0)
        return -1;
    buf_puts(creq, hash);
    return 0;
}

int sigv4_string_to_sign(const char *creq, const struct sigv4_params *p, struct buf *sts)
{
    char hash[65];
    if (!creq || !sts || !scope_ok(p) || sha256_hex(creq, strlen(creq), hash) != 0)
        return -1;
    buf_reset(sts);
    buf_printf(sts, SIGV4_ALGORITHM "\n%s\n%.8s/%s/%s/aws4_request\n%s", p->amz_date, p->amz_date,
               p->region, p->service, hash);
    return 0;
}

int sigv4_signature(const char *sts, const struct sigv4_params *p, char sig_hex[65])
{
    if (!sts || !sig_hex || !scope_ok(p) || !p->secret_access_key)
        return -1;
    /* Every intermediate here is as good as the secret: all of it is wiped. The key is built in
       one exact-size allocation so that no realloc leaves a copy behind. */
    size_t klen = 4 + strlen(p->secret_access_key);
    char *ksecret = xmalloc(klen);
    unsigned char k[32], sig[32];
    /* HMAC key bytes, not a string: no terminator wanted. */
    memcpy(ksecret, "AWS4", 4); // NOLINT(bugprone-not-null-terminated-result)
    memcpy(ksecret + 4, p->secret_access_key, klen - 4);
    int rc = hmac_sha256(ksecret, klen, p->amz_date, 8, k);
    secmem_wipe(ksecret, klen);
    free(ksecret);
    const char *steps[] = {p->region, p->service, "aws4_request"};
    for (size_t i = 0; rc == 0 && i < 3; i++)
        rc = hmac_sha256(k, sizeof(k), steps[i], strlen(steps[i]), k);
    if (rc == 0)
        rc = hmac_sha256(k, sizeof(k), sts, strlen(sts), sig);
    if (rc == 0)
        hex_lower(sig, sizeof(sig), sig_hex);
    secmem_wipe(k, sizeof(k));
    secmem_wipe(sig, sizeof(sig));
    return rc;
}

int sigv4_authorization(const struct sigv4_request *req, const struct sigv4_params *p,
                        struct buf *authz)
{
    if (!authz || !p || !all_chars(p->access_key_id, akid_char_ok))
        return -1;
    struct buf creq = BUF_INIT, sh = BUF_INIT, sts = BUF_INIT;
    char sig[65];
    int rc = sigv4_canonical_request(req, p, &creq, &sh);
    if (rc == 0)
        rc = sigv4_string_to_sign(buf_cstr(&creq), p, &sts);
    if (rc == 0)
        rc = sigv4_signature(buf_cstr(&sts), p, sig);
    if (rc == 0) {
        buf_reset(authz);
        buf_printf(authz,
                   SIGV4_ALGORITHM " Credential=%s/%.8s/%s/%s/aws4_request, SignedHeaders=%s, "
                                   "Signature=%s",
                   p->access_key_id, p->amz_date, p->region, p->service, buf_cstr(&sh), sig);
    }
    /* The canonical request may hold the session token. */
    buf_wipe_free(&creq);
    buf_free(&sh);
    buf_free(&sts);
    return rc;
}

/* ---- dates ------------------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static void put_digits(char *out, long long v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void sigv4_format_date(long long epoch, char out[17])
{
    /* Four-digit years only: 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z. */
    const long long lo = -62167219200LL, hi = 253402300799LL;
    if (epoch < lo)
        epoch = lo;
    if (epoch > hi)
        epoch = hi;
    long long days = epoch >= 0 ? epoch / 86400 : -((-epoch + 86399) / 86400);
    long long secs = epoch - days * 86400;
    long long y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    put_digits(out, y, 4);
    put_digits(out + 4, m, 2);
    put_digits(out + 6, d, 2);
    out[8] = 'T';
    put_digits(out + 9, secs / 3600, 2);
    put_digits(out + 11, secs / 60 % 60, 2);
    put_digits(out + 13, secs % 60, 2);
    out[15] = 'Z';
    out[16] = '\0';
}

static bool leap_year(long long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int parse_num(const char *s, int width, int *out)
{
    int v = 0;
    for (int i = 0; i < width; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* "YYYYMMDD" (exactly 8 digits, a real calendar day) to days since the epoch. */
static int parse_day(const char *s, long long *days)
{
    static const unsigned char mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    if (parse_num(s, 4, &y) || parse_num(s + 4, 2, &m) || parse_num(s + 6, 2, &d))
        return -1;
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap_year(y)))
        return -1;
    *days = days_from_civil(y, (unsigned)m, (unsigned)d);
    return 0;
}

int sigv4_parse_date(const char *s, long long *epoch)
{
    long long days;
    int hh, mm, ss;
    if (!s || !epoch || strnlen(s, 17) != 16 || s[8] != 'T' || s[15] != 'Z')
        return -1;
    if (parse_day(s, &days) || parse_num(s + 9, 2, &hh) || parse_num(s + 11, 2, &mm) ||
        parse_num(s + 13, 2, &ss) || hh > 23 || mm > 59 || ss > 59)
        return -1;
    *epoch = days * 86400 + hh * 3600 + mm * 60 + ss;
    return 0;
}

/* ---- Authorization header parsing ------------------------------------------------------- */

static int fail(struct buf *why, const char *reason)
{
    if (why) {
        buf_reset(why);
        buf_puts(why, reason);
    }
    return -1;
}

/* Copy [s, s+n) into a fixed field of size cap if it fits and every byte passes ok. */
static bool copy_field(char *dst, size_t cap, const char *s, size_t n, bool (*ok)(unsigned char))
{
    if (n == 0 || n >= cap)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!ok((unsigned char)s[i]))
            return false;
    memcpy(dst, s, n);
    dst[n] = '\0';
    return true;
}

static bool digit_ok(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool hex_lower_ok(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static bool signed_header_char_ok(unsigned char c)
{
    return c == ';' || (is_tchar(c) && !(c >= 'A' && c <= 'Z'));
}

/* "AKID/YYYYMMDD/region/service/aws4_request" */
static int parse_credential(const char *v, size_t n, struct sigv4_authz *out, struct buf *why)
{
    const char *part[5];
    size_t len[5], np = 0;
    const char *p = v, *end = v + n;
    while (np < 5) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        part[np] = p;
        len[np++] = slash ? (size_t)(slash - p) : (size_t)(end - p);
        if (!slash)
            break;
        p = slash + 1;
    }
    if (np != 5 || part[4] + len[4] != end)
        return fail(why, "Credential must be AKID/date/region/service/aws4_request");
    if (!copy_field(out->access_key_id, sizeof(out->access_key_id), part[0], len[0], akid_char_ok))
        return fail(why, "Credential has a malformed access key id");
    long long days;
    if (!copy_field(out->date, sizeof(out->date), part[1], len[1], digit_ok) || len[1] != 8 ||
        parse_day(out->date, &days) != 0)
        return fail(why, "Credential has a malformed date");
    if (!copy_field(out->region, sizeof(out->region), part[2], len[2], scope_char_ok))
        return fail(why, "Credential has a malformed region");
    if (!copy_field(out->service, sizeof(out->service), part[3], len[3], scope_char_ok))
        return fail(why, "Credential has a malformed service");
    if (len[4] != strlen("aws4_request") || memcmp(part[4], "aws4_request", len[4]) != 0)
        return fail(why, "Credential must end in aws4_request");
    return 0;
}

/* Lower-case names, each once, sorted: what any SigV4 signer produces. */
static int parse_signed_headers(const char *v, size_t n, struct sigv4_authz *out, struct buf *why)
{
    if (!copy_field(out->signed_headers, sizeof(out->signed_headers), v, n, signed_header_char_ok))
        return fail(why, "SignedHeaders is empty, too long or holds invalid characters");
    const char *prev = NULL;
    size_t prevlen = 0;
    const char *p = out->signed_headers;
    for (;;) {
        const char *semi = strchr(p, ';');
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        if (len == 0)
            return fail(why, "SignedHeaders has an empty name");
        if (prev && bytes_cmp(prev, prevlen, p, len) >= 0)
            return fail(why, "SignedHeaders is not sorted or repeats a name");
        prev = p;
        prevlen = len;
        if (!semi)
            break;
        p = semi + 1;
    }
    return 0;
}

static int parse_signature(const char *v, size_t n, struct sigv4_authz *out, struct buf *why)
{
    if (n != 64 || !copy_field(out->signature, sizeof(out->signature), v, n, hex_lower_ok))
        return fail(why, "Signature must be 64 lower-case hex digits");
    return 0;
}

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static int parse_authorization(const char *value, struct sigv4_authz *out, struct buf *why)
{
    if (!value)
        return fail(why, "missing Authorization header");
    size_t n = strnlen(value, SIGV4_AUTHZ_MAX + 1);
    if (n > SIGV4_AUTHZ_MAX)
        return fail(why, "Authorization header too long");
    const char *p = value, *end = value + n;
    while (p < end && is_ows(*p))
        p++;
    while (end > p && is_ows(end[-1]))
        end--;
    size_t alen = strlen(SIGV4_ALGORITHM);
    if ((size_t)(end - p) <= alen || memcmp(p, SIGV4_ALGORITHM, alen) != 0 || p[alen] != ' ')
        return fail(why, "Authorization must start with " SIGV4_ALGORITHM);
    p += alen;
    while (p < end && *p == ' ')
        p++;

    static const char *const names[] = {"Credential", "SignedHeaders", "Signature"};
    int (*const parsers[])(const char *, size_t, struct sigv4_authz *, struct buf *) = {
        parse_credential, parse_signed_headers, parse_signature};
    bool seen[3] = {false, false, false};
    for (;;) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *comp_end = comma ? comma : end;
        const char *eq = memchr(p, '=', (size_t)(comp_end - p));
        if (!eq)
            return fail(why, "Authorization component without '='");
        size_t i;
        for (i = 0; i < 3; i++)
            if ((size_t)(eq - p) == strlen(names[i]) && memcmp(p, names[i], (size_t)(eq - p)) == 0)
                break;
        if (i == 3)
            return fail(why, "unknown Authorization component");
        if (seen[i])
            return fail(why, "repeated Authorization component");
        seen[i] = true;
        if (parsers[i](eq + 1, (size_t)(comp_end - eq - 1), out, why) != 0)
            return -1;
        if (!comma)
            break;
        p = comma + 1;
        while (p < end && *p == ' ')
            p++;
    }
    if (!seen[0] || !seen[1] || !seen[2])
        return fail(why, "Authorization needs Credential, SignedHeaders and Signature");
    return 0;
}

int sigv4_parse_authorization(const char *value, struct sigv4_authz *out, struct buf *why)
{
    if (!out)
        return fail(why, "no output");
    memset(out, 0, sizeof(*out));
    int rc = parse_authorization(value, out, why);
    if (rc != 0)
        memset(out, 0, sizeof(*out)); /* never a half-parsed result */
    return rc;
}
