/* The simulator's request handler: one HTTP request in, one response out, no sockets, so it can
   be unit-tested and fuzzed directly. Thread-safe: state sits behind a mutex. */
#ifndef SIM_HANDLER_H
#define SIM_HANDLER_H

#include <stddef.h>

#include "core/buf.h"
#include "sim/sim.h"
#include "sim/wire.h"

struct sim_handler;

/* Loads the plan catalogue, opens the log and copies the keys; NULL with a reason in err. */
struct sim_handler *sim_handler_new(const struct sim_options *opt, struct buf *err);
void sim_handler_free(struct sim_handler *h);

/* Answer one request. resp is filled completely (free with sim_response_free). */
void sim_handler_handle(struct sim_handler *h, const struct sim_request *req,
                        struct sim_response *resp);

/* Replace the wall clock (epoch seconds), e.g. to check SigV4 vectors from 2015. */
typedef double (*sim_clock_fn)(void *ctx);
void sim_handler_set_clock(struct sim_handler *h, sim_clock_fn fn, void *ctx);

/* Wake requests sleeping in --delay so the server can stop promptly. */
void sim_handler_shutdown(struct sim_handler *h);

/* Incidents declared so far, [{arn,title,impact,creationTime}] (caller frees). */
char *sim_handler_incidents_json(struct sim_handler *h);
size_t sim_handler_incident_count(struct sim_handler *h);

#endif
