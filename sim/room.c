/* A drill room's state (doc/room.md): trainees join with a name and get keys of their own and a
   scenario round-robin; their signed requests meet that scenario's plans and faults; each
   incident they create is scored with forms/drill_score.c; silence past the timeout makes them
   lost. One mutex guards it all; the room's events go to the request log. */
#define _GNU_SOURCE
#include "sim/room.h"

#include <math.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/printable.h"
#include "core/secmem.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "forms/drill_score.h"
#include "sim/sim.h"

struct room_scenario {
    struct scenario *sc;     /* borrowed */
    struct sim_plans *plans; /* its own plans, or the built-in catalogue */
};

struct trainee {
    char id[16]; /* "t1" */
    char *name;
    size_t scenario;
    char *access_key_id;
    char *secret; /* secmem */
    double joined, last_seen;
    double first_declared; /* < 0: none yet */
    double ended;          /* when they left; < 0: still in */
    bool left, lost;
    int declarations;
    int throttle, fail, drop; /* their scenario's faults still to serve them */
    int faults_met;
    json_t *body;        /* the StartIncident body of their first declaration */
    long keys, problems; /* their klaxon's counters at leave; -1 unknown */
};

struct sim_room {
    pthread_mutex_t lock;
    struct room_scenario *sc;
    size_t nsc;
    double timeout;
    struct sim_log *log;
    struct trainee *t;
    size_t n;
};

/* ---- life cycle ---- */

struct sim_room *sim_room_new(struct scenario *const *list, size_t n, double timeout,
                              struct sim_log *log, struct buf *err)
{
    struct sim_room *r = xcalloc(1, sizeof *r);
    pthread_mutex_init(&r->lock, NULL);
    r->sc = xcalloc(n ? n : 1, sizeof *r->sc);
    r->timeout = timeout > 0 ? timeout : SIM_ROOM_DEFAULT_TIMEOUT;
    r->log = log;
    for (size_t i = 0; i < n; i++) {
        struct room_scenario *rs = &r->sc[r->nsc++];
        rs->sc = list[i];
        if (!list[i]->plans) {
            rs->plans = sim_plans_builtin();
            continue;
        }
        char *text = json_dumps(list[i]->plans, JSON_COMPACT);
        rs->plans = text ? sim_plans_parse(text, strlen(text), list[i]->id, err) : NULL;
        free(text);
        if (!rs->plans) {
            sim_room_free(r);
            return NULL;
        }
    }
    return r;
}

void sim_room_free(struct sim_room *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nsc; i++)
        sim_plans_free(r->sc[i].plans);
    for (size_t i = 0; i < r->n; i++) {
        free(r->t[i].name);
        free(r->t[i].access_key_id);
        secmem_free_str(r->t[i].secret);
        json_decref(r->t[i].body);
    }
    free(r->sc);
    free(r->t);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

/* ---- helpers (room locked) ---- */

static const struct scenario *scenario_of(const struct sim_room *r, const struct trainee *t)
{
    return r->sc[t->scenario].sc;
}

static const char *status_of(const struct trainee *t)
{
    if (t->lost)
        return "lost";
    if (t->declarations > 0)
        return "declared";
    return t->left ? "quit" : "active";
}

/* Time to the first declaration, else from join to leaving, else to now; milliseconds. */
static double seconds_of(const struct trainee *t, double now)
{
    double end = t->first_declared >= 0 ? t->first_declared : t->ended >= 0 ? t->ended : now;
    double s = end - t->joined;
    return s > 0 ? round(s * 1000) / 1000 : 0;
}

