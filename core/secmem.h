/* Secret-holding memory: copies that are wiped before they are freed. */
#ifndef CORE_SECMEM_H
#define CORE_SECMEM_H

#include <stddef.h>

/* Overwrite n bytes in a way the compiler may not optimise away. */
void secmem_wipe(void *p, size_t n);
/* Duplicate a secret string (NULL stays NULL). */
char *secmem_strdup(const char *s);
/* Wipe a NUL-terminated secret string and free it; NULL is fine. */
void secmem_free_str(char *s);
/* secmem_free_str() each of n strings. SECMEM_FREE_STRS(a, b) is FREE_ALL's twin for secrets. */
void secmem_free_strs(char *const *strs, size_t n);
#define SECMEM_FREE_STRS(...)                                                                      \
    secmem_free_strs((char *const[]){__VA_ARGS__},                                                 \
                     sizeof((char *const[]){__VA_ARGS__}) / sizeof(char *))
/* Wipe a whole malloc'd block (every usable byte, whatever it held) and free it; NULL is fine.
   The free function handed to libraries (jansson, libcurl) that copy secrets into blocks of
   their own: one such allocator installed before any thread starts, never swapped. */
void secmem_free(void *p);
/* realloc that leaves no copy behind: a new block, the old one wiped and freed. */
void *secmem_realloc(void *p, size_t n);
/* Wipe the stack below the caller's frame (32 KiB), where callees that handled a secret left
   copies the C code never made: registers the dynamic linker's lazy binding saved (xsave), spills.
   Call after the function that handled the secret returned. */
void secmem_burn_stack(void);
/* Stop this process from writing core dumps and from being read by ptrace or /proc/PID/mem by
   anyone but root: RLIMIT_CORE=0 and PR_SET_DUMPABLE=0. Under AddressSanitizer only the first
   (PR_SET_DUMPABLE=0 stops LeakSanitizer's ptrace-based leak check). Call at the start of main. */
void secmem_no_core_dumps(void);

/* Hands a wiped block back to the C library; a test defines its own to observe the wipe
   (tests/unit/test_secmem.c). Not for other callers. */
void secmem_release(void *p);

#endif
