/* Declared incidents and the clientToken idempotency table of the simulator. */
#include "sim/store.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

struct sim_store {
    json_t *root;    /* owns the three below, so one decref frees them all */
    json_t *records; /* array of IncidentRecord, creation order */
    json_t *by_arn;  /* arn -> record */
    json_t *tokens;  /* clientToken -> {"canon": text, "arn": arn} */
};

struct sim_store *sim_store_new(void)
{
    struct sim_store *s = xcalloc(1, sizeof *s);
    s->root = json_pack("{s:[], s:{}, s:{}}", "records", "by_arn", "tokens");
    if (!s->root)
        abort();
    s->records = json_object_get(s->root, "records");
    s->by_arn = json_object_get(s->root, "by_arn");
    s->tokens = json_object_get(s->root, "tokens");
    return s;
}

void sim_store_free(struct sim_store *s)
{
    if (s)
        json_decref(s->root);
    free(s);
}

enum sim_token_state sim_store_token(const struct sim_store *s, const char *token,
                                     const char *canon, const char **arn)
{
    const json_t *t = json_object_get(s->tokens, token);
    if (!t)
        return SIM_TOKEN_NEW;
    *arn = json_string_value(json_object_get(t, "arn"));
    if (strcmp(json_string_value(json_object_get(t, "canon")), canon) != 0)
        return SIM_TOKEN_CONFLICT;
    return SIM_TOKEN_REPLAY;
}

const json_t *sim_store_add(struct sim_store *s, json_t *record, const char *token,
                            const char *canon)
{
    const char *arn = json_string_value(json_object_get(record, "arn"));
    json_object_set(s->by_arn, arn, record);
    json_array_append_new(s->records, record);
    if (token)
        json_object_set_new(s->tokens, token, json_pack("{s:s, s:s}", "canon", canon, "arn", arn));
    return record;
}

const json_t *sim_store_find(const struct sim_store *s, const char *arn)
{
    return arn ? json_object_get(s->by_arn, arn) : NULL;
}

size_t sim_store_count(const struct sim_store *s)
{
    return json_array_size(s->records);
}

const json_t *sim_store_at(const struct sim_store *s, size_t i)
{
    return json_array_get(s->records, i);
}
