/* Files the way klaxon reads and writes them: capped reads of regular files only, atomic
   replaces with an exact mode, mkdir -p with an exact mode. */
#ifndef CORE_FILE_H
#define CORE_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "core/buf.h"

enum file_result {
    FILE_OK = 0,
    FILE_MISSING, /* no such file (ENOENT or ENOTDIR) */
    FILE_TOO_BIG, /* larger than the cap */
    FILE_ERROR,   /* not a regular file, or cannot be opened or read */
};

/* Read the whole regular file at path into fresh memory with a NUL after the last byte (not
   counted in *len); the caller frees *out. Anything that is not a regular file (a FIFO, a
   device such as /dev/zero, a directory, a socket) is refused without reading from it, so a
   FIFO nobody writes to cannot hang the caller. A file over cap bytes is refused. Copies made
   while the buffer grows, and the buffer on failure, are wiped: the file may hold secrets.
   On anything but FILE_OK, *out is NULL and err (may be NULL) gets a sentence naming the path
   and the cap, or what the path is instead of a regular file. */
enum file_result file_read(const char *path, size_t cap, char **out, size_t *len, struct buf *err);

/* file_read() of a file that need not exist: a missing one is FILE_MISSING in silence; any
   other failure appends "PREFIX<the reason>SUFFIX\n" to warn (when warn is not NULL). */
enum file_result file_read_optional(const char *path, size_t cap, char **out, size_t *len,
                                    struct buf *warn, const char *prefix, const char *suffix);

/* 0 when path names a regular file (symlinks followed), else -1 and err says what it is. For
   paths handed to a library that would open them itself (the CA bundle given to libcurl). */
int file_check_regular(const char *path, struct buf *err);

/* Replace path with data atomically: a temp file ".NAME.XXXXXX" in the same directory (created
   O_EXCL, not through a symlink) gets exactly mode whatever the umask, is written and fsynced,
   renamed over path, and the directory is fsynced so the rename survives a crash. The directory
   must exist. On failure path is as it was and no temp file is left. 0, or -1 with err. */
int file_replace(const char *path, const void *data, size_t len, mode_t mode, struct buf *err);

/* mkdir -p: every missing directory of dir is created with exactly mode (whatever the umask);
   existing ones are left as they are. 0, or -1 with err naming the directory that failed. */
int file_mkdirs(const char *dir, mode_t mode, struct buf *err);

/* The directory part of path ("." for a bare name, "/" for "/x"); caller frees. */
char *file_dirname(const char *path);

/* NAME in the running executable's directory (so a build tree finds its own klaxon-sim and
   scenarios); NULL when /proc/self/exe cannot be read. Caller frees. */
char *file_beside_self(const char *name);

/* Write all n bytes to fd, again after an interruption or a short write; 0, or -1 (errno). */
int file_write_all(int fd, const void *data, size_t n);

#endif
