/* Validators, per rule a valid and an invalid case at the boundaries; timestamps against what the
   AWS CLI sends; normalisation; whole requests; and random input that must not crash them. */
#include <jansson.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "forms/validate.h"
#include "test.h"

#define ARN       "arn:aws:ssm-incidents::123456789012:response-plan/checkout"
#define ARN_WORDS "arn:aws(-cn|-us-gov)?:<service>:<region>:<12-digit account>:<resource>"
#define TS_RULE   "must be a date and time like 2026-11-26T15:00:00Z, or epoch seconds"
#define ITEM_TYPES                                                                                 \
    "ANALYSIS, INCIDENT, METRIC, PARENT, ATTACHMENT, OTHER, AUTOMATION, "                          \
    "INVOLVED_RESOURCE, TASK"
#define UNION_RULE "must set exactly one of arn, url, metricDefinition, pagerDutyIncidentDetail"
#define CJK        "\xe6\xbc\xa2"     /* U+6F22, 3 bytes */
#define EMOJI      "\xf0\x9f\x94\xa5" /* U+1F525, 4 bytes */
#define PAGERDUTY  "relatedItems[0].identifier.value.pagerDutyIncidentDetail."
#define HUGE_INT   "99999999999999999999999"             /* more than any integer type holds */
#define RANGE(is)  "must be between 1 and 5 (is " is ")" /* an impact out of range */
#define NOT_INT    "must be an integer"

/* ---- helpers ---- */

static char *repeat(const char *unit, size_t n)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_puts(&b, unit);
    return buf_steal(&b);
}

static char *joined(const struct problems *p)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < p->n; i++)
        buf_printf(&b, "%s: %s\n", p->v[i].path, p->v[i].message);
    return buf_steal(&b);
}

/* Normalise and validate a JSON object; the problems, one "path: message" line each. */
static char *check_json(json_t *body)
{
    struct problems p = PROBLEMS_INIT;
    forms_normalize_start_incident(body, &p);
    forms_validate_start_incident(body, &p);
    char *s = joined(&p);
    problems_free(&p);
    return s;
}

static char *check_text(const char *json_text)
{
    json_error_t err;
    json_t *body = json_loads(json_text, JSON_DECODE_ANY, &err);
    if (!CHECK(body != NULL)) {
        printf("     bad test JSON: %s: %s\n", err.text, json_text);
        return strdup("(bad test JSON)");
    }
    char *s = check_json(body);
    json_decref(body);
    return s;
}

#define EXPECT(json_text, want)                                                                    \
    do {                                                                                           \
        char *got_ = check_text(json_text);                                                        \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)

#define EXPECT_JSON(body, want)                                                                    \
    do {                                                                                           \
        json_t *body_ = (body);                                                                    \
        char *got_ = check_json(body_);                                                            \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
        json_decref(body_);                                                                        \
    } while (0)

/* A valid request with one string member set: {"responsePlanArn": ARN, <path>: value}. */
static json_t *with_string(const char *member, const char *value)
{
    json_t *body = json_pack("{s:s}", "responsePlanArn", ARN);
    json_object_set_new(body, member, json_string(value));
    return body;
}

/* A valid request with triggerDetails, the given member replaced. */
static json_t *with_trigger(const char *member, json_t *value)
{
    json_t *body = json_pack("{s:s, s:{s:s, s:i}}", "responsePlanArn", ARN, "triggerDetails",
                             "source", "com.example", "timestamp", 1795705200);
    json_object_set_new(json_object_get(body, "triggerDetails"), member, value);
    return body;
}

/* A valid request with one related item whose value is given. */
static json_t *with_item_value(json_t *value)
{
    return json_pack("{s:s, s:[{s:{s:s, s:o}}]}", "responsePlanArn", ARN, "relatedItems",
                     "identifier", "type", "OTHER", "value", value);
}

/* A file under tests/data/forms. */
static const char *forms_data(const char *name)
{
    return test_pathf("%s/forms/%s", test_data_dir(), name);
}

static char *why_of(const char *path, const char *value)
{
    struct buf why = BUF_INIT;
    bool ok = forms_check_value(forms_field(path), value, &why);
    CHECK(ok == (why.len == 0));
    return buf_steal(&why);
}

#define EXPECT_WHY(path, value, want)                                                              \
    do {                                                                                           \
        char *got_ = why_of(path, value);                                                          \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)

/* One value for one field, and the reason it is refused ("" when it is accepted). */
struct value_case {
    int line;
    const char *path, *value, *why;
};

/* EXPECT_WHY over a table, each row a check of its own. */
static void expect_whys(const struct value_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *got = why_of(c[i].path, c[i].value);
        CHECK_STR_AT(c[i].line, got, c[i].why);
        free(got);
    }
}

/* ---- whole requests ---- */

static void test_minimal_and_required(void)
{
    EXPECT("{\"responsePlanArn\": \"" ARN "\"}", "");
    EXPECT("{}", "responsePlanArn: is required\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"triggerDetails\": {}}",
           "triggerDetails.source: is required\ntriggerDetails.timestamp: is required\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"relatedItems\": [{}]}",
           "relatedItems[0].identifier: is required\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"relatedItems\": [{\"identifier\": {}}]}",
           "relatedItems[0].identifier.type: is required\n"
           "relatedItems[0].identifier.value: is required\n");
    EXPECT_JSON(with_item_value(json_pack("{s:{}}", "pagerDutyIncidentDetail")),
                "relatedItems[0].identifier.value.pagerDutyIncidentDetail.id: is required\n");
    /* Empty lists and optional members left out are fine. */
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"relatedItems\": []}", "");
}

struct limit_case {
    const char *member;
    size_t max;
};

