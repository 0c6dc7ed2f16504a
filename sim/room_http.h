/* A drill room on the simulator's HTTP side: the /room/ endpoints (doc/room.md), and the
   trainees' keys for signed requests. Private to sim/. */
#ifndef SIM_ROOM_HTTP_H
#define SIM_ROOM_HTTP_H

#include <stdbool.h>

#include "sim/call.h"

/* Whether the request is for the room (the handler has a room and the path is /room/...). */
bool sim_room_http_claims(const struct call *c);
/* Answer a /room/ request. */
void sim_room_http_serve(struct call *c);
/* A request signed with a key nobody else knows: if a trainee holds it, verify with it and make
   the call theirs (c->trainee, c->plans). Whether a trainee held it. */
bool sim_room_http_verify(struct call *c, const char *service);
/* After the operation: the trainee was heard from, and a created incident is a declaration. */
void sim_room_http_after(struct call *c, bool start_incident);

#endif
