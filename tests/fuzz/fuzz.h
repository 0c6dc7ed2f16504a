/* Helpers shared by the libFuzzer harnesses: turn the fuzzer's bytes into C strings and parts. */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

/* libFuzzer's entry point; declared here so -Wmissing-prototypes style checks stay quiet. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of n bytes (an embedded NUL simply ends the C string early). */
static inline char *fuzz_strndup(const uint8_t *p, size_t n)
{
    char *s = xmalloc(n + 1);
    if (n)
        memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

/* Split data at each sep byte into at most nparts NUL-terminated copies; the last part takes
   the rest, sep bytes included. Missing parts are NULL. Returns how many parts were filled. */
static inline size_t fuzz_split(const uint8_t *data, size_t size, uint8_t sep, char **parts,
                                size_t nparts)
{
    size_t k = 0, start = 0;
    for (size_t i = 0; k + 1 < nparts && i < size; i++) {
        if (data[i] == sep) {
            parts[k++] = fuzz_strndup(data + start, i - start);
            start = i + 1;
        }
    }
    if (k < nparts)
        parts[k++] = fuzz_strndup(data + start, size - start);
    for (size_t i = k; i < nparts; i++)
        parts[i] = NULL;
    return k;
}

static inline void fuzz_free_parts(char **parts, size_t nparts)
{
    for (size_t i = 0; i < nparts; i++)
        free(parts[i]);
}

#endif
