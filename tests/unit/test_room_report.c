/* The drill room's debrief: the log folded into rows (quit, lost, declared twice), the three
   formats, the escaping of names in each, and bad log lines skipped and counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "forms/room.h"
#include "forms/room_report.h"
#include "test.h"

static void load(struct room_report *r, const char *name)
{
    room_report_init(r);
    FILE *f = fopen(test_pathf("%s/room/%s", test_data_dir(), name), "r");
    if (!CHECK(f != NULL))
        return;
    room_report_read(r, f);
    fclose(f);
}

static char *write_fmt(const struct room_report *r, enum room_format fmt)
{
    struct buf b = BUF_INIT;
    room_report_write(r, fmt, &b);
    return buf_steal(&b);
}

/* The debrief of room.log written in fmt (caller frees). */
static char *room_log_in(enum room_format fmt)
{
    struct room_report r;
    load(&r, "room.log");
    char *t = write_fmt(&r, fmt);
    room_report_free(&r);
    return t;
}

static void test_rows(void)
{
    struct room_report r;
    load(&r, "room.log");
    CHECK_INT(r.bad, 0);
    CHECK_INT(r.n, 4);
    CHECK_INT(r.nrefused, 1);
    if (r.n == 4) {
        CHECK_STR(room_trainee_status_text(&r.rows[0]), "declared"); /* left after declaring */
        CHECK_INT(r.rows[0].keys, 84);
        CHECK_INT(r.rows[0].seconds, 65); /* the time to declare, not the leave's */
        CHECK_STR(room_trainee_status_text(&r.rows[1]), "declared twice");
        CHECK_INT(r.rows[1].seconds, 99); /* the first declaration's */
        CHECK_INT(r.rows[1].score, 3);
        CHECK_STR(room_trainee_status_text(&r.rows[2]), "quit");
        CHECK_STR(room_trainee_status_text(&r.rows[3]), "lost");
        CHECK(!room_trainee_needs_trainer(&r.rows[0]));
        CHECK(room_trainee_needs_trainer(&r.rows[1]));
        CHECK(room_trainee_needs_trainer(&r.rows[2]));
        CHECK(room_trainee_needs_trainer(&r.rows[3]));
    }
    room_report_free(&r);
}

static void test_table(void)
{
    char *t = room_log_in(ROOM_FORMAT_TABLE);
    CHECK(strstr(t, "4 trainees: 2 declared (1 twice), 1 quit, 1 lost, 0 active") != NULL);
    CHECK(strstr(t, "NAME   SCENARIO  STATUS          SCORE   TIME  KEYS  PROBLEMS\n") != NULL);
    CHECK(strstr(t, "alice  db-lag    declared          6/6  1m05s    84         1\n") != NULL);
    CHECK(strstr(t, "bob    cdn-5xx   declared twice    3/6  1m39s     -         -\n") != NULL);
    CHECK(strstr(t, "carol  db-lag    quit                -      -    12         0\n") != NULL);
    CHECK(strstr(t, "dave   cdn-5xx   lost                -      -     -         -\n") != NULL);
    CHECK(strstr(t, "Points lost:\n  bob (cdn-5xx), impact: impact 4 is below the expected 2-3: "
                    "customers cannot pay\n  bob (cdn-5xx), title: the title does not say \"5xx\"\n") != NULL);
    CHECK(strstr(t, "Refused:\n  alice: the name alice is taken\n") != NULL);
    free(t);
}

static void test_markdown(void)
{
    char *t = room_log_in(ROOM_FORMAT_MARKDOWN);
    CHECK(strncmp(t, "# Drill room debrief\n", 21) == 0);
    CHECK(strstr(t, "|---|---|---|---:|---:|---:|---:|\n") != NULL);
    CHECK(strstr(t, "| bob | cdn-5xx | declared twice | 3/6 | 1m39s | - | - |\n") != NULL);
    CHECK(strstr(t, "## Points lost\n\n- **bob** (cdn-5xx), impact: impact 4") != NULL);
    free(t);
}

static void test_csv(void)
{
    char *t = room_log_in(ROOM_FORMAT_CSV);
    CHECK(strncmp(t, "trainee,name,scenario,status,declarations,score,max,seconds_to_declare,keys,"
                     "problems,points_lost\r\n", 97) == 0);
    CHECK(strstr(t, "\"t1\",\"alice\",\"db-lag\",\"declared\",1,6,6,65.0,84,1,\"\"\r\n") != NULL);
    CHECK(strstr(t, "\"t2\",\"bob\",\"cdn-5xx\",\"declared twice\",2,3,6,99.0,,,\"impact: impact 4 "
                    "is below the expected 2-3: customers cannot pay; title: the title does not "
                    "say \"\"5xx\"\"\"\r\n") != NULL);
    CHECK(strstr(t, "\"t3\",\"carol\",\"db-lag\",\"quit\",,,,,12,0,\"\"\r\n") != NULL);
    free(t);
}

static char *esc(void (*fn)(struct buf *, const char *), const char *s)
{
    struct buf b = BUF_INIT;
    fn(&b, s);
    return buf_steal(&b);
}

