/* Scoring one drill declaration against its scenario: each rule yields a point that passed or
   was lost, with the reason in words a trainee can act on. */
#define _GNU_SOURCE
#include "forms/drill_score.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xalloc.h"

static void add_point(struct drill_card *c, const struct scenario *s, const char *name, bool scored,
                      bool passed, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void add_point(struct drill_card *c, const struct scenario *s, const char *name, bool scored,
                      bool passed, const char *fmt, ...)
{
    if (c->n >= DRILL_MAX_POINTS)
        return;
    struct drill_point *p = &c->points[c->n++];
    va_list ap;
    va_start(ap, fmt);
    p->reason = xvasprintf(fmt, ap);
    va_end(ap);
    p->name = name;
    p->scored = scored;
    p->passed = passed;
    p->explanation = scenario_explain(s, name);
    if (scored) {
        c->max++;
        c->score += passed;
    }
}

/* The array's strings joined by ", " (caller frees). */
static char *join(const json_t *a)
{
    struct buf b = BUF_INIT;
    size_t i;
    const json_t *e;
    json_array_foreach(a, i, e) buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(e));
    char *r = xstrdup(buf_cstr(&b));
    buf_free(&b);
    return r;
}

static void score_plan(struct drill_card *c, const struct scenario *s, const json_t *body)
{
    const char *arn = json_string_value(json_object_get(body, "responsePlanArn"));
    const char *name = scenario_plan_name(arn);
    size_t i;
    const json_t *e;
    json_array_foreach(s->expect_plans, i, e)
    {
        if (name && strcmp(name, json_string_value(e)) == 0) {
            add_point(c, s, "plan", true, true, "%s is an acceptable plan.", name);
            return;
        }
    }
    char *want = join(s->expect_plans);
    add_point(c, s, "plan", true, false, "%s is not an acceptable plan (acceptable: %s).",
              name  ? name
              : arn ? arn
                    : "no plan",
              want);
    free(want);
}

static void score_impact(struct drill_card *c, const struct scenario *s, const json_t *body)
{
    const json_t *v = json_object_get(body, "impact");
    long impact = json_is_integer(v) ? (long)json_integer_value(v) : 0;
    char range[32];
    if (s->impact_min == s->impact_max)
        snprintf(range, sizeof range, "%d", s->impact_min);
    else
        snprintf(range, sizeof range, "%d to %d", s->impact_min, s->impact_max);
    if (impact >= s->impact_min && impact <= s->impact_max)
        add_point(c, s, "impact", true, true, "Impact %ld is inside the expected %s.", impact,
                  range);
    else
        add_point(c, s, "impact", true, false, "Impact %ld is outside the expected %s: %s.", impact,
                  range,
                  impact < s->impact_min ? "too severe (1 is the most severe)"
                                         : "not severe enough");
}

/* Whether any string inside v contains needle, ignoring case. */
static bool json_has_text(const json_t *v, const char *needle)
{
    if (json_is_string(v))
        return strcasestr(json_string_value(v), needle) != NULL;
    const json_t *e;
    if (json_is_object(v)) {
        const char *k;
        json_object_foreach((json_t *)v, k, e) if (json_has_text(e, needle)) return true;
    } else if (json_is_array(v)) {
        size_t i;
        json_array_foreach(v, i, e) if (json_has_text(e, needle)) return true;
    }
    return false;
}

static bool has_item(const json_t *items, const char *type, const char *contains)
{
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it)
    {
        const json_t *id = json_object_get(it, "identifier");
        const char *t = json_string_value(json_object_get(id, "type"));
        if (t && strcmp(t, type) == 0 && json_has_text(json_object_get(id, "value"), contains))
            return true;
    }
    return false;
}

static void score_items(struct drill_card *c, const struct scenario *s, const json_t *body)
{
    const json_t *items = json_object_get(body, "relatedItems");
    struct buf missing = BUF_INIT;
    size_t i, nmissing = 0;
    const json_t *want;
    json_array_foreach(s->expect_items, i, want)
    {
        const char *type = json_string_value(json_object_get(want, "type"));
        const char *contains = json_string_value(json_object_get(want, "contains"));
        if (!has_item(items, type, contains))
            buf_printf(&missing, "%s%s with \"%s\"", nmissing++ ? "; " : "", type, contains);
    }
    if (nmissing)
        add_point(c, s, "related_items", true, false, "Missing related item%s: %s.",
                  nmissing == 1 ? "" : "s", buf_cstr(&missing));
    else if (json_array_size(s->expect_items))
        add_point(c, s, "related_items", true, true, "Every required related item is there.");
    else
        add_point(c, s, "related_items", true, true, "No related item was required.");
    buf_free(&missing);
}

