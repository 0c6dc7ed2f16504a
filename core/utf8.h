/* UTF-8 helpers: validation and counting characters (code points), as the service counts them. */
#ifndef CORE_UTF8_H
#define CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in well-formed s[0..n); ill-formed bytes count one each. */
size_t utf8_count(const char *s, size_t n);
/* Length in bytes of the sequence starting at s (1..4), or 0 if it is ill-formed or truncated. */
size_t utf8_seq_len(const char *s, size_t n);
/* Decode one sequence; returns bytes used (0 if ill-formed) and stores the code point. */
size_t utf8_decode(const char *s, size_t n, unsigned *cp);

#endif
