/* A one-line text editor over wide characters: measured with wcwidth, scrolled sideways, drawn
   into a span of a curses window. (libform was tried first: with ncursesw 6.4 a scrolling field
   holding double-width characters returned NUL padding from field_buffer and drew stray cells,
   so the form has its own editor.) */
#ifndef TUI_LINEEDIT_H
#define TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "tui/curses.h"

struct lineedit {
    wchar_t *s;
    size_t len, cap;
    size_t cur;   /* cursor, 0..len */
    size_t first; /* first character shown */
};

enum le_result {
    LE_IGNORED, /* not an editing key */
    LE_MOVED,
    LE_CHANGED,
};

void le_init(struct lineedit *e);
/* Free the text; every buffer the editor ever held is wiped first (it may hold a secret). */
void le_free(struct lineedit *e);
/* Empty the editor, wiping the text (the buffer is kept). */
void le_clear(struct lineedit *e);
/* Replace the text (UTF-8; invalid bytes become U+FFFD); the cursor goes to the end. */
void le_set(struct lineedit *e, const char *utf8);
/* The text as UTF-8; caller frees. */
char *le_get(const struct lineedit *e);
/* The same for a secret: allocated once at its final size, so no stray partial copy is left in
   freed memory; the caller secmem_free_str()s it. */
char *le_get_secret(const struct lineedit *e);
/* Insert text at the cursor: newlines, tabs and other control characters become spaces (a
   pasted newline is text, never Enter). Returns true if something was inserted. */
bool le_insert(struct lineedit *e, const wchar_t *text, size_t n);
/* Handle an editing key (input.h codes): characters, Left/Right/Home/End, Backspace/Delete,
   Ctrl-A/E/K/U/W. */
enum le_result le_key(struct lineedit *e, int key);
/* Draw into width columns at (y, x) of w with attribute a, scrolled so the cursor shows;
   "<" and ">" mark text beyond either edge. Returns the cursor's screen column. */
int le_draw(struct lineedit *e, WINDOW *w, int y, int x, int width, attr_t a);

/* Columns a wide character takes (control and unknown characters count one, as drawn). */
int le_wcwidth(wchar_t c);

#endif
