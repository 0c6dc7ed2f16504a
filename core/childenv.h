/* The environment a child process gets: ours, minus every variable that holds a secret. */
#ifndef CORE_CHILDENV_H
#define CORE_CHILDENV_H

#include <stdbool.h>

/* Whether an environment entry ("NAME=value") holds a secret: AWS keys and session tokens, the
   vault's passphrase. */
bool childenv_is_secret(const char *entry);
/* A NULL-terminated copy of environ's pointers without the secret entries, for execve(); free
   the array (not the strings) with free(). */
char **childenv_without_secrets(void);

#endif
