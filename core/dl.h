/* A shared library loaded on first use: dlopen it for good and fill a table of its functions,
   looked up by name (core/crypto_dl.c, client/curl_dl.c). */
#ifndef CORE_DL_H
#define CORE_DL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* One library: open runs once, on first use, and leaves ok, or why it is not. */
struct dl_lib {
    const char *soname;
    pthread_once_t once; /* PTHREAD_ONCE_INIT */
    void (*open)(void);  /* calls dl_load, then whatever set-up the library needs */
    bool ok;
    char why[512];
};

/* The initializer of a struct dl_lib named SONAME, set up by OPEN on first use. */
#define DL_LIB_INIT(soname_, open_)                                                                \
    {                                                                                              \
        .soname = (soname_), .once = PTHREAD_ONCE_INIT, .open = (open_)                            \
    }

/* One function to look up: its name in the library and the function pointer to fill. */
struct dl_sym {
    const char *name;
    void *slot;
};

/* dlopen lib->soname (RTLD_NOW | RTLD_LOCAL, never closed: the libraries loaded this way keep
   process-wide state) and fill the n slots of syms. Sets lib->ok, or lib->why: the loader's
   message, or "NAME is missing". */
bool dl_load(struct dl_lib *lib, const struct dl_sym *syms, size_t n);

/* Open lib once (thread-safe): is it usable? */
bool dl_ready(struct dl_lib *lib);

/* 0 when lib is usable, else -1 with "SONAME cannot be loaded: WHY" appended to err. */
int dl_report(struct dl_lib *lib, struct buf *err);

#endif
