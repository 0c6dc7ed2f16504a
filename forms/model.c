/* The incident form as data: texts by request path, related items, and the StartIncident body. */
#include "forms/model.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/uuid.h"
#include "core/xalloc.h"
#include "forms/fields.h"
#include "forms/validate.h"

static const char *const model_kind_names[MODEL_NKINDS] = {"arn", "url", "metricDefinition",
                                                           "pagerDutyIncidentDetail"};

const char *model_kind_name(enum model_kind k)
{
    return (unsigned)k < MODEL_NKINDS ? model_kind_names[k] : "arn";
}

/* Where a text lives in its struct and the field that names it (FIELD_ID_COUNT: none). The two
   tables below are the one list of the model's texts: init, free, copy and the lookup by field
   id all walk them, so a new text is one row, not five edits that could drift. */
struct model_text {
    size_t offset;
    enum field_id id;
};

static const struct model_text model_texts[] = {
    {offsetof(struct form_model, plan_arn), FIELD_ID_RESPONSE_PLAN_ARN},
    {offsetof(struct form_model, plan_label), FIELD_ID_COUNT}, /* shown only */
    {offsetof(struct form_model, impact), FIELD_ID_IMPACT},
    {offsetof(struct form_model, title), FIELD_ID_TITLE},
    {offsetof(struct form_model, trigger_source), FIELD_ID_TRIGGER_SOURCE},
    {offsetof(struct form_model, trigger_timestamp), FIELD_ID_TRIGGER_TIMESTAMP},
    {offsetof(struct form_model, trigger_arn), FIELD_ID_TRIGGER_ARN},
    {offsetof(struct form_model, trigger_raw), FIELD_ID_TRIGGER_RAW_DATA},
};
#define MODEL_NTEXTS (sizeof model_texts / sizeof model_texts[0])

/* The item's one value answers to the arn id here; model_item_slot maps url and metric to it. */
static const struct model_text item_texts[] = {
    {offsetof(struct model_item, type), FIELD_ID_ITEM_TYPE},
    {offsetof(struct model_item, title), FIELD_ID_ITEM_TITLE},
    {offsetof(struct model_item, value), FIELD_ID_ITEM_ARN},
    {offsetof(struct model_item, pd_id), FIELD_ID_PAGERDUTY_ID},
    {offsetof(struct model_item, pd_secret_id), FIELD_ID_PAGERDUTY_SECRET_ID},
};
#define ITEM_NTEXTS (sizeof item_texts / sizeof item_texts[0])

/* The text t of the struct at owner (a form_model or a model_item, as the table says). owner
   is const so that model_get_id can share the lookup; only model_set_id writes through it. */
static char **model_text_at(const void *owner, const struct model_text *t)
{
    return (char **)((const char *)owner + t->offset);
}

/* Every text of owner set to a copy of the same text of src, or to "" when src is NULL. */
static void model_texts_dup(void *owner, const void *src, const struct model_text *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        *model_text_at(owner, &t[i]) = xstrdup(src ? *model_text_at(src, &t[i]) : "");
}

static void model_texts_free(void *owner, const struct model_text *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(*model_text_at(owner, &t[i]));
}

/* The text of owner named by field id, or NULL when none is. */
static char **model_texts_find(const void *owner, const struct model_text *t, size_t n,
                               enum field_id id)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].id == id)
            return model_text_at(owner, &t[i]);
    return NULL;
}

static void model_replace(char **slot, const char *text)
{
    char *copy = xstrdup(text ? text : "");
    free(*slot);
    *slot = copy;
}

void model_new_client_token(struct form_model *m)
{
    if (uuid_v4(m->client_token) != 0) {
        /* Without a random source a token could collide; refuse rather than guess. */
        fputs("klaxon: no random numbers for the clientToken\n", stderr);
        abort();
    }
}

void model_init(struct form_model *m)
{
    memset(m, 0, sizeof *m);
    model_texts_dup(m, NULL, model_texts, MODEL_NTEXTS);
    model_new_client_token(m);
}

void model_item_free(struct model_item *it)
{
    model_texts_free(it, item_texts, ITEM_NTEXTS);
    memset(it, 0, sizeof *it);
}

