/* `klaxon credentials status` for one profile (cli/credentials.c parses the command). */
#ifndef CLI_CREDENTIALS_STATUS_H
#define CLI_CREDENTIALS_STATUS_H

#include "cli/commands.h"

/* Print where profile's credentials stand; KLX_OK when some source is usable, else
   KLX_NO_CREDENTIALS. */
int cred_status(const char *profile, const struct cli_globals *g);

#endif
