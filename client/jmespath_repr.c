/* JMESPath values as text: compact JSON for to_string(), and Python's repr for error messages,
   so a bad --query reads as the AWS CLI (whose engine is Python) prints it. */
#include "client/jmespath_ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/pyfloat.h"
#include "core/utf8.h"

/* A JSON string as Python's json.dumps writes it: ASCII only, \u escapes in lower case. */
static void json_string_ascii(struct buf *b, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    buf_putc(b, '"');
    for (size_t i = 0, n; i < len; i += n) {
        unsigned u;
        n = utf8_decode((const char *)s + i, len - i, &u);
        unsigned long cp = n ? u : 0xFFFD; /* jansson's strings are valid UTF-8 */
        n = n ? n : 1;
        const char *esc = cp == '"'    ? "\\\""
                          : cp == '\\' ? "\\\\"
                          : cp == '\n' ? "\\n"
                          : cp == '\r' ? "\\r"
                          : cp == '\t' ? "\\t"
                          : cp == '\b' ? "\\b"
                          : cp == '\f' ? "\\f"
                                       : NULL;
        if (esc)
            buf_puts(b, esc);
        else if (cp >= 0x10000)
            buf_printf(b, "\\u%04lx\\u%04lx", 0xD800 + ((cp - 0x10000) >> 10),
                       0xDC00 + ((cp - 0x10000) & 0x3FF));
        else if (cp < 0x20 || cp > 0x7E) /* all but space to ~, as Python escapes */
            buf_printf(b, "\\u%04lx", cp);
        else
            buf_putc(b, (char)cp);
    }
    buf_putc(b, '"');
}

static void dumps(struct buf *b, const json_t *v)
{
    const char *key;
    json_t *e;
    size_t i = 0;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        buf_putc(b, '{');
        json_object_foreach((json_t *)v, key, e)
        {
            buf_puts(b, i++ ? "," : "");
            json_string_ascii(b, key, strlen(key));
            buf_putc(b, ':');
            dumps(b, e);
        }
        buf_putc(b, '}');
        break;
    case JSON_ARRAY:
        buf_putc(b, '[');
        json_array_foreach((json_t *)v, i, e)
        {
            buf_puts(b, i ? "," : "");
            dumps(b, e);
        }
        buf_putc(b, ']');
        break;
    case JSON_STRING:
        json_string_ascii(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        pyfloat_repr(b, json_real_value(v));
        break;
    case JSON_TRUE:
        buf_puts(b, "true");
        break;
    case JSON_FALSE:
        buf_puts(b, "false");
        break;
    default:
        buf_puts(b, "null");
    }
}

/* Compact JSON as Python's json.dumps(separators=(',', ':')) writes it, for to_string(). */
char *jp_dumps(const json_t *v)
{
    struct buf b = BUF_INIT;
    dumps(&b, v);
    return buf_steal(&b);
}

/* Python's repr of a str: single quotes unless the text holds one and no double quote. */
static void repr_string(struct buf *b, const char *s, size_t len)
{
    char q = memchr(s, '\'', len) && !memchr(s, '"', len) ? '"' : '\'';
    buf_putc(b, q);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\\' || ch == (unsigned char)q)
            buf_printf(b, "\\%c", ch);
        else if (ch == '\n' || ch == '\r' || ch == '\t')
            buf_printf(b, "\\%c", ch == '\n' ? 'n' : ch == '\r' ? 'r' : 't');
        else if (ch < 0x20 || ch == 0x7f)
            buf_printf(b, "\\x%02x", ch);
        else
            buf_putc(b, (char)ch);
    }
    buf_putc(b, q);
}

static void repr(struct buf *b, const json_t *v)
{
    const char *key;
    json_t *e;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_STRING:
        repr_string(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_TRUE:
        buf_puts(b, "True");
        break;
    case JSON_FALSE:
        buf_puts(b, "False");
        break;
    case JSON_NULL:
        buf_puts(b, "None");
        break;
    case JSON_ARRAY:
        buf_putc(b, '[');
        json_array_foreach((json_t *)v, i, e)
        {
            buf_puts(b, i ? ", " : "");
            repr(b, e);
        }
        buf_putc(b, ']');
        break;
    case JSON_OBJECT:
        buf_putc(b, '{');
        i = 0;
        json_object_foreach((json_t *)v, key, e)
        {
            buf_puts(b, i++ ? ", " : "");
            repr_string(b, key, strlen(key));
            buf_puts(b, ": ");
            repr(b, e);
        }
        buf_putc(b, '}');
        break;
    case JSON_REAL:
        pyfloat_repr(b, json_real_value(v));
        break;
    default:
        buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    }
}

char *jp_pystr(const json_t *v)
{
    if (!v)
        return strdup("None");
    if (json_is_string(v))
        return strdup(json_string_value(v));
    struct buf b = BUF_INIT;
    repr(&b, v);
    return buf_steal(&b);
}

const char *jp_pytype_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "dict";
    case JSON_ARRAY:
        return "list";
    case JSON_STRING:
        return "str";
    case JSON_INTEGER:
        return "int";
    case JSON_REAL:
        return "float";
    case JSON_TRUE:
    case JSON_FALSE:
        return "bool";
    default:
        return "NoneType";
    }
}
