/* --output yaml and yaml-stream through libyaml's emitter, styled as the AWS CLI's ruamel safe
   dump: block style, keys sorted, a string quoted when YAML 1.2 would read it as another type. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cli/output.h"
#include "core/printable.h"

/* ruamel's YAML 1.2 implicit resolvers: each applies only to strings starting with one of its
   characters ("" for the empty string). A plain string they match would read back as a bool,
   number, null, timestamp, merge or value: the dump quotes it. */
static const struct {
    const char *first;
    const char *re;
} yaml_resolvers[] = {
    {"tTfF", "^(true|True|TRUE|false|False|FALSE)$"},
    {"-+0123456789.", "^([-+]?[0-9][0-9_]*\\.[0-9_]*([eE][-+]?[0-9]+)?"
                      "|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
                      "|[-+]?\\.[0-9_]+([eE][-+][0-9]+)?"
                      "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$"},
    {"-+0123456789", "^([-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$"},
    {"<", "^<<$"},
    {"~nN", "^(~|null|Null|NULL)$"},
    {"0123456789", "^([0-9]{4}-[0-9]{2}-[0-9]{2}"
                   "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
                   "(\\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)$"},
    {"=", "^=$"},
};

static bool yaml_would_resolve(const char *s)
{
    if (!*s)
        return true; /* the empty plain scalar is null */
    for (size_t i = 0; i < sizeof yaml_resolvers / sizeof yaml_resolvers[0]; i++) {
        if (!strchr(yaml_resolvers[i].first, *s))
            continue;
        regex_t re;
        if (regcomp(&re, yaml_resolvers[i].re, REG_EXTENDED | REG_NOSUB) != 0)
            continue;
        int hit = regexec(&re, s, 0, NULL, 0) == 0;
        regfree(&re);
        if (hit)
            return true;
    }
    return false;
}

static int yaml_scalar(yaml_emitter_t *em, const char *text, bool string)
{
    yaml_event_t ev;
    yaml_scalar_style_t style = string && yaml_would_resolve(text) ? YAML_SINGLE_QUOTED_SCALAR_STYLE
                                                                   : YAML_ANY_SCALAR_STYLE;
    if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)strlen(text), 1, 1,
                                      style))
        return -1;
    return yaml_emitter_emit(em, &ev) ? 0 : -1;
}

static int yaml_node(yaml_emitter_t *em, const json_t *v);

static int yaml_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int yaml_mapping(yaml_emitter_t *em, const json_t *o)
{
    yaml_event_t ev;
    if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
        !yaml_emitter_emit(em, &ev))
        return -1;
    size_t n = 0;
    const char **keys = calloc(json_object_size(o) + 1, sizeof *keys);
    const char *k;
    json_t *e;
    json_object_foreach((json_t *)o, k, e) keys[n++] = k;
    qsort(keys, n, sizeof *keys, yaml_cmp);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = yaml_scalar(em, keys[i], true) || yaml_node(em, json_object_get(o, keys[i]));
    free(keys);
    if (rc || !yaml_mapping_end_event_initialize(&ev) || !yaml_emitter_emit(em, &ev))
        return -1;
    return 0;
}

static int yaml_sequence(yaml_emitter_t *em, const json_t *a)
{
    yaml_event_t ev;
    if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) ||
        !yaml_emitter_emit(em, &ev))
        return -1;
    size_t i;
    const json_t *e;
    json_array_foreach(a, i, e) if (yaml_node(em, e)) return -1;
    if (!yaml_sequence_end_event_initialize(&ev) || !yaml_emitter_emit(em, &ev))
        return -1;
    return 0;
}

static int yaml_node(yaml_emitter_t *em, const json_t *v)
{
    if (json_is_object(v))
        return yaml_mapping(em, v);
    if (json_is_array(v))
        return yaml_sequence(em, v);
    if (json_is_string(v))
        return yaml_scalar(em, json_string_value(v), true);
    struct buf b = BUF_INIT;
    if (json_is_true(v) || json_is_false(v))
        buf_puts(&b, json_is_true(v) ? "true" : "false");
    else if (json_is_null(v))
        buf_puts(&b, "null");
    else
        out_scalar_str(&b, v); /* numbers as Python writes them */
    int rc = yaml_scalar(em, buf_cstr(&b), false);
    buf_free(&b);
    return rc;
}

static int yaml_write(void *data, unsigned char *buffer, size_t size)
{
    buf_append(data, buffer, size);
    return 1;
}

static int yaml_document(yaml_emitter_t *em, const json_t *v)
{
    yaml_event_t ev;
    if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
        !yaml_emitter_emit(em, &ev) ||
        !yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ||
        !yaml_emitter_emit(em, &ev) || yaml_node(em, v) ||
        !yaml_document_end_event_initialize(&ev, 1) || !yaml_emitter_emit(em, &ev) ||
        !yaml_stream_end_event_initialize(&ev) || !yaml_emitter_emit(em, &ev))
        return -1;
    return 0;
}

int out_yaml(struct buf *b, const json_t *v)
{
    if (json_is_object(v) && json_object_size(v) == 0)
        return 0;
    if (!json_is_object(v) && !json_is_array(v)) {
        out_json(b, v); /* YAMLDumper: a bare scalar is written as JSON */
        return 0;
    }
    struct buf raw = BUF_INIT;
    yaml_emitter_t em;
    if (!yaml_emitter_initialize(&em))
        return -1;
    yaml_emitter_set_output(&em, yaml_write, &raw);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, 80);
    yaml_emitter_set_indent(&em, 2);
    int rc = yaml_document(&em, v);
    yaml_emitter_delete(&em);
    /* libyaml leaves bidi controls and line separators as they are: shown, never obeyed. */
    if (!rc)
        printable_append(b, buf_cstr(&raw), raw.len, PRINTABLE_JSON);
    buf_free(&raw);
    return rc;
}
