/* A drill's score card: one declaration (the StartIncident body the trainee sent, and how it
   went) scored point by point against its scenario's expected answer, each with its reason. */
#ifndef FORMS_DRILL_SCORE_H
#define FORMS_DRILL_SCORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "forms/scenario.h"

/* What the trainee did. */
struct drill_attempt {
    const json_t *body; /* the StartIncident body: the one that created the incident, else the
                           last one sent; NULL when none was sent */
    double seconds;     /* from the brief to that request; < 0 when unknown */
    int incidents;      /* incidents the service created (2 or more: a duplicate) */
    int faults_met;     /* StartIncident calls answered by a fault (throttled, failed, dropped) */
    long keys;          /* keys pressed; < 0 when not measured */
    int problems_met, problems_fixed; /* validation problems shown and fixed; < 0 unknown */
};

#define DRILL_MAX_POINTS 10

struct drill_point {
    const char *name; /* "plan", ... (scenario_point_names), "keys" or "validation" */
    bool scored;      /* counts towards the score (false: shown for information) */
    bool passed;
    char *reason;            /* what was seen, in a sentence */
    const char *explanation; /* the scenario's, borrowed */
};

struct drill_card {
    struct drill_point points[DRILL_MAX_POINTS];
    size_t n;
    int score, max;
};

/* Score a against s into card (drill_card_free it). */
void drill_score(const struct scenario *s, const struct drill_attempt *a, struct drill_card *card);
void drill_card_free(struct drill_card *card);
/* The card as {"score", "max", "points": [{"name", "scored", "passed", "reason"}]}. */
json_t *drill_card_json(const struct drill_card *card);

#endif
