/* klaxon-sim --scenarios FILE...: drill scenarios checked before anything is served, and one
   scenario's plans and faults turned into the simulator's options. */
#ifndef SIM_SCENARIO_LOAD_H
#define SIM_SCENARIO_LOAD_H

#include <stddef.h>

#include "core/buf.h"
#include "forms/scenario.h"
#include "sim/sim.h"

struct sim_scenarios {
    struct scenario **list;
    size_t n;
    char *plans_text; /* the served scenario's inline plans, as plan-file text; NULL: built in */
};

/* Load and check every file. 0; or -1 with every problem of every file in err, and nothing
   loaded: a room never starts half-configured. */
int sim_scenarios_load(struct sim_scenarios *s, const char *const *files, size_t n,
                       struct buf *err);
/* A room over the scenarios loaded (opt->room_*); a single scenario's plans and faults are also
   served to the training key pair. opt must set no plans or faults of its own. 0, or -1 with
   why in err. opt points into s afterwards. */
int sim_scenarios_apply(struct sim_scenarios *s, struct sim_options *opt, struct buf *err);
void sim_scenarios_free(struct sim_scenarios *s);

#endif
