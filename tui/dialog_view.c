/* Small screens: questions with one-key answers (quit, resume, remove) and the help overlay. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "core/status.h"
#include "core/xalloc.h"
#include "forms/draft.h"
#include "tui/app.h"
#include "tui/term.h"
#include "tui/view.h"

/* The shared acts that ask a question or open the help (declared in tui/view.h). */
void view_act_quit(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_ask_quit(a);
}

void view_act_close_quit(struct app *a, struct view *v, const struct tkey *k)
{
    view_act_back(a, v, k);
    app_ask_quit(a);
}

void view_act_help(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    app_push(a, help_view_new(a, v->ops->help ? v->ops->help(a, v) : NULL));
}

/* ---------------------------------------------------------------- dialog */

/* A question's answers are its key table: the rows are made from the caller's choices (or, for
   the quit question, are a table of their own), so that the answers drawn, the key line and
   dispatch all read the same rows. Ctrl-C's row is the same in every question. */

#define DIALOG_MAX 4

struct dialog_view {
    struct view v;
    char *title, *text;
    struct dialog_choice choices[DIALOG_MAX];
    struct keymap_row rows[DIALOG_MAX + 1];
    struct keymap own;
    const struct keymap *keys; /* &own, or a fixed table */
    void *ctx;
    void (*free_ctx)(void *);
};

static void dialog_draw(struct app *a, struct view *v)
{
    struct dialog_view *d = (struct dialog_view *)v;
    struct keyhint ans[DIALOG_MAX + 1];
    size_t nans = keymap_hints(d->keys, a, v, ans, DIALOG_MAX + 1);
    int w = COLS - 6 < 72 ? COLS - 6 : 72;
    int n = (int)draw_wrap(d->text, w - 4, NULL, NULL, 0);
    if (n > 24)
        n = 24;
    int h = n + 3 + (int)nans + 1;
    if (h > app_body_end())
        h = app_body_end();
    int top = (app_body_end() - h) / 2, left = (COLS - w) / 2;
    draw_box(top, left, h, w, d->title);
    int y = top + 1;
    y += draw_lines(y, left + 2, w - 4, d->text, A_NORMAL,
                    n < top + h - 1 - y ? n : top + h - 1 - y);
    y++;
    for (size_t i = 0; i < nans && y < top + h - 1; i++, y++) {
        int used = draw_text(y, left + 4, 12, ans[i].key, term_attr(TR_KEY));
        draw_text(y, left + 5 + used, w - 9 - used, ans[i].label, A_NORMAL);
    }
}

/* An answer's key in either case. */
static void dialog_key(struct app *a, struct view *v, const struct tkey *k)
{
    struct dialog_view *d = (struct dialog_view *)v;
    struct tkey lower = *k;
    if (lower.key < 128 && lower.key >= 'A' && lower.key <= 'Z')
        lower.key += 'a' - 'A';
    keymap_dispatch(d->keys, a, v, &lower);
}

static size_t dialog_keys(struct app *a, struct view *v, struct keyhint *out, size_t max)
{
    return keymap_hints(((struct dialog_view *)v)->keys, a, v, out, max);
}

static void dialog_destroy(struct view *v)
{
    struct dialog_view *d = (struct dialog_view *)v;
    if (d->free_ctx)
        d->free_ctx(d->ctx);
    free(d->title);
    free(d->text);
}

static const struct view_ops dialog_ops = {.overlay = true,
                                           .draw = dialog_draw,
                                           .key = dialog_key,
                                           .keys = dialog_keys,
                                           .destroy = dialog_destroy};

/* The answer of the row that took the key: the choice it was made from. */
static void dialog_act_answer(struct app *a, struct view *v, const struct tkey *k)
{
    struct dialog_view *d = (struct dialog_view *)v;
    size_t i = (size_t)(keymap_find(d->keys, a, v, k) - d->rows);
    d->choices[i].act(a, d->ctx); /* may pop this dialog */
}

/* Every question's keys, for the manual; the Ctrl-C row ends each question's table. */
static const struct keymap_row dialog_rows[] = {
    {KM_CHAR, 0, 0, 0, "key", NULL, "the key before an answer", "that answer (either case)", NULL,
     NULL},
    {K_ENTER, K_ESC, 0, 0, "Enter/Esc", NULL, "Enter, Esc", "the answer whose key names it", NULL,
     NULL},
    {K_CANCEL, 0, 0, 0, "^C", NULL, "Ctrl-C", "leave, asking first", NULL, view_act_close_quit},
};

