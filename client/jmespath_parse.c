/* JMESPath parser: tokens into an AST by top-down operator precedence (Pratt), with the error
   texts of the reference implementation, which the AWS CLI prints for a bad --query. */
#include "client/jmespath_ast.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

struct parser {
    struct jp_token *t;
    size_t n, i;
    const char *expr;
    char **err;
    int depth;
};

/* Binding powers, as the reference implementation's table has them. */
static int bp(enum jp_tok t)
{
    switch (t) {
    case JT_PIPE:
        return 1;
    case JT_OR:
        return 2;
    case JT_AND:
        return 3;
    case JT_EQ:
    case JT_GT:
    case JT_LT:
    case JT_GTE:
    case JT_LTE:
    case JT_NE:
        return 5;
    case JT_FLATTEN:
        return 9;
    case JT_STAR:
        return 20;
    case JT_FILTER:
        return 21;
    case JT_DOT:
        return 40;
    case JT_NOT:
        return 45;
    case JT_LBRACE:
        return 50;
    case JT_LBRACKET:
        return 55;
    case JT_LPAREN:
        return 60;
    default:
        return 0;
    }
}

#define PROJECTION_STOP 10

static struct jp_token *la_tok(struct parser *p, size_t k)
{
    size_t i = p->i + k;
    return &p->t[i < p->n ? i : p->n - 1];
}

static enum jp_tok cur(struct parser *p)
{
    return la_tok(p, 0)->type;
}

static void *parse_error_at(struct parser *p, size_t start, const struct jp_token *tok,
                            const char *msg)
{
    if (*p->err)
        return NULL;
    char type[32];
    size_t k = 0;
    for (const char *s = jp_tok_name(tok->type); *s && k < sizeof type - 1; s++)
        type[k++] = (char)toupper((unsigned char)*s);
    type[k] = '\0';
    int col = (int)jp_column(p->expr, start);
    *p->err = xasprintf("%s: Parse error at column %d, token \"%s\" (%s), for "
                        "expression:\n\"%s\"\n%*s^",
                        msg, col, tok->text ? tok->text : "", type, p->expr, col + 1, "");
    return NULL;
}

static void *parse_error(struct parser *p, const struct jp_token *tok, const char *msg)
{
    return parse_error_at(p, tok->start, tok, msg);
}

static void *incomplete(struct parser *p)
{
    if (!*p->err)
        *p->err = xasprintf("Invalid jmespath expression: Incomplete expression:\n"
                            "\"%s\"\n%*s^",
                            p->expr, (int)jp_column(p->expr, strlen(p->expr)) + 1, "");
    return NULL;
}

/* The token is not the one expected: incomplete at the end, else say what was expected. */
static void *unexpected(struct parser *p, const char *expected)
{
    struct jp_token *tok = la_tok(p, 0);
    if (tok->type == JT_EOF)
        return incomplete(p);
    char *msg = xasprintf("Expecting: %s, got: %s", expected, jp_tok_name(tok->type));
    parse_error(p, tok, msg ? msg : "syntax error");
    free(msg);
    return NULL;
}

static int match(struct parser *p, enum jp_tok type)
{
    if (cur(p) == type) {
        p->i++;
        return 0;
    }
    unexpected(p, jp_tok_name(type));
    return -1;
}

static struct jp_node *node_new(enum jp_kind kind)
{
    struct jp_node *n = calloc(1, sizeof *n);
    if (n) {
        n->kind = kind;
        n->depth = 1;
    }
    return n;
}

/* Append KID to N; on failure (no memory, too deep) frees both and returns NULL. */
static struct jp_node *add(struct parser *p, struct jp_node *n, struct jp_node *kid)
{
    struct jp_node **k =
        n && kid ? realloc(n->kids, (n->nkids + 1) * sizeof(struct jp_node *)) : NULL;
    if (!k || kid->depth + 1 > JP_MAX_DEPTH) {
        if (k)
            n->kids = k;
        if (n && kid)
            parse_error(p, la_tok(p, 0), "Expression nested too deeply");
        jp_node_free(n);
        jp_node_free(kid);
        return NULL;
    }
    n->kids = k;
    n->kids[n->nkids++] = kid;
    if (kid->depth + 1 > n->depth)
        n->depth = kid->depth + 1;
    return n;
}

static struct jp_node *node2(struct parser *p, enum jp_kind kind, struct jp_node *a,
                             struct jp_node *b)
{
    struct jp_node *n = node_new(kind);
    if (!n || !a || !b) {
        jp_node_free(n);
        jp_node_free(a);
        jp_node_free(b);
        return NULL;
    }
    return add(p, add(p, n, a), b);
}

