/* JMESPath built-in functions: the table of signatures, the type checks, and each function. */
#include "client/jmespath_ast.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* Argument types a signature accepts, as bits. */
enum {
    T_NUM = 1 << 0,
    T_STR = 1 << 1,
    T_BOOL = 1 << 2,
    T_NULL = 1 << 3,
    T_ARR = 1 << 4,
    T_OBJ = 1 << 5,
    T_EXPREF = 1 << 6,
    T_ARR_NUM = 1 << 7,
    T_ARR_STR = 1 << 8,
    T_ANY = T_NUM | T_STR | T_BOOL | T_NULL | T_ARR | T_OBJ
};

#define MAX_PARAMS 2

struct jp_func {
    const char *name;
    int nparams, variadic;
    unsigned types[MAX_PARAMS];
    const char *names[MAX_PARAMS]; /* the types as the error message lists them */
    json_t *(*fn)(struct jp_ctx *c, struct jp_arg *a, size_t n);
};

/* A number as jansson holds it: an integer when it is whole and fits, else a real. */
static json_t *number(double x)
{
    if (x == floor(x) && fabs(x) < 9007199254740992.0)
        return json_integer((json_int_t)x);
    return json_real(x);
}

static json_t *fn_abs(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c, (void)n;
    if (json_is_integer(a[0].v)) {
        json_int_t i = json_integer_value(a[0].v);
        return i < 0 && i != INT64_MIN ? json_integer(-i) : json_incref(a[0].v);
    }
    return json_real(fabs(json_real_value(a[0].v)));
}

static json_t *fn_sum(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c, (void)n;
    json_t *e;
    size_t i;
    json_int_t isum = 0;
    double dsum = 0;
    int all_int = 1;
    json_array_foreach(a[0].v, i, e)
    {
        all_int &= json_is_integer(e);
        isum += json_is_integer(e) ? json_integer_value(e) : 0;
        dsum += json_number_value(e);
    }
    return all_int ? json_integer(isum) : json_real(dsum);
}

static json_t *fn_avg(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    size_t len = json_array_size(a[0].v);
    if (!len)
        return json_null();
    json_t *sum = fn_sum(c, a, n);
    double avg = json_number_value(sum) / (double)len;
    json_decref(sum);
    return json_real(avg);
}

static json_t *fn_ceil(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c, (void)n;
    return json_is_integer(a[0].v) ? json_incref(a[0].v) : number(ceil(json_real_value(a[0].v)));
}

static json_t *fn_floor(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c, (void)n;
    return json_is_integer(a[0].v) ? json_incref(a[0].v) : number(floor(json_real_value(a[0].v)));
}

static json_t *fn_contains(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c, (void)n;
    if (json_is_string(a[0].v))
        return json_boolean(json_is_string(a[1].v) &&
                            strstr(json_string_value(a[0].v), json_string_value(a[1].v)));
    json_t *e;
    size_t i;
    json_array_foreach(a[0].v, i, e) if (jp_equal(e, a[1].v)) return json_true();
    return json_false();
}

static json_t *fn_ends_with(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c, (void)n;
    size_t ls = json_string_length(a[0].v), lx = json_string_length(a[1].v);
    return json_boolean(lx <= ls && memcmp(json_string_value(a[0].v) + ls - lx,
                                           json_string_value(a[1].v), lx) == 0);
}

static json_t *fn_starts_with(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c, (void)n;
    size_t ls = json_string_length(a[0].v), lx = json_string_length(a[1].v);
    return json_boolean(lx <= ls &&
                        memcmp(json_string_value(a[0].v), json_string_value(a[1].v), lx) == 0);
}

static json_t *fn_join(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    size_t len = 1, seplen = json_string_length(a[0].v), i;
    json_t *e;
    json_array_foreach(a[1].v, i, e) len += json_string_length(e) + seplen;
    char *buf = malloc(len), *w = buf;
    if (!buf)
        return jp_fail(c, "out of memory");
    json_array_foreach(a[1].v, i, e)
    {
        if (i) {
            memcpy(w, json_string_value(a[0].v), seplen);
            w += seplen;
        }
        memcpy(w, json_string_value(e), json_string_length(e));
        w += json_string_length(e);
    }
    json_t *r = json_stringn(buf, (size_t)(w - buf));
    free(buf);
    return r;
}

static json_t *fn_keys_values(struct jp_ctx *c, struct jp_arg *a, int keys)
{
    (void)c;
    json_t *out = json_array(), *v;
    const char *key;
    json_object_foreach(a[0].v, key, v)
        json_array_append_new(out, keys ? json_string(key) : json_incref(v));
    return out;
}

static json_t *fn_keys(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    return fn_keys_values(c, a, 1);
}

static json_t *fn_values(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    return fn_keys_values(c, a, 0);
}

