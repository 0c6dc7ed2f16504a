/* Outside text (server replies, journal lines, config values) made safe to print on a terminal. */
#ifndef CORE_PRINTABLE_H
#define CORE_PRINTABLE_H

#include <stddef.h>

#include "core/buf.h"

enum printable_style {
    PRINTABLE_TEXT, /* "\x1b", "\n", "\u202e": visible, for messages, tables and logs */
    PRINTABLE_JSON, /* "\u001b", "\u202e": the same meaning inside a JSON string; tab, CR and
                       newline are left alone (outside strings they are layout, and an encoder
                       escapes them inside) */
};

/* Append s[0..len) to out with every byte that could drive a terminal shown as an escape
   instead: C0 controls (tab and newline too), DEL, C1 controls (U+0080-U+009F), bidirectional
   overrides, isolates and marks (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), the
   line and paragraph separators (U+2028, U+2029), and each byte of ill-formed UTF-8 ("\xff",
   in either style: JSON text never holds ill-formed UTF-8). Everything else is copied. */
void printable_append(struct buf *out, const char *s, size_t len, enum printable_style style);
/* PRINTABLE_TEXT of a C string (NULL = ""), as a new string the caller frees. */
char *printable_dup(const char *s);

/* PRINTABLE_TEXT line by line: each newline stays a line end (for messages of several lines
   printed as they are), everything else is escaped as above. */
void printable_lines(struct buf *out, const char *s);

/* A setting's value quoted in an error message: at most 64 bytes then "...", each control
   byte as '?' (the message names the value; it need not reproduce it). */
void printable_quoted(struct buf *out, const char *s);

#endif