static struct jp_node *expression(struct parser *p, int rbp);

static struct jp_node *multi_select_list(struct parser *p)
{
    struct jp_node *n = node_new(JN_MULTI_LIST);
    while (n) {
        n = add(p, n, expression(p, 0));
        if (!n || cur(p) == JT_RBRACKET)
            break;
        if (match(p, JT_COMMA) < 0) {
            jp_node_free(n);
            return NULL;
        }
    }
    if (n && match(p, JT_RBRACKET) < 0) {
        jp_node_free(n);
        return NULL;
    }
    return n;
}

static int hash_pair(struct parser *p, struct jp_node *n)
{
    struct jp_token *key = la_tok(p, 0);
    if (key->type != JT_QUOTED && key->type != JT_UNQUOTED) {
        unexpected(p, "['quoted_identifier', 'unquoted_identifier']");
        return -1;
    }
    p->i++;
    char **keys = realloc(n->keys, (n->nkids + 1) * sizeof *keys);
    if (!keys)
        return -1;
    n->keys = keys;
    if (!(keys[n->nkids] = strdup(key->text)))
        return -1;
    n->nkeys++; /* the key of the value that follows, freed with N */
    if (match(p, JT_COLON) < 0)
        return -1;
    struct jp_node *value = expression(p, 0);
    if (!value)
        return -1;
    return add(p, n, value) ? 0 : -2; /* -2: add freed N */
}

static struct jp_node *multi_select_hash(struct parser *p)
{
    struct jp_node *n = node_new(JN_MULTI_HASH);
    while (n) {
        int rc = hash_pair(p, n);
        if (rc < 0) {
            if (rc == -1)
                jp_node_free(n);
            return NULL;
        }
        if (cur(p) == JT_COMMA) {
            p->i++;
        } else if (cur(p) == JT_RBRACE) {
            p->i++;
            break;
        }
    }
    return n;
}

static struct jp_node *dot_rhs(struct parser *p, int rbp)
{
    switch (cur(p)) {
    case JT_QUOTED:
    case JT_UNQUOTED:
    case JT_STAR:
        return expression(p, rbp);
    case JT_LBRACKET:
        p->i++;
        return multi_select_list(p);
    case JT_LBRACE:
        p->i++;
        return multi_select_hash(p);
    default: {
        struct jp_token *t = la_tok(p, 0);
        char *msg = xasprintf("Expecting: ['quoted_identifier', 'unquoted_identifier', "
                              "'lbracket', 'lbrace'], got: %s",
                              jp_tok_name(t->type));
        parse_error(p, t, msg ? msg : "syntax error");
        free(msg);
        return NULL;
    }
    }
}

static struct jp_node *projection_rhs(struct parser *p, int rbp)
{
    if (bp(cur(p)) < PROJECTION_STOP)
        return node_new(JN_CURRENT);
    switch (cur(p)) {
    case JT_LBRACKET:
    case JT_FILTER:
        return expression(p, rbp);
    case JT_DOT:
        p->i++;
        return dot_rhs(p, rbp);
    default:
        return parse_error(p, la_tok(p, 0), "syntax error");
    }
}

static struct jp_node *slice_expression(struct parser *p)
{
    struct jp_node *n = node_new(JN_SLICE);
    int part = 0;
    while (n && cur(p) != JT_RBRACKET && part < 3) {
        if (cur(p) == JT_COLON && ++part < 3) {
            p->i++;
        } else if (cur(p) == JT_NUMBER) {
            n->has[part] = 1;
            n->sl[part] = la_tok(p, 0)->num;
            p->i++;
        } else {
            jp_node_free(n);
            return parse_error(p, la_tok(p, 0), "syntax error");
        }
    }
    if (n && match(p, JT_RBRACKET) < 0) {
        jp_node_free(n);
        return NULL;
    }
    return n;
}

static struct jp_node *index_expression(struct parser *p)
{
    if (cur(p) == JT_COLON || la_tok(p, 1)->type == JT_COLON)
        return slice_expression(p);
    struct jp_node *n = node_new(JN_INDEX);
    if (n)
        n->idx = la_tok(p, 0)->num;
    p->i++;
    if (n && match(p, JT_RBRACKET) < 0) {
        jp_node_free(n);
        return NULL;
    }
    return n;
}

