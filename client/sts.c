/* AWS STS AssumeRole (signed for "sts") and AssumeRoleWithWebIdentity (unsigned): the
   query-protocol requests and their answers read with expat (no DOCTYPE, no entities: the answer
   may come from anything AWS_ENDPOINT_URL names). */
#define _GNU_SOURCE
#include "client/sts.h"

#include <expat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/creds_providers.h"
#include "client/http.h"
#include "client/sigv4.h"
#include "client/svc_endpoint.h"
#include "core/secmem.h"
#include "core/xalloc.h"

#define STS_VERSION   "2011-06-15"
#define STS_FIELD_CAP 8192u /* a session token runs to a few KiB */
#define STS_MAX_DEPTH 16

enum sts_field { F_AKID, F_SECRET, F_TOKEN, F_EXPIRATION, F_CODE, F_MESSAGE, F_COUNT, F_NONE };

static const char *const field_names[F_COUNT] = {
    "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", "Code", "Message",
};

struct sts_parse {
    XML_Parser p;
    const char *stack[STS_MAX_DEPTH]; /* static names of the elements we care about, else "" */
    int depth;
    enum sts_field cur;
    struct creds_capture f[F_COUNT];
    const char *refused; /* why the document was refused by a handler */
    bool error_doc;      /* the root is ErrorResponse */
    const char *result;  /* the element under the root that holds Credentials */
};

/* The path each field is read from, below the root. */
static bool on_path(const struct sts_parse *s, const char *a, const char *b, const char *c)
{
    return s->depth >= 3 && !strcmp(s->stack[0], a) && !strcmp(s->stack[1], b) &&
           (!c || (s->depth >= 4 && !strcmp(s->stack[2], c)));
}

static enum sts_field field_at(const struct sts_parse *s, const char *name)
{
    for (int i = 0; i < F_COUNT; i++) {
        if (strcmp(name, field_names[i]) != 0)
            continue;
        if (i <= F_EXPIRATION && s->depth == 4 && s->result &&
            on_path(s, s->stack[0], s->result, "Credentials"))
            return (enum sts_field)i;
        if (i >= F_CODE && s->depth == 3 && on_path(s, "ErrorResponse", "Error", NULL))
            return (enum sts_field)i;
    }
    return F_NONE;
}

static void refuse(struct sts_parse *s, const char *why)
{
    if (!s->refused)
        s->refused = why;
    XML_StopParser(s->p, XML_FALSE);
}

static const char *known_name(const char *name)
{
    static const char *const names[] = {"AssumeRoleResponse",
                                        "AssumeRoleResult",
                                        "AssumeRoleWithWebIdentityResponse",
                                        "AssumeRoleWithWebIdentityResult",
                                        "Credentials",
                                        "ErrorResponse",
                                        "Error"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i]))
            return names[i];
    return "";
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    (void)attrs;
    struct sts_parse *s = ud;
    if (s->depth == 0) {
        if (!strcmp(name, "AssumeRoleResponse"))
            s->result = "AssumeRoleResult";
        else if (!strcmp(name, "AssumeRoleWithWebIdentityResponse"))
            s->result = "AssumeRoleWithWebIdentityResult";
        else if (strcmp(name, "ErrorResponse") != 0) {
            refuse(s, "its root is neither AssumeRoleResponse, AssumeRoleWithWebIdentityResponse "
                      "nor ErrorResponse");
            return;
        }
        s->error_doc = !strcmp(name, "ErrorResponse");
    }
    if (s->depth >= STS_MAX_DEPTH) {
        refuse(s, "it is nested too deeply");
        return;
    }
    s->stack[s->depth++] = known_name(name);
    s->cur = field_at(s, name);
    /* A repeated field must not run two values together. */
    if (s->cur != F_NONE && s->f[s->cur].len > 0)
        refuse(s, "a field appears twice");
}

static void on_end(void *ud, const XML_Char *name)
{
    (void)name;
    struct sts_parse *s = ud;
    s->depth--;
    s->cur = F_NONE;
}

static void on_text(void *ud, const XML_Char *text, int len)
{
    struct sts_parse *s = ud;
    if (s->cur != F_NONE && !creds_capture_add(&s->f[s->cur], text, (size_t)len))
        refuse(s, "a field is too long");
}

/* Any DTD at all is refused: entity expansion (billion laughs, external files) needs one. */
static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sys, const XML_Char *pub,
                       int has_internal)
{
    (void)name, (void)sys, (void)pub, (void)has_internal;
    refuse(ud, "it has a DOCTYPE");
}

static void on_entity(void *ud, const XML_Char *name, int param, const XML_Char *value, int len,
                      const XML_Char *base, const XML_Char *sys, const XML_Char *pub,
                      const XML_Char *notation)
{
    (void)name, (void)param, (void)value, (void)len, (void)base, (void)sys, (void)pub;
    (void)notation;
    refuse(ud, "it declares an entity");
}

