/* `klaxon drill --join URL --name NAME`: a trainee in a drill room (doc/room.md). Joins, shows
   the scenario's brief, opens the form against the room with the keys it gave (held in memory
   only, wiped at the end), pings from a heartbeat thread meanwhile, then leaves and prints the
   room's score card. */
#define _GNU_SOURCE
#include "cli/drill_room.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/drill_brief.h"
#include "cli/training.h"
#include "client/creds.h"
#include "client/http.h"
#include "core/buf.h"
#include "core/mono.h"
#include "core/printable.h"
#include "core/secmem.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "forms/scenario.h"
#include "session/drill.h"

/* Seconds between heartbeats: well inside the room's default 60 s timeout.
   KLAXON_ROOM_PING_SECONDS changes it (tests make it outlast a short --room-timeout). */
#define ROOM_PING_INTERVAL 5.0

static double room_ping_interval(void)
{
    const char *env = getenv("KLAXON_ROOM_PING_SECONDS");
    char *end = NULL;
    double v = env ? strtod(env, &end) : 0;
    return env && end != env && !*end && v >= 0.1 && v <= 3600 ? v : ROOM_PING_INTERVAL;
}

struct room_link {
    char *url; /* the room's base URL, no trailing slash */
    struct http_options http;
};

/* POST body (JSON text) to the room's path; the status, *out the reply (NULL if not JSON). A
   failure on the wire is -1 with why in err. The reply's bytes are wiped: a join's holds keys. */
static long room_post(const struct room_link *l, const char *path, const char *body, json_t **out,
                      struct buf *err)
{
    *out = NULL;
    struct http_client *hc = http_client_new(&l->http);
    if (!hc) {
        buf_puts(err, "cannot start an HTTP client (is libcurl installed?)");
        return -1;
    }
    char *url = xasprintf("%s%s", l->url, path);
    struct sigv4_header h[] = {{"Content-Type", "application/json"}};
    struct http_response resp;
    http_response_init(&resp);
    long status = -1;
    if (http_send(hc, "POST", url, h, 1, body, strlen(body), &resp, err) == HTTP_OK) {
        status = resp.status;
        *out = json_loadb(resp.body.data ? resp.body.data : "", resp.body.len, 0, NULL);
    }
    buf_wipe_free(&resp.body);
    http_response_free(&resp);
    free(url);
    http_client_free(hc);
    return status;
}

/* room_post with the JSON object b as the body; b is taken (freed here), NULL sends {}. */
static long room_post_json(const struct room_link *l, const char *path, json_t *b, json_t **out,
                           struct buf *err)
{
    char *body = json_dumps(b, JSON_COMPACT);
    json_decref(b);
    long status = room_post(l, path, body ? body : "{}", out, err);
    free(body);
    return status;
}

/* ---- the heartbeat ---- */

struct heartbeat {
    const struct room_link *link;
    char body[96];
    double interval;
    pthread_t tid;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop, started;
};

static void *heartbeat_main(void *arg)
{
    struct heartbeat *hb = arg;
    pthread_mutex_lock(&hb->lock);
    while (!hb->stop) {
        struct timespec until = mono_after(hb->interval);
        while (!hb->stop && pthread_cond_timedwait(&hb->wake, &hb->lock, &until) != ETIMEDOUT)
            ;
        if (hb->stop)
            break;
        pthread_mutex_unlock(&hb->lock);
        /* A missed ping is not worth a word on the trainee's screen: the next one may pass,
           and the room shows the trainee as lost meanwhile. */
        struct buf err = BUF_INIT;
        json_t *out;
        room_post(hb->link, "/room/ping", hb->body, &out, &err);
        json_decref(out);
        buf_free(&err);
        pthread_mutex_lock(&hb->lock);
    }
    pthread_mutex_unlock(&hb->lock);
    return NULL;
}

static void heartbeat_start(struct heartbeat *hb, const struct room_link *l, const char *trainee)
{
    memset(hb, 0, sizeof *hb);
    hb->link = l;
    hb->interval = room_ping_interval();
    json_t *b = json_pack("{s:s}", "trainee", trainee);
    char *text = json_dumps(b, JSON_COMPACT);
    snprintf(hb->body, sizeof hb->body, "%s", text ? text : "{}");
    free(text);
    json_decref(b);
    pthread_mutex_init(&hb->lock, NULL);
    mono_cond_init(&hb->wake);
    hb->started = pthread_create(&hb->tid, NULL, heartbeat_main, hb) == 0;
}

