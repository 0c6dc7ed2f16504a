/* Capped reads of regular files, atomic replaces and mkdir -p, each with an exact mode. */
#define _GNU_SOURCE
#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/secmem.h"
#include "core/xalloc.h"

/* What a mode names, for "PATH is a FIFO, not a regular file". */
static const char *file_kind(mode_t m)
{
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "something else";
}

static void file_not_regular(const char *path, mode_t m, struct buf *err)
{
    buf_printf(err, "%s is %s, not a regular file", path, file_kind(m));
}

/* A cap in the unit a person would write it in. */
static void file_put_size(struct buf *b, size_t n)
{
    if (n >= (1u << 20) && n % (1u << 20) == 0)
        buf_printf(b, "%zu MiB", n >> 20);
    else if (n >= 1024 && n % 1024 == 0)
        buf_printf(b, "%zu KiB", n >> 10);
    else
        buf_printf(b, "%zu bytes", n);
}

static enum file_result file_too_big(const char *path, size_t cap, struct buf *err)
{
    buf_printf(err, "%s is larger than ", path);
    file_put_size(err, cap);
    buf_puts(err, ", the most klaxon reads from it");
    return FILE_TOO_BIG;
}

/* open() failed: say what the path is when that is the reason (a socket gives ENXIO). */
static enum file_result file_open_failed(const char *path, int e, struct buf *err)
{
    struct stat st;
    if (e == ENOENT || e == ENOTDIR) {
        buf_printf(err, "cannot read %s: %s", path, strerror(e));
        return FILE_MISSING;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        file_not_regular(path, st.st_mode, err);
    else
        buf_printf(err, "cannot read %s: %s", path, strerror(e));
    return FILE_ERROR;
}

static void file_discard(char *data, size_t len)
{
    if (data) {
        secmem_wipe(data, len);
        free(data);
    }
}

/* Grow data from *room to min(2 * *room, limit) bytes of room (plus the NUL), wiping the old. */
static char *file_grow(char *data, size_t len, size_t *room, size_t limit)
{
    size_t want = *room > limit / 2 ? limit : *room * 2;
    char *bigger = xmalloc(want + 1);
    memcpy(bigger, data, len);
    file_discard(data, len);
    *room = want;
    return bigger;
}

/* Read fd to its end, at most cap bytes; size is fstat's guess at the length. */
static enum file_result file_read_fd(int fd, const char *path, size_t cap, size_t size, char **out,
                                     size_t *len, struct buf *err)
{
    /* One byte past the cap tells "exactly cap" from "over". */
    size_t limit = cap == (size_t)-1 ? cap - 1 : cap + 1;
    /* Room for the whole file and one more byte, so that its end is seen without growing. */
    size_t room = size && size < limit ? size + 1 : 4096, n = 0;
    if (room > limit)
        room = limit;
    char *data = xmalloc(room + 1);
    for (;;) {
        if (n == room && room < limit)
            data = file_grow(data, n, &room, limit);
        if (n == room)
            break;
        ssize_t r = read(fd, data + n, room - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            buf_printf(err, "cannot read %s: %s", path, strerror(errno));
            file_discard(data, n);
            return FILE_ERROR;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > cap) {
        file_discard(data, n);
        return file_too_big(path, cap, err);
    }
    data[n] = '\0';
    *out = data;
    *len = n;
    return FILE_OK;
}

static enum file_result file_read_to(const char *path, size_t cap, char **out, size_t *len,
                                     struct buf *err)
{
    *out = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO with no writer must return at once, not wait for one. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return file_open_failed(path, errno, err);
    struct stat st;
    enum file_result r = FILE_ERROR;
    if (fstat(fd, &st) != 0)
        buf_printf(err, "cannot read %s: %s", path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        file_not_regular(path, st.st_mode, err);
    else if (st.st_size > 0 && (unsigned long long)st.st_size > cap)
        r = file_too_big(path, cap, err);
    else
        r = file_read_fd(fd, path, cap, (size_t)st.st_size, out, len, err);
    close(fd);
    return r;
}

enum file_result file_read(const char *path, size_t cap, char **out, size_t *len, struct buf *err)
{
    struct buf scratch = BUF_INIT;
    enum file_result r = file_read_to(path, cap, out, len, err ? err : &scratch);
    buf_free(&scratch);
    return r;
}

enum file_result file_read_optional(const char *path, size_t cap, char **out, size_t *len,
                                    struct buf *warn, const char *prefix, const char *suffix)
{
    struct buf why = BUF_INIT;
    enum file_result r = file_read(path, cap, out, len, &why);
    if (r != FILE_OK && r != FILE_MISSING && warn)
        buf_printf(warn, "%s%s%s\n", prefix, buf_cstr(&why), suffix);
    buf_free(&why);
    return r;
}

int file_check_regular(const char *path, struct buf *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        buf_printf(err, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        file_not_regular(path, st.st_mode, err);
        return -1;
    }
    return 0;
}

char *file_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    while (slash > path && slash[-1] == '/')
        slash--;
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

char *file_beside_self(const char *name)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return NULL;
    self[n] = '\0';
    char *dir = file_dirname(self);
    char *p = xasprintf("%s/%s", dir, name);
    free(dir);
    return p;
}

int file_write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* fsync the directory so that a rename in it survives a crash; best effort. */
static void file_sync_dir(const char *dir)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
}

int file_replace(const char *path, const void *data, size_t len, mode_t mode, struct buf *err)
{
    char *dir = file_dirname(path);
    const char *base = strrchr(path, '/');
    char *tmp = xasprintf("%s/.%s.XXXXXX", dir, base ? base + 1 : path);
    int rc = -1;
    /* mkostemp: O_CREAT|O_EXCL with mode 0600, so the file is never wider than 0600 before
       fchmod sets the exact mode; O_NOFOLLOW as a second guard against a planted link. */
    int fd = mkostemp(tmp, O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        buf_printf(err, "cannot create a file in %s to replace %s: %s", dir, path, strerror(errno));
        goto out;
    }
    if (fchmod(fd, mode) != 0 || file_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        buf_printf(err, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        unlink(tmp);
        goto out;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        buf_printf(err, "cannot replace %s: %s", path, strerror(errno));
        unlink(tmp);
        goto out;
    }
    file_sync_dir(dir);
    rc = 0;
out:
    free(tmp);
    free(dir);
    return rc;
}

/* Create one directory with exactly mode; an existing directory is fine. */
static int file_mkdir_one(const char *dir, mode_t mode)
{
    if (mkdir(dir, mode) == 0)
        return chmod(dir, mode); /* the umask narrowed what mkdir made */
    int e = errno;
    struct stat st;
    if (e == EEXIST && stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return 0;
        e = ENOTDIR;
    }
    errno = e;
    return -1;
}

int file_mkdirs(const char *dir, mode_t mode, struct buf *err)
{
    if (!*dir) {
        buf_puts(err, "cannot create a directory with an empty name");
        return -1;
    }
    char *p = xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        /* "a//b" and a trailing "/" give empty components: nothing to make there. */
        if (s[-1] != '/' && file_mkdir_one(p, mode) != 0) {
            buf_printf(err, "cannot create the directory %s: %s", p, strerror(errno));
            rc = -1;
        }
        *s = c;
        if (!c || rc)
            break;
    }
    free(p);
    return rc;
}