static void set_err(struct sts_error *err, const char *code, const char *msg)
{
    snprintf(err->code, sizeof err->code, "%s", code);
    snprintf(err->message, sizeof err->message, "%s", msg);
    for (char *c = err->message; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
    for (char *c = err->code; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
}

/* Run expat over the document; the allocator wipes every block it frees (it sees the secret). */
static bool run_parser(struct sts_parse *s, const char *xml, size_t len, struct sts_error *err)
{
    static const XML_Memory_Handling_Suite mm = {malloc, secmem_realloc, secmem_free};
    s->p = XML_ParserCreate_MM(NULL, &mm, NULL);
    if (!s->p) {
        set_err(err, "", "out of memory reading the STS answer");
        return false;
    }
    XML_SetUserData(s->p, s);
    XML_SetParamEntityParsing(s->p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetElementHandler(s->p, on_start, on_end);
    XML_SetCharacterDataHandler(s->p, on_text);
    XML_SetStartDoctypeDeclHandler(s->p, on_doctype);
    XML_SetEntityDeclHandler(s->p, on_entity);
    bool ok = XML_Parse(s->p, xml, (int)len, XML_TRUE) == XML_STATUS_OK;
    if (!ok) {
        char msg[200];
        snprintf(msg, sizeof msg, "the STS answer is not usable XML: %s",
                 s->refused ? s->refused : XML_ErrorString(XML_GetErrorCode(s->p)));
        set_err(err, "", msg);
    }
    XML_ParserFree(s->p);
    return ok;
}

static void parse_finish(struct sts_parse *s, struct aws_creds *out, struct sts_error *err, int *rc)
{
    if (s->error_doc) {
        set_err(err, s->f[F_CODE].len ? s->f[F_CODE].data : "UnknownError",
                s->f[F_MESSAGE].len ? s->f[F_MESSAGE].data : "(no message)");
        return;
    }
    long long exp = 0;
    if (!s->f[F_AKID].len || !s->f[F_SECRET].len || !s->f[F_TOKEN].len) {
        set_err(err, "",
                "the STS answer has no complete Credentials (AccessKeyId, "
                "SecretAccessKey and SessionToken)");
        return;
    }
    if (creds_parse_time(s->f[F_EXPIRATION].data, &exp) != 0) {
        set_err(err, "", "the STS answer's Expiration is missing or not a time");
        return;
    }
    creds_set(out, s->f[F_AKID].data, s->f[F_SECRET].data, s->f[F_TOKEN].data, exp, "assume-role");
    *rc = 0;
}

int sts_parse_assume_role(const char *xml, size_t len, struct aws_creds *out, struct sts_error *err)
{
    memset(err, 0, sizeof *err);
    memset(out, 0, sizeof *out);
    if (len > STS_MAX_REPLY) {
        set_err(err, "", "the STS answer is larger than 64 KiB");
        return -1;
    }
    struct sts_parse s;
    memset(&s, 0, sizeof s);
    s.cur = F_NONE;
    for (int i = 0; i < F_COUNT; i++)
        creds_capture_init(&s.f[i], i == F_MESSAGE || i == F_TOKEN ? STS_FIELD_CAP : 256);
    int rc = -1;
    if (run_parser(&s, xml, len, err))
        parse_finish(&s, out, err, &rc);
    for (int i = 0; i < F_COUNT; i++)
        creds_capture_wipe(&s.f[i]);
    return rc;
}

static void form_param(struct buf *b, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    buf_printf(b, "&%s=", name);
    sigv4_uri_encode(b, value, strlen(value), true);
}

static void web_identity_body(const struct sts_web_identity *p, struct buf *b)
{
    buf_puts(b, "Action=AssumeRoleWithWebIdentity&Version=" STS_VERSION);
    form_param(b, "RoleArn", p->role_arn);
    form_param(b, "RoleSessionName", p->session_name);
    form_param(b, "WebIdentityToken", p->token);
}

static void form_body(const struct sts_assume_role *p, struct buf *b)
{
    buf_puts(b, "Action=AssumeRole&Version=" STS_VERSION);
    form_param(b, "RoleArn", p->role_arn);
    form_param(b, "RoleSessionName", p->session_name);
    form_param(b, "ExternalId", p->external_id);
    form_param(b, "SerialNumber", p->serial_number);
    form_param(b, "TokenCode", p->token_code);
    if (p->duration_seconds > 0)
        buf_printf(b, "&DurationSeconds=%d", p->duration_seconds);
}

/* "host[:port]" of a URL. */
static char *url_host(const char *url)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    return xstrndup(h, strcspn(h, "/?#"));
}

/* The path of a URL ("" when it has none); endpoints carry no query (client/endpoint.c). */
static const char *url_path(const char *url)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    return h + strcspn(h, "/");
}

struct sts_send {
    const struct klx_settings *s;
    const struct aws_creds *src; /* NULL: unsigned (AssumeRoleWithWebIdentity) */
    const char *url, *body;
    struct http_response *resp;
    struct buf *werr;
};

static enum http_result sts_send(const struct sts_send *q)
{
    char amz_date[17];
    sigv4_format_date((long long)time(NULL), amz_date);
    char *host = url_host(q->url);
    struct sigv4_header h[6];
    size_t n = 0;
    h[n++] =
        (struct sigv4_header){"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"};
    h[n++] = (struct sigv4_header){"Host", host};
    h[n++] = (struct sigv4_header){"X-Amz-Date", amz_date};
    const char *token = q->src ? q->src->session_token : NULL;
    if (token && *token)
        h[n++] = (struct sigv4_header){"X-Amz-Security-Token", token};
    size_t blen = strlen(q->body);
    /* The endpoint's own path (a custom one may have one), else "/", as botocore joins them. */
    const char *path = *url_path(q->url) ? url_path(q->url) : "/";
    struct sigv4_request req = {"POST", path, NULL, h, n, q->body, blen};
    struct sigv4_params p = {q->src ? q->src->access_key_id : NULL,
                             q->src ? q->src->secret_access_key : NULL,
                             token,
                             q->s->region && *q->s->region ? q->s->region : "us-east-1",
                             "sts",
                             amz_date,
                             true};
    struct buf authz = BUF_INIT;
    enum http_result r = HTTP_EOTHER;
    struct http_options opt = {q->s->ca_bundle, (long)(q->s->connect_timeout * 1000),
                               (long)(q->s->read_timeout * 1000), false};
    struct http_client *hc = http_client_new(&opt);
    if (!hc) {
        buf_puts(q->werr, "cannot start an HTTP client");
    } else if (q->src && sigv4_authorization(&req, &p, &authz) != 0) {
        buf_puts(q->werr, "cannot sign the request");
    } else {
        if (q->src)
            h[n++] = (struct sigv4_header){"Authorization", buf_cstr(&authz)};
        char *url = xasprintf("%s%s", q->url, *url_path(q->url) ? "" : "/");
        r = http_send(hc, "POST", url, h, n, q->body, blen, q->resp, q->werr);
        free(url);
    }
    http_client_free(hc);
    buf_wipe_free(&authz);
    free(host);
    return r;
}

/* POST body to STS (signed with src unless NULL) and read the credentials it answers with. */
static int sts_post(const struct klx_settings *s, const struct aws_creds *src, const char *body,
                    struct aws_creds *out, struct sts_error *err)
{
    memset(err, 0, sizeof *err);
    memset(out, 0, sizeof *out);
    struct buf url = BUF_INIT, werr = BUF_INIT;
    if (svc_endpoint_resolve(s, "sts", NULL, &url, &werr) < 0) {
        set_err(err, "", buf_cstr(&werr));
        buf_free(&url);
        buf_free(&werr);
        return -1;
    }
    struct http_response resp;
    http_response_init(&resp);
    struct sts_send q = {s, src, buf_cstr(&url), body, &resp, &werr};
    int rc = -1;
    if (sts_send(&q) != HTTP_OK) {
        char msg[400];
        snprintf(msg, sizeof msg, "STS at %.200s could not be reached: %.150s", buf_cstr(&url),
                 buf_cstr(&werr));
        set_err(err, "", msg);
    } else {
        rc = sts_parse_assume_role(resp.body.data ? resp.body.data : "", resp.body.len, out, err);
        err->http_status = resp.status;
        if (rc == 0 && (resp.status < 200 || resp.status > 299)) {
            aws_creds_clear(out);
            rc = -1;
            set_err(err, "", "STS answered with credentials and an HTTP error status");
        }
    }
    if (resp.body.data)
        secmem_wipe(resp.body.data, resp.body.len);
    http_response_free(&resp);
    buf_free(&url);
    buf_free(&werr);
    return rc;
}

int sts_assume_role(const struct klx_settings *s, const struct aws_creds *src,
                    const struct sts_assume_role *p, struct aws_creds *out, struct sts_error *err)
{
    struct buf body = BUF_INIT;
    form_body(p, &body);
    int rc = sts_post(s, src, buf_cstr(&body), out, err);
    buf_wipe_free(&body); /* holds the MFA code */
    return rc;
}

int sts_assume_role_with_web_identity(const struct klx_settings *s,
                                      const struct sts_web_identity *p, struct aws_creds *out,
                                      struct sts_error *err)
{
    struct buf body = BUF_INIT;
    web_identity_body(p, &body);
    int rc = sts_post(s, NULL, buf_cstr(&body), out, err);
    buf_wipe_free(&body); /* holds the identity token */
    if (rc == 0)
        out->source = "web-identity";
    return rc;
}

void sts_put_error(struct buf *why, const struct sts_error *e)
{
    if (*e->code)
        buf_printf(why, "%s: ", e->code);
    creds_put_safe(why, e->message);
    buf_putc(why, '\n');
}
