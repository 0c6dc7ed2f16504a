/* A child (credential_process, the training simulator) must never see a secret it was not
   given: its environment is ours minus these, since argv and the environment of a process can
   be read by others (ps e, /proc/PID/environ). */
#include "core/childenv.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

extern char **environ;

bool childenv_is_secret(const char *entry)
{
    static const char *const names[] = {
        "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_SESSION_TOKEN=", "AWS_SECURITY_TOKEN=",
        "KLAXON_VAULT_PASSPHRASE="};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strncmp(entry, names[i], strlen(names[i])) == 0)
            return true;
    return false;
}

char **childenv_without_secrets(void)
{
    size_t n = 0;
    while (environ && environ[n])
        n++;
    char **env = xcalloc(n + 1, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!childenv_is_secret(environ[i]))
            env[k++] = environ[i];
    return env;
}