static void test_string_lengths(void)
{
    static const struct limit_case top[] = {{"title", 200}, {"clientToken", 128}};
    for (size_t i = 0; i < 2; i++) {
        char *ok = repeat("a", top[i].max), *bad = repeat("a", top[i].max + 1);
        char want[200];
        snprintf(want, sizeof want, "%s: must be at most %zu characters (is %zu)\n", top[i].member,
                 top[i].max, top[i].max + 1);
        EXPECT_JSON(with_string(top[i].member, ok), "");
        EXPECT_JSON(with_string(top[i].member, bad), want);
        free(ok);
        free(bad);
    }
    /* Characters, not bytes: 200 CJK characters are 600 bytes and pass; 201 do not. */
    char *cjk200 = repeat(CJK, 200), *cjk201 = repeat(CJK, 201), *emoji200 = repeat(EMOJI, 200);
    CHECK_INT(strlen(cjk200), 600);
    EXPECT_JSON(with_string("title", cjk200), "");
    EXPECT_JSON(with_string("title", emoji200), "");
    EXPECT_JSON(with_string("title", cjk201), "title: must be at most 200 characters (is 201)\n");
    free(cjk200);
    free(cjk201);
    free(emoji200);
    EXPECT_JSON(with_string("title", ""), "");

    static const struct limit_case trig[] = {{"source", 50}, {"rawData", 10000}};
    for (size_t i = 0; i < 2; i++) {
        char *ok = repeat("b", trig[i].max), *bad = repeat(CJK, trig[i].max + 1);
        char want[200];
        snprintf(want, sizeof want, "triggerDetails.%s: must be at most %zu characters (is %zu)\n",
                 trig[i].member, trig[i].max, trig[i].max + 1);
        EXPECT_JSON(with_trigger(trig[i].member, json_string(ok)), "");
        EXPECT_JSON(with_trigger(trig[i].member, json_string(bad)), want);
        free(ok);
        free(bad);
    }

    char *s;
    s = repeat("u", 1000 - strlen("https://x/"));
    char *url = malloc(1100);
    snprintf(url, 1100, "https://x/%s", s);
    EXPECT_JSON(with_item_value(json_pack("{s:s}", "url", url)), "");
    strcat(url, "/");
    EXPECT_JSON(with_item_value(json_pack("{s:s}", "url", url)),
                "relatedItems[0].identifier.value.url: must be at most 1000 characters (is "
                "1001)\n");
    free(url);
    free(s);

    s = repeat("m", 4000);
    EXPECT_JSON(with_item_value(json_pack("{s:s}", "metricDefinition", s)), "");
    free(s);
    s = repeat("m", 4001);
    EXPECT_JSON(with_item_value(json_pack("{s:s}", "metricDefinition", s)),
                "relatedItems[0].identifier.value.metricDefinition: must be at most 4000 "
                "characters (is 4001)\n");
    free(s);

    /* Minimum lengths: the PagerDuty id and secret need one character. */
    EXPECT_JSON(with_item_value(json_pack("{s:{s:s, s:s}}", "pagerDutyIncidentDetail", "id", "Q",
                                          "secretId", "k")),
                "");
    EXPECT_JSON(with_item_value(json_pack("{s:{s:s, s:s}}", "pagerDutyIncidentDetail", "id", "",
                                          "secretId", "")),
                "relatedItems[0].identifier.value.pagerDutyIncidentDetail.id: must be at least 1 "
                "character (is 0)\n"
                "relatedItems[0].identifier.value.pagerDutyIncidentDetail.secretId: must be at "
                "least 1 character (is 0)\n");
    s = repeat("s", 512);
    EXPECT_JSON(with_item_value(json_pack("{s:{s:s, s:s}}", "pagerDutyIncidentDetail", "id", "Q",
                                          "secretId", s)),
                "");
    free(s);
    s = repeat("s", 513);
    EXPECT_JSON(with_item_value(json_pack("{s:{s:s, s:s}}", "pagerDutyIncidentDetail", "id", "Q",
                                          "secretId", s)),
                "relatedItems[0].identifier.value.pagerDutyIncidentDetail.secretId: must be at "
                "most 512 characters (is 513)\n");
    free(s);
}

static void test_impact(void)
{
    for (int i = 1; i <= 5; i++) {
        json_t *body = json_pack("{s:s, s:i}", "responsePlanArn", ARN, "impact", i);
        EXPECT_JSON(body, "");
    }
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"impact\": 0}",
           "impact: must be between 1 and 5 (is 0)\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"impact\": 7}",
           "impact: must be between 1 and 5 (is 7)\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"impact\": -9223372036854775807}",
           "impact: must be between 1 and 5 (is -9223372036854775807)\n");
    /* 3.0 is a float to the AWS CLI too, which refuses it for an integer parameter. */
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"impact\": 3.0}", "impact: must be an integer\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"impact\": \"3\"}", "impact: must be an integer\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"impact\": true}", "impact: must be an integer\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"impact\": null}", "impact: must be an integer\n");
}

static void test_item_type(void)
{
    const struct field_def *f = forms_field("relatedItems[].identifier.type");
    for (const char *const *t = f->enum_values; *t; t++) {
        json_t *body = json_pack("{s:s, s:[{s:{s:s, s:{s:s}}}]}", "responsePlanArn", ARN,
                                 "relatedItems", "identifier", "type", *t, "value", "url", "u");
        EXPECT_JSON(body, "");
    }
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"relatedItems\": [{\"identifier\": "
           "{\"type\": \"other\", \"value\": {\"url\": \"u\"}}}]}",
           "relatedItems[0].identifier.type: must be one of " ITEM_TYPES "\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"relatedItems\": [{\"identifier\": "
           "{\"type\": 3, \"value\": {\"url\": \"u\"}}}]}",
           "relatedItems[0].identifier.type: must be a string\n");
}

