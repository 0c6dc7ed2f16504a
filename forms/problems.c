/* A growable list of validation problems (field path + rule), without duplicates. */
#include "forms/problems.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xalloc.h"

void problems_add(struct problems *p, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    problems_vadd(p, path, fmt, ap);
    va_end(ap);
}

void problems_vadd(struct problems *p, const char *path, const char *fmt, va_list ap)
{
    struct buf msg = BUF_INIT;
    buf_vprintf(&msg, fmt, ap);
    if (!path)
        path = "";

    /* Normalisation and validation may both report the same unparseable value; say it once. */
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->v[i].path, path) == 0 && strcmp(p->v[i].message, buf_cstr(&msg)) == 0) {
            buf_free(&msg);
            return;
        }
    }
    /* Capacity is the next power of two, so grow when n is 0 or a power of two. */
    if ((p->n & (p->n - 1)) == 0)
        p->v = xreallocarray(p->v, p->n ? p->n * 2 : 1, sizeof *p->v);
    p->v[p->n].path = xstrdup(path);
    p->v[p->n].message = buf_steal(&msg);
    p->n++;
}

void problems_free(struct problems *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].path);
        free(p->v[i].message);
    }
    free(p->v);
    p->v = NULL;
    p->n = 0;
}
