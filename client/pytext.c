/* JSON values as Python writes them: repr() and compact json.dumps(), one walk with two styles. */
#include "client/pytext.h"

#include <string.h>

#include "core/pyfloat.h"
#include "core/utf8.h"

/* A JSON string as Python's json.dumps writes it: ASCII only, \u escapes in lower case. */
static void dumps_string(struct buf *b, const char *str, size_t len)
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

/* What tells repr() and json.dumps() apart: separators, the words for the constants, strings. */
struct pytext_style {
    const char *item_sep, *key_sep; /* between items; between a key and its value */
    const char *true_text, *false_text, *null_text;
    void (*string)(struct buf *b, const char *s, size_t len);
};

static const struct pytext_style repr_style = {", ", ": ", "True", "False", "None", repr_string};
static const struct pytext_style dumps_style = {",", ":", "true", "false", "null", dumps_string};

static void write_value(struct buf *b, const json_t *v, const struct pytext_style *st)
{
    const char *key;
    json_t *e;
    size_t i = 0;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        buf_putc(b, '{');
        json_object_foreach((json_t *)v, key, e)
        {
            buf_puts(b, i++ ? st->item_sep : "");
            st->string(b, key, strlen(key));
            buf_puts(b, st->key_sep);
            write_value(b, e, st);
        }
        buf_putc(b, '}');
        break;
    case JSON_ARRAY:
        buf_putc(b, '[');
        json_array_foreach((json_t *)v, i, e)
        {
            buf_puts(b, i ? st->item_sep : "");
            write_value(b, e, st);
        }
        buf_putc(b, ']');
        break;
    case JSON_STRING:
        st->string(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        pyfloat_repr(b, json_real_value(v));
        break;
    case JSON_TRUE:
        buf_puts(b, st->true_text);
        break;
    case JSON_FALSE:
        buf_puts(b, st->false_text);
        break;
    default:
        buf_puts(b, st->null_text);
    }
}

void pytext_repr(struct buf *b, const json_t *v)
{
    write_value(b, v, &repr_style);
}

void pytext_dumps(struct buf *b, const json_t *v)
{
    write_value(b, v, &dumps_style);
}
