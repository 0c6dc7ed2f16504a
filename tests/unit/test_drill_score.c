/* Drill scoring: the right answer scores full marks, and each kind of wrong answer loses exactly
   its own point, with its reason. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "forms/drill_score.h"
#include "forms/scenario.h"
#include "test.h"

static const char scenario_text[] =
    "{\"id\": \"db-lag\", \"title\": \"DB lag\", \"difficulty\": \"easy\","
    " \"brief\": {\"page\": \"ReplicaLag\", \"time\": \"Tue\", \"symptoms\": [\"slow\"]},"
    " \"plans\": \"catalogue\", \"faults\": {\"throttle\": 2},"
    " \"expected\": {\"plans\": [\"database-degraded\", \"critical-outage\"],"
    "  \"impact\": {\"min\": 2, \"max\": 3},"
    "  \"related_items\": [{\"type\": \"METRIC\", \"contains\": \"name=orders-db\"}],"
    "  \"title_words\": [\"orders\", \"lag\"], \"time_target_seconds\": 120},"
    " \"explanation\": {\"plan\": \"EXPLAIN-PLAN\", \"impact\": \"EXPLAIN-IMPACT\","
    "  \"related_items\": \"r\", \"title\": \"t\", \"time\": \"tm\", \"retries\": \"rt\"},"
    " \"model\": {\"responsePlanArn\": \"" SCENARIO_PLAN_ARN_PREFIX "database-degraded\","
    "  \"impact\": 2, \"title\": \"Orders DB lag\"}}";

#define RIGHT_BODY                                                                                 \
    "{\"responsePlanArn\": \"" SCENARIO_PLAN_ARN_PREFIX "database-degraded\", \"impact\": 2,"      \
    " \"title\": \"Orders DB replica LAG\", \"relatedItems\": [{\"identifier\": {\"type\":"        \
    " \"METRIC\", \"value\": {\"url\": \"https://x/#dashboards:name=orders-db\"}},"                \
    " \"title\": \"dash\"}]}"

/* The scenario in text, named name in messages; NULL having printed why. */
static struct scenario *parse(const char *text, const char *name)
{
    struct buf p = BUF_INIT;
    struct scenario *s = scenario_parse(text, strlen(text), name, &p);
    if (!s)
        printf("%s", buf_cstr(&p));
    buf_free(&p);
    return s;
}

static struct scenario *load(void)
{
    return parse(scenario_text, "t.json");
}

static const struct drill_point *point(const struct drill_card *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->points[i].name, name) == 0)
            return &c->points[i];
    return NULL;
}

/* Score body (JSON text) with the given measures; the card in out. */
static void score(const struct scenario *s, const char *body_text, double seconds, int incidents,
                  struct drill_card *out)
{
    json_t *body = body_text ? json_loads(body_text, 0, NULL) : NULL;
    struct drill_attempt a = {.body = body,
                              .seconds = seconds,
                              .incidents = incidents,
                              .faults_met = 2,
                              .keys = -1,
                              .problems_met = -1,
                              .problems_fixed = -1};
    drill_score(s, &a, out);
    json_decref(body);
}

/* Exactly one point lost, the named one, its reason holding want. */
static void expect_only_lost(const struct drill_card *c, const char *name, const char *want)
{
    CHECK_INT(c->max, 6);
    CHECK_INT(c->score, 5);
    const struct drill_point *p = point(c, name);
    CHECK(p && !p->passed);
    if (p && !strstr(p->reason, want))
        printf("    %s: \"%s\" lacks \"%s\"\n", name, p->reason, want);
    CHECK(p && strstr(p->reason, want));
}

static void test_right(const struct scenario *s)
{
    struct drill_card c;
    score(s, RIGHT_BODY, 95, 1, &c);
    CHECK_INT(c.max, 6);
    CHECK_INT(c.score, 6);
    CHECK_STR(point(&c, "plan")->explanation, "EXPLAIN-PLAN");
    CHECK(strstr(point(&c, "retries")->reason, "2 failed attempts retried") != NULL);
    CHECK(point(&c, "keys") == NULL); /* not measured: not shown */
    json_t *j = drill_card_json(&c);
    CHECK_INT(json_integer_value(json_object_get(j, "score")), 6);
    CHECK_INT(json_array_size(json_object_get(j, "points")), 6);
    json_decref(j);
    drill_card_free(&c);
}

