/* Printing replies as the AWS CLI does: --output json|text|table|yaml|yaml-stream, --query, and
   the service model's member order and timestamps. */
#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

enum cli_format { CLI_OUT_JSON, CLI_OUT_TEXT, CLI_OUT_TABLE, CLI_OUT_YAML, CLI_OUT_YAML_STREAM };

/* The accepted names, in enum order, and the one-line list an error shows. */
extern const char *const cli_format_names[];
#define CLI_FORMATS_LIST "json, text, table, yaml, yaml-stream"
/* 0 and *out set, or -1 for a name that is none of them. */
int cli_format_parse(const char *name, enum cli_format *out);

/* ---- The service model's output shapes (cli/output_model.c, generated) ---- */
enum out_kind { OUT_SCALAR, OUT_TIMESTAMP, OUT_STRUCT, OUT_LIST, OUT_MAP };
struct out_shape;
struct out_member {
    const char *name;
    const struct out_shape *shape;
};
struct out_shape {
    enum out_kind kind;
    const struct out_shape *item; /* a list's member, a map's value */
    const struct out_member *members;
    size_t nmembers;
};
struct out_operation {
    const char *name; /* "GetResponsePlan" */
    const struct out_shape *output;
};
extern const struct out_operation out_operations[];
extern const size_t out_noperations;

/* The output shape of an operation, or NULL. */
const struct out_shape *out_model_output(const char *operation);
/* A copy of v as the AWS CLI parses it with the shape: structure members in the model's order,
   members the model does not have dropped, timestamps (epoch seconds) as ISO 8601 strings; maps
   keep the server's order. shape NULL: a deep copy. */
json_t *out_model_apply(const struct out_shape *shape, const json_t *v);
/* Epoch seconds as the AWS CLI v2 prints a timestamp (local offset, microseconds if any). */
json_t *out_iso8601(double epoch);

/* ---- The formatters: each appends to b exactly what the CLI would print ---- */
/* json.dump(v, indent=4, ensure_ascii=False) and a newline; nothing for {}. */
void out_json(struct buf *b, const json_t *v);
/* awscli/text.py: tab-separated lines, keys sorted, lists' identifiers upper-cased. */
void out_text(struct buf *b, const json_t *v);
/* awscli/table.py: the boxed layout titled with the operation's name, at most width columns
   before single-row sections turn vertical; color: the CLI's ANSI styles. */
void out_table(struct buf *b, const char *title, const json_t *v, int width, bool color);
/* The CLI's YAML (ruamel safe dump, keys sorted) through libyaml's emitter; a bare scalar as
   JSON. 0, or -1 if the emitter failed. */
int out_yaml(struct buf *b, const json_t *v);
/* Python's str() of a scalar: "True", "None", 2, 1.5 (for text and table). */
void out_scalar_str(struct buf *b, const json_t *v);
/* The column width of UTF-8 text as awscli/table.py measures it (wide characters count 2). */
size_t out_text_width(const char *s);

/* ---- Printing a command's reply (cli/output_print.c) ---- */
struct jmespath;

struct cli_printer {
    enum cli_format fmt;
    const struct jmespath *query; /* NULL: none */
    const char *operation;        /* the table's title and the model's output shape */
    bool color;                   /* the table's ANSI styles */
    int width;                    /* the terminal's columns (80 when not a terminal) */
};

/* The format from --output (flag), else from the settings (AWS_DEFAULT_OUTPUT, then the profile's
   output; NULL: json); color is --color's on|off|auto (NULL: auto). 0, or KLX_USAGE after
   naming the bad value and listing the accepted ones. */
int cli_printer_init(struct cli_printer *p, const char *flag, const char *setting,
                     const struct jmespath *query, const char *operation, const char *color);
/* Shape a whole reply with the operation's model, apply --query, print it. 0, or KLX_USAGE when
   the query failed at run time (the message printed). */
int cli_print_reply(const struct cli_printer *p, const json_t *reply);

/* A paginated listing as the CLI prints it: pages come in one at a time (already truncated for
   --max-items / --starting-token), the result key's items gathered for the formats that print
   the whole result; text and yaml-stream print each page as it comes. */
struct cli_pages {
    const struct cli_printer *p;
    const char *result_key; /* "responsePlanSummaries" */
    json_t *all;            /* the gathered items */
    size_t npages;
    int rc;
};
void cli_pages_begin(struct cli_pages *pg, const struct cli_printer *p, const char *result_key);
/* One page, shaped by the model (it may hold the service's nextToken). */
void cli_pages_add(struct cli_pages *pg, const json_t *page);
/* After the last page: resume (NULL: none) is the CLI's NextToken. Returns pg->rc. */
int cli_pages_end(struct cli_pages *pg, const char *resume);

/* The CLI's own paging token: base64 of {"nextToken": TOKEN|null, "boto_truncate_amount": N}
   (the amount left out when truncate < 0). A new string. */
char *cli_token_encode(const char *next_token, long truncate);
/* Decode one: 0 with *next_token (a new string, NULL for null) and *truncate (0 if none), or -1
   for a token that is not one of the CLI's. */
int cli_token_decode(const char *token, char **next_token, long *truncate);

#endif
