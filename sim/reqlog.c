/* The simulator's request log: JSON lines for trainers and tests, flushed as they are written. */
#include "sim/reqlog.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/utf8.h"
#include "core/xalloc.h"
#include "sim/wire.h"

struct sim_log {
    pthread_mutex_t lock;
    FILE *file; /* NULL: no log file */
    FILE *echo; /* NULL: no human summary */
};

struct sim_log *sim_log_open(const char *path, FILE *echo, struct buf *err)
{
    FILE *f = NULL;
    if (path) {
        /* The log holds what trainees typed: keep it private like klaxon's own state files. */
        int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0 || !(f = fdopen(fd, "a"))) {
            buf_printf(err, "%s: cannot open the log: %m", path);
            if (fd >= 0)
                close(fd);
            return NULL;
        }
    }
    if (!f && !echo)
        return NULL;
    struct sim_log *l = xcalloc(1, sizeof *l);
    pthread_mutex_init(&l->lock, NULL);
    l->file = f;
    l->echo = echo;
    return l;
}

void sim_log_close(struct sim_log *l)
{
    if (!l)
        return;
    if (l->file)
        fclose(l->file);
    pthread_mutex_destroy(&l->lock);
    free(l);
}

json_t *sim_log_string(const char *s, size_t max)
{
    if (!s)
        return json_null();
    struct buf b = BUF_INIT;
    size_t n = strlen(s);
    for (size_t i = 0; i < n && b.len < max;) {
        size_t k = utf8_seq_len(s + i, n - i);
        if (k == 0) {
            buf_puts(&b, "\xEF\xBF\xBD");
            i++;
        } else {
            buf_append(&b, s + i, k);
            i += k;
        }
    }
    json_t *j = json_stringn(buf_cstr(&b), b.len);
    buf_free(&b);
    return j ? j : json_null();
}

/* Member names whose values are secrets wherever they appear. secretId (PagerDuty) is not one:
   it names a Secrets Manager secret and the service returns it in plain text. */
static bool secret_name(const char *key)
{
    static const char *const names[] = {"secretAccessKey",
                                        "aws_secret_access_key",
                                        "SecretAccessKey",
                                        "sessionToken",
                                        "aws_session_token",
                                        "x-amz-security-token",
                                        "authorization",
                                        "password",
                                        "secret",
                                        NULL};
    for (const char *const *n = names; *n; n++)
        if (strcasecmp(key, *n) == 0)
            return true;
    return false;
}

json_t *sim_log_redact(const json_t *body)
{
    if (json_is_object(body)) {
        json_t *out = json_object();
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)body, key, v)
        {
            json_object_set_new(out, key,
                                secret_name(key) ? json_string("(redacted)") : sim_log_redact(v));
        }
        return out;
    }
    if (json_is_array(body)) {
        json_t *out = json_array();
        for (size_t i = 0; i < json_array_size(body); i++)
            json_array_append_new(out, sim_log_redact(json_array_get(body, i)));
        return out;
    }
    return body ? json_deep_copy(body) : json_null();
}

static json_t *query_object(const char *query)
{
    if (!query || !*query)
        return json_null();
    json_t *o = json_object();
    const char *p = query;
    for (int count = 0; *p && count < 32; count++) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;
        char *rawk = xstrndup(p, klen);
        char *rawv = eq ? xstrndup(eq + 1, len - klen - 1) : xstrdup("");
        char *k = sim_url_decode(rawk, klen);
        char *v = sim_url_decode(rawv, strlen(rawv));
        json_t *key = sim_log_string(k ? k : rawk, 200);
        if (json_is_string(key) && json_string_length(key) > 0 &&
            !memchr(json_string_value(key), '\0', json_string_length(key)))
            json_object_set_new(o, json_string_value(key), sim_log_string(v ? v : rawv, 2000));
        json_decref(key);
        free(rawk);
        free(rawv);
        free(k);
        free(v);
        if (!end)
            break;
        p = end + 1;
    }
    return o;
}

static json_t *first_line(const char *msg)
{
    if (!msg)
        return json_null();
    const char *nl = strchr(msg, '\n');
    char *line = xstrndup(msg, nl ? (size_t)(nl - msg) : strlen(msg));
    json_t *j = sim_log_string(line, 1000);
    free(line);
    return j;
}

static json_t *entry_json(const struct sim_log_entry *e)
{
    char when[32];
    sim_iso_time(e->time, when);
    json_t *o = json_object();
    json_object_set_new(o, "time", json_string(when));
    json_object_set_new(o, "request_id", sim_log_string(e->request_id, 64));
    json_object_set_new(o, "operation", sim_log_string(e->operation, 64));
    json_object_set_new(o, "method", sim_log_string(e->method, 32));
    json_object_set_new(o, "path", sim_log_string(e->path, 1000));
    json_object_set_new(o, "query", query_object(e->query));
    json_object_set_new(o, "status", e->status ? json_integer(e->status) : json_null());
    json_object_set_new(o, "error", sim_log_string(e->error, 128));
    json_object_set_new(o, "message", first_line(e->message));
    json_object_set_new(o, "signature", sim_log_string(e->signature, 32));
    json_object_set_new(o, "access_key_id", sim_log_string(e->access_key_id, 128));
    json_object_set_new(o, "region", sim_log_string(e->region, 64));
    json_object_set_new(o, "client_token", sim_log_string(e->client_token, 256));
    json_object_set_new(o, "incident_arn", sim_log_string(e->incident_arn, 1000));
    json_object_set_new(o, "incident_created", json_boolean(e->incident_created));
    json_object_set_new(o, "attempt_fault", sim_log_string(e->fault, 16));
    json_object_set_new(o, "body", e->body ? sim_log_redact(e->body) : json_null());
    json_object_set_new(o, "body_bytes", json_integer((json_int_t)e->body_bytes));
    return o;
}

