/* Drawing helpers: UTF-8 text measured and clipped by display width, boxes, the key line. */
#ifndef TUI_DRAW_H
#define TUI_DRAW_H

#include <stddef.h>

#include "tui/curses.h"
#include "tui/term.h"

/* Display width of UTF-8 text (control characters count one: they are drawn as spaces). */
int draw_width(const char *utf8);
/* Draw UTF-8 text at (y, x) in at most maxw columns; text that does not fit ends in "~".
   Control characters are drawn as spaces. Returns the columns used. */
int draw_text(int y, int x, int maxw, const char *utf8, attr_t a);
/* printf, then draw_text. */
int draw_printf(int y, int x, int maxw, attr_t a, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Fill columns [x, x+n) of row y with spaces in attribute a. */
void draw_fill(int y, int x, int n, attr_t a);
/* A box with a title in its top border; the inside is cleared. */
void draw_box(int top, int left, int height, int width, const char *title);

/* Word-wrap text into lines of at most width columns: returns the number of lines and fills
   starts/lens (byte offsets) for up to max lines. */
size_t draw_wrap(const char *utf8, int width, size_t *starts, size_t *lens, size_t max);
/* The wrapped lines of text drawn from row y in columns [x, x + w), at most max of them (and
   at most DRAW_LINES_MAX); returns how many were drawn. */
#define DRAW_LINES_MAX 32
int draw_lines(int y, int x, int w, const char *utf8, attr_t a, int max);

/* The key line: pairs of key and label ("F10", "Review"), as many as fit. */
struct keyhint {
    const char *key;
    const char *label;
};
void draw_keyline(int y, const struct keyhint *hints, size_t n);

#endif
