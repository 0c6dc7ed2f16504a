/* The output formatters alone (cli/output*.c, compiled in here: the cli folder is no library):
   the CLI's text, table and YAML layouts on cases the simulator's replies do not reach, the
   model's member order, and the CLI's paging token. */
#include <jansson.h>
#include <locale.h>
#include <stdlib.h>

#include "cli/output.c"
#include "cli/output_model.c"
#include "cli/output_table.c"
#include "cli/output_text.c"
#include "cli/output_token.c"
#include "cli/output_yaml.c"
#include "tests/unit/test.h"

static json_t *J(const char *text)
{
    json_error_t e;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &e);
    if (!v)
        printf("bad test JSON: %s\n", e.text);
    return v;
}

typedef void (*fmt_fn)(struct buf *, const json_t *);

static char *fmt(fmt_fn f, const char *in)
{
    json_t *v = J(in);
    struct buf b = BUF_INIT;
    f(&b, v);
    json_decref(v);
    buf_putc(&b, '\0');
    return buf_steal(&b);
}

static void yaml_fn(struct buf *b, const json_t *v)
{
    out_yaml(b, v);
}

#define CHECK_FMT(f, in, want)                                                                     \
    do {                                                                                           \
        char *got_ = fmt((f), (in));                                                               \
        CHECK_STR(got_, (want));                                                                   \
        free(got_);                                                                                \
    } while (0)

static void test_text(void)
{
    /* Scalars sorted by key, then each nested value under its key in capitals. */
    CHECK_FMT(out_text, "{\"b\": 2, \"a\": \"x\", \"l\": [1, 2], \"c\": {\"z\": true}}",
              "x\t2\nC\tTrue\nL\t1\nL\t2\n");
    /* A list of structures: the union of their scalar keys, '' where one is missing. */
    CHECK_FMT(out_text, "{\"items\": [{\"n\": 1, \"m\": 2}, {\"n\": 3}]}",
              "ITEMS\t2\t1\nITEMS\t\t3\n");
    CHECK_FMT(out_text, "[\"a\", \"b\"]", "a\tb\n");
    CHECK_FMT(out_text, "null", "None\n");
    CHECK_FMT(out_text, "1.5", "1.5\n");
    CHECK_FMT(out_text, "[[1, 2], 3]", "3\n1\t2\n");
    /* A server's tab or escape cannot forge a column or drive the terminal. */
    CHECK_FMT(out_text, "{\"t\": \"a\\tb\\u001b[2J\"}", "a\\tb\\x1b[2J\n");
}

static void test_yaml(void)
{
    /* Strings YAML 1.2 would read as another type are quoted; the rest stay plain. */
    CHECK_FMT(yaml_fn,
              "{\"k\": [\"yes\", \"0755\", \"1:20\", \"true\", \"1.5\", \"null\", \"\", "
              "\"2024-01-01\", \"x: y\", \"-\", \"NaN\", \".nan\", \"=\", \"<<\", \"_\"]}",
              "k:\n- yes\n- '0755'\n- 1:20\n- 'true'\n- '1.5'\n- 'null'\n- ''\n- '2024-01-01'\n"
              "- 'x: y'\n- '-'\n- NaN\n- '.nan'\n- '='\n- '<<'\n- _\n");
    /* Keys sorted, empty containers in flow style, numbers and booleans plain. */
    CHECK_FMT(yaml_fn, "{\"z\": 1e20, \"b\": true, \"e\": {}, \"l\": [], \"n\": null, \"f\": 1.5}",
              "b: true\ne: {}\nf: 1.5\nl: []\nn: null\nz: 1e+20\n");
    /* A bare scalar is written as JSON (the CLI's YAMLDumper). */
    CHECK_FMT(yaml_fn, "\"arn:aws:x\"", "\"arn:aws:x\"\n");
    /* Long text folds at 80 columns, as ruamel does. */
    CHECK_FMT(yaml_fn,
              "{\"summary\": \"Customers cannot use the product. Page the incident commander, "
              "open the war room.\"}",
              "summary: Customers cannot use the product. Page the incident commander, open the "
              "war\n  room.\n");
    /* A bidi override is shown escaped, never obeyed. */
    CHECK_FMT(yaml_fn, "{\"t\": \"a\\u202eb\"}", "t: a\\u202eb\n");
}

