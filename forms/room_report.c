/* The debrief of a drill room from the simulator's request log: the room events folded into one
   row per trainee, then written as a terminal table, Markdown or CSV with every piece of outside
   text escaped for the format it lands in. */
#define _GNU_SOURCE
#include "forms/room_report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/printable.h"
#include "core/utf8.h"
#include "core/xalloc.h"

/* A log line longer than this is no room event the simulator wrote. */
#define ROOM_MAX_LINE (256 * 1024)

void room_report_init(struct room_report *r)
{
    memset(r, 0, sizeof *r);
}

void room_report_free(struct room_report *r)
{
    for (size_t i = 0; i < r->n; i++)
        room_trainee_free(&r->rows[i]);
    free(r->rows);
    for (size_t i = 0; i < r->nrefused; i++) {
        free(r->refused[i].name);
        free(r->refused[i].reason);
    }
    free(r->refused);
    room_report_init(r);
}

static void room_report_bad(struct room_report *r, const char *why)
{
    if (r->bad++ == 0)
        snprintf(r->first_bad, sizeof r->first_bad, "line %zu: %.120s", r->lineno, why);
}

/* The row of trainee id, or NULL when the log has not named it before. */
static struct room_trainee *room_report_find(struct room_report *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->rows[i].trainee, id) == 0)
            return &r->rows[i];
    return NULL;
}

/* A new row holding t (taken over). */
static struct room_trainee *room_report_add(struct room_report *r, const struct room_trainee *t)
{
    r->rows = xreallocarray(r->rows, r->n + 1, sizeof *r->rows);
    r->rows[r->n] = *t;
    return &r->rows[r->n++];
}

static void room_report_refusal(struct room_report *r, const json_t *ev)
{
    r->refused = xreallocarray(r->refused, r->nrefused + 1, sizeof *r->refused);
    struct room_refusal *f = &r->refused[r->nrefused++];
    const char *name = json_string_value(json_object_get(ev, "name"));
    const char *reason = json_string_value(json_object_get(ev, "reason"));
    f->name = name ? xstrdup(name) : NULL;
    f->reason = reason ? xstrdup(reason) : NULL;
}

/* What an event does to a row's status once its fields are applied. Only the first declaration
   sets the time to declare; a later event's seconds (since joining) do not replace it. */
static void room_report_event(struct room_trainee *t, const char *ev, double old_seconds,
                              long old_decl)
{
    bool declared_before = old_decl > 0;
    if (strcmp(ev, "declare") == 0) {
        if (t->declarations <= old_decl)
            t->declarations = old_decl < 0 ? 1 : old_decl + 1;
        t->status = ROOM_DECLARED;
        if (declared_before)
            t->seconds = old_seconds;
        return;
    }
    t->seconds = declared_before ? old_seconds : -1;
    if (strcmp(ev, "join") == 0 || strcmp(ev, "back") == 0)
        t->status = declared_before ? ROOM_DECLARED : ROOM_ACTIVE;
    else if (strcmp(ev, "leave") == 0)
        t->status = declared_before ? ROOM_DECLARED : ROOM_QUIT;
    else if (strcmp(ev, "lost") == 0)
        t->status = ROOM_LOST;
}

static const char *const room_events[] = {"join", "declare", "leave", "lost", "back", "refused"};

static bool room_event_known(const char *ev)
{
    for (size_t i = 0; i < sizeof room_events / sizeof room_events[0]; i++)
        if (strcmp(room_events[i], ev) == 0)
            return true;
    return false;
}

