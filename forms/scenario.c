/* Drill scenario files: parse the JSON, check every member, and say what is wrong by field path
   so that a trainer can fix a file without reading the code. */
#include "forms/scenario.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/xalloc.h"
#include "forms/fields.h"
#include "forms/validate.h"

const char *const scenario_catalogue_names[] = {
    "critical-outage", "database-degraded", "security-event", "payments-latency", "minor-bug", NULL,
};
const char *const scenario_fault_names[] = {"throttle", "fail", "drop", "delay", "deny", NULL};
const char *const scenario_point_names[] = {"plan",    "impact", "related_items", "title", "time",
                                            "retries", NULL};
const char *const scenario_effort_names[] = {"keys", "validation", NULL};

/* Keys a declaration can need at most: a keys target above it is a typo. */
#define SCENARIO_MAX_KEYS 10000

static const char *const difficulties[] = {"easy", "medium", "hard", NULL};

/* The checker's state: where problems go and how to name the scenario in them. */
struct check {
    const char *origin;
    const char *id; /* "?" until the id is known */
    struct buf *out;
    int problems;
};

static void problem(struct check *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(struct check *c, const char *path, const char *fmt, ...)
{
    buf_printf(c->out, "%s: scenario %s: %s: ", c->origin, c->id, path);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(c->out, fmt, ap);
    va_end(ap);
    buf_puts(c->out, "\n");
    c->problems++;
}

static bool in_list(const char *const *list, const char *s)
{
    for (; s && *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

/* Member key of o, or NULL when absent; a required one's absence is a problem naming what
   should be there, so that every want_* says "missing" the same way. */
static const json_t *want_member(struct check *c, const json_t *o, const char *key,
                                 const char *path, bool required, const char *what)
{
    const json_t *v = json_object_get(o, key);
    if (!v && required)
        problem(c, path, "missing (%s is required)", what);
    return v;
}

/* A required (or, with !required, optional) string member; NULL when absent or wrong. */
static const char *want_string(struct check *c, const json_t *o, const char *key, const char *path,
                               bool required)
{
    const json_t *v = want_member(c, o, key, path, required, "a string");
    if (!v)
        return NULL;
    if (!json_is_string(v) || json_string_length(v) == 0) {
        problem(c, path, "must be a non-empty string");
        return NULL;
    }
    return json_string_value(v);
}

static const json_t *want_object(struct check *c, const json_t *o, const char *key,
                                 const char *path, bool required)
{
    const json_t *v = want_member(c, o, key, path, required, "an object");
    if (!v)
        return NULL;
    if (!json_is_object(v)) {
        problem(c, path, "must be an object");
        return NULL;
    }
    return v;
}

/* An array of non-empty strings (optional when !required). */
static const json_t *want_strings(struct check *c, const json_t *o, const char *key,
                                  const char *path, bool required)
{
    const json_t *v = want_member(c, o, key, path, required, "an array of strings");
    if (!v)
        return NULL;
    if (!json_is_array(v) || (required && json_array_size(v) == 0)) {
        problem(c, path, "must be a non-empty array of strings");
        return NULL;
    }
    size_t i;
    const json_t *e;
    json_array_foreach(v, i, e)
    {
        if (!json_is_string(e) || json_string_length(e) == 0) {
            problem(c, path, "member %zu must be a non-empty string", i);
            return NULL;
        }
    }
    return v;
}

/* Element i of the array at prefix, which must be an object of the given shape ("{\"title\",
   \"url\"}"): path gets its name ("brief.links[2]") for the element's own problems; NULL after a
   problem when it is not an object. */
static const json_t *want_element(struct check *c, const json_t *e, const char *prefix, size_t i,
                                  const char *shape, char *path, size_t size)
{
    snprintf(path, size, "%s[%zu]", prefix, i);
    if (!json_is_object(e)) {
        problem(c, path, "must be an object %s", shape);
        return NULL;
    }
    return e;
}

/* An integer member within [min, max]; def when absent and optional. */
static long want_int(struct check *c, const json_t *o, const char *key, const char *path, long min,
                     long max, long def, bool required)
{
    char what[64];
    snprintf(what, sizeof what, "a whole number from %ld to %ld", min, max);
    const json_t *v = want_member(c, o, key, path, required, what);
    if (!v)
        return def;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        problem(c, path, "must be a whole number from %ld to %ld", min, max);
        return def;
    }
    return (long)json_integer_value(v);
}

static void check_id(struct check *c, struct scenario *s)
{
    s->id = want_string(c, s->root, "id", "id", true);
    if (!s->id)
        return;
    for (const char *p = s->id; *p; p++) {
        if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-') {
            problem(c, "id", "use lower-case letters, digits and '-' only");
            s->id = NULL;
            return;
        }
    }
    c->id = s->id;
}

static void check_brief(struct check *c, struct scenario *s)
{
    s->brief = want_object(c, s->root, "brief", "brief", true);
    if (!s->brief)
        return;
    want_string(c, s->brief, "page", "brief.page", true);
    want_string(c, s->brief, "time", "brief.time", true);
    want_strings(c, s->brief, "symptoms", "brief.symptoms", true);
    const json_t *links = json_object_get(s->brief, "links");
    if (!links)
        return;
    if (!json_is_array(links)) {
        problem(c, "brief.links", "must be an array of {\"title\", \"url\"}");
        return;
    }
    size_t i;
    const json_t *l;
    json_array_foreach(links, i, l)
    {
        char path[64];
        if (!want_element(c, l, "brief.links", i, "{\"title\", \"url\"}", path, sizeof path))
            continue;
        char sub[80];
        snprintf(sub, sizeof sub, "%s.title", path);
        want_string(c, l, "title", sub, true);
        snprintf(sub, sizeof sub, "%s.url", path);
        want_string(c, l, "url", sub, true);
    }
}

/* One plan of an inline catalogue: a name, and a template with a title and an impact 1-5. */
static void check_plan(struct check *c, const json_t *p, size_t i)
{
    char path[96];
    snprintf(path, sizeof path, "plans[%zu]", i);
    if (!json_is_object(p)) {
        problem(c, path, "must be a response plan object");
        return;
    }
    snprintf(path, sizeof path, "plans[%zu].name", i);
    const char *name = want_string(c, p, "name", path, true);
    for (const char *q = name; q && *q; q++) {
        if (!isalnum((unsigned char)*q) && *q != '-' && *q != '_') {
            problem(c, path, "use letters, digits, '-' and '_' only (it ends the plan's ARN)");
            break;
        }
    }
    snprintf(path, sizeof path, "plans[%zu].incidentTemplate", i);
    const json_t *t = want_object(c, p, "incidentTemplate", path, true);
    if (!t)
        return;
    snprintf(path, sizeof path, "plans[%zu].incidentTemplate.title", i);
    want_string(c, t, "title", path, true);
    snprintf(path, sizeof path, "plans[%zu].incidentTemplate.impact", i);
    want_int(c, t, "impact", path, 1, 5, 0, true);
}

static void check_plans(struct check *c, struct scenario *s)
{
    const json_t *v = json_object_get(s->root, "plans");
    if (!v) {
        problem(c, "plans", "missing (\"catalogue\" or an array of response plans)");
    } else if (json_is_string(v)) {
        if (strcmp(json_string_value(v), "catalogue") != 0)
            problem(c, "plans", "must be \"catalogue\" or an array of response plans");
        else
            s->catalogue = true;
    } else if (json_is_array(v) && json_array_size(v) > 0) {
        s->plans = v;
        size_t i;
        const json_t *p;
        json_array_foreach(v, i, p) check_plan(c, p, i);
    } else {
        problem(c, "plans", "must be \"catalogue\" or a non-empty array of response plans");
    }
}

static void check_faults(struct check *c, struct scenario *s)
{
    const json_t *f = want_object(c, s->root, "faults", "faults", false);
    if (!f)
        return;
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)f, key, v)
    {
        char path[80];
        snprintf(path, sizeof path, "faults.%.60s", key);
        if (!in_list(scenario_fault_names, key))
            problem(c, path, "unknown fault (known: throttle, fail, drop, delay, deny)");
        else if (strcmp(key, "deny") == 0 && !json_is_boolean(v))
            problem(c, path, "must be true or false");
    }
    s->throttle = (int)want_int(c, f, "throttle", "faults.throttle", 0, 100, 0, false);
    s->fail = (int)want_int(c, f, "fail", "faults.fail", 0, 100, 0, false);
    s->drop = (int)want_int(c, f, "drop", "faults.drop", 0, 100, 0, false);
    s->deny = json_is_true(json_object_get(f, "deny"));
    const json_t *d = json_object_get(f, "delay");
    if (d && (!json_is_number(d) || !isfinite(json_number_value(d)) || json_number_value(d) < 0 ||
              json_number_value(d) > 60))
        problem(c, "faults.delay", "must be a number of seconds from 0 to 60");
    else if (d)
        s->delay = json_number_value(d);
}

