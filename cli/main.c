/* klaxon's entry point: global options (anywhere on the line, as the AWS CLI), then a command. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/input.h"
#include "cli/options.h"
#include "cli/output.h"
#include "client/jmespath.h"
#include "cli/tty_secret.h"
#include "client/json_wipe.h"
#include "core/buf.h"
#include "core/printable.h"
#include "core/secmem.h"
#include "core/status.h"

/* What runs each command of the table in cli/options.c. */
struct cli_runner {
    const char *name;
    int (*run)(int argc, char **argv, const struct cli_globals *g);
};

static const struct cli_runner cli_runners[] = {
    {"drill", cmd_drill},
    {"training", cmd_training},
    {"start-incident", cmd_start_incident},
    {"list-response-plans", cmd_list_response_plans},
    {"get-response-plan", cmd_get_response_plan},
    {"get-incident-record", cmd_get_incident_record},
    {"credentials", cmd_credentials},
    {"sso", cmd_sso},
    {"history", cmd_history},
};

static void cli_usage(FILE *f)
{
    fputs("usage: klaxon [options] [command] [command options]\n"
          "\n"
          "Declare an AWS Systems Manager Incident Manager incident. With no command, klaxon\n"
          "opens the form.\n\ncommands:\n",
          f);
    for (size_t i = 0; i < cli_ncommands; i++)
        fprintf(f, "  %-22s %s\n", cli_command_infos[i].name, cli_command_infos[i].summary);
    fputs("\noptions (anywhere on the line):\n", f);
    for (size_t i = 0; i < cli_nglobal_options; i++) {
        const struct cli_option *o = &cli_global_options[i];
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", o->name, o->metavar ? " " : "",
                 o->metavar ? o->metavar : "");
        fprintf(f, "  %-29s %s\n", left, o->help);
    }
    /* For scripts ported from the AWS CLI: the code of its own each status replaces. */
    static const char *const aws_code[] = {"0", "130", "252", "253", "254", "255"};
    fputs("\nexit status (and the AWS CLI's code it replaces):\n", f);
#define CLI_STATUS_LINE(name, code, text)                                                          \
    fprintf(f, "  %d  %-52s (aws: %s)\n", (code), (text), (code) < 6 ? aws_code[(code)] : "?");
    KLX_STATUS_TABLE(CLI_STATUS_LINE)
#undef CLI_STATUS_LINE
    fputs("\nSee klaxon(1) and `klaxon COMMAND --help`.\n", f);
}

/* Seconds for a timeout: 0 means none at all, as in the AWS CLI. */
static int cli_parse_seconds(const char *opt, const char *v, double *out)
{
    char *end = NULL;
    double d = v ? strtod(v, &end) : -1;
    if (!v || end == v || *end || !(d >= 0) || d > 86400) {
        fprintf(stderr, "klaxon: %s: expected a number of seconds, got \"%s\"\n", opt, v ? v : "");
        return -1;
    }
    *out = d == 0 ? CLI_NO_TIMEOUT : d;
    return 0;
}

/* Apply one global option of the table (value NULL for a switch). 0, or an exit status. */
static int cli_set_global(struct cli_globals *g, const char *name, const char *v)
{
    /* The options that keep their value (text) or turn a switch on (on). */
    const struct {
        const char *name;
        const char **text;
        bool *on;
    } plain[] = {
        {"--profile", &g->flags.profile, NULL},
        {"--region", &g->flags.region, NULL},
        {"--endpoint-url", &g->flags.endpoint_url, NULL},
        {"--ca-bundle", &g->flags.ca_bundle, NULL},
        {"--output", &g->output, NULL},
        {"--query", &g->query, NULL},
        {"--color", &g->color, NULL},
        {"--no-paginate", NULL, &g->no_paginate},
        {"--debug", NULL, &g->flags.debug},
        {"--plain", NULL, &g->plain},
        {"--version", NULL, &g->version},
        {"--help", NULL, &g->help},
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        if (strcmp(name, plain[i].name) != 0)
            continue;
        if (plain[i].text)
            *plain[i].text = v;
        else
            *plain[i].on = true;
        return 0;
    }
    if (!strcmp(name, "--cli-connect-timeout"))
        return cli_parse_seconds(name, v, &g->connect_timeout) ? KLX_USAGE : 0;
    if (!strcmp(name, "--cli-read-timeout"))
        return cli_parse_seconds(name, v, &g->read_timeout) ? KLX_USAGE : 0;
    if (!strcmp(name, "--no-color"))
        g->color = "off";
    /* --no-cli-pager: accepted for AWS CLI muscle memory; klaxon never pages. */
    return 0;
}

/* argv[*i] as a global option of the table: 1 (taken, *i past its value), 0 (not one), or -1
   after printing why. */
