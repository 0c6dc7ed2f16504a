/* JMESPath values: truth, deep equality, type names, text (as Python writes it) and the first
   error, for the evaluator and the built-in functions alike. */
#include "client/jmespath_ast.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "client/pytext.h"
#include "core/xalloc.h"

json_t *jp_fail(struct jp_ctx *c, const char *fmt, ...)
{
    if (*c->err)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    *c->err = xvasprintf(fmt, ap);
    va_end(ap);
    return NULL;
}

int jp_is_number(const json_t *v)
{
    return json_is_integer(v) || json_is_real(v);
}

/* A value's type in JMESPath's words and in Python's (the CLI's messages show both), by
   jansson's type. */
static const struct {
    const char *jmespath, *python;
} type_names[] = {
    [JSON_OBJECT] = {"object", "dict"}, [JSON_ARRAY] = {"array", "list"},
    [JSON_STRING] = {"string", "str"},  [JSON_INTEGER] = {"number", "int"},
    [JSON_REAL] = {"number", "float"},  [JSON_TRUE] = {"boolean", "bool"},
    [JSON_FALSE] = {"boolean", "bool"}, [JSON_NULL] = {"null", "NoneType"},
};

static size_t type_index(const json_t *v)
{
    size_t t = (size_t)json_typeof(v);
    return t < sizeof type_names / sizeof type_names[0] ? t : (size_t)JSON_NULL;
}

const char *jp_type_name(const json_t *v)
{
    return type_names[type_index(v)].jmespath;
}

const char *jp_pytype_name(const json_t *v)
{
    return type_names[type_index(v)].python;
}

char *jp_dumps(const json_t *v)
{
    struct buf b = BUF_INIT;
    pytext_dumps(&b, v);
    return buf_steal(&b);
}

char *jp_pystr(const json_t *v)
{
    if (!v)
        return strdup("None");
    if (json_is_string(v))
        return strdup(json_string_value(v));
    struct buf b = BUF_INIT;
    pytext_repr(&b, v);
    return buf_steal(&b);
}

int jp_truthy(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return json_object_size(v) > 0;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    case JSON_STRING:
        return json_string_length(v) > 0;
    case JSON_FALSE:
    case JSON_NULL:
        return 0;
    default:
        return 1;
    }
}

static int num_equal(const json_t *a, const json_t *b)
{
    if (json_is_integer(a) && json_is_integer(b))
        return json_integer_value(a) == json_integer_value(b);
    return json_number_value(a) == json_number_value(b);
}

static int object_equal(const json_t *a, const json_t *b)
{
    const char *key;
    json_t *va;
    if (json_object_size(a) != json_object_size(b))
        return 0;
    json_object_foreach((json_t *)a, key, va)
    {
        const json_t *vb = json_object_get(b, key);
        if (!vb || !jp_equal(va, vb))
            return 0;
    }
    return 1;
}

static int array_equal(const json_t *a, const json_t *b)
{
    size_t n = json_array_size(a);
    if (n != json_array_size(b))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!jp_equal(json_array_get(a, i), json_array_get(b, i)))
            return 0;
    return 1;
}

/* Deep equality in JSON's terms: 1 equals 1.0, key order does not matter. */
int jp_equal(const json_t *a, const json_t *b)
{
    if (jp_is_number(a) && jp_is_number(b))
        return num_equal(a, b);
    if (json_typeof(a) != json_typeof(b))
        return 0;
    switch (json_typeof(a)) {
    case JSON_STRING:
        return json_string_length(a) == json_string_length(b) &&
               memcmp(json_string_value(a), json_string_value(b), json_string_length(a)) == 0;
    case JSON_ARRAY:
        return array_equal(a, b);
    case JSON_OBJECT:
        return object_equal(a, b);
    default:
        return 1;
    }
}