/* Whether name is a plan the scenario serves. */
static bool plan_known(const struct scenario *s, const char *name)
{
    if (s->catalogue)
        return in_list(scenario_catalogue_names, name);
    size_t i;
    const json_t *p;
    json_array_foreach(s->plans, i, p)
    {
        const char *n = json_string_value(json_object_get(p, "name"));
        if (n && strcmp(n, name) == 0)
            return true;
    }
    return false;
}

static void check_expected_plans(struct check *c, struct scenario *s, const json_t *e)
{
    s->expect_plans = want_strings(c, e, "plans", "expected.plans", s->expect_declared);
    if (!s->expect_plans || (!s->catalogue && !s->plans))
        return;
    size_t i;
    const json_t *p;
    json_array_foreach(s->expect_plans, i, p)
    {
        if (!plan_known(s, json_string_value(p))) {
            char path[64];
            snprintf(path, sizeof path, "expected.plans[%zu]", i);
            problem(c, path, "unknown plan \"%s\" (not in %s)", json_string_value(p),
                    s->catalogue ? "the bundled catalogue" : "plans");
        }
    }
}

static void check_expected_items(struct check *c, struct scenario *s, const json_t *e)
{
    s->expect_items = json_object_get(e, "related_items");
    if (!s->expect_items)
        return;
    if (!json_is_array(s->expect_items)) {
        problem(c, "expected.related_items", "must be an array of {\"type\", \"contains\"}");
        s->expect_items = NULL;
        return;
    }
    const struct field_def *types = forms_field("relatedItems[].identifier.type");
    size_t i;
    const json_t *it;
    json_array_foreach(s->expect_items, i, it)
    {
        char path[80];
        if (!want_element(c, it, "expected.related_items", i, "{\"type\", \"contains\"}", path,
                          sizeof path))
            continue;
        char sub[96];
        snprintf(sub, sizeof sub, "%s.type", path);
        const char *type = want_string(c, it, "type", sub, true);
        if (type && !in_list(types->enum_values, type))
            problem(c, sub, "unknown related-item type \"%s\"", type);
        snprintf(sub, sizeof sub, "%s.contains", path);
        want_string(c, it, "contains", sub, true);
    }
}

