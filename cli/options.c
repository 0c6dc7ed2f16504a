/* The tables of global options and commands: the one source for the parser, --help and the shell
   completions, so that none of them can list an option another does not know. */
#include "cli/options.h"

#include <string.h>

#define CLI_COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct cli_option cli_global_options[] = {
    {"--profile", "NAME", "use this profile of the AWS config and credentials files"},
    {"--region", "REGION", "the AWS Region"},
    {"--endpoint-url", "URL", "talk to this endpoint (e.g. the simulator)"},
    {"--ca-bundle", "FILE", "trust this PEM CA bundle (TLS is always verified)"},
    {"--output", "FORMAT", "json, text, table, yaml or yaml-stream (default json)"},
    {"--query", "EXPR", "a JMESPath expression applied to the reply before it is printed"},
    {"--cli-connect-timeout", "SECONDS", "connect timeout (default 10; 0 waits for ever)"},
    {"--cli-read-timeout", "SECONDS", "whole-call timeout (default 60; 0 waits for ever)"},
    {"--no-paginate", NULL, "ask for the first page only and print its nextToken"},
    {"--debug", NULL, "log each request and reply to stderr (secrets redacted)"},
    {"--plain", NULL, "line-by-line prompts instead of the full-screen form"},
    {"--color", "on|off|auto", "colours in the form (default auto)"},
    {"--no-color", NULL, "no colours (the same as --color off; NO_COLOR is honoured too)"},
    {"--no-cli-pager", NULL, "accepted for the AWS CLI's sake: klaxon never pages"},
    {"--help", NULL, "this help, or a command's with the command"},
    {"--version", NULL, "print klaxon's version"},
};
const size_t cli_nglobal_options = CLI_COUNT(cli_global_options);

/* The AWS CLI's input options, on every operation (cli/input.c). */
// clang-format off
#define CLI_INPUT_OPTIONS \
    {"--cli-input-json", "JSON", "the request as JSON, or file://PATH"}, \
    {"--cli-input-yaml", "YAML", "the request as YAML, or file://PATH"}, \
    {"--generate-cli-skeleton", "input|yaml-input|output", "print a template and exit"}
// clang-format on

static const struct cli_option cli_start_incident_options[] = {
    {"--response-plan-arn", "ARN", "the response plan to declare with"},
    {"--impact", "1-5", "1 Critical, 2 High, 3 Medium, 4 Low, 5 No Impact"},
    {"--title", "TEXT", "the incident's title (default: the plan's)"},
    {"--related-items", "ITEM...", "related items, as JSON, shorthand or file://PATH"},
    {"--trigger-details", "DETAILS", "what triggered it, as JSON, shorthand or file://PATH"},
    {"--client-token", "TOKEN", "the idempotency token (default: a fresh UUID)"},
    CLI_INPUT_OPTIONS,
    {"--dry-run", NULL, "validate and print the request body; send nothing"},
};

static const struct cli_option cli_list_plans_options[] = {
    {"--max-items", "N", "print at most N plans in all, then a NextToken to go on from"},
    {"--starting-token", "TOKEN", "go on from the NextToken a previous call printed"},
    {"--page-size", "N", "ask the service for N plans a call"},
    CLI_INPUT_OPTIONS,
};

static const struct cli_option cli_arn_options[] = {
    {"--arn", "ARN", "the resource's ARN"},
    CLI_INPUT_OPTIONS,
};

static const struct cli_option cli_history_options[] = {
    {"--resend", "TOKEN", "resend the unanswered declaration with this clientToken"},
};

static const struct cli_option cli_training_options[] = {
    {"--sim-log", "FILE", "keep the simulator's request log in FILE"},
    {"--sso", NULL, "sign in through the simulator's IAM Identity Center (SSO) first"},
};

static const struct cli_option cli_drill_options[] = {
    {"--list", NULL, "the scenarios, with their difficulty"},
    {"--check", "FILE", "check scenario files (exit 2 on problems)"},
    {"--history", NULL, "your attempts and best times"},
    {"--join", "URL", "join a trainer's drill room (with --name)"},
    {"--name", "NAME", "your name in the room, as the trainer sees it"},
    {"--board", "URL", "the live board of a drill room (with --plain: a line per change)"},
    {"--report", "LOG", "a drill room's debrief from the simulator's request log"},
    {"--format", "table|markdown|csv", "the debrief's format (default table)"},
};

#define CLI_OPTS(a) a, CLI_COUNT(a)

const struct cli_command_info cli_command_infos[] = {
    {"drill", "scored training: a scenario, the form, a score card (--list)",
     CLI_OPTS(cli_drill_options)},
    {"training", "practise against the bundled simulator (no AWS account needed)",
     CLI_OPTS(cli_training_options)},
    {"start-incident", "declare an incident from a script (AWS CLI flags)",
     CLI_OPTS(cli_start_incident_options)},
    {"list-response-plans", "list the response plans (every page)",
     CLI_OPTS(cli_list_plans_options)},
    {"get-response-plan", "show one response plan: --arn ARN", CLI_OPTS(cli_arn_options)},
    {"get-incident-record", "show one incident record: --arn ARN", CLI_OPTS(cli_arn_options)},
    {"credentials", "set | status | delete the keys kept in the keyring", NULL, 0},
    {"sso", "login | logout: IAM Identity Center sign-in by device code, no browser", NULL, 0},
    {"history", "the declarations made, and --resend for an unanswered one",
     CLI_OPTS(cli_history_options)},
};
const size_t cli_ncommands = CLI_COUNT(cli_command_infos);

const struct cli_option *cli_global_option(const char *name)
{
    for (size_t i = 0; i < cli_nglobal_options; i++)
        if (!strcmp(cli_global_options[i].name, name))
            return &cli_global_options[i];
    return NULL;
}

const struct cli_command_info *cli_command_info(const char *name)
{
    for (size_t i = 0; i < cli_ncommands; i++)
        if (!strcmp(cli_command_infos[i].name, name))
            return &cli_command_infos[i];
    return NULL;
}