static void score_title(struct drill_card *c, const struct scenario *s, const json_t *body)
{
    const char *title = json_string_value(json_object_get(body, "title"));
    struct buf missing = BUF_INIT;
    size_t i, nmissing = 0;
    const json_t *w;
    json_array_foreach(s->title_words, i, w)
    {
        if (!title || !strcasestr(title, json_string_value(w)))
            buf_printf(&missing, "%s\"%s\"", nmissing++ ? ", " : "", json_string_value(w));
    }
    if (nmissing)
        add_point(c, s, "title", true, false, "The title does not say %s.", buf_cstr(&missing));
    else
        add_point(c, s, "title", true, true, "The title says what it must.");
    buf_free(&missing);
}

static void score_time(struct drill_card *c, const struct scenario *s, double seconds)
{
    long t = s->time_target;
    if (seconds < 0) {
        add_point(c, s, "time", true, false, "The time to declare is not known.");
        return;
    }
    long took = (long)(seconds + 0.5);
    add_point(c, s, "time", true, seconds <= (double)t,
              "Declared in %ldm%02lds; the target is %ldm%02lds.", took / 60, took % 60, t / 60,
              t % 60);
}

static void score_retries(struct drill_card *c, const struct scenario *s,
                          const struct drill_attempt *a)
{
    if (a->incidents > 1)
        add_point(c, s, "retries", true, false,
                  "%d incidents were created: a retry made a duplicate.", a->incidents);
    else if (a->faults_met)
        add_point(c, s, "retries", true, true,
                  "%d failed attempt%s retried without a second incident.", a->faults_met,
                  a->faults_met == 1 ? "" : "s");
    else
        add_point(c, s, "retries", true, true, "One request, one incident.");
}

/* Keys used: scored against the scenario's keys target when it has one, else shown. Only when
   the front end counted them (a room's scripted declaration has no keys). */
static void score_keys(struct drill_card *c, const struct scenario *s, long keys)
{
    if (keys < 0)
        return;
    if (s->keys_target <= 0)
        add_point(c, s, "keys", false, true, "%ld key%s pressed.", keys, keys == 1 ? "" : "s");
    else
        add_point(c, s, "keys", true, keys <= s->keys_target,
                  "%ld key%s pressed; the target is %ld.", keys, keys == 1 ? "" : "s",
                  s->keys_target);
}

/* Validation problems: meeting one is how the form teaches; leaving one unfixed loses the
   point. */
static void score_validation(struct drill_card *c, const struct scenario *s, int met, int fixed)
{
    if (met < 0)
        return;
    if (met == 0)
        add_point(c, s, "validation", true, true, "No validation problem met.");
    else
        add_point(c, s, "validation", true, fixed >= met,
                  "%d validation problem%s met, %d fixed before the declaration.", met,
                  met == 1 ? "" : "s", fixed);
}

/* A scenario whose right outcome is no incident (the service refuses): the one scored point is
   that none was created. */
static void score_refusal(struct drill_card *c, const struct scenario *s,
                          const struct drill_attempt *a)
{
    add_point(c, s, "retries", true, a->incidents == 0,
              a->incidents == 0 ? "No incident was created: the refusal was recognised."
                                : "An incident was created where none could be.");
}

/* Nothing declared: no point is earned, the effort points (when measured) included. */
static void score_nothing(struct drill_card *c, const struct scenario *s,
                          const struct drill_attempt *a)
{
    for (const char *const *p = scenario_point_names; *p; p++)
        add_point(c, s, *p, true, false, "No incident was declared.");
    if (a->keys >= 0)
        add_point(c, s, "keys", s->keys_target > 0, false, "No incident was declared.");
    if (a->problems_met >= 0)
        add_point(c, s, "validation", true, false, "No incident was declared.");
}

void drill_score(const struct scenario *s, const struct drill_attempt *a, struct drill_card *card)
{
    memset(card, 0, sizeof *card);
    if (!a->body && s->expect_declared) {
        score_nothing(card, s, a);
        return;
    }
    if (!s->expect_declared) {
        score_refusal(card, s, a);
    } else {
        score_plan(card, s, a->body);
        score_impact(card, s, a->body);
        score_items(card, s, a->body);
        score_title(card, s, a->body);
        score_time(card, s, a->seconds);
        score_retries(card, s, a);
    }
    score_keys(card, s, a->keys);
    score_validation(card, s, a->problems_met, a->problems_fixed);
}

void drill_card_free(struct drill_card *card)
{
    for (size_t i = 0; i < card->n; i++)
        free(card->points[i].reason);
    memset(card, 0, sizeof *card);
}

json_t *drill_card_json(const struct drill_card *card)
{
    json_t *points = json_array();
    for (size_t i = 0; i < card->n; i++) {
        const struct drill_point *p = &card->points[i];
        json_array_append_new(points,
                              json_pack("{s:s, s:b, s:b, s:s}", "name", p->name, "scored",
                                        p->scored, "passed", p->passed, "reason", p->reason));
    }
    return json_pack("{s:i, s:i, s:o}", "score", card->score, "max", card->max, "points", points);
}
