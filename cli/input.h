/* --cli-input-json, --cli-input-yaml and --generate-cli-skeleton for every AWS command. */
#ifndef CLI_INPUT_H
#define CLI_INPUT_H

#include <jansson.h>
#include <stddef.h>

#include "cli/commands.h"
#include "core/buf.h"

/* One command's skeletons, generated from the service model (cli/input_skeletons.c). */
struct cli_skeleton {
    const char *command;
    const char *input, *yaml_input, *output;
};
extern const struct cli_skeleton cli_skeletons[];
extern const size_t cli_nskeletons;

typedef int (*cli_run_fn)(int argc, char **argv, const struct cli_globals *g);

/* Run a command (argv[0] is its name) after taking out the input options, as the AWS CLI has
   them on every operation: --generate-cli-skeleton [input|yaml-input] prints the skeleton and
   runs nothing; --cli-input-json / --cli-input-yaml (text or file://PATH) become the command's
   own flags, put before the ones given, so a flag on the line wins over the input's member.
   "--generate-cli-skeleton output" reaches start-incident (which validates first); for the read
   calls it prints the sample reply once the required --arn is there. Commands with no model
   operation run as they are. Returns the exit status. */
int cli_input_run(cli_run_fn run, int argc, char **argv, const struct cli_globals *g);

/* The skeleton of command of kind "input", "yaml-input" or "output", or NULL. */
const char *cli_input_skeleton(const char *command, const char *kind);

/* A parameter's text as the AWS CLI reads it: the value itself, or a file's contents for
   file://PATH. *owned is what to free (NULL when nothing was read). NULL after printing why. */
const char *cli_input_param_text(const char *option, const char *value, char **owned);

/* YAML text (a mapping at the top) as JSON, with YAML 1.2 core-schema scalars: null, booleans,
   integers, floats; everything quoted or else a string. NULL with why set on error. */
json_t *cli_input_yaml_to_json(const char *text, size_t len, struct buf *why);

#endif
