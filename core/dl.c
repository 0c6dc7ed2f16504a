/* dlopen and a table of dlsym look-ups, shared by the libraries klaxon loads on first use. */
#include "core/dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

bool dl_load(struct dl_lib *lib, const struct dl_sym *syms, size_t n)
{
    lib->ok = false;
    void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(lib->why, sizeof lib->why, "%s", e ? e : "unknown error");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        void *p = dlsym(h, syms[i].name);
        if (!p) {
            snprintf(lib->why, sizeof lib->why, "%s is missing", syms[i].name);
            return false;
        }
        /* Into a function pointer: POSIX guarantees the conversion; ISO C does not say. */
        memcpy(syms[i].slot, &p, sizeof p);
    }
    lib->ok = true;
    return true;
}

bool dl_ready(struct dl_lib *lib)
{
    pthread_once(&lib->once, lib->open);
    return lib->ok;
}

int dl_report(struct dl_lib *lib, struct buf *err)
{
    if (dl_ready(lib))
        return 0;
    buf_printf(err, "%s cannot be loaded: %s", lib->soname, lib->why);
    return -1;
}
