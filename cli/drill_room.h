/* `klaxon drill --join URL --name NAME`: a trainee in a drill room (doc/room.md). */
#ifndef CLI_DRILL_ROOM_H
#define CLI_DRILL_ROOM_H

#include "cli/commands.h"

/* argv[0] is "drill"; the rest are --join URL --name NAME. Returns an exit status. */
int drill_room_join(int argc, char **argv, const struct cli_globals *g);

#endif
