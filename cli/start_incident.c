/* `klaxon start-incident`: the AWS CLI's flags, validated with the field table, then sent. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/input.h"
#include "client/declare.h"
#include "core/status.h"
#include "forms/shorthand.h"
#include "forms/validate.h"

static const char si_usage[] =
    "usage: klaxon start-incident --response-plan-arn ARN [--impact 1-5] [--title TEXT]\n"
    "           [--related-items ITEM [ITEM ...]] [--trigger-details DETAILS]\n"
    "           [--client-token TOKEN] [--cli-input-json JSON | --cli-input-yaml YAML]\n"
    "           [--generate-cli-skeleton [input|yaml-input|output]] [--dry-run]\n"
    "\n"
    "Declares an incident, exactly as `aws ssm-incidents start-incident` would. Every field is\n"
    "checked before anything is sent; --dry-run prints the request body and sends nothing.\n"
    "Without --client-token a fresh one is generated; retries reuse it, so the service never\n"
    "creates a second incident for one declaration. Prints {\"incidentRecordArn\": ...}.\n"
    "Impact: 1 Critical, 2 High, 3 Medium, 4 Low, 5 No Impact.\n"
    "ITEM and DETAILS are JSON, file://PATH or the AWS CLI's shorthand, e.g.\n"
    "  --related-items title=Dash,identifier={type=OTHER,value={url=https://x}} title=B,...\n"
    "  --trigger-details source=pagerduty,timestamp=2024-01-01T00:00:00Z,rawData=...\n"
    "Timestamps: ISO 8601 (2024-01-01, 2024-01-01 10:00, ...+02:00) or epoch seconds.\n";

struct si_args {
    const char *plan, *impact, *title, *trigger, *token;
    char **related; /* --related-items takes one argument or more, as the AWS CLI's */
    int nrelated;
    bool dry_run, sample, help;
};

/* argparse's test for an argument that ends a list: it looks like an option (not "-", not a
   negative number -N or -N.N or -.N, no space in it). */
static bool si_is_option(const char *a)
{
    if (a[0] != '-' || !a[1] || strchr(a, ' '))
        return false;
    size_t whole = strspn(a + 1, "0123456789");
    const char *rest = a + 1 + whole;
    bool number =
        !*rest ? whole > 0 : *rest == '.' && rest[1] && !rest[1 + strspn(rest + 1, "0123456789")];
    return !number;
}

/* --related-items V [V ...] or --related-items=V. 1 taken, 0 another option, -1 no value. */
static int si_take_related(int argc, char **argv, int *i, struct si_args *a)
{
    const char *name = "--related-items";
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0 || (argv[*i][n] != '=' && argv[*i][n] != '\0'))
        return 0;
    if (argv[*i][n] == '=') {
        a->related = &argv[*i];
        argv[*i] += n + 1; /* the value alone, in place */
        a->nrelated = 1;
        return 1;
    }
    int first = *i + 1, last = first;
    while (last < argc && !si_is_option(argv[last]))
        last++;
    if (last == first) {
        fprintf(stderr, "klaxon: %s needs a value\n", name);
        return -1;
    }
    a->related = &argv[first];
    a->nrelated = last - first;
    *i = last - 1;
    return 1;
}

static int si_parse(int argc, char **argv, struct si_args *a)
{
    static const struct {
        const char *name;
        size_t off;
    } opts[] = {
        {"--response-plan-arn", offsetof(struct si_args, plan)},
        {"--impact", offsetof(struct si_args, impact)},
        {"--title", offsetof(struct si_args, title)},
        {"--trigger-details", offsetof(struct si_args, trigger)},
        {"--client-token", offsetof(struct si_args, token)},
    };
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dry-run") || !strcmp(argv[i], "--help") ||
            !strcmp(argv[i], "--generate-cli-skeleton=output")) {
            a->dry_run |= argv[i][2] == 'd';
            a->help |= argv[i][2] == 'h';
            a->sample |= argv[i][2] == 'g';
            continue;
        }
        int r = si_take_related(argc, argv, &i, a);
        for (size_t k = 0; k < sizeof opts / sizeof opts[0] && !r; k++) {
            const char *v = NULL;
            r = cli_take_option(argc, argv, &i, opts[k].name, &v);
            if (r > 0)
                *(const char **)((char *)a + opts[k].off) = v;
        }
        if (r < 0)
            return KLX_USAGE;
        if (r == 0) {
            fprintf(stderr, "klaxon: start-incident: unknown option \"%s\"\n%s", argv[i], si_usage);
            return KLX_USAGE;
        }
    }
    return 0;
}

