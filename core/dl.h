/* A shared library loaded on first use: dlopen it for good and fill a table of its functions,
   looked up by name (core/crypto_dl.c, client/curl_dl.c). */
#ifndef CORE_DL_H
#define CORE_DL_H

#include <stdbool.h>
#include <stddef.h>

/* One function to look up: its name in the library and the function pointer to fill. */
struct dl_sym {
    const char *name;
    void *slot;
};

/* dlopen soname (RTLD_NOW | RTLD_LOCAL, never closed: the libraries loaded this way keep
   process-wide state) and fill the n slots of syms. true, or false with why in why[size]: the
   loader's message, or "NAME is missing". */
bool dl_load(const char *soname, const struct dl_sym *syms, size_t n, char *why, size_t size);

#endif
