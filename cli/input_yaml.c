/* --cli-input-yaml: a YAML document read with libyaml into the JSON the commands take. */
#include <errno.h>
#include <regex.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cli/input.h"
#include "core/buf.h"

/* Aliases can make a small document expand without end ("billion laughs"): bounded. */
#define YAML_MAX_NODES 100000
#define YAML_MAX_DEPTH 64

struct ywalk {
    yaml_document_t *doc;
    size_t nodes;
    struct buf *why;
};

static bool matches(const char *pattern, const char *s)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* A plain scalar as YAML 1.2's core schema resolves it (the AWS CLI's loader does the same). */
static json_t *plain_scalar(const char *s, struct buf *why)
{
    if (!*s || !strcmp(s, "~") || matches("^(null|Null|NULL)$", s))
        return json_null();
    if (matches("^(true|True|TRUE)$", s))
        return json_true();
    if (matches("^(false|False|FALSE)$", s))
        return json_false();
    if (matches("^[-+]?[0-9]+$", s) || matches("^0o[0-7]+$", s) || matches("^0x[0-9a-fA-F]+$", s)) {
        int base = !strncmp(s, "0o", 2) ? 8 : !strncmp(s, "0x", 2) ? 16 : 10;
        errno = 0;
        long long v = strtoll(base == 8 ? s + 2 : s, NULL, base);
        if (errno == 0)
            return json_integer(v);
    }
    if (matches("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$", s))
        return json_real(strtod(s, NULL));
    if (matches("^([-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$", s)) {
        buf_printf(why, "%s has no JSON equivalent", s);
        return NULL;
    }
    return json_string(s);
}

static json_t *node_json(struct ywalk *w, yaml_node_t *n, int depth);

static json_t *mapping_json(struct ywalk *w, yaml_node_t *n, int depth)
{
    json_t *obj = json_object();
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
        if (!k || k->type != YAML_SCALAR_NODE) {
            buf_printf(w->why, "a key at line %zu is not a plain value", n->start_mark.line + 1);
            goto bad;
        }
        const char *key = (const char *)k->data.scalar.value;
        if (json_object_get(obj, key)) {
            buf_printf(w->why, "duplicate key \"%s\" at line %zu", key, k->start_mark.line + 1);
            goto bad;
        }
        json_t *v = node_json(w, yaml_document_get_node(w->doc, p->value), depth + 1);
        if (!v)
            goto bad;
        json_object_set_new(obj, key, v);
    }
    return obj;
bad:
    json_decref(obj);
    return NULL;
}

static json_t *node_json(struct ywalk *w, yaml_node_t *n, int depth)
{
    if (!n || depth > YAML_MAX_DEPTH || ++w->nodes > YAML_MAX_NODES) {
        buf_puts(w->why, "too deep or too large (aliases expand too far)");
        return NULL;
    }
    if (n->type == YAML_SCALAR_NODE) {
        const char *s = (const char *)n->data.scalar.value;
        if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
            return json_stringn(s, n->data.scalar.length);
        return plain_scalar(s, w->why);
    }
    if (n->type == YAML_MAPPING_NODE)
        return mapping_json(w, n, depth);
    json_t *arr = json_array();
    for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
        json_t *v = node_json(w, yaml_document_get_node(w->doc, *i), depth + 1);
        if (!v) {
            json_decref(arr);
            return NULL;
        }
        json_array_append_new(arr, v);
    }
    return arr;
}

json_t *cli_input_yaml_to_json(const char *text, size_t len, struct buf *why)
{
    yaml_parser_t parser;
    yaml_document_t doc, next;
    json_t *out = NULL;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        buf_printf(why, "not valid YAML (line %zu, column %zu: %s)", parser.problem_mark.line + 1,
                   parser.problem_mark.column + 1, parser.problem ? parser.problem : "?");
        yaml_parser_delete(&parser);
        return NULL;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    struct ywalk w = {&doc, 0, why};
    if (!root)
        buf_puts(why, "is empty");
    else
        out = node_json(&w, root, 0);
    if (out && yaml_parser_load(&parser, &next)) {
        if (yaml_document_get_root_node(&next)) {
            buf_puts(why, "holds more than one YAML document");
            json_decref(out);
            out = NULL;
        }
        yaml_document_delete(&next);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return out;
}
