/* The simulator's HTTP side on libmicrohttpd: sockets, TLS, body cap, timeouts; the handler does
   the rest. One thread per connection, so --delay or a slow client stalls only its own thread. */
#include "sim/sim.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "core/file.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "sim/handler.h"
#include "sim/wire.h"

/* A certificate chain or key file larger than this is not one. */
#define SIM_MAX_PEM (1024 * 1024)

#define CONNECTION_TIMEOUT 10 /* seconds of silence before a connection is closed */
#define CONNECTION_LIMIT   128
#define MAX_HEADERS        200
/* A chunked body (no Content-Length) past SIM_MAX_BODY is read and discarded so that the client
   gets its 413; past this much the connection is closed instead. */
#define DISCARD_LIMIT (16u * 1024 * 1024)

struct sim {
    struct MHD_Daemon *daemon;
    struct sim_handler *handler;
    char url[160];
    bool quiet;
    char *tls_cert, *tls_key; /* PEM text; kept until stop as MHD may refer to it */
};

/* Per request: the raw target (before MHD unescapes it, for SigV4) and the body so far. */
struct exchange {
    char *target;
    struct buf body;
    size_t received; /* body bytes seen, kept or not */
    bool started;
    bool too_large;
};

struct header_list {
    struct sim_header v[MAX_HEADERS];
    size_t n;
};

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls, (void)conn;
    struct exchange *x = xcalloc(1, sizeof *x);
    x->target = xstrdup(uri ? uri : "/");
    return x;
}

static void completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                      enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)conn, (void)why;
    struct exchange *x = *req_cls;
    if (!x)
        return;
    free(x->target);
    buf_free(&x->body);
    free(x);
    *req_cls = NULL;
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    (void)kind;
    struct header_list *h = cls;
    if (h->n < MAX_HEADERS) {
        h->v[h->n].name = key;
        h->v[h->n].value = value ? value : "";
        h->n++;
    }
    return MHD_YES;
}

static enum MHD_Result answer(struct sim *s, struct MHD_Connection *conn, const char *method,
                              struct exchange *x)
{
    struct header_list *hl = xcalloc(1, sizeof *hl);
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, hl);
    struct sim_request req = {
        .method = method,
        .target = x->target,
        .headers = hl->v,
        .nheaders = hl->n,
        .body = x->body.data ? x->body.data : "",
        .body_len = x->body.len,
        .body_too_large = x->too_large,
    };
    struct sim_response resp;
    sim_handler_handle(s->handler, &req, &resp);
    free(hl);
    if (resp.status == 0) {
        sim_response_free(&resp);
        return MHD_NO; /* --drop: MHD closes the connection without answering */
    }
    struct MHD_Response *r =
        MHD_create_response_from_buffer(resp.body_len, resp.body, MHD_RESPMEM_MUST_COPY);
    enum MHD_Result rc = MHD_NO;
    if (r) {
        MHD_add_response_header(r, "Content-Type", "application/json");
        MHD_add_response_header(r, "x-amzn-RequestId", resp.request_id);
        if (resp.error_type[0])
            MHD_add_response_header(r, "x-amzn-ErrorType", resp.error_type);
        if (resp.allow)
            MHD_add_response_header(r, "Allow", resp.allow);
        if (x->too_large) /* the rest of the body was never read: do not reuse the stream */
            MHD_add_response_header(r, "Connection", "close");
        rc = MHD_queue_response(conn, (unsigned)resp.status, r);
        MHD_destroy_response(r);
    }
    sim_response_free(&resp);
    return rc;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn, const char *url,
                                      const char *method, const char *version,
                                      const char *upload_data, size_t *upload_data_size,
                                      void **req_cls)
{
    (void)version;
    struct sim *s = cls;
    struct exchange *x = *req_cls;
    if (!x) /* the URI logger always runs first; this is only a safety net */
        *req_cls = x = uri_logger(NULL, url, conn);
    if (!x->started) {
        x->started = true;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > SIM_MAX_BODY) {
            /* Answer 413 at once rather than read a body we will refuse anyway. */
            x->too_large = true;
            return answer(s, conn, method, x);
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        x->received += *upload_data_size;
        if (x->received > DISCARD_LIMIT)
            return MHD_NO; /* an endless chunked upload: hang up rather than read forever */
        if (x->received <= SIM_MAX_BODY)
            buf_append(&x->body, upload_data, *upload_data_size);
        else
            x->too_large = true; /* read on and discard, then answer 413 */
        *upload_data_size = 0;
        return MHD_YES;
    }
    return answer(s, conn, method, x);
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
    struct sim *s = cls;
    if (s->quiet)
        return;
    fputs("klaxon-sim: ", stderr);
    vfprintf(stderr, fmt, ap);
}

/* Read a PEM file whole (a certificate or its private key); NULL with a reason in err. */
static char *read_pem(const char *path, struct buf *err)
{
    char *text;
    size_t len;
    if (file_read(path, SIM_MAX_PEM, &text, &len, err) != FILE_OK)
        return NULL;
    if (len == 0) {
        buf_printf(err, "%s: empty", path);
        free(text);
        return NULL;
    }
    return text;
}

