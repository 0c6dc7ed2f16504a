/* Drill scenario files: a good one parses with every member read; each kind of mistake is
   refused naming the file, the scenario and the field path. */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "forms/fields.h"
#include "forms/scenario.h"
#include "sim/plans.h"
#include "test.h"

static const char good[] =
    "{\"id\": \"db-lag\", \"title\": \"DB lag\", \"difficulty\": \"easy\","
    " \"brief\": {\"page\": \"ReplicaLag > 300s\", \"time\": \"Tue 19:42\","
    "  \"symptoms\": [\"slow pages\"],"
    "  \"links\": [{\"title\": \"dash\", \"url\": \"https://example.com/d\"}]},"
    " \"plans\": \"catalogue\","
    " \"faults\": {\"throttle\": 2, \"fail\": 1, \"drop\": 1, \"delay\": 0.5, \"deny\": false},"
    " \"expected\": {\"plans\": [\"database-degraded\"], \"impact\": {\"min\": 2, \"max\": 3},"
    "  \"related_items\": [{\"type\": \"METRIC\", \"contains\": \"example.com/d\"}],"
    "  \"title_words\": [\"db\"], \"time_target_seconds\": 120},"
    " \"explanation\": {\"plan\": \"p\", \"impact\": \"i\", \"related_items\": \"r\","
    "  \"title\": \"t\", \"time\": \"tm\", \"retries\": \"rt\"},"
    " \"model\": {\"responsePlanArn\": \"" SCENARIO_PLAN_ARN_PREFIX "database-degraded\","
    "  \"impact\": 2, \"title\": \"DB lag\"}}";

static void test_good(void)
{
    struct buf p = BUF_INIT;
    struct scenario *s = scenario_parse(good, strlen(good), "good.json", &p);
    CHECK(s != NULL);
    CHECK_STR(buf_cstr(&p), "");
    if (!s)
        return;
    CHECK_STR(s->id, "db-lag");
    CHECK_STR(s->difficulty, "easy");
    CHECK(s->catalogue);
    CHECK_INT(s->throttle, 2);
    CHECK_INT(s->fail, 1);
    CHECK_INT(s->drop, 1);
    CHECK(s->delay == 0.5);
    CHECK(!s->deny);
    CHECK(s->expect_declared);
    CHECK_INT(s->impact_min, 2);
    CHECK_INT(s->impact_max, 3);
    CHECK_INT(s->time_target, 120);
    CHECK_INT(json_array_size(s->expect_items), 1);
    CHECK_STR(scenario_explain(s, "retries"), "rt");
    scenario_free(s);
    buf_free(&p);
}

/* Apply edit (a JSON object merged over the good scenario, members set to null removed) and
   expect a refusal whose text holds want. */
static void expect_problem(const char *edit_json, const char *want)
{
    json_t *root = json_loads(good, 0, NULL);
    json_t *edit = json_loads(edit_json, 0, NULL);
    CHECK(root && edit);
    const char *k;
    json_t *v;
    json_object_foreach(edit, k, v)
    {
        if (json_is_null(v))
            json_object_del(root, k);
        else
            json_object_set(root, k, v);
    }
    char *text = json_dumps(root, 0);
    struct buf p = BUF_INIT;
    struct scenario *s = scenario_parse(text, strlen(text), "bad.json", &p);
    CHECK(s == NULL);
    if (!strstr(buf_cstr(&p), want))
        printf("    want \"%s\" in:\n%s", want, buf_cstr(&p));
    CHECK(strstr(buf_cstr(&p), want) != NULL);
    scenario_free(s);
    buf_free(&p);
    free(text);
    json_decref(root);
    json_decref(edit);
}

