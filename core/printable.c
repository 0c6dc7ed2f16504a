/* One escaping rule for every byte from outside that reaches a terminal (core/printable.h). */
#include "core/printable.h"

#include <stdbool.h>
#include <string.h>

#include "core/utf8.h"

/* Code points a terminal acts on or that reorder what is shown after them. */
static bool printable_hidden(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
           cp == 0x200f || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

static void printable_escape(struct buf *out, unsigned cp, enum printable_style style)
{
    if (style == PRINTABLE_JSON)
        buf_printf(out, "\\u%04x", cp);
    else if (cp == '\n')
        buf_puts(out, "\\n");
    else if (cp == '\t')
        buf_puts(out, "\\t");
    else if (cp == '\r')
        buf_puts(out, "\\r");
    else
        buf_printf(out, cp <= 0xff ? "\\x%02x" : "\\u%04x", cp);
}

void printable_append(struct buf *out, const char *s, size_t len, enum printable_style style)
{
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        /* Plain printable ASCII is the common case: copy it in one go. */
        while (run < len && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7f)
            run++;
        buf_append(out, s + i, run - i);
        i = run;
        if (i >= len)
            break;
        unsigned cp = 0;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            buf_printf(out, "\\x%02x", (unsigned char)s[i]);
            i++;
            continue;
        }
        /* In JSON text a raw tab or newline is layout: jansson escapes those inside strings. */
        bool layout = style == PRINTABLE_JSON && (cp == '\n' || cp == '\t' || cp == '\r');
        if (printable_hidden(cp) && !layout)
            printable_escape(out, cp, style);
        else
            buf_append(out, s + i, n);
        i += n;
    }
}

char *printable_dup(const char *s)
{
    struct buf b = BUF_INIT;
    printable_append(&b, s ? s : "", s ? strlen(s) : 0, PRINTABLE_TEXT);
    return buf_steal(&b);
}

void printable_lines(struct buf *out, const char *s)
{
    for (size_t n; s && *s; s += n + (s[n] == '\n')) {
        n = strcspn(s, "\n");
        printable_append(out, s, n, PRINTABLE_TEXT);
        if (s[n] == '\n')
            buf_putc(out, '\n');
    }
}

void printable_quoted(struct buf *out, const char *s)
{
    buf_putc(out, '"');
    size_t n = strlen(s);
    for (size_t i = 0; i < n && i < 64; i++)
        buf_putc(out, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i]);
    if (n > 64)
        buf_puts(out, "...");
    buf_putc(out, '"');
}
