/* The simulator's HTTP side on libmicrohttpd: sockets, TLS, HTTP framing, body cap, timeouts; the
   handler does the rest. One polling thread (epoll where there is one) reads every connection,
   so a slow client holds a socket and a little memory, never a thread: a request is handed to a
   worker thread only once it has arrived whole, and --delay sleeps there. */
#include "sim/sim.h"

#include <arpa/inet.h>
#include <errno.h>
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
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "core/file.h"
#include "core/mono.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "sim/handler.h"
#include "sim/wire.h"

/* A certificate chain or key file larger than this is not one. */
#define SIM_MAX_PEM (1024 * 1024)

#define CONNECTION_TIMEOUT 10 /* seconds of silence before a connection is closed */
/* A request must arrive whole (headers and body) this many seconds after its connection opened
   or its previous answer went out; a client trickling bytes to stay under the idle timeout is
   cut off here. */
#define REQUEST_DEADLINE 30
/* Open connections in all, and from one address: a drill room behind one NAT is one address. */
#define CONNECTION_LIMIT 4096
#define PER_IP_LIMIT     1024
/* Memory MHD may use per connection for the request line, headers and buffers. */
#define CONNECTION_MEMORY (128u * 1024)
#define MAX_HEADERS       200
/* A chunked body (no Content-Length) past SIM_MAX_BODY is read and discarded so that the client
   gets its 413; past this much the connection is closed instead. */
#define DISCARD_LIMIT (16u * 1024 * 1024)

/* One open connection, for the whole-request deadline. */
struct tracked {
    struct tracked *prev, *next;
    int fd;
    struct timespec since; /* opened, or last answer queued */
    bool busy;             /* a whole request is with a worker: the deadline does not apply */
    bool cut;              /* already shut down for the deadline */
};

struct sim {
    struct MHD_Daemon *daemon;
    struct sim_handler *handler;
    char url[160];
    bool quiet;
    char *tls_cert, *tls_key; /* PEM text; kept until stop as MHD may refer to it */
    pthread_mutex_t lock;     /* guards what follows */
    pthread_cond_t changed;
    int inflight;         /* requests with a worker (their connections are suspended) */
    struct tracked conns; /* list head of open connections */
    bool stopping;
    bool sweeper_started;
    pthread_t sweeper;
};

/* Per request: the raw target (before MHD unescapes it, for SigV4) and the body so far. */
struct exchange {
    char *target;
    struct buf body;
    size_t received; /* body bytes seen, kept or not */
    bool started;
    bool too_large;
    const char *framing_error; /* the headers frame the request ambiguously */
    bool answered;             /* a worker has filled resp */
    struct sim_response resp;
};

struct header_list {
    struct sim_header v[MAX_HEADERS];
    size_t n;
};

/* What a worker thread needs to answer one request away from the polling thread. */
struct job {
    struct sim *s;
    struct MHD_Connection *conn;
    struct exchange *x;
    struct header_list *hl;
    char *method;
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
    sim_response_free(&x->resp);
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

/* ---- the whole-request deadline ---- */

static void track_busy(struct MHD_Connection *conn, struct sim *s, bool busy)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct tracked *t = ci ? ci->socket_context : NULL;
    if (!t)
        return;
    pthread_mutex_lock(&s->lock);
    t->busy = busy;
    clock_gettime(CLOCK_MONOTONIC, &t->since); /* the next request's clock starts now */
    pthread_mutex_unlock(&s->lock);
}

static void notify_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                              enum MHD_ConnectionNotificationCode code)
{
    struct sim *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct tracked *t = xcalloc(1, sizeof *t);
        t->fd = ci ? ci->connect_fd : -1;
        clock_gettime(CLOCK_MONOTONIC, &t->since);
        pthread_mutex_lock(&s->lock);
        t->next = s->conns.next;
        t->prev = &s->conns;
        s->conns.next->prev = t;
        s->conns.next = t;
        pthread_mutex_unlock(&s->lock);
        *socket_context = t;
        return;
    }
    struct tracked *t = *socket_context;
    if (!t)
        return;
    /* MHD reports the close before it closes the socket: under the lock, the sweeper never
       touches a descriptor number that may already belong to someone else. */
    pthread_mutex_lock(&s->lock);
    t->prev->next = t->next;
    t->next->prev = t->prev;
    pthread_mutex_unlock(&s->lock);
    free(t);
    *socket_context = NULL;
}