static void check_expected(struct check *c, struct scenario *s)
{
    const json_t *e = want_object(c, s->root, "expected", "expected", true);
    if (!e)
        return;
    const json_t *d = json_object_get(e, "declared");
    if (d && !json_is_boolean(d))
        problem(c, "expected.declared", "must be true or false");
    s->expect_declared = !json_is_false(d);
    check_expected_plans(c, s, e);
    const json_t *imp = json_object_get(e, "impact");
    if (!imp && s->expect_declared) {
        problem(c, "expected.impact", "missing (an object {\"min\", \"max\"} is required)");
    } else if (imp && !json_is_object(imp)) {
        problem(c, "expected.impact", "must be an object {\"min\", \"max\"}");
    } else if (imp) {
        s->impact_min = (int)want_int(c, imp, "min", "expected.impact.min", 1, 5, 1, true);
        s->impact_max = (int)want_int(c, imp, "max", "expected.impact.max", 1, 5, 5, true);
        if (s->impact_min > s->impact_max)
            problem(c, "expected.impact", "min %d is above max %d", s->impact_min, s->impact_max);
    }
    check_expected_items(c, s, e);
    s->title_words = want_strings(c, e, "title_words", "expected.title_words", false);
    s->time_target =
        want_int(c, e, "time_target_seconds", "expected.time_target_seconds", 1, 86400, 0, true);
    s->keys_target =
        want_int(c, e, "keys_target", "expected.keys_target", 1, SCENARIO_MAX_KEYS, 0, false);
}

static void check_explanation(struct check *c, struct scenario *s)
{
    s->explanation = want_object(c, s->root, "explanation", "explanation", true);
    if (!s->explanation)
        return;
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)s->explanation, key, v)
    {
        char path[96];
        snprintf(path, sizeof path, "explanation.%.70s", key);
        if (!in_list(scenario_point_names, key) && !in_list(scenario_effort_names, key))
            problem(c, path,
                    "not a point of the score card (plan, impact, related_items, "
                    "title, time, retries, keys, validation)");
        else if (!json_is_string(v))
            problem(c, path, "must be a string");
    }
    for (const char *const *p = scenario_point_names; *p; p++) {
        if (!json_object_get(s->explanation, *p)) {
            char path[64];
            snprintf(path, sizeof path, "explanation.%s", *p);
            problem(c, path, "missing (every point of the score card is explained)");
        }
    }
    if (s->keys_target && !json_object_get(s->explanation, "keys"))
        problem(c, "explanation.keys",
                "missing (expected.keys_target is set: say why that many keys are enough)");
}