const struct keymap dialog_keymap =
    KEYMAP("Questions",
           "A draft to resume, an item to remove or leave, keys to store: each answer shows its "
           "key.",
           dialog_rows);

/* Enter picks the answer whose key name says so, and Esc the one that says so. */
static struct keymap_row dialog_row(const struct dialog_choice *c)
{
    return (struct keymap_row){
        .key = c->key,
        .key2 = strstr(c->keyname, "Enter") ? K_ENTER : 0,
        .key3 = strstr(c->keyname, "Esc") ? K_ESC : 0,
        .name = c->keyname,
        .label = c->label,
        .act = dialog_act_answer,
    };
}

static struct dialog_view *dialog_alloc(const char *title, const char *text, void *ctx,
                                        void (*free_ctx)(void *))
{
    struct dialog_view *d = view_new(sizeof *d, &dialog_ops);
    d->title = xstrdup(title);
    d->text = xstrdup(text);
    d->ctx = ctx;
    d->free_ctx = free_ctx;
    return d;
}

struct view *dialog_view_new(const char *title, const char *text,
                             const struct dialog_choice *choices, size_t n, void *ctx,
                             void (*free_ctx)(void *))
{
    struct dialog_view *d = dialog_alloc(title, text, ctx, free_ctx);
    n = n < DIALOG_MAX ? n : DIALOG_MAX;
    memcpy(d->choices, choices, n * sizeof *choices);
    for (size_t i = 0; i < n; i++)
        d->rows[i] = dialog_row(&d->choices[i]);
    d->rows[n] = dialog_rows[sizeof dialog_rows / sizeof dialog_rows[0] - 1];
    d->own = (struct keymap){d->title, NULL, d->rows, n + 1};
    d->keys = &d->own;
    return &d->v;
}

/* ---------------------------------------------------------------- quitting */

static void quit_act_keep(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_save_draft(a);
    app_quit(a, a->s.last_failure ? a->s.last_failure : KLX_CANCELLED);
}

static void quit_act_discard(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    draft_remove(a->s.cfg->draft_name);
    a->s.discarded = true;
    a->s.dirty = false;
    app_quit(a, a->s.last_failure ? a->s.last_failure : KLX_CANCELLED);
}

/* The quit question's answers, in the order they are drawn. */
static const struct keymap_row quit_rows[] = {
    {'k', 0, 0, 0, "k", "Keep the draft and quit", NULL,
     "keep what was typed as a draft (offered back next time) and leave", NULL, quit_act_keep},
    {'d', 0, 0, 0, "d", "Discard the draft and quit", NULL, "remove the draft and leave", NULL,
     quit_act_discard},
    {K_ESC, 0, 0, 0, "Esc", "Back to the form", NULL, "back to where you were", NULL,
     view_act_back},
    {K_CANCEL, 0, 0, 0, "^C", NULL, "Ctrl-C", "again: leave, keeping the draft (losing nothing)",
     NULL, quit_act_keep},
};

const struct keymap quit_keymap =
    KEYMAP("Leaving", "After Ctrl-C (or Esc on the form), when something was typed.", quit_rows);

void app_ask_quit(struct app *a)
{
    if (a->top->ops == &dialog_ops)
        return;
    if (draft_is_empty(&a->s.m) && !a->s.m.sent) {
        /* Nothing typed, nothing to lose: no question. A saved draft not yet resumed (Ctrl-C
           at its offer) stays on disk for next time. */
        a->s.discarded = true;
        app_quit(a, a->s.last_failure ? a->s.last_failure : KLX_CANCELLED);
        return;
    }
    struct dialog_view *d = dialog_alloc("Leave klaxon?",
                                         "Nothing has been declared. Keep what you typed as a "
                                         "draft for next time?",
                                         NULL, NULL);
    d->keys = &quit_keymap;
    app_push(a, &d->v);
}

/* ---------------------------------------------------------------- help */

struct help_view {
    struct view v;
    char *field_help;
    struct view *of;           /* the screen the help is about (below it on the stack) */
    const struct keymap *keys; /* its key table, NULL if it has none */
};