static void card_of(const struct sim_room *r, const struct trainee *t, struct drill_card *card)
{
    struct drill_attempt a = {
        .body = t->body,
        .seconds = t->first_declared >= 0 ? t->first_declared - t->joined : -1,
        .incidents = t->declarations,
        .faults_met = t->faults_met,
        .keys = t->keys,
        .problems_met = (int)t->problems,
        /* a declaration is sent only once the form has no problem left; where the scenario wants
           the refusal recognised, nothing is created, and the problems were fixed all the same */
        .problems_fixed =
            t->problems >= 0 && (t->declarations > 0 || !scenario_of(r, t)->expect_declared)
                ? (int)t->problems
                : 0,
    };
    drill_score(scenario_of(r, t), &a, card);
}

/* The protocol's points: [{"rule", "ok", "reason"}]. */
static json_t *points_json(const struct drill_card *card)
{
    json_t *points = json_array();
    for (size_t i = 0; i < card->n; i++)
        json_array_append_new(points,
                              json_pack("{s:s, s:b, s:s}", "rule", card->points[i].name, "ok",
                                        card->points[i].passed, "reason", card->points[i].reason));
    return points;
}

/* An event's common members; the caller adds the rest and logs it. */
static json_t *event_new(const char *event, double t)
{
    return json_pack("{s:s, s:f}", "event", event, "t", round(t * 1000) / 1000);
}

static json_t *trainee_event(const struct sim_room *r, const struct trainee *t, const char *event,
                             double when)
{
    json_t *e = event_new(event, when);
    json_object_set_new(e, "trainee", json_string(t->id));
    json_object_set_new(e, "name", json_string(t->name));
    json_object_set_new(e, "scenario", json_string(scenario_of(r, t)->id));
    return e;
}

/* score, max, seconds, declarations and points, for the events that carry a score. */
static void add_score(const struct sim_room *r, const struct trainee *t, json_t *e, double now)
{
    struct drill_card card;
    card_of(r, t, &card);
    json_object_set_new(e, "score", json_integer(card.score));
    json_object_set_new(e, "max", json_integer(card.max));
    json_object_set_new(e, "seconds", json_real(seconds_of(t, now)));
    json_object_set_new(e, "declarations", json_integer(t->declarations));
    json_object_set_new(e, "points", points_json(&card));
    drill_card_free(&card);
}

static void log_event(struct sim_room *r, json_t *e)
{
    sim_log_event(r->log, e);
    json_decref(e);
}

static void refuse(struct sim_room *r, double now, const char *trainee, const char *name,
                   const char *reason)
{
    json_t *e = event_new("refused", now);
    if (trainee)
        json_object_set_new(e, "trainee", json_string(trainee));
    if (name)
        json_object_set_new(e, "name", json_string(name));
    json_object_set_new(e, "reason", json_string(reason));
    log_event(r, e);
}

static int reply_error(json_t **out, int status, const char *message)
{
    *out = json_pack("{s:s}", "message", message);
    return status;
}

static void tick_locked(struct sim_room *r, double now)
{
    for (size_t i = 0; i < r->n; i++) {
        struct trainee *t = &r->t[i];
        if (t->left || t->lost || now - t->last_seen <= r->timeout)
            continue;
        t->lost = true;
        double when = t->last_seen + r->timeout; /* when they became lost, not when we noticed */
        json_t *e = trainee_event(r, t, "lost", when);
        json_object_set_new(e, "seconds", json_real(seconds_of(t, when)));
        json_object_set_new(e, "declarations", json_integer(t->declarations));
        log_event(r, e);
    }
}

/* A trainee is heard from: a lost one is back. */
static void seen_locked(struct sim_room *r, struct trainee *t, double now)
{
    t->last_seen = now;
    if (!t->lost)
        return;
    t->lost = false;
    log_event(r, trainee_event(r, t, "back", now));
}

