/* Drill scenarios as data: the JSON file format (doc/scenarios.md), its checker, and read access
   for klaxon drill and klaxon-sim. UI-neutral. */
#ifndef FORMS_SCENARIO_H
#define FORMS_SCENARIO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* A scenario file larger than this is not one. */
#define SCENARIO_MAX_FILE (1024 * 1024)

/* The account and ARN prefix of the simulator's response plans (sim/wire.h has the same
   account; test_scenario checks they agree). */
#define SCENARIO_PLAN_ARN_PREFIX "arn:aws:ssm-incidents::111122223333:response-plan/"

/* A checked scenario. Every pointer borrows from root, which the scenario owns. */
struct scenario {
    json_t *root;
    char *origin; /* the file it was read from (the origin given to scenario_parse) */
    const char *id, *title, *difficulty;
    const json_t *brief;      /* {page, symptoms[], links[{title,url}], time} */
    bool catalogue;           /* plans: "catalogue" (the simulator's built-in plans) */
    const json_t *plans;      /* else the plan-file array the simulator is given */
    int throttle, fail, drop; /* faults, as klaxon-sim's flags */
    double delay;
    bool deny;
    bool expect_declared;       /* expected.declared: false when the right outcome is none */
    const json_t *expect_plans; /* array of plan names */
    int impact_min, impact_max;
    const json_t *expect_items; /* array of {type, contains} */
    const json_t *title_words;  /* array of strings */
    long time_target;           /* seconds */
    long keys_target;           /* expected.keys_target: keys a declaration needs; 0: none */
    const json_t *explanation;  /* object: point name -> text */
    const json_t *model;        /* the model StartIncident body */
};

/* The names of the simulator's built-in catalogue ("plans": "catalogue"), NULL-terminated. */
extern const char *const scenario_catalogue_names[];
/* The fault names a scenario may use, NULL-terminated. */
extern const char *const scenario_fault_names[];
/* The score card's points a scenario explains, NULL-terminated. */
extern const char *const scenario_point_names[];
/* The effort points (keys used, validation problems met and fixed): explained when the
   scenario wants them (explanation.keys is required with expected.keys_target). */
extern const char *const scenario_effort_names[];

/* Parse and check text; origin (the file name) starts every problem line. Each problem is one
   line "ORIGIN: scenario ID: FIELD.PATH: what is wrong" appended to problems. Returns the
   scenario (caller frees) when there were no problems, else NULL. */
struct scenario *scenario_parse(const char *text, size_t len, const char *origin,
                                struct buf *problems);
/* The same from a file (not a regular file, too big, unreadable: one problem). */
struct scenario *scenario_load(const char *path, struct buf *problems);
void scenario_free(struct scenario *s);

/* The plan name an ARN of the simulator names ("critical-outage"), or NULL. Borrowed. */
const char *scenario_plan_name(const char *arn);
/* The explanation of one point, "" when it has none. */
const char *scenario_explain(const struct scenario *s, const char *point);

#endif
