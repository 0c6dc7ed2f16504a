/* Draft files: (de)serialisation of the form model and the atomic 0600 writes under XDG state. */
#include "forms/draft.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xalloc.h"

/* A draft larger than this is not one of ours. */
#define DRAFT_MAX_BYTES (1024 * 1024)

static int draft_mkdir_p(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int r = mkdir(path, 0700);
        *p = '/';
        if (r && errno != EEXIST)
            return -1;
    }
    if (mkdir(path, 0700) && errno != EEXIST)
        return -1;
    return 0;
}

char *draft_state_dir(bool create, struct buf *err)
{
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    char *dir;
    if (xdg && xdg[0] == '/')
        dir = xasprintf("%s/klaxon", xdg);
    else if (home && *home)
        dir = xasprintf("%s/.local/state/klaxon", home);
    else {
        buf_puts(err, "neither XDG_STATE_HOME nor HOME is set");
        return NULL;
    }
    if (create && draft_mkdir_p(dir)) {
        buf_printf(err, "cannot create %s: %s", dir, strerror(errno));
        free(dir);
        return NULL;
    }
    return dir;
}

static int draft_write_all(int fd, const char *p, size_t n)
{
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

int draft_write_file(const char *dir, const char *name, const char *text, struct buf *err)
{
    char *tmp = xasprintf("%s/.%s.XXXXXX", dir, name);
    char *dst = xasprintf("%s/%s", dir, name);
    int rc = -1;
    int fd = mkstemp(tmp); /* creates the file 0600 whatever the umask */
    if (fd < 0) {
        buf_printf(err, "cannot write %s: %s", dst, strerror(errno));
        goto out;
    }
    if (fchmod(fd, 0600) || draft_write_all(fd, text, strlen(text)) || fsync(fd)) {
        buf_printf(err, "cannot write %s: %s", dst, strerror(errno));
        close(fd);
        unlink(tmp);
        goto out;
    }
    if (close(fd) || rename(tmp, dst)) {
        buf_printf(err, "cannot write %s: %s", dst, strerror(errno));
        unlink(tmp);
        goto out;
    }
    /* The rename itself must survive a crash too. */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    rc = 0;
out:
    free(tmp);
    free(dst);
    return rc;
}

bool draft_is_empty(const struct form_model *m)
{
    return !*m->plan_arn && !*m->title && !m->nitems && !*m->trigger_source && !*m->trigger_arn &&
           !*m->trigger_raw;
}

char *draft_serialize(const struct form_model *m, time_t saved_at)
{
    json_t *o = json_object();
    json_object_set_new(o, "klaxonDraft", json_integer(1));
    json_object_set_new(o, "savedAt", json_integer((json_int_t)saved_at));
    json_object_set_new(o, "planLabel", json_string(m->plan_label));
    json_object_set_new(o, "triggerOn", json_boolean(m->trigger_on));
    json_object_set_new(o, "sent", json_boolean(m->sent));
    json_object_set_new(o, "form", model_to_json(m, true));
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!text)
        abort(); /* jansson only fails here when out of memory */
    char *copy = xasprintf("%s\n", text);
    free(text);
    return copy;
}

int draft_parse(const char *text, struct form_model *m, time_t *saved_at, struct buf *err)
{
    json_error_t je;
    json_t *o = json_loads(text, 0, &je);
    if (!o) {
        buf_printf(err, "not JSON (line %d: %s)", je.line, je.text);
        return -1;
    }
    const json_t *form = json_object_get(o, "form");
    if (!json_is_object(o) || !json_is_integer(json_object_get(o, "klaxonDraft")) ||
        !json_is_object(form)) {
        buf_puts(err, "not a klaxon draft");
        json_decref(o);
        return -1;
    }
    model_from_json(m, form);
    m->trigger_on = json_is_true(json_object_get(o, "triggerOn"));
    m->sent = json_is_true(json_object_get(o, "sent"));
    const json_t *label = json_object_get(o, "planLabel");
    if (json_is_string(label)) {
        free(m->plan_label);
        m->plan_label = xstrdup(json_string_value(label));
    }
    const json_t *at = json_object_get(o, "savedAt");
    if (saved_at)
        *saved_at = json_is_integer(at) ? (time_t)json_integer_value(at) : 0;
    json_decref(o);
    return 0;
}

int draft_save(const char *name, const struct form_model *m, struct buf *err)
{
    char *dir = draft_state_dir(true, err);
    if (!dir)
        return -1;
    char *text = draft_serialize(m, time(NULL));
    int rc = draft_write_file(dir, name, text, err);
    free(text);
    free(dir);
    return rc;
}

static char *draft_slurp(const char *path, struct buf *err, bool *missing)
{
    *missing = false;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            *missing = true;
        else
            buf_printf(err, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    struct buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(&b, chunk, n);
        if (b.len > DRAFT_MAX_BYTES) {
            buf_printf(err, "%s is too large to be a draft", path);
            fclose(f);
            buf_free(&b);
            return NULL;
        }
    }
    fclose(f);
    if (memchr(buf_cstr(&b), '\0', b.len)) {
        buf_printf(err, "%s is not a text file", path);
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b);
}

int draft_load(const char *name, struct form_model *m, time_t *saved_at, struct buf *err)
{
    char *dir = draft_state_dir(false, err);
    if (!dir)
        return -1;
    char *path = xasprintf("%s/%s", dir, name);
    free(dir);
    bool missing;
    char *text = draft_slurp(path, err, &missing);
    int rc = missing ? 0 : -1;
    if (text) {
        struct buf why = BUF_INIT;
        struct form_model tmp;
        model_copy(&tmp, m);
        if (draft_parse(text, &tmp, saved_at, &why) == 0) {
            model_free(m);
            *m = tmp;
            rc = 1;
        } else {
            model_free(&tmp);
            buf_printf(err, "%s: %s", path, buf_cstr(&why));
        }
        buf_free(&why);
        free(text);
    }
    free(path);
    return rc;
}

void draft_remove(const char *name)
{
    struct buf err = BUF_INIT;
    char *dir = draft_state_dir(false, &err);
    buf_free(&err);
    if (!dir)
        return;
    char *path = xasprintf("%s/%s", dir, name);
    unlink(path);
    free(path);
    free(dir);
}
