/* The simulator's response-plan catalogue: built in, read from a plan file, or synthetic. */
#ifndef SIM_PLANS_H
#define SIM_PLANS_H

#include <jansson.h>
#include <stddef.h>

#include "core/buf.h"

struct sim_plans;

/* The built-in catalogue of a handful of realistic plans. */
struct sim_plans *sim_plans_builtin(void);
/* A plan file: a JSON array of GetResponsePlan outputs, "arn" optional (derived from "name").
   NULL with a reason naming the file, plan and member in err. */
struct sim_plans *sim_plans_load(const char *path, struct buf *err);
/* The same from text; origin names the source in messages. */
struct sim_plans *sim_plans_parse(const char *text, size_t len, const char *origin,
                                  struct buf *err);
/* n generated plans "synthetic-plan-000001" ..., for scale tests. */
struct sim_plans *sim_plans_synthetic(int n);
void sim_plans_free(struct sim_plans *p);

size_t sim_plans_count(const struct sim_plans *p);
/* The i-th plan as GetResponsePlan's output (borrowed), NULL past the end. */
const json_t *sim_plans_at(const struct sim_plans *p, size_t i);
/* The plan with this ARN (borrowed), NULL if none. Constant time (hashed). */
const json_t *sim_plans_find(const struct sim_plans *p, const char *arn);
/* The whole catalogue in plan-file format (caller frees), for --print-plans. */
char *sim_plans_dump(const struct sim_plans *p);

#endif