/* The trainee the body's "trainee" names; NULL after replying 400/404/409 (and logging it). */
static struct trainee *named_trainee(struct sim_room *r, const json_t *body, double now,
                                     json_t **out, int *status)
{
    const char *id = json_string_value(json_object_get(body, "trainee"));
    char *end = NULL;
    unsigned long k = id && id[0] == 't' ? strtoul(id + 1, &end, 10) : 0;
    if (!id) {
        *status = reply_error(out, 400,
                              "The body must be a JSON object with \"trainee\": the "
                              "id /room/join gave.");
        refuse(r, now, NULL, NULL, "no trainee named");
        return NULL;
    }
    if (!end || *end || k < 1 || k > r->n || strcmp(r->t[k - 1].id, id) != 0) {
        char *m = xasprintf("No trainee %s in this room: join first.", id);
        *status = reply_error(out, 404, m);
        refuse(r, now, id, NULL, m);
        free(m);
        return NULL;
    }
    struct trainee *t = &r->t[k - 1];
    if (t->left) {
        char *m = xasprintf("Trainee %s has left the room.", id);
        *status = reply_error(out, 409, m);
        refuse(r, now, id, t->name, m);
        free(m);
        return NULL;
    }
    return t;
}

/* 1-64 printable characters: well-formed UTF-8 with nothing a terminal would act on. */
static bool name_ok(const char *name)
{
    size_t len = strlen(name), count = utf8_count(name, len);
    if (!utf8_valid(name, len) || count < 1 || count > SIM_ROOM_NAME_MAX)
        return false;
    char *safe = printable_dup(name);
    bool same = strcmp(safe, name) == 0;
    free(safe);
    return same;
}

/* count random characters from alphabet (a power-of-two size up to 64). */
static void random_text(char *out, size_t count, const char *alphabet, unsigned size)
{
    unsigned char b[64];
    if (count > sizeof b || RAND_bytes(b, (int)count) != 1)
        abort(); /* keys guessable by a neighbour are worse than no room */
    for (size_t i = 0; i < count; i++)
        out[i] = alphabet[b[i] % size];
    out[count] = '\0';
    secmem_wipe(b, sizeof b);
}

/* A new trainee with fresh keys and the next scenario in turn; their secret also into secret. */
static struct trainee *trainee_add(struct sim_room *r, const char *name, double now,
                                   char secret[41])
{
    r->t = xreallocarray(r->t, r->n + 1, sizeof *r->t);
    struct trainee *t = &r->t[r->n];
    memset(t, 0, sizeof *t);
    snprintf(t->id, sizeof t->id, "t%zu", r->n + 1);
    t->name = xstrdup(name);
    t->scenario = r->n % r->nsc;
    char akid[21];
    snprintf(akid, sizeof akid, "AKIA");
    random_text(akid + 4, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32);
    random_text(secret, 40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64);
    t->access_key_id = xstrdup(akid);
    t->secret = secmem_strdup(secret);
    t->joined = t->last_seen = now;
    t->first_declared = t->ended = -1;
    t->keys = t->problems = -1;
    const struct scenario *sc = scenario_of(r, t);
    t->throttle = sc->throttle;
    t->fail = sc->fail;
    t->drop = sc->drop;
    r->n++;
    return t;
}

/* ---- the endpoints ---- */

int sim_room_join(struct sim_room *r, const json_t *body, double now, json_t **out)
{
    const char *name = json_string_value(json_object_get(body, "name"));
    pthread_mutex_lock(&r->lock);
    tick_locked(r, now);
    int status = 200;
    if (!name || !name_ok(name)) {
        status = reply_error(out, 400,
                             "The body must be a JSON object with \"name\": 1 to 64 "
                             "printable characters.");
        refuse(r, now, NULL, NULL, "bad name");
        pthread_mutex_unlock(&r->lock);
        return status;
    }
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->t[i].name, name) == 0) {
            char *m = xasprintf("The name \"%s\" is taken in this room: choose another.", name);
            status = reply_error(out, 409, m);
            refuse(r, now, NULL, name, "name taken");
            free(m);
            pthread_mutex_unlock(&r->lock);
            return status;
        }
    }
    char secret[41];
    struct trainee *t = trainee_add(r, name, now, secret);
    const struct scenario *sc = scenario_of(r, t);
    *out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:O, s:I}", "trainee", t->id, "name",
                     t->name, "scenario", sc->id, "access_key_id", t->access_key_id,
                     "secret_access_key", secret, "region", SIM_DEFAULT_REGION, "title", sc->title,
                     "difficulty", sc->difficulty, "brief", (json_t *)sc->brief, "target",
                     (json_int_t)sc->time_target);
    secmem_wipe(secret, sizeof secret);
    log_event(r, trainee_event(r, t, "join", now));
    pthread_mutex_unlock(&r->lock);
    return status;
}