/* --impact must be a whole number; the range is the field table's business. */
static int si_set_impact(json_t *body, const char *text, struct problems *p)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (!*text || *end) {
        problems_add(p, "impact",
                     "must be a whole number from 1 (Critical) to 5 (No Impact), "
                     "not \"%s\"",
                     text);
        return -1;
    }
    json_object_set_new(body, "impact", json_integer(v));
    return 0;
}

/* A structure or list option: JSON, shorthand, or file://PATH holding either (the AWS CLI
   reads a file only for a single value). Problems name the option's path. */
static int si_set_option(json_t *body, const char *member, const char *opt, enum field_id id,
                         char **values, int n, struct problems *p)
{
    char *owned = NULL;
    const char *one = values[0];
    if (n == 1 && !(one = cli_input_param_text(opt, values[0], &owned)))
        return KLX_USAGE;
    const char *const *vals = n == 1 ? &one : (const char *const *)values;
    json_t *v = shorthand_option(opt, id, vals, (size_t)n, p);
    if (v)
        json_object_set_new(body, member, v);
    free(owned);
    return 0;
}

/* Assemble the body from the flags (--cli-input-json/yaml came in as flags before them). */
static int si_build(struct si_args *a, json_t **out, struct problems *p)
{
    json_t *body = json_object();
    int rc = 0;
    if (a->plan)
        json_object_set_new(body, "responsePlanArn", json_string(a->plan));
    if (a->title)
        json_object_set_new(body, "title", json_string(a->title));
    if (a->impact)
        si_set_impact(body, a->impact, p);
    if (a->nrelated)
        rc = si_set_option(body, "relatedItems", "--related-items", FIELD_ID_RELATED_ITEMS,
                           a->related, a->nrelated, p);
    if (!rc && a->trigger)
        rc = si_set_option(body, "triggerDetails", "--trigger-details", FIELD_ID_TRIGGER,
                           (char **)&a->trigger, 1, p);
    if (rc) {
        json_decref(body);
        return rc;
    }
    if (a->token)
        json_object_set_new(body, "clientToken", json_string(a->token));
    if (!json_object_get(body, "clientToken")) {
        char token[37];
        api_new_client_token(token);
        json_object_set_new(body, "clientToken", json_string(token));
    }
    *out = body;
    return 0;
}

/* The model lets "" and blanks through; klaxon's guarantee does not (declare_token_ok). */
static void si_check_token(const json_t *body, struct problems *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->v[i].path, "clientToken"))
            return; /* the field table said it already */
    struct buf why = BUF_INIT;
    if (!declare_token_ok(json_object_get(body, "clientToken"), &why))
        problems_add(p, "clientToken", "%s", buf_cstr(&why));
    buf_free(&why);
}

static int si_report_problems(const struct problems *p)
{
    for (size_t i = 0; i < p->n; i++) {
        fprintf(stderr, "klaxon: %s: ", p->v[i].path);
        cli_put(stderr, p->v[i].message); /* it may quote the input */
        fputc('\n', stderr);
    }
    return KLX_USAGE;
}

static int si_send(const struct cli_globals *g, json_t *body)
{
    return cli_declare(g, "start-incident", body, NULL, false);
}

int cmd_start_incident(int argc, char **argv, const struct cli_globals *g)
{
    struct si_args a = {0};
    int rc = si_parse(argc, argv, &a);
    if (rc)
        return rc;
    if (a.help) {
        fputs(si_usage, stdout);
        return 0;
    }
    struct problems p = PROBLEMS_INIT;
    json_t *body = NULL;
    rc = si_build(&a, &body, &p);
    if (rc) {
        problems_free(&p);
        return rc;
    }
    forms_normalize_start_incident(body, &p);
    if (!p.n)
        forms_validate_start_incident(body, &p);
    si_check_token(body, &p);
    if (p.n) {
        rc = si_report_problems(&p);
    } else if (a.sample) { /* --generate-cli-skeleton output: valid, so the sample reply */
        fputs(cli_input_skeleton("start-incident", "output"), stdout);
        rc = 0;
    } else if (a.dry_run) {
        char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
        puts(text ? text : "");
        free(text);
        rc = 0;
    } else {
        rc = si_send(g, body);
    }
    problems_free(&p);
    json_decref(body);
    return rc;
}