static void test_bad(void)
{
    struct buf p = BUF_INIT;
    CHECK(scenario_parse("{\"id\": ", 7, "broken.json", &p) == NULL);
    CHECK(strncmp(buf_cstr(&p), "broken.json: not JSON: line 1", 29) == 0);
    buf_free(&p);

    expect_problem("{\"title\": null}", "bad.json: scenario db-lag: title: missing");
    expect_problem("{\"id\": null}", "bad.json: scenario ?: id: missing");
    expect_problem("{\"brief\": {\"page\": \"x\", \"time\": \"t\"}}",
                   "scenario db-lag: brief.symptoms: missing");
    expect_problem("{\"expected\": {\"plans\": [\"no-such-plan\"], \"impact\": {\"min\": 1, "
                   "\"max\": 2}, \"time_target_seconds\": 60}}",
                   "scenario db-lag: expected.plans[0]: unknown plan \"no-such-plan\"");
    expect_problem("{\"model\": {\"responsePlanArn\": \"" SCENARIO_PLAN_ARN_PREFIX "nope\", "
                   "\"impact\": 2, \"title\": \"t\"}}",
                   "scenario db-lag: model.responsePlanArn: unknown plan");
    expect_problem("{\"expected\": {\"plans\": [\"minor-bug\"], \"impact\": {\"min\": 0, "
                   "\"max\": 6}, \"time_target_seconds\": 60}}",
                   "expected.impact.min: must be a whole number from 1 to 5");
    expect_problem("{\"expected\": {\"plans\": [\"minor-bug\"], \"impact\": {\"min\": 1, "
                   "\"max\": 6}, \"time_target_seconds\": 60}}",
                   "expected.impact.max: must be a whole number from 1 to 5");
    expect_problem("{\"model\": {\"responsePlanArn\": \"" SCENARIO_PLAN_ARN_PREFIX "minor-bug\", "
                   "\"impact\": 7, \"title\": \"t\"}}",
                   "model.impact: must be between 1 and 5 (is 7)");
    /* The model is checked by the same field table as every declaration. */
    expect_problem("{\"model\": {\"responsePlanArn\": \"" SCENARIO_PLAN_ARN_PREFIX "minor-bug\", "
                   "\"impact\": 2, \"title\": \"t\", \"relatedItems\": [{\"title\": \"x\", "
                   "\"identifier\": {\"type\": \"METRIC\", \"value\": {\"arn\": \"nope\"}}}]}}",
                   "model.relatedItems[0].identifier.value.arn: must");
    expect_problem("{\"model\": {\"responsePlanArn\": \"" SCENARIO_PLAN_ARN_PREFIX "minor-bug\", "
                   "\"impact\": 2}}",
                   "model.title: ");
    expect_problem("{\"plans\": [{\"name\": \"p\", \"incidentTemplate\": {\"title\": \"t\", "
                   "\"impact\": 9}}]}",
                   "plans[0].incidentTemplate.impact: must be a whole number from 1 to 5");
    expect_problem("{\"faults\": {\"explode\": 1}}", "faults.explode: unknown fault");
    expect_problem("{\"faults\": {\"delay\": -1}}", "faults.delay: must be a number");
    expect_problem("{\"expected\": {\"plans\": [\"minor-bug\"], \"impact\": {\"min\": 1, "
                   "\"max\": 2}, \"time_target_seconds\": 60, \"related_items\": "
                   "[{\"type\": \"GRAPH\", \"contains\": \"x\"}]}}",
                   "expected.related_items[0].type: unknown related-item type \"GRAPH\"");
    expect_problem("{\"explanation\": {\"plan\": \"p\"}}", "explanation.impact: missing");
    expect_problem("{\"difficulty\": \"brutal\"}", "difficulty: must be easy, medium or hard");
    expect_problem("{\"plans\": \"everything\"}", "plans: must be \"catalogue\"");
}

/* Every kind of member says "missing" with what it should be, and an array's element that is
   not an object names its index and the shape it should have. */