/* Stop the thread and wait for it: it must not outlive the process's exit. */
static void heartbeat_stop(struct heartbeat *hb)
{
    pthread_mutex_lock(&hb->lock);
    hb->stop = true;
    pthread_cond_broadcast(&hb->wake);
    pthread_mutex_unlock(&hb->lock);
    if (hb->started)
        pthread_join(hb->tid, NULL);
    pthread_cond_destroy(&hb->wake);
    pthread_mutex_destroy(&hb->lock);
}

/* ---- joining and leaving ---- */

/* What the room gave on joining. */
struct room_seat {
    json_t *reply; /* the join reply, its secret wiped out of it */
    const char *trainee, *region;
    struct aws_creds creds; /* secmem copies */
};

/* The room's message from an error reply, made safe for the terminal (caller frees). */
static char *room_message(const json_t *out, long status)
{
    const char *m = json_string_value(json_object_get(out, "message"));
    if (m)
        return printable_dup(m);
    return xasprintf("HTTP status %ld", status);
}

static int room_join(const struct room_link *l, const char *name, struct room_seat *seat)
{
    memset(seat, 0, sizeof *seat);
    struct buf err = BUF_INIT;
    json_t *out;
    long status = room_post_json(l, "/room/join", json_pack("{s:s}", "name", name), &out, &err);
    int rc = KLX_OK;
    if (status < 0) {
        fprintf(stderr, "klaxon drill: cannot reach the room at %s: %s\n", l->url, buf_cstr(&err));
        rc = KLX_UNREACHABLE;
    } else if (status != 200) {
        char *m = room_message(out, status);
        fprintf(stderr, "klaxon drill: the room refused to let \"%s\" join: %s\n", name, m);
        free(m);
        rc = status == 400 || status == 409 ? KLX_USAGE : KLX_REFUSED;
    }
    buf_free(&err);
    const char *akid = json_string_value(json_object_get(out, "access_key_id"));
    const char *secret = json_string_value(json_object_get(out, "secret_access_key"));
    seat->trainee = json_string_value(json_object_get(out, "trainee"));
    if (rc == KLX_OK && (!akid || !secret || !seat->trainee || !json_object_get(out, "brief"))) {
        fprintf(stderr, "klaxon drill: %s did not answer as a drill room does (doc/room.md)\n",
                l->url);
        rc = KLX_REFUSED;
    }
    if (rc == KLX_OK) {
        seat->creds.access_key_id = xstrdup(akid);
        seat->creds.secret_access_key = secmem_strdup(secret);
        seat->creds.source = "drill room";
        const char *region = json_string_value(json_object_get(out, "region"));
        seat->region = region ? region : "us-east-1";
    }
    json_object_del(out, "secret_access_key"); /* the wiping allocator clears it */
    seat->reply = out;
    return rc;
}

static void room_seat_free(struct room_seat *seat)
{
    aws_creds_clear(&seat->creds);
    json_decref(seat->reply);
    memset(seat, 0, sizeof *seat);
}

/* The scenario the room dealt, from the join reply (its strings borrowed): the brief shown as
   `klaxon drill` shows its own, F2 in the form, and the counters sent at leave. */
static void room_scenario(const json_t *reply, struct scenario *s)
{
    memset(s, 0, sizeof *s);
    s->id = json_string_value(json_object_get(reply, "scenario"));
    s->title = json_string_value(json_object_get(reply, "title"));
    s->difficulty = json_string_value(json_object_get(reply, "difficulty"));
    s->brief = json_object_get(reply, "brief");
    s->time_target = (long)json_integer_value(json_object_get(reply, "target"));
    s->id = s->id ? s->id : "?";
    s->title = s->title ? s->title : "";
    s->difficulty = s->difficulty ? s->difficulty : "?";
}

