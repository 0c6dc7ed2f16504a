/* The trainer's side of a drill room: the live board and the debrief report. */
#ifndef CLI_DRILL_TRAINER_H
#define CLI_DRILL_TRAINER_H

#include "cli/commands.h"

/* `klaxon drill --report LOG [--format table|markdown|csv]`; args start at --report. */
int drill_report_cmd(int argc, char **argv);
/* `klaxon drill --board URL` (--plain and --ca-bundle are global options). */
int drill_board_cmd(int argc, char **argv, const struct cli_globals *g);

#endif
