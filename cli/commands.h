/* The klaxon commands, each a function of its own arguments and the parsed global options. */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include <stdbool.h>

#include "client/keyring.h"
#include "client/settings.h"

struct jmespath;

/* Global options (may appear anywhere on the command line; main() strips them first). */
struct cli_globals {
    struct klx_flags flags; /* --profile --region --endpoint-url --ca-bundle --debug */
    bool plain;             /* --plain: line-by-line prompts, no curses */
    const char *color;      /* --color on|off|auto (--no-color is off); NULL: auto */
    bool no_color;          /* what --color and NO_COLOR decided, for the form */
    const char *output;     /* --output FORMAT as given; NULL: AWS_DEFAULT_OUTPUT, profile, json */
    const char *query;      /* --query EXPR as given, NULL if none */
    struct jmespath *jq;    /* --query compiled by main() before anything else (owned there) */
    bool no_paginate;       /* --no-paginate: one page, its token printed */
    bool help, version;     /* --help (or "help"), --version */
    double connect_timeout; /* --cli-connect-timeout seconds (0 = default, CLI_NO_TIMEOUT) */
    double read_timeout;    /* --cli-read-timeout seconds (0 = default, CLI_NO_TIMEOUT) */
    const char *argv0;
    /* The vault's passphrase: KLAXON_VAULT_PASSPHRASE as main() took it, else asked on the
       terminal (the form leaves the prompt out). */
    struct keyring_options keyring;
};

/* A timeout of "0" on the command line: wait for ever, as the AWS CLI does. */
#define CLI_NO_TIMEOUT (-1.0)

/* Each takes the arguments after its name (argv[0] is the command name) and returns an exit
   status from core/status.h. */
int cmd_form(int argc, char **argv, const struct cli_globals *g);     /* `klaxon` */
int cmd_training(int argc, char **argv, const struct cli_globals *g); /* `klaxon training` */
int cmd_start_incident(int argc, char **argv, const struct cli_globals *g);
int cmd_list_response_plans(int argc, char **argv, const struct cli_globals *g);
int cmd_get_response_plan(int argc, char **argv, const struct cli_globals *g);
int cmd_get_incident_record(int argc, char **argv, const struct cli_globals *g);
int cmd_credentials(int argc, char **argv, const struct cli_globals *g); /* set|status|delete */
int cmd_history(int argc, char **argv, const struct cli_globals *g);     /* the journal */
int cmd_drill(int argc, char **argv, const struct cli_globals *g);       /* scored training */
int cmd_sso(int argc, char **argv, const struct cli_globals *g);         /* login|logout */

#endif