static void test_arn_pattern(void)
{
    static const char *const good[] = {
        ARN,
        "arn:aws-cn:ssm-incidents::123456789012:response-plan/x",
        "arn:aws-us-gov:ssm-incidents:us-gov-west-1:123456789012:response-plan/x",
        "arn:aws:s3:::bucket-without-account",
        "arn:aws:ssm-incidents::123456789012:" CJK,
        "arn:aws:a:b:123456789012:x:y/z with spaces",
    };
    static const char *const bad[] = {
        "",
        "arn",
        "arn:aws:ssm-incidents::12345678901:response-plan/x",   /* 11 digits */
        "arn:aws:ssm-incidents::1234567890123:response-plan/x", /* 13 digits */
        "arn:aws-eu:ssm-incidents::123456789012:response-plan/x",
        "arn:aws:SSM-incidents::123456789012:response-plan/x", /* service in capitals */
        "arn:aws:ssm-incidents::123456789012:",                /* no resource */
        "arn:aws:ssm-incidents::123456789012:x\n",             /* "." stops at a line end */
        "arn:aws:ssm-incidents::123456789012:x\ny",
        "arn:aws:ssm-incidents::123456789012:x\xe2\x80\xa8y",
        " arn:aws:ssm-incidents::123456789012:x",
        "ARN:aws:ssm-incidents::123456789012:x",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        test_current = good[i];
        EXPECT_JSON(with_string("responsePlanArn", good[i]), "");
        EXPECT_JSON(with_trigger("triggerArn", json_string(good[i])), "");
        EXPECT_JSON(with_item_value(json_pack("{s:s}", "arn", good[i])), "");
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        test_current = bad[i];
        EXPECT_JSON(with_string("responsePlanArn", bad[i]),
                    "responsePlanArn: must match " ARN_WORDS "\n");
        EXPECT_JSON(with_trigger("triggerArn", json_string(bad[i])),
                    "triggerDetails.triggerArn: must match " ARN_WORDS "\n");
        EXPECT_JSON(with_item_value(json_pack("{s:s}", "arn", bad[i])),
                    "relatedItems[0].identifier.value.arn: must match " ARN_WORDS "\n");
    }
    test_current = "test_arn_pattern";
    /* Too long and not an ARN: one problem per broken rule. */
    char *s = repeat("x", 1001);
    EXPECT_JSON(with_string("responsePlanArn", s),
                "responsePlanArn: must be at most 1000 characters (is 1001)\n"
                "responsePlanArn: must match " ARN_WORDS "\n");
    free(s);
    /* An embedded NUL (jansson can carry one) is no ARN either. */
    json_t *body = json_pack("{s:s#}", "responsePlanArn", ARN "\0x", sizeof ARN + 1);
    EXPECT_JSON(body, "responsePlanArn: must match " ARN_WORDS "\n");
}

static void test_generated_id(void)
{
    const char *words = "related-item/<item type>/<32 characters 0-9 or A-F>";
    char want[300];
    snprintf(want, sizeof want, "relatedItems[0].generatedId: must match %s\n", words);
    static const char *const good[] = {
        "related-item/OTHER/0123456789ABCDEF0123456789ABCDEF",
        "related-item/INVOLVED_RESOURCE/FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    };
    static const char *const bad[] = {
        "related-item/OTHER/0123456789abcdef0123456789abcdef",  /* lower case */
        "related-item/OTHER/0123456789ABCDEF0123456789ABCDE",   /* 31 */
        "related-item/OTHER/0123456789ABCDEF0123456789ABCDEF0", /* 33 */
        "related-item/BOGUS/0123456789ABCDEF0123456789ABCDEF",  "",
    };
    for (size_t i = 0; i < 2; i++) {
        json_t *body = with_item_value(json_pack("{s:s}", "url", "u"));
        json_object_set_new(json_array_get(json_object_get(body, "relatedItems"), 0), "generatedId",
                            json_string(good[i]));
        EXPECT_JSON(body, "");
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *body = with_item_value(json_pack("{s:s}", "url", "u"));
        json_object_set_new(json_array_get(json_object_get(body, "relatedItems"), 0), "generatedId",
                            json_string(bad[i]));
        EXPECT_JSON(body, want);
    }
}

static void test_union(void)
{
    EXPECT_JSON(with_item_value(json_pack("{s:s}", "url", "https://x")), "");
    EXPECT_JSON(with_item_value(json_pack("{s:s}", "arn", ARN)), "");
    EXPECT_JSON(with_item_value(json_pack("{s:s}", "metricDefinition", "m")), "");
    EXPECT_JSON(with_item_value(json_pack("{s:{s:s}}", "pagerDutyIncidentDetail", "id", "Q")), "");
    EXPECT_JSON(with_item_value(json_object()),
                "relatedItems[0].identifier.value: " UNION_RULE " (sets 0)\n");
    EXPECT_JSON(with_item_value(json_pack("{s:s, s:s}", "url", "https://x", "arn", ARN)),
                "relatedItems[0].identifier.value: " UNION_RULE " (sets 2)\n");
    /* An empty string is set, as the AWS CLI counts it. */
    EXPECT_JSON(
        with_item_value(json_pack("{s:s, s:s}", "url", "https://x", "metricDefinition", "")),
        "relatedItems[0].identifier.value: " UNION_RULE " (sets 2)\n");
    /* An unknown member is named, and does not count. */
    EXPECT_JSON(with_item_value(json_pack("{s:s}", "uri", "https://x")),
                "relatedItems[0].identifier.value: " UNION_RULE " (sets 0)\n"
                "relatedItems[0].identifier.value.uri: is not a known field\n");
    EXPECT_JSON(with_item_value(json_string("https://x")),
                "relatedItems[0].identifier.value: must be an object\n");
}

static void test_unknown_fields(void)
{
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"colour\": \"red\"}",
           "colour: is not a known field\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"Title\": \"x\"}",
           "Title: is not a known field (did you mean \"title\"?)\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"triggerDetails\": {\"source\": \"s\", "
           "\"timestamp\": 0, \"detector\": 1}}",
           "triggerDetails.detector: is not a known field\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"relatedItems\": [{\"identifier\": {\"type\": "
           "\"OTHER\", \"value\": {\"url\": \"u\"}}}, {\"identifier\": {\"type\": \"OTHER\", "
           "\"value\": {\"url\": \"u\", \"pagerDutyIncidentDetail\": {\"id\": \"Q\", \"x\": 1}}}, "
           "\"note\": \"n\"}]}",
           "relatedItems[1].identifier.value: " UNION_RULE " (sets 2)\n"
           "relatedItems[1].identifier.value.pagerDutyIncidentDetail.x: is not a known field\n"
           "relatedItems[1].note: is not a known field\n");
    /* Names are shown safely: controls become '?', long names are cut. */
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"a\\u001b[2Jb\\n\\u0085\": 1}",
           "a?[2Jb??: is not a known field\n");
    char *longname = repeat(CJK, 70);
    json_t *body = with_string("title", "t");
    json_object_set_new(body, longname, json_true());
    char *shown = repeat(CJK, 64), want[400];
    snprintf(want, sizeof want, "%s...: is not a known field\n", shown);
    EXPECT_JSON(body, want);
    free(longname);
    free(shown);
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"triggerDetails\": {\"source\": \"s\", "
           "\"timestamp\": 0, \"\": 1}}",
           "triggerDetails.\"\": is not a known field\n");
    /* A member name that looks like a path is just an unknown name. */
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"relatedItems[0]\": {}, \"triggerDetails.source\": "
           "\"s\"}",
           "relatedItems[0]: is not a known field\ntriggerDetails.source: is not a known field\n");
}

