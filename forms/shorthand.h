/* The AWS CLI's shorthand syntax (key=value,list=[a,b],nested={k=v}), read as the CLI reads it. */
#ifndef FORMS_SHORTHAND_H
#define FORMS_SHORTHAND_H

#include <jansson.h>
#include <stddef.h>

#include "core/buf.h"
#include "forms/fields.h"
#include "forms/problems.h"

/* Parse one shorthand argument with the CLI's grammar alone (no model): "a=b,c=[d,e]" ->
   {"a": "b", "c": ["d", "e"]}. Every value is a string, list or object. NULL on a syntax error,
   with err set to one line saying what was expected, what was found and where. */
json_t *shorthand_parse(const char *text, struct buf *err);

/* An option's value(s) as the AWS CLI takes them for a structure or a list of structures:
   JSON when the first value looks like JSON, else shorthand (one argument per list item),
   then shaped by the field table as the CLI does (a scalar where a list belongs becomes a
   one-item list, "true"/"false" become booleans). field is the option's row (FIELD_STRUCT or
   FIELD_LIST); option ("--related-items") starts every problem's path, e.g.
   "--related-items[1].identifier.value: unknown key \"ur\"". NULL when a problem was added. */
json_t *shorthand_option(const char *option, enum field_id field, const char *const *values,
                         size_t n, struct problems *p);

#endif
