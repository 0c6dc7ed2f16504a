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

/* ---------------------------------------------------------------- dialog */

static void quit_keep(struct app *a, void *ctx);

#define DIALOG_MAX 4

struct dialog_view {
    struct view v;
    char *title, *text;
    struct dialog_choice choices[DIALOG_MAX];
    size_t n;
    void *ctx;
    void (*free_ctx)(void *);
};

static void dialog_draw(struct app *a, struct view *v)
{
    (void)a;
    struct dialog_view *d = (struct dialog_view *)v;
    int w = COLS - 6 < 72 ? COLS - 6 : 72;
    size_t starts[24], lens[24];
    size_t n = draw_wrap(d->text, w - 4, starts, lens, 24);
    if (n > 24)
        n = 24;
    int h = (int)n + 3 + (int)d->n + 1;
    if (h > app_body_end())
        h = app_body_end();
    int top = (app_body_end() - h) / 2, left = (COLS - w) / 2;
    draw_box(top, left, h, w, d->title);
    int y = top + 1;
    for (size_t i = 0; i < n && y < top + h - 1; i++, y++) {
        char *line = xstrndup(d->text + starts[i], lens[i]);
        draw_text(y, left + 2, w - 4, line, A_NORMAL);
        free(line);
    }
    y++;
    for (size_t i = 0; i < d->n && y < top + h - 1; i++, y++) {
        int used = draw_text(y, left + 4, 12, d->choices[i].keyname, term_attr(TR_KEY));
        draw_text(y, left + 5 + used, w - 9 - used, d->choices[i].label, A_NORMAL);
    }
}

static void dialog_key(struct app *a, struct view *v, const struct tkey *k)
{
    struct dialog_view *d = (struct dialog_view *)v;
    int key = k->key;
    if (key < 128 && key >= 'A' && key <= 'Z')
        key += 'a' - 'A';
    for (size_t i = 0; i < d->n; i++) {
        bool match = key == d->choices[i].key;
        /* Enter picks the first answer when its key name says so; Esc the one that says so. */
        if (key == K_ENTER && strstr(d->choices[i].keyname, "Enter"))
            match = true;
        if (key == K_ESC && strstr(d->choices[i].keyname, "Esc"))
            match = true;
        if (match) {
            d->choices[i].act(a, d->ctx); /* may pop this dialog */
            return;
        }
    }
    if (key == K_CANCEL) {
        if (!strcmp(d->title, "Leave klaxon?")) {
            quit_keep(a, NULL); /* Ctrl-C twice: leave, losing nothing */
            return;
        }
        app_pop(a); /* d is gone from here on */
        app_ask_quit(a);
    }
}

static size_t dialog_keys(struct app *a, struct view *v, struct keyhint *out, size_t max)
{
    (void)a;
    struct dialog_view *d = (struct dialog_view *)v;
    size_t n = 0;
    for (size_t i = 0; i < d->n && n < max; i++)
        out[n++] = (struct keyhint){d->choices[i].keyname, d->choices[i].label};
    return n;
}

static void dialog_destroy(struct view *v)
{
    struct dialog_view *d = (struct dialog_view *)v;
    if (d->free_ctx)
        d->free_ctx(d->ctx);
    free(d->title);
    free(d->text);
    free(d);
}

static const struct view_ops dialog_ops = {
    .name = "dialog",
    .overlay = true,
    .draw = dialog_draw,
    .key = dialog_key,
    .keys = dialog_keys,
    .destroy = dialog_destroy,
};

struct view *dialog_view_new(const char *title, const char *text,
                             const struct dialog_choice *choices, size_t n, void *ctx,
                             void (*free_ctx)(void *))
{
    struct dialog_view *d = xcalloc(1, sizeof *d);
    d->v.ops = &dialog_ops;
    d->title = xstrdup(title);
    d->text = xstrdup(text);
    d->n = n < DIALOG_MAX ? n : DIALOG_MAX;
    memcpy(d->choices, choices, d->n * sizeof *choices);
    d->ctx = ctx;
    d->free_ctx = free_ctx;
    return &d->v;
}

/* ---------------------------------------------------------------- quitting */

static void quit_keep(struct app *a, void *ctx)
{
    (void)ctx;
    app_save_draft(a);
    app_quit(a, a->s.last_failure ? a->s.last_failure : KLX_CANCELLED);
}

