/* An option's value as the AWS CLI takes it: JSON or shorthand, then shaped by the field table. */
#include "forms/shorthand.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct shape_walk {
    struct problems *out;
    struct buf path; /* "--related-items[1].identifier" */
    bool bad;
};

static void shape_problem(struct shape_walk *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void shape_problem(struct shape_walk *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    problems_vadd(w->out, buf_cstr(&w->path), fmt, ap);
    va_end(ap);
    w->bad = true;
}

/* The row of parent's member key ("relatedItems[]" + "title"), or NULL. */
static const struct field_def *member_of(const struct field_def *parent, const char *key)
{
    if (!*key || strpbrk(key, ".[]"))
        return NULL;
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s.%s", parent->path, key);
    const struct field_def *f = forms_field(buf_cstr(&b));
    buf_free(&b);
    return f;
}

/* "arn, url, ..." in the table's order. */
static void member_names(const struct field_def *parent, struct buf *out)
{
    size_t n = strlen(parent->path);
    for (size_t i = 0; i < forms_nfields; i++) {
        const char *p = forms_fields[i].path;
        if (strncmp(p, parent->path, n) != 0 || p[n] != '.' || strpbrk(p + n + 1, ".["))
            continue;
        buf_printf(out, "%s%s", out->len ? ", " : "", p + n + 1);
    }
}

static const char *json_kind(const json_t *v)
{
    return json_is_array(v) ? "a list" : json_is_object(v) ? "a structure" : "a string";
}

static void shape_value(struct shape_walk *w, const struct field_def *f, json_t *v);

static void shape_object(struct shape_walk *w, const struct field_def *f, json_t *obj)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        const struct field_def *m = member_of(f, key);
        if (!m) {
            struct buf names = BUF_INIT;
            member_names(f, &names);
            shape_problem(w, "unknown key \"%s\" (known keys: %s)", key, buf_cstr(&names));
            buf_free(&names);
            continue;
        }
        size_t mark = w->path.len;
        buf_printf(&w->path, ".%s", key);
        if (m->type == FIELD_LIST && !json_is_array(v)) {
            json_t *one = json_array(); /* a=b where a list belongs: [b], as the CLI does */
            json_array_append(one, v);
            json_object_set_new(obj, key, one);
            v = one;
        } else if (m->type == FIELD_BOOLEAN && json_is_string(v)) {
            if (!strcasecmp(json_string_value(v), "true"))
                json_object_set_new(obj, key, json_true());
            else if (!strcasecmp(json_string_value(v), "false"))
                json_object_set_new(obj, key, json_false());
            v = json_object_get(obj, key); /* anything else: the validator names it */
        }
        shape_value(w, m, v);
        w->path.len = mark;
        w->path.data[mark] = '\0';
    }
}

static const struct field_def *element_of(const struct field_def *list)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s[]", list->path);
    const struct field_def *f = forms_field(buf_cstr(&b));
    buf_free(&b);
    return f;
}

static void shape_value(struct shape_walk *w, const struct field_def *f, json_t *v)
{
    if (f->type == FIELD_STRUCT || f->type == FIELD_UNION) {
        if (json_is_object(v))
            shape_object(w, f, v);
        else
            shape_problem(w, "must be a structure {key=value,...}, not %s", json_kind(v));
    } else if (f->type == FIELD_LIST) {
        const struct field_def *elem = element_of(f);
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            size_t mark = w->path.len;
            buf_printf(&w->path, "[%zu]", i);
            if (elem)
                shape_value(w, elem, item);
            w->path.len = mark;
            w->path.data[mark] = '\0';
        }
    } else if (!json_is_string(v) && !json_is_boolean(v)) {
        shape_problem(w, "must be a single value, not %s (quote it to keep a comma: key=\"a,b\")",
                      json_kind(v));
    }
}

/* Like Python's str.strip()[0]: the first character that is not a blank (string.whitespace),
   or 0. */
static char first_char(const char *s)
{
    while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        s++;
    return *s;
}

static json_t *load_json(const char *text, const char *path, struct problems *p)
{
    json_error_t je;
    json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    if (!v)
        problems_add(p, path, "not valid JSON (line %d, column %d: %s)", je.line, je.column,
                     je.text);
    return v;
}

static json_t *parse_one(const char *text, const char *path, bool json, struct problems *p)
{
    if (json) {
        if (first_char(text) != '{') {
            problems_add(p, path, "not valid JSON: a structure must start with '{'");
            return NULL;
        }
        return load_json(text, path, p);
    }
    struct buf err = BUF_INIT;
    json_t *v = shorthand_parse(text, &err);
    if (!v)
        problems_add(p, path, "%s", buf_cstr(&err));
    buf_free(&err);
    return v;
}

/* The CLI's order: JSON if the first value starts with [ or {, a lone [ list as one JSON
   text, else each value on its own (all JSON objects or all shorthand). */
json_t *shorthand_option(const char *option, enum field_id field, const char *const *values,
                         size_t n, struct problems *p)
{
    const struct field_def *f = forms_field_by_id(field);
    char c = n ? first_char(values[0]) : 0;
    bool json = c == '[' || c == '{';
    if (!f || !n)
        return NULL;
    struct shape_walk w = {p, BUF_INIT, false};
    if (f->type != FIELD_LIST) {
        json_t *v = parse_one(values[0], option, json, p);
        buf_puts(&w.path, option);
        if (v && !json)
            shape_value(&w, f, v);
        buf_free(&w.path);
        if (w.bad)
            json_decref(v);
        return w.bad ? NULL : v;
    }
    if (n == 1 && c == '[')
        return load_json(values[0], option, p);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        buf_reset(&w.path);
        buf_printf(&w.path, "%s[%zu]", option, i);
        json_t *v = parse_one(values[i], buf_cstr(&w.path), json, p);
        w.bad |= !v;
        if (v && !json)
            shape_value(&w, element_of(f), v);
        if (v)
            json_array_append_new(list, v);
    }
    buf_free(&w.path);
    if (w.bad) {
        json_decref(list);
        return NULL;
    }
    return list;
}
