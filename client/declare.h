/* Declaring an incident with its paper trail: journal, send with retries, journal the outcome. */
#ifndef CLIENT_DECLARE_H
#define CLIENT_DECLARE_H

#include <jansson.h>
#include <stdbool.h>

#include "client/api.h"
#include "core/buf.h"

/* True when token (a member of the body, NULL if absent) can protect a declaration: 1 to 128
   printable ASCII characters, no spaces. The model allows "" and blanks, but an empty token makes
   every retry a new incident. Otherwise false with the rule and the problem in why. */
bool declare_token_ok(const json_t *token, struct buf *why);

/* Send a validated StartIncident body, journaling it before the first attempt and its outcome
   after. journal_path NULL = the default journal. Returns 0 with the reply in *out, or a
   klx_status with err filled. Nothing is sent, and KLX_USAGE is returned, when the clientToken
   fails declare_token_ok() (err->message starts "clientToken: ") or when the journal cannot
   record the declaration (err->message starts "not sent: "). When the outcome cannot be
   journaled after the call, warn says so (and names the incident when there is one): warn is
   filled for nothing else. */
int declare_incident(struct klx_client *c, const json_t *body, const char *journal_path,
                     json_t **out, struct api_error *err, struct buf *warn);

#endif
