/* A command's reply printed as the AWS CLI prints it: the format chosen by flag, environment or
   profile, --query applied to the whole result (or to each page in text and yaml-stream), and
   the CLI's own paging token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/output.h"
#include "client/jmespath.h"
#include "core/printable.h"
#include "core/status.h"
#include "core/xalloc.h"

/* determine_terminal_width: stdout's columns, 80 when it is not a terminal. */
static int out_terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
        return ws.ws_col;
    return 80;
}

int cli_printer_init(struct cli_printer *p, const char *flag, const char *setting,
                     const struct jmespath *query, const char *operation, const char *color)
{
    const char *name = flag ? flag : setting ? setting : "json";
    memset(p, 0, sizeof *p);
    if (cli_format_parse(name, &p->fmt) != 0) {
        char *safe = printable_dup(name);
        fprintf(stderr, "klaxon: %s: unknown output format \"%s\"; accepted: %s\n",
                flag ? "--output" : "output (AWS_DEFAULT_OUTPUT or the profile's output)", safe,
                CLI_FORMATS_LIST);
        free(safe);
        return KLX_USAGE;
    }
    p->query = query;
    p->operation = operation;
    const char *nc = getenv("NO_COLOR");
    bool tty = isatty(STDOUT_FILENO);
    p->color = color && !strcmp(color, "on");
    if (!color || !strcmp(color, "auto"))
        p->color = tty && !(nc && *nc);
    p->width = tty ? out_terminal_width() : 80;
    return 0;
}

/* --query over v: a new reference, or NULL after printing why. */
static json_t *out_query(const struct cli_printer *p, json_t *v)
{
    if (!p->query)
        return json_incref(v);
    char *err = NULL;
    json_t *r = jmespath_search(p->query, v, &err);
    if (!r) {
        fputs("klaxon: --query: ", stderr);
        char *safe = printable_dup(err ? err : "cannot evaluate the expression");
        fprintf(stderr, "%s\n", safe);
        free(safe);
        free(err);
    }
    return r;
}

static void out_flush(struct buf *b)
{
    if (b->len)
        fwrite(b->data, 1, b->len, stdout);
    fflush(stdout);
    buf_free(b);
}

/* The whole result in the chosen format, --query applied. */
static int out_print_whole(const struct cli_printer *p, json_t *v)
{
    json_t *q = out_query(p, v);
    if (!q)
        return KLX_USAGE;
    struct buf b = BUF_INIT;
    int rc = 0;
    switch (p->fmt) {
    case CLI_OUT_JSON:
        out_json(&b, q);
        break;
    case CLI_OUT_TEXT:
        out_text(&b, q);
        break;
    case CLI_OUT_TABLE:
        out_table(&b, p->operation, q, p->width, p->color);
        break;
    case CLI_OUT_YAML:
        rc = out_yaml(&b, q) ? KLX_USAGE : 0;
        break;
    case CLI_OUT_YAML_STREAM:
        if (!json_is_object(q) || json_object_size(q)) {
            json_t *one = json_pack("[O]", q);
            rc = out_yaml(&b, one) ? KLX_USAGE : 0;
            json_decref(one);
        }
        break;
    }
    out_flush(&b);
    json_decref(q);
    return rc;
}

int cli_print_reply(const struct cli_printer *p, const json_t *reply)
{
    json_t *shaped = out_model_apply(out_model_output(p->operation), reply);
    int rc = out_print_whole(p, shaped);
    json_decref(shaped);
    return rc;
}

void cli_pages_begin(struct cli_pages *pg, const struct cli_printer *p, const char *result_key)
{
    memset(pg, 0, sizeof *pg);
    pg->p = p;
    pg->result_key = result_key;
    pg->all = json_array();
}

/* Text and yaml-stream print as the pages come: text the page's result key (the CLI's
   non-aggregate part is empty for these listings), yaml-stream the whole page. */
static int out_print_page(const struct cli_pages *pg, const json_t *page)
{
    const struct cli_printer *p = pg->p;
    json_t *v = p->fmt == CLI_OUT_TEXT
                    ? json_pack("{sO}", pg->result_key, json_object_get(page, pg->result_key))
                    : json_pack("[O]", page);
    json_t *q = p->fmt == CLI_OUT_TEXT ? out_query(p, v) : NULL;
    struct buf b = BUF_INIT;
    int rc = 0;
    if (p->fmt == CLI_OUT_TEXT && q)
        out_text(&b, q);
    else if (p->fmt == CLI_OUT_TEXT)
        rc = KLX_USAGE;
    else {
        q = out_query(p, json_array_get(v, 0));
        json_t *one = q && (!json_is_object(q) || json_object_size(q)) ? json_pack("[O]", q) : NULL;
        rc = !q ? KLX_USAGE : one && out_yaml(&b, one) ? KLX_USAGE : 0;
        json_decref(one);
    }
    out_flush(&b);
    json_decref(q);
    json_decref(v);
    return rc;
}

void cli_pages_add(struct cli_pages *pg, const json_t *page)
{
    pg->npages++;
    if (pg->rc)
        return;
    enum cli_format f = pg->p->fmt;
    if (f == CLI_OUT_TEXT || f == CLI_OUT_YAML_STREAM)
        pg->rc = out_print_page(pg, page);
    else
        json_array_extend(pg->all, json_object_get(page, pg->result_key));
}

int cli_pages_end(struct cli_pages *pg, const char *resume)
{
    enum cli_format f = pg->p->fmt;
    if (!pg->rc && f == CLI_OUT_TEXT && resume) {
        json_t *v = json_pack("{s{ss}}", "NextToken", "NextToken", resume);
        json_t *q = out_query(pg->p, v);
        struct buf b = BUF_INIT;
        if (q)
            out_text(&b, q);
        else
            pg->rc = KLX_USAGE;
        out_flush(&b);
        json_decref(q);
        json_decref(v);
    } else if (!pg->rc && f != CLI_OUT_TEXT && f != CLI_OUT_YAML_STREAM) {
        /* build_full_result: the result key, then the NextToken to go on from. */
        json_t *full = json_pack("{sO}", pg->result_key, pg->all);
        if (resume)
            json_object_set_new(full, "NextToken", json_string(resume));
        pg->rc = out_print_whole(pg->p, full);
        json_decref(full);
    }
    json_decref(pg->all);
    pg->all = NULL;
    return pg->rc;
}