static json_t *fn_length(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c, (void)n;
    json_t *v = a[0].v;
    if (json_is_string(v))
        return json_integer((json_int_t)utf8_count(json_string_value(v), json_string_length(v)));
    return json_integer((json_int_t)(json_is_array(v) ? json_array_size(v) : json_object_size(v)));
}

static json_t *fn_map(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    json_t *out = json_array(), *e;
    size_t i;
    json_array_foreach(a[1].v, i, e)
    {
        json_t *r = c->eval(c, a[0].expref, e);
        if (!r || json_array_append_new(out, r) < 0) {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}

static json_t *fn_merge(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c;
    json_t *out = json_object();
    for (size_t i = 0; out && i < n; i++)
        json_object_update(out, a[i].v);
    return out;
}

static json_t *fn_not_null(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c;
    for (size_t i = 0; i < n; i++)
        if (!json_is_null(a[i].v))
            return json_incref(a[i].v);
    return json_null();
}

/* Reverse an array, or a string by characters (each UTF-8 sequence kept whole). */
static json_t *fn_reverse(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    json_t *v = a[0].v;
    if (json_is_array(v)) {
        json_t *out = json_array();
        for (size_t i = json_array_size(v); out && i-- > 0;)
            json_array_append(out, json_array_get(v, i));
        return out;
    }
    size_t len = json_string_length(v);
    const char *s = json_string_value(v);
    char *buf = malloc(len + 1);
    if (!buf)
        return jp_fail(c, "out of memory");
    char *w = buf + len;
    for (size_t i = 0; i < len;) {
        size_t k = 1;
        while (i + k < len && ((unsigned char)s[i + k] & 0xC0) == 0x80)
            k++;
        w -= k;
        memcpy(w, s + i, k);
        i += k;
    }
    json_t *r = json_stringn(buf, len);
    free(buf);
    return r;
}

static json_t *fn_to_array(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c, (void)n;
    if (json_is_array(a[0].v))
        return json_incref(a[0].v);
    json_t *out = json_array();
    json_array_append(out, a[0].v);
    return out;
}

static json_t *fn_to_string(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)n;
    if (json_is_string(a[0].v))
        return json_incref(a[0].v);
    char *s = jp_dumps(a[0].v);
    json_t *r = s ? json_string(s) : jp_fail(c, "out of memory");
    free(s);
    return r;
}

/* A string's number as Python's int() then float() read it; null when it is neither. */
static json_t *parse_number(const char *s)
{
    char *end;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (!*s)
        return json_null();
    long long i = strtoll(s, &end, 10);
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
        end++;
    if (!*end && end != s)
        return json_integer((json_int_t)i);
    double d = strtod(s, &end);
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
        end++;
    if (*end || end == s || !isfinite(d))
        return json_null();
    return json_real(d);
}

static json_t *fn_to_number(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c, (void)n;
    if (jp_is_number(a[0].v))
        return json_incref(a[0].v);
    if (json_is_string(a[0].v))
        return parse_number(json_string_value(a[0].v));
    return json_null();
}

static json_t *fn_type(struct jp_ctx *c, struct jp_arg *a, size_t n)
{
    (void)c, (void)n;
    return json_string(jp_type_name(a[0].v));
}

#define SIG1(t, s)                                                                                 \
    {t},                                                                                           \
    {                                                                                              \
        s                                                                                          \
    }
#define SIG2(t, s, u, v)                                                                           \
    {t, u},                                                                                        \
    {                                                                                              \
        s, v                                                                                       \
    }
static const struct jp_func funcs[] = {
    {"abs", 1, 0, SIG1(T_NUM, "['number']"), fn_abs},
    {"avg", 1, 0, SIG1(T_ARR_NUM, "['array-number']"), fn_avg},
    {"ceil", 1, 0, SIG1(T_NUM, "['number']"), fn_ceil},
    {"contains", 2, 0, SIG2(T_ARR | T_STR, "['array', 'string']", T_ANY, "[]"), fn_contains},
    {"ends_with", 2, 0, SIG2(T_STR, "['string']", T_STR, "['string']"), fn_ends_with},
    {"floor", 1, 0, SIG1(T_NUM, "['number']"), fn_floor},
    {"join", 2, 0, SIG2(T_STR, "['string']", T_ARR_STR, "['array-string']"), fn_join},
    {"keys", 1, 0, SIG1(T_OBJ, "['object']"), fn_keys},
    {"length", 1, 0, SIG1(T_STR | T_ARR | T_OBJ, "['string', 'array', 'object']"), fn_length},
    {"map", 2, 0, SIG2(T_EXPREF, "['expref']", T_ARR, "['array']"), fn_map},
    {"max", 1, 0, SIG1(T_ARR_NUM | T_ARR_STR, "['array-number', 'array-string']"), jp_max_fn},
    {"max_by", 2, 0, SIG2(T_ARR, "['array']", T_EXPREF, "['expref']"), jp_max_by_fn},
    {"merge", 1, 1, SIG1(T_OBJ, "['object']"), fn_merge},
    {"min", 1, 0, SIG1(T_ARR_NUM | T_ARR_STR, "['array-number', 'array-string']"), jp_min_fn},
    {"min_by", 2, 0, SIG2(T_ARR, "['array']", T_EXPREF, "['expref']"), jp_min_by_fn},
    {"not_null", 1, 1, SIG1(T_ANY, "[]"), fn_not_null},
    {"reverse", 1, 0, SIG1(T_ARR | T_STR, "['array', 'string']"), fn_reverse},
    {"sort", 1, 0, SIG1(T_ARR_STR | T_ARR_NUM, "['array-string', 'array-number']"), jp_sort_fn},
    {"sort_by", 2, 0, SIG2(T_ARR, "['array']", T_EXPREF, "['expref']"), jp_sort_by_fn},
    {"starts_with", 2, 0, SIG2(T_STR, "['string']", T_STR, "['string']"), fn_starts_with},
    {"sum", 1, 0, SIG1(T_ARR_NUM, "['array-number']"), fn_sum},
    {"to_array", 1, 0, SIG1(T_ANY, "[]"), fn_to_array},
    {"to_number", 1, 0, SIG1(T_ANY, "[]"), fn_to_number},
    {"to_string", 1, 0, SIG1(T_ANY, "[]"), fn_to_string},
    {"type", 1, 0, SIG1(T_ANY, "[]"), fn_type},
    {"values", 1, 0, SIG1(T_OBJ, "['object']"), fn_values},
};

static unsigned type_bit(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return T_OBJ;
    case JSON_ARRAY:
        return T_ARR;
    case JSON_STRING:
        return T_STR;
    case JSON_INTEGER:
    case JSON_REAL:
        return T_NUM;
    case JSON_TRUE:
    case JSON_FALSE:
        return T_BOOL;
    default:
        return T_NULL;
    }
}

