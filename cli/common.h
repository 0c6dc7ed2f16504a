/* Helpers every non-interactive command shares: settings, client, errors, JSON in and out. */
#ifndef CLI_COMMON_H
#define CLI_COMMON_H

#include <jansson.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "client/api.h"
#include "client/settings.h"

/* A profile chosen by name that no file holds: 0 when the keyring knows it, else the AWS CLI's
   "The config profile (x) could not be found" on stderr and KLX_NO_CREDENTIALS. The form asks
   this before anything else, as the commands do in cli_client. */
int cli_profile_known(const struct klx_settings *s);

/* Resolve settings from the global options; on failure print why and return KLX_USAGE. */
int cli_settings(const struct cli_globals *g, struct klx_settings *s);
/* Settings, the printer for operation's reply (p NULL: none), then a client with credentials
   from the chain. Returns 0 or an exit status (after printing why). */
int cli_client(const struct cli_globals *g, const char *operation, struct klx_settings *s,
               struct cli_printer *p, struct klx_client **c);
/* Declare body (journaled, retried with its clientToken) and print the incident ARN as the AWS
   CLI does; or say why not, as command name. must_endpoint (NULL: any) is where a resent
   declaration went: elsewhere its token protects nothing, and it is refused. When no answer came
   it says how to resend (resend: this was already a resend). Returns the exit status. */
int cli_declare(const struct cli_globals *g, const char *name, const json_t *body,
                const char *must_endpoint, bool resend);
/* Write outside text (a server's words, a journal field) to f, escaped by printable_append(). */
void cli_put(FILE *f, const char *text);
/* Print a failed call the way a script and a person both read it; returns err->status. */
int cli_report_error(const char *operation, const struct api_error *err);
/* Print a reply as the AWS CLI does: 4-space indented JSON, timestamps as ISO 8601. */
void cli_print_json(json_t *reply);
/* Read a parameter that is JSON text or file://PATH (as the AWS CLI does) into *out.
   0, or KLX_USAGE after printing which option and why. */
int cli_load_json_param(const char *option, const char *value, json_t **out);
/* "--name value" or "--name=value" at argv[*i]: 1 and *value set (advancing *i past a separate
   value), 0 if argv[*i] is another option, -1 (after printing why) if the value is missing. */
int cli_take_option(int argc, char **argv, int *i, const char *name, const char **value);

#endif
