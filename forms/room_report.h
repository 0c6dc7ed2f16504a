/* The debrief of a drill room, from the simulator's request log alone (its {"room": ...}
   lines): one row per trainee and the points each lost, as a terminal table, Markdown or CSV. */
#ifndef FORMS_ROOM_REPORT_H
#define FORMS_ROOM_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"
#include "forms/room.h"

enum room_format { ROOM_FORMAT_TABLE, ROOM_FORMAT_MARKDOWN, ROOM_FORMAT_CSV };

struct room_refusal {
    char *name, *reason; /* either may be NULL */
};

struct room_report {
    struct room_trainee *rows; /* in the order they joined */
    size_t n;
    struct room_refusal *refused;
    size_t nrefused;
    size_t bad;            /* lines that looked like room events but could not be read */
    char first_bad[160];   /* why the first of them could not, with its line number */
    size_t lineno;
};

void room_report_init(struct room_report *r);
void room_report_free(struct room_report *r);
/* One log line (no newline needed): a room event is applied, any other request log line is
   ignored, a line that cannot be read is counted as bad. */
void room_report_line(struct room_report *r, const char *line, size_t len);
/* Every line of f. */
void room_report_read(struct room_report *r, FILE *f);

/* "table", "markdown", "csv" -> the format; -1 for anything else. */
int room_format_parse(const char *s);
void room_report_write(const struct room_report *r, enum room_format fmt, struct buf *out);

/* One piece of outside text made safe for each format (appended to out): control and bidi
   characters shown as escapes in all; Markdown's specials backslashed; a CSV field quoted, with
   a spreadsheet formula's first character (= + - @ tab CR) defused by a leading '. */
void room_escape_text(struct buf *out, const char *s);
void room_escape_markdown(struct buf *out, const char *s);
void room_escape_csv(struct buf *out, const char *s);

#endif
