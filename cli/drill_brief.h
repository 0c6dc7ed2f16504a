/* What every drill, solo (cli/drill.c) or in a room (cli/drill_room.c), shows the trainee and
   starts from: the brief, wrapped terminal-safe text, the model declaration, and a fresh form. */
#ifndef CLI_DRILL_BRIEF_H
#define CLI_DRILL_BRIEF_H

#include <jansson.h>
#include <stddef.h>

#include "cli/training.h"
#include "forms/scenario.h"

/* The draft, journal and recently-used-plans files every drill's form uses. */
extern const struct training_files drill_form_files;

/* prefix then text, made safe for the terminal and wrapped to its width, continuation lines
   indented to indent columns. */
void drill_say(const char *prefix, size_t indent, const char *text);
/* The brief (s's id, title, difficulty, brief and time target), then wait for Enter. */
void drill_brief(const struct scenario *s);
/* The score card's last part: the model declaration, made safe for the terminal. */
void drill_print_model(const json_t *model);
/* Remove the last drill's draft and recently used plans. */
void drill_fresh_form(void);

#endif
