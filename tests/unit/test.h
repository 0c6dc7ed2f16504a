/* Tiny unit-test harness: CHECK macros, a pass/fail tally and the suite's summary line. */
#ifndef TESTS_UNIT_TEST_H
#define TESTS_UNIT_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_passed, test_failed;
static const char *test_current = "";

static inline int test_check(int ok, const char *what, const char *file, int line)
{
    if (ok) {
        test_passed++;
    } else {
        test_failed++;
        printf("FAIL %s: %s:%d: %s\n", test_current, file, line, what);
    }
    return ok;
}

static inline int test_check_str(const char *got, const char *want, const char *what,
                                 const char *file, int line)
{
    int ok = got && want ? strcmp(got, want) == 0 : got == want;
    if (!test_check(ok, what, file, line))
        printf("     got:  \"%s\"\n     want: \"%s\"\n", got ? got : "(null)",
               want ? want : "(null)");
    return ok;
}

static inline int test_check_long(long got, long want, const char *what, const char *file,
                                  int line)
{
    int ok = got == want;
    if (!test_check(ok, what, file, line))
        printf("     got: %ld  want: %ld\n", got, want);
    return ok;
}

#define CHECK(c)           test_check(!!(c), #c, __FILE__, __LINE__)
#define CHECK_STR(got, want) test_check_str((got), (want), #got " == " #want, __FILE__, __LINE__)
#define CHECK_INT(got, want)                                                                       \
    test_check_long((long)(got), (long)(want), #got " == " #want, __FILE__, __LINE__)

/* Run one test function, naming it in failure messages. */
#define RUN(fn)                                                                                    \
    do {                                                                                           \
        test_current = #fn;                                                                        \
        fn();                                                                                      \
    } while (0)

/* Where the test data lives: $TEST_DATA_DIR, or tests/data under the current directory. */
static inline const char *test_data_dir(void)
{
    const char *d = getenv("TEST_DATA_DIR");
    return d && *d ? d : "tests/data";
}

/* Read a whole file into a fresh NUL-terminated string (NULL on error); *len gets its size. */
static inline char *test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *p = malloc(cap);
    size_t r;
    while (p && (r = fread(p + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0) {
            char *q = realloc(p, cap *= 2);
            if (!q) {
                free(p);
                p = NULL;
            }
            p = q;
        }
    }
    fclose(f);
    if (p)
        p[n] = '\0';
    if (len)
        *len = n;
    return p;
}

/* Print the summary line the suite runner reads; exit status 1 on any failure. */
static inline int test_summary(void)
{
    printf("%d passed, %d failed\n", test_passed, test_failed);
    return test_failed ? 1 : 0;
}

#endif
