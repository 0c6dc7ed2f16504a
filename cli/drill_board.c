/* `klaxon drill --board URL`: the trainer's live board of a drill room, full screen or, with
   --plain (or no usable terminal), one line per change. */
#include <stdio.h>
#include <string.h>

#include "cli/drill_trainer.h"
#include "core/status.h"
#include "tui/board.h"
#include "tui/tui.h"

int drill_board_cmd(int argc, char **argv, const struct cli_globals *g)
{
    if (argc != 2 || strcmp(argv[0], "--board") != 0) {
        fputs("klaxon drill: usage: klaxon drill --board URL [--plain] [--ca-bundle FILE]\n"
              "  URL is the room's simulator, e.g. http://127.0.0.1:8080\n",
              stderr);
        return KLX_USAGE;
    }
    struct board_config c = {.url = argv[1], .ca_bundle = g->flags.ca_bundle,
                             .no_color = g->no_color};
    const char *why = NULL;
    int status = KLX_OK;
    if (!tui_want_plain(g->plain, &why) && board_run(&c, &status, &why))
        return status;
    if (why && !g->plain)
        fprintf(stderr, "klaxon drill: %s: one line per change instead\n", why);
    return board_plain_run(&c);
}
