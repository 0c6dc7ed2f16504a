/* Declared incidents and the clientToken idempotency table of the simulator (caller locks). */
#ifndef SIM_STORE_H
#define SIM_STORE_H

#include <jansson.h>
#include <stddef.h>

struct sim_store;

struct sim_store *sim_store_new(void);
void sim_store_free(struct sim_store *s);

enum sim_token_state {
    SIM_TOKEN_NEW,      /* never seen: go ahead and create */
    SIM_TOKEN_REPLAY,   /* same token, same request: *arn is the incident it made */
    SIM_TOKEN_CONFLICT, /* same token, different request: 409 */
};

/* canon is the request without its clientToken, as canonical JSON text. */
enum sim_token_state sim_store_token(const struct sim_store *s, const char *token,
                                     const char *canon, const char **arn);
/* Add an IncidentRecord (reference stolen); token may be NULL. Returns the record. */
const json_t *sim_store_add(struct sim_store *s, json_t *record, const char *token,
                            const char *canon);
const json_t *sim_store_find(const struct sim_store *s, const char *arn);
size_t sim_store_count(const struct sim_store *s);
/* Records in creation order (borrowed). */
const json_t *sim_store_at(const struct sim_store *s, size_t i);

#endif