static void test_missing_and_elements(void)
{
    expect_problem("{\"title\": null}", "scenario db-lag: title: missing (a string is required)");
    expect_problem("{\"brief\": null}", "scenario db-lag: brief: missing (an object is required)");
    expect_problem("{\"brief\": {\"page\": \"x\", \"time\": \"t\"}}",
                   "scenario db-lag: brief.symptoms: missing (an array of strings is required)");
    expect_problem("{\"expected\": {\"plans\": [\"minor-bug\"], \"impact\": {\"min\": 1}, "
                   "\"time_target_seconds\": 60}}",
                   "scenario db-lag: expected.impact.max: missing (a whole number from 1 to 5 is "
                   "required)");
    expect_problem("{\"brief\": {\"page\": \"x\", \"time\": \"t\", \"symptoms\": [\"s\"], "
                   "\"links\": [{\"title\": \"t\", \"url\": \"u\"}, 3]}}",
                   "scenario db-lag: brief.links[1]: must be an object {\"title\", \"url\"}\n");
    expect_problem("{\"brief\": {\"page\": \"x\", \"time\": \"t\", \"symptoms\": [\"s\"], "
                   "\"links\": [{\"title\": \"t\"}]}}",
                   "scenario db-lag: brief.links[0].url: missing (a string is required)");
    expect_problem("{\"expected\": {\"plans\": [\"minor-bug\"], \"impact\": {\"min\": 1, "
                   "\"max\": 2}, \"time_target_seconds\": 60, \"related_items\": [\"METRIC\"]}}",
                   "scenario db-lag: expected.related_items[0]: must be an object {\"type\", "
                   "\"contains\"}\n");
}

/* A plan the scenario names must exist in the plans it serves, inline ones included. */
#define EXPECTED_WITH(extra)                                                                       \
    "{\"expected\": {\"plans\": [\"database-degraded\"], \"impact\": {\"min\": 2, \"max\": 3},"    \
    " \"time_target_seconds\": 120, " extra "}}"

/* expected.keys_target: optional, a whole number 1-10000, and explained when set. */
static void test_keys_target(void)
{
    expect_problem(EXPECTED_WITH("\"keys_target\": 0"),
                   "bad.json: scenario db-lag: expected.keys_target: must be a whole number "
                   "from 1 to 10000");
    expect_problem(EXPECTED_WITH("\"keys_target\": 10001"), "expected.keys_target: must be");
    expect_problem(EXPECTED_WITH("\"keys_target\": \"40\""), "expected.keys_target: must be");
    expect_problem(EXPECTED_WITH("\"keys_target\": 40"),
                   "bad.json: scenario db-lag: explanation.keys: missing (expected.keys_target "
                   "is set");
    expect_problem(
        "{\"explanation\": {\"plan\": \"p\", \"impact\": \"i\", \"related_items\": "
        "\"r\", \"title\": \"t\", \"time\": \"tm\", \"retries\": \"rt\", \"key\": \"k\"}}",
        "explanation.key: not a point of the score card (plan, impact, related_items, "
        "title, time, retries, keys, validation)");

    json_t *root = json_loads(good, 0, NULL);
    json_object_set_new(json_object_get(root, "expected"), "keys_target", json_integer(40));
    json_object_set_new(json_object_get(root, "explanation"), "keys", json_string("k"));
    json_object_set_new(json_object_get(root, "explanation"), "validation", json_string("v"));
    char *text = json_dumps(root, 0);
    struct buf p = BUF_INIT;
    struct scenario *sc = scenario_parse(text, strlen(text), "good.json", &p);
    CHECK_STR(buf_cstr(&p), "");
    CHECK(sc && sc->keys_target == 40);
    CHECK(sc && !strcmp(scenario_explain(sc, "validation"), "v"));
    scenario_free(sc);
    buf_free(&p);
    free(text);
    json_decref(root);

    struct buf q = BUF_INIT;
    sc = scenario_parse(good, strlen(good), "good.json", &q);
    CHECK(sc && sc->keys_target == 0); /* absent: no target */
    scenario_free(sc);
    buf_free(&q);
}

static void test_inline_plans(void)
{
    expect_problem("{\"plans\": [{\"name\": \"only-plan\", \"incidentTemplate\": {\"title\": "
                   "\"t\", \"impact\": 3}}]}",
                   "expected.plans[0]: unknown plan \"database-degraded\" (not in plans)");
}

