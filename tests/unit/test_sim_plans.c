/* The simulator's plan catalogue: the built-in plans, plan files and their error messages,
   synthetic catalogues. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "sim/plans.h"
#include "test.h"

#define ARN(n) "arn:aws:ssm-incidents::111122223333:response-plan/" n

static void test_builtin(void)
{
    struct sim_plans *p = sim_plans_builtin();
    CHECK_INT(sim_plans_count(p), 5);
    static const char *const names[] = {"critical-outage", "database-degraded", "security-event",
                                        "payments-latency", "minor-bug"};
    for (size_t i = 0; i < 5; i++) {
        const json_t *plan = sim_plans_at(p, i);
        CHECK_STR(json_string_value(json_object_get(plan, "name")), names[i]);
        char arn[200];
        snprintf(arn, sizeof arn, ARN("%s"), names[i]);
        CHECK_STR(json_string_value(json_object_get(plan, "arn")), arn);
        CHECK(sim_plans_find(p, arn) == plan);
        const json_t *t = json_object_get(plan, "incidentTemplate");
        CHECK(json_is_string(json_object_get(t, "title")));
        CHECK(json_is_integer(json_object_get(t, "impact")));
        CHECK(json_is_string(json_object_get(plan, "displayName")));
    }
    CHECK(sim_plans_at(p, 5) == NULL);
    CHECK(sim_plans_find(p, ARN("nope")) == NULL);
    CHECK(sim_plans_find(p, NULL) == NULL);

    /* What --print-plans writes is a valid plan file describing the same catalogue. */
    char *dump = sim_plans_dump(p);
    struct buf err = BUF_INIT;
    struct sim_plans *again = sim_plans_parse(dump, strlen(dump), "dump", &err);
    CHECK(again != NULL);
    if (again) {
        CHECK_INT(sim_plans_count(again), 5);
        CHECK(json_equal((json_t *)sim_plans_at(p, 0), (json_t *)sim_plans_at(again, 0)));
    }
    sim_plans_free(again);
    buf_free(&err);
    free(dump);
    sim_plans_free(p);
}

static void test_files(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/sim/drill-plans.json", test_data_dir());
    struct buf err = BUF_INIT;
    struct sim_plans *p = sim_plans_load(path, &err);
    CHECK(p != NULL);
    if (!p)
        printf("     %s\n", buf_cstr(&err));
    else
        CHECK_INT(sim_plans_count(p), 2);
    sim_plans_free(p);

    snprintf(path, sizeof path, "%s/sim/example-plans.json", test_data_dir());
    p = sim_plans_load(path, &err);
    CHECK(p != NULL);
    const char *other = "arn:aws:ssm-incidents:eu-west-1:444455556666:response-plan/"
                        "other-account-plan";
    CHECK(p && sim_plans_find(p, other) != NULL);
    sim_plans_free(p);

    buf_reset(&err);
    CHECK(sim_plans_load("/nonexistent/plans.json", &err) == NULL);
    CHECK(strstr(buf_cstr(&err), "/nonexistent/plans.json") != NULL);
    buf_free(&err);
}

