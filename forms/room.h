/* A drill room's trainee as the board and the debrief see one: the fields the simulator's
   /room/state answer and its {"room": ...} log lines share, read with their types checked. */
#ifndef FORMS_ROOM_H
#define FORMS_ROOM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

enum room_status { ROOM_ACTIVE, ROOM_DECLARED, ROOM_QUIT, ROOM_LOST };

struct room_point {
    char *rule;
    bool ok;
    char *reason; /* may be NULL */
};

/* Unknown numbers are -1 (the simulator leaves out what it does not know yet). */
struct room_trainee {
    char *trainee; /* the room's id, "t1" */
    char *name, *scenario, *title;
    enum room_status status;
    long declarations, score, max, keys, problems;
    double seconds; /* time to the first declaration, or since joining */
    struct room_point *points;
    size_t npoints;
};

/* The room as GET /room/state answers it. */
struct room_state {
    double started, now;
    struct room_trainee *trainees;
    size_t n;
};

/* A trainee with nothing known yet. */
void room_trainee_init(struct room_trainee *t);
void room_trainee_free(struct room_trainee *t);
void room_trainee_copy(struct room_trainee *dst, const struct room_trainee *src);
/* Apply the fields o has to t (absent ones keep their value). Every field present is checked
   first: a wrong type or an out-of-range number leaves t alone and says which in why (-1). */
int room_trainee_apply(struct room_trainee *t, const json_t *o, struct buf *why);

/* "active", "declared", ...; and back (-1 for an unknown word). */
const char *room_status_name(enum room_status s);
int room_status_parse(const char *s);
/* What the board and the report show: "declared twice" when declared more than once. */
const char *room_trainee_status_text(const struct room_trainee *t);
/* Whom the trainer should look at first: lost, quit, declared more than once, or a score under
   half the maximum once declared. */
bool room_trainee_needs_trainer(const struct room_trainee *t);
/* Whether the score means anything yet: a trainee still on it has only the room's zero. */
bool room_trainee_scored(const struct room_trainee *t);
/* Seconds as "1m05s" ("-" when unknown) into out. */
void room_seconds_text(double seconds, char *out, size_t size);

/* Read a /room/state answer; -1 with why when it is not one. */
int room_state_parse(struct room_state *st, const char *text, size_t len, struct buf *why);
void room_state_free(struct room_state *st);
void room_state_copy(struct room_state *dst, const struct room_state *src);

#endif
