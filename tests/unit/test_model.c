/* The form's model: texts by path, related items and their value kinds, the StartIncident body,
   validation through the field table. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "forms/fields.h"
#include "forms/model.h"
#include "tests/unit/test.h"

#define PLAN "arn:aws:ssm-incidents::111122223333:response-plan/db"

static bool is_uuid4(const char *s)
{
    regex_t re;
    regcomp(&re, "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
            REG_EXTENDED | REG_NOSUB);
    bool ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

static void test_init(void)
{
    struct form_model m, n;
    model_init(&m);
    model_init(&n);
    CHECK(is_uuid4(m.client_token));
    CHECK(strcmp(m.client_token, n.client_token) != 0);
    CHECK_STR(m.title, "");
    CHECK_STR(m.plan_arn, "");
    CHECK_INT(m.nitems, 0);
    CHECK(!m.trigger_on);
    model_free(&m);
    model_free(&n);
}

static void test_paths(void)
{
    struct form_model m;
    model_init(&m);
    static const char *const paths[] = {
        "responsePlanArn",
        "impact",
        "title",
        "triggerDetails.source",
        "triggerDetails.timestamp",
        "triggerDetails.triggerArn",
        "triggerDetails.rawData",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        CHECK(model_set(&m, paths[i], paths[i]));
        CHECK_STR(model_get(&m, paths[i]), paths[i]);
    }
    CHECK(!model_set(&m, "nonsense", "x"));
    CHECK(model_get(&m, "relatedItems[0].title") == NULL); /* no item yet */
    CHECK_INT(model_add_item(&m, "METRIC"), 0);
    CHECK(model_set(&m, "relatedItems[0].title", "CPU"));
    CHECK(model_set(&m, "relatedItems[0].identifier.value.metricDefinition", "{}"));
    CHECK_STR(m.items[0].title, "CPU");
    CHECK_STR(m.items[0].value, "{}");
    CHECK_STR(model_get(&m, "relatedItems[0].identifier.type"), "METRIC");
    CHECK(model_get(&m, "relatedItems[1].title") == NULL);
    CHECK(model_get(&m, "relatedItems[x].title") == NULL);
    model_free(&m);
}

static void test_items(void)
{
    struct form_model m;
    model_init(&m);
    size_t max = model_max_items();
    CHECK_INT(max, 100);
    for (size_t i = 0; i < max; i++)
        CHECK_INT(model_add_item(&m, "OTHER"), i);
    CHECK_INT(model_add_item(&m, "OTHER"), -1); /* the service's limit */
    model_set(&m, "relatedItems[5].title", "five");
    model_remove_item(&m, 4);
    CHECK_INT(m.nitems, max - 1);
    CHECK_STR(m.items[4].title, "five");
    model_remove_item(&m, 1000); /* out of range: nothing happens */
    CHECK_INT(m.nitems, max - 1);
    model_free(&m);
}

static void test_kinds(void)
{
    enum model_kind order[MODEL_NKINDS];
    size_t n = model_kinds_for_type("METRIC", order);
    CHECK_INT(n, 2);
    CHECK_INT(order[0], MODEL_KIND_METRIC);
    n = model_kinds_for_type("INCIDENT", order);
    CHECK(n >= 2);
    bool pd = false;
    for (size_t i = 0; i < n; i++)
        pd |= order[i] == MODEL_KIND_PAGERDUTY;
    CHECK(pd);
    CHECK_INT(model_kinds_for_type("OTHER", order), 2);
    CHECK_INT(order[0], MODEL_KIND_URL);
    /* Every type offers every kind somewhere in its order (the service accepts any). */
    const struct field_def *f = forms_field("relatedItems[].identifier.type");
    for (size_t t = 0; f->enum_values[t]; t++) {
        unsigned seen = 0;
        model_kinds_for_type(f->enum_values[t], order);
        for (int k = 0; k < MODEL_NKINDS; k++)
            seen |= 1u << order[k];
        CHECK_INT(seen, (1u << MODEL_NKINDS) - 1);
    }
    CHECK_INT(model_kinds_for_type("NOT_A_TYPE", order), MODEL_NKINDS);

    struct model_item it = {0};
    it.type = strdup("");
    it.kind = MODEL_KIND_ARN;
    model_set_item_type(&it, "METRIC"); /* ARN is a suggestion for METRIC: kept */
    CHECK_INT(it.kind, MODEL_KIND_ARN);
    model_set_item_type(&it, "PARENT"); /* ARN only */
    CHECK_INT(it.kind, MODEL_KIND_ARN);
    it.kind = MODEL_KIND_PAGERDUTY;
    model_set_item_type(&it, "OTHER"); /* not suggested: moves to the first */
    CHECK_INT(it.kind, MODEL_KIND_URL);
    free(it.type);
    CHECK_STR(model_kind_name(MODEL_KIND_METRIC), "metricDefinition");
}

