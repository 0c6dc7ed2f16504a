/* Shorthand syntax against what the AWS CLI's own parser makes of the same text
   (tests/data/shorthand/grammar.tsv, written by awscli.shorthand.ShorthandParser), then the
   option layer: lists of structures, JSON, the field table's shaping and its errors. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "forms/shorthand.h"
#include "test.h"

/* Each line: the input as a JSON string, a tab, the CLI's result as compact JSON or ERROR. */
static void test_grammar_matches_cli(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/shorthand/grammar.tsv", test_data_dir());
    char *text = test_slurp(path, NULL);
    CHECK(text != NULL);
    int lines = 0;
    for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        json_t *in = json_loads(line, JSON_DECODE_ANY, NULL);
        struct buf err = BUF_INIT;
        json_t *got = shorthand_parse(json_string_value(in), &err);
        char *shown = got ? json_dumps(got, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        const char *want = tab + 1;
        if (!CHECK(got ? shown && !strcmp(shown, want) : !strcmp(want, "ERROR")))
            printf("    input %s: got %s, the CLI %s\n", line, shown ? shown : buf_cstr(&err),
                   want);
        CHECK(got || err.len > 0); /* every error says why */
        free(shown);
        json_decref(got);
        json_decref(in);
        buf_free(&err);
        lines++;
    }
    CHECK(lines >= 70);
    free(text);
}

static void test_error_messages(void)
{
    struct buf err = BUF_INIT;
    CHECK(!shorthand_parse("source", &err));
    CHECK_STR(buf_cstr(&err), "expected '=', received 'EOF' at character 7");
    buf_reset(&err);
    CHECK(!shorthand_parse("a=b,a=c", &err));
    CHECK(strstr(buf_cstr(&err), "second instance of key \"a\" at character 5") != NULL);
    buf_reset(&err);
    CHECK(!shorthand_parse("a={b=c", &err)); /* the CLI: "Expected: ','" */
    CHECK_STR(buf_cstr(&err), "expected ',', received 'EOF' at character 7");
    buf_reset(&err);
    CHECK(!shorthand_parse("a=b,'x", &err));
    CHECK_STR(buf_cstr(&err), "expected '=', received ''' at character 5");
    buf_reset(&err);
    CHECK(!shorthand_parse("a=\xff", &err));
    CHECK_STR(buf_cstr(&err), "is not valid UTF-8");
    buf_free(&err);
}

/* Python's regex backtracking is exponential on this; ours must stay linear. */
static void test_quoted_backslashes_linear(void)
{
    size_t n = 200000;
    char *s = malloc(n + 8);
    memcpy(s, "a='", 3);
    memset(s + 3, '\\', n);
    s[n + 3] = '\0';
    struct buf err = BUF_INIT;
    CHECK(!shorthand_parse(s, &err));
    buf_free(&err);
    s[n + 3] = '\'';
    s[n + 4] = '\0';
    json_t *v = shorthand_parse(s, &err);
    CHECK(v && json_string_length(json_object_get(v, "a")) == n / 2);
    json_decref(v);
    buf_free(&err);
    free(s);
}

