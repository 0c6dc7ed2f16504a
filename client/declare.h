/* Declaring an incident with its paper trail: journal, send with retries, journal the outcome. */
#ifndef CLIENT_DECLARE_H
#define CLIENT_DECLARE_H

#include <jansson.h>

#include "client/api.h"
#include "core/buf.h"

/* Send a validated StartIncident body (it must carry its clientToken), journaling it before the
   first attempt and its outcome after. journal_path NULL = the default journal. Returns 0 with
   the reply in *out, or a klx_status with err filled. A journal that cannot be written does not
   stop the declaration; it is reported in warn. */
int declare_incident(struct klx_client *c, const json_t *body, const char *journal_path,
                     json_t **out, struct api_error *err, struct buf *warn);

#endif
