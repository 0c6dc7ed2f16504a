/* The room watcher's thread: fetch, compare with the last answer, keep the good one, wake the
   reader; a condition variable makes both the one-second wait and stopping prompt. */
#include "session/room_watch.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "client/http.h"
#include "core/xalloc.h"
#include "session/wake.h"

struct room_watch {
    char *url; /* .../room/state */
    double interval;
    struct http_client *http;
    pthread_t thread;
    struct wake wake;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop;
    /* Under lock: */
    struct room_view view;
    char *last_body; /* the last good answer's bytes, to see whether it changed */
};

/* One fetch's outcome applied under the lock: a new good state, or RETRYING with why. */
static void room_watch_update(struct room_watch *w, const char *body, struct room_state *st,
                              const char *why)
{
    bool changed;
    pthread_mutex_lock(&w->lock);
    if (why) {
        changed = !w->view.retrying || strcmp(w->view.why, why) != 0;
        w->view.retrying = true;
        snprintf(w->view.why, sizeof w->view.why, "%s", why);
    } else {
        changed = w->view.retrying || !w->last_body || strcmp(w->last_body, body) != 0;
        w->view.retrying = false;
        w->view.why[0] = '\0';
        if (changed) {
            room_state_free(&w->view.state);
            w->view.state = *st;
            memset(st, 0, sizeof *st);
            w->view.have_state = true;
            free(w->last_body);
            w->last_body = xstrdup(body);
        }
    }
    if (changed)
        w->view.generation++;
    pthread_mutex_unlock(&w->lock);
    if (changed)
        wake_ring(&w->wake);
}

static void room_watch_fetch(struct room_watch *w)
{
    struct http_response resp;
    http_response_init(&resp);
    struct buf err = BUF_INIT, why = BUF_INIT;
    struct room_state st = {0};
    enum http_result r = http_send(w->http, "GET", w->url, NULL, 0, NULL, 0, &resp, &err);
    if (r != HTTP_OK)
        buf_printf(&why, "cannot reach the room: %s", buf_cstr(&err));
    else if (resp.status != 200)
        buf_printf(&why, "the room answered HTTP %ld", resp.status);
    else if (room_state_parse(&st, buf_cstr(&resp.body), resp.body.len, &err) != 0)
        buf_printf(&why, "the room's answer is not a room state: %s", buf_cstr(&err));
    room_watch_update(w, buf_cstr(&resp.body), &st, why.len ? buf_cstr(&why) : NULL);
    room_state_free(&st);
    buf_free(&why);
    buf_free(&err);
    http_response_free(&resp);
}

static void *room_watch_main(void *arg)
{
    struct room_watch *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        pthread_mutex_unlock(&w->lock);
        room_watch_fetch(w);
        pthread_mutex_lock(&w->lock);
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        long ns = until.tv_nsec + (long)((w->interval - (long)w->interval) * 1e9);
        until.tv_sec += (time_t)w->interval + ns / 1000000000L;
        until.tv_nsec = ns % 1000000000L;
        while (!w->stop && pthread_cond_timedwait(&w->cond, &w->lock, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static bool room_watch_url_ok(const char *url)
{
    return url && (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0);
}

static void room_watch_free(struct room_watch *w)
{
    http_client_free(w->http);
    wake_close(&w->wake);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
    room_view_free(&w->view);
    free(w->last_body);
    free(w->url);
    free(w);
}

/* The parts start needs before the thread runs; false with err. */
static bool room_watch_init(struct room_watch *w, const struct room_watch_options *o,
                            struct buf *err)
{
    size_t n = strlen(o->url);
    while (n && o->url[n - 1] == '/')
        n--;
    w->url = xasprintf("%.*s/room/state", (int)n, o->url);
    w->interval = o->interval > 0 ? o->interval : 1.0;
    /* A room that does not answer within a few seconds is RETRYING, not a frozen board. */
    struct http_options ho = {
        .ca_bundle = o->ca_bundle, .connect_timeout_ms = 3000, .timeout_ms = 5000};
    w->http = http_client_new(&ho);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->cond, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&w->lock, NULL);
    if (wake_open(&w->wake) != 0) {
        buf_printf(err, "cannot make a pipe: %s", strerror(errno));
        return false;
    }
    if (!w->http) {
        buf_puts(err, "cannot start an HTTP client (is libcurl installed?)");
        return false;
    }
    return true;
}

struct room_watch *room_watch_start(const struct room_watch_options *o, struct buf *err)
{
    if (!room_watch_url_ok(o->url)) {
        buf_printf(err, "the room's URL must start with http:// or https:// (got \"%s\")",
                   o->url ? o->url : "");
        return NULL;
    }
    struct room_watch *w = xcalloc(1, sizeof *w);
    if (!room_watch_init(w, o, err)) {
        room_watch_free(w);
        return NULL;
    }
    int rc = pthread_create(&w->thread, NULL, room_watch_main, w);
    if (rc != 0) {
        buf_printf(err, "cannot start a thread: %s", strerror(rc));
        room_watch_free(w);
        return NULL;
    }
    return w;
}

int room_watch_fd(const struct room_watch *w)
{
    return w->wake.rd;
}

void room_watch_get(struct room_watch *w, struct room_view *out)
{
    wake_drain_lock(&w->wake, &w->lock);
    *out = w->view;
    room_state_copy(&out->state, &w->view.state);
    pthread_mutex_unlock(&w->lock);
}

void room_view_free(struct room_view *v)
{
    room_state_free(&v->state);
}

void room_watch_stop(struct room_watch *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    room_watch_free(w);
}
