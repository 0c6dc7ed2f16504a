/* dlopen and a table of dlsym look-ups, shared by the libraries klaxon loads on first use. */
#include "core/dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

bool dl_load(const char *soname, const struct dl_sym *syms, size_t n, char *why, size_t size)
{
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        snprintf(why, size, "%s", e ? e : "unknown error");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        void *p = dlsym(lib, syms[i].name);
        if (!p) {
            snprintf(why, size, "%s is missing", syms[i].name);
            return false;
        }
        /* Into a function pointer: POSIX guarantees the conversion; ISO C does not say. */
        memcpy(syms[i].slot, &p, sizeof p);
    }
    return true;
}