static void room_report_apply(struct room_report *r, const json_t *ev)
{
    const char *what = json_string_value(json_object_get(ev, "event"));
    const char *id = json_string_value(json_object_get(ev, "trainee"));
    if (!json_is_object(ev) || !what || !room_event_known(what)) {
        room_report_bad(r, "a room event with no known \"event\"");
        return;
    }
    if (strcmp(what, "refused") == 0) {
        room_report_refusal(r, ev);
        return;
    }
    if (!id || !*id || strlen(id) > 64) {
        room_report_bad(r, "a room event with no \"trainee\" id");
        return;
    }
    /* A trainee the log has not named before gets a row only once its event reads well. */
    struct room_trainee fresh, *t = room_report_find(r, id);
    if (!t) {
        room_trainee_init(&fresh);
        t = &fresh;
    }
    double old_seconds = t->seconds;
    long old_decl = t->declarations;
    struct buf why = BUF_INIT;
    if (room_trainee_apply(t, ev, &why) != 0) {
        room_report_bad(r, buf_cstr(&why));
        if (t == &fresh)
            room_trainee_free(&fresh);
    } else {
        if (t == &fresh)
            t = room_report_add(r, &fresh);
        room_report_event(t, what, old_seconds, old_decl);
    }
    buf_free(&why);
}

void room_report_line(struct room_report *r, const char *line, size_t len)
{
    r->lineno++;
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    if (len == 0)
        return;
    if (len > ROOM_MAX_LINE) {
        room_report_bad(r, "longer than any log line the simulator writes");
        return;
    }
    json_error_t e;
    json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &e);
    if (!o) {
        char why[160];
        snprintf(why, sizeof why, "not JSON: %.140s", e.text);
        room_report_bad(r, why);
        return;
    }
    const json_t *ev = json_object_get(o, "room");
    if (ev)
        room_report_apply(r, ev);
    else if (!json_is_object(o))
        room_report_bad(r, "not a JSON object");
    json_decref(o);
}

void room_report_read(struct room_report *r, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0)
        room_report_line(r, line, (size_t)n);
    free(line);
}

