/* JMESPath engine: every case of the official compliance suite (tests/data/jmespath, MIT), the
   AWS CLI's error texts with their columns, and the guard against hostile nesting. */
#include <locale.h>

#include <jansson.h>

#include "client/jmespath.h"
#include "tests/unit/test.h"

/* The suite's files, named so that a file gone missing fails instead of shrinking the run. */
static const char *const suite_files[] = {
    "basic.json",   "benchmarks.json", "boolean.json",     "current.json",
    "escape.json",  "filters.json",    "functions.json",   "identifiers.json",
    "indices.json", "literal.json",    "multiselect.json", "pipe.json",
    "slice.json",   "syntax.json",     "unicode.json",     "wildcard.json",
};

/* Cases left out, and why (none today: an entry here shows up as a skip, never as a pass). */
static const struct {
    const char *file, *expression, *why;
} skipped_cases[] = {
    {NULL, NULL, NULL},
};

static const char *skip_reason(const char *file, const char *expr)
{
    for (size_t i = 0; skipped_cases[i].file; i++)
        if (strcmp(skipped_cases[i].file, file) == 0 &&
            strcmp(skipped_cases[i].expression, expr) == 0)
            return skipped_cases[i].why;
    return NULL;
}

/* The suite's error class of a message from the engine. */
static const char *error_class(const char *msg, int compiled)
{
    if (!compiled)
        return "syntax";
    if (strncmp(msg, "In function", 11) == 0)
        return "invalid-type";
    if (strncmp(msg, "Expected ", 9) == 0)
        return "invalid-arity";
    if (strncmp(msg, "Unknown function", 16) == 0)
        return "unknown-function";
    if (strncmp(msg, "slice step", 10) == 0)
        return "invalid-value";
    return "other";
}

/* Is the JSON equal in the suite's sense: numbers by value (1 == 1.0), objects in any order. */
static int same_json(json_t *a, json_t *b)
{
    if (json_is_number(a) && json_is_number(b))
        return json_number_value(a) == json_number_value(b);
    if (json_typeof(a) != json_typeof(b))
        return 0;
    if (json_is_array(a)) {
        size_t i;
        json_t *v;
        if (json_array_size(a) != json_array_size(b))
            return 0;
        json_array_foreach(a, i, v)
        {
            if (!same_json(v, json_array_get(b, i)))
                return 0;
        }
        return 1;
    }
    if (json_is_object(a)) {
        const char *k;
        json_t *v;
        if (json_object_size(a) != json_object_size(b))
            return 0;
        json_object_foreach(a, k, v) if (!json_object_get(b, k) ||
                                         !same_json(v, json_object_get(b, k))) return 0;
        return 1;
    }
    return json_equal(a, b);
}

/* One case: 1 if it behaved as the suite says. Benchmarks need only evaluate without error. */
static int run_case(json_t *given, json_t *c, int bench, char **why)
{
    const char *expr = json_string_value(json_object_get(c, "expression"));
    const char *want_err = json_string_value(json_object_get(c, "error"));
    json_t *want = json_object_get(c, "result");
    char *err = NULL;
    struct jmespath *q = jmespath_compile(expr, &err);
    json_t *got = q ? jmespath_search(q, given, &err) : NULL;
    int ok;
    if (want_err)
        ok = !got && err && strcmp(error_class(err, q != NULL), want_err) == 0;
    else
        ok = got && (bench || (want && same_json(got, want)));
    if (!ok) {
        char *text = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
        *why = text ? text : err ? strdup(err) : strdup("no result");
        if (text)
            free(err);
    } else {
        free(err);
    }
    json_decref(got);
    jmespath_free(q);
    return ok;
}

struct tally {
    int passed, failed, skipped;
};

static void run_group(const char *file, json_t *group, struct tally *t)
{
    json_t *given = json_object_get(group, "given"), *c;
    size_t i;
    json_array_foreach(json_object_get(group, "cases"), i, c)
    {
        const char *expr = json_string_value(json_object_get(c, "expression"));
        const char *why = skip_reason(file, expr);
        if (why) {
            SKIP(expr, why);
            t->skipped++;
            continue;
        }
        char *detail = NULL;
        int ok = run_case(given, c, json_object_get(c, "bench") != NULL, &detail);
        /* Each case its own check: the file is the site, the case's number its line. */
        static int number;
        if (!test_check(ok, expr, file, ++number))
            printf("     %s\n", detail);
        free(detail);
        ok ? t->passed++ : t->failed++;
    }
}

static void test_compliance_suite(void)
{
    for (size_t f = 0; f < sizeof suite_files / sizeof suite_files[0]; f++) {
        char path[512];
        snprintf(path, sizeof path, "%s/jmespath/%s", test_data_dir(), suite_files[f]);
        json_error_t e;
        json_t *doc = json_load_file(path, 0, &e);
        if (!CHECK(json_is_array(doc)))
            printf("     %s: %s\n", path, e.text);
        struct tally t = {0, 0, 0};
        json_t *group;
        size_t i;
        json_array_foreach(doc, i, group) run_group(suite_files[f], group, &t);
        printf("compliance %-17s %3d passed, %d failed, %d skipped\n", suite_files[f], t.passed,
               t.failed, t.skipped);
        json_decref(doc);
    }
}