static json_t *type_error(struct jp_ctx *c, const struct jp_func *f, const json_t *v,
                          const char *type, const char *expected)
{
    char *text = v ? jp_pystr(v) : NULL;
    jp_fail(c,
            "In function %s(), invalid type for value: %s, expected one of: %s, received: "
            "\"%s\"",
            f->name, text ? text : "<expression>", expected, type);
    free(text);
    return NULL;
}

/* An array whose elements must all be of one element type that WANT allows. */
static json_t *check_elements(struct jp_ctx *c, const struct jp_func *f, const json_t *arr,
                              unsigned want, const char *names)
{
    json_t *e;
    size_t i;
    unsigned first = 0;
    json_array_foreach(arr, i, e)
    {
        unsigned t = type_bit(e);
        int ok = i ? t == first
                   : ((t == T_NUM && (want & T_ARR_NUM)) || (t == T_STR && (want & T_ARR_STR)));
        if (!ok)
            return type_error(c, f, e, jp_pytype_name(e), names); /* sic: the CLI's words */
        first = t;
    }
    return json_null();
}

static json_t *check_arg(struct jp_ctx *c, const struct jp_func *f, const struct jp_arg *a,
                         unsigned want, const char *names)
{
    if (a->expref)
        return want & T_EXPREF ? json_null() : type_error(c, f, NULL, "expref", names);
    if (want & T_EXPREF)
        return type_error(c, f, a->v, jp_type_name(a->v), names);
    unsigned t = type_bit(a->v), arrays = want & (T_ARR_NUM | T_ARR_STR);
    if (!(want & t) && !(arrays && t == T_ARR))
        return type_error(c, f, a->v, jp_type_name(a->v), names);
    if (arrays && !(want & T_ARR))
        return check_elements(c, f, a->v, arrays, names);
    return json_null();
}

json_t *jp_call(struct jp_ctx *c, const char *name, struct jp_arg *args, size_t n)
{
    const struct jp_func *f = NULL;
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0] && !f; i++)
        if (strcmp(funcs[i].name, name) == 0)
            f = &funcs[i];
    if (!f)
        return jp_fail(c, "Unknown function: %s()", name);
    size_t want = (size_t)f->nparams;
    if (f->variadic ? n < want : n != want)
        return jp_fail(c, "Expected %s%zu argument%s for function %s(), received %zu",
                       f->variadic ? "at least " : "", want, want == 1 ? "" : "s", name, n);
    for (size_t i = 0; i < n; i++) {
        size_t k = i < want ? i : want - 1; /* variadic: the last type repeats */
        if (!check_arg(c, f, &args[i], f->types[k], f->names[k]))
            return NULL;
    }
    return f->fn(c, args, n);
}