static void test_wrong(const struct scenario *s, const char *from, const char *to, const char *name,
                       const char *want)
{
    char body[1024];
    const char *at = strstr(RIGHT_BODY, from);
    CHECK(at != NULL);
    snprintf(body, sizeof body, "%.*s%s%s", (int)(at - RIGHT_BODY), RIGHT_BODY, to,
             at + strlen(from));
    struct drill_card c;
    score(s, body, 95, 1, &c);
    expect_only_lost(&c, name, want);
    drill_card_free(&c);
}

static void test_wrong_answers(const struct scenario *s)
{
    test_wrong(s, "database-degraded", "minor-bug", "plan",
               "minor-bug is not an acceptable plan (acceptable: database-degraded, "
               "critical-outage)");
    test_wrong(s, "\"impact\": 2", "\"impact\": 1", "impact",
               "Impact 1 is outside the expected 2 to 3: too severe");
    test_wrong(s, "\"impact\": 2", "\"impact\": 5", "impact",
               "Impact 5 is outside the expected 2 to 3: not severe enough");
    test_wrong(s, "name=orders-db", "name=payments", "related_items",
               "Missing related item: METRIC with \"name=orders-db\"");
    test_wrong(s, "\"METRIC\"", "\"OTHER\"", "related_items", "METRIC with");
    test_wrong(s, "Orders DB replica LAG", "DB replica LAG", "title",
               "The title does not say \"orders\"");

    struct drill_card c;
    score(s, RIGHT_BODY, 121, 1, &c);
    expect_only_lost(&c, "time", "Declared in 2m01s; the target is 2m00s");
    drill_card_free(&c);
    score(s, RIGHT_BODY, 30, 2, &c);
    expect_only_lost(&c, "retries", "2 incidents were created: a retry made a duplicate");
    drill_card_free(&c);
}

static void test_nothing_declared(const struct scenario *s)
{
    struct drill_card c;
    score(s, NULL, -1, 0, &c);
    CHECK_INT(c.score, 0);
    CHECK_INT(c.max, 6);
    CHECK_STR(point(&c, "plan")->reason, "No incident was declared.");
    drill_card_free(&c);
}

/* Nothing declared: the effort points, measured, are lost with the others. */
static void test_nothing_declared_effort(const struct scenario *s)
{
    struct drill_attempt a = {.seconds = -1, .keys = 12, .problems_met = 0, .problems_fixed = 0};
    struct drill_card c;
    drill_score(s, &a, &c);
    CHECK_INT(c.score, 0);
    CHECK_INT(c.max, 7); /* no keys target: keys shown, not scored */
    CHECK_STR(point(&c, "validation")->reason, "No incident was declared.");
    CHECK(!point(&c, "keys")->scored && !point(&c, "keys")->passed);
    drill_card_free(&c);
}

/* The scenario with a keys target and its effort points explained (caller frees). */
static struct scenario *load_with_keys_target(long target)
{
    json_t *root = json_loads(scenario_text, 0, NULL);
    json_object_set_new(json_object_get(root, "expected"), "keys_target", json_integer(target));
    json_object_set_new(json_object_get(root, "explanation"), "keys", json_string("EXPLAIN-KEYS"));
    json_object_set_new(json_object_get(root, "explanation"), "validation",
                        json_string("EXPLAIN-VALIDATION"));
    char *text = json_dumps(root, 0);
    struct scenario *s = parse(text, "k.json");
    free(text);
    json_decref(root);
    return s;
}