static void test_wrong_types(void)
{
    EXPECT("[]", "input: must be a JSON object\n");
    EXPECT("\"x\"", "input: must be a JSON object\n");
    EXPECT("{\"responsePlanArn\": 5}", "responsePlanArn: must be a string\n");
    EXPECT("{\"responsePlanArn\": null}", "responsePlanArn: must be a string\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"title\": [\"x\"]}", "title: must be a string\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"relatedItems\": {}}",
           "relatedItems: must be a list\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"relatedItems\": [\"x\", null]}",
           "relatedItems[0]: must be an object\nrelatedItems[1]: must be an object\n");
    EXPECT("{\"responsePlanArn\": \"" ARN "\", \"triggerDetails\": \"x\"}",
           "triggerDetails: must be an object\n");
    EXPECT_JSON(with_item_value(json_pack("{s:{s:s, s:s}}", "pagerDutyIncidentDetail", "id", "Q",
                                          "autoResolve", "yes")),
                "relatedItems[0].identifier.value.pagerDutyIncidentDetail.autoResolve: must be "
                "true or false\n");
    EXPECT_JSON(with_item_value(json_pack("{s:{s:s, s:b}}", "pagerDutyIncidentDetail", "id", "Q",
                                          "autoResolve", 0)),
                "");
    struct problems p = PROBLEMS_INIT;
    CHECK_INT(forms_validate_start_incident(NULL, &p), 1);
    CHECK_INT(forms_normalize_start_incident(NULL, &p), 0);
    problems_free(&p);
    json_t *body = json_object();
    CHECK_INT(forms_validate_start_incident(body, NULL), 1); /* no list: still counted */
    json_decref(body);
}

static void test_invalid_utf8(void)
{
    static const char *const bad[] = {
        "\xff",
        "a\xc3",
        "\xc0\xaf" /* overlong */,
        "\xed\xa0\x80" /* surrogate */,
        "\xf4\x90\x80\x80" /* past U+10FFFF */,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *body = with_string("title", "x");
        json_object_set_new(body, "title", json_stringn_nocheck(bad[i], strlen(bad[i])));
        EXPECT_JSON(body, "title: is not valid UTF-8\n");
        body = with_trigger("source", json_stringn_nocheck(bad[i], strlen(bad[i])));
        EXPECT_JSON(body, "triggerDetails.source: is not valid UTF-8\n");
        EXPECT_WHY("title", bad[i], "is not valid UTF-8");
    }
}

static void test_source_prefix(void)
{
    EXPECT_JSON(with_trigger("source", json_string("aws.cloudwatch")),
                "triggerDetails.source: must not begin with \"aws.\"\n");
    EXPECT_JSON(with_trigger("source", json_string("aws.")),
                "triggerDetails.source: must not begin with \"aws.\"\n");
    static const char *const good[] = {"aws", "awsx.y", "com.aws.x", "com.example.monitoring", ""};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        EXPECT_JSON(with_trigger("source", json_string(good[i])), "");
    /* The rule is the source's alone. */
    EXPECT_JSON(with_string("title", "aws.x"), "");
}

static void test_list_length(void)
{
    json_t *items = json_array();
    for (int i = 0; i < 100; i++)
        json_array_append_new(items, json_pack("{s:{s:s, s:{s:s}}}", "identifier", "type", "OTHER",
                                               "value", "url", "https://x"));
    json_t *body = json_pack("{s:s, s:O}", "responsePlanArn", ARN, "relatedItems", items);
    EXPECT_JSON(body, "");
    json_array_append_new(items, json_pack("{s:{s:s, s:{s:s}}}", "identifier", "type", "OTHER",
                                           "value", "url", "https://x"));
    json_array_append_new(items, json_string("past the limit: not looked at"));
    body = json_pack("{s:s, s:o}", "responsePlanArn", ARN, "relatedItems", items);
    EXPECT_JSON(body, "relatedItems: must have at most 100 items (has 102)\n");
}

