/* A drill room's trainee read from the simulator's JSON (state answer or log line), each field's
   type and range checked, so that a wrong or hostile value is refused rather than shown. */
#include "forms/room.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

/* Counts and seconds past this are not a drill's: a broken or hostile log, not a slow trainee. */
#define ROOM_MAX_COUNT   1000000000L
#define ROOM_MAX_SECONDS 1e9
#define ROOM_MAX_TEXT    4096
#define ROOM_MAX_POINTS  64

static const char *const room_status_names[] = {"active", "declared", "quit", "lost"};

const char *room_status_name(enum room_status s)
{
    return (unsigned)s < 4 ? room_status_names[s] : "?";
}

int room_status_parse(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(room_status_names[i], s) == 0)
            return i;
    return -1;
}

void room_trainee_init(struct room_trainee *t)
{
    memset(t, 0, sizeof *t);
    t->declarations = t->score = t->max = t->keys = t->problems = -1;
    t->seconds = -1;
}

static void room_points_free(struct room_point *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].rule);
        free(p[i].reason);
    }
    free(p);
}

void room_trainee_free(struct room_trainee *t)
{
    free(t->trainee);
    free(t->name);
    free(t->scenario);
    free(t->title);
    room_points_free(t->points, t->npoints);
    room_trainee_init(t);
}

static char *room_dup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void room_trainee_copy(struct room_trainee *dst, const struct room_trainee *src)
{
    *dst = *src;
    dst->trainee = room_dup(src->trainee);
    dst->name = room_dup(src->name);
    dst->scenario = room_dup(src->scenario);
    dst->title = room_dup(src->title);
    dst->points = src->npoints ? xcalloc(src->npoints, sizeof *dst->points) : NULL;
    for (size_t i = 0; i < src->npoints; i++) {
        dst->points[i].rule = room_dup(src->points[i].rule);
        dst->points[i].ok = src->points[i].ok;
        dst->points[i].reason = room_dup(src->points[i].reason);
    }
}

/* A string field: absent leaves *dst; anything but a string of sane length with no NUL is
   refused (a NUL would cut the text shown short of what the log says). */
static int room_text(const json_t *o, const char *key, char **dst, struct buf *why)
{
    const json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    size_t len = json_string_length(v);
    if (!json_is_string(v) || len > ROOM_MAX_TEXT || strlen(json_string_value(v)) != len) {
        buf_printf(why, "\"%s\" is not a string of at most %d bytes", key, ROOM_MAX_TEXT);
        return -1;
    }
    free(*dst);
    *dst = xstrdup(json_string_value(v));
    return 0;
}

static int room_count(const json_t *o, const char *key, long *dst, struct buf *why)
{
    const json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        json_integer_value(v) > ROOM_MAX_COUNT) {
        buf_printf(why, "\"%s\" is not a whole number from 0 to %ld", key, ROOM_MAX_COUNT);
        return -1;
    }
    *dst = (long)json_integer_value(v);
    return 0;
}

static int room_secs(const json_t *o, const char *key, double *dst, struct buf *why)
{
    const json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    double d = json_number_value(v);
    if (!json_is_number(v) || !isfinite(d) || d < 0 || d > ROOM_MAX_SECONDS) {
        buf_printf(why, "\"%s\" is not a number of seconds from 0 to %.0f", key, ROOM_MAX_SECONDS);
        return -1;
    }
    *dst = d;
    return 0;
}

static int room_status_field(const json_t *o, struct room_trainee *t, struct buf *why)
{
    const json_t *v = json_object_get(o, "status");
    if (!v)
        return 0;
    int s = json_is_string(v) ? room_status_parse(json_string_value(v)) : -1;
    if (s < 0) {
        buf_puts(why, "\"status\" is not active, declared, quit or lost");
        return -1;
    }
    t->status = (enum room_status)s;
    return 0;
}

static int room_points_field(const json_t *o, struct room_trainee *t, struct buf *why)
{
    const json_t *arr = json_object_get(o, "points");
    if (!arr)
        return 0;
    if (!json_is_array(arr) || json_array_size(arr) > ROOM_MAX_POINTS) {
        buf_printf(why, "\"points\" is not a list of at most %d points", ROOM_MAX_POINTS);
        return -1;
    }
    size_t n = json_array_size(arr);
    struct room_point *p = n ? xcalloc(n, sizeof *p) : NULL;
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(arr, i);
        const json_t *ok = json_object_get(e, "ok");
        if (!json_is_object(e) || !json_is_boolean(ok) || !json_object_get(e, "rule") ||
            room_text(e, "rule", &p[i].rule, why) || room_text(e, "reason", &p[i].reason, why)) {
            if (!why->len)
                buf_printf(why, "point %zu has no \"rule\" string and \"ok\" true or false", i + 1);
            room_points_free(p, n);
            return -1;
        }
        p[i].ok = json_is_true(ok);
    }
    room_points_free(t->points, t->npoints);
    t->points = p;
    t->npoints = n;
    return 0;
}

