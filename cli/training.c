/* `klaxon training`: placeholder until the form lands (issue 4). */
#include <stdio.h>

#include "cli/commands.h"
#include "core/status.h"

int cmd_training(int argc, char **argv, const struct cli_globals *g)
{
    (void)argc, (void)argv, (void)g;
    fputs("klaxon: training mode is not built yet; run klaxon-sim and point --endpoint-url at it\n",
          stderr);
    return KLX_USAGE;
}
