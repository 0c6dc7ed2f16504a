/* The interactive form (full screen) and its --plain twin: the public entry points. */
#ifndef TUI_TUI_H
#define TUI_TUI_H

#include <stdbool.h>
#include <stdio.h>

#include "session/session.h"

struct tui_config {
    struct session_config session; /* what the declaration needs (session/session.h) */
    bool no_color;
};

struct tui_outcome {
    int status;         /* a klx_status: 0 declared, 1 cancelled, 3, 4, 5 ... */
    char *incident_arn; /* when declared (caller frees) */
    char *message;      /* what to print after the terminal is restored, or NULL (caller frees) */
};

/* Run the full-screen form. Returns false (with why) when the terminal cannot be used; the
   caller may then fall back to tui_plain_run. */
bool tui_run(const struct tui_config *cfg, struct tui_outcome *out, const char **why);
/* The same flow as line-by-line prompts on stdin/stdout. Returns the exit status. */
int tui_plain_run(const struct tui_config *cfg, struct tui_outcome *out);
/* Whether to use the plain prompts: --plain, TERM unset or "dumb", or stdin/stdout not a
   terminal. why says which. */
bool tui_want_plain(bool plain_flag, const char **why);
/* The whole interactive declaration: plain prompts or the full screen (falling back to plain
   when the terminal cannot be used), then what happened printed on the restored terminal:
   the incident ARN on stdout, or where the draft is. --debug output goes to a log file while
   the screen is in use. Returns the exit status; *incident_arn (may be NULL) gets the ARN. */
int tui_declare(const struct tui_config *cfg, bool plain_flag, char **incident_arn);
/* The keys, for --help. */
void tui_keys_help(FILE *f);

#endif
