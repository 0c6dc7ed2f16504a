/* The output formats' names, the model's shaping of a reply, and the JSON and scalar writers. */
#include "cli/output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "client/pytext.h"
#include "core/printable.h"

const char *const cli_format_names[] = {"json", "text", "table", "yaml", "yaml-stream", NULL};

int cli_format_parse(const char *name, enum cli_format *out)
{
    for (int i = 0; cli_format_names[i]; i++)
        if (!strcmp(name, cli_format_names[i])) {
            *out = (enum cli_format)i;
            return 0;
        }
    return -1;
}

const struct out_shape *out_model_output(const char *operation)
{
    for (size_t i = 0; i < out_noperations; i++)
        if (!strcmp(out_operations[i].name, operation))
            return out_operations[i].output;
    return NULL;
}

json_t *out_iso8601(double epoch)
{
    time_t secs = (time_t)floor(epoch);
    long usec = lround((epoch - (double)secs) * 1e6);
    if (usec >= 1000000) {
        secs++;
        usec -= 1000000;
    }
    struct tm tm;
    localtime_r(&secs, &tm);
    char date[32], zone[8];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(zone, sizeof zone, "%z", &tm);
    char out[80];
    if (usec)
        snprintf(out, sizeof out, "%s.%06ld%.3s:%.2s", date, usec, zone, zone + 3);
    else
        snprintf(out, sizeof out, "%s%.3s:%.2s", date, zone, zone + 3);
    return json_string(out);
}

/* botocore drops a structure's null members and the members its model does not have. */
static json_t *out_apply_struct(const struct out_shape *sh, const json_t *v)
{
    json_t *o = json_object();
    for (size_t i = 0; i < sh->nmembers; i++) {
        const json_t *m = json_object_get(v, sh->members[i].name);
        if (m && !json_is_null(m))
            json_object_set_new(o, sh->members[i].name, out_model_apply(sh->members[i].shape, m));
    }
    return o;
}

json_t *out_model_apply(const struct out_shape *sh, const json_t *v)
{
    if (sh && sh->kind == OUT_STRUCT && json_is_object(v))
        return out_apply_struct(sh, v);
    if (sh && sh->kind == OUT_LIST && json_is_array(v)) {
        json_t *a = json_array();
        size_t i;
        const json_t *e;
        json_array_foreach(v, i, e) json_array_append_new(a, out_model_apply(sh->item, e));
        return a;
    }
    if (sh && sh->kind == OUT_MAP && json_is_object(v)) {
        json_t *o = json_object();
        const char *k;
        const json_t *e;
        json_object_foreach((json_t *)v, k, e)
            json_object_set_new(o, k, out_model_apply(sh->item, e));
        return o;
    }
    if (sh && sh->kind == OUT_TIMESTAMP && json_is_number(v))
        return out_iso8601(json_number_value(v));
    return json_deep_copy(v);
}

void out_json(struct buf *b, const json_t *v)
{
    if (json_is_object(v) && json_object_size(v) == 0)
        return;
    char *text = json_dumps(v, JSON_INDENT(4) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    if (!text)
        return;
    /* jansson escapes C0 controls only; DEL, C1 controls and bidi overrides become \uXXXX,
       which is the same JSON. */
    printable_append(b, text, strlen(text), PRINTABLE_JSON);
    buf_putc(b, '\n');
    free(text);
}

void out_scalar_str(struct buf *b, const json_t *v)
{
    if (!v)
        return; /* a key one structure of a list lacks: '' */
    switch (json_typeof(v)) {
    case JSON_STRING:
        printable_append(b, json_string_value(v), json_string_length(v), PRINTABLE_TEXT);
        break;
    case JSON_OBJECT:
    case JSON_ARRAY: {
        /* A container where a scalar was expected (mixed lists): its JSON, on one line. */
        char *t = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (t)
            printable_append(b, t, strlen(t), PRINTABLE_TEXT);
        free(t);
        break;
    }
    default:
        pytext_repr(b, v); /* numbers, True, False, None: Python's str() is their repr() */
    }
}

size_t out_text_width(const char *s)
{
    size_t w = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = strlen(s);
    while (n > 0) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, s, n, &st);
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
            memset(&st, 0, sizeof st);
            k = 1;
            wc = L'?';
        }
        /* East Asian wide and full-width characters take two columns, as in table.py. */
        w += (unsigned char)*s >= 0x80 && wcwidth(wc) == 2 ? 2 : 1;
        s += k;
        n -= k;
    }
    return w;
}