/* ---- timestamps ---- */

static void test_timestamps_like_the_cli(void)
{
    char *text = test_slurp(forms_data("cli-timestamps.tsv"), NULL);
    if (!CHECK(text != NULL))
        return;
    int cases = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        test_current = line;
        double t = 0;
        int rc = forms_parse_timestamp(line, &t);
        if (strcmp(tab + 1, "ERROR") == 0) {
            CHECK_INT(rc, -1);
        } else if (CHECK_INT(rc, 0)) {
            CHECK_INT((long long)floor(t), strtoll(tab + 1, NULL, 10));
        }
        cases++;
    }
    test_current = "test_timestamps_like_the_cli";
    CHECK(cases >= 40);
    free(text);
}

/* The loose forms (dateutil's): each as the CLI sends it, or refused where the CLI would
   guess from today's date or ignore a zone; every such difference says why. */
static void test_timestamps_loose(void)
{
    char *text = test_slurp(forms_data("cli-timestamps-loose.tsv"), NULL);
    if (!CHECK(text != NULL))
        return;
    int cases = 0, differ = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *col[4] = {line, NULL, NULL, NULL};
        for (int c = 1; c < 4 && col[c - 1] && (col[c] = strchr(col[c - 1], '\t')); c++)
            *col[c]++ = '\0';
        if (line[0] == '#' || !col[2])
            continue;
        json_t *in = json_loads(col[0], JSON_DECODE_ANY, NULL);
        test_current = col[0];
        double t = 0;
        int rc = forms_parse_timestamp(json_string_value(in), &t);
        if (!strcmp(col[2], "ERROR"))
            CHECK_INT(rc, -1);
        else if (CHECK_INT(rc, 0))
            CHECK_INT((long long)floor(t), strtoll(col[2], NULL, 10));
        CHECK(!strcmp(col[1], col[2]) || (col[3] && *col[3])); /* a difference says why */
        differ += strcmp(col[1], col[2]) != 0;
        json_decref(in);
        cases++;
    }
    test_current = "test_timestamps_loose";
    CHECK(cases >= 100);
    CHECK(differ < 20);
    free(text);
}

static void test_timestamps(void)
{
    double t = 0;
    CHECK_INT(forms_parse_timestamp("2026-11-26T15:00:00.75Z", &t), 0);
    CHECK(t == 1795705200.75);
    CHECK_INT(forms_parse_timestamp("1700000000.25", &t), 0);
    CHECK(t == 1700000000.25);
    CHECK_INT(forms_parse_timestamp("-1.5", &t), 0);
    CHECK(t == -1.5);
    /* Never rounded up into the next second. */
    CHECK_INT(forms_parse_timestamp("9999-12-31T23:59:59.999999999Z", &t), 0);
    CHECK_INT((long long)floor(t), 253402300799LL);
    CHECK_INT(forms_parse_timestamp("2026-11-26T15:00:00.9999999999Z", &t), 0);
    CHECK_INT((long long)floor(t), 1795705200);
    CHECK_INT(forms_parse_timestamp("2026-11-26", NULL), 0);

    /* Refused by the AWS CLI too (the forms it accepts are in cli-timestamps-loose.tsv). */
    static const char *const bad[] = {
        NULL,
        "",
        " ",
        "2026-11-26Z",
        "2026-11-26T15:00:00+01:00:00",
        "2026-11-26T15:00:00.Z",
        "2026-11-26T15.5",
        "-",
        "0x10",
        "nan",
        "inf",
        "99999999999999999999",
        "-62135596801",
        "253402300800",
        "2026-11-26\n", /* a line break in a field is refused everywhere */
        "0001-01-01T00:00:00+00:01",
        "9999-12-31T23:59:59-00:01",
        "1900-02-29",
        "2100-02-29",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        test_current = bad[i] ? bad[i] : "(null)";
        t = 42;
        CHECK_INT(forms_parse_timestamp(bad[i], &t), -1);
        CHECK(t == 42); /* untouched on failure */
    }
    test_current = "test_timestamps";
    CHECK_INT(forms_parse_timestamp("2000-02-29T00:00:00Z", &t), 0);
    CHECK(t == 951782400);
    CHECK_INT(forms_parse_timestamp("-62135596800", &t), 0);
}

