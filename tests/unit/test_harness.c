/* The unit-test harness itself: a check in a loop is one check that reports its cases, a failing
   case fails that one check, skips are counted apart, a check that never ran is not counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

/* Run fn in a child with its own tally; its whole output and exit status come back. */
static char *in_child(void (*fn)(void), int *status)
{
    int fd[2];
    if (pipe(fd) != 0)
        return NULL;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        memset(test_sites, 0, sizeof test_sites);
        test_nsites = 0;
        test_passed = test_failed = test_skipped = 0;
        fn();
        exit(test_summary());
    }
    close(fd[1]);
    static char out[1 << 16];
    size_t n = 0;
    ssize_t r;
    while (n + 1 < sizeof out && (r = read(fd[0], out + n, sizeof out - 1 - n)) > 0)
        n += (size_t)r;
    out[n] = '\0';
    close(fd[0]);
    waitpid(pid, status, 0);
    return out;
}

static void loop_all_pass(void)
{
    for (int i = 0; i < 1541; i++)
        CHECK(i >= 0);
    CHECK_INT(2 + 2, 4);
}

static void loop_one_fails(void)
{
    for (int i = 0; i < 100; i++)
        CHECK(i != 37);
}

static void with_skip(void)
{
    CHECK(1 + 1 == 2);
    SKIP("the thing", "this machine cannot");
}

static void never_runs(void)
{
    for (int i = 0; i < 0; i++)
        CHECK(i == 0);
}

static void test_counts(void)
{
    int st;
    char *out = in_child(loop_all_pass, &st);
    CHECK(out && strstr(out, "\n2 passed, 0 failed, 0 skipped\n"));
    CHECK(out && strstr(out, "ran 1541 cases"));
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

    out = in_child(loop_one_fails, &st);
    CHECK(out && strstr(out, "\n0 passed, 1 failed, 0 skipped\n"));
    CHECK(out && strstr(out, "1 of 100 cases failed"));
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);

    out = in_child(with_skip, &st);
    CHECK(out && strstr(out, "\n1 passed, 0 failed, 1 skipped\n"));
    CHECK(out && strstr(out, "skip "));

    out = in_child(never_runs, &st);
    CHECK(out && strstr(out, "\n0 passed, 0 failed, 0 skipped\n"));
}

int main(void)
{
    RUN(test_counts);
    return test_summary();
}
