/* The interactive form (full screen) and its --plain twin: the public entry points. */
#ifndef TUI_TUI_H
#define TUI_TUI_H

#include <stdbool.h>
#include <stdio.h>

#include "client/creds.h"
#include "client/settings.h"

struct tui_config {
    const struct klx_settings *settings;
    const struct aws_creds *creds; /* NULL: find them with the provider chain */
    bool training;                 /* show the TRAINING banner */
    const char *training_url;      /* the simulator's URL, for the banner */
    bool no_color;
    const char *draft_name;   /* DRAFT_NAME or DRAFT_TRAINING_NAME (forms/draft.h) */
    const char *recent_file;  /* "recent-plans" or "training-recent-plans" */
    bool plan_cache;          /* keep the plan list in $XDG_CACHE_HOME between runs */
    const char *journal_path; /* where declarations are journaled (NULL: the default) */
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
