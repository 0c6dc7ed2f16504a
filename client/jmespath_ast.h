/* Internal to the JMESPath engine: tokens, the AST, and what its files share. */
#ifndef CLIENT_JMESPATH_AST_H
#define CLIENT_JMESPATH_AST_H

#include <stddef.h>
#include <jansson.h>

/* Deeper than this, parsing or evaluating fails with an error instead of overflowing the stack. */
#define JP_MAX_DEPTH 512

enum jp_tok {
    JT_EOF,
    JT_UNQUOTED,
    JT_QUOTED,
    JT_LITERAL,
    JT_RBRACKET,
    JT_RPAREN,
    JT_COMMA,
    JT_RBRACE,
    JT_NUMBER,
    JT_CURRENT,
    JT_EXPREF,
    JT_COLON,
    JT_PIPE,
    JT_OR,
    JT_AND,
    JT_EQ,
    JT_GT,
    JT_LT,
    JT_GTE,
    JT_LTE,
    JT_NE,
    JT_FLATTEN,
    JT_STAR,
    JT_FILTER,
    JT_DOT,
    JT_NOT,
    JT_LBRACE,
    JT_LBRACKET,
    JT_LPAREN,
    JT_COUNT
};

struct jp_token {
    enum jp_tok type;
    size_t start; /* byte offset in the expression */
    char *text;   /* identifier or the token's spelling, malloc'd */
    long num;     /* JT_NUMBER */
    json_t *lit;  /* JT_LITERAL: owned until the parser takes it */
};

/* Tokenize EXPR into *out (terminated by JT_EOF); on error returns -1 with *err set. */
int jp_lex(const char *expr, struct jp_token **out, size_t *n, char **err);
void jp_tokens_free(struct jp_token *t, size_t n);
/* The column of byte offset BYTE in S, counting characters as the CLI's messages do. */
size_t jp_column(const char *s, size_t byte);
const char *jp_tok_name(enum jp_tok t);

enum jp_kind {
    JN_FIELD,
    JN_INDEX,
    JN_SLICE,
    JN_CURRENT,
    JN_LITERAL,
    JN_SUBEXPR,
    JN_INDEX_EXPR,
    JN_PROJECTION,
    JN_VALUE_PROJ,
    JN_FILTER_PROJ,
    JN_FLATTEN,
    JN_MULTI_LIST,
    JN_MULTI_HASH,
    JN_OR,
    JN_AND,
    JN_NOT,
    JN_CMP,
    JN_PIPE,
    JN_FUNCTION,
    JN_EXPREF
};

struct jp_node {
    enum jp_kind kind;
    enum jp_tok op;        /* JN_CMP: JT_EQ .. JT_NE */
    char *name;            /* JN_FIELD key, JN_FUNCTION name */
    json_t *lit;           /* JN_LITERAL */
    long idx;              /* JN_INDEX */
    int has[3];            /* JN_SLICE: which of start, stop, step were given */
    long sl[3];            /* JN_SLICE values */
    struct jp_node **kids; /* children, in order */
    char **keys;           /* JN_MULTI_HASH: one key per child */
    size_t nkids, nkeys;
    int depth; /* height of this subtree, bounded by JP_MAX_DEPTH */
};

struct jmespath {
    struct jp_node *root;
};

void jp_node_free(struct jp_node *n);

/* Evaluation context: the error slot and the current depth. */
struct jp_ctx {
    char **err;
    int depth;
    /* jp_eval, handed to the functions (jmespath_func.c, jmespath_sort.c) for their &expr
       arguments, so that they need not call back into the evaluator's file. */
    json_t *(*eval)(struct jp_ctx *c, const struct jp_node *n, json_t *v);
};

/* A function argument: a value (a new reference) or, for &expr, the expression. */
struct jp_arg {
    json_t *v;
    const struct jp_node *expref;
};

json_t *jp_eval(struct jp_ctx *c, const struct jp_node *n, json_t *v);
json_t *jp_call(struct jp_ctx *c, const char *name, struct jp_arg *args, size_t n);
/* jmespath_value.c */
int jp_truthy(const json_t *v);
int jp_equal(const json_t *a, const json_t *b);
int jp_is_number(const json_t *v);
const char *jp_type_name(const json_t *v);
/* Set *c->err to a formatted message (the first error wins); returns NULL for convenience. */
json_t *jp_fail(struct jp_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The ordering built-ins (jmespath_sort.c), for the function table. */
json_t *jp_sort_fn(struct jp_ctx *c, struct jp_arg *a, size_t n);
json_t *jp_sort_by_fn(struct jp_ctx *c, struct jp_arg *a, size_t n);
json_t *jp_min_by_fn(struct jp_ctx *c, struct jp_arg *a, size_t n);
json_t *jp_max_by_fn(struct jp_ctx *c, struct jp_arg *a, size_t n);
json_t *jp_min_fn(struct jp_ctx *c, struct jp_arg *a, size_t n);
json_t *jp_max_fn(struct jp_ctx *c, struct jp_arg *a, size_t n);

/* Compact JSON text as Python's json.dumps(separators=(',', ':')) writes it; malloc'd. */
char *jp_dumps(const json_t *v);
/* Python's str() of the value (a string bare, the rest as repr), as the CLI's messages show it. */
char *jp_pystr(const json_t *v);
/* Python's name of the value's type ("str", "float", ...), which some CLI messages show. */
const char *jp_pytype_name(const json_t *v);

#endif
