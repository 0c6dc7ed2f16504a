/* Tiny unit-test harness: CHECK macros, a tally of distinct checks (a check in a loop is one
   check with many cases), skips apart, and the suite's summary line. */
#ifndef TESTS_UNIT_TEST_H
#define TESTS_UNIT_TEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Raw tallies of evaluations (a check in a loop adds one per pass); the summary counts checks. */
static int test_passed, test_failed, test_skipped;
static const char *test_current = "";

/* A check is one CHECK in the source: run in a loop or from a helper many times, it is still one
   check, which passes when every case passed, and the summary says how many cases it ran. */
struct test_site {
    const char *file;
    int line;
    const char *key; /* a table row's check: its expression, so a row may hold several checks */
    long cases, failed;
};
#define TEST_MAX_SITES 4096
static struct test_site test_sites[TEST_MAX_SITES];
static size_t test_nsites;
static int test_sites_overflow;

static inline struct test_site *test_site_at(const char *file, int line, const char *key)
{
    size_t h = ((size_t)line * 2654435761u) % TEST_MAX_SITES;
    for (size_t probe = 0; probe < TEST_MAX_SITES; probe++, h = (h + 1) % TEST_MAX_SITES) {
        struct test_site *s = &test_sites[h];
        if (!s->file) {
            s->file = file;
            s->line = line;
            s->key = key;
            test_nsites++;
            return s;
        }
        if (s->line == line && strcmp(s->file, file) == 0 &&
            (key && s->key ? strcmp(s->key, key) == 0 : key == s->key))
            return s;
    }
    return NULL;
}

/* key: NULL for a check in the source, the expression for a check on a table row (CHECK_AT). */
static inline int test_check_keyed(int ok, const char *what, const char *file, int line,
                                   const char *key)
{
    struct test_site *site = test_site_at(file, line, key);
    if (site) {
        site->cases++;
        site->failed += !ok;
    } else {
        test_sites_overflow++;
    }
    if (ok) {
        test_passed++;
    } else {
        test_failed++;
        /* A loop failing every case prints its first few, not thousands. */
        if (!site || site->failed <= 5)
            printf("FAIL %s: %s:%d: %s\n", test_current, file, line, what);
    }
    return ok;
}

static inline int test_check(int ok, const char *what, const char *file, int line)
{
    return test_check_keyed(ok, what, file, line, NULL);
}

/* Something this build or machine cannot run: reported apart, never as a pass. */
static inline void test_skip(const char *what, const char *why)
{
    test_skipped++;
    printf("skip %s: %s: %s\n", test_current, what, why);
}
#define SKIP(what, why) test_skip((what), (why))

static inline int test_check_str(const char *got, const char *want, const char *what,
                                 const char *file, int line, const char *key)
{
    int ok = got && want ? strcmp(got, want) == 0 : got == want;
    if (!test_check_keyed(ok, what, file, line, key))
        printf("     got:  \"%s\"\n     want: \"%s\"\n", got ? got : "(null)",
               want ? want : "(null)");
    return ok;
}

static inline int test_check_long(long got, long want, const char *what, const char *file, int line,
                                  const char *key)
{
    int ok = got == want;
    if (!test_check_keyed(ok, what, file, line, key))
        printf("     got: %ld  want: %ld\n", got, want);
    return ok;
}

