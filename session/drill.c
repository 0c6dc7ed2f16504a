/* A drill's live counters and its brief as lines, shared by the full-screen form and --plain so
   that both front ends score the same way. */
#include "session/drill.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void drill_init(struct drill *d, const struct scenario *s)
{
    memset(d, 0, sizeof *d);
    d->scenario = s;
}

void drill_free(struct drill *d)
{
    for (size_t i = 0; i < d->nopen; i++)
        free(d->open[i]);
    d->nopen = 0;
}

void drill_count_keys(struct drill *d, long n)
{
    if (n > 0)
        d->keys += n;
}

static long drill_find_open(const struct drill *d, const char *field)
{
    for (size_t i = 0; i < d->nopen; i++)
        if (strcmp(d->open[i], field) == 0)
            return (long)i;
    return -1;
}

void drill_problem_met(struct drill *d, const char *field)
{
    if (drill_find_open(d, field) >= 0)
        return;
    d->problems_met++;
    /* Past the table's size the problem still counts; only its going away is not seen. */
    if (d->nopen < DRILL_MAX_OPEN)
        d->open[d->nopen++] = xstrdup(field);
}

static void drill_close(struct drill *d, size_t i)
{
    free(d->open[i]);
    d->open[i] = d->open[--d->nopen];
    d->problems_fixed++;
}

void drill_problem_gone(struct drill *d, const char *field)
{
    long i = drill_find_open(d, field);
    if (i >= 0)
        drill_close(d, (size_t)i);
}

static int drill_listed(const char *const *fields, size_t n, const char *field)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(fields[i], field) == 0)
            return 1;
    return 0;
}

void drill_problems_shown(struct drill *d, const char *const *fields, size_t n)
{
    for (size_t i = d->nopen; i-- > 0;)
        if (!drill_listed(fields, n, d->open[i]))
            drill_close(d, i);
    for (size_t i = 0; i < n; i++)
        drill_problem_met(d, fields[i]);
}

static void drill_put(struct drill_line *out, size_t max, size_t *n, const char *head,
                      size_t indent, const char *text)
{
    if (*n >= max)
        return;
    out[*n] = (struct drill_line){.head = head, .indent = indent, .text = text ? text : ""};
    (*n)++;
}

size_t drill_brief_lines(const struct scenario *s, struct drill_line *out, size_t max)
{
    const json_t *b = s->brief;
    size_t n = 0, i;
    const json_t *e;
    drill_put(out, max, &n, "", 0, s->title);
    drill_put(out, max, &n, "", 0, "");
    drill_put(out, max, &n, "Time:     ", 10, json_string_value(json_object_get(b, "time")));
    drill_put(out, max, &n, "Page:     ", 10, json_string_value(json_object_get(b, "page")));
    drill_put(out, max, &n, "", 0, "");
    drill_put(out, max, &n, "Symptoms:", 0, "");
    json_array_foreach(json_object_get(b, "symptoms"), i, e)
        drill_put(out, max, &n, "  - ", 4, json_string_value(e));
    if (json_array_size(json_object_get(b, "links"))) {
        drill_put(out, max, &n, "", 0, "");
        drill_put(out, max, &n, "Links on hand:", 0, "");
    }
    json_array_foreach(json_object_get(b, "links"), i, e)
    {
        drill_put(out, max, &n, "  ", 4, json_string_value(json_object_get(e, "title")));
        drill_put(out, max, &n, "    ", 4, json_string_value(json_object_get(e, "url")));
    }
    return n;
}