void model_free(struct form_model *m)
{
    model_texts_free(m, model_texts, MODEL_NTEXTS);
    for (size_t i = 0; i < m->nitems; i++)
        model_item_free(&m->items[i]);
    free(m->items);
    memset(m, 0, sizeof *m);
}

void model_item_copy(struct model_item *dst, const struct model_item *src)
{
    *dst = *src;
    model_texts_dup(dst, src, item_texts, ITEM_NTEXTS);
}

void model_copy(struct form_model *dst, const struct form_model *src)
{
    *dst = *src;
    model_texts_dup(dst, src, model_texts, MODEL_NTEXTS);
    dst->items = src->nitems ? xcalloc(src->nitems, sizeof *dst->items) : NULL;
    for (size_t i = 0; i < src->nitems; i++)
        model_item_copy(&dst->items[i], &src->items[i]);
}

/* The slot holding a related item's text (NULL if the field has none). The arn, url and
   metricDefinition ids all name the item's one value, whatever its kind. */
static char **model_item_slot(struct model_item *it, enum field_id id)
{
    if (id == FIELD_ID_ITEM_URL || id == FIELD_ID_ITEM_METRIC)
        id = FIELD_ID_ITEM_ARN;
    return model_texts_find(it, item_texts, ITEM_NTEXTS, id);
}

/* The slot holding a field's text (NULL if the field has none, or the item is out of range). */
static char **model_slot(const struct form_model *m, enum field_id id, size_t item)
{
    if (id == FIELD_ID_COUNT) /* plan_label's marker, not a field */
        return NULL;
    char **slot = model_texts_find(m, model_texts, MODEL_NTEXTS, id);
    if (slot)
        return slot;
    return item < m->nitems ? model_item_slot(&m->items[item], id) : NULL;
}

const char *model_get_id(const struct form_model *m, enum field_id id, size_t item)
{
    char **slot = model_slot(m, id, item);
    return slot ? *slot : NULL;
}

bool model_set_id(struct form_model *m, enum field_id id, size_t item, const char *text)
{
    char **slot = model_slot(m, id, item);
    if (!slot)
        return false;
    model_replace(slot, text);
    return true;
}

bool model_check_text_id(enum field_id id, const char *text, struct buf *why)
{
    const struct field_def *f = forms_field_by_id(id);
    if (!f)
        return true; /* not a field of the table (nothing to check) */
    return forms_check_value(f, text ? text : "", why);
}

bool model_check_id(const struct form_model *m, enum field_id id, size_t item, struct buf *why)
{
    return model_check_text_id(id, model_get_id(m, id, item), why);
}

/* The path-based forms, for drafts, problems and the front ends: parse once, then by id. A
   top-level field named with an index ("title[0]") is not in the table, so never parses. */
const char *model_get(const struct form_model *m, const char *path)
{
    enum field_id id;
    size_t item;
    return forms_field_parse(path, &id, &item) ? model_get_id(m, id, item) : NULL;
}

bool model_set(struct form_model *m, const char *path, const char *text)
{
    enum field_id id;
    size_t item;
    return forms_field_parse(path, &id, &item) && model_set_id(m, id, item, text);
}

bool model_check_text(const char *path, const char *text, struct buf *why)
{
    enum field_id id;
    if (!forms_field_parse(path, &id, NULL))
        return true; /* not a field of the table (nothing to check) */
    return model_check_text_id(id, text, why);
}

bool model_check(const struct form_model *m, const char *path, struct buf *why)
{
    return model_check_text(path, model_get(m, path), why);
}

size_t model_max_items(void)
{
    return (size_t)forms_fields[FIELD_ID_RELATED_ITEMS].max;
}

int model_add_item(struct form_model *m, const char *type)
{
    if (m->nitems >= model_max_items())
        return -1;
    m->items = xreallocarray(m->items, m->nitems + 1, sizeof *m->items);
    struct model_item *it = &m->items[m->nitems];
    memset(it, 0, sizeof *it);
    model_texts_dup(it, NULL, item_texts, ITEM_NTEXTS);
    model_set_item_type(it, type ? type : "");
    enum model_kind order[MODEL_NKINDS];
    model_kinds_for_type(it->type, order);
    it->kind = order[0]; /* a new item starts with its type's best fit */
    return (int)m->nitems++;
}

