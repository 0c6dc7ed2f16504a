/* JMESPath lexer: the expression's text into tokens, with the AWS CLI's error texts. */
#include "client/jmespath_ast.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

struct lexer {
    const char *s;
    size_t pos, len;
    struct jp_token *toks;
    size_t n, cap;
    char **err;
};

static const char *const tok_names[JT_COUNT] = {
    "eof",
    "unquoted_identifier",
    "quoted_identifier",
    "literal",
    "rbracket",
    "rparen",
    "comma",
    "rbrace",
    "number",
    "current",
    "expref",
    "colon",
    "pipe",
    "or",
    "and",
    "eq",
    "gt",
    "lt",
    "gte",
    "lte",
    "ne",
    "flatten",
    "star",
    "filter",
    "dot",
    "not",
    "lbrace",
    "lbracket",
    "lparen",
};

const char *jp_tok_name(enum jp_tok t)
{
    return t < JT_COUNT ? tok_names[t] : "unknown";
}

/* Columns count characters, as the reference implementation's do, not bytes. */
size_t jp_column(const char *s, size_t byte)
{
    size_t col = 0;
    for (size_t i = 0; i < byte && s[i]; i++)
        col += ((unsigned char)s[i] & 0xC0) != 0x80;
    return col;
}

static int lex_error(struct lexer *lx, size_t at, const char *msg)
{
    size_t col = jp_column(lx->s, at);
    char *pad = malloc(col + 1);
    if (pad) {
        memset(pad, ' ', col);
        pad[col] = '\0';
    }
    *lx->err = xasprintf("Bad jmespath expression: %s:\n%s\n%s^", msg, lx->s, pad ? pad : "");
    free(pad);
    return -1;
}

static struct jp_token *push(struct lexer *lx, enum jp_tok type, size_t start, size_t len)
{
    if (lx->n == lx->cap) {
        size_t cap = lx->cap ? lx->cap * 2 : 16;
        struct jp_token *t = realloc(lx->toks, cap * sizeof *t);
        if (!t)
            return NULL;
        lx->toks = t;
        lx->cap = cap;
    }
    struct jp_token *t = &lx->toks[lx->n++];
    memset(t, 0, sizeof *t);
    t->type = type;
    t->start = start;
    t->text = strndup(lx->s + start, len);
    return t;
}

/* Text up to the unescaped DELIM (a backslash keeps itself and the next character). */
static char *until(struct lexer *lx, char delim, size_t *end)
{
    size_t start = lx->pos, i = start + 1;
    while (i < lx->len && lx->s[i] != delim) {
        if (lx->s[i] == '\\' && i + 1 < lx->len)
            i++;
        i++;
    }
    if (i >= lx->len) {
        char msg[32];
        snprintf(msg, sizeof msg, "Unclosed %c delimiter", delim);
        lex_error(lx, start, msg);
        return NULL;
    }
    *end = i + 1;
    return strndup(lx->s + start + 1, i - start - 1);
}

/* Remove the backslash of each "\<DELIM>" in place. */
static void unescape_delim(char *s, char delim)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (r[0] == '\\' && r[1] == delim)
            r++;
        *w++ = *r;
    }
    *w = '\0';
}

/* until() with each "\<DELIM>" unescaped: the body of a `literal` or a 'raw string'. */
static char *until_unescaped(struct lexer *lx, char delim, size_t *end)
{
    char *body = until(lx, delim, end);
    if (body)
        unescape_delim(body, delim);
    return body;
}

static json_t *load_json(const char *text)
{
    json_error_t je;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &je);
    /* An integer past 64 bits is still a number (Python's are unbounded), not a string. */
    if (!v && strstr(je.text, "too big"))
        v = json_loads(text, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &je);
    return v;
}