/* The listening address: a numeric IPv4/IPv6 address or a name (first match). */
static int resolve_bind(const char *bind, int port, struct sockaddr_storage *ss, socklen_t *len,
                        bool *v6, struct buf *err)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    int rc = getaddrinfo(bind, portstr, &hints, &res);
    if (rc != 0 || !res) {
        buf_printf(err, "--bind %s: %s", bind, rc ? gai_strerror(rc) : "no address");
        if (res)
            freeaddrinfo(res);
        return -1;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    *v6 = res->ai_family == AF_INET6;
    freeaddrinfo(res);
    return 0;
}

static void make_url(struct sim *s, const struct sockaddr_storage *ss, bool v6, bool tls,
                     unsigned port)
{
    char host[INET6_ADDRSTRLEN] = "127.0.0.1";
    if (v6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, host, sizeof host);
    else
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, host, sizeof host);
    snprintf(s->url, sizeof s->url, "%s://%s%s%s:%u", tls ? "https" : "http", v6 ? "[" : "", host,
             v6 ? "]" : "", port);
}

static struct MHD_Daemon *start_daemon(struct sim *s, const struct sim_options *opt,
                                       const struct sockaddr_storage *ss, bool v6, const char *cert,
                                       const char *key)
{
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG;
    if (v6)
        flags |= MHD_USE_IPv6;
    if (cert)
        flags |= MHD_USE_TLS;
    /* A delayed answer must not count as an idle connection. */
    unsigned timeout = CONNECTION_TIMEOUT + (unsigned)opt->delay + 1;
    struct MHD_OptionItem tls_opts[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)key},
        {MHD_OPTION_END, 0, NULL},
    };
    /* The logger goes first so that MHD's own messages obey --quiet too. */
    return MHD_start_daemon(flags, 0, NULL, NULL, access_handler, s, MHD_OPTION_EXTERNAL_LOGGER,
                            mhd_logger, (void *)s, MHD_OPTION_SOCK_ADDR,
                            (const struct sockaddr *)ss, MHD_OPTION_URI_LOG_CALLBACK, uri_logger,
                            (void *)NULL, MHD_OPTION_NOTIFY_COMPLETED, completed, (void *)NULL,
                            MHD_OPTION_CONNECTION_TIMEOUT, timeout, MHD_OPTION_CONNECTION_LIMIT,
                            (unsigned)CONNECTION_LIMIT, MHD_OPTION_ARRAY,
                            cert ? tls_opts : tls_opts + 2, MHD_OPTION_END);
}

struct sim *sim_start(const struct sim_options *opt, struct buf *err)
{
    if ((opt->tls_cert != NULL) != (opt->tls_key != NULL)) {
        buf_puts(err, "a TLS certificate needs its key (and the other way round)");
        return NULL;
    }
    if (opt->tls_cert && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        buf_puts(err, "this libmicrohttpd was built without TLS support");
        return NULL;
    }
    if (opt->port < 0 || opt->port > 65535) {
        buf_printf(err, "port %d is out of range", opt->port);
        return NULL;
    }
    struct sockaddr_storage ss;
    socklen_t sslen;
    bool v6;
    if (resolve_bind(opt->bind ? opt->bind : "127.0.0.1", opt->port, &ss, &sslen, &v6, err) != 0)
        return NULL;
    char *cert = NULL, *key = NULL;
    if (opt->tls_cert &&
        (!(cert = read_pem(opt->tls_cert, err)) || !(key = read_pem(opt->tls_key, err)))) {
        free(cert);
        return NULL;
    }
    struct sim *s = xcalloc(1, sizeof *s);
    s->quiet = opt->quiet;
    s->handler = sim_handler_new(opt, err);
    if (s->handler) {
        /* Server threads inherit this mask: the host program's signal handlers (klaxon's
           SIGWINCH, klaxon-sim's sigwait) then only ever run in its own threads. */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        s->daemon = start_daemon(s, opt, &ss, v6, cert, key);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    s->tls_cert = cert;
    s->tls_key = key;
    if (!s->daemon) {
        if (s->handler)
            buf_printf(err, "cannot listen on %s port %d (in use, or not an address here?)",
                       opt->bind ? opt->bind : "127.0.0.1", opt->port);
        sim_handler_free(s->handler);
        free(s->tls_cert);
        secmem_free_str(s->tls_key);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    make_url(s, &ss, v6, opt->tls_cert != NULL, info ? info->port : (unsigned)opt->port);
    return s;
}

const char *sim_url(const struct sim *s)
{
    return s->url;
}

char *sim_incidents_json(struct sim *s)
{
    return sim_handler_incidents_json(s->handler);
}

void sim_stop(struct sim *s)
{
    if (!s)
        return;
    sim_handler_shutdown(s->handler);
    MHD_stop_daemon(s->daemon);
    sim_handler_free(s->handler);
    free(s->tls_cert);
    secmem_free_str(s->tls_key);
    free(s);
}