void model_remove_item(struct form_model *m, size_t i)
{
    if (i >= m->nitems)
        return;
    model_item_free(&m->items[i]);
    memmove(&m->items[i], &m->items[i + 1], (m->nitems - i - 1) * sizeof *m->items);
    m->nitems--;
}

/* Which value kinds fit which item type, best first. Decided from the service's documentation
   and console: metrics are CloudWatch metric definitions; PagerDuty incidents are INCIDENT items;
   attachments and free-form items are links; everything else is an AWS resource (ARN). */
static const struct {
    const char *type;
    enum model_kind kinds[MODEL_NKINDS];
    size_t nsuggested;
} model_type_kinds[] = {
    {"METRIC", {MODEL_KIND_METRIC, MODEL_KIND_ARN, MODEL_KIND_URL, MODEL_KIND_PAGERDUTY}, 2},
    {"INCIDENT", {MODEL_KIND_ARN, MODEL_KIND_PAGERDUTY, MODEL_KIND_URL, MODEL_KIND_METRIC}, 2},
    {"ATTACHMENT", {MODEL_KIND_URL, MODEL_KIND_ARN, MODEL_KIND_METRIC, MODEL_KIND_PAGERDUTY}, 2},
    {"OTHER", {MODEL_KIND_URL, MODEL_KIND_ARN, MODEL_KIND_METRIC, MODEL_KIND_PAGERDUTY}, 2},
    {"TASK", {MODEL_KIND_URL, MODEL_KIND_ARN, MODEL_KIND_METRIC, MODEL_KIND_PAGERDUTY}, 2},
    {"ANALYSIS", {MODEL_KIND_ARN, MODEL_KIND_URL, MODEL_KIND_METRIC, MODEL_KIND_PAGERDUTY}, 2},
    {"PARENT", {MODEL_KIND_ARN, MODEL_KIND_URL, MODEL_KIND_METRIC, MODEL_KIND_PAGERDUTY}, 1},
    {"AUTOMATION", {MODEL_KIND_ARN, MODEL_KIND_URL, MODEL_KIND_METRIC, MODEL_KIND_PAGERDUTY}, 1},
    {"INVOLVED_RESOURCE",
     {MODEL_KIND_ARN, MODEL_KIND_URL, MODEL_KIND_METRIC, MODEL_KIND_PAGERDUTY},
     1},
};

size_t model_kinds_for_type(const char *type, enum model_kind order[MODEL_NKINDS])
{
    for (size_t i = 0; i < sizeof model_type_kinds / sizeof model_type_kinds[0]; i++) {
        if (type && !strcmp(type, model_type_kinds[i].type)) {
            memcpy(order, model_type_kinds[i].kinds, sizeof model_type_kinds[i].kinds);
            return model_type_kinds[i].nsuggested;
        }
    }
    for (int k = 0; k < MODEL_NKINDS; k++)
        order[k] = (enum model_kind)k;
    return MODEL_NKINDS;
}

void model_set_item_type(struct model_item *it, const char *type)
{
    enum model_kind order[MODEL_NKINDS];
    size_t n = model_kinds_for_type(type, order);
    model_replace(&it->type, type);
    for (size_t i = 0; i < n; i++)
        if (order[i] == it->kind)
            return;
    it->kind = order[0];
}

enum field_id model_item_value_id(const struct model_item *it)
{
    switch (it->kind) {
    case MODEL_KIND_URL:
        return FIELD_ID_ITEM_URL;
    case MODEL_KIND_METRIC:
        return FIELD_ID_ITEM_METRIC;
    case MODEL_KIND_PAGERDUTY:
        return FIELD_ID_PAGERDUTY_ID;
    default:
        return FIELD_ID_ITEM_ARN;
    }
}

void model_item_value_path(size_t i, const struct model_item *it, char *out, size_t outlen)
{
    forms_field_path(model_item_value_id(it), i, out, outlen);
}

static void model_put_text(json_t *o, const char *key, const char *text, bool all)
{
    if (all || (text && *text))
        json_object_set_new(o, key, json_string(text ? text : ""));
}

