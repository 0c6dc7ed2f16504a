/* The journal reader and writer: outcomes, damaged lines, permissions, resend decisions. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/journal.h"
#include "test.h"

static void test_round_trip(void)
{
    char dir[] = "/tmp/klx-journal-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/a/b/journal.jsonl", dir);
    struct buf err = BUF_INIT;
    json_t *b1 = json_pack("{s:s, s:s, s:s}", "responsePlanArn", "arn:aws:x", "title", "Disk full",
                           "clientToken", "tok-1");
    json_t *b2 = json_pack("{s:s, s:s}", "responsePlanArn", "arn:aws:y", "clientToken", "tok-2");
    mode_t old = umask(0);
    CHECK_INT(journal_submit(path, b1, "http://e", &err), 0);
    umask(old);
    CHECK_INT(journal_finish(path, "tok-1", JOURNAL_DECLARED, 2, "arn:inc/1", NULL, &err), 0);
    CHECK_INT(journal_submit(path, b2, "http://e", &err), 0);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);

    struct journal j;
    CHECK_INT(journal_load(path, &j, &err), 0);
    CHECK_INT(j.n, 2);
    const struct journal_entry *e = journal_find(&j, "tok-1");
    CHECK(e && e->outcome == JOURNAL_DECLARED && e->attempts == 2);
    CHECK_STR(e ? e->incident_arn : NULL, "arn:inc/1");
    CHECK_STR(e ? e->title : NULL, "Disk full");
    CHECK(e && !journal_needs_resend(e));
    e = journal_find(&j, "tok-2");
    CHECK(e && e->outcome == JOURNAL_PENDING && journal_needs_resend(e));
    CHECK(e && json_equal(e->body, b2));
    CHECK(e && e->digest && strlen(e->digest) == 64);
    journal_free(&j);
    json_decref(b1);
    json_decref(b2);
    buf_free(&err);
    test_rmtree(dir);
}

static void test_damaged(void)
{
    static const char text[] =
        "{\"event\":\"submit\",\"token\":\"t\",\"body\":{\"clientToken\":\"t\"},\"time\":1}\n"
        "not json\n"
        "{\"event\":\"result\",\"token\":\"nobody\",\"outcome\":\"declared\"}\n"
        "{\"event\":\"submit\",\"token\":5}\n"
        "{\"event\":\"result\",\"token\":\"t\",\"outcome\":\"unanswered\",\"attempts\":3}\n"
        "\n"
        "{\"event\":\"result\",\"token\":\"t\",\"outcome\":\"bogus\"}\n"
        "{\"event\":\"submit\",\"tok";
    struct journal j;
    struct buf warn = BUF_INIT;
    journal_parse(text, sizeof text - 1, &j, &warn);
    CHECK_INT(j.n, 1);
    CHECK(j.n && j.v[0].outcome == JOURNAL_UNANSWERED && j.v[0].attempts == 3);
    CHECK(strstr(buf_cstr(&warn), "2 damaged lines") != NULL);
    journal_free(&j);
    buf_free(&warn);
}

static void test_missing_file(void)
{
    struct journal j;
    CHECK_INT(journal_load("/nonexistent/klaxon/journal.jsonl", &j, NULL), 0);
    CHECK_INT(j.n, 0);
    journal_free(&j);
}

static void test_random_bytes(void)
{
    srand(7);
    char text[512];
    for (int i = 0; i < 2000; i++) {
        size_t n = (size_t)(rand() % (int)sizeof text);
        for (size_t k = 0; k < n; k++)
            text[k] = (char)(rand() % 4 ? "{}\":,\n[]eventsubmitresulttoken"[rand() % 30] : rand());
        struct journal j;
        journal_parse(text, n, &j, NULL);
        journal_free(&j);
    }
}

int main(void)
{
    RUN(test_round_trip);
    RUN(test_damaged);
    RUN(test_missing_file);
    RUN(test_random_bytes);
    return test_summary();
}