/* TZ must not matter: no zone means UTC, whatever the machine's zone. */
static void test_timestamps_ignore_tz(void)
{
    double utc, other;
    CHECK_INT(forms_parse_timestamp("2026-07-01T12:00:00", &utc), 0);
    const char *old = getenv("TZ");
    char *saved = old ? strdup(old) : NULL;
    setenv("TZ", "America/New_York", 1);
    tzset();
    CHECK_INT(forms_parse_timestamp("2026-07-01T12:00:00", &other), 0);
    CHECK(utc == other);
    CHECK(utc == 1782907200);
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

/* ---- normalisation ---- */

static void test_normalize(void)
{
    struct problems p = PROBLEMS_INIT;
    json_t *body = with_trigger("timestamp", json_string("2026-11-26T15:00:00+01:00"));
    CHECK_INT(forms_normalize_start_incident(body, &p), 0);
    json_t *ts = json_object_get(json_object_get(body, "triggerDetails"), "timestamp");
    CHECK(json_is_integer(ts));
    CHECK_INT(json_integer_value(ts), 1795701600);
    CHECK_INT(forms_validate_start_incident(body, &p), 0);
    CHECK_INT(p.n, 0);
    json_decref(body);

    /* Fractions are dropped (rounded down), as the AWS CLI sends whole seconds. */
    body = with_trigger("timestamp", json_string("1969-12-31T23:59:59.5Z"));
    forms_normalize_start_incident(body, &p);
    ts = json_object_get(json_object_get(body, "triggerDetails"), "timestamp");
    CHECK(json_is_integer(ts) && json_integer_value(ts) == -1);
    json_decref(body);
    body = with_trigger("timestamp", json_real(1700000000.9));
    forms_normalize_start_incident(body, &p);
    ts = json_object_get(json_object_get(body, "triggerDetails"), "timestamp");
    CHECK(json_is_integer(ts) && json_integer_value(ts) == 1700000000);
    json_decref(body);
    /* Integers are left as they are (the same object). */
    json_t *n = json_integer(1795705200);
    body = with_trigger("timestamp", json_incref(n));
    forms_normalize_start_incident(body, &p);
    CHECK(json_object_get(json_object_get(body, "triggerDetails"), "timestamp") == n);
    json_decref(n);
    json_decref(body);
    CHECK_INT(p.n, 0);

    /* Unparseable: one problem, the value left alone, and validation does not say it twice. */
    body = with_trigger("timestamp", json_string("yesterday"));
    CHECK_INT(forms_normalize_start_incident(body, &p), 1);
    CHECK(json_is_string(json_object_get(json_object_get(body, "triggerDetails"), "timestamp")));
    CHECK_INT(forms_validate_start_incident(body, &p), 1); /* still counted */
    CHECK_INT(p.n, 1);
    if (p.n == 1) {
        CHECK_STR(p.v[0].path, "triggerDetails.timestamp");
        CHECK_STR(p.v[0].message, TS_RULE);
    }
    problems_free(&p);
    json_decref(body);
    body = with_trigger("timestamp", json_stringn("2026-11-26\0x", 12));
    CHECK_INT(forms_normalize_start_incident(body, &p), 1);
    problems_free(&p);
    json_decref(body);

    /* Validation alone (the wire shape) refuses strings and nonsense. */
    EXPECT_JSON(with_trigger("timestamp", json_true()), "triggerDetails.timestamp: " TS_RULE "\n");
    body = with_trigger("timestamp", json_string("2026-11-26"));
    CHECK_INT(forms_validate_start_incident(body, &p), 1);
    CHECK_STR(p.n ? p.v[0].message : "", "must be epoch seconds (a number), not a string");
    problems_free(&p);
    json_decref(body);
    EXPECT_JSON(with_trigger("timestamp", json_integer(253402300800LL)),
                "triggerDetails.timestamp: must be between 0001-01-01 and 9999-12-31 (is "
                "253402300800)\n");
    EXPECT_JSON(with_trigger("timestamp", json_real(1e300)),
                "triggerDetails.timestamp: must be between 0001-01-01 and 9999-12-31 (is "
                "1e+300)\n");
    EXPECT_JSON(with_trigger("timestamp", json_integer(-62135596800LL)), "");

    /* Other members are not touched, even empty ones; unknown ones are left for validation. */
    body =
        json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:[{s:s}, i], s:{s:s}}", "responsePlanArn", "",
                  "title", "", "triggerDetails", "source", "", "timestamp", "1970-01-01T00:00:00",
                  "rawData", "", "relatedItems", "title", "", 3, "x", "timestamp", "2026-11-26");
    CHECK_INT(forms_normalize_start_incident(body, &p), 0);
    char *after = json_dumps(body, JSON_SORT_KEYS | JSON_COMPACT);
    CHECK_STR(after, "{\"relatedItems\":[{\"title\":\"\"},3],\"responsePlanArn\":\"\","
                     "\"title\":\"\",\"triggerDetails\":{\"rawData\":\"\",\"source\":\"\","
                     "\"timestamp\":0},\"x\":{\"timestamp\":\"2026-11-26\"}}");
    free(after);
    problems_free(&p);
    json_decref(body);

    /* Not an object: nothing to normalise; validation says what is wrong. */
    body = json_pack("{s:s, s:[1], s:s}", "responsePlanArn", ARN, "relatedItems", "triggerDetails",
                     "2026");
    CHECK_INT(forms_normalize_start_incident(body, &p), 0);
    json_decref(body);
    problems_free(&p);
}

/* ---- whole files ---- */

static json_t *load(const char *name)
{
    const char *path = forms_data(name);
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);
    if (!CHECK(j != NULL))
        printf("     %s: %s\n", path, err.text);
    return j;
}

static void expect_file(const char *json_name, const char *expected_name)
{
    json_t *body = load(json_name);
    char *want = test_slurp(forms_data(expected_name), NULL);
    if (!CHECK(body && want)) {
        json_decref(body);
        free(want);
        return;
    }
    char *got = check_json(body);
    CHECK_STR(got, want);
    free(got);
    free(want);
    json_decref(body);
}

static void test_full_request(void)
{
    json_t *body = load("full-request.json");
    struct problems p = PROBLEMS_INIT;
    if (!body)
        return;
    CHECK_INT(forms_normalize_start_incident(body, &p), 0);
    CHECK_INT(forms_validate_start_incident(body, &p), 0);
    char *s = joined(&p);
    CHECK_STR(s, "");
    free(s);
    /* The same number the AWS CLI sends for this request. */
    CHECK_INT(
        json_integer_value(json_object_get(json_object_get(body, "triggerDetails"), "timestamp")),
        1795701600);
    problems_free(&p);
    json_decref(body);
}

/* The AWS CLI's --generate-cli-skeleton output: its empty members are checked, not dropped. */
static void test_skeleton(void)
{
    expect_file("skeleton.json", "skeleton.expected");
}

static void test_bad_request(void)
{
    expect_file("bad-request.json", "bad-request.expected");
}

/* ---- one typed value ---- */

