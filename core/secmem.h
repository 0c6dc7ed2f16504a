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
/* Stop this process from writing core dumps (while secrets are in memory). */
void secmem_no_core_dumps(void);

#endif