/* The room's card, laid out as `klaxon drill` lays out its own. */
static void room_print_card(const json_t *card)
{
    const char *id = json_string_value(json_object_get(card, "scenario"));
    char *safe_id = printable_dup(id ? id : "?");
    printf("\nSCORE CARD  %s: %lld of %lld\n", safe_id,
           (long long)json_integer_value(json_object_get(card, "score")),
           (long long)json_integer_value(json_object_get(card, "max")));
    free(safe_id);
    size_t i;
    const json_t *p;
    json_array_foreach(json_object_get(card, "points"), i, p)
    {
        bool scored = json_is_true(json_object_get(p, "scored"));
        const char *name = json_string_value(json_object_get(p, "name"));
        char *safe = printable_dup(name ? name : "?");
        char head[96];
        snprintf(head, sizeof head, "\n[%s] %s: ",
                 !scored                                 ? "info"
                 : json_is_true(json_object_get(p, "passed")) ? "pass"
                                                         : "LOST",
                 safe);
        free(safe);
        const char *reason = json_string_value(json_object_get(p, "reason"));
        const char *why = json_string_value(json_object_get(p, "explanation"));
        drill_say(head, 7, reason ? reason : "");
        if (scored && why && *why)
            drill_say("       ", 7, why);
    }
    const json_t *model = json_object_get(card, "model");
    if (model)
        drill_print_model(model);
}

static void room_leave(const struct room_link *l, const char *trainee, const struct drill *d)
{
    /* The trainee's own counters, so that the room's card matches `klaxon drill`'s. */
    json_t *b = json_pack("{s:s, s:I, s:I}", "trainee", trainee, "keys", (json_int_t)d->keys,
                          "problems", (json_int_t)d->problems_met);
    struct buf err = BUF_INIT;
    json_t *out;
    long status = room_post_json(l, "/room/leave", b, &out, &err);
    if (status == 200 && json_is_object(json_object_get(out, "card"))) {
        room_print_card(json_object_get(out, "card"));
    } else if (status < 0) {
        fprintf(stderr, "klaxon drill: cannot reach the room to leave it: %s\n", buf_cstr(&err));
    } else {
        char *m = room_message(out, status);
        fprintf(stderr, "klaxon drill: the room did not take the leave: %s\n", m);
        free(m);
    }
    json_decref(out);
    buf_free(&err);
}

/* ---- the command ---- */

/* --join URL and --name NAME (also as --join=URL); 0, or -1 after a message. */
static int room_args(int argc, char **argv, const char **url, const char **name)
{
    *url = *name = NULL;
    for (int i = 1; i < argc; i++) {
        const char **slot = !strncmp(argv[i], "--join", 6)   ? url
                            : !strncmp(argv[i], "--name", 6) ? name
                                                             : NULL;
        const char *rest = argv[i] + 6;
        if (slot && *rest == '=') {
            *slot = rest + 1;
        } else if (slot && !*rest && i + 1 < argc) {
            *slot = argv[++i];
        } else {
            char *arg = printable_dup(argv[i]);
            fprintf(stderr, "klaxon drill: unexpected argument \"%s\" with --join\n", arg);
            free(arg);
            return -1;
        }
    }
    if (!*url || !**url || !*name || !**name) {
        fputs("klaxon drill: --join needs the room's URL and --name NAME (the name the trainer "
              "sees): klaxon drill --join URL --name NAME\n",
              stderr);
        return -1;
    }
    return 0;
}

int drill_room_join(int argc, char **argv, const struct cli_globals *g)
{
    const char *url, *name;
    if (room_args(argc, argv, &url, &name) != 0)
        return KLX_USAGE;
    struct room_link l = {.url = xstrdup(url),
                          .http = {.ca_bundle = g->flags.ca_bundle,
                                   .connect_timeout_ms = (long)(g->connect_timeout * 1000),
                                   .timeout_ms = (long)(g->read_timeout * 1000),
                                   .debug = g->flags.debug}};
    size_t n = strlen(l.url);
    while (n > 0 && l.url[n - 1] == '/')
        l.url[--n] = '\0';
    struct room_seat seat;
    int rc = room_join(&l, name, &seat);
    if (rc == KLX_OK) {
        struct heartbeat hb;
        heartbeat_start(&hb, &l, seat.trainee);
        struct scenario sc; /* borrows the join reply's strings */
        room_scenario(seat.reply, &sc);
        drill_brief(&sc);
        drill_fresh_form();
        struct drill live;
        drill_init(&live, &sc);
        rc = training_form_keys(g, l.url, &drill_form_files, &seat.creds, seat.region, &live);
        heartbeat_stop(&hb);
        room_leave(&l, seat.trainee, &live);
        drill_free(&live);
    }
    room_seat_free(&seat);
    free(l.url);
    return rc;
}