static void test_check_value(void)
{
    char *s200 = repeat(CJK, 200), *s201 = repeat("a", 201);
    EXPECT_WHY("title", s200, "");
    EXPECT_WHY("title", s201, "must be at most 200 characters (is 201)");
    EXPECT_WHY("title", "", "");
    EXPECT_WHY("title", NULL, "");
    free(s200);
    free(s201);
    for (int i = 1; i <= 5; i++) {
        char v[2] = {(char)('0' + i), 0};
        EXPECT_WHY("impact", v, "");
    }
    static const struct value_case cases[] = {
        {__LINE__, "responsePlanArn", "", "is required"},
        {__LINE__, "responsePlanArn", ARN, ""},
        {__LINE__, "responsePlanArn", "arn:nope", "must match " ARN_WORDS},
        {__LINE__, "relatedItems[3].identifier.value.arn", "x", "must match " ARN_WORDS},
        {__LINE__, "relatedItems[].identifier.value.arn", "", ""},
        {__LINE__, "impact", "0", RANGE("0")},
        {__LINE__, "impact", "6", RANGE("6")},
        {__LINE__, "impact", "-1", RANGE("-1")},
        {__LINE__, "impact", "007", RANGE("007")},
        {__LINE__, "impact", "003", ""},
        {__LINE__, "impact", HUGE_INT, RANGE("a huge number")},
        {__LINE__, "impact", "-" HUGE_INT, RANGE("a huge negative number")},
        {__LINE__, "impact", "3.0", NOT_INT},
        {__LINE__, "impact", "high", NOT_INT},
        {__LINE__, "impact", " 3", NOT_INT},
        {__LINE__, "impact", "-", NOT_INT},
        {__LINE__, "impact", "", ""},
        {__LINE__, "relatedItems[0].identifier.type", "METRIC", ""},
        {__LINE__, "relatedItems[0].identifier.type", "metric", "must be one of " ITEM_TYPES},
        {__LINE__, "relatedItems[0].identifier.type", "", "is required"},
        {__LINE__, "triggerDetails.timestamp", "2026-11-26T15:00:00Z", ""},
        {__LINE__, "triggerDetails.timestamp", "2026-11-26", ""},
        {__LINE__, "triggerDetails.timestamp", "1795705200", ""},
        {__LINE__, "triggerDetails.timestamp", "2026-02-30", TS_RULE},
        {__LINE__, "triggerDetails.timestamp", "", "is required"},
        {__LINE__, "triggerDetails.source", "aws.events", "must not begin with \"aws.\""},
        {__LINE__, "triggerDetails.source", "com.example", ""},
        {__LINE__, "triggerDetails.source", "", "is required"},
        {__LINE__, PAGERDUTY "autoResolve", "true", ""},
        {__LINE__, PAGERDUTY "autoResolve", "yes", "must be true or false"},
        {__LINE__, PAGERDUTY "secretId", "", ""},
        {__LINE__, "triggerDetails", "x", "is not a single value"},
        {__LINE__, "nonsense", "x", "is not a known field"},
    };
    expect_whys(cases, sizeof cases / sizeof cases[0]);

    /* why is appended to, and only when the value is refused; it may be NULL. */
    struct buf why = BUF_INIT;
    buf_puts(&why, "Title ");
    CHECK(forms_check_value(forms_field("title"), "ok", &why));
    CHECK_STR(buf_cstr(&why), "Title ");
    CHECK(!forms_check_value(forms_field("impact"), "9", &why));
    CHECK_STR(buf_cstr(&why), "Title must be between 1 and 5 (is 9)");
    buf_free(&why);
    CHECK(!forms_check_value(forms_field("impact"), "9", NULL));
    CHECK(forms_check_value(forms_field("impact"), "2", NULL));

    /* A copy of a table entry is checked like the entry. */
    struct field_def copy = *forms_field("responsePlanArn");
    CHECK(forms_check_value(&copy, ARN, NULL));
    CHECK(!forms_check_value(&copy, "x", NULL));
}

/* The form validates on the UI thread while a background thread may load plans: the first use of
   the patterns can come from several threads at once. Run first, before anything compiled them. */
static void *check_arns(void *arg)
{
    int *bad = arg;
    for (int i = 0; i < 200; i++) {
        if (!forms_check_value(forms_field("responsePlanArn"), ARN, NULL))
            (*bad)++;
        if (forms_check_value(forms_field("triggerDetails.triggerArn"), "arn:x", NULL))
            (*bad)++;
    }
    return NULL;
}