/* impact as a number when it is one (so the validator judges the value), else as typed. */
static void model_put_impact(json_t *o, const char *text, bool all)
{
    if (!*text) {
        if (all)
            json_object_set_new(o, "impact", json_string(""));
        return;
    }
    char *end;
    long v = strtol(text, &end, 10);
    if (*end == '\0' && end != text)
        json_object_set_new(o, "impact", json_integer(v));
    else
        json_object_set_new(o, "impact", json_string(text));
}

static json_t *model_item_json(const struct model_item *it, bool all)
{
    json_t *o = json_object();
    json_t *id = json_object();
    json_t *val = json_object();
    model_put_text(o, "title", it->title, all);
    json_object_set_new(id, "type", json_string(it->type));
    if (it->kind == MODEL_KIND_PAGERDUTY) {
        json_t *pd = json_object();
        json_object_set_new(pd, "id", json_string(it->pd_id));
        model_put_text(pd, "secretId", it->pd_secret_id, all);
        json_object_set_new(pd, "autoResolve", json_boolean(it->pd_auto_resolve));
        json_object_set_new(val, "pagerDutyIncidentDetail", pd);
    } else {
        json_object_set_new(val, model_kind_name(it->kind), json_string(it->value));
    }
    json_object_set_new(id, "value", val);
    json_object_set_new(o, "identifier", id);
    return o;
}

json_t *model_to_json(const struct form_model *m, bool all)
{
    json_t *o = json_object();
    json_object_set_new(o, "responsePlanArn", json_string(m->plan_arn));
    model_put_impact(o, m->impact, all);
    model_put_text(o, "title", m->title, all);
    if (m->nitems || all) {
        json_t *a = json_array();
        for (size_t i = 0; i < m->nitems; i++)
            json_array_append_new(a, model_item_json(&m->items[i], all));
        json_object_set_new(o, "relatedItems", a);
    }
    if (m->trigger_on || all) {
        json_t *t = json_object();
        json_object_set_new(t, "source", json_string(m->trigger_source));
        json_object_set_new(t, "timestamp", json_string(m->trigger_timestamp));
        model_put_text(t, "triggerArn", m->trigger_arn, all);
        model_put_text(t, "rawData", m->trigger_raw, all);
        json_object_set_new(o, "triggerDetails", t);
    }
    json_object_set_new(o, "clientToken", json_string(m->client_token));
    return o;
}

/* A member's value as text: strings as they are, integers and reals printed, else NULL. */
static char *model_json_text(const json_t *v)
{
    if (json_is_string(v))
        return xstrdup(json_string_value(v));
    if (json_is_integer(v))
        return xasprintf("%lld", (long long)json_integer_value(v));
    if (json_is_real(v))
        return xasprintf("%.17g", json_real_value(v));
    return NULL;
}

static void model_take(char **slot, const json_t *o, const char *key)
{
    char *t = model_json_text(json_object_get(o, key));
    if (t) {
        free(*slot);
        *slot = t;
    }
}

/* Epoch seconds on the wire become ISO 8601 UTC text in the form. */
static void model_take_timestamp(struct form_model *m, const json_t *t)
{
    const json_t *v = json_object_get(t, "timestamp");
    if (json_is_number(v)) {
        double d = json_number_value(v);
        if (d >= 0 && d < 253402300800.0) { /* before year 10000 */
            time_t secs = (time_t)d;
            struct tm tm;
            char iso[40];
            if (gmtime_r(&secs, &tm) && strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
                model_replace(&m->trigger_timestamp, iso);
                return;
            }
        }
    }
    model_take(&m->trigger_timestamp, t, "timestamp");
}

