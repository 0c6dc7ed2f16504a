/* What `klaxon training` and `klaxon drill` share: klaxon-sim as a child process on a free
   loopback port, and the form against it under the TRAINING banner. */
#ifndef CLI_TRAINING_H
#define CLI_TRAINING_H

#include <sys/types.h>

#include "cli/commands.h"
#include "client/creds.h"
#include "core/buf.h"

/* The simulator child: its pid, and the read end of its stdout and stderr. */
struct training_sim {
    pid_t pid;
    int out;
    struct buf text; /* what it wrote so far */
    char *url;
};

/* Start klaxon-sim on a free loopback port with extra flags (NULL-terminated, may be NULL) and
   the request log at log (may be NULL); 0, or -1 with why in err. */
int training_sim_start(struct training_sim *t, const char *const *extra, const char *log,
                       struct buf *err);
/* Stop the simulator; the incidents it reports (JSON array text, caller frees) or NULL. */
char *training_sim_stop(struct training_sim *t);

/* A private directory (mkdtemp: 0700) under $TMPDIR (else /tmp) for a run of command
   ("training", "drill"); caller removes and frees it. NULL after saying why on stderr. */
char *training_private_dir(const char *command);

/* Where a training form keeps its state, under $XDG_STATE_HOME/klaxon/. */
struct training_files {
    const char *draft;   /* the draft's file name */
    const char *journal; /* the journal's file name */
    const char *recent;  /* the recently used plans' file name */
};

struct drill;

/* The form (or --plain prompts) against the simulator at url with the training keys; the exit
   status of tui_declare. drill (NULL outside drills) gets the brief on F2 or ?brief and counts
   the trainee's keys and validation problems. */
int training_form(const struct cli_globals *g, const char *url, const struct training_files *f,
                  struct drill *drill);
/* The same with these keys and region (a drill room's, held in memory only). */
int training_form_keys(const struct cli_globals *g, const char *url, const struct training_files *f,
                       const struct aws_creds *creds, const char *region, struct drill *drill);

#endif
