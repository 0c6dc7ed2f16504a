/* `klaxon start-incident`: the AWS CLI's flags, validated with the field table, then sent. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "client/declare.h"
#include "core/status.h"
#include "forms/validate.h"

static const char si_usage[] =
    "usage: klaxon start-incident --response-plan-arn ARN [--impact 1-5] [--title TEXT]\n"
    "           [--related-items JSON|file://PATH] [--trigger-details JSON|file://PATH]\n"
    "           [--client-token TOKEN] [--cli-input-json JSON|file://PATH]\n"
    "           [--generate-cli-skeleton] [--dry-run]\n"
    "\n"
    "Declares an incident, exactly as `aws ssm-incidents start-incident` would. Every field is\n"
    "checked before anything is sent; --dry-run prints the request body and sends nothing.\n"
    "Without --client-token a fresh one is generated; retries reuse it, so the service never\n"
    "creates a second incident for one declaration. Prints {\"incidentRecordArn\": ...}.\n"
    "Impact: 1 Critical, 2 High, 3 Medium, 4 Low, 5 No Impact.\n";

/* The --generate-cli-skeleton shape of the AWS CLI for StartIncident. */
static const char si_skeleton[] = "{\n"
                                  "    \"clientToken\": \"\",\n"
                                  "    \"impact\": 0,\n"
                                  "    \"relatedItems\": [\n"
                                  "        {\n"
                                  "            \"identifier\": {\n"
                                  "                \"type\": \"OTHER\",\n"
                                  "                \"value\": {\n"
                                  "                    \"arn\": \"\",\n"
                                  "                    \"url\": \"\",\n"
                                  "                    \"metricDefinition\": \"\",\n"
                                  "                    \"pagerDutyIncidentDetail\": {\n"
                                  "                        \"id\": \"\",\n"
                                  "                        \"autoResolve\": true,\n"
                                  "                        \"secretId\": \"\"\n"
                                  "                    }\n"
                                  "                }\n"
                                  "            },\n"
                                  "            \"title\": \"\",\n"
                                  "            \"generatedId\": \"\"\n"
                                  "        }\n"
                                  "    ],\n"
                                  "    \"responsePlanArn\": \"\",\n"
                                  "    \"title\": \"\",\n"
                                  "    \"triggerDetails\": {\n"
                                  "        \"source\": \"\",\n"
                                  "        \"timestamp\": \"1970-01-01T00:00:00\",\n"
                                  "        \"triggerArn\": \"\",\n"
                                  "        \"rawData\": \"\"\n"
                                  "    }\n"
                                  "}\n";

struct si_args {
    const char *plan, *impact, *title, *related, *trigger, *token, *input;
    bool dry_run, skeleton, help;
};

static int si_parse(int argc, char **argv, struct si_args *a)
{
    static const struct {
        const char *name;
        size_t off;
    } opts[] = {
        {"--response-plan-arn", offsetof(struct si_args, plan)},
        {"--impact", offsetof(struct si_args, impact)},
        {"--title", offsetof(struct si_args, title)},
        {"--related-items", offsetof(struct si_args, related)},
        {"--trigger-details", offsetof(struct si_args, trigger)},
        {"--client-token", offsetof(struct si_args, token)},
        {"--cli-input-json", offsetof(struct si_args, input)},
    };
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dry-run")) {
            a->dry_run = true;
            continue;
        }
        if (!strcmp(argv[i], "--generate-cli-skeleton")) {
            a->skeleton = true;
            continue;
        }
        if (!strcmp(argv[i], "--help")) {
            a->help = true;
            continue;
        }
        int r = 0;
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

/* Assemble the body: --cli-input-json first, then each flag on top (as the AWS CLI does). */
static int si_build(const struct si_args *a, json_t **out, struct problems *p)
{
    json_t *body = NULL;
    if (a->input) {
        int rc = cli_load_json_param("--cli-input-json", a->input, &body);
        if (rc)
            return rc;
        if (!json_is_object(body)) {
            fputs("klaxon: --cli-input-json: must be a JSON object\n", stderr);
            json_decref(body);
            return KLX_USAGE;
        }
    } else {
        body = json_object();
    }
    if (a->plan)
        json_object_set_new(body, "responsePlanArn", json_string(a->plan));
    if (a->title)
        json_object_set_new(body, "title", json_string(a->title));
    if (a->impact)
        si_set_impact(body, a->impact, p);
    const struct {
        const char *opt, *value, *member;
    } js[] = {{"--related-items", a->related, "relatedItems"},
              {"--trigger-details", a->trigger, "triggerDetails"}};
    for (size_t i = 0; i < 2; i++) {
        json_t *v = NULL;
        if (!js[i].value)
            continue;
        int rc = cli_load_json_param(js[i].opt, js[i].value, &v);
        if (rc) {
            json_decref(body);
            return rc;
        }
        json_object_set_new(body, js[i].member, v);
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
    if (a.skeleton) {
        fputs(si_skeleton, stdout);
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