static void model_item_from_json(struct form_model *m, const json_t *j)
{
    const json_t *id = json_object_get(j, "identifier");
    const json_t *val = json_object_get(id, "value");
    const json_t *type = json_object_get(id, "type");
    int i = model_add_item(m, json_is_string(type) ? json_string_value(type) : "");
    if (i < 0)
        return;
    struct model_item *it = &m->items[i];
    model_take(&it->title, j, "title");
    const json_t *pd = json_object_get(val, "pagerDutyIncidentDetail");
    if (json_is_object(pd)) {
        it->kind = MODEL_KIND_PAGERDUTY;
        model_take(&it->pd_id, pd, "id");
        model_take(&it->pd_secret_id, pd, "secretId");
        it->pd_auto_resolve = json_is_true(json_object_get(pd, "autoResolve"));
        return;
    }
    for (int k = 0; k < MODEL_NKINDS; k++) {
        if (k != MODEL_KIND_PAGERDUTY && json_object_get(val, model_kind_names[k])) {
            it->kind = (enum model_kind)k;
            model_take(&it->value, val, model_kind_names[k]);
            return;
        }
    }
}

void model_from_json(struct form_model *m, const json_t *body)
{
    if (!json_is_object(body))
        return;
    model_take(&m->plan_arn, body, "responsePlanArn");
    model_take(&m->impact, body, "impact");
    model_take(&m->title, body, "title");
    const json_t *items = json_object_get(body, "relatedItems");
    if (json_is_array(items)) {
        while (m->nitems)
            model_remove_item(m, m->nitems - 1);
        size_t i;
        const json_t *j;
        json_array_foreach(items, i, j)
        {
            if (json_is_object(j))
                model_item_from_json(m, j);
        }
    }
    const json_t *t = json_object_get(body, "triggerDetails");
    if (json_is_object(t)) {
        m->trigger_on = true;
        model_take(&m->trigger_source, t, "source");
        model_take_timestamp(m, t);
        model_take(&m->trigger_arn, t, "triggerArn");
        model_take(&m->trigger_raw, t, "rawData");
    }
    const json_t *tok = json_object_get(body, "clientToken");
    if (json_is_string(tok) && json_string_length(tok) > 0 &&
        json_string_length(tok) < sizeof m->client_token)
        snprintf(m->client_token, sizeof m->client_token, "%s", json_string_value(tok));
}

/* Where a problem's field sits in the form: its item (0 outside related items), then its
   place in the field table (which lists fields in the form's order). */
static long model_rank(const char *path)
{
    static const char items[] = "relatedItems[";
    enum field_id id;
    size_t idx = FORMS_NO_ITEM;
    long place = FIELD_ID_COUNT; /* a member the table lacks: after its item's fields */
    if (forms_field_parse(path, &id, &idx))
        place = id;
    else if (!strncmp(path, items, sizeof items - 1) && path[sizeof items - 1] >= '0' &&
             path[sizeof items - 1] <= '9')
        idx = strtoul(path + sizeof items - 1, NULL, 10);
    long item = idx == FORMS_NO_ITEM ? 0 : (long)(idx < 100000 ? idx : 100000) + 1;
    if (!strncmp(path, "triggerDetails", 14) || !strncmp(path, "clientToken", 11))
        item = 1000000; /* after every related item */
    return item * 1000 + place;
}

static int model_problem_cmp(const void *pa, const void *pb)
{
    const struct problem *a = pa, *b = pb;
    long ra = model_rank(a->path), rb = model_rank(b->path);
    return ra < rb ? -1 : ra > rb;
}

json_t *model_request(const struct form_model *m, struct problems *out)
{
    json_t *body = model_to_json(m, false);
    struct problems norm = PROBLEMS_INIT, rules = PROBLEMS_INIT;
    forms_normalize_start_incident(body, &norm);
    forms_validate_start_incident(body, &rules);
    /* A value that could not be converted is named once, by the conversion. */
    for (size_t i = 0; i < norm.n; i++)
        problems_add(out, norm.v[i].path, "%s", norm.v[i].message);
    for (size_t i = 0; i < rules.n; i++) {
        bool dup = false;
        for (size_t k = 0; k < norm.n && !dup; k++)
            dup = !strcmp(norm.v[k].path, rules.v[i].path);
        if (!dup)
            problems_add(out, rules.v[i].path, "%s", rules.v[i].message);
    }
    problems_free(&norm);
    problems_free(&rules);
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, model_problem_cmp);
    return body;
}

void model_now_iso(char *out, size_t outlen)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || !strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, outlen, "%lld", (long long)now);
}
