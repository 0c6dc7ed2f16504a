/* Shorthand syntax: the AWS CLI's grammar (awscli/shorthand.py), character class for class. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "forms/shorthand.h"

struct sh {
    const char *s;
    size_t n, i;
    /* The first syntax error: what was expected, at which byte. */
    bool failed;
    char expected[20];
    size_t at;
};

/* ---- Characters, as Python's re and str see them ---- */

static unsigned cp_at(const struct sh *p, size_t i, size_t *len)
{
    unsigned cp = 0;
    *len = utf8_decode(p->s + i, p->n - i, &cp);
    return cp;
}

/* str.isspace(): what \s matches in a str pattern, and what rstrip() strips. */
static bool py_space(unsigned c)
{
    return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
           c == 0x202f || c == 0x205f || c == 0x3000;
}

/* The ranges the three classes share: ! #-& (-+ */
static bool common_chars(unsigned c)
{
    return c == '!' || (c >= '#' && c <= '&') || (c >= '(' && c <= '+');
}

/* _START_WORD: no blanks, quotes, ',', '=', '[' or '{'; nothing past U+FFFF. */
static bool start_char(unsigned c)
{
    return common_chars(c) || (c >= '-' && c <= '<') || (c >= '>' && c <= 'Z') ||
           (c >= '\\' && c <= 'z') || (c >= 0x7c && c <= 0xffff);
}

/* _FIRST_FOLLOW_CHARS: blanks and '=' '[' '{' allowed; no quotes, ',', ']' or '}'. */
static bool first_follow(unsigned c)
{
    return py_space(c) || common_chars(c) || (c >= '-' && c <= '\\') || (c >= '^' && c <= '|') ||
           (c >= '~' && c <= 0xffff);
}

/* _SECOND_FOLLOW_CHARS: blanks, ']' and '}' allowed; no quotes, ',' or '='. */
static bool second_follow(unsigned c)
{
    return py_space(c) || common_chars(c) || (c >= '-' && c <= '<') || (c >= '>' && c <= 0xffff);
}

static bool ascii_space(char c) /* string.whitespace */
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool at_eof(const struct sh *p)
{
    return p->i >= p->n;
}

static int current(const struct sh *p)
{
    return at_eof(p) ? -1 : (unsigned char)p->s[p->i];
}

static void skip_space(struct sh *p)
{
    while (!at_eof(p) && ascii_space(p->s[p->i]))
        p->i++;
}

static void fail(struct sh *p, const char *expected)
{
    if (p->failed)
        return;
    p->failed = true;
    snprintf(p->expected, sizeof p->expected, "%s", expected);
    p->at = p->i;
}

static bool expect(struct sh *p, char c, bool space)
{
    if (space)
        skip_space(p);
    if (at_eof(p) || p->s[p->i] != c) {
        char e[2] = {c, 0};
        fail(p, e);
        return false;
    }
    p->i++;
    if (space)
        skip_space(p);
    return true;
}

/* ---- Values ---- */

/* (\\,|[start])(\\,|[follow])* at p->i: the end of the match, or p->i when nothing matches. */
static size_t match_word(const struct sh *p, bool (*follow)(unsigned))
{
    size_t i = p->i, len;
    for (bool first = true;; first = false) {
        if (i + 1 < p->n && p->s[i] == '\\' && p->s[i + 1] == ',') {
            i += 2;
            continue;
        }
        if (i >= p->n)
            return i;
        unsigned c = cp_at(p, i, &len);
        if (!len || !(first ? start_char(c) : follow(c)))
            return i;
        i += len;
    }
}

/* The matched text with "\," made "," and trailing blanks (str.rstrip) removed. */
static json_t *word_value(const char *s, size_t n)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] == ',')
            i++;
        buf_putc(&b, s[i]);
    }
    size_t end = b.len;
    for (size_t i = 0, len; i < b.len; i += len ? len : 1) {
        unsigned c = 0;
        len = utf8_decode(b.data + i, b.len - i, &c);
        if (!py_space(c))
            end = i + (len ? len : 1);
    }
    json_t *v = json_stringn(b.data ? b.data : "", end);
    buf_free(&b);
    return v;
}

