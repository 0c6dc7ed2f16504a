/* Append-only JSON-lines journal of declarations, so an unanswered one can be resent safely. */
#include "client/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/file.h"
#include "core/hex.h"
#include "core/xalloc.h"
#include "core/xdg.h"

/* A line longer than this is not ours (a body is at most a few hundred KiB). */
#define JOURNAL_MAX_LINE (4u * 1024u * 1024u)
/* A journal this large is not one klaxon wrote by hand-declaring incidents. */
#define JOURNAL_MAX_FILE (64u * JOURNAL_MAX_LINE)

static const char *const journal_names[] = {"pending",    "declared",  "refused",
                                            "unanswered", "cancelled", "dismissed"};

const char *journal_outcome_name(enum journal_outcome o)
{
    return (unsigned)o < sizeof journal_names / sizeof journal_names[0] ? journal_names[o]
                                                                        : "unknown";
}

char *journal_default_path(void)
{
    return xdg_path(XDG_STATE, "journal.jsonl", false, NULL);
}

char *journal_path_or_default(const char *path)
{
    return path ? xstrdup(path) : journal_default_path();
}

/* mkdir -p for the journal's directory, 0700: nobody else reads what was declared. */
static int journal_mkdirs(const char *path, struct buf *err)
{
    char *dir = file_dirname(path);
    struct buf why = BUF_INIT;
    int rc = file_mkdirs(dir, 0700, &why);
    if (rc != 0)
        buf_printf(err, "journal: no place for %s: %s", path, buf_cstr(&why));
    buf_free(&why);
    free(dir);
    return rc;
}

/* The journal for appending. O_NONBLOCK: opening a FIFO for writing would wait for a reader
   for ever; only a regular file is a journal (a symlink is not followed: ELOOP). st gets what
   was opened (its size, to cut a torn line off). */
static int journal_open_append(const char *path, struct stat *st, struct buf *err)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
    int e = errno;
    struct buf why = BUF_INIT;
    bool odd = fd >= 0 ? fstat(fd, st) != 0 || !S_ISREG(st->st_mode) : e != ELOOP && e != ENOENT;
    if (odd && file_check_regular(path, &why) != 0) {
        buf_printf(err, "journal: %s", buf_cstr(&why));
        if (fd >= 0)
            close(fd);
        fd = -1;
    } else if (fd < 0) {
        buf_printf(err, "journal: cannot open %s: %s", path,
                   e == ELOOP ? "it is a symbolic link, which is not followed" : strerror(e));
    }
    buf_free(&why);
    return fd;
}

static double journal_now(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

/* One record = one write() on an O_APPEND descriptor, then fsync: a crash leaves whole lines
   (at worst a torn last line, which the reader skips). */
static int journal_append(const char *path, json_t *record, struct buf *err)
{
    char *line = json_dumps(record, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!line) {
        buf_puts(err, "journal: cannot encode the record");
        return -1;
    }
    struct buf b = BUF_INIT;
    buf_puts(&b, line);
    buf_putc(&b, '\n');
    free(line);
    int rc = -1;
    if (!path) {
        buf_puts(err, "journal: no place for it: neither XDG_STATE_HOME nor HOME gives one");
        goto out;
    }
    if (journal_mkdirs(path, err) != 0)
        goto out;
    struct stat st;
    int fd = journal_open_append(path, &st, err);
    if (fd < 0)
        goto out;
    fchmod(fd, 0600); /* also for a file an older umask left wider */
    ssize_t w = write(fd, b.data, b.len);
    if (w != (ssize_t)b.len || fsync(fd) != 0) {
        if (w >= 0 && w != (ssize_t)b.len)
            buf_printf(err, "journal: cannot write %s: only %zd of %zu bytes fit", path, w, b.len);
        else
            buf_printf(err, "journal: cannot write %s: %s", path, strerror(errno));
        /* A torn line would also spoil the next record appended to it: cut it off. */
        if (ftruncate(fd, st.st_size) != 0)
            buf_puts(err, " (and the torn line could not be cut off)");
    } else {
        rc = 0;
    }
    close(fd);
out:
    buf_free(&b);
    return rc;
}

static void journal_digest(const char *text, char hex[65])
{
    unsigned char md[32];
    unsigned int n = 0;
    EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL);
    hex_lower(md, sizeof md, hex);
}

int journal_submit(const char *path, const json_t *body, const char *endpoint, struct buf *err)
{
    char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text) {
        buf_puts(err, "journal: cannot encode the request");
        return -1;
    }
    char digest[65];
    journal_digest(text, digest);
    free(text);
    json_t *rec = json_pack("{s:s, s:f, s:O?, s:s, s:s, s:O}", "event", "submit", "time",
                            journal_now(), "token", json_object_get(body, "clientToken"),
                            "endpoint", endpoint ? endpoint : "", "digest", digest, "body", body);
    int rc = rec ? journal_append(path, rec, err) : -1;
    json_decref(rec);
    return rc;
}

