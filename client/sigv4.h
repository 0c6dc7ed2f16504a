/* AWS Signature Version 4, in stages (canonical request, string to sign, signature, header). */
#ifndef CLIENT_SIGV4_H
#define CLIENT_SIGV4_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

struct sigv4_header {
    const char *name;  /* as sent, any case */
    const char *value; /* as sent; the signer trims and folds whitespace for the canonical form */
};

/* An HTTP request exactly as it will go on the wire. */
struct sigv4_request {
    const char *method; /* "GET", "POST" */
    const char *path;   /* raw path as sent, e.g. "/startIncident" (may hold %XX escapes) */
    const char *query;  /* raw query string without '?', or NULL/"" */
    const struct sigv4_header *headers; /* every header to sign (host and x-amz-date included) */
    size_t nheaders;
    const void *body;
    size_t body_len;
};

struct sigv4_params {
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token; /* NULL or "": none. When set, the caller sends and signs
                                  X-Amz-Security-Token itself (it must be among headers). */
    const char *region;        /* "us-east-1" */
    const char *service;       /* "ssm-incidents" */
    const char *amz_date;      /* "20150830T123600Z": must equal the X-Amz-Date header */
    bool normalize_path;       /* true for every service but S3 */
};

/* Stage 1: the canonical request. signed_headers gets "host;x-amz-date". 0 on success. */
int sigv4_canonical_request(const struct sigv4_request *req, const struct sigv4_params *p,
                            struct buf *creq, struct buf *signed_headers);
/* Stage 2: the string to sign for a canonical request. */
int sigv4_string_to_sign(const char *creq, const struct sigv4_params *p, struct buf *sts);
/* Stage 3: hex signature (64 chars + NUL) of a string to sign. */
int sigv4_signature(const char *sts, const struct sigv4_params *p, char sig_hex[65]);
/* All stages: the Authorization header value
   "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request,
    SignedHeaders=host;x-amz-date, Signature=...". 0 on success. */
int sigv4_authorization(const struct sigv4_request *req, const struct sigv4_params *p,
                        struct buf *authz);

/* A parsed Authorization header, for servers verifying a signature (the simulator). */
struct sigv4_authz {
    char access_key_id[129];
    char date[9];  /* YYYYMMDD */
    char region[64];
    char service[64];
    char signed_headers[1024]; /* "content-type;host;x-amz-date" */
    char signature[65];
};
/* Parse "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...". 0 on success;
   -1 (with a reason in why) for anything malformed. Never crashes on garbage. */
int sigv4_parse_authorization(const char *value, struct sigv4_authz *out, struct buf *why);

/* "YYYYMMDDTHHMMSSZ" for a time_t; buf needs 17 bytes. */
void sigv4_format_date(long long epoch, char out[17]);
/* Parse "YYYYMMDDTHHMMSSZ"; 0 on success. */
int sigv4_parse_date(const char *s, long long *epoch);

/* Percent-encode per SigV4 (unreserved A-Z a-z 0-9 - _ . ~ kept, upper-case hex). */
void sigv4_uri_encode(struct buf *out, const char *s, size_t n, bool encode_slash);

#endif
