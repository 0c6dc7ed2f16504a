/* klaxon-sim's command line: flags to struct sim_options (kept apart from main() for tests). */
#ifndef SIM_ARGS_H
#define SIM_ARGS_H

#include <stdbool.h>

#include "core/buf.h"
#include "sim/scenario_load.h"
#include "sim/sim.h"

struct sim_args {
    struct sim_options opt; /* ready for sim_start; points into this struct */
    bool help, version, print_plans;
    bool summary;                 /* --summary: the incidents declared, on stdout, when stopped */
    struct sim_credential *creds; /* owned copies; secrets wiped on free */
    int ncreds;
    const char **scenario_files; /* --scenarios FILE... */
    size_t nscenario_files;
    struct sim_scenarios scenarios;
};

/* Parse argv[1..argc). 0 on success; -1 with one line in err for a usage error (exit 2).
   The SECRET[:TOKEN] part of each --credentials value is overwritten in argv once copied,
   so it lingers less in /proc/PID/cmdline: argv strings must be writable. */
int sim_args_parse(struct sim_args *a, int argc, char **argv, struct buf *err);
void sim_args_free(struct sim_args *a);
/* The --help text. */
const char *sim_args_usage(void);

#endif
