/* Wire-format helpers for the simulator: headers and their framing, request ids, times, query
   strings, page tokens. */
#include "sim/wire.h"

#include <errno.h>
#include <math.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/buf.h"
#include "core/hex.h"
#include "core/uuid.h"
#include "core/xalloc.h"

void sim_response_free(struct sim_response *r)
{
    free(r->body);
    r->body = NULL;
    r->body_len = 0;
}

const char *sim_header_get(const struct sim_request *req, const char *name)
{
    for (size_t i = 0; i < req->nheaders; i++)
        if (req->headers[i].name && strcasecmp(req->headers[i].name, name) == 0)
            return req->headers[i].value ? req->headers[i].value : "";
    return NULL;
}

void sim_uuid(char out[37])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) {
        /* OpenSSL's RNG failing is not worth crashing a simulator over; ids need only differ. */
        static unsigned long counter;
        unsigned long long t = (unsigned long long)time(NULL);
        for (size_t i = 0; i < sizeof b; i++)
            b[i] = (unsigned char)((t >> (8 * (i % 8))) ^ (counter + i * 131));
        counter++;
    }
    uuid_v4_format(b, out);
}

void sim_iso_time(double epoch, char out[32])
{
    if (!isfinite(epoch) || epoch < 0 || epoch > 253402300799.0)
        epoch = 0;
    time_t secs = (time_t)epoch;
    int ms = (int)((epoch - (double)secs) * 1000.0);
    if (ms < 0)
        ms = 0;
    if (ms > 999)
        ms = 999;
    struct tm tm;
    gmtime_r(&secs, &tm);
    char day[24];
    strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 32, "%.19s.%03dZ", day, ms);
}

char *sim_url_decode(const char *s, size_t n)
{
    struct buf b = BUF_INIT;
    buf_append(&b, "", 0);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = i + 2 < n ? hex_digit(s[i + 1]) : -1;
            int lo = hi >= 0 ? hex_digit(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                buf_free(&b);
                return NULL;
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+') {
            c = ' ';
        }
        if (c == '\0') {
            buf_free(&b);
            return NULL;
        }
        buf_putc(&b, c);
    }
    return buf_steal(&b);
}

char *sim_query_param(const char *query, const char *name, bool *bad)
{
    *bad = false;
    if (!query)
        return NULL;
    size_t nlen = strlen(name);
    const char *p = query;
    while (*p) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;
        char *key = sim_url_decode(p, klen);
        bool match = key && strlen(key) == nlen && memcmp(key, name, nlen) == 0;
        free(key);
        if (match) {
            char *v = eq ? sim_url_decode(eq + 1, len - klen - 1) : xstrdup("");
            if (!v)
                *bad = true;
            return v;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return NULL;
}

char *sim_token_encode(const char *kind, size_t offset)
{
    char raw[96];
    int n = snprintf(raw, sizeof raw, "%s:%zu", kind, offset);
    char *out = xmalloc(((size_t)n + 2) / 3 * 4 + 1);
    EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)raw, n);
    return out;
}

int sim_token_decode(const char *token, const char *kind, size_t *offset)
{
    size_t len = strlen(token);
    if (len == 0 || len > 128 || len % 4 != 0)
        return -1;
    size_t pad = 0;
    for (size_t i = 0; i < len; i++) {
        char c = token[i];
        bool b64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '+' || c == '/';
        if (c == '=' && i >= len - 2)
            pad++;
        else if (!b64 || pad)
            return -1;
    }
    unsigned char raw[100];
    int n = EVP_DecodeBlock(raw, (const unsigned char *)token, (int)len);
    if (n < 0 || (size_t)n < pad)
        return -1;
    n -= (int)pad;
    raw[n] = '\0';
    if (memchr(raw, '\0', (size_t)n))
        return -1;
    size_t klen = strlen(kind);
    if ((size_t)n <= klen + 1 || memcmp(raw, kind, klen) != 0 || raw[klen] != ':')
        return -1;
    const char *digits = (const char *)raw + klen + 1;
    for (const char *d = digits; *d; d++)
        if (*d < '0' || *d > '9')
            return -1;
    if (strlen(digits) > 12 || (digits[0] == '0' && digits[1]))
        return -1;
    errno = 0;
    unsigned long long v = strtoull(digits, NULL, 10);
    if (errno)
        return -1;
    *offset = (size_t)v;
    return 0;
}

/* RFC 9110 section 5.6.2: a field name is a token. */
static bool is_token(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr("!#$%&'*+-.^_`|~", *s)))
            return false;
    return true;
}

/* RFC 9110 section 5.5: no control character but HTAB in a field value. */
static bool has_ctl(const char *s)
{
    for (; *s; s++)
        if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
            return true;
    return false;
}

/* A request whose length cannot be known for sure is refused (400) and its connection closed
   (RFC 9112 section 6.3), or a proxy in front and this server could each see a different next
   request; so is one with two Hosts (section 3.2) or a header that is not a header (a space
   before the colon, section 5.1). */
const char *sim_framing_error(const struct sim_header *v, size_t n)
{
    size_t ncl = 0, nte = 0, nhost = 0;
    const char *cl = NULL, *te = NULL, *why = NULL;
    for (size_t i = 0; i < n && !why; i++) {
        if (!is_token(v[i].name))
            why = "a header name that is not a token (a space before the colon?)";
        else if (has_ctl(v[i].value))
            why = "a control character in a header value";
        else if (strcasecmp(v[i].name, "Content-Length") == 0)
            ncl++, cl = v[i].value;
        else if (strcasecmp(v[i].name, "Transfer-Encoding") == 0)
            nte++, te = v[i].value;
        else if (strcasecmp(v[i].name, "Host") == 0)
            nhost++;
    }
    if (why)
        return why;
    if (ncl > 1)
        return "more than one Content-Length header";
    if (ncl && nte)
        return "both Content-Length and Transfer-Encoding";
    if (nte > 1 || (te && strcasecmp(te, "chunked") != 0))
        return "a Transfer-Encoding other than chunked";
    if (cl && (!*cl || strspn(cl, "0123456789") != strlen(cl) || strlen(cl) > 18))
        return "a Content-Length that is not a number";
    if (nhost > 1)
        return "more than one Host header";
    return NULL;
}
