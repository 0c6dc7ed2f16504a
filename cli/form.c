/* `klaxon`: placeholder until the form lands (issue 4). */
#include <stdio.h>

#include "cli/commands.h"
#include "core/status.h"

int cmd_form(int argc, char **argv, const struct cli_globals *g)
{
    (void)argc, (void)argv, (void)g;
    fputs("klaxon: the interactive form is not built yet; use `klaxon start-incident`\n", stderr);
    return KLX_USAGE;
}