int room_format_parse(const char *s)
{
    static const char *const names[] = {[ROOM_FORMAT_TABLE] = "table",
                                        [ROOM_FORMAT_MARKDOWN] = "markdown",
                                        [ROOM_FORMAT_CSV] = "csv"};
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* ---- escaping ---- */

void room_escape_text(struct buf *out, const char *s)
{
    s = s ? s : "";
    printable_append(out, s, strlen(s), PRINTABLE_TEXT);
}

void room_escape_markdown(struct buf *out, const char *s)
{
    struct buf t = BUF_INIT;
    room_escape_text(&t, s);
    for (const char *p = buf_cstr(&t); *p; p++) {
        if (strchr("|*_`[]<>\\", *p))
            buf_putc(out, '\\');
        buf_putc(out, *p);
    }
    buf_free(&t);
}

void room_escape_csv(struct buf *out, const char *s)
{
    s = s ? s : "";
    struct buf t = BUF_INIT;
    room_escape_text(&t, s);
    buf_putc(out, '"');
    /* A spreadsheet runs a cell that starts with one of these as a formula. */
    if (*s && strchr("=+-@\t\r", *s))
        buf_putc(out, '\'');
    for (const char *p = buf_cstr(&t); *p; p++) {
        if (*p == '"')
            buf_putc(out, '"');
        buf_putc(out, *p);
    }
    buf_putc(out, '"');
    buf_free(&t);
}

/* ---- the rows as text ---- */

static void room_score_text(const struct room_trainee *t, char *out, size_t size)
{
    if (!room_trainee_scored(t))
        snprintf(out, size, "-");
    else if (t->max < 0)
        snprintf(out, size, "%ld", t->score);
    else
        snprintf(out, size, "%ld/%ld", t->score, t->max);
}

static void room_count_text(long v, char *out, size_t size)
{
    if (v < 0)
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%ld", v);
}

/* A row's cells as shown (outside text escaped for a terminal); free with room_cells_free. */
enum { ROOM_COLS = 7 };
static const char *const room_headers[ROOM_COLS] = {"NAME", "SCENARIO", "STATUS",  "SCORE",
                                                     "TIME", "KEYS",     "PROBLEMS"};

static char *room_escaped(const char *s)
{
    struct buf b = BUF_INIT;
    room_escape_text(&b, s);
    return buf_steal(&b);
}

static void room_cells(const struct room_trainee *t, char *cells[ROOM_COLS])
{
    char tmp[64];
    cells[0] = room_escaped(t->name ? t->name : t->trainee);
    cells[1] = room_escaped(t->scenario ? t->scenario : "-");
    cells[2] = xstrdup(room_trainee_status_text(t));
    room_score_text(t, tmp, sizeof tmp);
    cells[3] = xstrdup(tmp);
    room_seconds_text(t->declarations > 0 ? t->seconds : -1, tmp, sizeof tmp);
    cells[4] = xstrdup(tmp);
    room_count_text(t->keys, tmp, sizeof tmp);
    cells[5] = xstrdup(tmp);
    room_count_text(t->problems, tmp, sizeof tmp);
    cells[6] = xstrdup(tmp);
}

static void room_cells_free(char *cells[ROOM_COLS])
{
    for (int c = 0; c < ROOM_COLS; c++)
        free(cells[c]);
}

/* Screen columns a cell takes (its text is printable, one column a character). */
static size_t room_width(const char *s)
{
    return utf8_count(s, strlen(s));
}

static void room_pad(struct buf *out, const char *s, size_t width, bool right)
{
    size_t w = room_width(s);
    if (right)
        for (size_t i = w; i < width; i++)
            buf_putc(out, ' ');
    buf_puts(out, s);
    if (!right)
        for (size_t i = w; i < width; i++)
            buf_putc(out, ' ');
}

static void room_summary(const struct room_report *r, struct buf *out)
{
    size_t st[4] = {0}, twice = 0;
    for (size_t i = 0; i < r->n; i++) {
        st[r->rows[i].status]++;
        twice += r->rows[i].declarations >= 2;
    }
    buf_printf(out, "%zu trainee%s: %zu declared (%zu twice), %zu quit, %zu lost, %zu active",
               r->n, r->n == 1 ? "" : "s", st[ROOM_DECLARED], twice, st[ROOM_QUIT], st[ROOM_LOST],
               st[ROOM_ACTIVE]);
}

static void room_table_rows(const struct room_report *r, struct buf *out)
{
    size_t w[ROOM_COLS];
    for (int c = 0; c < ROOM_COLS; c++)
        w[c] = strlen(room_headers[c]);
    char *cells[ROOM_COLS];
    for (size_t i = 0; i < r->n; i++) {
        room_cells(&r->rows[i], cells);
        for (int c = 0; c < ROOM_COLS; c++)
            w[c] = room_width(cells[c]) > w[c] ? room_width(cells[c]) : w[c];
        room_cells_free(cells);
    }
    for (int c = 0; c < ROOM_COLS; c++) {
        room_pad(out, room_headers[c], w[c], c >= 3);
        buf_puts(out, c + 1 < ROOM_COLS ? "  " : "\n");
    }
    for (size_t i = 0; i < r->n; i++) {
        room_cells(&r->rows[i], cells);
        for (int c = 0; c < ROOM_COLS; c++) {
            room_pad(out, cells[c], w[c], c >= 3);
            buf_puts(out, c + 1 < ROOM_COLS ? "  " : "\n");
        }
        room_cells_free(cells);
    }
}

/* The points lost, one line each, every piece of outside text escaped for the format. */
static void room_lost_points(const struct room_report *r, struct buf *out, bool markdown)
{
    void (*esc)(struct buf *, const char *) = markdown ? room_escape_markdown : room_escape_text;
    bool any = false;
    for (size_t i = 0; i < r->n; i++) {
        const struct room_trainee *t = &r->rows[i];
        for (size_t j = 0; j < t->npoints; j++) {
            if (t->points[j].ok)
                continue;
            if (!any)
                buf_puts(out, markdown ? "\n## Points lost\n\n" : "\nPoints lost:\n");
            any = true;
            buf_puts(out, markdown ? "- **" : "  ");
            esc(out, t->name ? t->name : t->trainee);
            buf_puts(out, markdown ? "** (" : " (");
            esc(out, t->scenario ? t->scenario : "-");
            buf_puts(out, "), ");
            esc(out, t->points[j].rule);
            buf_puts(out, ": ");
            esc(out, t->points[j].reason ? t->points[j].reason : "no reason given");
            buf_putc(out, '\n');
        }
    }
}

static void room_refusals(const struct room_report *r, struct buf *out, bool markdown)
{
    void (*esc)(struct buf *, const char *) = markdown ? room_escape_markdown : room_escape_text;
    if (r->nrefused)
        buf_puts(out, markdown ? "\n## Refused\n\n" : "\nRefused:\n");
    for (size_t i = 0; i < r->nrefused; i++) {
        buf_puts(out, markdown ? "- " : "  ");
        esc(out, r->refused[i].name ? r->refused[i].name : "(no name)");
        buf_puts(out, ": ");
        esc(out, r->refused[i].reason ? r->refused[i].reason : "no reason given");
        buf_putc(out, '\n');
    }
}

static void room_write_table(const struct room_report *r, struct buf *out)
{
    buf_puts(out, "Drill room debrief: ");
    room_summary(r, out);
    buf_puts(out, "\n\n");
    room_table_rows(r, out);
    room_lost_points(r, out, false);
    room_refusals(r, out, false);
}

static void room_write_markdown(const struct room_report *r, struct buf *out)
{
    buf_puts(out, "# Drill room debrief\n\n");
    room_summary(r, out);
    buf_puts(out, "\n\n| Name | Scenario | Status | Score | Time to declare | Keys | Problems |\n"
                  "|---|---|---|---:|---:|---:|---:|\n");
    char *cells[ROOM_COLS];
    for (size_t i = 0; i < r->n; i++) {
        const struct room_trainee *t = &r->rows[i];
        room_cells(t, cells);
        buf_puts(out, "| ");
        room_escape_markdown(out, t->name ? t->name : t->trainee);
        buf_puts(out, " | ");
        room_escape_markdown(out, t->scenario ? t->scenario : "-");
        for (int c = 2; c < ROOM_COLS; c++)
            buf_printf(out, " | %s", cells[c]);
        buf_puts(out, " |\n");
        room_cells_free(cells);
    }
    room_lost_points(r, out, true);
    room_refusals(r, out, true);
}

static void room_csv_number(struct buf *out, long v)
{
    buf_putc(out, ',');
    if (v >= 0)
        buf_printf(out, "%ld", v);
}

static void room_csv_row(const struct room_trainee *t, struct buf *out)
{
    room_escape_csv(out, t->trainee);
    buf_putc(out, ',');
    room_escape_csv(out, t->name);
    buf_putc(out, ',');
    room_escape_csv(out, t->scenario);
    buf_printf(out, ",\"%s\"", room_trainee_status_text(t));
    room_csv_number(out, t->declarations);
    room_csv_number(out, t->score);
    room_csv_number(out, t->max);
    buf_putc(out, ',');
    if (t->declarations > 0 && t->seconds >= 0)
        buf_printf(out, "%.1f", t->seconds);
    room_csv_number(out, t->keys);
    room_csv_number(out, t->problems);
    struct buf lost = BUF_INIT;
    for (size_t j = 0; j < t->npoints; j++)
        if (!t->points[j].ok)
            buf_printf(&lost, "%s%s: %s", lost.len ? "; " : "", t->points[j].rule,
                       t->points[j].reason ? t->points[j].reason : "no reason given");
    buf_putc(out, ',');
    room_escape_csv(out, buf_cstr(&lost));
    buf_free(&lost);
    buf_puts(out, "\r\n");
}

static void room_write_csv(const struct room_report *r, struct buf *out)
{
    buf_puts(out, "trainee,name,scenario,status,declarations,score,max,seconds_to_declare,keys,"
                  "problems,points_lost\r\n");
    for (size_t i = 0; i < r->n; i++)
        room_csv_row(&r->rows[i], out);
}

void room_report_write(const struct room_report *r, enum room_format fmt, struct buf *out)
{
    if (fmt == ROOM_FORMAT_MARKDOWN)
        room_write_markdown(r, out);
    else if (fmt == ROOM_FORMAT_CSV)
        room_write_csv(r, out);
    else
        room_write_table(r, out);
}