#define CHECK(c) test_check(!!(c), #c, __FILE__, __LINE__)
#define CHECK_STR(got, want)                                                                       \
    test_check_str((got), (want), #got " == " #want, __FILE__, __LINE__, NULL)
#define CHECK_INT(got, want)                                                                       \
    test_check_long((long)(got), (long)(want), #got " == " #want, __FILE__, __LINE__, NULL)

/* Checks on one row of a table: the row's own line (__LINE__ in its initializer) and the check's
   expression name the check, so each row's checks stay checks of their own, as they were when
   written out one call a line, and a failure points at the row rather than at the loop. */
#define CHECK_AT(line, c) test_check_keyed(!!(c), #c, __FILE__, (line), #c)
#define CHECK_STR_AT(line, got, want)                                                              \
    test_check_str((got), (want), #got " == " #want, __FILE__, (line), #got " == " #want)
#define CHECK_INT_AT(line, got, want)                                                              \
    test_check_long((long)(got), (long)(want), #got " == " #want, __FILE__, (line),                \
                    #got " == " #want)

/* Run one test function, naming it in failure messages. */
#define RUN(fn)                                                                                    \
    do {                                                                                           \
        test_current = #fn;                                                                        \
        fn();                                                                                      \
    } while (0)

/* The row of the commonest case table: an input and what it must give (or why it is refused). */
struct test_pair {
    const char *in, *want;
};

/* Where the test data lives: $TEST_DATA_DIR, or tests/data under the current directory. */
static inline const char *test_data_dir(void)
{
    const char *d = getenv("TEST_DATA_DIR");
    return d && *d ? d : "tests/data";
}

/* Every variable klaxon reads for its settings and credentials: a test starts with none of them
   set, so that the developer's shell cannot change its outcome. */
static inline void test_clear_aws_env(void)
{
    static const char *const vars[] = {
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_SSM_INCIDENTS",
        "AWS_ENDPOINT_URL_STS",
        "AWS_ENDPOINT_URL_SSO",
        "AWS_ENDPOINT_URL_SSO_OIDC",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ROLE_ARN",
        "AWS_ROLE_SESSION_NAME",
        "AWS_CA_BUNDLE",
        "AWS_MAX_ATTEMPTS",
        "AWS_USE_FIPS_ENDPOINT",
        "AWS_USE_DUALSTACK_ENDPOINT",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_CREDENTIAL_EXPIRATION",
        "KLAXON_CREDENTIAL_PROCESS_TIMEOUT",
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
}

/* A path printed from fmt into one of four rotating static buffers, so that a call can take a
   few of them at once (a config and a credentials path). */
static inline const char *test_pathf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline const char *test_pathf(const char *fmt, ...)
{
    static char path[4][1024];
    static unsigned slot;
    char *p = path[slot++ % 4];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p, sizeof path[0], fmt, ap);
    va_end(ap);
    return p;
}

/* Make a private directory $TMPDIR/klx-NAME-XXXXXX (/tmp without TMPDIR) into dir. A test that
   cannot have one cannot run: it says why and exits 1, with no summary line. */
static inline void test_mkdtemp(char *dir, size_t size, const char *name)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, size, "%s/klx-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
}

/* Remove a directory tree the test made. Tidying up is not what a test checks: a failure is
   only said. */
static inline void test_rmtree(const char *dir)
{
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("could not remove %s\n", dir);
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

/* Print the summary line the suite runner reads: distinct checks passed and failed, then skips;
   exit status 1 on any failure. A check that ran no case is not in the table and not counted. */
static inline int test_summary(void)
{
    int passed = 0, failed = 0;
    long looped = 0;
    for (size_t i = 0; i < TEST_MAX_SITES; i++) {
        const struct test_site *s = &test_sites[i];
        if (!s->file)
            continue;
        if (s->failed) {
            failed++;
            printf("FAIL %s:%d: %ld of %ld cases failed\n", s->file, s->line, s->failed, s->cases);
        } else {
            passed++;
        }
        if (s->cases > 1) {
            looped++;
            printf("check %s:%d ran %ld cases\n", s->file, s->line, s->cases);
        }
    }
    if (test_sites_overflow) { /* more checks than the table holds: never pass silently */
        printf("FAIL test.h: %d evaluations past %d distinct checks\n", test_sites_overflow,
               TEST_MAX_SITES);
        failed++;
    }
    printf("(%ld checks ran more than once: %d evaluations in all)\n", looped,
           test_passed + test_failed);
    printf("%d passed, %d failed, %d skipped\n", passed, failed, test_skipped);
    return failed ? 1 : 0;
}

#endif