static char *compile_error(const char *expr)
{
    char *err = NULL;
    struct jmespath *q = jmespath_compile(expr, &err);
    jmespath_free(q);
    return q ? NULL : err;
}

static char *search_error(const char *expr, const char *doc_text)
{
    char *err = NULL;
    json_t *doc = json_loads(doc_text, JSON_DECODE_ANY, NULL);
    struct jmespath *q = jmespath_compile(expr, &err);
    json_t *r = q ? jmespath_search(q, doc, &err) : NULL;
    json_decref(r);
    json_decref(doc);
    jmespath_free(q);
    return r ? NULL : err;
}

/* The texts the AWS CLI prints after "Bad value for --query EXPR: ", column and caret included
   (taken from the CLI's own jmespath, counting characters, not bytes). */
static void test_syntax_error_texts(void)
{
    static const struct {
        const char *expr, *want;
    } cases[] = {
        {"foo.@", "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', "
                  "'lbrace'], got: current: Parse error at column 4, token \"@\" (CURRENT), "
                  "for expression:\n\"foo.@\"\n     ^"},
        {"foo[", "Invalid jmespath expression: Incomplete expression:\n\"foo[\"\n     ^"},
        {"foo bar", "Unexpected token: bar: Parse error at column 4, token \"bar\" "
                    "(UNQUOTED_IDENTIFIER), for expression:\n\"foo bar\"\n     ^"},
        {"=", "Bad jmespath expression: Unknown token '=':\n=\n^"},
        {"a.\"foo", "Bad jmespath expression: Unclosed \" delimiter:\na.\"foo\n  ^"},
        {"[:::]", "syntax error: Parse error at column 3, token \":\" (COLON), for "
                  "expression:\n\"[:::]\"\n    ^"},
        {"\"\xc3\xa9\" bar", "Unexpected token: bar: Parse error at column 4, token \"bar\" "
                             "(UNQUOTED_IDENTIFIER), for expression:\n\"\"\xc3\xa9\" bar\"\n"
                             "     ^"},
        {"", "Invalid JMESPath expression: cannot be empty."},
        {"a.`[1,2]`", "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', "
                      "'lbrace'], got: literal: Parse error at column 2, token \"[1, 2]\" "
                      "(LITERAL), for expression:\n\"a.`[1,2]`\"\n   ^"},
        {"length(02", "invalid token: Parse error at column 7, token \"2\" (NUMBER), for "
                      "expression:\n\"length(02\"\n        ^"},
        {"\"\\u12\"", "Bad jmespath expression: Invalid \\uXXXX escape:\n\"\\u12\"\n^"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *err = compile_error(cases[i].expr);
        CHECK_STR(err, cases[i].want);
        free(err);
    }
}

static void test_runtime_error_texts(void)
{
    char *err = search_error("abs(`1`, `2`)", "{}");
    CHECK_STR(err, "Expected 1 argument for function abs(), received 2");
    free(err);
    err = search_error("merge()", "{}");
    CHECK_STR(err, "Expected at least 1 argument for function merge(), received 0");
    free(err);
    err = search_error("nosuch(@)", "{}");
    CHECK_STR(err, "Unknown function: nosuch()");
    free(err);
    err = search_error("sort(@)", "{\"a\": null, \"b\": \"it's\", \"c\": [true, 1.5]}");
    CHECK_STR(err, "In function sort(), invalid type for value: {'a': None, 'b': \"it's\", 'c': "
                   "[True, 1.5]}, expected one of: ['array-string', 'array-number'], received: "
                   "\"object\"");
    free(err);
    err = search_error("sum(@)", "[1, \"a\"]");
    CHECK_STR(err, "In function sum(), invalid type for value: a, expected one of: "
                   "['array-number'], received: \"str\"");
    free(err);
    err = search_error("length(`1`)", "{}");
    CHECK_STR(err, "In function length(), invalid type for value: 1, expected one of: "
                   "['string', 'array', 'object'], received: \"number\"");
    free(err);
}

/* Hostile nesting is an error, not a stack overflow; ordinary nesting still works. */
static void test_deep_nesting(void)
{
    const char *opens[] = {"(", "[", "!", "{a:", "& ", "not_null("}; /* "&&" would be "and" */
    for (size_t k = 0; k < sizeof opens / sizeof opens[0]; k++) {
        size_t n = 10000, w = strlen(opens[k]);
        char *expr = malloc(n * (w + 1) + 2), *p = expr;
        for (size_t i = 0; i < n; i++, p += w)
            memcpy(p, opens[k], w);
        *p++ = 'a';
        for (size_t i = 0; i < n && k != 2 && k != 4; i++)
            *p++ = opens[k][0] == '(' || k == 5 ? ')' : opens[k][0] == '[' ? ']' : '}';
        *p = '\0';
        char *err = compile_error(expr);
        CHECK(err && strstr(err, "nested too deeply"));
        free(err);
        free(expr);
    }
    /* A left-leaning chain nests in the tree, not in the parser's calls. */
    size_t n = 20000;
    char *chain = malloc(3 * n + 2), *p = chain;
    for (size_t i = 0; i < n; i++, p += 3)
        memcpy(p, "a||", 3);
    memcpy(p, "a", 2);
    char *err = compile_error(chain);
    CHECK(err && strstr(err, "nested too deeply"));
    free(err);
    free(chain);
    char *ok = search_error("((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))",
                            "{\"a\": 1}");
    CHECK(ok == NULL);
}

static void test_search_result(void)
{
    char *err = NULL;
    json_t *doc = json_loads("{\"incidentRecordArn\": \"arn:aws:x\", \"n\": [3, 1.5, 2]}", 0, NULL);
    struct jmespath *q = jmespath_compile("incidentRecordArn", &err);
    json_t *r = jmespath_search(q, doc, &err);
    CHECK_STR(json_string_value(r), "arn:aws:x");
    CHECK(err == NULL);
    json_decref(r);
    jmespath_free(q);
    q = jmespath_compile("to_string(n)", &err);
    r = jmespath_search(q, doc, &err);
    CHECK_STR(json_string_value(r), "[3,1.5,2]");
    json_decref(r);
    jmespath_free(q);
    q = jmespath_compile("to_string({k: `\"\\u00e9\"`, n: `1e300`})", &err);
    r = jmespath_search(q, doc, &err);
    CHECK_STR(json_string_value(r), "{\"k\":\"\\u00e9\",\"n\":1e+300}");
    json_decref(r);
    jmespath_free(q);
    q = jmespath_compile("missing", &err);
    r = jmespath_search(q, doc, &err);
    CHECK(json_is_null(r));
    json_decref(r);
    jmespath_free(q);
    jmespath_free(NULL);
    json_decref(doc);
}

/* The result of EXPR over DOC_TEXT as compact JSON (malloc'd), or the error text. */
static char *search_text(const char *expr, const char *doc_text)
{
    char *err = NULL;
    json_t *doc = json_loads(doc_text, JSON_DECODE_ANY, NULL);
    struct jmespath *q = jmespath_compile(expr, &err);
    json_t *r = q ? jmespath_search(q, doc, &err) : NULL;
    char *text = r ? json_dumps(r, JSON_ENCODE_ANY | JSON_COMPACT) : err;
    if (r)
        free(err);
    json_decref(r);
    json_decref(doc);
    jmespath_free(q);
    return text;
}

/* Where the suite is silent, the CLI's behaviour: strings order (its engine allows it), a
   literal integer past 64 bits is a number, a literal that is not JSON is a string. */
static void test_beyond_the_suite(void)
{
    static const struct {
        const char *expr, *doc, *want;
    } cases[] = {
        {"[?name < 'b'].name", "[{\"name\": \"a\"}, {\"name\": \"c\"}]", "[\"a\"]"},
        {"'b' >= 'a'", "{}", "true"},
        {"`1` < 'a'", "{}", "null"},
        {"type(`123456789012345678901234567890`)", "{}", "\"number\""},
        {"`foo`", "{}", "\"foo\""},
        {"sort_by(@, &k)[].v", "[{\"k\": 2, \"v\": 1}, {\"k\": 1, \"v\": 2}, {\"k\": 2, \"v\": 3}]",
         "[2,1,3]"},
        {"keys(@)", "{\"z\": 1, \"a\": 2}", "[\"z\",\"a\"]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = search_text(cases[i].expr, cases[i].doc);
        CHECK_STR(got, cases[i].want);
        free(got);
    }
}

/* Identifiers are ASCII: a Latin-1 locale (klaxon calls setlocale) must not make "\xe9" a
   letter. Where no such locale is installed, the C locale's answer is still checked. */
static void test_ascii_identifiers(void)
{
    static const char *const latin1[] = {"en_US.ISO-8859-1", "de_DE.ISO-8859-1", "fr_FR.ISO-8859-1",
                                         "en_US", "de_DE"};
    const char *found = NULL;
    for (size_t i = 0; i < sizeof latin1 / sizeof latin1[0] && !found; i++)
        found = setlocale(LC_ALL, latin1[i]) ? latin1[i] : NULL;
    if (!found)
        SKIP("identifiers under a Latin-1 locale", "no Latin-1 locale installed");
    char *err = compile_error("\xe9");
    CHECK(err && strstr(err, "Unknown token"));
    free(err);
    err = compile_error("a\xe9");
    CHECK(err && strstr(err, "Unknown token"));
    free(err);
    setlocale(LC_ALL, "C");
}

int main(void)
{
    RUN(test_compliance_suite);
    RUN(test_syntax_error_texts);
    RUN(test_runtime_error_texts);
    RUN(test_deep_nesting);
    RUN(test_search_result);
    RUN(test_ascii_identifiers);
    RUN(test_beyond_the_suite);
    return test_summary();
}