static int cli_take_global(int argc, char **argv, int *i, struct cli_globals *g, int *rc)
{
    for (size_t k = 0; k < cli_nglobal_options; k++) {
        const struct cli_option *o = &cli_global_options[k];
        const char *v = NULL;
        int r =
            o->metavar ? cli_take_option(argc, argv, i, o->name, &v) : !strcmp(argv[*i], o->name);
        if (r < 0)
            return -1;
        if (r > 0) {
            *rc = cli_set_global(g, o->name, v);
            return *rc ? -1 : 1;
        }
    }
    return 0;
}

/* Take the global options out of argv wherever they are; the rest stays in order. "help" right
   before or after the command asks for help, as `aws ... help` does.
   Returns 0, or an exit status. */
static int cli_parse_globals(int *argc, char **argv, struct cli_globals *g)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        int rc = KLX_USAGE;
        int r = cli_take_global(*argc, argv, &i, g, &rc);
        if (r < 0)
            return rc ? rc : KLX_USAGE;
        if (r > 0)
            continue;
        if (!strcmp(argv[i], "-h") || (out <= 2 && !strcmp(argv[i], "help")))
            g->help = true;
        else
            argv[out++] = argv[i];
    }
    argv[out] = NULL;
    *argc = out;
    return 0;
}

/* Values of global options that only make sense together, checked before anything is asked. */
static int cli_check_globals(struct cli_globals *g)
{
    const char *nc = getenv("NO_COLOR");
    const char *color = g->color ? g->color : "auto";
    if (strcmp(color, "on") != 0 && strcmp(color, "off") != 0 && strcmp(color, "auto") != 0) {
        fputs("klaxon: --color: expected on, off or auto, got \"", stderr);
        cli_put(stderr, color);
        fputs("\"\n", stderr);
        return KLX_USAGE;
    }
    g->no_color = !strcmp(color, "off") || (!strcmp(color, "auto") && nc && *nc);
    enum cli_format f;
    if (g->output && cli_format_parse(g->output, &f) != 0) {
        fputs("klaxon: --output: unknown output format \"", stderr);
        cli_put(stderr, g->output);
        fputs("\"; accepted: " CLI_FORMATS_LIST "\n", stderr);
        return KLX_USAGE;
    }
    /* A bad expression is a usage error found before anything is read, asked or sent. */
    char *err = NULL;
    if (g->query && !(g->jq = jmespath_compile(g->query, &err))) {
        /* The CLI's words: the expression, the parser's message and a caret under the column. */
        struct buf m = BUF_INIT;
        buf_printf(&m, "Bad value for --query %s: %s", g->query,
                   err ? err : "not a JMESPath expression");
        struct buf safe = BUF_INIT;
        printable_lines(&safe, buf_cstr(&m));
        fprintf(stderr, "klaxon: %s\n", buf_cstr(&safe));
        buf_free(&safe);
        buf_free(&m);
        free(err);
        return KLX_USAGE;
    }
    return 0;
}

static int cli_main(int argc, char **argv, struct cli_globals *g)
{
    int rc = cli_parse_globals(&argc, argv, g);
    if (rc)
        return rc;
    rc = cli_check_globals(g);
    if (rc)
        return rc;
    if (g->version) {
        printf("klaxon %s\n", KLX_VERSION);
        return 0;
    }
    if (argc < 2) {
        if (g->help) {
            cli_usage(stdout);
            return 0;
        }
        char *args[] = {"klaxon", NULL};
        return cmd_form(1, args, g);
    }
    for (size_t i = 0; i < sizeof cli_runners / sizeof cli_runners[0]; i++) {
        if (strcmp(argv[1], cli_runners[i].name) != 0)
            continue;
        if (g->help) {
            /* Each command prints its own help for "--help" as its only argument. */
            char *args[] = {argv[1], "--help", NULL};
            return cli_runners[i].run(2, args, g);
        }
        return cli_input_run(cli_runners[i].run, argc - 1, argv + 1, g);
    }
    fprintf(stderr, "klaxon: unknown command \"%s\"\n\n", argv[1]);
    cli_usage(stderr);
    return KLX_USAGE;
}

/* Process-wide set-up happens here, once, before any thread starts (the form's threads, curl's
   resolver): nothing process-wide is changed after it. */
int main(int argc, char **argv)
{
    /* Every run may hold keys (environment, files, credential_process, IMDS, typed into the
       form): no core dump, no ptrace or /proc/PID/mem for other users, from the start. */
    secmem_no_core_dumps();
    json_wipe_install();
    setlocale(LC_ALL, "");
    char *pass = keyring_take_env_passphrase();
    struct cli_globals g = {.argv0 = argv[0]};
    g.keyring = (struct keyring_options){.passphrase = pass, .prompt = tty_secret_prompt};
    int rc = cli_main(argc, argv, &g);
    jmespath_free(g.jq);
    secmem_free_str(pass);
    return rc;
}
