/* The read commands the form relies on, with the AWS CLI's output shapes. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/status.h"
#include "forms/validate.h"

typedef int (*rc_arn_call)(struct klx_client *, const char *, json_t **, struct api_error *);

/* Run one call and print its reply; shared by every read command. */
static int rc_run(const struct cli_globals *g, const char *name, rc_arn_call by_arn,
                  const char *arn)
{
    struct klx_settings s;
    struct klx_client *c = NULL;
    int rc = cli_client(g, &s, &c);
    if (rc) {
        settings_free(&s);
        return rc;
    }
    json_t *reply = NULL;
    struct api_error err;
    rc = by_arn ? by_arn(c, arn, &reply, &err) : api_list_response_plans(c, &reply, &err);
    if (rc == 0)
        cli_print_json(reply);
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

static int rc_by_arn(int argc, char **argv, const struct cli_globals *g, rc_arn_call call)
{
    char usage[160];
    snprintf(usage, sizeof usage, "usage: klaxon %s --arn ARN\n", argv[0]);
    const char *arn;
    int rc = rc_arn_args(argc, argv, usage, &arn);
    if (rc)
        return rc < 0 ? 0 : rc;
    return rc_run(g, argv[0], call, arn);
}

int cmd_get_response_plan(int argc, char **argv, const struct cli_globals *g)
{
    return rc_by_arn(argc, argv, g, api_get_response_plan);
}

int cmd_get_incident_record(int argc, char **argv, const struct cli_globals *g)
{
    return rc_by_arn(argc, argv, g, api_get_incident_record);
}

int cmd_list_response_plans(int argc, char **argv, const struct cli_globals *g)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            fputs("usage: klaxon list-response-plans\n\nLists every response plan (all "
                  "pages) as {\"responsePlanSummaries\": [...]}.\n",
                  stdout);
            return 0;
        }
        fprintf(stderr, "klaxon: list-response-plans: unknown option \"%s\"\n", argv[i]);
        return KLX_USAGE;
    }
    return rc_run(g, "list-response-plans", NULL, NULL);
}