int journal_finish(const char *path, const char *token, enum journal_outcome outcome, int attempts,
                   const char *incident_arn, const char *error, struct buf *err)
{
    json_t *rec = json_pack("{s:s, s:f, s:s, s:s, s:i, s:s?, s:s?}", "event", "result", "time",
                            journal_now(), "token", token, "outcome", journal_outcome_name(outcome),
                            "attempts", attempts, "incident_arn", incident_arn, "error", error);
    int rc = rec ? journal_append(path, rec, err) : -1;
    json_decref(rec);
    return rc;
}

static char *journal_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? xstrdup(s) : NULL;
}

static struct journal_entry *journal_latest(struct journal *j, const char *token)
{
    return (struct journal_entry *)journal_find(j, token);
}

static void journal_take_submit(struct journal *j, json_t *rec)
{
    const char *token = json_string_value(json_object_get(rec, "token"));
    json_t *body = json_object_get(rec, "body");
    if (!token || !json_is_object(body))
        return;
    j->v = xreallocarray(j->v, j->n + 1, sizeof *j->v);
    struct journal_entry *e = &j->v[j->n++];
    memset(e, 0, sizeof *e);
    e->token = xstrdup(token);
    e->endpoint = journal_str(rec, "endpoint");
    e->digest = journal_str(rec, "digest");
    const char *title = json_string_value(json_object_get(body, "title"));
    e->title = xstrdup(title ? title : "");
    e->body = json_incref(body);
    e->submitted = json_number_value(json_object_get(rec, "time"));
    e->outcome = JOURNAL_PENDING;
}

static void journal_take_result(struct journal *j, json_t *rec)
{
    const char *token = json_string_value(json_object_get(rec, "token"));
    const char *outcome = json_string_value(json_object_get(rec, "outcome"));
    struct journal_entry *e = token ? journal_latest(j, token) : NULL;
    if (!e || !outcome)
        return;
    for (size_t k = 0; k < sizeof journal_names / sizeof journal_names[0]; k++)
        if (!strcmp(outcome, journal_names[k]))
            e->outcome = (enum journal_outcome)k;
    e->finished = json_number_value(json_object_get(rec, "time"));
    /* A resend adds its attempts to the first send's; a damaged count must not overflow. */
    json_int_t add = json_integer_value(json_object_get(rec, "attempts"));
    if (add > 0 && add < 1000 && e->attempts < 1000000)
        e->attempts += (int)add;
    free(e->incident_arn);
    e->incident_arn = journal_str(rec, "incident_arn");
    free(e->error);
    e->error = journal_str(rec, "error");
}

void journal_parse(const char *text, size_t len, struct journal *out, struct buf *warn)
{
    memset(out, 0, sizeof *out);
    size_t bad = 0, pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        json_t *rec = n ? json_loadb(text + pos, n, 0, NULL) : NULL;
        const char *ev = json_string_value(json_object_get(rec, "event"));
        if (ev && !strcmp(ev, "submit"))
            journal_take_submit(out, rec);
        else if (ev && !strcmp(ev, "result"))
            journal_take_result(out, rec);
        else if (n)
            bad++;
        json_decref(rec);
        pos += n + 1;
    }
    if (bad && warn)
        buf_printf(warn, "journal: %zu damaged line%s skipped\n", bad, bad == 1 ? "" : "s");
}

int journal_load(const char *path, struct journal *out, struct buf *warn)
{
    memset(out, 0, sizeof *out);
    if (!path)
        return -1;
    char *text;
    size_t len;
    enum file_result r =
        file_read_optional(path, JOURNAL_MAX_FILE, &text, &len, warn, "journal: ", "");
    if (r != FILE_OK)
        return r == FILE_MISSING ? 0 : -1;
    journal_parse(text, len, out, warn);
    free(text);
    return 0;
}

void journal_free(struct journal *j)
{
    for (size_t i = 0; i < j->n; i++) {
        struct journal_entry *e = &j->v[i];
        FREE_ALL(e->token, e->endpoint, e->digest, e->title, e->incident_arn, e->error);
        json_decref(e->body);
    }
    free(j->v);
    memset(j, 0, sizeof *j);
}

const struct journal_entry *journal_find(const struct journal *j, const char *token)
{
    for (size_t i = j->n; i-- > 0;)
        if (!strcmp(j->v[i].token, token))
            return &j->v[i];
    return NULL;
}

bool journal_needs_resend(const struct journal_entry *e)
{
    return e->outcome == JOURNAL_PENDING || e->outcome == JOURNAL_UNANSWERED ||
           e->outcome == JOURNAL_CANCELLED;
}

bool journal_open(const struct journal *j, const struct journal_entry *e)
{
    return journal_needs_resend(e) && journal_find(j, e->token) == e;
}
