/* The views' shared parts: allocation and release, and the acts several key tables name. */
#include "tui/view.h"

#include <stdlib.h>

#include "core/xalloc.h"

void *view_new(size_t size, const struct view_ops *ops)
{
    struct view *v = xcalloc(1, size);
    v->ops = ops;
    return v;
}

void view_free(struct view *v)
{
    if (v->ops->destroy)
        v->ops->destroy(v);
    free(v);
}

void view_act_back(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_pop(a); /* v is gone from here on */
}

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
