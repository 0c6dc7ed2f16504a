/* A drill in progress, UI-neutral: the scenario's brief as lines either front end can show on
   request, and the trainee's effort as both front ends report it (keys used, live-validation
   problems met and fixed), for the score card. */
#ifndef SESSION_DRILL_H
#define SESSION_DRILL_H

#include <stddef.h>

#include "forms/scenario.h"

/* How many fields' problems are tracked at once (the form has fewer fields with problems). */
#define DRILL_MAX_OPEN 64

struct drill {
    const struct scenario *scenario; /* borrowed */
    long keys;                       /* keys pressed (--plain: characters typed and Enters) */
    int problems_met;                /* a problem appeared under a field */
    int problems_fixed;              /* one of those went away */
    char *open[DRILL_MAX_OPEN];      /* the fields whose problems are shown now */
    size_t nopen;
};

void drill_init(struct drill *d, const struct scenario *s);
void drill_free(struct drill *d);

/* n more keys pressed. */
void drill_count_keys(struct drill *d, long n);
/* A problem is shown for field (any stable name: a request path, a row): counted once until it
   goes away. */
void drill_problem_met(struct drill *d, const char *field);
/* field's problem went away (nothing when none was shown): counted as fixed. */
void drill_problem_gone(struct drill *d, const char *field);
/* The whole set of fields whose problems are shown now: new ones are met, missing ones fixed. */
void drill_problems_shown(struct drill *d, const char *const *fields, size_t n);

/* One line of the brief: head (a label, or indentation) then text, continuation lines of a
   wrapped text indented to indent columns. A blank line has both empty. */
struct drill_line {
    const char *head;
    size_t indent;
    const char *text; /* borrowed from the scenario */
};

/* The brief as the responder meets it: title, time, page, symptoms, links. Returns how many
   lines were put in out (at most max). */
size_t drill_brief_lines(const struct scenario *s, struct drill_line *out, size_t max);

#endif
