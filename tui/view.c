/* The views' shared parts: allocation, and closing, which several key tables name. */
#include "tui/view.h"

#include "core/xalloc.h"

void *view_new(size_t size, const struct view_ops *ops)
{
    struct view *v = xcalloc(1, size);
    v->ops = ops;
    return v;
}

void view_act_back(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_pop(a); /* v is gone from here on */
}
