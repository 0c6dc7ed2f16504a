/* Validation of StartIncident input with the field table: one value live, or a whole request. */
#ifndef FORMS_VALIDATE_H
#define FORMS_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/buf.h"
#include "forms/fields.h"
#include "forms/problems.h"

/* Check one value as typed into a form field (strings, integers as text, enum names, timestamps
   as ISO 8601 or epoch seconds). true if valid; otherwise why gets one short sentence, e.g.
   "at most 200 characters (203 typed)". Cheap enough to call on every keystroke. */
bool forms_check_value(const struct field_def *f, const char *value, struct buf *why);

/* Validate a complete StartIncident request body (timestamps already numbers: see
   forms_normalize_start_incident). Adds one problem per broken rule, with the field path;
   unknown members are problems too. Returns the number of problems added. */
size_t forms_validate_start_incident(const json_t *body, struct problems *out);

/* Turn user-given JSON (the --cli-input-json / --trigger-details shape, where
   triggerDetails.timestamp may be an ISO 8601 string) into the wire shape (epoch seconds).
   Problems for values that cannot be converted. */
size_t forms_normalize_start_incident(json_t *body, struct problems *out);

/* Parse a timestamp as the AWS CLI accepts it: epoch seconds as Python's float() reads them
   ("1700000000", "1.7e9", " 17_000 "), else dateutil's forms: ISO 8601 in full or basic form
   ("2026-11-26T15:00:00+01:00", "2026-11-26 15:00", "20261126T1500Z", "2026-11-26"),
   "2026/11/26", "11/26/2026", "26 Nov 2026 3:00 PM", RFC 822 and ctime dates, with Z, UTC, GMT
   or an offset; no zone means UTC. What the CLI would fill in from today's date (no year, day
   or date; two-digit years) or a zone name it ignores is refused. 0 on success. */
int forms_parse_timestamp(const char *s, double *epoch);

#endif
