/* What every full-screen view shares: its allocation and release, and the key-table pieces that
   are the same in each (closing, quitting, F1 help, and `when` predicates on its own state). */
#ifndef TUI_VIEW_H
#define TUI_VIEW_H

#include <stddef.h>

#include "tui/app.h"
#include "tui/keymap.h"

/* A zeroed view of size bytes (a struct that begins with its struct view) behind ops. */
void *view_new(size_t size, const struct view_ops *ops);

/* Acts several key tables share (the last three ask or help: tui/dialog_view.c). */
void view_act_back(struct app *a, struct view *v, const struct tkey *k);       /* close this view */
void view_act_quit(struct app *a, struct view *v, const struct tkey *k);       /* leave, asking */
void view_act_close_quit(struct app *a, struct view *v, const struct tkey *k); /* both */
/* F1: the keys here, with the view's help line (ops->help) as the field's help. */
void view_act_help(struct app *a, struct view *v, const struct tkey *k);

/* A focus moved by dir, kept within [0, last] (a screen's fields, then its button). */
static inline int view_step(int focus, int dir, int last)
{
    int to = focus + dir;
    return to < 0 ? 0 : to > last ? last : to;
}

/* A row's `when` on the view's state: defines `static bool name(a, v)` returning cond, in which
   `self` is the view (a const T *) and `a` the app. */
#define VIEW_WHEN(name, T, cond)                                                                   \
    static bool name(struct app *a, struct view *v)                                                \
    {                                                                                              \
        const T *self = (const T *)v;                                                              \
        (void)a, (void)self;                                                                       \
        return cond;                                                                               \
    }

#endif
