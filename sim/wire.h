/* One HTTP exchange as the simulator sees it (no sockets), plus small wire-format helpers. */
#ifndef SIM_WIRE_H
#define SIM_WIRE_H

#include <stdbool.h>
#include <stddef.h>

/* The account every simulated resource belongs to (the AWS documentation's example account). */
#define SIM_ACCOUNT_ID "111122223333"
/* Request bodies larger than this get 413: no call the simulator serves needs more. */
#define SIM_MAX_BODY (1024 * 1024)

struct sim_header {
    const char *name; /* as received, any case */
    const char *value;
};

struct sim_request {
    const char *method;
    const char *target; /* raw request-target as received: path, then "?query" if any */
    const struct sim_header *headers;
    size_t nheaders;
    const char *body; /* may hold any bytes; not NUL-terminated necessarily */
    size_t body_len;
    bool body_too_large;       /* more than SIM_MAX_BODY bytes arrived or were announced */
    const char *framing_error; /* why the HTTP message is ambiguous or malformed (400), or NULL */
};

struct sim_response {
    int status;           /* 0: close the connection without answering (--drop) */
    char request_id[37];  /* x-amzn-RequestId */
    char error_type[160]; /* x-amzn-ErrorType, "" on success */
    const char *allow;    /* Allow header (405), or NULL */
    char *body;           /* JSON text, owned; NULL when status is 0 */
    size_t body_len;
};

void sim_response_free(struct sim_response *r);

/* The first header with this name (case-insensitive), or NULL. */
const char *sim_header_get(const struct sim_request *req, const char *name);

/* A fresh random UUID v4 in lower-case text; out needs 37 bytes. */
void sim_uuid(char out[37]);

/* "2026-11-26T15:00:00.123Z" for epoch seconds; out needs 32 bytes. */
void sim_iso_time(double epoch, char out[32]);

/* Percent-decode s[0..n) ('+' is a space). NULL on a malformed escape or an embedded NUL. */
char *sim_url_decode(const char *s, size_t n);

/* The decoded value of query parameter name in a raw query string (caller frees), or NULL when
   absent. *bad is set when the parameter is present but cannot be decoded. */
char *sim_query_param(const char *query, const char *name, bool *bad);

/* Opaque page tokens: base64 of "<kind>:<offset>". decode returns 0 and the offset when the
   token is one of ours for that kind, -1 otherwise. */
char *sim_token_encode(const char *kind, size_t offset);
int sim_token_decode(const char *token, const char *kind, size_t *offset);

/* Why a request's framing is ambiguous (RFC 9112 section 6.3: two Content-Lengths, one beside
   Transfer-Encoding, another coding than chunked, a Content-Length that is not a number), or its
   headers are not headers (a name that is not a token, a control character in a value, two
   Hosts): a 400 and a closed connection. NULL when it is sound. */
const char *sim_framing_error(const struct sim_header *v, size_t n);

#endif
