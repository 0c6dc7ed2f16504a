/* JMESPath ordering functions: sort, sort_by, min, max, min_by, max_by (stable, as Python's). */
#include "client/jmespath_ast.h"

#include <stdlib.h>
#include <string.h>

struct item {
    json_t *key; /* a number or a string; all keys of one sort have one type */
    json_t *val;
    size_t pos; /* the original position: equal keys keep their order */
};

static int key_cmp(const json_t *x, const json_t *y)
{
    if (json_is_string(x))
        return strcmp(json_string_value(x), json_string_value(y));
    if (json_is_integer(x) && json_is_integer(y))
        return (json_integer_value(x) > json_integer_value(y)) -
               (json_integer_value(x) < json_integer_value(y));
    double p = json_number_value(x), q = json_number_value(y);
    return (p > q) - (p < q);
}

static int item_cmp(const void *pa, const void *pb)
{
    const struct item *a = pa, *b = pb;
    int r = key_cmp(a->key, b->key);
    return r ? r : (a->pos > b->pos) - (a->pos < b->pos);
}

static void items_free(struct item *it, size_t n, int own_keys)
{
    for (size_t i = 0; own_keys && it && i < n; i++)
        json_decref(it[i].key);
    free(it);
}

/* The CLI's message for a bad key K, showing the value V (the key, or sort_by's element). */
static json_t *key_type_error(struct jp_ctx *c, const char *fn, const json_t *v, const json_t *k,
                              const char *expected)
{
    char *text = jp_pystr(v);
    jp_fail(c,
            "In function %s(), invalid type for value: %s, expected one of: %s, received: "
            "\"%s\"",
            fn, text ? text : "?", expected, jp_type_name(k));
    free(text);
    return NULL;
}

/* Items of ARR keyed by EXPR (or by themselves); every key a number, or every key a string.
   The messages follow the CLI's: sort_by (SORT_BY) names the first element when its key is
   wrong, then wants the first key's type of the rest. */
static struct item *keyed(struct jp_ctx *c, const char *fn, json_t *arr, const struct jp_node *expr,
                          int sort_by)
{
    size_t n = json_array_size(arr);
    struct item *it = calloc(n ? n : 1, sizeof *it);
    if (!it) {
        jp_fail(c, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        it[i].val = json_array_get(arr, i);
        it[i].pos = i;
        it[i].key = expr ? c->eval(c, expr, it[i].val) : json_incref(it[i].val);
        const json_t *k = it[i].key;
        int ok = k && (json_is_string(k) || jp_is_number(k));
        int same = ok && (!i || json_is_string(k) == json_is_string(it[0].key));
        if (!same) {
            const char *want = !ok                         ? "['number', 'string']"
                               : json_is_string(it[0].key) ? "['string']"
                                                           : "['number']";
            if (sort_by && i == 0)
                want = "['string', 'number']";
            else if (sort_by && !ok)
                want = json_is_string(it[0].key) ? "['string']" : "['number']";
            if (k)
                key_type_error(c, fn, sort_by && i == 0 ? it[i].val : k, k, want);
            items_free(it, i + 1, 1);
            return NULL;
        }
    }
    return it;
}

static json_t *sorted(struct jp_ctx *c, const char *fn, json_t *arr, const struct jp_node *expr)
{
    size_t n = json_array_size(arr);
    struct item *it = keyed(c, fn, arr, expr, strcmp(fn, "sort_by") == 0);
    if (!it)
        return NULL;
    qsort(it, n, sizeof *it, item_cmp);
    json_t *out = json_array();
    for (size_t i = 0; out && i < n; i++)
        json_array_append(out, it[i].val);
    items_free(it, n, 1);
    return out;
}

/* The least (SIGN -1) or greatest (SIGN 1) element by key; the first of equals; null if none. */
static json_t *extreme(struct jp_ctx *c, const char *fn, json_t *arr, const struct jp_node *expr,
                       int sign)
{
    size_t n = json_array_size(arr), best = 0;
    if (!n)
        return json_null();
    struct item *it = keyed(c, fn, arr, expr, 0);
    if (!it)
        return NULL;
    for (size_t i = 1; i < n; i++)
        if (key_cmp(it[i].key, it[best].key) * sign > 0)
            best = i;
    json_t *r = json_incref(it[best].val);
    items_free(it, n, 1);
    return r;
}

json_t *jp_sort_fn(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    return sorted(c, "sort", a[0].v, NULL);
}

json_t *jp_sort_by_fn(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    return sorted(c, "sort_by", a[0].v, a[1].expref);
}

json_t *jp_min_fn(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    return extreme(c, "min", a[0].v, NULL, -1);
}

json_t *jp_max_fn(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    return extreme(c, "max", a[0].v, NULL, 1);
}

json_t *jp_min_by_fn(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    return extreme(c, "min_by", a[0].v, a[1].expref, -1);
}

json_t *jp_max_by_fn(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    return extreme(c, "max_by", a[0].v, a[1].expref, 1);
}