/* '(?:\\\\|\\'|[^'])*' as Python's backtracking matcher takes it (the first match in its
   order of preference), with failed positions remembered so it stays linear. 0 if none. */
static size_t match_quoted(const struct sh *p, char q)
{
    size_t n = p->n, top = 0, end = 0;
    struct frame {
        size_t pos;
        int next;
    } *stack = malloc((n - p->i + 2) * sizeof *stack);
    bool *dead = calloc(n + 2, 1);
    stack[top++] = (struct frame){p->i + 1, 0};
    while (top && !end) {
        struct frame *f = &stack[top - 1];
        size_t at = f->pos;
        int opt = f->next++;
        bool pair = !dead[at] && at + 1 < n && p->s[at] == '\\';
        if (pair && ((opt == 0 && p->s[at + 1] == '\\') || (opt == 1 && p->s[at + 1] == q)))
            stack[top++] = (struct frame){at + 2, 0};
        else if (opt == 2 && !dead[at] && at < n && p->s[at] != q)
            stack[top++] = (struct frame){at + 1, 0};
        else if (opt == 3 && at < n && p->s[at] == q)
            end = at + 1;
        else if (opt > 3) {
            dead[at] = true;
            top--;
        }
    }
    free(stack);
    free(dead);
    return end;
}

/* A quoted value without its quotes, "\q" then "\\" unescaped (two passes, as the CLI does). */
static json_t *quoted_value(struct sh *p)
{
    char q = p->s[p->i];
    size_t end = match_quoted(p, q);
    if (!end) {
        fail(p, q == '\'' ? "<singled quoted>" : "<double quoted>");
        return NULL;
    }
    struct buf one = BUF_INIT, two = BUF_INIT;
    for (size_t i = p->i + 1; i < end - 1; i++) {
        if (p->s[i] == '\\' && i + 1 < end - 1 && p->s[i + 1] == q)
            i++;
        buf_putc(&one, p->s[i]);
    }
    for (size_t i = 0; i < one.len; i++) {
        if (one.data[i] == '\\' && i + 1 < one.len && one.data[i + 1] == '\\')
            i++;
        buf_putc(&two, one.data[i]);
    }
    p->i = end;
    json_t *v = json_stringn(two.data ? two.data : "", two.len);
    buf_free(&one);
    buf_free(&two);
    return v;
}

static json_t *first_value(struct sh *p)
{
    if (current(p) == '\'' || current(p) == '"')
        return quoted_value(p);
    size_t start = p->i, end = match_word(p, first_follow);
    p->i = end;
    return word_value(p->s + start, end - start);
}

static json_t *second_value(struct sh *p)
{
    if (current(p) == '\'' || current(p) == '"')
        return quoted_value(p);
    size_t start = p->i, end = match_word(p, second_follow);
    if (end == start) {
        fail(p, "<second>");
        return NULL;
    }
    p->i = end;
    return word_value(p->s + start, end - start);
}

/* foo=bar -> "bar"; foo=a,b -> ["a", "b"]; foo=a,b,c=d stops before c (back to the comma). */
static json_t *csv_value(struct sh *p)
{
    json_t *first = first_value(p);
    if (!first)
        return NULL;
    skip_space(p);
    if (current(p) != ',')
        return first;
    expect(p, ',', true);
    json_t *list = json_array();
    json_array_append_new(list, first);
    for (;;) {
        json_t *v = second_value(p);
        if (v) {
            skip_space(p);
            if (at_eof(p)) {
                json_array_append_new(list, v);
                break;
            }
            if (expect(p, ',', true)) {
                json_array_append_new(list, v);
                continue;
            }
            json_decref(v);
        }
        if (at_eof(p)) {
            json_decref(list);
            return NULL;
        }
        p->failed = false; /* the CLI backtracks to the previous comma */
        while (p->i > 0 && p->s[p->i] != ',')
            p->i--;
        break;
    }
    if (json_array_size(list) == 1) {
        json_t *only = json_incref(first);
        json_decref(list);
        return only;
    }
    return list;
}

static json_t *explicit_values(struct sh *p);

