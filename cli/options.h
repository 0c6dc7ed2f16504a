/* The command line's vocabulary as data: global options and commands, for the parser, --help and
   the shell completions generated from them. */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include <stddef.h>

/* One option: its long name ("--region"), the value it takes ("REGION"; NULL for a switch) and
   a one-line help text. */
struct cli_option {
    const char *name;
    const char *metavar;
    const char *help;
};

/* One command: its name, a one-line summary and its own options (none: noptions 0). */
struct cli_command_info {
    const char *name;
    const char *summary;
    const struct cli_option *options;
    size_t noptions;
};

/* Accepted anywhere on the line, before or after the command, as the AWS CLI does. */
extern const struct cli_option cli_global_options[];
extern const size_t cli_nglobal_options;

/* Every command, in the order --help lists them. */
extern const struct cli_command_info cli_command_infos[];
extern const size_t cli_ncommands;

/* The global option called name (exact, "--" included), or NULL. */
const struct cli_option *cli_global_option(const char *name);
/* The command called name, or NULL. */
const struct cli_command_info *cli_command_info(const char *name);

#endif
