/* A drill room's trainees (doc/room.md): who joined, on which scenario, with which keys, what
   they declared and how it scored. UI-neutral and socket-free, so it is unit-tested directly;
   every function locks the room itself, so the server's worker threads may call any of them. */
#ifndef SIM_ROOM_H
#define SIM_ROOM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "forms/scenario.h"
#include "sim/auth.h"
#include "sim/plans.h"
#include "sim/reqlog.h"

#define SIM_ROOM_DEFAULT_TIMEOUT 60
#define SIM_ROOM_NAME_MAX        64

struct sim_room;

/* A room over the scenarios (borrowed; they must outlive the room), assigned round-robin.
   timeout: seconds of silence before a trainee is lost. log (borrowed, may be NULL) gets the
   room's events. NULL with why in err when a scenario's plans do not load. */
struct sim_room *sim_room_new(struct scenario *const *list, size_t n, double timeout,
                              struct sim_log *log, struct buf *err);
void sim_room_free(struct sim_room *r);

/* The endpoints: each returns the HTTP status and sets *out to the reply body (new reference). */
int sim_room_join(struct sim_room *r, const json_t *body, double now, json_t **out);
int sim_room_ping(struct sim_room *r, const json_t *body, double now, json_t **out);
int sim_room_leave(struct sim_room *r, const json_t *body, double now, json_t **out);
json_t *sim_room_state(struct sim_room *r, double now);

/* Mark trainees silent past the timeout as lost (logged with the time they became so). */
void sim_room_tick(struct sim_room *r, double now);

/* The trainee whose access key this is: their key (copied into *key, free with
   sim_auth_key_clear) and their index; -1 when no trainee has it. */
int sim_room_find_key(struct sim_room *r, const char *access_key_id, struct sim_auth_key *key);

/* What a trainee's scenario serves them: its plans (valid while the room lives), its delay and
   whether it denies every call. */
const struct sim_plans *sim_room_plans(struct sim_room *r, int trainee);
double sim_room_delay(struct sim_room *r, int trainee);
bool sim_room_deny(struct sim_room *r, int trainee);
/* The trainee's next StartIncident fault ("throttle", "fail", "drop") or NULL. */
const char *sim_room_take_fault(struct sim_room *r, int trainee);
/* A signed request from the trainee: they are alive (a lost one is back). */
void sim_room_seen(struct sim_room *r, int trainee, double now);
/* The trainee's StartIncident created an incident from body: a declaration, scored. */
void sim_room_declared(struct sim_room *r, int trainee, const json_t *body, double now);

#endif