static char *table(const char *in, int width)
{
    json_t *v = J(in);
    struct buf b = BUF_INIT;
    out_table(&b, "Op", v, width, false);
    json_decref(v);
    buf_putc(&b, '\0');
    return buf_steal(&b);
}

static void test_table(void)
{
    char *t = table("{\"b\": \"x\", \"a\": 1}", 80);
    CHECK_STR(t, "------------\n"
                 "|    Op    |\n"
                 "+----+-----+\n"
                 "|  a |  b  |\n"
                 "+----+-----+\n"
                 "|  1 |  x  |\n"
                 "+----+-----+\n");
    free(t);
    /* Wider than the terminal: a one-row section turns vertical. */
    t = table("{\"b\": \"x\", \"a\": 1}", 10);
    CHECK_STR(t, "------------\n"
                 "|    Op    |\n"
                 "+----+-----+\n"
                 "|  a |  1  |\n"
                 "|  b |  x  |\n"
                 "+----+-----+\n");
    free(t);
    /* Nothing to show: nothing printed. */
    t = table("{}", 80);
    CHECK_STR(t, "");
    free(t);
    /* An empty list: the title alone. */
    t = table("{\"l\": []}", 80);
    CHECK_STR(t, "----\n|Op|\n+--+\n");
    free(t);
    /* Wide characters count two columns. */
    CHECK_INT((int)out_text_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);
    CHECK_INT((int)out_text_width("abc"), 3);
}

static void test_model_order(void)
{
    /* Members in the model's order, unknown ones and nulls dropped, maps as sent, timestamps as
       ISO 8601. */
    json_t *in = J("{\"incidentRecord\": {\"title\": \"t\", \"arn\": \"a\", \"bogus\": 1, "
                   "\"resolvedTime\": null, \"creationTime\": 0}}");
    json_t *out = out_model_apply(out_model_output("GetIncidentRecord"), in);
    char *s = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    CHECK_STR(s,
              "{\"incidentRecord\":{\"arn\":\"a\",\"creationTime\":\"1970-01-01T00:00:00+00:00\","
              "\"title\":\"t\"}}");
    free(s);
    json_decref(in);
    json_decref(out);
    in = J("{\"incidentTemplate\": {\"incidentTags\": {\"z\": \"1\", \"a\": \"2\"}}}");
    out = out_model_apply(out_model_output("GetResponsePlan"), in);
    s = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    CHECK_STR(s, "{\"incidentTemplate\":{\"incidentTags\":{\"z\":\"1\",\"a\":\"2\"}}}");
    free(s);
    json_decref(in);
    json_decref(out);
    CHECK(out_model_output("StartIncident") != NULL);
    CHECK(out_model_output("DeleteEverything") == NULL);
}

static void test_token(void)
{
    /* The exact token the AWS CLI prints for "the first page, two items in". */
    char *t = cli_token_encode(NULL, 2);
    CHECK_STR(t, "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==");
    char *next = NULL;
    long skip = -1;
    CHECK_INT(cli_token_decode(t, &next, &skip), 0);
    CHECK(next == NULL);
    CHECK_INT((int)skip, 2);
    free(t);
    t = cli_token_encode("cGxhbnM6Mg==", -1);
    CHECK_INT(cli_token_decode(t, &next, &skip), 0);
    CHECK_STR(next, "cGxhbnM6Mg==");
    CHECK_INT((int)skip, 0);
    free(next);
    free(t);
    CHECK_INT(cli_token_decode("not a token", &next, &skip), -1);
    CHECK_INT(cli_token_decode("bm90IGpzb24=", &next, &skip), -1); /* "not json" */
    enum cli_format f;
    CHECK_INT(cli_format_parse("yaml-stream", &f), 0);
    CHECK_INT((int)f, CLI_OUT_YAML_STREAM);
    CHECK_INT(cli_format_parse("xml", &f), -1);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("TZ", "UTC", 1);
    RUN(test_text);
    RUN(test_yaml);
    RUN(test_table);
    RUN(test_model_order);
    RUN(test_token);
    return test_summary();
}