static struct jp_node *project_if_slice(struct parser *p, struct jp_node *left,
                                        struct jp_node *right)
{
    int slice = right && right->kind == JN_SLICE;
    struct jp_node *idx = node2(p, JN_INDEX_EXPR, left, right);
    if (!idx || !slice)
        return idx;
    return node2(p, JN_PROJECTION, idx, projection_rhs(p, bp(JT_STAR)));
}

static struct jp_node *led_filter(struct parser *p, struct jp_node *left)
{
    struct jp_node *cond = expression(p, 0);
    if (!cond || match(p, JT_RBRACKET) < 0) {
        jp_node_free(cond);
        jp_node_free(left);
        return NULL;
    }
    struct jp_node *right =
        cur(p) == JT_FLATTEN ? node_new(JN_CURRENT) : projection_rhs(p, bp(JT_FILTER));
    struct jp_node *n = node2(p, JN_FILTER_PROJ, left, right);
    return n ? add(p, n, cond) : (jp_node_free(cond), NULL);
}

static struct jp_node *nud_lbracket(struct parser *p)
{
    if (cur(p) == JT_NUMBER || cur(p) == JT_COLON)
        return project_if_slice(p, node_new(JN_CURRENT), index_expression(p));
    if (cur(p) == JT_STAR && la_tok(p, 1)->type == JT_RBRACKET) {
        p->i += 2;
        return node2(p, JN_PROJECTION, node_new(JN_CURRENT), projection_rhs(p, bp(JT_STAR)));
    }
    return multi_select_list(p);
}

static struct jp_node *nud_literal(struct jp_token *tok)
{
    struct jp_node *n = node_new(JN_LITERAL);
    if (n) {
        n->lit = tok->lit;
        tok->lit = NULL;
    }
    return n;
}

static struct jp_node *nud_field(struct parser *p, struct jp_token *tok)
{
    if (tok->type == JT_QUOTED && cur(p) == JT_LPAREN)
        return parse_error_at(p, 0, la_tok(p, 0),
                              "Quoted identifier not allowed for function names.");
    struct jp_node *n = node_new(JN_FIELD);
    if (n && !(n->name = strdup(tok->text))) {
        jp_node_free(n);
        return NULL;
    }
    return n;
}

static struct jp_node *wrap(struct parser *p, enum jp_kind kind, struct jp_node *kid)
{
    return kid ? add(p, node_new(kind), kid) : NULL;
}

static struct jp_node *nud(struct parser *p, struct jp_token *tok)
{
    switch (tok->type) {
    case JT_LITERAL:
        return nud_literal(tok);
    case JT_UNQUOTED:
    case JT_QUOTED:
        return nud_field(p, tok);
    case JT_STAR:
        return node2(p, JN_VALUE_PROJ, node_new(JN_CURRENT),
                     cur(p) == JT_RBRACKET ? node_new(JN_CURRENT) : projection_rhs(p, bp(JT_STAR)));
    case JT_FILTER:
        return led_filter(p, node_new(JN_CURRENT));
    case JT_LBRACE:
        return multi_select_hash(p);
    case JT_LPAREN: {
        struct jp_node *e = expression(p, 0);
        if (e && match(p, JT_RPAREN) < 0) {
            jp_node_free(e);
            return NULL;
        }
        return e;
    }
    case JT_FLATTEN:
        return node2(p, JN_PROJECTION, wrap(p, JN_FLATTEN, node_new(JN_CURRENT)),
                     projection_rhs(p, bp(JT_FLATTEN)));
    case JT_NOT:
        return wrap(p, JN_NOT, expression(p, bp(JT_NOT)));
    case JT_LBRACKET:
        return nud_lbracket(p);
    case JT_CURRENT:
        return node_new(JN_CURRENT);
    case JT_EXPREF:
        return wrap(p, JN_EXPREF, expression(p, bp(JT_EXPREF)));
    case JT_EOF:
        return incomplete(p);
    default:
        return parse_error(p, tok, "invalid token");
    }
}

static struct jp_node *led_dot(struct parser *p, struct jp_node *left)
{
    if (cur(p) == JT_STAR) {
        p->i++;
        return node2(p, JN_VALUE_PROJ, left, projection_rhs(p, bp(JT_DOT)));
    }
    struct jp_node *right = dot_rhs(p, bp(JT_DOT));
    if (left->kind == JN_SUBEXPR)
        return right ? add(p, left, right) : (jp_node_free(left), NULL);
    return node2(p, JN_SUBEXPR, left, right);
}

