/* core/file and core/xdg: regular files only, caps, exact modes, one rule for a missing HOME. */
#define _GNU_SOURCE
#include <dirent.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"
#include "core/xalloc.h"
#include "core/xdg.h"
#include "tests/unit/test.h"

static char tmp[256];

static char *at(const char *name)
{
    static char path[2][512];
    static int i;
    i ^= 1;
    snprintf(path[i], sizeof path[i], "%s/%s", tmp, name);
    return path[i];
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_mode & 07777 : (mode_t)-1;
}

static void test_read_regular(void)
{
    put(at("a.txt"), "hello\nworld");
    char *text = (char *)1;
    size_t len = 99;
    struct buf err = BUF_INIT;
    CHECK_INT(file_read(at("a.txt"), 64, &text, &len, &err), FILE_OK);
    CHECK_STR(text, "hello\nworld");
    CHECK_INT(len, 11);
    CHECK_STR(buf_cstr(&err), "");
    free(text);
    /* Exactly at the cap is fine; one byte over is refused and the cap is named. */
    CHECK_INT(file_read(at("a.txt"), 11, &text, &len, &err), FILE_OK);
    free(text);
    CHECK_INT(file_read(at("a.txt"), 10, &text, &len, &err), FILE_TOO_BIG);
    CHECK(text == NULL);
    CHECK(strstr(buf_cstr(&err), "a.txt is larger than 10 bytes") != NULL);
    buf_reset(&err);
    put(at("empty"), "");
    CHECK_INT(file_read(at("empty"), 10, &text, &len, &err), FILE_OK);
    CHECK(text && *text == '\0' && len == 0);
    free(text);
    CHECK_INT(file_read(at("none"), 10, &text, &len, &err), FILE_MISSING);
    CHECK(strstr(buf_cstr(&err), "none") != NULL);
    /* A regular file whose size fstat does not know (procfs says 0): read to its end. */
    CHECK_INT(file_read("/proc/self/status", 1 << 20, &text, &len, NULL), FILE_OK);
    CHECK(text && len > 0 && strstr(text, "Name:") != NULL);
    free(text);
    buf_free(&err);
}

/* Each is refused with what it is; a FIFO with no writer must not block (the alarm in main
   turns a hang into a failure). */
/* A missing file is no news; any other failure is said with the caller's words around it. */
static void test_read_optional(void)
{
    put(at("opt.txt"), "x");
    struct buf warn = BUF_INIT;
    char *text = NULL;
    size_t len = 0;
    CHECK_INT(file_read_optional(at("opt.txt"), 64, &text, &len, &warn, "<", ">"), FILE_OK);
    CHECK_STR(text, "x");
    free(text);
    CHECK_INT(file_read_optional(at("no-such"), 64, &text, &len, &warn, "<", ">"), FILE_MISSING);
    CHECK(text == NULL);
    CHECK_STR(buf_cstr(&warn), "");
    CHECK_INT(file_read_optional(tmp, 64, &text, &len, &warn, "<", ">"), FILE_ERROR);
    CHECK(text == NULL);
    const char *w = buf_cstr(&warn);
    CHECK(w[0] == '<' && strstr(w, tmp) != NULL && strcmp(w + strlen(w) - 2, ">\n") == 0);
    CHECK_INT(file_read_optional(tmp, 64, &text, &len, NULL, "<", ">"), FILE_ERROR);
    buf_free(&warn);
}

static void test_read_refuses(void)
{
    struct {
        const char *path, *says;
    } cases[] = {
        {at("fifo"), "fifo is a FIFO, not a regular file"},
        {tmp, "is a directory, not a regular file"},
        {"/dev/zero", "/dev/zero is a character device, not a regular file"},
    };
    CHECK(mkfifo(cases[0].path, 0600) == 0);
    int ok = 1;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = (char *)1;
        size_t len;
        struct buf err = BUF_INIT;
        int r = file_read(cases[i].path, 1 << 20, &text, &len, &err);
        if (r != FILE_ERROR || text != NULL || !strstr(buf_cstr(&err), cases[i].says)) {
            printf("     %s: result %d, \"%s\"\n", cases[i].path, r, buf_cstr(&err));
            ok = 0;
        }
        buf_reset(&err);
        if (file_check_regular(cases[i].path, &err) != -1 ||
            !strstr(buf_cstr(&err), cases[i].says)) {
            printf("     check %s: \"%s\"\n", cases[i].path, buf_cstr(&err));
            ok = 0;
        }
        buf_free(&err);
    }
    CHECK(ok); /* three kinds of non-regular file, read and checked */
    struct buf err = BUF_INIT;
    put(at("b.txt"), "x");
    CHECK_INT(file_check_regular(at("b.txt"), &err), 0);
    CHECK_INT(file_check_regular(at("none"), &err), -1);
    CHECK(strstr(buf_cstr(&err), "none") != NULL);
    buf_free(&err);
}

/* Files in dir whose names start with ".": temp files left behind. */
static int dot_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

