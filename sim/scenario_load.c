/* klaxon-sim --scenarios: every file checked with the same checker as klaxon drill --check, all
   problems reported at once, and one scenario's plans and faults applied to the options. */
#include "sim/scenario_load.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

int sim_scenarios_load(struct sim_scenarios *s, const char *const *files, size_t n, struct buf *err)
{
    memset(s, 0, sizeof *s);
    s->list = xcalloc(n + 1, sizeof *s->list); // NOLINT(bugprone-sizeof-expression): of pointers
    struct buf problems = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        struct scenario *sc = scenario_load(files[i], &problems);
        if (sc)
            s->list[s->n++] = sc;
    }
    if (problems.len) {
        /* One message: the lines without the last newline (main() adds its own). */
        size_t len = problems.len;
        while (len && problems.data[len - 1] == '\n')
            len--;
        buf_printf(err, "--scenarios: refused, nothing is served:\n%.*s", (int)len, problems.data);
        buf_free(&problems);
        sim_scenarios_free(s);
        return -1;
    }
    buf_free(&problems);
    return 0;
}

/* Whether opt already sets plans or faults of its own. */
static bool sim_scenarios_conflict(const struct sim_options *opt)
{
    return opt->plans_file || opt->plans_text || opt->synthetic_plans || opt->throttle ||
           opt->fail || opt->drop || opt->delay > 0 || opt->deny;
}

int sim_scenarios_apply(struct sim_scenarios *s, struct sim_options *opt, struct buf *err)
{
    if (sim_scenarios_conflict(opt)) {
        buf_puts(err, "--scenarios sets the plans and faults: no --plans, --synthetic-plans, "
                      "--throttle, --fail, --drop, --delay or --deny with it");
        return -1;
    }
    /* Every --scenarios starts a room (doc/room.md); the trainees who join get the scenarios
       round-robin, with keys, plans and faults of their own. */
    opt->room_scenarios = s->list;
    opt->room_nscenarios = s->n;
    if (s->n != 1)
        return 0; /* the training key pair meets the built-in plans and no fault */
    /* One scenario is also served to the training key pair: `klaxon drill` plays it so. */
    const struct scenario *sc = s->list[0];
    if (sc->plans) {
        s->plans_text = json_dumps(sc->plans, JSON_COMPACT);
        opt->plans_text = s->plans_text;
        opt->plans_origin = sc->id;
    }
    opt->throttle = sc->throttle;
    opt->fail = sc->fail;
    opt->drop = sc->drop;
    opt->delay = sc->delay;
    opt->deny = sc->deny;
    return 0;
}

void sim_scenarios_free(struct sim_scenarios *s)
{
    for (size_t i = 0; i < s->n; i++)
        scenario_free(s->list[i]);
    free(s->list);
    free(s->plans_text);
    memset(s, 0, sizeof *s);
}