static struct jp_node *led_function(struct parser *p, struct jp_node *left)
{
    if (left->kind != JN_FIELD) {
        struct jp_token *prev = &p->t[p->i - 2];
        char *msg = xasprintf("Invalid function name '%s'", prev->text);
        parse_error(p, prev, msg ? msg : "Invalid function name");
        free(msg);
        jp_node_free(left);
        return NULL;
    }
    left->kind = JN_FUNCTION;
    while (left && cur(p) != JT_RPAREN) {
        struct jp_node *arg = expression(p, 0);
        if (arg && cur(p) == JT_COMMA)
            p->i++;
        left = add(p, left, arg);
    }
    if (left && match(p, JT_RPAREN) < 0) {
        jp_node_free(left);
        return NULL;
    }
    return left;
}

static struct jp_node *led_lbracket(struct parser *p, struct jp_node *left)
{
    if (cur(p) == JT_NUMBER || cur(p) == JT_COLON) {
        struct jp_node *right = index_expression(p);
        if (left->kind == JN_INDEX_EXPR)
            return right ? add(p, left, right) : (jp_node_free(left), NULL);
        return project_if_slice(p, left, right);
    }
    if (match(p, JT_STAR) < 0 || match(p, JT_RBRACKET) < 0) {
        jp_node_free(left);
        return NULL;
    }
    return node2(p, JN_PROJECTION, left, projection_rhs(p, bp(JT_STAR)));
}

/* The operator at (already consumed) applied to left; a token that binds but is no infix
   operator (a '*', '!' or '{' after an expression) is the error, reported where it stands. */
static struct jp_node *led(struct parser *p, const struct jp_token *at, struct jp_node *left)
{
    enum jp_tok type = at->type;
    struct jp_node *n;
    switch (type) {
    case JT_DOT:
        return led_dot(p, left);
    case JT_PIPE:
        return node2(p, JN_PIPE, left, expression(p, bp(JT_PIPE)));
    case JT_OR:
        return node2(p, JN_OR, left, expression(p, bp(JT_OR)));
    case JT_AND:
        return node2(p, JN_AND, left, expression(p, bp(JT_AND)));
    case JT_LPAREN:
        return led_function(p, left);
    case JT_FILTER:
        return led_filter(p, left);
    case JT_EQ:
    case JT_NE:
    case JT_GT:
    case JT_GTE:
    case JT_LT:
    case JT_LTE:
        n = node2(p, JN_CMP, left, expression(p, bp(type)));
        if (n)
            n->op = type;
        return n;
    case JT_FLATTEN:
        return node2(p, JN_PROJECTION, wrap(p, JN_FLATTEN, left),
                     projection_rhs(p, bp(JT_FLATTEN)));
    case JT_LBRACKET:
        return led_lbracket(p, left);
    default:
        jp_node_free(left);
        return parse_error(p, at, "invalid token");
    }
}

static struct jp_node *expression(struct parser *p, int rbp)
{
    struct jp_token *tok = la_tok(p, 0);
    if (p->depth >= JP_MAX_DEPTH)
        return parse_error(p, tok, "Expression nested too deeply");
    p->depth++;
    p->i++;
    struct jp_node *left = nud(p, tok);
    while (left && rbp < bp(cur(p))) {
        struct jp_token *at = la_tok(p, 0);
        p->i++;
        left = led(p, at, left);
    }
    p->depth--;
    return left;
}

struct jmespath *jmespath_compile(const char *expr, char **err)
{
    struct parser p = {.expr = expr, .err = err};
    *err = NULL;
    if (jp_lex(expr, &p.t, &p.n, err) < 0)
        return NULL;
    struct jp_node *root = expression(&p, 0);
    if (root && cur(&p) != JT_EOF) {
        struct jp_token *t = la_tok(&p, 0);
        char *msg = xasprintf("Unexpected token: %s", t->text);
        parse_error(&p, t, msg ? msg : "Unexpected token");
        free(msg);
        jp_node_free(root);
        root = NULL;
    }
    jp_tokens_free(p.t, p.n);
    struct jmespath *q = root ? malloc(sizeof *q) : NULL;
    if (q)
        q->root = root;
    else if (root)
        jp_node_free(root);
    if (!q && !*err)
        *err = xasprintf("out of memory");
    return q;
}

void jp_node_free(struct jp_node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        jp_node_free(n->kids[i]);
    for (size_t i = 0; i < n->nkeys; i++)
        free(n->keys[i]);
    free(n->kids);
    free(n->keys);
    free(n->name);
    json_decref(n->lit);
    free(n);
}

void jmespath_free(struct jmespath *q)
{
    if (q) {
        jp_node_free(q->root);
        free(q);
    }
}
