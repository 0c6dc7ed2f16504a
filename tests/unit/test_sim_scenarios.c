/* klaxon-sim --scenarios FILE...: every file checked before anything is served, one scenario's
   plans and faults applied, and the mixes that cannot work refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "sim/args.h"
#include "sim/plans.h"
#include "test.h"

#define SEARCH   "scenarios/search-under-region-outage.json"
#define CHECKOUT "scenarios/checkout-down.json"

/* Parse a NULL-terminated list of words (copied: the parser may write into argv). */
static int parse(struct sim_args *a, struct buf *err, const char *const *words)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = strdup("klaxon-sim");
    for (; *words && argc < 31; words++)
        argv[argc++] = strdup(*words);
    argv[argc] = NULL;
    int rc = sim_args_parse(a, argc, argv, err);
    /* The options point into argv: keep the copies as long as the test needs them. */
    static char *kept[1024];
    static size_t nkept;
    for (int i = 0; i < argc; i++) {
        if (nkept < sizeof kept / sizeof kept[0])
            kept[nkept++] = argv[i];
        else
            free(argv[i]);
    }
    return rc;
}

static void test_one_scenario(void)
{
    struct sim_args a;
    struct buf err = BUF_INIT;
    CHECK_INT(parse(&a, &err, (const char *const[]){"--scenarios", SEARCH, "--quiet", NULL}), 0);
    CHECK_STR(buf_cstr(&err), "");
    CHECK_INT(a.opt.throttle, 1);
    CHECK_INT(a.opt.fail, 1);
    CHECK(a.opt.quiet);
    CHECK(a.opt.plans_text != NULL);
    struct sim_plans *p =
        a.opt.plans_text
            ? sim_plans_parse(a.opt.plans_text, strlen(a.opt.plans_text), a.opt.plans_origin, &err)
            : NULL;
    CHECK_INT(p ? sim_plans_count(p) : 0, 3);
    sim_plans_free(p);
    sim_args_free(&a);

    CHECK_INT(parse(&a, &err, (const char *const[]){"--scenarios=" CHECKOUT, NULL}), 0);
    CHECK_INT(a.opt.throttle, 2);
    CHECK(a.opt.plans_text == NULL); /* "catalogue": the built-in plans */
    sim_args_free(&a);
    buf_free(&err);
}

static void test_refused(void)
{
    char bad[] = "/tmp/klx-test-scenario-XXXXXX";
    int fd = mkstemp(bad);
    CHECK(fd >= 0);
    static const char text[] = "{\"id\": \"broken\", \"faults\": {\"meteor\": 1}}";
    CHECK(write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
    close(fd);

    struct sim_args a;
    struct buf err = BUF_INIT;
    /* A good file and a bad one: nothing is served, the bad one's fields are named. */
    CHECK_INT(parse(&a, &err, (const char *const[]){"--scenarios", SEARCH, bad, NULL}), -1);
    CHECK(strstr(buf_cstr(&err), "refused, nothing is served") != NULL);
    CHECK(strstr(buf_cstr(&err), "scenario broken: faults.meteor: unknown fault") != NULL);
    CHECK(strstr(buf_cstr(&err), "scenario broken: title: missing") != NULL);
    sim_args_free(&a);
    buf_free(&err);
    unlink(bad);

    CHECK_INT(parse(&a, &err, (const char *const[]){"--scenarios", SEARCH, CHECKOUT, NULL}), -1);
    CHECK(strstr(buf_cstr(&err), "2 scenarios checked; serving several at once") != NULL);
    sim_args_free(&a);
    buf_free(&err);

    CHECK_INT(parse(&a, &err, (const char *const[]){"--scenarios", CHECKOUT, "--drop", "1", NULL}),
              -1);
    CHECK(strstr(buf_cstr(&err), "--scenarios sets the plans and faults") != NULL);
    sim_args_free(&a);
    buf_free(&err);

    CHECK_INT(parse(&a, &err, (const char *const[]){"--scenarios", "/nonexistent/s.json", NULL}),
              -1);
    CHECK(strstr(buf_cstr(&err), "/nonexistent/s.json") != NULL);
    sim_args_free(&a);
    buf_free(&err);
}

int main(void)
{
    RUN(test_one_scenario);
    RUN(test_refused);
    return test_summary();
}