/* The rows of the screen's key table that apply where the responder is now, as the manual words
   them, and the line editor's when the screen hands keys to it: F1 help is written from the same
   tables as the key line and doc/keys.md. */
static size_t help_rows_now(struct app *a, const struct help_view *h, const struct keymap_row **out,
                            size_t max)
{
    extern const struct keymap lineedit_keymap;
    size_t n = 0;
    bool editor = false;
    for (size_t i = 0; h->keys && i < h->keys->n && n < max; i++) {
        const struct keymap_row *r = &h->keys->rows[i];
        if (!r->doc || (r->when && !r->when(a, h->of)))
            continue;
        editor |= r->key == KM_ANY;
        out[n++] = r;
    }
    for (size_t i = 0; editor && i < lineedit_keymap.n && n < max; i++)
        out[n++] = &lineedit_keymap.rows[i];
    return n;
}

#define HELP_KEYS_W 22

/* One row: its keys, and what it does over as many lines as it needs (at most 2). */
static int help_draw_row(int y, int x, int w, int last, const struct keymap_row *r)
{
    size_t starts[2], lens[2];
    const char *doc = r->doc;
    size_t n = draw_wrap(doc, w - HELP_KEYS_W - 1, starts, lens, 2);
    draw_text(y, x, HELP_KEYS_W, r->keys ? r->keys : r->name, term_attr(TR_KEY));
    for (size_t i = 0; i < n && i < 2 && y + (int)i <= last; i++) {
        char *line = i + 1 < n ? xstrndup(doc + starts[i], lens[i]) : xstrdup(doc + starts[i]);
        draw_text(y + (int)i, x + HELP_KEYS_W + 1, w - HELP_KEYS_W - 1, line, A_NORMAL);
        free(line);
    }
    return n < 2 ? 1 : 2;
}

static void help_draw(struct app *a, struct view *v)
{
    struct help_view *h = (struct help_view *)v;
    const struct keymap_row *rows[64];
    size_t n = help_rows_now(a, h, rows, 64);
    int w = COLS - 4, iw = w - 4;
    int nf = h->field_help ? (int)draw_wrap(h->field_help, iw, NULL, NULL, 0) : 0;
    if (nf > 3)
        nf = 3;
    int need = 0;
    for (size_t i = 0; i < n; i++)
        need += draw_wrap(rows[i]->doc, iw - HELP_KEYS_W - 1, NULL, NULL, 0) < 2 ? 1 : 2;
    int height = need + 3 + (nf ? nf + 1 : 0);
    if (height > app_body_end() - 1)
        height = app_body_end() - 1;
    int top = 1, left = 2, y = top + 1, last = top + height - 2;
    draw_box(top, left, height, w, "Keys here");
    if (nf)
        y += draw_lines(y, left + 2, iw, h->field_help, A_BOLD, nf) + 1;
    for (size_t i = 0; i < n && y < last; i++)
        y += help_draw_row(y, left + 2, iw, last - 1, rows[i]);
    draw_text(last, left + 2, iw, "Every screen's keys: man klaxon, KEYS.", term_attr(TR_DIM));
}

static const struct keymap_row help_rows[] = {
    {K_CANCEL, 0, 0, 0, "^C", NULL, "Ctrl-C", "close the help and leave, asking first", NULL,
     view_act_close_quit},
    {KM_ANY, 0, 0, 0, "Any key", "Back", "any other key", "close the help", NULL, view_act_back},
};

const struct keymap help_keymap = KEYMAP(
    "Help", "After F1 (or ? outside a text field): the keys, and the field's help.", help_rows);

static void help_destroy(struct view *v)
{
    struct help_view *h = (struct help_view *)v;
    free(h->field_help);
}

static const struct view_ops help_ops = {
    .overlay = true, .draw = help_draw, .keymap = &help_keymap, .destroy = help_destroy};

struct view *help_view_new(struct app *a, const char *field_help)
{
    struct help_view *h = view_new(sizeof *h, &help_ops);
    h->of = a->top; /* the screen asking: the help opens over it */
    h->keys = a->top ? a->top->ops->keymap : NULL;
    h->field_help = field_help ? xstrdup(field_help) : NULL;
    return &h->v;
}
