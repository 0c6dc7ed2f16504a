/* The read commands the form relies on, with the AWS CLI's output shapes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/output.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "forms/validate.h"

typedef int (*rc_arn_call)(struct klx_client *, const char *, json_t **, struct api_error *);

/* Run one call by ARN and print its reply as operation's output. */
static int rc_run(const struct cli_globals *g, const char *name, const char *operation,
                  rc_arn_call by_arn, const char *arn)
{
    struct klx_settings s;
    struct klx_client *c = NULL;
    struct cli_printer p;
    int rc = cli_client(g, operation, &s, &p, &c);
    if (rc) {
        settings_free(&s);
        return rc;
    }
    json_t *reply = NULL;
    struct api_error err;
    rc = by_arn(c, arn, &reply, &err);
    if (rc == 0)
        rc = cli_print_reply(&p, reply);
    else
        cli_report_error(name, &err);
    api_error_clear(&err);
    json_decref(reply);
    klx_client_free(c);
    settings_free(&s);
    return rc;
}

/* Parse "--arn ARN" (the only option) and check it with the field table's ARN rule. */
static int rc_arn_args(int argc, char **argv, const char *usage, const char **arn)
{
    *arn = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r = cli_take_option(argc, argv, &i, "--arn", &v);
        if (r < 0)
            return KLX_USAGE;
        if (r == 0 && !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return -1;
        }
        if (r == 0) {
            fprintf(stderr, "klaxon: %s: unknown option \"%s\"\n%s", argv[0], argv[i], usage);
            return KLX_USAGE;
        }
        *arn = v;
    }
    if (!*arn) {
        fprintf(stderr, "klaxon: %s: --arn is required\n%s", argv[0], usage);
        return KLX_USAGE;
    }
    struct buf why = BUF_INIT;
    if (!forms_check_value(forms_field_by_id(FIELD_ID_RESPONSE_PLAN_ARN), *arn, &why)) {
        fprintf(stderr, "klaxon: %s: --arn: %s\n", argv[0], buf_cstr(&why));
        buf_free(&why);
        return KLX_USAGE;
    }
    buf_free(&why);
    return 0;
}

static int rc_by_arn(int argc, char **argv, const struct cli_globals *g, const char *operation,
                     rc_arn_call call)
{
    char usage[160];
    snprintf(usage, sizeof usage, "usage: klaxon %s --arn ARN\n", argv[0]);
    const char *arn;
    int rc = rc_arn_args(argc, argv, usage, &arn);
    if (rc)
        return rc < 0 ? 0 : rc;
    return rc_run(g, argv[0], operation, call, arn);
}

int cmd_get_response_plan(int argc, char **argv, const struct cli_globals *g)
{
    return rc_by_arn(argc, argv, g, "GetResponsePlan", api_get_response_plan);
}

int cmd_get_incident_record(int argc, char **argv, const struct cli_globals *g)
{
    return rc_by_arn(argc, argv, g, "GetIncidentRecord", api_get_incident_record);
}

/* The CLI's paging flags of list-response-plans (botocore's PageIterator). */
struct rc_paging {
    long max_items, page_size; /* 0: not given */
    const char *starting_token;
    char *next_token; /* decoded from starting_token */
    long skip;        /* items of the first page already printed */
};

/* Bounds on what a server can make klaxon loop over (as the client's own lister). */
#define RC_MAX_PAGES 1000
#define RC_MAX_ITEMS 10000

static const char rc_list_usage[] =
    "usage: klaxon list-response-plans [--max-items N] [--starting-token TOKEN] [--page-size N]\n"
    "\n"
    "Lists the response plans, following every page, as {\"responsePlanSummaries\": [...]}.\n"
    "--max-items N prints at most N and then the NextToken to pass to --starting-token;\n"
    "--page-size N asks for N a call; --no-paginate makes one call and prints its nextToken.\n";

static int rc_count(const char *opt, const char *v, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < 1 || n > 1000000) {
        fprintf(stderr, "klaxon: list-response-plans: %s: expected a whole number from 1, got ",
                opt);
        cli_put(stderr, v);
        fputc('\n', stderr);
        return KLX_USAGE;
    }
    *out = n;
    return 0;
}