/* The model declaration: a StartIncident body naming a plan the scenario serves, valid by the
   same field table as every declaration (a model the service would refuse teaches nothing). */
static void check_model(struct check *c, struct scenario *s)
{
    s->model = want_object(c, s->root, "model", "model", s->expect_declared);
    if (!s->model)
        return;
    /* Optional for the service (the plan's template fills them), not for a model answer. */
    if (!json_object_get(s->model, "title"))
        problem(c, "model.title", "missing (the model declaration says its title)");
    if (!json_object_get(s->model, "impact"))
        problem(c, "model.impact", "missing (the model declaration says its impact)");
    json_t *body = json_deep_copy(s->model);
    struct problems found = PROBLEMS_INIT;
    if (forms_normalize_start_incident(body, &found) == 0)
        forms_validate_start_incident(body, &found);
    for (size_t i = 0; i < found.n; i++) {
        char path[300];
        snprintf(path, sizeof path, "model.%.280s", found.v[i].path);
        problem(c, path, "%s", found.v[i].message);
    }
    problems_free(&found);
    json_decref(body);
    const char *arn = json_string_value(json_object_get(s->model, "responsePlanArn"));
    const char *name = arn ? scenario_plan_name(arn) : NULL;
    if (arn && (!name || ((s->catalogue || s->plans) && !plan_known(s, name))))
        problem(c, "model.responsePlanArn", "unknown plan \"%s\" (an ARN %s<name>)", arn,
                SCENARIO_PLAN_ARN_PREFIX);
}

static void check_all(struct check *c, struct scenario *s)
{
    check_id(c, s);
    s->title = want_string(c, s->root, "title", "title", true);
    s->difficulty = want_string(c, s->root, "difficulty", "difficulty", true);
    if (s->difficulty && !in_list(difficulties, s->difficulty))
        problem(c, "difficulty", "must be easy, medium or hard");
    check_brief(c, s);
    check_plans(c, s);
    check_faults(c, s);
    s->expect_declared = true; /* unless expected.declared says otherwise */
    check_expected(c, s);
    check_explanation(c, s);
    check_model(c, s);
}

struct scenario *scenario_parse(const char *text, size_t len, const char *origin,
                                struct buf *problems)
{
    struct check c = {.origin = origin, .id = "?", .out = problems};
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        buf_printf(problems, "%s: not JSON: line %d column %d: %s\n", origin, je.line, je.column,
                   je.text);
        return NULL;
    }
    struct scenario *s = xcalloc(1, sizeof *s);
    s->root = root;
    s->origin = xstrdup(origin);
    if (!json_is_object(root))
        problem(&c, "(top level)", "must be an object");
    else
        check_all(&c, s);
    if (c.problems) {
        scenario_free(s);
        return NULL;
    }
    return s;
}

struct scenario *scenario_load(const char *path, struct buf *problems)
{
    char *text;
    size_t len;
    struct buf why = BUF_INIT;
    if (file_read(path, SCENARIO_MAX_FILE, &text, &len, &why) != FILE_OK) {
        buf_printf(problems, "%s: %s\n", path, buf_cstr(&why));
        buf_free(&why);
        return NULL;
    }
    struct scenario *s = scenario_parse(text, len, path, problems);
    free(text);
    return s;
}

void scenario_free(struct scenario *s)
{
    if (!s)
        return;
    json_decref(s->root);
    FREE_ALL(s->origin, s);
}

const char *scenario_plan_name(const char *arn)
{
    size_t n = strlen(SCENARIO_PLAN_ARN_PREFIX);
    if (!arn || strncmp(arn, SCENARIO_PLAN_ARN_PREFIX, n) != 0 || !arn[n] || strchr(arn + n, '/'))
        return NULL;
    return arn + n;
}

const char *scenario_explain(const struct scenario *s, const char *point)
{
    const char *t = json_string_value(json_object_get(s->explanation, point));
    return t ? t : "";
}
