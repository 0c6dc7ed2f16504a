/* XDG base directories and the home directory, resolved the same way for every caller. */
#define _GNU_SOURCE
#include "core/xdg.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/file.h"
#include "core/xalloc.h"

static const struct {
    const char *var;
    const char *below_home;
} xdg_bases[] = {
    [XDG_STATE] = {"XDG_STATE_HOME", ".local/state"},
    [XDG_CACHE] = {"XDG_CACHE_HOME", ".cache"},
    [XDG_CONFIG] = {"XDG_CONFIG_HOME", ".config"},
    [XDG_DATA] = {"XDG_DATA_HOME", ".local/share"},
};

/* The password database's home for getuid(), or NULL. */
static char *xdg_passwd_home(void)
{
    size_t size = 4096;
    for (;;) {
        char *tmp = xmalloc(size);
        struct passwd pw, *res = NULL;
        int rc = getpwuid_r(getuid(), &pw, tmp, size, &res);
        char *home =
            rc == 0 && res && res->pw_dir && res->pw_dir[0] == '/' ? xstrdup(res->pw_dir) : NULL;
        free(tmp);
        if (rc != ERANGE || size >= (1u << 20))
            return home;
        size *= 2;
    }
}

char *xdg_home(struct buf *err)
{
    const char *h = getenv("HOME");
    if (h && h[0] == '/')
        return xstrdup(h);
    char *home = xdg_passwd_home();
    if (!home && err)
        buf_printf(err,
                   "HOME is not set to an absolute path and user %u has no home directory in "
                   "the password database",
                   (unsigned)getuid());
    return home;
}

char *xdg_dir(enum xdg_kind kind, bool create, struct buf *err)
{
    const char *v = getenv(xdg_bases[kind].var);
    char *dir;
    if (v && v[0] == '/') {
        dir = xasprintf("%s/klaxon", v);
    } else {
        char *home = xdg_home(NULL);
        if (!home) {
            if (err)
                buf_printf(err,
                           "neither %s nor HOME is set to an absolute path, and user %u has no "
                           "home directory in the password database",
                           xdg_bases[kind].var, (unsigned)getuid());
            return NULL;
        }
        dir = xasprintf("%s/%s/klaxon", home, xdg_bases[kind].below_home);
        free(home);
    }
    struct buf why = BUF_INIT;
    if (create && file_mkdirs(dir, 0700, &why) != 0) {
        if (err)
            buf_puts(err, buf_cstr(&why));
        free(dir);
        dir = NULL;
    }
    buf_free(&why);
    return dir;
}

char *xdg_path(enum xdg_kind kind, const char *name, bool create_dir, struct buf *err)
{
    char *dir = xdg_dir(kind, create_dir, err);
    if (!dir)
        return NULL;
    char *path = xasprintf("%s/%s", dir, name);
    free(dir);
    return path;
}
