/* libcurl through dlopen: one table of the functions klaxon uses, filled once, and forwarders
   with libcurl's own names so that callers (and <curl/curl.h>'s type checks) stay unchanged. */
#define CURL_DISABLE_TYPECHECK /* the forwarders below are the functions the checks wrap */
#include "client/curl_dl.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto_dl.h"
#include "core/dl.h"
#include "core/secmem.h"

#ifndef CURL_DL_SONAME
#define CURL_DL_SONAME "libcurl.so.4"
#endif

/* The real functions. setopt and getinfo are variadic: called through variadic pointers with
   the one argument their option's type says (see curl_easy_setopt below). */
struct curl_dl_table {
    CURLcode (*global_init)(long flags);
    CURLcode (*global_init_mem)(long flags, curl_malloc_callback m, curl_free_callback f,
                                curl_realloc_callback r, curl_strdup_callback s,
                                curl_calloc_callback c);
    void (*global_cleanup)(void);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *h);
    void (*easy_reset)(CURL *h);
    CURLcode (*easy_setopt)(CURL *h, CURLoption opt, ...);
    CURLcode (*easy_perform)(CURL *h);
    CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
    const char *(*easy_strerror)(CURLcode rc);
    struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
    void (*slist_free_all)(struct curl_slist *l);
    void (*free)(void *p);
    CURLU *(*url)(void);
    void (*url_cleanup)(CURLU *u);
    CURLUcode (*url_set)(CURLU *u, CURLUPart what, const char *part, unsigned int flags);
    CURLUcode (*url_get)(CURLU *u, CURLUPart what, char **part, unsigned int flags);
};

static struct curl_dl_table s_curl;
static void curl_dl_open(void);
static struct dl_lib s_curl_lib = DL_LIB_INIT(CURL_DL_SONAME, curl_dl_open);

static void curl_dl_open(void)
{
    /* libcurl needs libcrypto (through libssl). Loaded in this order, libcrypto is opened on its
       own first; the other way round glibc replaces its dependency list when crypto_dl opens it
       later, and with other threads running it never frees the old one (memcheck: "definitely
       lost" in _dl_map_object_deps). */
    struct buf ignored = BUF_INIT;
    crypto_dl_load(&ignored);
    buf_free(&ignored);
    /* The library stays loaded for the life of the process: curl_global_cleanup() does not
       make unloading it safe while other threads may still hold handles. */
    const struct dl_sym syms[] = {
        {"curl_global_init", &s_curl.global_init},
        {"curl_global_init_mem", &s_curl.global_init_mem},
        {"curl_global_cleanup", &s_curl.global_cleanup},
        {"curl_easy_init", &s_curl.easy_init},
        {"curl_easy_cleanup", &s_curl.easy_cleanup},
        {"curl_easy_reset", &s_curl.easy_reset},
        {"curl_easy_setopt", &s_curl.easy_setopt},
        {"curl_easy_perform", &s_curl.easy_perform},
        {"curl_easy_getinfo", &s_curl.easy_getinfo},
        {"curl_easy_strerror", &s_curl.easy_strerror},
        {"curl_slist_append", &s_curl.slist_append},
        {"curl_slist_free_all", &s_curl.slist_free_all},
        {"curl_free", &s_curl.free},
        {"curl_url", &s_curl.url},
        {"curl_url_cleanup", &s_curl.url_cleanup},
        {"curl_url_set", &s_curl.url_set},
        {"curl_url_get", &s_curl.url_get},
    };
    if (!dl_load(&s_curl_lib, syms, sizeof syms / sizeof syms[0]))
        return;
    /* Not thread-safe in libcurl: done here, once, before any thread can use a handle. libcurl's
       own blocks (its receive buffer holds IMDS's answer, keys and token) are wiped as they are
       freed or moved; set once, never swapped. */
    CURLcode rc = s_curl.global_init_mem(CURL_GLOBAL_DEFAULT, malloc, secmem_free, secmem_realloc,
                                         strdup, calloc);
    if (rc != CURLE_OK) {
        s_curl_lib.ok = false;
        snprintf(s_curl_lib.why, sizeof s_curl_lib.why, "curl_global_init failed: %s",
                 s_curl.easy_strerror(rc));
    }
}

static bool curl_dl_ready(void)
{
    return dl_ready(&s_curl_lib);
}