/* Once a second: shut down connections whose request has not arrived whole in time. The polling
   thread then sees the socket end and closes it as it would any other. */
static void *sweeper_main(void *arg)
{
    struct sim *s = arg;
    pthread_mutex_lock(&s->lock);
    while (!s->stopping) {
        struct timespec now, wake;
        clock_gettime(CLOCK_MONOTONIC, &now);
        for (struct tracked *t = s->conns.next; t != &s->conns; t = t->next) {
            if (!t->busy && !t->cut && t->fd >= 0 &&
                now.tv_sec - t->since.tv_sec >= REQUEST_DEADLINE) {
                shutdown(t->fd, SHUT_RDWR);
                t->cut = true;
            }
        }
        wake = now;
        wake.tv_sec += 1;
        pthread_cond_timedwait(&s->changed, &s->lock, &wake);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* ---- answering ---- */

/* The headers as they came, judged by sim_framing_error (sim/wire.c). */
static const char *framing_error(struct MHD_Connection *conn)
{
    struct header_list *hl = xcalloc(1, sizeof *hl);
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, hl);
    const char *why = sim_framing_error(hl->v, hl->n);
    free(hl);
    return why;
}

static void *worker_main(void *arg)
{
    struct job *j = arg;
    struct exchange *x = j->x;
    struct sim_request req = {
        .method = j->method,
        .target = x->target,
        .headers = j->hl->v,
        .nheaders = j->hl->n,
        .body = x->body.data ? x->body.data : "",
        .body_len = x->body.len,
        .body_too_large = x->too_large,
        .framing_error = x->framing_error,
    };
    sim_handler_handle(j->s->handler, &req, &x->resp);
    x->answered = true;
    struct sim *s = j->s;
    free(j->hl);
    free(j->method);
    /* Resumed under the lock so that sim_stop, once it sees no request in flight, knows every
       connection is resumed (MHD must not be stopped with one suspended). */
    if (!j->conn) {
        free(j);
        return NULL;
    }
    pthread_mutex_lock(&s->lock);
    MHD_resume_connection(j->conn);
    s->inflight--;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    free(j);
    return NULL;
}

/* The worker's answer, queued from the polling thread once the connection is resumed. */
static enum MHD_Result respond(struct sim *s, struct MHD_Connection *conn, struct exchange *x)
{
    struct sim_response *resp = &x->resp;
    track_busy(conn, s, false);
    if (resp->status == 0)
        return MHD_NO; /* --drop: MHD closes the connection without answering */
    struct MHD_Response *r =
        MHD_create_response_from_buffer(resp->body_len, resp->body, MHD_RESPMEM_MUST_COPY);
    enum MHD_Result rc = MHD_NO;
    if (r) {
        MHD_add_response_header(r, "Content-Type", "application/json");
        MHD_add_response_header(r, "x-amzn-RequestId", resp->request_id);
        if (resp->error_type[0])
            MHD_add_response_header(r, "x-amzn-ErrorType", resp->error_type);
        if (resp->allow)
            MHD_add_response_header(r, "Allow", resp->allow);
        /* The rest of the body was never read, or where it ends is unknown: do not reuse the
           stream. */
        if (x->too_large || x->framing_error)
            MHD_add_response_header(r, "Connection", "close");
        rc = MHD_queue_response(conn, (unsigned)resp->status, r);
        MHD_destroy_response(r);
    }
    return rc;
}

/* Hand a whole request to a worker thread; the connection sleeps until it is answered. */
static enum MHD_Result dispatch(struct sim *s, struct MHD_Connection *conn, const char *method,
                                struct exchange *x)
{
    struct job *j = xcalloc(1, sizeof *j);
    j->s = s;
    j->conn = conn;
    j->x = x;
    j->method = xstrdup(method ? method : "");
    j->hl = xcalloc(1, sizeof *j->hl);
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, j->hl);
    pthread_mutex_lock(&s->lock);
    bool stopping = s->stopping;
    if (!stopping)
        s->inflight++;
    pthread_mutex_unlock(&s->lock);
    if (stopping) { /* sim_stop waits for no worker: answer here, at once (--delay is over) */
        j->conn = NULL;
        worker_main(j);
        return respond(s, conn, x);
    }
    track_busy(conn, s, true);
    MHD_suspend_connection(conn);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t tid;
    int rc = pthread_create(&tid, &attr, worker_main, j);
    pthread_attr_destroy(&attr);
    if (rc != 0) /* no thread to spare: answer here rather than not at all */
        worker_main(j);
    return MHD_YES;
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
    if (x->answered) {
        *upload_data_size = 0; /* an early answer: what is left of the body goes unread */
        return respond(s, conn, x);
    }
    if (!x->started) {
        x->started = true;
        x->framing_error = framing_error(conn);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (!x->framing_error && cl && strtoull(cl, NULL, 10) > SIM_MAX_BODY)
            x->too_large = true; /* answer 413 at once rather than read a body we refuse */
        if (x->framing_error || x->too_large)
            return dispatch(s, conn, method, x);
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
    return dispatch(s, conn, method, x);
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

/* As many connections as the descriptors allow, up to CONNECTION_LIMIT: the soft limit is raised
   to the hard one first, as servers do. */
static unsigned connection_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 256;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    rlim_t spare = rl.rlim_cur > 64 ? rl.rlim_cur - 64 : 16; /* logs, plans, TLS, the host */
    return spare < CONNECTION_LIMIT ? (unsigned)spare : CONNECTION_LIMIT;
}

static struct MHD_Daemon *start_daemon(struct sim *s, const struct sockaddr_storage *ss, bool v6,
                                       const char *cert, const char *key)
{
    /* One polling thread (epoll on Linux) for every connection; workers only for whole requests. */
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (v6)
        flags |= MHD_USE_IPv6;
    if (cert)
        flags |= MHD_USE_TLS;
    unsigned limit = connection_limit();
    unsigned per_ip = limit < PER_IP_LIMIT ? limit : PER_IP_LIMIT;
    struct MHD_OptionItem tls_opts[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)key},
        {MHD_OPTION_END, 0, NULL},
    };
    /* The logger goes first so that MHD's own messages obey --quiet too. A suspended connection
       (a request with a worker, --delay included) does not time out. */
    return MHD_start_daemon(
        flags, 0, NULL, NULL, access_handler, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, (void *)s,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)ss, MHD_OPTION_URI_LOG_CALLBACK, uri_logger,
        (void *)NULL, MHD_OPTION_NOTIFY_COMPLETED, completed, (void *)NULL,
        MHD_OPTION_NOTIFY_CONNECTION, notify_connection, (void *)s, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)CONNECTION_TIMEOUT, MHD_OPTION_CONNECTION_LIMIT, limit,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)CONNECTION_MEMORY, MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_ARRAY,
        cert ? tls_opts : tls_opts + 2, MHD_OPTION_END);
}

