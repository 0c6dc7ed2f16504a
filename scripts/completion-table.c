/* Prints klaxon's command and option tables (cli/options.c) for scripts/completions. */
#include <stdio.h>

#include "cli/options.h"

/* One option line: "opt", the command ("-" for a global option), name, value, help. */
static void table_option(const char *cmd, const struct cli_option *o)
{
    printf("opt\t%s\t%s\t%s\t%s\n", cmd, o->name, o->metavar ? o->metavar : "", o->help);
}

int main(void)
{
    for (size_t i = 0; i < cli_ncommands; i++)
        printf("cmd\t%s\t%s\n", cli_command_infos[i].name, cli_command_infos[i].summary);
    for (size_t i = 0; i < cli_nglobal_options; i++)
        table_option("-", &cli_global_options[i]);
    for (size_t i = 0; i < cli_ncommands; i++)
        for (size_t j = 0; j < cli_command_infos[i].noptions; j++)
            table_option(cli_command_infos[i].name, &cli_command_infos[i].options[j]);
    return 0;
}
