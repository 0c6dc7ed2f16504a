/* What `klaxon drill` shares with its room mode (cli/drill_room.c): the brief as a responder
   meets it, wrapped terminal-safe text, and a fresh form for every drill. */
#ifndef CLI_DRILL_H
#define CLI_DRILL_H

#include <stddef.h>

#include "forms/scenario.h"

/* The draft, journal and recently-used-plans files every drill's form uses. */
#define DRILL_DRAFT   "drill-draft.json"
#define DRILL_JOURNAL "drill-journal.jsonl"
#define DRILL_RECENT  "drill-recent-plans"

/* prefix then text, made safe for the terminal and wrapped to its width, continuation lines
   indented to indent columns. */
void drill_say(const char *prefix, size_t indent, const char *text);
/* The brief (s's id, title, difficulty, brief and time target), then wait for Enter. */
void drill_brief(const struct scenario *s);
/* Remove the last drill's draft and recently used plans. */
void drill_fresh_form(void);

#endif