static int rc_list_args(int argc, char **argv, const struct cli_globals *g, struct rc_paging *pg)
{
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r, rc = 0;
        if ((r = cli_take_option(argc, argv, &i, "--max-items", &v)) > 0)
            rc = rc_count("--max-items", v, &pg->max_items);
        else if (!r && (r = cli_take_option(argc, argv, &i, "--page-size", &v)) > 0)
            rc = rc_count("--page-size", v, &pg->page_size);
        else if (!r && (r = cli_take_option(argc, argv, &i, "--starting-token", &v)) > 0)
            pg->starting_token = v;
        if (r < 0 || rc)
            return KLX_USAGE;
        if (r == 0 && !strcmp(argv[i], "--help")) {
            fputs(rc_list_usage, stdout);
            return -1;
        }
        if (r == 0) {
            fprintf(stderr, "klaxon: list-response-plans: unknown option \"%s\"\n%s", argv[i],
                    rc_list_usage);
            return KLX_USAGE;
        }
    }
    const char *clash = pg->page_size        ? "--page-size"
                        : pg->max_items      ? "--max-items"
                        : pg->starting_token ? "--starting-token"
                                             : NULL;
    if (g->no_paginate && clash) {
        fprintf(stderr,
                "klaxon: Cannot specify --no-paginate along with pagination arguments: %s\n",
                clash);
        return KLX_USAGE;
    }
    if (pg->starting_token &&
        cli_token_decode(pg->starting_token, &pg->next_token, &pg->skip) != 0) {
        fputs("klaxon: list-response-plans: --starting-token: not a NextToken that klaxon or "
              "the AWS CLI printed\n",
              stderr);
        return KLX_USAGE;
    }
    return 0;
}

/* The page's items after the first page's skip and the --max-items cut; *resume set when cut. */
static void rc_cut_page(json_t *page, struct rc_paging *pg, long *total, bool first,
                        const char *sent_token, char **resume)
{
    json_t *items = json_object_get(page, "responsePlanSummaries");
    long skip = first ? pg->skip : 0;
    for (long k = 0; k < skip && json_array_size(items); k++)
        json_array_remove(items, 0);
    long n = (long)json_array_size(items);
    long over = pg->max_items ? *total + n - pg->max_items : 0;
    if (over > 0) {
        long keep = n - over;
        while ((long)json_array_size(items) > keep)
            json_array_remove(items, json_array_size(items) - 1);
        /* Where this page began, and how much of it has been printed. */
        *resume = cli_token_encode(sent_token, keep + skip);
    }
    *total += n;
}

/* Follow the pages as the CLI does, each printed or gathered by pages. */
static int rc_follow(struct klx_client *c, struct rc_paging *pg, struct cli_pages *pages)
{
    const struct out_shape *shape = out_model_output("ListResponsePlans");
    char *token = pg->next_token ? xstrdup(pg->next_token) : NULL, *resume = NULL;
    long total = 0;
    int rc = 0;
    for (int n = 0; !rc && !resume; n++) {
        json_t *raw = NULL;
        struct api_error err;
        if (n == RC_MAX_PAGES || total > RC_MAX_ITEMS) {
            fprintf(stderr,
                    "klaxon: list-response-plans: the service sent more than %d %s; "
                    "stopped there (a list that long is not a real one: check the endpoint)\n",
                    n == RC_MAX_PAGES ? RC_MAX_PAGES : RC_MAX_ITEMS,
                    n == RC_MAX_PAGES ? "pages" : "items");
            rc = KLX_UNREACHABLE;
            break;
        }
        rc = api_list_response_plans_page(c, (int)pg->page_size, token, &raw, &err);
        if (rc) {
            cli_report_error("list-response-plans", &err);
            api_error_clear(&err);
            break;
        }
        json_t *page = out_model_apply(shape, raw);
        json_decref(raw);
        rc_cut_page(page, pg, &total, n == 0, token, &resume);
        cli_pages_add(pages, page);
        const char *next = json_string_value(json_object_get(page, "nextToken"));
        bool more = !resume && next && *next;
        if (more && token && !strcmp(token, next)) {
            fputs("klaxon: list-response-plans: the same next token was received twice\n", stderr);
            rc = KLX_UNREACHABLE;
        } else if (more && pg->max_items && total == pg->max_items) {
            resume = cli_token_encode(next, -1);
        }
        free(token);
        token = more ? xstrdup(next) : NULL;
        json_decref(page);
        if (!more)
            break;
    }
    free(token);
    /* A failed call prints no gathered result: the CLI raises before it prints (text and
       yaml-stream have printed their pages already, as the CLI's have). */
    if (rc && !pages->rc)
        pages->rc = rc;
    int prc = cli_pages_end(pages, rc ? NULL : resume);
    free(resume);
    return rc ? rc : prc;
}

int cmd_list_response_plans(int argc, char **argv, const struct cli_globals *g)
{
    struct rc_paging pg = {0};
    int rc = rc_list_args(argc, argv, g, &pg);
    if (rc) {
        free(pg.next_token);
        return rc < 0 ? 0 : rc;
    }
    struct klx_settings s;
    struct klx_client *c = NULL;
    struct cli_printer p;
    rc = cli_client(g, "ListResponsePlans", &s, &p, &c);
    if (!rc && g->no_paginate) {
        json_t *reply = NULL;
        struct api_error err;
        rc = api_list_response_plans_page(c, 0, NULL, &reply, &err);
        rc = rc ? cli_report_error("list-response-plans", &err) : cli_print_reply(&p, reply);
        api_error_clear(&err);
        json_decref(reply);
    } else if (!rc) {
        struct cli_pages pages;
        cli_pages_begin(&pages, &p, "responsePlanSummaries");
        rc = rc_follow(c, &pg, &pages);
    }
    free(pg.next_token);
    klx_client_free(c);
    settings_free(&s);
    return rc;
}