static void test_replace(void)
{
    mode_t old = umask(0);
    struct buf err = BUF_INIT;
    CHECK_INT(file_replace(at("r.txt"), "one", 3, 0600, &err), 0);
    CHECK_INT(mode_of(at("r.txt")), 0600);
    CHECK_INT(file_replace(at("r.txt"), "two!", 4, 0640, &err), 0);
    CHECK_INT(mode_of(at("r.txt")), 0640);
    char *text;
    size_t len;
    CHECK_INT(file_read(at("r.txt"), 64, &text, &len, &err), FILE_OK);
    CHECK_STR(text, "two!");
    free(text);
    CHECK_INT(dot_files(tmp), 0);
    CHECK_STR(buf_cstr(&err), "");
    /* A missing directory fails, naming the file, and leaves nothing. */
    CHECK_INT(file_replace(at("nodir/r.txt"), "x", 1, 0600, &err), -1);
    CHECK(strstr(buf_cstr(&err), "nodir/r.txt") != NULL);
    CHECK_INT(dot_files(tmp), 0);
    umask(old);
    buf_free(&err);
}

static void test_mkdirs(void)
{
    struct buf err = BUF_INIT;
    mode_t old = umask(0);
    CHECK_INT(file_mkdirs(at("m1/a/b"), 0700, &err), 0);
    CHECK_INT(mode_of(at("m1")), 0700);
    CHECK_INT(mode_of(at("m1/a/b")), 0700);
    /* A narrow umask does not narrow what was asked for either. */
    umask(0277);
    CHECK_INT(file_mkdirs(at("m2/a"), 0700, &err), 0);
    CHECK_INT(mode_of(at("m2/a")), 0700);
    umask(0);
    /* Existing directories keep their mode; "a//b/" is the same as "a/b". */
    CHECK(mkdir(at("m3"), 0755) == 0);
    CHECK_INT(file_mkdirs(at("m3//c/"), 0700, &err), 0);
    CHECK_INT(mode_of(at("m3")), 0755);
    CHECK_INT(mode_of(at("m3/c")), 0700);
    CHECK_STR(buf_cstr(&err), "");
    put(at("plain"), "x");
    CHECK_INT(file_mkdirs(at("plain/d"), 0700, &err), -1);
    CHECK(strstr(buf_cstr(&err), "plain") != NULL);
    umask(old);
    buf_free(&err);
}

static char *passwd_home(const char *below)
{
    const struct passwd *pw = getpwuid(getuid());
    return pw ? xasprintf("%s%s", pw->pw_dir, below) : NULL;
}

static void test_xdg(void)
{
    struct buf err = BUF_INIT;
    setenv("HOME", tmp, 1);
    setenv("XDG_STATE_HOME", at("state"), 1);
    char *d = xdg_dir(XDG_STATE, true, &err);
    CHECK_STR(d, at("state/klaxon"));
    CHECK_INT(mode_of(at("state/klaxon")), 0700);
    free(d);
    /* Relative values are ignored, as the XDG spec says: the default below HOME is used. */
    setenv("XDG_STATE_HOME", "state", 1);
    setenv("XDG_CACHE_HOME", "", 1);
    unsetenv("XDG_CONFIG_HOME");
    setenv("XDG_DATA_HOME", "./data", 1);
    const char *want[] = {".local/state/klaxon", ".cache/klaxon", ".config/klaxon",
                          ".local/share/klaxon"};
    for (int k = XDG_STATE; k <= XDG_DATA; k++) {
        d = xdg_dir((enum xdg_kind)k, false, &err);
        CHECK_STR(d, at(want[k]));
        free(d);
    }
    d = xdg_path(XDG_DATA, "vault", false, &err);
    CHECK_STR(d, at(".local/share/klaxon/vault"));
    free(d);
    /* HOME unset, empty or relative: the password database's home, by the same rule. */
    char *pw_state = passwd_home("/.local/state/klaxon");
    const char *homes[] = {NULL, "", "relative/home"};
    for (int i = 0; i < 3; i++) {
        if (homes[i])
            setenv("HOME", homes[i], 1);
        else
            unsetenv("HOME");
        d = xdg_dir(XDG_STATE, false, &err);
        CHECK_STR(d, pw_state);
        free(d);
    }
    free(pw_state);
    CHECK_STR(buf_cstr(&err), "");
    /* An absolute XDG value needs no home at all. */
    setenv("XDG_CACHE_HOME", "/x/cache", 1);
    d = xdg_dir(XDG_CACHE, false, &err);
    CHECK_STR(d, "/x/cache/klaxon");
    free(d);
    setenv("HOME", tmp, 1);
    /* A directory that cannot be made is an error naming it. */
    put(at("blocker"), "x");
    setenv("XDG_CONFIG_HOME", at("blocker"), 1);
    CHECK(xdg_dir(XDG_CONFIG, true, &err) == NULL);
    CHECK(strstr(buf_cstr(&err), "blocker") != NULL);
    buf_free(&err);
}

/* A build tree finds its own klaxon-sim beside the running program, whatever the cwd. */
static void test_beside_self(void)
{
    char *p = file_beside_self("klaxon-sim");
    CHECK(p != NULL);
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    CHECK(n > 0);
    self[n > 0 ? n : 0] = '\0';
    char *dir = file_dirname(self);
    char *want = xasprintf("%s/klaxon-sim", dir);
    CHECK_STR(p, want);
    free(p), free(dir), free(want);
}

int main(void)
{
    alarm(30); /* a read that blocks (on a FIFO) fails the test instead of hanging it */
    test_mkdtemp(tmp, sizeof tmp, "test-file");
    RUN(test_read_regular);
    RUN(test_read_optional);
    RUN(test_read_refuses);
    RUN(test_replace);
    RUN(test_mkdirs);
    RUN(test_xdg);
    RUN(test_beside_self);
    test_rmtree(tmp);
    return test_summary();
}
