/* The SSO clients' shared wire: the endpoint (client/svc_endpoint.c), one unsigned JSON call
   over client/http.c, and the service's error read from its answer. */
#define _GNU_SOURCE
#include "client/sso_wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/http.h"
#include "client/svc_endpoint.h"
#include "core/secmem.h"

/* Answers larger than this are refused: a real one is a few KiB. */
#define SSO_MAX_REPLY (256u * 1024u)

void sso_wire_error(struct sso_error *err, long status, const char *code, const char *message)
{
    err->http_status = status;
    snprintf(err->code, sizeof err->code, "%s", code ? code : "");
    snprintf(err->message, sizeof err->message, "%s", message ? message : "");
    for (char *c = err->code; *c; c++)
        if ((unsigned char)*c <= 0x20 || *c == 0x7f)
            *c = '?';
    for (char *c = err->message; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
}

const char *sso_wire_string(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) && json_string_length(v) > 0 ? json_string_value(v) : NULL;
}

int sso_wire_endpoint(const struct klx_settings *s, const char *service, const char *region,
                      struct buf *url, struct sso_error *err)
{
    struct buf why = BUF_INIT;
    int rc = svc_endpoint_resolve(s, service, region, url, &why);
    if (rc != 0)
        sso_wire_error(err, 0, "", buf_cstr(&why));
    buf_free(&why);
    return rc;
}

/* The error an answer carries: the OAuth "error" member (SSO-OIDC), else the exception name
   from x-amzn-ErrorType or "__type" (the portal); the message from whichever member has it. */
static void read_error(const struct http_response *r, const json_t *j, const char *what,
                       struct sso_error *err)
{
    char code[64] = "";
    const char *c = sso_wire_string(j, "error");
    if (!c && r->error_type[0])
        c = r->error_type;
    if (!c && sso_wire_string(j, "__type")) {
        c = sso_wire_string(j, "__type");
        c = strchr(c, '#') ? strchr(c, '#') + 1 : c;
    }
    snprintf(code, sizeof code, "%.*s", (int)strcspn(c ? c : "", ":"), c ? c : "");
    const char *m = sso_wire_string(j, "error_description");
    if (!m)
        m = sso_wire_string(j, "message");
    if (!m)
        m = sso_wire_string(j, "Message");
    char msg[256];
    if (!*code)
        snprintf(msg, sizeof msg, "%s answered HTTP %ld without an error code", what, r->status);
    else
        snprintf(msg, sizeof msg, "%s", m ? m : "(no message)");
    sso_wire_error(err, r->status, *code ? code : "", msg);
}

static int read_answer(const struct http_response *r, const char *what, json_t **out,
                       struct sso_error *err)
{
    char msg[256];
    if (r->body.len > SSO_MAX_REPLY) {
        snprintf(msg, sizeof msg, "%s answered with more than 256 KiB", what);
        sso_wire_error(err, r->status, "", msg);
        return -1;
    }
    json_error_t je;
    json_t *j = r->body.len ? json_loadb(r->body.data, r->body.len, 0, &je) : NULL;
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    if (r->status < 200 || r->status > 299) {
        read_error(r, j, what, err);
        json_decref(j);
        return -1;
    }
    if (!j) {
        snprintf(msg, sizeof msg, "%s answered HTTP %ld with no JSON object", what, r->status);
        sso_wire_error(err, r->status, "", msg);
        return -1;
    }
    *out = j;
    return 0;
}

int sso_wire_call(const struct klx_settings *s, const char *what, const char *method,
                  const char *url, const struct sigv4_header *headers, size_t nheaders,
                  const char *body, json_t **out, struct sso_error *err)
{
    memset(err, 0, sizeof *err);
    *out = NULL;
    struct http_options opt = {s->ca_bundle, (long)(s->connect_timeout * 1000),
                               (long)(s->read_timeout * 1000),
                               false}; /* --debug would print tokens */
    struct http_client *hc = http_client_new(&opt);
    if (!hc) {
        sso_wire_error(err, 0, "", "cannot start an HTTP client (is libcurl installed?)");
        return -1;
    }
    struct http_response resp;
    http_response_init(&resp);
    struct buf werr = BUF_INIT;
    size_t blen = body ? strlen(body) : 0;
    enum http_result hr = http_send(hc, method, url, headers, nheaders, body, blen, &resp, &werr);
    int rc = -1;
    if (hr != HTTP_OK) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s at %.100s could not be reached: %.100s", what, url,
                 buf_cstr(&werr));
        sso_wire_error(err, 0, "", msg);
    } else {
        rc = read_answer(&resp, what, out, err);
    }
    if (resp.body.data)
        secmem_wipe(resp.body.data, resp.body.len);
    http_response_free(&resp);
    http_client_free(hc);
    buf_free(&werr);
    return rc;
}