/* `json`: JSON text; text that is not JSON is read as a string, as the reference still does. */
static int lex_literal(struct lexer *lx)
{
    size_t start = lx->pos, end;
    char *body = until_unescaped(lx, '`', &end);
    if (!body)
        return -1;
    json_t *v = load_json(body);
    if (!v) {
        const char *p = body;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        char *quoted = xasprintf("\"%s\"", p);
        v = quoted ? load_json(quoted) : NULL;
        free(quoted);
    }
    if (!v) {
        char *msg = xasprintf("Bad token %s", body);
        lex_error(lx, start, msg ? msg : "Bad token");
        free(msg);
        free(body);
        return -1;
    }
    free(body);
    struct jp_token *t = push(lx, JT_LITERAL, start, end - start);
    if (!t) {
        json_decref(v);
        return -1;
    }
    t->lit = v;
    free(t->text);
    t->text = jp_pystr(v); /* as the reference prints it in errors */
    lx->pos = end;
    return t->text ? 0 : -1;
}

/* Why a quoted identifier is not a JSON string, in the words of Python's json module. */
static const char *quoted_error(const char *body, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)body[i];
        if (ch < 0x20)
            return "Invalid control character at";
        if (ch != '\\' || i + 1 >= len)
            continue;
        if (body[++i] == 'u') {
            size_t k = 1;
            while (k <= 4 && i + k < len && isxdigit((unsigned char)body[i + k]))
                k++;
            if (k <= 4)
                return "Invalid \\uXXXX escape";
        } else if (!strchr("\"\\/bfnrt", body[i])) {
            return "Invalid \\escape";
        }
    }
    return "Invalid \\escape";
}

static int lex_quoted(struct lexer *lx)
{
    size_t start = lx->pos, end;
    char *body = until(lx, '"', &end);
    if (!body)
        return -1;
    char *quoted = xasprintf("\"%s\"", body);
    free(body);
    json_t *v = quoted ? load_json(quoted) : NULL;
    free(quoted);
    if (!v || !json_is_string(v)) {
        json_decref(v);
        return lex_error(lx, start, quoted_error(lx->s + start + 1, end - start - 2));
    }
    struct jp_token *t = push(lx, JT_QUOTED, start, 0);
    if (!t) {
        json_decref(v);
        return -1;
    }
    free(t->text);
    t->text = strdup(json_string_value(v));
    json_decref(v);
    lx->pos = end;
    return t->text ? 0 : -1;
}

static int lex_raw_string(struct lexer *lx)
{
    size_t start = lx->pos, end;
    char *body = until_unescaped(lx, '\'', &end);
    if (!body)
        return -1;
    struct jp_token *t = push(lx, JT_LITERAL, start, end - start);
    if (!t || !(t->lit = json_string(body))) {
        free(body);
        return -1;
    }
    free(t->text);
    t->text = body; /* the string itself, as the reference prints it */
    lx->pos = end;
    return 0;
}

static int lex_number(struct lexer *lx)
{
    size_t start = lx->pos, i = start + (lx->s[start] == '-');
    while (i < lx->len && isdigit((unsigned char)lx->s[i]))
        i++;
    if (i == start + 1 && lx->s[start] == '-')
        return lex_error(lx, start, "Unknown token '-'");
    struct jp_token *t = push(lx, JT_NUMBER, start, i - start);
    if (!t)
        return -1;
    errno = 0;
    t->num = strtol(t->text, NULL, 10); /* out of range saturates: no array is that long */
    free(t->text);
    t->text = xasprintf("%ld", t->num); /* "02" shows as 2 in errors, as in the CLI */
    lx->pos = i;
    return 0;
}

/* A one- or two-character token: TWO if the next character is SECOND, else ONE. */
static int lex_pair(struct lexer *lx, char second, enum jp_tok two, enum jp_tok one)
{
    size_t start = lx->pos;
    int both = start + 1 < lx->len && lx->s[start + 1] == second;
    lx->pos += both ? 2 : 1;
    return push(lx, both ? two : one, start, both ? 2 : 1) ? 0 : -1;
}

/* The operators that are one character or, with the one after it, two: "|" or "||". */
struct pair_token {
    char first, second;
    enum jp_tok two, one;
};

static const struct pair_token pair_tokens[] = {
    {'|', '|', JT_OR, JT_PIPE}, {'&', '&', JT_AND, JT_EXPREF}, {'<', '=', JT_LTE, JT_LT},
    {'>', '=', JT_GTE, JT_GT},  {'!', '=', JT_NE, JT_NOT},
};

