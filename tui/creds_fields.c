/* The credentials screens' parts: the title bar, paragraphs and a field's reason, the masked or
   plain fields, and keys put into their editors (a pasted secret wiped where it arrived). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/secmem.h"
#include "core/xalloc.h"
#include "tui/creds.h"
#include "tui/term.h"

void creds_bar(const char *title)
{
    draw_fill(0, 0, COLS, term_attr(TR_TRAINING));
    draw_text(0, 0, COLS, title, term_attr(TR_TRAINING));
}

/* Paragraphs (separated by "\n"), wrapped, from row y; returns the next free row. */
int creds_paragraphs(int y, int x, int w, const char *text, attr_t at)
{
    for (const char *p = text; *p && y < app_body_end();) {
        const char *nl = strchr(p, '\n');
        char *para = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
        if (!*para)
            y++;
        y += draw_lines(y, x, w, para, at, app_body_end() - y);
        free(para);
        p = nl ? nl + 1 : p + strlen(p);
    }
    return y;
}

/* "^ reason" under a field, at most max_lines lines; returns how many were drawn. */
int creds_reason(int y, int x, int w, const char *why, attr_t at, int max_lines)
{
    char *msg = xasprintf("^ %s", why);
    size_t starts[4], lens[4];
    size_t n = draw_wrap(msg, w - 2, starts, lens, 4);
    int drawn = 0;
    for (size_t i = 0; i < n && i < 4 && drawn < max_lines && y + drawn < app_body_end(); i++) {
        char *line = xstrndup(msg + starts[i], lens[i]);
        /* The last line that fits shows what is left, clipped with "~". */
        bool last = drawn == max_lines - 1 || i + 1 == n;
        draw_text(y + drawn, x + (i ? 2 : 0), w - (i ? 2 : 0), last ? msg + starts[i] : line, at);
        free(line);
        drawn++;
    }
    free(msg);
    return drawn;
}

/* A text field: the editor itself, or (masked) one "*" per character -- the secret's own
   characters never reach the terminal. */
void creds_field(struct app *a, struct lineedit *ed, bool masked, bool focused, int y, int x, int w)
{
    attr_t at = focused ? term_attr(TR_EDIT) : term_attr(TR_FIELD);
    struct lineedit *shown = ed, mask;
    if (masked) {
        le_init(&mask);
        char *stars = xmalloc(ed->len + 1);
        memset(stars, '*', ed->len);
        stars[ed->len] = '\0';
        le_set(&mask, stars);
        free(stars);
        mask.cur = ed->cur;
        mask.first = ed->first;
        shown = &mask;
    }
    if (focused) {
        a->cursor_x = le_draw(shown, stdscr, y, x, w, at);
        a->cursor_y = y;
    } else {
        shown->first = 0;
        shown->cur = shown->len;
        le_draw(shown, stdscr, y, x, w, at);
    }
    if (masked) {
        if (focused)
            ed->first = mask.first; /* keep the sideways scroll in step */
        le_free(&mask);
    }
}

/* Put a key into a field's editor. A paste into a secret field is wiped where it was
   delivered: tui/input.c keeps the delivered text until the next key. */
void creds_edit(struct lineedit *ed, const struct tkey *k, bool secret)
{
    if (k->key != K_PASTE) {
        le_key(ed, k->key);
        return;
    }
    le_insert(ed, k->text, k->ntext);
    if (secret && k->text)
        secmem_wipe((void *)k->text, k->ntext * sizeof *k->text);
}
