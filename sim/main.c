/* klaxon-sim: the Incident Manager simulator as a program. Parses flags, serves until a signal. */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "client/json_wipe.h"
#include "core/buf.h"
#include "sim/args.h"
#include "sim/plans.h"
#include "sim/sim.h"

static int print_plans(const struct sim_options *opt)
{
    struct buf err = BUF_INIT;
    struct sim_plans *p = opt->synthetic_plans > 0 ? sim_plans_synthetic(opt->synthetic_plans)
                          : opt->plans_file        ? sim_plans_load(opt->plans_file, &err)
                                                   : sim_plans_builtin();
    if (!p) {
        fprintf(stderr, "klaxon-sim: %s\n", buf_cstr(&err));
        buf_free(&err);
        return 2;
    }
    char *text = sim_plans_dump(p);
    fputs(text, stdout);
    free(text);
    sim_plans_free(p);
    return 0;
}

/* Serve until SIGINT or SIGTERM. The signals are blocked before any thread starts, so every
   server thread inherits the mask and only sigwait() here sees them. */
static int serve(const struct sim_options *opt, bool summary)
{
    /* A shell starts background jobs with SIGINT ignored, and an ignored signal never reaches
       sigwait(): take the default disposition back first. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct buf err = BUF_INIT;
    struct sim *s = sim_start(opt, &err);
    if (!s) {
        fprintf(stderr, "klaxon-sim: %s\n", buf_cstr(&err));
        buf_free(&err);
        return 1;
    }
    printf("listening on %s\n", sim_url(s));
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    char *incidents = sim_incidents_json(s);
    sim_stop(s);
    if (!opt->quiet)
        fprintf(stderr, "klaxon-sim: stopped by signal %d; incidents declared: %s\n", sig,
                incidents);
    if (summary) {
        printf("incidents declared: %s\n", incidents ? incidents : "[]");
        fflush(stdout);
    }
    free(incidents);
    return 0;
}

int main(int argc, char **argv)
{
    struct sim_args a;
    struct buf err = BUF_INIT;
    int rc;
    /* The simulator parses signed requests and holds its users' keys: the same wiping JSON
       allocator as klaxon, set before the server's threads start. */
    json_wipe_install();
    if (sim_args_parse(&a, argc, argv, &err) != 0) {
        fprintf(stderr, "klaxon-sim: %s\nTry 'klaxon-sim --help'.\n", buf_cstr(&err));
        rc = 2;
    } else if (a.help) {
        fputs(sim_args_usage(), stdout);
        rc = 0;
    } else if (a.version) {
        printf("klaxon-sim %s\n", KLX_VERSION);
        rc = 0;
    } else if (a.print_plans) {
        rc = print_plans(&a.opt);
    } else {
        rc = serve(&a.opt, a.summary);
    }
    buf_free(&err);
    sim_args_free(&a);
    return rc;
}
