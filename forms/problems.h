/* A list of validation problems, each naming a field path and the rule it breaks. */
#ifndef FORMS_PROBLEMS_H
#define FORMS_PROBLEMS_H

#include <stdarg.h>
#include <stddef.h>

struct problem {
    char *path;    /* "relatedItems[2].identifier.value.url" */
    char *message; /* "must be at most 1000 characters (is 1204)" */
};

struct problems {
    struct problem *v;
    size_t n;
};

#define PROBLEMS_INIT {NULL, 0}

void problems_add(struct problems *p, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same for a walker's own reporter (its path, its count), without a second format. */
void problems_vadd(struct problems *p, const char *path, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
void problems_free(struct problems *p);

#endif
