/* The klaxon commands, each a function of its own arguments and the parsed global options. */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include <stdbool.h>

#include "client/keyring.h"
#include "client/settings.h"

/* Global options (may appear anywhere on the command line; main() strips them first). */
struct cli_globals {
    struct klx_flags flags; /* --profile --region --endpoint-url --ca-bundle --debug */
    bool plain;             /* --plain: line-by-line prompts, no curses */
    bool no_color;          /* --no-color (NO_COLOR in the environment is honoured too) */
    double connect_timeout; /* --cli-connect-timeout seconds (0 = default) */
    double read_timeout;    /* --cli-read-timeout seconds (0 = default) */
    const char *argv0;
    /* The vault's passphrase: KLAXON_VAULT_PASSPHRASE as main() took it, else asked on the
       terminal (the form leaves the prompt out). */
    struct keyring_options keyring;
};

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

#endif