int curl_dl_load(struct buf *err)
{
    return dl_report(&s_curl_lib, err);
}

/* ---- The forwarders: each fails the way libcurl itself reports failure ---- */

CURLcode curl_global_init(long flags)
{
    return curl_dl_ready() ? s_curl.global_init(flags) : CURLE_FAILED_INIT;
}

void curl_global_cleanup(void)
{
    if (curl_dl_ready())
        s_curl.global_cleanup();
}

CURL *curl_easy_init(void)
{
    return curl_dl_ready() ? s_curl.easy_init() : NULL;
}

void curl_easy_cleanup(CURL *h)
{
    if (curl_dl_ready())
        s_curl.easy_cleanup(h);
}

void curl_easy_reset(CURL *h)
{
    if (curl_dl_ready())
        s_curl.easy_reset(h);
}

/* The option number says the argument's type (libcurl's CURLOPTTYPE_* ranges): read it as that
   type and pass it on as that type. Function pointers travel as data pointers, as they do inside
   libcurl; on every platform klaxon builds for they are the same size. The analyzer loses sight
   of va_start when glib's headers are on the include path (it says "uninitialized va_list"). */
CURLcode curl_easy_setopt(CURL *h, CURLoption opt, ...)
{
    va_list ap;
    va_start(ap, opt);
    long number = 0;
    curl_off_t offset = 0;
    void *pointer = NULL;
    enum { SETOPT_LONG, SETOPT_OFF_T, SETOPT_POINTER } kind;
    if (opt < CURLOPTTYPE_OBJECTPOINT) {
        kind = SETOPT_LONG;
        number = va_arg(ap, long); // NOLINT(clang-analyzer-valist.Uninitialized)
    } else if (opt >= CURLOPTTYPE_OFF_T && opt < CURLOPTTYPE_BLOB) {
        kind = SETOPT_OFF_T;
        offset = va_arg(ap, curl_off_t); // NOLINT(clang-analyzer-valist.Uninitialized)
    } else {
        kind = SETOPT_POINTER;
        pointer = va_arg(ap, void *); // NOLINT(clang-analyzer-valist.Uninitialized)
    }
    va_end(ap);
    if (!curl_dl_ready())
        return CURLE_FAILED_INIT;
    switch (kind) {
    case SETOPT_LONG:
        return s_curl.easy_setopt(h, opt, number);
    case SETOPT_OFF_T:
        return s_curl.easy_setopt(h, opt, offset);
    default:
        return s_curl.easy_setopt(h, opt, pointer);
    }
}

CURLcode curl_easy_perform(CURL *h)
{
    return curl_dl_ready() ? s_curl.easy_perform(h) : CURLE_FAILED_INIT;
}

/* Every CURLINFO takes a pointer to where the answer goes. */
CURLcode curl_easy_getinfo(CURL *h, CURLINFO info, ...)
{
    va_list ap;
    va_start(ap, info);
    void *where = va_arg(ap, void *);
    va_end(ap);
    return curl_dl_ready() ? s_curl.easy_getinfo(h, info, where) : CURLE_FAILED_INIT;
}

const char *curl_easy_strerror(CURLcode rc)
{
    return curl_dl_ready() ? s_curl.easy_strerror(rc) : CURL_DL_SONAME " is not loaded";
}

struct curl_slist *curl_slist_append(struct curl_slist *l, const char *s)
{
    return curl_dl_ready() ? s_curl.slist_append(l, s) : NULL;
}

void curl_slist_free_all(struct curl_slist *l)
{
    if (curl_dl_ready())
        s_curl.slist_free_all(l);
}

void curl_free(void *p)
{
    if (curl_dl_ready())
        s_curl.free(p);
}

CURLU *curl_url(void)
{
    return curl_dl_ready() ? s_curl.url() : NULL;
}

void curl_url_cleanup(CURLU *u)
{
    if (curl_dl_ready())
        s_curl.url_cleanup(u);
}

CURLUcode curl_url_set(CURLU *u, CURLUPart what, const char *part, unsigned int flags)
{
    return curl_dl_ready() ? s_curl.url_set(u, what, part, flags) : CURLUE_BAD_HANDLE;
}

CURLUcode curl_url_get(CURLU *u, CURLUPart what, char **part, unsigned int flags)
{
    return curl_dl_ready() ? s_curl.url_get(u, what, part, flags) : CURLUE_BAD_HANDLE;
}
