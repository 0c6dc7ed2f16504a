/* Wipe-on-free helpers for secrets, and core-dump and ptrace suppression. */
#define _GNU_SOURCE
#include "core/secmem.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "core/xalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define SECMEM_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SECMEM_UNDER_ASAN 1
#endif
#endif

void secmem_wipe(void *p, size_t n)
{
    if (p && n)
        explicit_bzero(p, n);
}

char *secmem_strdup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* Weak so that a unit test can see each block as it is released, after the wipe (the only way to
   observe a wipe without reading freed memory). */
__attribute__((weak)) void secmem_release(void *p)
{
    free(p);
}

void secmem_free_str(char *s)
{
    if (!s)
        return;
    secmem_wipe(s, strlen(s));
    secmem_release(s);
}

void secmem_free_strs(char *const *strs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        secmem_free_str(strs[i]);
}

void secmem_free(void *p)
{
    if (!p)
        return;
    secmem_wipe(p, malloc_usable_size(p));
    secmem_release(p);
}

void *secmem_realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
    if (n == 0) {
        secmem_free(p);
        return NULL;
    }
    void *q = malloc(n);
    if (!q)
        return NULL; /* p stays valid, as with realloc */
    size_t old = malloc_usable_size(p);
    memcpy(q, p, old < n ? old : n);
    secmem_free(p);
    return q;
}

#define SECMEM_BURN_BYTES (32 * 1024)

/* noinline: the scratch array must lie below the caller's frame, where the callees' frames
   were. */
__attribute__((noinline)) void secmem_burn_stack(void)
{
    unsigned char scratch[SECMEM_BURN_BYTES];
    explicit_bzero(scratch, sizeof scratch);
    __asm__ volatile("" : : "r"(scratch) : "memory");
}

void secmem_no_core_dumps(void)
{
    struct rlimit rl = {0, 0};
    setrlimit(RLIMIT_CORE, &rl);
#ifndef SECMEM_UNDER_ASAN
    /* Also keeps other users' ptrace and /proc/PID/mem away from the secrets. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}