/* Every field onto t; stops at the first bad one. */
static int room_fields(const json_t *o, struct room_trainee *t, struct buf *why)
{
    return room_text(o, "trainee", &t->trainee, why) || room_text(o, "name", &t->name, why) ||
           room_text(o, "scenario", &t->scenario, why) || room_text(o, "title", &t->title, why) ||
           room_status_field(o, t, why) ||
           room_count(o, "declarations", &t->declarations, why) ||
           room_count(o, "score", &t->score, why) || room_count(o, "max", &t->max, why) ||
           room_count(o, "keys", &t->keys, why) || room_count(o, "problems", &t->problems, why) ||
           room_secs(o, "seconds", &t->seconds, why) || room_points_field(o, t, why);
}

int room_trainee_apply(struct room_trainee *t, const json_t *o, struct buf *why)
{
    if (!json_is_object(o)) {
        buf_puts(why, "not a JSON object");
        return -1;
    }
    struct room_trainee next;
    room_trainee_copy(&next, t);
    if (room_fields(o, &next, why) != 0) {
        room_trainee_free(&next);
        return -1;
    }
    room_trainee_free(t);
    *t = next;
    return 0;
}

const char *room_trainee_status_text(const struct room_trainee *t)
{
    if (t->declarations >= 2)
        return "declared twice";
    return room_status_name(t->status);
}

bool room_trainee_needs_trainer(const struct room_trainee *t)
{
    bool scored = t->declarations > 0 || t->status == ROOM_DECLARED;
    return t->status == ROOM_LOST || t->status == ROOM_QUIT || t->declarations >= 2 ||
           (scored && t->max > 0 && t->score >= 0 && t->score * 2 < t->max);
}

bool room_trainee_scored(const struct room_trainee *t)
{
    return t->score >= 0 && (t->declarations > 0 || t->status != ROOM_ACTIVE);
}

void room_seconds_text(double seconds, char *out, size_t size)
{
    if (seconds < 0) {
        snprintf(out, size, "-");
        return;
    }
    long s = (long)(seconds + 0.5);
    snprintf(out, size, "%ldm%02lds", s / 60, s % 60);
}

void room_state_free(struct room_state *st)
{
    for (size_t i = 0; i < st->n; i++)
        room_trainee_free(&st->trainees[i]);
    free(st->trainees);
    memset(st, 0, sizeof *st);
}

void room_state_copy(struct room_state *dst, const struct room_state *src)
{
    *dst = *src;
    dst->trainees = src->n ? xcalloc(src->n, sizeof *dst->trainees) : NULL;
    for (size_t i = 0; i < src->n; i++)
        room_trainee_copy(&dst->trainees[i], &src->trainees[i]);
}

static int room_state_fill(struct room_state *st, const json_t *root, struct buf *why)
{
    const json_t *list = json_object_get(root, "trainees");
    if (!json_is_object(root) || !json_is_array(list)) {
        buf_puts(why, "the answer has no \"trainees\" list");
        return -1;
    }
    st->started = json_number_value(json_object_get(root, "started"));
    st->now = json_number_value(json_object_get(root, "now"));
    size_t n = json_array_size(list);
    st->trainees = n ? xcalloc(n, sizeof *st->trainees) : NULL;
    for (size_t i = 0; i < n; i++) {
        struct room_trainee *t = &st->trainees[st->n++];
        room_trainee_init(t);
        if (room_trainee_apply(t, json_array_get(list, i), why) != 0 || !t->trainee) {
            if (!why->len)
                buf_puts(why, "no \"trainee\" id");
            buf_printf(why, " (trainee %zu)", i + 1);
            return -1;
        }
    }
    return 0;
}

int room_state_parse(struct room_state *st, const char *text, size_t len, struct buf *why)
{
    memset(st, 0, sizeof *st);
    json_error_t e;
    json_t *root = json_loadb(text, len, 0, &e);
    if (!root) {
        buf_printf(why, "not JSON: %s", e.text);
        return -1;
    }
    int rc = room_state_fill(st, root, why);
    json_decref(root);
    if (rc != 0)
        room_state_free(st);
    return rc;
}