static void fill(struct form_model *m)
{
    model_set(m, "responsePlanArn", PLAN);
    model_set(m, "impact", "2");
    model_set(m, "title", "DB down 数据库");
    model_add_item(m, "OTHER");
    model_set(m, "relatedItems[0].identifier.value.url", "https://x.example/d");
    model_set(m, "relatedItems[0].title", "Dash");
    int i = model_add_item(m, "INCIDENT");
    m->items[i].kind = MODEL_KIND_PAGERDUTY;
    model_set(m, "relatedItems[1].identifier.value.pagerDutyIncidentDetail.id", "Q1ABC");
    m->items[i].pd_auto_resolve = true;
}

static void test_body(void)
{
    struct form_model m;
    model_init(&m);
    json_t *empty = model_to_json(&m, false);
    CHECK(json_object_get(empty, "title") == NULL);
    CHECK(json_object_get(empty, "impact") == NULL);
    CHECK(json_object_get(empty, "relatedItems") == NULL);
    CHECK(json_object_get(empty, "triggerDetails") == NULL);
    CHECK_STR(json_string_value(json_object_get(empty, "clientToken")), m.client_token);
    json_decref(empty);

    fill(&m);
    json_t *b = model_to_json(&m, false);
    CHECK_INT(json_integer_value(json_object_get(b, "impact")), 2);
    CHECK_STR(json_string_value(json_object_get(b, "title")), "DB down 数据库");
    json_t *items = json_object_get(b, "relatedItems");
    CHECK_INT(json_array_size(items), 2);
    json_t *v0 = json_object_get(json_object_get(json_array_get(items, 0), "identifier"), "value");
    CHECK_STR(json_string_value(json_object_get(v0, "url")), "https://x.example/d");
    CHECK_INT(json_object_size(v0), 1); /* exactly one member of the union */
    json_t *pd = json_object_get(
        json_object_get(json_object_get(json_array_get(items, 1), "identifier"), "value"),
        "pagerDutyIncidentDetail");
    CHECK_STR(json_string_value(json_object_get(pd, "id")), "Q1ABC");
    CHECK(json_is_true(json_object_get(pd, "autoResolve")));
    CHECK(json_object_get(pd, "secretId") == NULL); /* empty: left out */
    CHECK(json_object_get(json_array_get(items, 1), "title") == NULL);
    CHECK(json_object_get(b, "triggerDetails") == NULL); /* folded */
    json_decref(b);

    /* Trigger details only when on; the wire body has epoch seconds. */
    model_set(&m, "triggerDetails.source", "com.example.mon");
    model_set(&m, "triggerDetails.timestamp", "2026-11-26T15:00:00+01:00");
    m.trigger_on = true;
    struct problems p = PROBLEMS_INIT;
    json_t *w = model_request(&m, &p);
    CHECK_INT(p.n, 0);
    for (size_t i = 0; i < p.n; i++)
        printf("     unexpected: %s: %s\n", p.v[i].path, p.v[i].message);
    json_t *ts = json_object_get(json_object_get(w, "triggerDetails"), "timestamp");
    CHECK(json_is_number(ts));
    CHECK_INT((long)json_number_value(ts), 1795701600L);
    problems_free(&p);
    json_decref(w);
    model_free(&m);
}

