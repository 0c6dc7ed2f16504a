/* JMESPath evaluator: walks the AST over a jansson document. */
#include "client/jmespath.h"
#include "client/jmespath_ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static json_t *field(const struct jp_node *n, json_t *v)
{
    json_t *r = json_is_object(v) ? json_object_get(v, n->name) : NULL;
    return r ? json_incref(r) : json_null();
}

static json_t *index_of(const struct jp_node *n, json_t *v)
{
    if (!json_is_array(v))
        return json_null();
    long len = (long)json_array_size(v), i = n->idx < 0 ? len + n->idx : n->idx;
    json_t *r = i >= 0 && i < len ? json_array_get(v, (size_t)i) : NULL;
    return r ? json_incref(r) : json_null();
}

/* One bound of a slice, as Python's slice.indices() computes it. */
static long slice_bound(long x, long len, long lower, long upper)
{
    if (x < 0) {
        x += len;
        return x < lower ? lower : x;
    }
    return x > upper ? upper : x;
}

static json_t *slice(struct jp_ctx *c, const struct jp_node *n, json_t *v)
{
    long step = n->has[2] ? n->sl[2] : 1;
    if (step == 0)
        return jp_fail(c, "slice step cannot be zero");
    if (!json_is_array(v))
        return json_null();
    long len = (long)json_array_size(v);
    long lower = step < 0 ? -1 : 0, upper = step < 0 ? len - 1 : len;
    long start = n->has[0] ? slice_bound(n->sl[0], len, lower, upper) : step < 0 ? upper : lower;
    long stop = n->has[1] ? slice_bound(n->sl[1], len, lower, upper) : step < 0 ? lower : upper;
    json_t *out = json_array();
    for (long i = start; out && (step > 0 ? i < stop : i > stop); i += step)
        json_array_append(out, json_array_get(v, (size_t)i));
    return out;
}

/* Apply each child in turn to the previous one's result. */
static json_t *chain(struct jp_ctx *c, const struct jp_node *n, json_t *v)
{
    json_t *r = json_incref(v);
    for (size_t i = 0; r && i < n->nkids; i++) {
        json_t *next = jp_eval(c, n->kids[i], r);
        json_decref(r);
        r = next;
    }
    return r;
}

/* Append R (stolen) to OUT unless it is null; -1 on error. */
static int collect(json_t *out, json_t *r)
{
    if (!r)
        return -1;
    if (json_is_null(r))
        return 0;
    return json_array_append_new(out, r);
}

/* Projections: the right side over each element of the left (an object's values for VALUES),
   kept where COND (if any) holds, nulls dropped. */
static json_t *project(struct jp_ctx *c, const struct jp_node *n, json_t *v, int values,
                       const struct jp_node *cond)
{
    json_t *base = jp_eval(c, n->kids[0], v);
    if (!base || !(values ? json_is_object(base) : json_is_array(base))) {
        json_decref(base);
        return base ? json_null() : NULL;
    }
    json_t *list = values ? json_array() : json_incref(base), *out = json_array(), *e;
    const char *key;
    if (values)
        json_object_foreach(base, key, e) json_array_append(list, e);
    size_t i;
    json_array_foreach(list, i, e)
    {
        json_t *keep = cond ? jp_eval(c, cond, e) : json_true();
        int ok = keep && (!jp_truthy(keep) || collect(out, jp_eval(c, n->kids[1], e)) == 0);
        json_decref(keep);
        if (!ok) {
            json_decref(out);
            out = NULL;
            break;
        }
    }
    json_decref(list);
    json_decref(base);
    return out;
}

static json_t *flatten(struct jp_ctx *c, const struct jp_node *n, json_t *v)
{
    json_t *base = jp_eval(c, n->kids[0], v), *e;
    if (!base || !json_is_array(base)) {
        json_decref(base);
        return base ? json_null() : NULL;
    }
    json_t *out = json_array();
    size_t i;
    json_array_foreach(base, i, e)
    {
        if (json_is_array(e))
            json_array_extend(out, e);
        else
            json_array_append(out, e);
    }
    json_decref(base);
    return out;
}

static json_t *multi_select(struct jp_ctx *c, const struct jp_node *n, json_t *v)
{
    if (json_is_null(v))
        return json_null();
    int hash = n->kind == JN_MULTI_HASH;
    json_t *out = hash ? json_object() : json_array();
    for (size_t i = 0; out && i < n->nkids; i++) {
        json_t *r = jp_eval(c, n->kids[i], v);
        int rc = !r     ? -1
                 : hash ? json_object_set_new(out, n->keys[i], r)
                        : json_array_append_new(out, r);
        if (rc < 0) {
            json_decref(out);
            out = NULL;
        }
    }
    return out;
}