static json_t *explicit_list(struct sh *p)
{
    if (!expect(p, '[', true))
        return NULL;
    json_t *list = json_array();
    while (current(p) != ']') {
        json_t *v = explicit_values(p);
        if (!v)
            goto bad;
        json_array_append_new(list, v);
        skip_space(p);
        if (current(p) != ']') {
            if (!expect(p, ',', false))
                goto bad;
            skip_space(p);
        }
    }
    if (expect(p, ']', false))
        return list;
bad:
    json_decref(list);
    return NULL;
}

static size_t key_end(const struct sh *p)
{
    size_t i = p->i;
    while (i < p->n &&
           (strchr("-_.#/:", p->s[i]) || (p->s[i] >= 'a' && p->s[i] <= 'z') ||
            (p->s[i] >= 'A' && p->s[i] <= 'Z') || (p->s[i] >= '0' && p->s[i] <= '9')) &&
           p->s[i])
        i++;
    return i;
}

/* {key=value, ...}: a repeated key keeps the last value (no error here, unlike the top level). */
static json_t *hash_literal(struct sh *p)
{
    if (!expect(p, '{', true))
        return NULL;
    json_t *obj = json_object();
    while (current(p) != '}') {
        size_t start = p->i, end = key_end(p);
        char *key = strndup(p->s + start, end - start);
        p->i = end;
        json_t *v = expect(p, '=', true) ? explicit_values(p) : NULL;
        if (v) {
            skip_space(p);
            if (current(p) != '}' && expect(p, ',', false))
                skip_space(p);
        }
        if (v && !p->failed)
            json_object_set_new(obj, key, v);
        else
            json_decref(v);
        free(key);
        if (p->failed) {
            json_decref(obj);
            return NULL;
        }
    }
    expect(p, '}', false);
    return obj;
}

static json_t *explicit_values(struct sh *p)
{
    if (current(p) == '[')
        return explicit_list(p);
    if (current(p) == '{')
        return hash_literal(p);
    return first_value(p);
}

static json_t *values(struct sh *p)
{
    if (at_eof(p))
        return json_string("");
    if (current(p) == '[')
        return explicit_list(p);
    if (current(p) == '{')
        return hash_literal(p);
    return csv_value(p);
}

/* key=values, then more after commas; a key given twice is an error at this level. */
static json_t *parameter(struct sh *p, char **dup)
{
    json_t *obj = json_object();
    size_t last = 0;
    for (bool first = true; first || !at_eof(p); first = false) {
        if (!first && !expect(p, ',', true))
            break;
        size_t start = p->i, end = key_end(p);
        char *key = strndup(p->s + start, end - start);
        p->i = end;
        json_t *v = expect(p, '=', true) ? values(p) : NULL;
        if (v && json_object_get(obj, key)) {
            json_decref(v);
            p->at = last + 1;
            *dup = key;
            break;
        }
        if (v)
            json_object_set_new(obj, key, v);
        free(key);
        if (!v)
            break;
        last = p->i;
    }
    if (p->failed || *dup) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

/* What the CLI's message quotes: the character found, or EOF. */
static void say_found(const struct sh *p, struct buf *err)
{
    size_t len = 0;
    if (p->at >= p->n) {
        buf_puts(err, "EOF");
        return;
    }
    cp_at(p, p->at, &len);
    buf_append(err, p->s + p->at, len ? len : 1);
}

json_t *shorthand_parse(const char *text, struct buf *err)
{
    struct sh p = {text, strlen(text), 0, false, "", 0};
    if (!utf8_valid(text, p.n)) {
        buf_puts(err, "is not valid UTF-8");
        return NULL;
    }
    char *dup = NULL;
    json_t *v = parameter(&p, &dup);
    if (v)
        return v;
    size_t column = utf8_count(text, p.at) + 1;
    if (dup) {
        buf_printf(err,
                   "second instance of key \"%s\" at character %zu (often a \",\" where a space "
                   "belongs between list items)",
                   dup, column);
        free(dup);
        return NULL;
    }
    if (p.expected[0] == '<')
        buf_printf(err, "expected a %s value",
                   p.expected[1] == 's' && p.expected[2] == 'e' ? "list"
                   : p.expected[1] == 's'                       ? "single-quoted"
                                                                : "double-quoted");
    else
        buf_printf(err, "expected '%s'", p.expected);
    buf_puts(err, ", received '");
    say_found(&p, err);
    buf_printf(err, "' at character %zu", column);
    return NULL;
}
