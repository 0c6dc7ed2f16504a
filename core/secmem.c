/* Wipe-on-free helpers for secrets, and core-dump suppression while they are loaded. */
#define _GNU_SOURCE
#include "core/secmem.h"

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "core/xalloc.h"

void secmem_wipe(void *p, size_t n)
{
    if (p && n)
        explicit_bzero(p, n);
}

char *secmem_strdup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void secmem_free_str(char *s)
{
    if (!s)
        return;
    secmem_wipe(s, strlen(s));
    free(s);
}

void secmem_no_core_dumps(void)
{
    struct rlimit rl = {0, 0};
    setrlimit(RLIMIT_CORE, &rl);
    /* Also keeps other users' ptrace and /proc/PID/mem away from the secrets. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