/* Ordering holds between two numbers or two strings (as the AWS CLI allows); else null. */
static json_t *order(enum jp_tok op, const json_t *a, const json_t *b)
{
    int cmp;
    if (jp_is_number(a) && jp_is_number(b)) {
        double x = json_number_value(a), y = json_number_value(b);
        if (json_is_integer(a) && json_is_integer(b))
            cmp = (json_integer_value(a) > json_integer_value(b)) -
                  (json_integer_value(a) < json_integer_value(b));
        else
            cmp = (x > y) - (x < y);
    } else if (json_is_string(a) && json_is_string(b)) {
        cmp = strcmp(json_string_value(a), json_string_value(b));
    } else {
        return json_null();
    }
    switch (op) {
    case JT_LT:
        return json_boolean(cmp < 0);
    case JT_LTE:
        return json_boolean(cmp <= 0);
    case JT_GT:
        return json_boolean(cmp > 0);
    default:
        return json_boolean(cmp >= 0);
    }
}

static json_t *compare(struct jp_ctx *c, const struct jp_node *n, json_t *v)
{
    json_t *a = jp_eval(c, n->kids[0], v);
    json_t *b = a ? jp_eval(c, n->kids[1], v) : NULL;
    json_t *r = NULL;
    if (a && b) {
        if (n->op == JT_EQ || n->op == JT_NE)
            r = json_boolean(jp_equal(a, b) == (n->op == JT_EQ));
        else
            r = order(n->op, a, b);
    }
    json_decref(a);
    json_decref(b);
    return r;
}

/* a || b, a && b: the left side decides whether the right one is evaluated. */
static json_t *logic(struct jp_ctx *c, const struct jp_node *n, json_t *v)
{
    json_t *a = jp_eval(c, n->kids[0], v);
    if (!a || jp_truthy(a) == (n->kind == JN_OR))
        return a;
    json_decref(a);
    return jp_eval(c, n->kids[1], v);
}

static json_t *function(struct jp_ctx *c, const struct jp_node *n, json_t *v)
{
    struct jp_arg *args = calloc(n->nkids ? n->nkids : 1, sizeof *args);
    if (!args)
        return jp_fail(c, "out of memory");
    int ok = 1;
    for (size_t i = 0; ok && i < n->nkids; i++) {
        if (n->kids[i]->kind == JN_EXPREF)
            args[i].expref = n->kids[i]->kids[0];
        else
            ok = (args[i].v = jp_eval(c, n->kids[i], v)) != NULL;
    }
    json_t *r = ok ? jp_call(c, n->name, args, n->nkids) : NULL;
    for (size_t i = 0; i < n->nkids; i++)
        json_decref(args[i].v);
    free(args);
    return r;
}

static json_t *dispatch(struct jp_ctx *c, const struct jp_node *n, json_t *v)
{
    json_t *r;
    switch (n->kind) {
    case JN_FIELD:
        return field(n, v);
    case JN_INDEX:
        return index_of(n, v);
    case JN_SLICE:
        return slice(c, n, v);
    case JN_CURRENT:
        return json_incref(v);
    case JN_LITERAL:
        return json_incref(n->lit);
    case JN_SUBEXPR:
    case JN_INDEX_EXPR:
    case JN_PIPE:
        return chain(c, n, v);
    case JN_PROJECTION:
        return project(c, n, v, 0, NULL);
    case JN_VALUE_PROJ:
        return project(c, n, v, 1, NULL);
    case JN_FILTER_PROJ:
        return project(c, n, v, 0, n->kids[2]);
    case JN_FLATTEN:
        return flatten(c, n, v);
    case JN_MULTI_LIST:
    case JN_MULTI_HASH:
        return multi_select(c, n, v);
    case JN_OR:
    case JN_AND:
        return logic(c, n, v);
    case JN_NOT:
        if (!(r = jp_eval(c, n->kids[0], v)))
            return NULL;
        int truth = jp_truthy(r);
        json_decref(r);
        return json_boolean(!truth);
    case JN_CMP:
        return compare(c, n, v);
    case JN_FUNCTION:
        return function(c, n, v);
    default:
        return json_null(); /* a bare &expr outside a function has no JSON value */
    }
}

json_t *jp_eval(struct jp_ctx *c, const struct jp_node *n, json_t *v)
{
    if (c->depth >= 4 * JP_MAX_DEPTH)
        return jp_fail(c, "Expression nested too deeply");
    c->depth++;
    json_t *r = dispatch(c, n, v);
    c->depth--;
    if (!r && !*c->err)
        jp_fail(c, "out of memory");
    return r;
}

json_t *jmespath_search(const struct jmespath *q, json_t *doc, char **err)
{
    /* The functions reach the evaluator through the context (for &expr arguments). */
    struct jp_ctx c = {.err = err, .eval = jp_eval};
    *err = NULL;
    return jp_eval(&c, q->root, doc ? doc : json_null());
}
