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

#include "core/file.h"
#include "core/xalloc.h"
#include "core/xdg.h"

/* A draft larger than this is not one of ours. */
#define DRAFT_MAX_BYTES (1024 * 1024)

char *draft_state_dir(bool create, struct buf *err)
{
    return xdg_dir(XDG_STATE, create, err);
}

int draft_write_file(const char *dir, const char *name, const char *text, struct buf *err)
{
    char *dst = xasprintf("%s/%s", dir, name);
    int rc = file_replace(dst, text, strlen(text), 0600, err);
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
    char *text;
    size_t len;
    struct buf why = BUF_INIT;
    enum file_result r = file_read(path, DRAFT_MAX_BYTES, &text, &len, &why);
    *missing = r == FILE_MISSING;
    if (r != FILE_OK && !*missing)
        buf_puts(err, buf_cstr(&why));
    buf_free(&why);
    if (text && memchr(text, '\0', len)) {
        buf_printf(err, "%s is not a text file", path);
        free(text);
        return NULL;
    }
    return text;
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