/* The right answer with the effort measured: keys and problems met and fixed. */
static void score_effort(const struct scenario *s, long keys, int met, int fixed,
                         struct drill_card *out)
{
    json_t *body = json_loads(RIGHT_BODY, 0, NULL);
    struct drill_attempt a = {.body = body,
                              .seconds = 10,
                              .incidents = 1,
                              .keys = keys,
                              .problems_met = met,
                              .problems_fixed = fixed};
    drill_score(s, &a, out);
    json_decref(body);
}

/* With a keys target: both effort points are scored, each with the scenario's explanation. */
static void test_effort_full_marks(void)
{
    struct scenario *s = load_with_keys_target(60);
    CHECK(s != NULL);
    if (!s)
        return;
    struct drill_card c;
    score_effort(s, 60, 2, 2, &c);
    CHECK_INT(c.max, 8);
    CHECK_INT(c.score, 8);
    CHECK_STR(point(&c, "keys")->reason, "60 keys pressed; the target is 60.");
    CHECK_STR(point(&c, "keys")->explanation, "EXPLAIN-KEYS");
    CHECK(point(&c, "keys")->scored);
    CHECK_STR(point(&c, "validation")->reason,
              "2 validation problems met, 2 fixed before the declaration.");
    CHECK_STR(point(&c, "validation")->explanation, "EXPLAIN-VALIDATION");
    drill_card_free(&c);
    score_effort(s, 1, 0, 0, &c);
    CHECK_INT(c.score, 8);
    CHECK_STR(point(&c, "keys")->reason, "1 key pressed; the target is 60.");
    CHECK_STR(point(&c, "validation")->reason, "No validation problem met.");
    drill_card_free(&c);
    scenario_free(s);
}

/* Effort against a keys target of 60 that misses one thing loses the point named lost only,
   with reason. line: the caller's, so that each case's checks stay checks of their own. */
static void loses_only(int line, int keys, int met, int fixed, const char *lost, const char *reason)
{
    struct scenario *s = load_with_keys_target(60);
    if (!s)
        return;
    struct drill_card c;
    score_effort(s, keys, met, fixed, &c);
    CHECK_INT_AT(line, c.max, 8);
    CHECK_INT_AT(line, c.score, 7);
    const struct drill_point *p = point(&c, lost);
    CHECK_AT(line, p && p->scored && !p->passed);
    CHECK_STR_AT(line, p->reason, reason);
    for (size_t i = 0; i < c.n; i++)
        CHECK_AT(line, c.points[i].passed || c.points[i].name == p->name);
    drill_card_free(&c);
    scenario_free(s);
}

/* One key over the target loses the keys point only. */
static void test_too_many_keys(void)
{
    loses_only(__LINE__, 61, 1, 1, "keys", "61 keys pressed; the target is 60.");
}

/* A problem met and never fixed loses the validation point only. */
static void test_unfixed_problem(void)
{
    loses_only(__LINE__, 30, 3, 2, "validation",
               "3 validation problems met, 2 fixed before the declaration.");
}

/* Without a keys target the keys are shown, not scored; validation is scored when measured. */
static void test_effort_without_target(const struct scenario *s)
{
    struct drill_card c;
    score_effort(s, 57, 2, 1, &c);
    CHECK_INT(c.max, 7);
    CHECK_INT(c.score, 6);
    CHECK_STR(point(&c, "keys")->reason, "57 keys pressed.");
    CHECK(!point(&c, "keys")->scored);
    CHECK(point(&c, "validation") && !point(&c, "validation")->passed);
    drill_card_free(&c);
}

int main(void)
{
    struct scenario *s = load();
    CHECK(s != NULL);
    if (!s)
        return test_summary();
    test_current = "right";
    test_right(s);
    test_current = "wrong";
    test_wrong_answers(s);
    test_current = "nothing";
    test_nothing_declared(s);
    test_nothing_declared_effort(s);
    test_current = "effort without a keys target";
    test_effort_without_target(s);
    test_current = "effort full marks";
    test_effort_full_marks();
    test_current = "too many keys";
    test_too_many_keys();
    test_current = "unfixed problem";
    test_unfixed_problem();
    scenario_free(s);
    return test_summary();
}