/* What a call from a known trainee does, under the lock; returns the HTTP status. */
typedef int (*trainee_call_fn)(struct sim_room *r, struct trainee *t, const json_t *body,
                               double now, json_t **out);

/* The frame of every call that names a trainee (ping, leave): lock, expire the silent, find
   the trainee or refuse, then fn. */
static int with_trainee(struct sim_room *r, const json_t *body, double now, json_t **out,
                        trainee_call_fn fn)
{
    pthread_mutex_lock(&r->lock);
    tick_locked(r, now);
    int status = 200;
    struct trainee *t = named_trainee(r, body, now, out, &status);
    if (t)
        status = fn(r, t, body, now, out);
    pthread_mutex_unlock(&r->lock);
    return status;
}

static int ping_locked(struct sim_room *r, struct trainee *t, const json_t *body, double now,
                       json_t **out)
{
    (void)body;
    seen_locked(r, t, now);
    *out = json_object();
    return 200;
}

int sim_room_ping(struct sim_room *r, const json_t *body, double now, json_t **out)
{
    return with_trainee(r, body, now, out, ping_locked);
}

/* keys or problems of a leave body: a whole number 0 or more, or absent (-1). */
static bool counter(const json_t *body, const char *key, long *v)
{
    const json_t *j = json_object_get(body, key);
    *v = -1;
    if (!j || json_is_null(j))
        return true;
    if (!json_is_integer(j) || json_integer_value(j) < 0 || json_integer_value(j) > 100000000)
        return false;
    *v = (long)json_integer_value(j);
    return true;
}

/* The card a trainee's klaxon prints: drill_card_json with each point's explanation, and the
   scenario's model declaration. */
static json_t *card_json(const struct sim_room *r, const struct trainee *t)
{
    const struct scenario *sc = scenario_of(r, t);
    struct drill_card card;
    card_of(r, t, &card);
    json_t *j = drill_card_json(&card);
    json_t *points = json_object_get(j, "points");
    for (size_t i = 0; i < card.n; i++)
        json_object_set_new(json_array_get(points, i), "explanation",
                            json_string(card.points[i].explanation));
    drill_card_free(&card);
    json_object_set_new(j, "scenario", json_string(sc->id));
    json_object_set_new(j, "title", json_string(sc->title));
    if (sc->model)
        json_object_set_new(j, "model", json_deep_copy(sc->model));
    return j;
}

static int leave_locked(struct sim_room *r, struct trainee *t, const json_t *body, double now,
                        json_t **out)
{
    long keys, problems;
    if (!counter(body, "keys", &keys) || !counter(body, "problems", &problems)) {
        int status =
            reply_error(out, 400, "\"keys\" and \"problems\" are whole numbers, 0 or more.");
        refuse(r, now, t->id, t->name, "bad counters");
        return status;
    }
    seen_locked(r, t, now);
    t->left = true;
    t->ended = now;
    t->keys = keys;
    t->problems = problems;
    json_t *e = trainee_event(r, t, "leave", now);
    add_score(r, t, e, now);
    if (keys >= 0)
        json_object_set_new(e, "keys", json_integer(keys));
    if (problems >= 0)
        json_object_set_new(e, "problems", json_integer(problems));
    log_event(r, e);
    *out = json_pack("{s:o}", "card", card_json(r, t));
    return 200;
}

