/* Python's float repr, so klaxon's text output and --query results match the AWS CLI's bytes. */
#include "core/pyfloat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shortest %e form of x that reads back exactly (at most 17 significant digits). */
static void pyfloat_shortest(double x, char *e, size_t cap)
{
    for (int p = 1; p <= 17; p++) {
        snprintf(e, cap, "%.*e", p - 1, x);
        if (strtod(e, NULL) == x)
            return;
    }
}

void pyfloat_repr(struct buf *b, double x)
{
    if (!isfinite(x)) {
        buf_puts(b, isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
        return;
    }
    char e[40], digits[24];
    pyfloat_shortest(x, e, sizeof e);
    const char *m = e + (e[0] == '-');
    int exp = atoi(strchr(m, 'e') + 1), nd = 0;
    for (const char *q = m; *q != 'e'; q++)
        if (*q != '.')
            digits[nd++] = *q;
    digits[nd] = '\0';
    buf_puts(b, e[0] == '-' ? "-" : "");
    if (exp < -4 || exp >= 16) {
        buf_printf(b, "%c%s%se%c%02d", digits[0], nd > 1 ? "." : "", digits + 1,
                   exp < 0 ? '-' : '+', abs(exp));
    } else if (exp >= nd - 1) {
        buf_puts(b, digits);
        for (int z = 0; z < exp - (nd - 1); z++)
            buf_putc(b, '0');
        buf_puts(b, ".0");
    } else if (exp >= 0) {
        buf_printf(b, "%.*s.%s", exp + 1, digits, digits + exp + 1);
    } else {
        buf_puts(b, "0.");
        for (int z = 0; z < -exp - 1; z++)
            buf_putc(b, '0');
        buf_puts(b, digits);
    }
}
