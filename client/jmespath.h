/* client/jmespath.h: JMESPath (jmespath.org specification) over jansson values. */
#ifndef CLIENT_JMESPATH_H
#define CLIENT_JMESPATH_H

#include <jansson.h>

struct jmespath; /* a compiled expression */

/* Compile EXPR. On a syntax error returns NULL and sets *err to a malloc'd message in the
   AWS CLI's words, with the column, e.g. for "foo[":
       Invalid jmespath expression: Incomplete expression:
       "foo["
            ^
   (the CLI prints it after "Bad value for --query EXPR: "; the caller frees it). */
struct jmespath *jmespath_compile(const char *expr, char **err);

/* Evaluate against DOC (borrowed). Returns a new reference (json_null() for null), or NULL with
   *err set to a malloc'd message on a runtime error (invalid-type, invalid-arity,
   unknown-function, ...). */
json_t *jmespath_search(const struct jmespath *q, json_t *doc, char **err);

/* Free a compiled expression (NULL is fine). */
void jmespath_free(struct jmespath *q);

#endif
