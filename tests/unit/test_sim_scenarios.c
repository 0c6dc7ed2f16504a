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

/* The words of one command line, copied (the parser may write into argv, and the options it
   returns point into it: freed after sim_args_free). */
struct words {
    char *argv[32];
    int argc;
};

static int parse(struct sim_args *a, struct buf *err, struct words *w, const char *const *words)
{
    w->argc = 0;
    w->argv[w->argc++] = strdup("klaxon-sim");
    for (; *words && w->argc < 31; words++)
        w->argv[w->argc++] = strdup(*words);
    w->argv[w->argc] = NULL;
    return sim_args_parse(a, w->argc, w->argv, err);
}

static void done(struct sim_args *a, struct buf *err, struct words *w)
{
    sim_args_free(a);
    buf_free(err);
    for (int i = 0; i < w->argc; i++)
        free(w->argv[i]);
    w->argc = 0;
}

static void test_one_scenario(void)
{
    struct sim_args a;
    struct buf err = BUF_INIT;
    struct words w;
    CHECK_INT(parse(&a, &err, &w, (const char *const[]){"--scenarios", SEARCH, "--quiet", NULL}),
              0);
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
    done(&a, &err, &w);

    CHECK_INT(parse(&a, &err, &w, (const char *const[]){"--scenarios=" CHECKOUT, NULL}), 0);
    CHECK_INT(a.opt.throttle, 2);
    CHECK(a.opt.plans_text == NULL); /* "catalogue": the built-in plans */
    done(&a, &err, &w);
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
    struct words w;
    /* A good file and a bad one: nothing is served, the bad one's fields are named. */
    CHECK_INT(parse(&a, &err, &w, (const char *const[]){"--scenarios", SEARCH, bad, NULL}), -1);
    CHECK(strstr(buf_cstr(&err), "refused, nothing is served") != NULL);
    CHECK(strstr(buf_cstr(&err), "scenario broken: faults.meteor: unknown fault") != NULL);
    CHECK(strstr(buf_cstr(&err), "scenario broken: title: missing") != NULL);
    done(&a, &err, &w);
    unlink(bad);

    /* Several make a room: the training keys keep the built-in plans and meet no fault. */
    CHECK_INT(parse(&a, &err, &w,
                    (const char *const[]){"--scenarios", SEARCH, CHECKOUT, "--room-timeout",
                                          "2.5", NULL}),
              0);
    CHECK_INT((int)a.opt.room_nscenarios, 2);
    CHECK(a.opt.room_timeout == 2.5);
    CHECK_INT(a.opt.throttle, 0);
    CHECK(a.opt.plans_text == NULL);
    done(&a, &err, &w);

    CHECK_INT(parse(&a, &err, &w, (const char *const[]){"--room-timeout", "5", NULL}), -1);
    CHECK(strstr(buf_cstr(&err), "--room-timeout is for a room") != NULL);
    done(&a, &err, &w);
    CHECK_INT(parse(&a, &err, &w,
                    (const char *const[]){"--scenarios", SEARCH, "--room-timeout", "0", NULL}),
              -1);
    CHECK(strstr(buf_cstr(&err), "--room-timeout: expected seconds") != NULL);
    done(&a, &err, &w);

    CHECK_INT(
        parse(&a, &err, &w, (const char *const[]){"--scenarios", CHECKOUT, "--drop", "1", NULL}),
        -1);
    CHECK(strstr(buf_cstr(&err), "--scenarios sets the plans and faults") != NULL);
    done(&a, &err, &w);

    CHECK_INT(
        parse(&a, &err, &w, (const char *const[]){"--scenarios", "/nonexistent/s.json", NULL}), -1);
    CHECK(strstr(buf_cstr(&err), "/nonexistent/s.json") != NULL);
    done(&a, &err, &w);
}

int main(void)
{
    RUN(test_one_scenario);
    RUN(test_refused);
    return test_summary();
}
