/* Hexadecimal text: bytes to lower-case digits, and one digit back to its value. */
#ifndef CORE_HEX_H
#define CORE_HEX_H

#include <stddef.h>

/* The n bytes at p as 2n lower-case digits and a NUL in out (2n + 1 bytes). */
void hex_lower(const unsigned char *p, size_t n, char *out);

/* The value of one hex digit (either case), or -1 when c is none. */
int hex_digit(char c);

#endif