/* Code points a terminal acts on rather than draws: C0, DEL, C1 (U+009B is CSI in UTF-8
   xterms), and the invisible marks that reorder or hide text (bidi overrides, isolates, zero
   widths, BOM). */
static bool terminal_control(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff;
}

/* Client text for the trainer's terminal: at most max bytes of s, drawn and never obeyed.
   Controls become \xNN or \u{NNNN}, ill-formed UTF-8 \xNN per byte, a backslash \\, so what is
   shown cannot be mistaken for what was sent. */
static void echo_text(FILE *f, const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n && i < max;) {
        unsigned cp = 0;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            fprintf(f, "\\x%02x", (unsigned char)s[i]);
            k = 1;
        } else if (cp == '\\')
            fputs("\\\\", f);
        else if (cp < 0x80 && terminal_control(cp))
            fprintf(f, "\\x%02x", cp);
        else if (terminal_control(cp))
            fprintf(f, "\\u{%04x}", cp);
        else
            fwrite(s + i, 1, k, f);
        i += k;
    }
    if (n > max)
        fputs("...", f);
}

static void echo_line(FILE *f, const struct sim_log_entry *e)
{
    char when[32];
    sim_iso_time(e->time, when);
    fprintf(f, "%s ", when + 11);
    echo_text(f, e->operation ? e->operation : e->path ? e->path : "?", 60);
    if (e->status)
        fprintf(f, " %d", e->status);
    else
        fputs(" (dropped)", f);
    if (e->error) {
        fputc(' ', f);
        echo_text(f, e->error, 128);
    }
    if (e->fault) {
        fputs(" [fault: ", f);
        echo_text(f, e->fault, 16);
        fputc(']', f);
    }
    if (e->incident_arn) {
        fputc(' ', f);
        echo_text(f, e->incident_arn, 1000);
        fputs(e->incident_created ? "" : " (replay)", f);
    }
    fputc('\n', f);
    fflush(f);
}

/* jansson escapes C0 but leaves DEL, C1 (U+009B is CSI to a UTF-8 xterm) and the invisible
   marks raw, and trainers tail this file in a terminal. Those can only be inside strings, where
   \uNNNN means the same; other text (titles in any script) stays readable. */
static char *json_for_terminal(const char *json)
{
    struct buf b = BUF_INIT;
    size_t n = strlen(json);
    for (size_t i = 0; i < n;) {
        unsigned cp = 0;
        size_t k = utf8_decode(json + i, n - i, &cp);
        if (k == 0) { /* never from jansson; kept as is rather than guessed at */
            buf_putc(&b, json[i]);
            k = 1;
        } else if (terminal_control(cp)) {
            buf_printf(&b, "\\u%04x", cp);
        } else {
            buf_append(&b, json + i, k);
        }
        i += k;
    }
    return buf_steal(&b);
}

/* o (taken) as one line of the log file, safe on a terminal; NULL when there is no file. */
static char *log_line(const struct sim_log *l, json_t *o, size_t flags)
{
    char *raw = l->file && o ? json_dumps(o, flags) : NULL;
    json_decref(o);
    char *line = raw ? json_for_terminal(raw) : NULL;
    free(raw);
    return line;
}

/* Write line (taken; NULL: none) to the file, under the lock the echo shares. */
static void log_put_locked(struct sim_log *l, char *line)
{
    if (line) {
        fputs(line, l->file);
        fputc('\n', l->file);
        fflush(l->file);
    }
    free(line);
}

void sim_log_write(struct sim_log *l, const struct sim_log_entry *e)
{
    if (!l)
        return;
    char *line = log_line(l, l->file ? entry_json(e) : NULL, JSON_COMPACT);
    pthread_mutex_lock(&l->lock);
    log_put_locked(l, line);
    if (l->echo)
        echo_line(l->echo, e);
    pthread_mutex_unlock(&l->lock);
}

/* The echo of a room event: when, "room", the event, the trainee and their name. */
static void echo_event(FILE *f, const json_t *ev)
{
    char when[32];
    sim_iso_time(json_number_value(json_object_get(ev, "t")), when);
    fprintf(f, "%s room ", when + 11);
    echo_text(f, json_string_value(json_object_get(ev, "event")), 16);
    const char *who = json_string_value(json_object_get(ev, "trainee"));
    const char *name = json_string_value(json_object_get(ev, "name"));
    if (who) {
        fputc(' ', f);
        echo_text(f, who, 16);
    }
    if (name) {
        fputs(" (", f);
        echo_text(f, name, 256);
        fputc(')', f);
    }
    fputc('\n', f);
    fflush(f);
}

void sim_log_event(struct sim_log *l, const json_t *event)
{
    if (!l)
        return;
    char *line = log_line(l, l->file ? json_pack("{s:O}", "room", (json_t *)event) : NULL,
                          JSON_COMPACT | JSON_REAL_PRECISION(13));
    pthread_mutex_lock(&l->lock);
    log_put_locked(l, line);
    if (l->echo)
        echo_event(l->echo, event);
    pthread_mutex_unlock(&l->lock);
}