int sim_room_leave(struct sim_room *r, const json_t *body, double now, json_t **out)
{
    return with_trainee(r, body, now, out, leave_locked);
}

json_t *sim_room_state(struct sim_room *r, double now)
{
    pthread_mutex_lock(&r->lock);
    tick_locked(r, now);
    json_t *list = json_array();
    double started = now;
    for (size_t i = 0; i < r->n; i++) {
        const struct trainee *t = &r->t[i];
        const struct scenario *sc = scenario_of(r, t);
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "trainee", t->id, "name", t->name,
                              "scenario", sc->id, "title", sc->title, "status", status_of(t));
        add_score(r, t, o, now);
        json_array_append_new(list, o);
        started = t->joined < started ? t->joined : started;
    }
    pthread_mutex_unlock(&r->lock);
    return json_pack("{s:f, s:f, s:o}", "started", round(started * 1000) / 1000, "now",
                     round(now * 1000) / 1000, "trainees", list);
}

void sim_room_tick(struct sim_room *r, double now)
{
    pthread_mutex_lock(&r->lock);
    tick_locked(r, now);
    pthread_mutex_unlock(&r->lock);
}

/* ---- what signed requests meet ---- */

int sim_room_find_key(struct sim_room *r, const char *access_key_id, struct sim_auth_key *key)
{
    int found = -1;
    memset(key, 0, sizeof *key);
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->n && found < 0; i++) {
        if (strcmp(r->t[i].access_key_id, access_key_id) != 0)
            continue;
        found = (int)i;
        key->access_key_id = xstrdup(r->t[i].access_key_id);
        key->secret_access_key = secmem_strdup(r->t[i].secret);
    }
    pthread_mutex_unlock(&r->lock);
    return found;
}

/* The scenario fields read here are immutable once loaded: no lock needed for them. */
static const struct room_scenario *trainee_scenario(struct sim_room *r, int trainee)
{
    pthread_mutex_lock(&r->lock);
    const struct room_scenario *rs = &r->sc[r->t[trainee].scenario];
    pthread_mutex_unlock(&r->lock);
    return rs;
}

const struct sim_plans *sim_room_plans(struct sim_room *r, int trainee)
{
    return trainee_scenario(r, trainee)->plans;
}

double sim_room_delay(struct sim_room *r, int trainee)
{
    return trainee_scenario(r, trainee)->sc->delay;
}

bool sim_room_deny(struct sim_room *r, int trainee)
{
    return trainee_scenario(r, trainee)->sc->deny;
}

const char *sim_room_take_fault(struct sim_room *r, int trainee)
{
    const char *fault = NULL;
    pthread_mutex_lock(&r->lock);
    struct trainee *t = &r->t[trainee];
    if (t->throttle > 0) {
        t->throttle--;
        fault = "throttle";
    } else if (t->fail > 0) {
        t->fail--;
        fault = "fail";
    } else if (t->drop > 0) {
        t->drop--;
        fault = "drop";
    }
    if (fault)
        t->faults_met++;
    pthread_mutex_unlock(&r->lock);
    return fault;
}

void sim_room_seen(struct sim_room *r, int trainee, double now)
{
    pthread_mutex_lock(&r->lock);
    tick_locked(r, now);
    seen_locked(r, &r->t[trainee], now);
    pthread_mutex_unlock(&r->lock);
}

void sim_room_declared(struct sim_room *r, int trainee, const json_t *body, double now)
{
    pthread_mutex_lock(&r->lock);
    tick_locked(r, now);
    struct trainee *t = &r->t[trainee];
    seen_locked(r, t, now);
    t->declarations++;
    if (!t->body) {
        t->body = json_deep_copy(body);
        t->first_declared = now;
    }
    json_t *e = trainee_event(r, t, "declare", now);
    add_score(r, t, e, now);
    log_event(r, e);
    pthread_mutex_unlock(&r->lock);
}
