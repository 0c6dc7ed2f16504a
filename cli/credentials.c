/* `klaxon credentials`: placeholder until the keyring lands (issue 5). */
#include <stdio.h>

#include "cli/commands.h"
#include "core/status.h"

int cmd_credentials(int argc, char **argv, const struct cli_globals *g)
{
    (void)argc, (void)argv, (void)g;
    fputs("klaxon: credentials storage is not built yet\n", stderr);
    return KLX_USAGE;
}
