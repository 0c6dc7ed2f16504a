/* The trainer's live board of a drill room: full screen, or one line per change (--plain). */
#ifndef TUI_BOARD_H
#define TUI_BOARD_H

#include <stdbool.h>

#include "core/buf.h"

struct board_config {
    const char *url;       /* the room: the simulator's base URL */
    const char *ca_bundle; /* NULL: the system store */
    bool no_color;         /* --no-color or NO_COLOR */
    double interval;       /* seconds between fetches; 0: one */
};

/* Full screen until q; false (with why) when the terminal cannot be used. *status gets the exit
   status. */
bool board_run(const struct board_config *c, int *status, const char **why);
/* One line per change on stdout until q on the terminal, end of input on a terminal, or
   SIGINT/SIGTERM. Returns the exit status. */
int board_plain_run(const struct board_config *c);

/* The --plain lines that say what changed from old to now (appended to out); old NULL: the
   first view. Outside text escaped. */
struct room_view;
void board_changes(const struct room_view *old, const struct room_view *now, struct buf *out);

#endif