/* Each broken file is refused with a message naming the plan and the member. */
static void test_errors(void)
{
    static const struct {
        const char *text;
        const char *want; /* substring of the message */
    } cases[] = {
        {"{", "line 1"},
        {"{}", "must be a JSON array"},
        {"[1]", "plan 1: plan: must be an object"},
        {"[{\"incidentTemplate\": {\"title\": \"t\", \"impact\": 1}}]", "plan 1: name: required"},
        {"[{\"name\": \"bad name\", \"incidentTemplate\": {\"title\": \"t\", \"impact\": 1}}]",
         "name: required: 1 to 200 characters"},
        {"[{\"name\": \"a\"}]", "plan 1 (\"a\"): incidentTemplate: required"},
        {"[{\"name\": \"a\", \"incidentTemplate\": {\"title\": \"t\", \"impact\": 6}}]",
         "incidentTemplate.impact"},
        {"[{\"name\": \"a\", \"incidentTemplate\": {\"impact\": 2}}]",
         "incidentTemplate.title: required"},
        {"[{\"name\": \"a\", \"incidentTemplate\": {\"title\": \"t\", \"impact\": 1, \"sumary\": "
         "\"typo\"}}]",
         "incidentTemplate.sumary: unknown member"},
        {"[{\"name\": \"a\", \"displayname\": \"x\", \"incidentTemplate\": {\"title\": \"t\", "
         "\"impact\": 1}}]",
         "displayname: unknown member"},
        {"[{\"name\": \"a\", \"incidentTemplate\": {\"title\": \"t\", \"impact\": 1}}, {\"name\": "
         "\"a\", \"incidentTemplate\": {\"title\": \"t\", \"impact\": 1}}]",
         "plan 2 (\"a\"): name: another plan has the same name"},
        {"[{\"name\": \"a\", \"arn\": \"arn:aws:ssm-incidents::111122223333:response-plan/b\", "
         "\"incidentTemplate\": {\"title\": \"t\", \"impact\": 1}}]",
         "arn: must be"},
        {"[{\"name\": \"a\", \"chatChannel\": {\"slack\": 1}, \"incidentTemplate\": {\"title\": "
         "\"t\", \"impact\": 1}}]",
         "chatChannel: must be"},
        {"[{\"name\": \"a\", \"engagements\": [1], \"incidentTemplate\": {\"title\": \"t\", "
         "\"impact\": 1}}]",
         "engagements: item 1 is not a string"},
        {"[{\"name\": \"a\", \"actions\": [{\"ssmAutomation\": {\"documentName\": \"x\"}}], "
         "\"incidentTemplate\": {\"title\": \"t\", \"impact\": 1}}]",
         "actions[0].ssmAutomation.documentName"},
        {"[{\"name\": \"a\", \"integrations\": [{\"pagerDutyConfiguration\": {\"name\": \"p\"}}], "
         "\"incidentTemplate\": {\"title\": \"t\", \"impact\": 1}}]",
         "integrations[0].pagerDutyConfiguration.secretId: required"},
        {"[{\"name\": \"a\", \"name\": \"b\", \"incidentTemplate\": {\"title\": \"t\", "
         "\"impact\": 1}}]",
         "duplicate"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf err = BUF_INIT;
        struct sim_plans *p =
            sim_plans_parse(cases[i].text, strlen(cases[i].text), "plans.json", &err);
        CHECK(p == NULL);
        if (!CHECK(strstr(buf_cstr(&err), cases[i].want) != NULL))
            printf("     case %zu: %s\n", i, buf_cstr(&err));
        CHECK(strncmp(buf_cstr(&err), "plans.json: ", 12) == 0);
        sim_plans_free(p);
        buf_free(&err);
    }
    /* An empty catalogue is allowed (a drill about "no plan fits"). */
    struct buf err = BUF_INIT;
    struct sim_plans *p = sim_plans_parse("[]", 2, "plans.json", &err);
    CHECK(p && sim_plans_count(p) == 0);
    sim_plans_free(p);
    buf_free(&err);
}

static void test_synthetic(void)
{
    struct sim_plans *p = sim_plans_synthetic(10000);
    CHECK_INT(sim_plans_count(p), 10000);
    CHECK_STR(json_string_value(json_object_get(sim_plans_at(p, 0), "name")),
              "synthetic-plan-000001");
    CHECK(sim_plans_find(p, ARN("synthetic-plan-010000")) == sim_plans_at(p, 9999));
    CHECK_INT(json_integer_value(json_object_get(
                  json_object_get(sim_plans_at(p, 6), "incidentTemplate"), "impact")),
              2);
    sim_plans_free(p);
}

int main(void)
{
    RUN(test_builtin);
    RUN(test_files);
    RUN(test_errors);
    RUN(test_synthetic);
    return test_summary();
}
