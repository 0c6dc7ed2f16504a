/* --output text, as awscli/text.py writes it: one tab-separated line per structure, scalar keys
   sorted, each nested list or structure on lines of its own named by its key in capitals. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"

static void text_item(struct buf *b, const json_t *v, const char *id, const json_t *keys);

static bool text_scalar(const json_t *v)
{
    return !json_is_object(v) && !json_is_array(v);
}

static void text_id(struct buf *b, const char *id)
{
    for (const char *p = id; *p; p++)
        buf_putc(b, (char)toupper((unsigned char)*p));
}

static int text_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of o (scalar-valued ones when scalar, else the others), sorted, in a new array. */
static json_t *text_keys(const json_t *o, bool scalar)
{
    size_t n = 0, i = 0;
    const char **v = calloc(json_object_size(o) + 1, sizeof *v);
    const char *k;
    json_t *e;
    json_object_foreach((json_t *)o, k, e) if (text_scalar(e) == scalar) v[n++] = k;
    qsort(v, n, sizeof *v, text_cmp);
    json_t *out = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(out, json_string(v[i]));
    free(v);
    return out;
}

/* _all_scalar_keys: the union of the dicts' scalar keys, sorted. */
static json_t *text_all_scalar_keys(const json_t *list)
{
    json_t *set = json_object();
    size_t i;
    const json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *k;
        json_t *x;
        if (json_is_object(e))
            json_object_foreach((json_t *)e, k, x) if (text_scalar(x))
                json_object_set_new(set, k, json_null());
    }
    json_t *keys = text_keys(set, true);
    json_decref(set);
    return keys;
}

static void text_scalar_list(struct buf *b, const json_t *list, const char *id)
{
    size_t i;
    const json_t *e;
    bool first = true;
    json_array_foreach(list, i, e)
    {
        if (!text_scalar(e))
            continue;
        if (id) {
            text_id(b, id);
            buf_putc(b, '\t');
        } else if (!first) {
            buf_putc(b, '\t');
        }
        first = false;
        out_scalar_str(b, e);
        if (id)
            buf_putc(b, '\n');
    }
    if (!id)
        buf_putc(b, '\n');
}

static void text_list(struct buf *b, const json_t *list, const char *id)
{
    size_t i, dicts = 0, lists = 0, scalars = 0;
    const json_t *e;
    json_array_foreach(list, i, e)
    {
        dicts += json_is_object(e);
        lists += json_is_array(e);
        scalars += text_scalar(e);
    }
    if (json_array_size(list) == 0)
        return;
    if (dicts) {
        json_t *keys = text_all_scalar_keys(list);
        json_array_foreach(list, i, e) text_item(b, e, id, keys);
        json_decref(keys);
        return;
    }
    if (!lists) {
        text_scalar_list(b, list, id);
        return;
    }
    if (scalars)
        text_scalar_list(b, list, id);
    json_array_foreach(list, i, e) if (!text_scalar(e)) text_item(b, e, id, NULL);
}

static void text_dict(struct buf *b, const json_t *o, const char *id, const json_t *keys)
{
    json_t *own = keys ? NULL : text_keys(o, true);
    const json_t *sk = keys ? keys : own;
    if (json_array_size(sk)) {
        if (id) {
            text_id(b, id);
            buf_putc(b, '\t');
        }
        size_t i;
        const json_t *k;
        json_array_foreach(sk, i, k)
        {
            const json_t *v = json_object_get(o, json_string_value(k));
            if (i)
                buf_putc(b, '\t');
            if (v)
                out_scalar_str(b, v);
        }
        buf_putc(b, '\n');
    }
    /* Then every other key, sorted, each on lines of its own (_partition_dict). */
    json_t *rest = json_object();
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)o, name, v)
    {
        bool listed = false;
        size_t i;
        const json_t *k;
        json_array_foreach(sk, i, k) listed |= !strcmp(json_string_value(k), name);
        if (!listed)
            json_object_set_new(rest, name, json_null());
    }
    json_t *names = text_keys(rest, true);
    size_t i;
    const json_t *k;
    json_array_foreach(names, i, k)
    {
        name = json_string_value(k);
        text_item(b, json_object_get(o, name), name, NULL);
    }
    json_decref(names);
    json_decref(rest);
    json_decref(own);
}

static void text_item(struct buf *b, const json_t *v, const char *id, const json_t *keys)
{
    if (json_is_object(v))
        text_dict(b, v, id, keys);
    else if (json_is_array(v))
        text_list(b, v, id);
    else {
        out_scalar_str(b, v);
        buf_putc(b, '\n');
    }
}

void out_text(struct buf *b, const json_t *v)
{
    text_item(b, v, NULL, NULL);
}