static const struct {
    int line;
    const char *in, *text, *md, *csv;
} escapes[] = {
    {__LINE__, "alice", "alice", "alice", "\"alice\""},
    {__LINE__, "=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")",
     "\"'=HYPERLINK(\"\"x\"\")\""},
    {__LINE__, "+1", "+1", "+1", "\"'+1\""},
    {__LINE__, "-2+3", "-2+3", "-2+3", "\"'-2+3\""},
    {__LINE__, "@SUM(A1)", "@SUM(A1)", "@SUM(A1)", "\"'@SUM(A1)\""},
    {__LINE__, "\tx", "\\tx", "\\\\tx", "\"'\\tx\""},
    {__LINE__, "\rx", "\\rx", "\\\\rx", "\"'\\rx\""},
    {__LINE__, "a|b*c_d`e[f]g<h>i\\j", "a|b*c_d`e[f]g<h>i\\j",
     "a\\|b\\*c\\_d\\`e\\[f\\]g\\<h\\>i\\\\j", "\"a|b*c_d`e[f]g<h>i\\j\""},
    {__LINE__, "evil\x1b[2Jx", "evil\\x1b[2Jx", "evil\\\\x1b\\[2Jx", "\"evil\\x1b[2Jx\""},
    {__LINE__, "a\nb", "a\\nb", "a\\\\nb", "\"a\\nb\""},
    {__LINE__, "abc\xe2\x80\xaexyz", "abc\\u202exyz", "abc\\\\u202exyz", "\"abc\\u202exyz\""},
    {__LINE__, "x\xe2\x81\xa6y", "x\\u2066y", "x\\\\u2066y", "\"x\\u2066y\""},
    {__LINE__, "caf\xc3\xa9", "caf\xc3\xa9", "caf\xc3\xa9", "\"caf\xc3\xa9\""},
};

static void test_escaping(void)
{
    for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
        char *t = esc(room_escape_text, escapes[i].in);
        char *m = esc(room_escape_markdown, escapes[i].in);
        char *c = esc(room_escape_csv, escapes[i].in);
        CHECK_STR_AT(escapes[i].line, t, escapes[i].text);
        CHECK_STR_AT(escapes[i].line, m, escapes[i].md);
        CHECK_STR_AT(escapes[i].line, c, escapes[i].csv);
        free(t);
        free(m);
        free(c);
    }
}

/* A hostile name reaches every format escaped. */
static void test_hostile_name(void)
{
    struct room_report r;
    room_report_init(&r);
    const char *line = "{\"room\": {\"event\": \"join\", \"trainee\": \"t1\", \"name\": "
                       "\"=cmd|x\\u001b[31m\\u202e\", \"scenario\": \"s\"}}";
    room_report_line(&r, line, strlen(line));
    CHECK_INT(r.n, 1);
    char *t = write_fmt(&r, ROOM_FORMAT_TABLE);
    char *m = write_fmt(&r, ROOM_FORMAT_MARKDOWN);
    char *c = write_fmt(&r, ROOM_FORMAT_CSV);
    CHECK(strstr(t, "=cmd|x\\x1b[31m\\u202e") && !strchr(t, '\x1b'));
    CHECK(strstr(m, "| =cmd\\|x\\\\x1b\\[31m\\\\u202e |") && !strchr(m, '\x1b'));
    CHECK(strstr(c, "\"'=cmd|x\\x1b[31m\\u202e\"") && !strchr(c, '\x1b'));
    CHECK(!strstr(t, "\xe2\x80\xae") && !strstr(m, "\xe2\x80\xae") && !strstr(c, "\xe2\x80\xae"));
    free(t);
    free(m);
    free(c);
    room_report_free(&r);
}

static void test_bad_lines(void)
{
    struct room_report r;
    load(&r, "bad.log");
    CHECK_INT(r.bad, 13);
    CHECK_STR(r.first_bad, "line 2: not JSON: '[' or '{' expected near 'this'");
    CHECK_INT(r.n, 1); /* t2 and t9 had no good line: no rows of their own */
    if (r.n == 1) {
        CHECK_STR(r.rows[0].name, "alice");
        CHECK_INT(r.rows[0].score, 5);
        CHECK_INT(r.rows[0].seconds, 30);
        CHECK_INT(r.rows[0].npoints, 0);
    }
    char *t = write_fmt(&r, ROOM_FORMAT_TABLE);
    CHECK(strstr(t, "alice  db-lag    declared    5/6  0m30s") != NULL);
    free(t);
    room_report_free(&r);
}

static void test_state(void)
{
    size_t len = 0;
    char *text = test_slurp(test_pathf("%s/room/state.json", test_data_dir()), &len);
    struct room_state st;
    struct buf why = BUF_INIT;
    CHECK(text && room_state_parse(&st, text, len, &why) == 0);
    CHECK_INT(st.n, 4);
    if (st.n == 4) {
        CHECK_STR(st.trainees[1].title, "CDN errors");
        CHECK(room_trainee_needs_trainer(&st.trainees[1])); /* declared twice */
        CHECK(!room_trainee_needs_trainer(&st.trainees[2])); /* active, no score yet */
        CHECK(room_trainee_needs_trainer(&st.trainees[3]));  /* lost */
        CHECK_STR(st.trainees[1].points[0].reason, "too low");
        struct room_state copy;
        room_state_copy(&copy, &st);
        CHECK_STR(copy.trainees[0].points[0].reason, "an acceptable plan");
        room_state_free(&copy);
    }
    room_state_free(&st);
    free(text);
    static const char *const bad[] = {
        "[]", "{\"trainees\": 3}", "{\"trainees\": [{\"name\": \"x\"}]}",
        "{\"trainees\": [{\"trainee\": \"t1\", \"status\": \"dancing\"}]}",
        "{\"trainees\": [{\"trainee\": \"t1\", \"score\": 1.5}]}", "not json"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        buf_reset(&why);
        CHECK(room_state_parse(&st, bad[i], strlen(bad[i]), &why) == -1 && why.len > 0);
    }
    buf_free(&why);
}

int main(void)
{
    RUN(test_rows);
    RUN(test_table);
    RUN(test_markdown);
    RUN(test_csv);
    RUN(test_escaping);
    RUN(test_hostile_name);
    RUN(test_bad_lines);
    RUN(test_state);
    return test_summary();
}