static void test_round_trip(void)
{
    struct form_model m, n;
    model_init(&m);
    model_init(&n);
    fill(&m);
    model_set(&m, "triggerDetails.rawData", "{\"a\":1}");
    json_t *all = model_to_json(&m, true);
    model_from_json(&n, all);
    json_decref(all);
    CHECK_STR(n.plan_arn, PLAN);
    CHECK_STR(n.impact, "2");
    CHECK_STR(n.title, "DB down 数据库");
    CHECK_INT(n.nitems, 2);
    CHECK_INT(n.items[0].kind, MODEL_KIND_URL);
    CHECK_STR(n.items[0].value, "https://x.example/d");
    CHECK_INT(n.items[1].kind, MODEL_KIND_PAGERDUTY);
    CHECK_STR(n.items[1].pd_id, "Q1ABC");
    CHECK(n.items[1].pd_auto_resolve);
    CHECK_STR(n.trigger_raw, "{\"a\":1}");
    CHECK_STR(n.client_token, m.client_token);

    /* A wire body's epoch timestamp becomes ISO 8601 text. */
    json_t *wire =
        json_pack("{s:{s:s,s:i}}", "triggerDetails", "source", "x", "timestamp", 1795701600);
    model_from_json(&n, wire);
    json_decref(wire);
    CHECK(n.trigger_on);
    CHECK_STR(n.trigger_timestamp, "2026-11-26T14:00:00Z");
    /* Junk is ignored, not fatal. */
    wire = json_pack("{s:i,s:[i,s],s:s}", "title", 5, "relatedItems", 1, "x", "impact", "x");
    model_from_json(&n, wire);
    json_decref(wire);
    CHECK_STR(n.title, "5");
    CHECK_INT(n.nitems, 0);
    model_from_json(&n, NULL);

    struct form_model c;
    model_copy(&c, &m);
    CHECK_STR(c.items[1].pd_id, "Q1ABC");
    CHECK(c.items != m.items);
    model_free(&c);
    model_free(&m);
    model_free(&n);
}

static void test_validation(void)
{
    struct form_model m;
    model_init(&m);
    struct buf why = BUF_INIT;
    char long_title[210];
    memset(long_title, 'a', 201);
    long_title[201] = '\0';
    CHECK(model_check_text("title", "fine", &why));
    buf_reset(&why);
    CHECK(!model_check_text("title", long_title, &why));
    CHECK(strstr(buf_cstr(&why), "200") != NULL);
    buf_reset(&why);
    CHECK(!model_check_text("relatedItems[3].identifier.value.arn", "nope", &why));
    buf_reset(&why);
    CHECK(model_check_text("relatedItems[3].identifier.value.url", "anything", &why));

    /* Whole request: problems named by path, in the form's order, a bad timestamp once. */
    fill(&m);
    model_set(&m, "title", long_title);
    m.trigger_on = true;
    model_set(&m, "triggerDetails.source", "aws.nope");
    model_set(&m, "triggerDetails.timestamp", "yesterday");
    model_set(&m, "relatedItems[0].identifier.type", "NOT_A_TYPE");
    struct problems p = PROBLEMS_INIT;
    json_t *b = model_request(&m, &p);
    CHECK(b != NULL);
    CHECK(p.n >= 4);
    if (p.n >= 4) {
        CHECK_STR(p.v[0].path, "title");
        CHECK(strncmp(p.v[1].path, "relatedItems[0]", 15) == 0);
        size_t ts = 0, src = 0;
        for (size_t i = 0; i < p.n; i++) {
            ts += !strcmp(p.v[i].path, "triggerDetails.timestamp");
            src += !strcmp(p.v[i].path, "triggerDetails.source");
        }
        CHECK_INT(ts, 1);
        CHECK_INT(src, 1);
        CHECK(strncmp(p.v[p.n - 1].path, "triggerDetails", 14) == 0);
    }
    problems_free(&p);
    json_decref(b);
    buf_free(&why);
    model_free(&m);
}

static void test_now(void)
{
    char s[40];
    model_now_iso(s, sizeof s);
    CHECK_INT(strlen(s), 20);
    CHECK(s[10] == 'T' && s[19] == 'Z');
}

int main(void)
{
    RUN(test_init);
    RUN(test_paths);
    RUN(test_items);
    RUN(test_kinds);
    RUN(test_body);
    RUN(test_round_trip);
    RUN(test_validation);
    RUN(test_now);
    return test_summary();
}