/* "catalogue" means the simulator's built-in plans: the two lists must not drift apart. */
static void test_catalogue_matches_sim(void)
{
    struct sim_plans *p = sim_plans_builtin();
    size_t n = 0;
    while (scenario_catalogue_names[n])
        n++;
    CHECK_INT(sim_plans_count(p), n);
    for (size_t i = 0; i < n && i < sim_plans_count(p); i++) {
        const char *arn = json_string_value(json_object_get(sim_plans_at(p, i), "arn"));
        CHECK_STR(scenario_plan_name(arn), scenario_catalogue_names[i]);
    }
    sim_plans_free(p);
    CHECK(scenario_plan_name("arn:aws:ssm-incidents::999:response-plan/x") == NULL);
    CHECK(scenario_plan_name(SCENARIO_PLAN_ARN_PREFIX) == NULL);
}

/* What one bundled scenario uses, added to the tallies. */
static void tally(const struct scenario *s, int impacts[6], int *types, int faults[5])
{
    const json_t *imp = s->model ? json_object_get(s->model, "impact") : NULL;
    if (json_is_integer(imp) && json_integer_value(imp) >= 1 && json_integer_value(imp) <= 5)
        impacts[json_integer_value(imp)]++;
    const char *const *names = forms_field("relatedItems[].identifier.type")->enum_values;
    size_t i;
    const json_t *it;
    json_array_foreach(s->expect_items, i, it)
    {
        for (int t = 0; names[t]; t++)
            if (!strcmp(names[t], json_string_value(json_object_get(it, "type"))))
                types[t]++;
    }
    faults[0] += s->throttle > 0;
    faults[1] += s->fail > 0;
    faults[2] += s->drop > 0;
    faults[3] += s->delay > 0;
    faults[4] += s->deny;
}

/* The bundled scenarios (scenarios/ at the top of the tree) all pass the check and together use
   every impact level, every related-item type and every fault. */
static void test_bundled(void)
{
    DIR *d = opendir("scenarios");
    CHECK(d != NULL);
    if (!d)
        return;
    int n = 0, impacts[6] = {0}, types[16] = {0}, faults[5] = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strstr(e->d_name, ".json"))
            continue;
        char path[600];
        snprintf(path, sizeof path, "scenarios/%s", e->d_name);
        struct buf p = BUF_INIT;
        struct scenario *s = scenario_load(path, &p);
        if (!s)
            printf("%s", buf_cstr(&p));
        CHECK(s != NULL);
        if (s) {
            n++;
            tally(s, impacts, types, faults);
            /* Every bundled scenario scores keys against a target and explains both effort
               points. */
            if (s->keys_target <= 0 || !*scenario_explain(s, "validation"))
                printf("    %s: no keys target or no validation explanation\n", path);
            CHECK(s->keys_target > 0);
            CHECK(*scenario_explain(s, "validation"));
        }
        scenario_free(s);
        buf_free(&p);
    }
    closedir(d);
    CHECK(n >= 8);
    for (int level = 1; level <= 5; level++)
        CHECK(impacts[level] > 0);
    const char *const *names = forms_field("relatedItems[].identifier.type")->enum_values;
    for (int t = 0; names[t]; t++) {
        if (!types[t])
            printf("    no bundled scenario requires a %s item\n", names[t]);
        CHECK(types[t] > 0);
    }
    for (int f = 0; f < 5; f++) {
        if (!faults[f])
            printf("    no bundled scenario uses the %s fault\n", scenario_fault_names[f]);
        CHECK(faults[f] > 0);
    }
}

int main(void)
{
    RUN(test_good);
    RUN(test_bad);
    RUN(test_missing_and_elements);
    RUN(test_keys_target);
    RUN(test_inline_plans);
    RUN(test_catalogue_matches_sim);
    RUN(test_bundled);
    return test_summary();
}