static void test_threads_first_use(void)
{
    pthread_t t[4];
    int bad[4] = {0};
    for (int i = 0; i < 4; i++)
        CHECK_INT(pthread_create(&t[i], NULL, check_arns, &bad[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK_INT(bad[i], 0);
    }
}

/* [a-z] must mean ASCII whatever the user's locale (the TUI calls setlocale for ncursesw). */
static void test_locale(void)
{
    static const char *const locales[] = {"", "C.UTF-8", "en_US.UTF-8", "de_DE.UTF-8"};
    for (size_t i = 0; i < sizeof locales / sizeof locales[0]; i++) {
        if (!setlocale(LC_ALL, locales[i]))
            continue;
        test_current = locales[i];
        CHECK(forms_check_value(forms_field("responsePlanArn"), ARN, NULL));
        CHECK(!forms_check_value(forms_field("responsePlanArn"),
                                 "arn:aws:SSM:us-east-1:123456789012:x", NULL));
        CHECK(!forms_check_value(forms_field("responsePlanArn"),
                                 "arn:aws:\xc3\xa9:us-east-1:123456789012:x", NULL));
    }
    setlocale(LC_ALL, "C");
    test_current = "test_locale";
}

/* ---- problems list ---- */

static void test_problems(void)
{
    struct problems p = PROBLEMS_INIT;
    for (int i = 0; i < 1000; i++)
        problems_add(&p, "relatedItems[1].title", "problem %d", i);
    problems_add(&p, "relatedItems[1].title", "problem %d", 7); /* a duplicate */
    problems_add(&p, NULL, "no path");
    CHECK_INT(p.n, 1001);
    CHECK_STR(p.v[999].message, "problem 999");
    CHECK_STR(p.v[1000].path, "");
    problems_free(&p);
    CHECK(p.v == NULL && p.n == 0);
    problems_free(&p);
}

/* ---- random input must not crash anything (bounded, fixed seed) ---- */

static uint64_t rng = 0x6b6c61786f6e2121ULL;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n ? (unsigned)(rng % n) : 0;
}

static void random_bytes(char *s, size_t n)
{
    static const char alphabet[] = "arn:aws-cnus-gov0123456789:/.TZ+-\xe6\xbc\xa2\xff\xc3 \n\t";
    for (size_t i = 0; i < n; i++)
        s[i] = rnd(4) ? alphabet[rnd(sizeof alphabet - 1)] : (char)rnd(256);
    s[n] = '\0';
}

static const char *const known_keys[] = {
    "responsePlanArn",
    "impact",
    "title",
    "relatedItems",
    "identifier",
    "type",
    "value",
    "arn",
    "url",
    "metricDefinition",
    "pagerDutyIncidentDetail",
    "id",
    "secretId",
    "autoResolve",
    "generatedId",
    "triggerDetails",
    "source",
    "timestamp",
    "triggerArn",
    "rawData",
    "clientToken",
    "x",
};

static json_t *random_json(int depth)
{
    char s[64];
    switch (rnd(depth > 4 ? 6 : 9)) {
    case 0:
        return json_null();
    case 1:
        return json_boolean(rnd(2));
    case 2:
        return json_integer((json_int_t)rnd(20) - 5);
    case 3:
        return json_real((double)rnd(1000000) / 7.0);
    case 4:
        random_bytes(s, rnd(sizeof s - 1));
        return json_stringn_nocheck(s, strlen(s));
    case 5:
        return json_string(rnd(2) ? "2026-11-26T15:00:00Z" : ARN);
    case 6:
    case 7: {
        json_t *o = json_object();
        for (unsigned i = rnd(6); i > 0; i--)
            json_object_set_new(o, known_keys[rnd(sizeof known_keys / sizeof known_keys[0])],
                                random_json(depth + 1));
        return o;
    }
    default: {
        json_t *a = json_array();
        for (unsigned i = rnd(4); i > 0; i--)
            json_array_append_new(a, random_json(depth + 1));
        return a;
    }
    }
}

/* What must hold for any input: problems found iff listed, each with a path and a message, and
   normalising twice finds the same (the first pass already converted what it could). */
static int check_invariants(json_t *body)
{
    struct problems p = PROBLEMS_INIT, again = PROBLEMS_INIT;
    int broken = 0;
    size_t nf = forms_normalize_start_incident(body, &p);
    size_t vf = forms_validate_start_incident(body, &p);
    if ((nf + vf == 0) != (p.n == 0) || p.n > nf + vf)
        broken++;
    for (size_t k = 0; k < p.n; k++)
        if (!p.v[k].path[0] || !p.v[k].message[0])
            broken++;
    if (forms_normalize_start_incident(body, &again) != nf)
        broken++;
    problems_free(&p);
    problems_free(&again);
    return broken;
}

static void test_fuzz(void)
{
    char s[300];
    int broken = 0;
    for (int i = 0; i < 3000; i++) {
        random_bytes(s, rnd(sizeof s - 1));
        for (size_t f = 0; f < forms_nfields; f++) {
            struct buf why = BUF_INIT;
            bool ok = forms_check_value(&forms_fields[f], s, &why);
            if (ok != (why.len == 0))
                broken++;
            buf_free(&why);
        }
        double t;
        (void)forms_parse_timestamp(s, &t);

        /* Random JSON text and random trees biased towards the known member names. */
        json_t *body = json_loads(s, JSON_DECODE_ANY, NULL);
        if (!body)
            body = random_json(0);
        broken += check_invariants(body);
        json_decref(body);
    }
    CHECK_INT(broken, 0);

    /* Mutations of a valid request: every member in turn given a random value. */
    json_t *base = load("full-request.json");
    if (!base)
        return;
    for (int i = 0; i < 2000; i++) {
        json_t *body = json_deep_copy(base);
        json_t *o = body;
        for (int d = 0; d < 4 && json_is_object(o); d++) {
            const char *key = known_keys[rnd(sizeof known_keys / sizeof known_keys[0])];
            json_t *next = json_object_get(o, key);
            if (json_is_array(next) && json_array_size(next))
                next = json_array_get(next, rnd((unsigned)json_array_size(next)));
            if (!next || rnd(3) == 0) {
                json_object_set_new(o, key, random_json(2));
                break;
            }
            o = next;
        }
        broken += check_invariants(body);
        json_decref(body);
    }
    CHECK_INT(broken, 0);
    json_decref(base);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "fuzz") == 0) {
        RUN(test_fuzz);
        return test_summary();
    }
    RUN(test_threads_first_use); /* first: the patterns are compiled by these threads */
    RUN(test_minimal_and_required);
    RUN(test_string_lengths);
    RUN(test_impact);
    RUN(test_item_type);
    RUN(test_arn_pattern);
    RUN(test_generated_id);
    RUN(test_union);
    RUN(test_unknown_fields);
    RUN(test_wrong_types);
    RUN(test_invalid_utf8);
    RUN(test_source_prefix);
    RUN(test_list_length);
    RUN(test_timestamps_like_the_cli);
    RUN(test_timestamps);
    RUN(test_timestamps_loose);
    RUN(test_timestamps_ignore_tz);
    RUN(test_normalize);
    RUN(test_full_request);
    RUN(test_skeleton);
    RUN(test_bad_request);
    RUN(test_check_value);
    RUN(test_locale);
    RUN(test_problems);
    RUN(test_fuzz);
    return test_summary();
}
