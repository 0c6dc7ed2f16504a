/* Shared by client/api.c (the client, signing, sending, retries) and client/api_calls.c (the
   operations and paging) only. */
#ifndef CLIENT_API_CALL_H
#define CLIENT_API_CALL_H

#include <jansson.h>

#include "client/api.h"
#include "core/status.h"

/* Fill e (status, code, message) for a failure klaxon found itself. */
void api_fail(struct api_error *e, enum klx_status st, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* One operation with the standard retries: POST a JSON body, or GET with ?arn=. */
int api_post(struct klx_client *c, const char *op_path, const json_t *body, json_t **out,
             struct api_error *err);
int api_get_arn(struct klx_client *c, const char *op_path, const char *arn, json_t **out,
                struct api_error *err);

#endif
