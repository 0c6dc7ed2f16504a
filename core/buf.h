/* Growable byte buffer, always NUL-terminated so it can be used as a C string. */
#ifndef CORE_BUF_H
#define CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated when non-NULL; may contain embedded NULs */
    size_t len;
    size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_init(struct buf *b);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Contents as a C string; "" for an empty buffer, never NULL. */
const char *buf_cstr(const struct buf *b);
void buf_reset(struct buf *b);
/* Hand the storage to the caller (never NULL); the buffer is left empty. */
char *buf_steal(struct buf *b);
void buf_free(struct buf *b);
/* Wipe the contents (for buffers that held a secret), then free. */
void buf_wipe_free(struct buf *b);

#endif