static void quit_discard(struct app *a, void *ctx)
{
    (void)ctx;
    draft_remove(a->s.cfg->draft_name);
    a->s.discarded = true;
    a->s.dirty = false;
    app_quit(a, a->s.last_failure ? a->s.last_failure : KLX_CANCELLED);
}

static void quit_back(struct app *a, void *ctx)
{
    (void)ctx;
    app_pop(a);
}

void app_ask_quit(struct app *a)
{
    if (!strcmp(a->top->ops->name, "dialog"))
        return;
    if (draft_is_empty(&a->s.m) && !a->s.m.sent) {
        /* Nothing typed, nothing to lose: no question. A saved draft not yet resumed (Ctrl-C
           at its offer) stays on disk for next time. */
        a->s.discarded = true;
        app_quit(a, a->s.last_failure ? a->s.last_failure : KLX_CANCELLED);
        return;
    }
    static const struct dialog_choice choices[] = {
        {'k', "k", "Keep the draft and quit", quit_keep},
        {'d', "d", "Discard the draft and quit", quit_discard},
        {K_NONE, "Esc", "Back to the form", quit_back},
    };
    app_push(a, dialog_view_new("Leave klaxon?",
                                "Nothing has been declared. Keep what you typed as a draft "
                                "for next time?",
                                choices, 3, NULL, NULL));
}

/* ---------------------------------------------------------------- help */

struct help_view {
    struct view v;
    char *field_help;
};

static const char *const help_lines[] = {
    "Tab, Down         next field         Shift-Tab, Up    previous field",
    "Enter             choose; in a text field: next field (never submits)",
    "F10 or Ctrl-S     review, then Enter declares (nothing is sent before)",
    "Esc               back (on the form: leave, asking first)",
    "F1, or ? outside text fields: this help",
    "Ctrl-C            leave, asking first; never submits",
    "",
    "Response plan     Enter or type to search; paste an ARN to use it",
    "Impact            1 Critical 2 High 3 Medium 4 Low 5 No Impact, 0 plan's",
    "Related items     Enter adds; on an item Enter edits, Del removes",
    "Trigger details   Enter unfolds (then they are sent) or folds away",
    "Text fields       Left/Right, Home/End, Ctrl-A/E/K/U/W; a paste keeps",
    "                  its newlines as spaces",
    "",
    "What you type is saved as a draft and offered back next time.",
};

static void help_draw(struct app *a, struct view *v)
{
    (void)a;
    struct help_view *h = (struct help_view *)v;
    size_t n = sizeof help_lines / sizeof help_lines[0];
    int w = COLS - 4;
    size_t starts[3], lens[3], nf = 0;
    if (h->field_help)
        nf = draw_wrap(h->field_help, w - 4, starts, lens, 3);
    if (nf > 3)
        nf = 3;
    int height = (int)n + 2 + (nf ? (int)nf + 1 : 0);
    if (height > app_body_end() - 1)
        height = app_body_end() - 1;
    int top = 1, left = 2, y = top + 1;
    draw_box(top, left, height, w, "Keys");
    for (size_t i = 0; i < nf; i++) {
        char *line = xstrndup(h->field_help + starts[i], lens[i]);
        draw_text(y++, left + 2, w - 4, line, A_BOLD);
        free(line);
    }
    if (nf)
        y++;
    for (size_t i = 0; i < n && y < top + height - 1; i++)
        draw_text(y++, left + 2, w - 4, help_lines[i], A_NORMAL);
}

static void help_key(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v;
    if (k->key == K_CANCEL) {
        app_pop(a);
        app_ask_quit(a);
        return;
    }
    app_pop(a); /* any key closes help */
}

static size_t help_keys(struct app *a, struct view *v, struct keyhint *out, size_t max)
{
    (void)a, (void)v;
    if (!max)
        return 0;
    out[0] = (struct keyhint){"Any key", "Back"};
    return 1;
}

static void help_destroy(struct view *v)
{
    struct help_view *h = (struct help_view *)v;
    free(h->field_help);
    free(h);
}

static const struct view_ops help_ops = {
    .name = "help",
    .overlay = true,
    .draw = help_draw,
    .key = help_key,
    .keys = help_keys,
    .destroy = help_destroy,
};

struct view *help_view_new(struct app *a, const char *field_help)
{
    (void)a;
    struct help_view *h = xcalloc(1, sizeof *h);
    h->v.ops = &help_ops;
    h->field_help = field_help ? xstrdup(field_help) : NULL;
    return &h->v;
}
