/* Allocation wrappers that never return NULL: an out-of-memory klaxon aborts instead of limping. */
#ifndef CORE_XALLOC_H
#define CORE_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Overflow-checked realloc of an array of nmemb elements of size bytes. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Put a fresh formatted string in *slot, freeing the old one after formatting (so the old
   text may be an argument): a message field said anew. */
void xvreplacef(char **slot, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* free() each of n pointers (NULL is fine). FREE_ALL(a, b, c) lets a destructor name what it
   owns in one list rather than one line a field. */
void xfree_each(void *const *ptrs, size_t n);
#define FREE_ALL(...)                                                                              \
    xfree_each((void *const[]){__VA_ARGS__},                                                       \
               sizeof((void *const[]){__VA_ARGS__}) / sizeof(void *))

#endif