static char *option(const char *name, enum field_id id, const char *const *v, size_t n,
                    struct problems *p)
{
    json_t *got = shorthand_option(name, id, v, n, p);
    char *s = got ? json_dumps(got, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(got);
    return s;
}

static void test_option_shapes(void)
{
    struct problems p = PROBLEMS_INIT;
    const char *items[] = {"title=Dash,identifier={type=OTHER,value={url=https://x}}",
                           "identifier={type=OTHER,value={pagerDutyIncidentDetail={id=P1,"
                           "autoResolve=TRUE}}}"};
    char *s = option("--related-items", FIELD_ID_RELATED_ITEMS, items, 2, &p);
    CHECK_STR(s, "[{\"title\":\"Dash\",\"identifier\":{\"type\":\"OTHER\",\"value\":{\"url\":"
                 "\"https://x\"}}},{\"identifier\":{\"type\":\"OTHER\",\"value\":{"
                 "\"pagerDutyIncidentDetail\":{\"id\":\"P1\",\"autoResolve\":true}}}}]");
    CHECK_INT(p.n, 0);
    free(s);
    const char *json[] = {"  [{\"title\": \"a\"}]"};
    s = option("--related-items", FIELD_ID_RELATED_ITEMS, json, 1, &p);
    CHECK_STR(s, "[{\"title\":\"a\"}]");
    free(s);
    const char *objs[] = {"{\"title\": \"a\"}", " {\"title\": \"b\"}"};
    s = option("--related-items", FIELD_ID_RELATED_ITEMS, objs, 2, &p);
    CHECK_STR(s, "[{\"title\":\"a\"},{\"title\":\"b\"}]");
    free(s);
    const char *trig[] = {"source=pagerduty,timestamp=2024-01-01T00:00:00Z,rawData=x y"};
    s = option("--trigger-details", FIELD_ID_TRIGGER, trig, 1, &p);
    CHECK_STR(s, "{\"source\":\"pagerduty\",\"timestamp\":\"2024-01-01T00:00:00Z\","
                 "\"rawData\":\"x y\"}");
    free(s);
    CHECK_INT(p.n, 0);
    problems_free(&p);
}

static void expect_problem(const char *opt, enum field_id id, const char *const *v, size_t n,
                           const char *path, const char *msg)
{
    struct problems p = PROBLEMS_INIT;
    char *s = option(opt, id, v, n, &p);
    CHECK(s == NULL);
    if (CHECK(p.n == 1)) {
        if (!CHECK(!strcmp(p.v[0].path, path) && strstr(p.v[0].message, msg)))
            printf("    got %s: %s\n", p.v[0].path, p.v[0].message);
    }
    free(s);
    problems_free(&p);
}

static void test_option_errors(void)
{
    static const struct {
        const char *opt;
        enum field_id id;
        const char *v[2]; /* one value, or two */
        const char *path, *msg;
    } cases[] = {
        {"--related-items",
         FIELD_ID_RELATED_ITEMS,
         {"identifier={type=OTHER,value={url=https://a}}",
          "identifier={type=OTHER,value={ur=https://x}}"},
         "--related-items[1].identifier.value",
         "unknown key \"ur\" (known keys: arn, url, metricDefinition, pagerDutyIncidentDetail)"},
        {"--related-items",
         FIELD_ID_RELATED_ITEMS,
         {"identifier=[a,b]"},
         "--related-items[0].identifier",
         "must be a structure {key=value,...}, not a list"},
        {"--trigger-details",
         FIELD_ID_TRIGGER,
         {"source=a,b,timestamp=1"},
         "--trigger-details.source",
         "must be a single value, not a list"},
        {"--related-items",
         FIELD_ID_RELATED_ITEMS,
         {"title=x,identifier={type=OTHER"},
         "--related-items[0]",
         "expected ',', received 'EOF'"},
        {"--related-items",
         FIELD_ID_RELATED_ITEMS,
         {"{\"title\": \"a\"}", "title=b"},
         "--related-items[1]",
         "not valid JSON"},
        {"--trigger-details",
         FIELD_ID_TRIGGER,
         {"{\"source\": }"},
         "--trigger-details",
         "not valid JSON (line 1"},
        {"--trigger-details",
         FIELD_ID_TRIGGER,
         {"[1]"},
         "--trigger-details",
         "must start with '{'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_problem(cases[i].opt, cases[i].id, cases[i].v, cases[i].v[1] ? 2 : 1, cases[i].path,
                       cases[i].msg);
}

int main(void)
{
    RUN(test_grammar_matches_cli);
    RUN(test_error_messages);
    RUN(test_quoted_backslashes_linear);
    RUN(test_option_shapes);
    RUN(test_option_errors);
    return test_summary();
}