static struct sim *sim_alloc(bool quiet)
{
    struct sim *s = xcalloc(1, sizeof *s);
    s->quiet = quiet;
    pthread_mutex_init(&s->lock, NULL);
    mono_cond_init(&s->changed);
    s->conns.next = s->conns.prev = &s->conns;
    return s;
}

static void sim_free(struct sim *s)
{
    sim_handler_free(s->handler);
    free(s->tls_cert);
    secmem_free_str(s->tls_key);
    pthread_cond_destroy(&s->changed);
    pthread_mutex_destroy(&s->lock);
    free(s);
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
    struct sim *s = sim_alloc(opt->quiet);
    s->handler = sim_handler_new(opt, err);
    if (s->handler) {
        /* Server threads inherit this mask: the host program's signal handlers (klaxon's
           SIGWINCH, klaxon-sim's sigwait) then only ever run in its own threads. */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        s->daemon = start_daemon(s, &ss, v6, cert, key);
        if (s->daemon)
            s->sweeper_started = pthread_create(&s->sweeper, NULL, sweeper_main, s) == 0;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    s->tls_cert = cert;
    s->tls_key = key;
    if (!s->daemon) {
        if (s->handler)
            buf_printf(err, "cannot listen on %s port %d (in use, or not an address here?)",
                       opt->bind ? opt->bind : "127.0.0.1", opt->port);
        sim_free(s);
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
    sim_handler_shutdown(s->handler); /* wakes requests sleeping in --delay */
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    pthread_cond_broadcast(&s->changed);
    while (s->inflight > 0) /* MHD must not be stopped with a connection suspended */
        pthread_cond_wait(&s->changed, &s->lock);
    pthread_mutex_unlock(&s->lock);
    if (s->sweeper_started)
        pthread_join(s->sweeper, NULL);
    MHD_stop_daemon(s->daemon);
    sim_free(s);
}
