/* JSON values as Python writes them: the AWS CLI is a Python program, and where klaxon prints
   what it prints (--query's errors and to_string(), the text output's scalars) it must match. */
#ifndef CLIENT_PYTEXT_H
#define CLIENT_PYTEXT_H

#include <jansson.h>

#include "core/buf.h"

/* Python's repr(): True, None, 1.5, 'text', [1, 'a'], {'k': 2}. */
void pytext_repr(struct buf *b, const json_t *v);

/* json.dumps(v, separators=(',', ':')): compact JSON, ASCII only, \u escapes in lower case. */
void pytext_dumps(struct buf *b, const json_t *v);

#endif
