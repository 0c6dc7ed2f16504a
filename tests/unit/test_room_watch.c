/* The room watcher against a tiny HTTP room in this process (libmicrohttpd): the first state,
   a change, RETRYING with the last good state kept on an error status, a wrong answer and a
   room gone, and a stop that joins the thread. Every wait polls the wake pipe with a generous
   deadline; nothing asserts on time. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "session/room_watch.h"
#include "test.h"

/* What the room answers now (under room_lock). */
static pthread_mutex_t room_lock = PTHREAD_MUTEX_INITIALIZER;
static char *room_body;
static unsigned room_status = 200;
static unsigned long room_hits;

static void room_serve(const char *body, unsigned status)
{
    pthread_mutex_lock(&room_lock);
    free(room_body);
    room_body = strdup(body);
    room_status = status;
    pthread_mutex_unlock(&room_lock);
}

static enum MHD_Result room_answer(void *cls, struct MHD_Connection *c, const char *url,
                                   const char *method, const char *version, const char *data,
                                   size_t *size, void **state)
{
    (void)cls, (void)version, (void)data, (void)size, (void)state;
    pthread_mutex_lock(&room_lock);
    room_hits++;
    bool ok = strcmp(method, "GET") == 0 && strcmp(url, "/room/state") == 0;
    const char *body = ok ? room_body : "{}";
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    unsigned status = ok ? room_status : 404;
    pthread_mutex_unlock(&room_lock);
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

/* Wait (up to a minute: slow under valgrind) until the watcher's view satisfies cond. */
static bool wait_view(struct room_watch *w, struct room_view *v,
                      bool (*cond)(const struct room_view *))
{
    time_t deadline = time(NULL) + 60;
    for (;;) {
        room_watch_get(w, v);
        if (cond(v))
            return true;
        room_view_free(v);
        if (time(NULL) > deadline)
            return false;
        struct pollfd p = {.fd = room_watch_fd(w), .events = POLLIN};
        poll(&p, 1, 1000);
    }
}

static bool has_four(const struct room_view *v)
{
    return v->have_state && !v->retrying && v->state.n == 4;
}
static bool has_one(const struct room_view *v)
{
    return !v->retrying && v->state.n == 1;
}
static bool retrying(const struct room_view *v)
{
    return v->retrying;
}
static bool retrying_bad_answer(const struct room_view *v)
{
    return v->retrying && strstr(v->why, "not a room state");
}
static bool retrying_gone(const struct room_view *v)
{
    return v->retrying && strstr(v->why, "cannot reach the room");
}

static void test_watch(void)
{
    char *state = test_slurp(test_pathf("%s/room/state.json", test_data_dir()), NULL);
    if (!CHECK(state != NULL))
        return;
    room_serve(state, 200);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
                                            room_answer, NULL, MHD_OPTION_SOCK_ADDR, &sa,
                                            MHD_OPTION_END);
    if (!CHECK(d != NULL)) {
        free(state);
        return;
    }
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/",
             (unsigned)MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port);
    struct buf err = BUF_INIT;
    struct room_watch_options o = {.url = url, .interval = 0.05};
    struct room_watch *w = room_watch_start(&o, &err);
    CHECK(w != NULL);
    struct room_view v;
    if (w && CHECK(wait_view(w, &v, has_four))) {
        CHECK_STR(v.state.trainees[0].name, "alice");
        CHECK_INT(v.state.trainees[1].declarations, 2);
        unsigned gen = v.generation;
        room_view_free(&v);
        room_watch_get(w, &v); /* an unchanged room is the same view */
        CHECK_INT(v.generation, gen);
        room_view_free(&v);
    }
    room_serve("{\"started\": 1, \"now\": 2, \"trainees\": [{\"trainee\": \"t9\", \"name\": "
               "\"zed\", \"status\": \"active\"}]}",
               200);
    if (w && CHECK(wait_view(w, &v, has_one))) {
        CHECK_STR(v.state.trainees[0].name, "zed");
        room_view_free(&v);
    }
    room_serve("{\"message\": \"down\"}", 503);
    if (w && CHECK(wait_view(w, &v, retrying))) {
        CHECK(strstr(v.why, "HTTP 503") != NULL);
        CHECK_INT(v.state.n, 1); /* the last good state is kept */
        room_view_free(&v);
    }
    room_serve("{\"trainees\": [{\"trainee\": \"t1\", \"score\": \"lots\"}]}", 200);
    if (w && CHECK(wait_view(w, &v, retrying_bad_answer))) {
        CHECK_STR(v.state.trainees[0].name, "zed");
        room_view_free(&v);
    }
    room_serve(state, 200);
    if (w && CHECK(wait_view(w, &v, has_four)))
        room_view_free(&v);
    MHD_stop_daemon(d);
    if (w && CHECK(wait_view(w, &v, retrying_gone))) {
        CHECK_INT(v.state.n, 4);
        room_view_free(&v);
    }
    room_watch_stop(w);
    buf_free(&err);
    free(state);
    free(room_body);
    room_body = NULL;
}

static void test_bad_url(void)
{
    struct buf err = BUF_INIT;
    struct room_watch_options o = {.url = "ftp://room"};
    CHECK(room_watch_start(&o, &err) == NULL);
    CHECK(strstr(buf_cstr(&err), "http:// or https://") != NULL);
    room_watch_stop(NULL);
    buf_free(&err);
}

int main(void)
{
    RUN(test_watch);
    RUN(test_bad_url);
    return test_summary();
}
