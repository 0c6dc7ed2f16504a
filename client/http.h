/* One reusable HTTPS connection (libcurl): sends exactly the bytes it is given, reports plainly. */
#ifndef CLIENT_HTTP_H
#define CLIENT_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "client/sigv4.h"
#include "core/buf.h"

enum http_result {
    HTTP_OK = 0,        /* an answer arrived (any status) */
    HTTP_ECONNECT,      /* could not connect, or the connection dropped: retryable */
    HTTP_ETIMEOUT,      /* connect or read timeout: retryable */
    HTTP_ETLS,          /* certificate or TLS failure: not retryable */
    HTTP_ETOOBIG,       /* the reply exceeded the size cap */
    HTTP_EOTHER,        /* anything else (bad URL, out of memory in curl) */
};

struct http_options {
    const char *ca_bundle;   /* PEM bundle, or NULL for the system store */
    long connect_timeout_ms; /* 0 = default (10 s), negative = none */
    long timeout_ms;         /* whole-transfer limit; 0 = default (60 s), <0 = none */
    bool debug;              /* log requests and replies to stderr, secrets redacted */
};

struct http_response {
    long status;
    struct buf body;
    char request_id[96];  /* x-amzn-RequestId */
    char error_type[128]; /* x-amzn-ErrorType */
    size_t header_bytes;  /* all header lines read so far (capped) */
};

struct http_client;

struct http_client *http_client_new(const struct http_options *opt);
void http_client_free(struct http_client *h);

/* Send a request to url with exactly these headers (one "Name: value" each) and body. On
   HTTP_OK, resp holds the answer; otherwise err says what happened on the wire. */
enum http_result http_send(struct http_client *h, const char *method, const char *url,
                           const struct sigv4_header *headers, size_t nheaders, const void *body,
                           size_t body_len, struct http_response *resp, struct buf *err);

void http_response_init(struct http_response *r);
void http_response_free(struct http_response *r);

#endif
