/* Text, boxes and the key line, all measured with wcwidth so wide characters never overflow. */
#include "tui/draw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "tui/lineedit.h"

/* Decode one character; invalid bytes become U+FFFD (one byte each). */
static size_t draw_next(const char *s, size_t n, wchar_t *c)
{
    unsigned cp;
    size_t used = utf8_decode(s, n, &cp);
    if (!used) {
        *c = 0xFFFD;
        return 1;
    }
    *c = (wchar_t)cp;
    return used;
}

/* The cells drawn for c, into g (at most DRAW_GLYPHS_MAX): a control as a space; a character the
   locale cannot show (any non-ASCII one under LC_ALL=C) as its escape, "\u00e9", so a plan
   named "Café" reads "Caf\u00e9" rather than losing a letter. Returns how many. */
#define DRAW_GLYPHS_MAX 10
static int draw_glyphs(wchar_t c, wchar_t *g)
{
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        g[0] = L' ';
        return 1;
    }
    if (wcwidth(c) >= 0) {
        g[0] = c;
        return 1;
    }
    char esc[DRAW_GLYPHS_MAX + 1];
    int n = snprintf(esc, sizeof esc, (unsigned long)c > 0xFFFF ? "\\U%08lx" : "\\u%04lx",
                     (unsigned long)c);
    for (int i = 0; i < n; i++)
        g[i] = (wchar_t)esc[i];
    return n;
}

/* The display width of c as drawn_glyphs lays it out. */
static int draw_char_width(wchar_t c)
{
    wchar_t g[DRAW_GLYPHS_MAX];
    int n = draw_glyphs(c, g), w = 0;
    for (int i = 0; i < n; i++)
        w += le_wcwidth(g[i]);
    return w;
}

int draw_width(const char *utf8)
{
    size_t n = strlen(utf8);
    int w = 0;
    for (size_t i = 0; i < n;) {
        wchar_t c;
        i += draw_next(utf8 + i, n - i, &c);
        w += draw_char_width(c);
    }
    return w;
}

/* One cell's character at (y, x) with attributes a. */
static void draw_cell(int y, int x, wchar_t c, attr_t a)
{
    cchar_t cc;
    wchar_t ws[2] = {c, 0};
    setcchar(&cc, ws, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL); /* the pair apart */
    mvadd_wch(y, x, &cc);
}

int draw_text(int y, int x, int maxw, const char *utf8, attr_t a)
{
    if (maxw <= 0 || y < 0 || y >= LINES || x >= COLS)
        return 0;
    if (x + maxw > COLS)
        maxw = COLS - x;
    size_t n = strlen(utf8);
    int total = draw_width(utf8);
    bool clip = total > maxw;
    int room = clip ? maxw - 1 : maxw;
    int col = 0;
    for (size_t i = 0; i < n;) {
        wchar_t c, g[DRAW_GLYPHS_MAX];
        i += draw_next(utf8 + i, n - i, &c);
        if (col + draw_char_width(c) > room)
            break;
        for (int k = 0, ng = draw_glyphs(c, g); k < ng; k++) {
            int cw = le_wcwidth(g[k]);
            if (cw > 0)
                draw_cell(y, x + col, g[k], a);
            col += cw;
        }
    }
    if (clip) {
        while (col < maxw - 1) { /* a wide character that did not fit leaves a gap */
            mvaddch(y, x + col, ' ' | a);
            col++;
        }
        mvaddch(y, x + col, '~' | a);
        col++;
    }
    return col;
}

int draw_printf(int y, int x, int maxw, attr_t a, const char *fmt, ...)
{
    va_list ap;
    struct buf b = BUF_INIT;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    int used = draw_text(y, x, maxw, buf_cstr(&b), a);
    buf_free(&b);
    return used;
}

void draw_fill(int y, int x, int n, attr_t a)
{
    if (y < 0 || y >= LINES || x >= COLS || n <= 0)
        return;
    if (x + n > COLS)
        n = COLS - x;
    attrset(a);
    mvhline(y, x, ' ', n);
    attrset(A_NORMAL);
}

void draw_box(int top, int left, int height, int width, const char *title)
{
    if (height < 2 || width < 2)
        return;
    for (int y = top; y < top + height; y++)
        draw_fill(y, left, width, A_NORMAL);
    mvhline(top, left + 1, ACS_HLINE, width - 2);
    mvhline(top + height - 1, left + 1, ACS_HLINE, width - 2);
    mvvline(top + 1, left, ACS_VLINE, height - 2);
    mvvline(top + 1, left + width - 1, ACS_VLINE, height - 2);
    mvaddch(top, left, ACS_ULCORNER);
    mvaddch(top, left + width - 1, ACS_URCORNER);
    mvaddch(top + height - 1, left, ACS_LLCORNER);
    mvaddch(top + height - 1, left + width - 1, ACS_LRCORNER);
    if (title && *title && width > 6) {
        mvaddch(top, left + 1, ' ');
        int used = draw_text(top, left + 2, width - 5, title, A_BOLD);
        mvaddch(top, left + 2 + used, ' ');
    }
}

size_t draw_wrap(const char *utf8, int width, size_t *starts, size_t *lens, size_t max)
{
    size_t n = strlen(utf8), lines = 0, i = 0;
    if (width < 1)
        width = 1;
    while (i < n) {
        size_t start = i, last_space = (size_t)-1, j = i;
        int col = 0;
        while (j < n && utf8[j] != '\n') {
            wchar_t c;
            size_t used = draw_next(utf8 + j, n - j, &c);
            int cw = draw_char_width(c);
            if (col + cw > width)
                break;
            if (c == L' ')
                last_space = j;
            col += cw;
            j += used;
        }
        size_t end = j;
        if (j < n && utf8[j] != '\n' && last_space != (size_t)-1 && last_space > start)
            end = last_space;
        if (end == start && j == start) /* one character wider than the line */
            end = start + draw_next(utf8 + start, n - start, &(wchar_t){0});
        if (lines < max) {
            starts[lines] = start;
            lens[lines] = end - start;
        }
        lines++;
        i = end;
        if (i < n && (utf8[i] == ' ' || utf8[i] == '\n'))
            i++;
    }
    return lines;
}

int draw_lines(int y, int x, int w, const char *utf8, attr_t a, int max)
{
    size_t starts[DRAW_LINES_MAX], lens[DRAW_LINES_MAX];
    size_t n = draw_wrap(utf8, w, starts, lens, DRAW_LINES_MAX);
    int drawn = 0;
    for (; (size_t)drawn < n && drawn < DRAW_LINES_MAX && drawn < max; drawn++) {
        char *line = xstrndup(utf8 + starts[drawn], lens[drawn]);
        draw_text(y + drawn, x, w, line, a);
        free(line);
    }
    return drawn;
}

void draw_keyline(int y, const struct keyhint *hints, size_t n)
{
    draw_fill(y, 0, COLS, A_NORMAL);
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        int kw = draw_width(hints[i].key), lw = draw_width(hints[i].label);
        if (x + kw + 1 + lw > COLS)
            break;
        draw_text(y, x, kw, hints[i].key, term_attr(TR_KEY));
        draw_text(y, x + kw + 1, lw, hints[i].label, A_NORMAL);
        x += kw + 1 + lw + 2;
    }
}
