/* Key tables: dispatch a key to the first row that applies, and the key line from the same rows. */
#include "tui/keymap.h"

static bool keymap_matches(const struct keymap_row *r, int key)
{
    if (r->key == KM_ANY)
        return true;
    if (r->key2 && key == r->key2)
        return true;
    if (r->key3 && key == r->key3)
        return true;
    if (r->key == KM_CHAR)
        return input_is_char(key);
    if (r->last)
        return key >= r->key && key <= r->last;
    return key == r->key;
}

static bool keymap_applies(const struct keymap_row *r, struct app *a, struct view *v)
{
    return !r->when || r->when(a, v);
}

const struct keymap_row *keymap_find(const struct keymap *m, struct app *a, struct view *v,
                                     const struct tkey *k)
{
    for (size_t i = 0; i < m->n; i++) {
        const struct keymap_row *r = &m->rows[i];
        if (r->act && keymap_matches(r, k->key) && keymap_applies(r, a, v))
            return r;
    }
    return NULL;
}

bool keymap_dispatch(const struct keymap *m, struct app *a, struct view *v, const struct tkey *k)
{
    const struct keymap_row *r = keymap_find(m, a, v, k);
    if (r)
        r->act(a, v, k);
    return r != NULL;
}

size_t keymap_hints(const struct keymap *m, struct app *a, struct view *v, struct keyhint *out,
                    size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n && n < max; i++) {
        const struct keymap_row *r = &m->rows[i];
        if (r->label && keymap_applies(r, a, v))
            out[n++] = (struct keyhint){r->name, r->label};
    }
    return n;
}
