/* klaxon's entry point: global options (anywhere on the line, as the AWS CLI), then a command. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/input.h"
#include "cli/tty_secret.h"
#include "client/json_wipe.h"
#include "core/secmem.h"
#include "core/status.h"

struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv, const struct cli_globals *g);
    const char *summary;
};

static const struct cli_command cli_commands[] = {
    {"training", cmd_training, "practise against the bundled simulator (no AWS account needed)"},
    {"start-incident", cmd_start_incident, "declare an incident from a script (AWS CLI flags)"},
    {"list-response-plans", cmd_list_response_plans, "list the response plans (every page)"},
    {"get-response-plan", cmd_get_response_plan, "show one response plan: --arn ARN"},
    {"get-incident-record", cmd_get_incident_record, "show one incident record: --arn ARN"},
    {"credentials", cmd_credentials, "set | status | delete the keys kept in the keyring"},
    {"history", cmd_history, "the declarations made, and --resend for an unanswered one"},
};

static void cli_usage(FILE *f)
{
    fputs("usage: klaxon [options] [command] [command options]\n"
          "\n"
          "Declare an AWS Systems Manager Incident Manager incident. With no command, klaxon\n"
          "opens the form.\n\ncommands:\n",
          f);
    for (size_t i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
        fprintf(f, "  %-22s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fputs("\noptions (anywhere on the line):\n"
          "  --profile NAME           use this profile of the AWS config/credentials files\n"
          "  --region REGION          the AWS Region\n"
          "  --endpoint-url URL       talk to this endpoint (e.g. the simulator)\n"
          "  --ca-bundle FILE         trust this PEM CA bundle (TLS is always verified)\n"
          "  --cli-connect-timeout S  connect timeout in seconds (default 10)\n"
          "  --cli-read-timeout S     whole-call timeout in seconds (default 60)\n"
          "  --debug                  log each request and reply to stderr (secrets redacted)\n"
          "  --plain                  line-by-line prompts instead of the full-screen form\n"
          "  --no-color               no colours (NO_COLOR is honoured too)\n"
          "  --help, --version\n\n"
          "exit status:\n",
          f);
#define CLI_STATUS_LINE(name, code, text) fprintf(f, "  %d  %s\n", code, text);
    KLX_STATUS_TABLE(CLI_STATUS_LINE)
#undef CLI_STATUS_LINE
    fputs("\nSee klaxon(1) and `klaxon COMMAND --help`.\n", f);
}

static int cli_parse_seconds(const char *opt, const char *v, double *out)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !(d > 0) || d > 86400) {
        fprintf(stderr, "klaxon: %s: expected a number of seconds, got \"%s\"\n", opt, v);
        return -1;
    }
    *out = d;
    return 0;
}

/* Take the global options out of argv wherever they are; the rest stays in order.
   Returns 0, or an exit status. */
static int cli_parse_globals(int *argc, char **argv, struct cli_globals *g, int *help, int *version)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        const char *v = NULL;
        int r;
        if ((r = cli_take_option(*argc, argv, &i, "--profile", &v)) != 0)
            g->flags.profile = v;
        else if ((r = cli_take_option(*argc, argv, &i, "--region", &v)) != 0)
            g->flags.region = v;
        else if ((r = cli_take_option(*argc, argv, &i, "--endpoint-url", &v)) != 0)
            g->flags.endpoint_url = v;
        else if ((r = cli_take_option(*argc, argv, &i, "--ca-bundle", &v)) != 0)
            g->flags.ca_bundle = v;
        else if ((r = cli_take_option(*argc, argv, &i, "--cli-connect-timeout", &v)) != 0) {
            if (r > 0 && cli_parse_seconds("--cli-connect-timeout", v, &g->connect_timeout))
                return KLX_USAGE;
        } else if ((r = cli_take_option(*argc, argv, &i, "--cli-read-timeout", &v)) != 0) {
            if (r > 0 && cli_parse_seconds("--cli-read-timeout", v, &g->read_timeout))
                return KLX_USAGE;
        } else if (!strcmp(argv[i], "--debug"))
            g->flags.debug = true;
        else if (!strcmp(argv[i], "--plain"))
            g->plain = true;
        else if (!strcmp(argv[i], "--no-color"))
            g->no_color = true;
        else if (!strcmp(argv[i], "--no-cli-pager"))
            ; /* accepted for AWS CLI muscle memory: klaxon never pages */
        else if (!strcmp(argv[i], "--version"))
            *version = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") ||
                 (out == 1 && !strcmp(argv[i], "help")))
            *help = 1;
        else
            argv[out++] = argv[i];
        if (r < 0)
            return KLX_USAGE;
    }
    argv[out] = NULL;
    *argc = out;
    return 0;
}

static int cli_main(int argc, char **argv, struct cli_globals *gp)
{
    struct cli_globals g = *gp;
    int help = 0, version = 0;
    int rc = cli_parse_globals(&argc, argv, &g, &help, &version);
    if (rc)
        return rc;
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        g.no_color = true;
    if (version) {
        printf("klaxon %s\n", KLX_VERSION);
        return 0;
    }
    if (argc < 2) {
        if (help) {
            cli_usage(stdout);
            return 0;
        }
        char *args[] = {"klaxon", NULL};
        return cmd_form(1, args, &g);
    }
    for (size_t i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++) {
        if (strcmp(argv[1], cli_commands[i].name) != 0)
            continue;
        if (help) {
            /* Each command prints its own help for "--help" as its only argument. */
            char *args[] = {argv[1], "--help", NULL};
            return cli_commands[i].run(2, args, &g);
        }
        return cli_input_run(cli_commands[i].run, argc - 1, argv + 1, &g);
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
    secmem_free_str(pass);
    return rc;
}