static const struct pair_token *pair_token(char ch)
{
    for (size_t i = 0; i < sizeof pair_tokens / sizeof pair_tokens[0]; i++)
        if (pair_tokens[i].first == ch)
            return &pair_tokens[i];
    return NULL;
}

static int lex_bracket(struct lexer *lx)
{
    char next = lx->pos + 1 < lx->len ? lx->s[lx->pos + 1] : '\0';
    if (next == ']')
        return lex_pair(lx, ']', JT_FLATTEN, JT_LBRACKET);
    return lex_pair(lx, '?', JT_FILTER, JT_LBRACKET);
}

static int lex_unknown(struct lexer *lx)
{
    size_t n = 1;
    while (lx->pos + n < lx->len && ((unsigned char)lx->s[lx->pos + n] & 0xC0) == 0x80)
        n++;
    char msg[32];
    snprintf(msg, sizeof msg, "Unknown token %.*s", (int)n, lx->s + lx->pos);
    return lex_error(lx, lx->pos, msg);
}

static enum jp_tok simple_token(char ch)
{
    switch (ch) {
    case '.':
        return JT_DOT;
    case '*':
        return JT_STAR;
    case ']':
        return JT_RBRACKET;
    case ',':
        return JT_COMMA;
    case ':':
        return JT_COLON;
    case '@':
        return JT_CURRENT;
    case '(':
        return JT_LPAREN;
    case ')':
        return JT_RPAREN;
    case '{':
        return JT_LBRACE;
    case '}':
        return JT_RBRACE;
    default:
        return JT_COUNT;
    }
}

/* ASCII letters, '_' and (after the first) digits: never the locale's idea of a letter. */
static int is_ident_char(char ch, int digits_too)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
           (digits_too && ch >= '0' && ch <= '9');
}

static int lex_identifier(struct lexer *lx)
{
    size_t start = lx->pos, i = start + 1;
    while (i < lx->len && is_ident_char(lx->s[i], 1))
        i++;
    lx->pos = i;
    return push(lx, JT_UNQUOTED, start, i - start) ? 0 : -1;
}

static int lex_one(struct lexer *lx)
{
    char ch = lx->s[lx->pos];
    enum jp_tok simple = simple_token(ch);
    if (simple != JT_COUNT) {
        lx->pos++;
        return push(lx, simple, lx->pos - 1, 1) ? 0 : -1;
    }
    if (is_ident_char(ch, 0))
        return lex_identifier(lx);
    const struct pair_token *pair = pair_token(ch);
    if (pair)
        return lex_pair(lx, pair->second, pair->two, pair->one);
    switch (ch) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
        lx->pos++;
        return 0;
    case '[':
        return lex_bracket(lx);
    case '\'':
        return lex_raw_string(lx);
    case '`':
        return lex_literal(lx);
    case '"':
        return lex_quoted(lx);
    case '=':
        if (lx->pos + 1 < lx->len && lx->s[lx->pos + 1] == '=')
            return lex_pair(lx, '=', JT_EQ, JT_EQ);
        return lex_error(lx, lx->pos, "Unknown token '='");
    default:
        if (isdigit((unsigned char)ch) || ch == '-')
            return lex_number(lx);
        return lex_unknown(lx);
    }
}

int jp_lex(const char *expr, struct jp_token **out, size_t *n, char **err)
{
    struct lexer lx = {.s = expr, .len = strlen(expr), .err = err};
    if (!lx.len) {
        *err = xasprintf("Invalid JMESPath expression: cannot be empty.");
        return -1;
    }
    while (lx.pos < lx.len) {
        if (lex_one(&lx) < 0) {
            if (!*err)
                *err = xasprintf("out of memory");
            jp_tokens_free(lx.toks, lx.n);
            return -1;
        }
    }
    if (!push(&lx, JT_EOF, lx.len, 0)) {
        jp_tokens_free(lx.toks, lx.n);
        *err = xasprintf("out of memory");
        return -1;
    }
    *out = lx.toks;
    *n = lx.n;
    return 0;
}

void jp_tokens_free(struct jp_token *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++) {
        free(t[i].text);
        json_decref(t[i].lit);
    }
    free(t);
}
