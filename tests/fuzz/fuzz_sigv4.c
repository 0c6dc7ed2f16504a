/* libFuzzer harness: SigV4 on hostile input. The Authorization parser the simulator runs on
   every request, the date parser, and the signer's canonical request over arbitrary method,
   path, query, headers and body.
   Input: "METHOD\nPATH\nQUERY\nName: value\n...\n\nBODY"; the first line is also parsed as an
   Authorization header and a date. */
#include <stdlib.h>
#include <string.h>

#include "client/sigv4.h"
#include "core/buf.h"
#include "tests/fuzz/fuzz.h"

#define MAX_HEADERS 16

static void parse_authz(const char *value)
{
    struct sigv4_authz a;
    struct buf why = BUF_INIT;
    if (sigv4_parse_authorization(value, &a, &why) == 0) {
        /* Every part is a terminated string within its array. */
        if (strnlen(a.access_key_id, sizeof a.access_key_id) == sizeof a.access_key_id ||
            strnlen(a.signed_headers, sizeof a.signed_headers) == sizeof a.signed_headers ||
            strnlen(a.signature, sizeof a.signature) == sizeof a.signature ||
            strnlen(a.region, sizeof a.region) == sizeof a.region ||
            strnlen(a.service, sizeof a.service) == sizeof a.service ||
            strnlen(a.date, sizeof a.date) == sizeof a.date)
            abort();
    } else if (why.len == 0) {
        abort();
    }
    buf_free(&why);
}

/* Split "Name: value" lines up to an empty line; returns the offset of the body. */
static size_t split_headers(char *text, struct sigv4_header *h, size_t *nh)
{
    char *p = text;
    *nh = 0;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (nl == p)
            return (size_t)(p + 1 - text);
        if (nl)
            *nl = '\0';
        char *colon = strchr(p, ':');
        if (*nh < MAX_HEADERS) {
            if (colon) {
                *colon = '\0';
                h[*nh] = (struct sigv4_header){p, colon[1] == ' ' ? colon + 2 : colon + 1};
            } else {
                h[*nh] = (struct sigv4_header){p, ""};
            }
            (*nh)++;
        }
        if (!nl)
            return (size_t)(p + strlen(p) - text);
        p = nl + 1;
    }
    return (size_t)(p - text);
}

static void sign(const char *method, const char *path, const char *query, char *rest,
                 size_t rest_len, const char *token)
{
    struct sigv4_header h[MAX_HEADERS];
    size_t nh;
    size_t body_at = split_headers(rest, h, &nh);
    const char *body = rest + body_at;
    size_t body_len = body_at <= rest_len ? rest_len - body_at : 0;
    struct sigv4_request req = {method, path, query, h, nh, body, body_len};
    struct sigv4_params p = {"AKIDEXAMPLE",
                             "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                             token,
                             "us-east-1",
                             "ssm-incidents",
                             "20150830T123600Z",
                             true};
    struct buf creq = BUF_INIT, sh = BUF_INIT, sts = BUF_INIT, authz = BUF_INIT;
    if (sigv4_canonical_request(&req, &p, &creq, &sh) == 0 &&
        sigv4_string_to_sign(buf_cstr(&creq), &p, &sts) == 0) {
        char sig[65];
        sigv4_signature(buf_cstr(&sts), &p, sig);
    }
    p.normalize_path = false;
    if (sigv4_authorization(&req, &p, &authz) == 0)
        parse_authz(buf_cstr(&authz)); /* what we sign, we can parse back */
    buf_free(&creq);
    buf_free(&sh);
    buf_free(&sts);
    buf_free(&authz);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *whole = fuzz_strndup(data, size);
    char *line[4];
    fuzz_split((const uint8_t *)whole, strlen(whole), '\n', line, 4);

    parse_authz(line[0] ? line[0] : "");
    long long epoch;
    if (line[0] && sigv4_parse_date(line[0], &epoch) == 0) {
        char back[17];
        sigv4_format_date(epoch, back);
    }
    struct buf enc = BUF_INIT;
    sigv4_uri_encode(&enc, (const char *)data, size, true);
    sigv4_uri_encode(&enc, (const char *)data, size, false);
    buf_free(&enc);

    if (line[3]) {
        sign(line[0], line[1], line[2], line[3], strlen(line[3]), NULL);
        char *again = xstrdup(whole);
        char *part[4];
        fuzz_split((const uint8_t *)again, strlen(again), '\n', part, 4);
        sign(part[0], part[1], part[2], part[3], strlen(part[3]), "session-token");
        fuzz_free_parts(part, 4);
        free(again);
    }
    fuzz_free_parts(line, 4);
    free(whole);
    return 0;
}
