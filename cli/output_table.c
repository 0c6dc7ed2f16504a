/* --output table, as awscli/table.py lays it out: sections titled by their key, scalar keys
   sorted into a header row, nested structures indented one '|' deeper, and single-row sections
   turned vertical when the table would be wider than the terminal. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "core/xalloc.h"

struct tbl_row {
    char **cell;
    size_t n;
};

struct tbl_section {
    char *title;
    struct tbl_row headers; /* n 0: none */
    bool has_headers;
    struct tbl_row *rows;
    size_t nrows;
    int indent;
    size_t *maxw; /* per column */
    size_t ncols;
};

struct tbl {
    struct tbl_section *s;
    size_t n;
    bool color;
};

static struct tbl_section *tbl_new_section(struct tbl *t, const char *title, int indent)
{
    t->s = xrealloc(t->s, (t->n + 1) * sizeof *t->s);
    struct tbl_section *s = &t->s[t->n++];
    memset(s, 0, sizeof *s);
    s->title = xstrdup(title ? title : "");
    s->indent = indent;
    return s;
}

static void tbl_update_widths(struct tbl_section *s, const struct tbl_row *r)
{
    if (!s->ncols) { /* Python: "if not self._max_widths", an empty list is replaced too */
        free(s->maxw);
        s->maxw = xcalloc(r->n + 1, sizeof *s->maxw);
        s->ncols = r->n;
    }
    for (size_t i = 0; i < r->n && i < s->ncols; i++) {
        size_t w = out_text_width(r->cell[i]);
        if (w > s->maxw[i])
            s->maxw[i] = w;
    }
}

/* A row of the scalars' str(), or of the given strings. */
static struct tbl_row tbl_row_of(const json_t *const *v, const char *const *names, size_t n)
{
    struct tbl_row r = {xcalloc(n + 1, sizeof(char *)), n};
    for (size_t i = 0; i < n; i++) {
        struct buf b = BUF_INIT;
        if (names)
            buf_puts(&b, names[i]);
        else if (v && v[i])
            out_scalar_str(&b, v[i]);
        r.cell[i] = xstrdup(buf_cstr(&b));
        buf_free(&b);
    }
    return r;
}

static void tbl_add_row(struct tbl *t, struct tbl_row r)
{
    struct tbl_section *s = &t->s[t->n - 1];
    s->rows = xrealloc(s->rows, (s->nrows + 1) * sizeof *s->rows);
    s->rows[s->nrows++] = r;
    tbl_update_widths(s, &r);
}

static void tbl_add_header(struct tbl *t, const char *const *names, size_t n)
{
    struct tbl_section *s = &t->s[t->n - 1];
    s->headers = tbl_row_of(NULL, names, n);
    s->has_headers = n > 0;
    tbl_update_widths(s, &s->headers);
}

static void tbl_free_row(struct tbl_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->cell[i]);
    free(r->cell);
}

static void tbl_free(struct tbl *t)
{
    for (size_t i = 0; i < t->n; i++) {
        struct tbl_section *s = &t->s[i];
        free(s->title);
        tbl_free_row(&s->headers);
        for (size_t r = 0; r < s->nrows; r++)
            tbl_free_row(&s->rows[r]);
        free(s->rows);
        free(s->maxw);
    }
    free(t->s);
}

static bool tbl_scalar(const json_t *v)
{
    return !json_is_object(v) && !json_is_array(v);
}

/* Python's truth of a value: empty containers, "", 0, false and null are false. */
static bool tbl_truthy(const json_t *v)
{
    if (json_is_object(v))
        return json_object_size(v) > 0;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    if (json_is_string(v))
        return json_string_length(v) > 0;
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    if (json_is_real(v))
        return json_real_value(v) != 0;
    return json_is_true(v);
}

static int tbl_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of the objects in objs (n of them), scalar-valued or not, sorted and unique. */
static size_t tbl_keys(const json_t *const *objs, size_t n, bool scalar, const char ***out)
{
    size_t cap = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        cap += json_is_object(objs[i]) ? json_object_size(objs[i]) : 0;
    const char **v = xcalloc(cap + 1, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const char *key;
        json_t *e;
        if (json_is_object(objs[i]))
            json_object_foreach((json_t *)objs[i], key, e) if (tbl_scalar(e) == scalar) v[k++] =
                key;
    }
    qsort(v, k, sizeof *v, tbl_cmp);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || strcmp(v[u - 1], v[i]) != 0)
            v[u++] = v[i];
    *out = v;
    return u;
}

static bool tbl_build(struct tbl *t, const char *title, const json_t *cur, int indent);

static void tbl_from_dict(struct tbl *t, const json_t *cur, int indent)
{
    const char **h, **more;
    size_t nh = tbl_keys(&cur, 1, true, &h), nm = tbl_keys(&cur, 1, false, &more);
    const json_t **vals = xcalloc(nh + 1, sizeof(const json_t *));
    for (size_t i = 0; i < nh; i++)
        vals[i] = json_object_get(cur, h[i]);
    if (nh == 1) {
        struct tbl_row r = tbl_row_of(vals, NULL, 1);
        r.cell = xrealloc(r.cell, 2 * sizeof(char *));
        r.cell[1] = r.cell[0];
        r.cell[0] = xstrdup(h[0]);
        r.n = 2;
        tbl_add_row(t, r);
    } else if (nh) {
        tbl_add_header(t, h, nh);
        tbl_add_row(t, tbl_row_of(vals, NULL, nh));
    }
    for (size_t i = 0; i < nm; i++)
        tbl_build(t, more[i], json_object_get(cur, more[i]), indent + 1);
    free(vals);
    free(h);
    free(more);
}

static void tbl_from_list(struct tbl *t, const json_t *cur, int indent, const char *title)
{
    size_t n = json_array_size(cur);
    const json_t **objs = xcalloc(n + 1, sizeof(const json_t *));
    for (size_t i = 0; i < n; i++)
        objs[i] = json_array_get(cur, i);
    const char **h, **more;
    size_t nh = tbl_keys(objs, n, true, &h), nm = tbl_keys(objs, n, false, &more);
    tbl_add_header(t, h, nh);
    const json_t **vals = xcalloc(nh + 1, sizeof(const json_t *));
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && nm) {
            tbl_new_section(t, title, indent);
            tbl_add_header(t, h, nh);
        }
        for (size_t k = 0; k < nh; k++)
            vals[k] = json_object_get(objs[i], h[k]);
        struct tbl_row r = tbl_row_of(vals, NULL, nh);
        tbl_add_row(t, r);
        for (size_t k = 0; k < nm; k++) {
            const json_t *sub = json_object_get(objs[i], more[k]);
            if (sub)
                tbl_build(t, more[k], sub, indent + 1);
        }
    }
    free(vals);
    free(objs);
    free(h);
    free(more);
}

static void tbl_from_scalars(struct tbl *t, const json_t *cur)
{
    size_t i;
    const json_t *item;
    json_array_foreach(cur, i, item)
    {
        if (tbl_scalar(item)) {
            tbl_add_row(t, tbl_row_of(&item, NULL, 1));
        } else if (json_is_array(item)) {
            bool all = true;
            size_t j;
            const json_t *e;
            json_array_foreach(item, j, e) all &= tbl_scalar(e);
            if (!all) {
                tbl_build(t, NULL, item, 0);
                continue;
            }
            const json_t **v = xcalloc(json_array_size(item) + 1, sizeof(const json_t *));
            json_array_foreach(item, j, e) v[j] = e;
            tbl_add_row(t, tbl_row_of(v, NULL, json_array_size(item)));
            free(v);
        } else {
            tbl_build(t, NULL, item, 0);
        }
    }
}

static bool tbl_build(struct tbl *t, const char *title, const json_t *cur, int indent)
{
    if (!tbl_truthy(cur))
        return false;
    if (title)
        tbl_new_section(t, title, indent);
    if (!t->n)
        tbl_new_section(t, NULL, indent);
    if (json_is_array(cur) && json_is_object(json_array_get(cur, 0)))
        tbl_from_list(t, cur, indent, title);
    else if (json_is_array(cur))
        tbl_from_scalars(t, cur);
    if (json_is_object(cur))
        tbl_from_dict(t, cur, indent);
    return true;
}

/* Section.calculate_column_widths: each column's width plus padding, scaled to max_width
   (max_width 0: unscaled) with Python's round-half-even, then off-by-ones given back. */
static long *tbl_widths(const struct tbl_section *s, long padding, long max_width)
{
    long *w = xcalloc(s->ncols + 1, sizeof *w);
    long sum = 0;
    for (size_t i = 0; i < s->ncols; i++)
        sum += w[i] = (long)s->maxw[i] + padding;
    if (!max_width || !s->ncols || !sum)
        return w;
    double scale = (double)max_width / (double)sum;
    long total = 0;
    for (size_t i = 0; i < s->ncols; i++)
        total += w[i] = (long)rint(scale * (double)w[i]);
    long off = total - max_width;
    while (off != 0) {
        for (size_t k = 0; k < s->ncols && off != 0; k++) {
            size_t i = off < 0 ? s->ncols - 1 - k : k;
            w[i] += off > 0 ? -1 : 1;
            off += off > 0 ? -1 : 1;
        }
    }
    return w;
}

static long tbl_total_width(const struct tbl_section *s)
{
    long *w = tbl_widths(s, 0, 0), total = 2 + 2L * s->indent;
    for (size_t i = 0; i < s->ncols; i++)
        total += w[i] + 4;
    free(w);
    long title = (long)out_text_width(s->title) + 2 + 2L * s->indent;
    return title > total ? title : total;
}

static long tbl_max_width(const struct tbl *t)
{
    long m = 0;
    for (size_t i = 0; i < t->n; i++) {
        long w = tbl_total_width(&t->s[i]);
        if (w > m)
            m = w;
    }
    return m;
}

/* convert_to_vertical_table: a one-row section becomes header | value rows. */
static void tbl_vertical(struct tbl *t)
{
    for (size_t i = 0; i < t->n; i++) {
        struct tbl_section *s = &t->s[i];
        if (s->nrows != 1 || !s->has_headers)
            continue;
        struct tbl_row old = s->rows[0], hdr = s->headers;
        free(s->rows);
        free(s->maxw);
        s->rows = NULL;
        s->nrows = s->ncols = 0;
        s->maxw = NULL;
        s->headers = (struct tbl_row){NULL, 0};
        s->has_headers = false;
        for (size_t k = 0; k < hdr.n && k < old.n; k++) {
            const char *pair[2] = {hdr.cell[k], old.cell[k]};
            struct tbl_row r = tbl_row_of(NULL, pair, 2);
            s->rows = xrealloc(s->rows, (s->nrows + 1) * sizeof *s->rows);
            s->rows[s->nrows++] = r;
            tbl_update_widths(s, &r);
        }
        tbl_free_row(&old);
        tbl_free_row(&hdr);
    }
}

static void tbl_spaces(struct buf *b, long n)
{
    for (long i = 0; i < n; i++)
        buf_putc(b, ' ');
}

/* center_text: the text centred between two edges, length columns in all. */
static void tbl_center(struct buf *b, const char *text, long length, const char *left)
{
    long tl = (long)out_text_width(text), start = length / 2 - tl / 2 - 1;
    buf_puts(b, left);
    tbl_spaces(b, start);
    buf_puts(b, text);
    tbl_spaces(b, length - 1 - ((long)strlen(left) + start + tl));
    buf_putc(b, '|');
}

/* align_left, with the CLI's styles for a row element when colouring. */
static void tbl_left(struct buf *b, const char *text, long length, const char *left, bool color)
{
    long tl = (long)out_text_width(text), ll = (long)strlen(left);
    long pad = length - (tl + 2 + ll + 1) >= 0 ? 2 : 0;
    buf_puts(b, left);
    tbl_spaces(b, pad);
    if (color)
        buf_printf(b, "\x1b[1m\x1b[34m%s\x1b[0m", text);
    else
        buf_puts(b, text);
    tbl_spaces(b, length - (ll + pad + tl) - 1);
    buf_putc(b, '|');
}

/* Colouring, the CLI's stdout is wrapped by colorama with autoreset: every write() it makes,
   even an empty one, is followed by a reset. */
#define TBL_RESET "\x1b[0m"

static void tbl_write(struct buf *b, const struct tbl *t, const char *text)
{
    buf_puts(b, text);
    if (t->color)
        buf_puts(b, TBL_RESET);
}

/* One line of a section: its indentation bars on both sides (IndentedStream's four writes). */
static void tbl_line(struct buf *b, const struct tbl *t, int indent, const char *line)
{
    struct buf bars = BUF_INIT;
    for (int i = 0; i < indent; i++)
        buf_puts(&bars, t->color ? "\x1b[2m\x1b[33m|" TBL_RESET : "|");
    tbl_write(b, t, buf_cstr(&bars));
    tbl_write(b, t, line);
    tbl_write(b, t, buf_cstr(&bars));
    tbl_write(b, t, "\n");
    buf_free(&bars);
}

static void tbl_break(struct buf *l, const long *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!i)
            buf_putc(l, '+');
        for (long k = 0; k < w[i] - (i ? 1 : 2); k++)
            buf_putc(l, '-');
        buf_putc(l, '+');
    }
}

static void tbl_render_rows(struct buf *b, const struct tbl *t, const struct tbl_section *s,
                            const long *w)
{
    struct buf l = BUF_INIT;
    tbl_break(&l, w, s->ncols);
    tbl_line(b, t, s->indent, buf_cstr(&l));
    for (size_t r = 0; r < s->nrows; r++) {
        buf_free(&l);
        for (size_t i = 0; i < s->ncols && i < s->rows[r].n; i++)
            tbl_left(&l, s->rows[r].cell[i], w[i], i ? "" : "|", t->color);
        tbl_line(b, t, s->indent, buf_cstr(&l));
    }
    buf_free(&l);
    tbl_break(&l, w, s->ncols);
    tbl_line(b, t, s->indent, buf_cstr(&l));
    buf_free(&l);
}

static void tbl_render_section(struct buf *b, const struct tbl *t, const struct tbl_section *s,
                               long max_width)
{
    long mw = max_width - 2L * s->indent;
    struct buf l = BUF_INIT;
    if (*s->title) {
        tbl_center(&l, s->title, mw, "|");
        tbl_line(b, t, s->indent, buf_cstr(&l));
        if (!s->has_headers && !s->nrows) {
            buf_free(&l);
            buf_putc(&l, '+');
            for (long i = 0; i < mw - 2; i++)
                buf_putc(&l, '-');
            buf_putc(&l, '+');
            tbl_line(b, t, s->indent, buf_cstr(&l));
        }
    }
    buf_free(&l);
    long *w = tbl_widths(s, 4, mw);
    if (s->has_headers) {
        tbl_break(&l, w, s->ncols);
        tbl_line(b, t, s->indent, buf_cstr(&l));
        buf_free(&l);
        for (size_t i = 0; i < s->ncols && i < s->headers.n; i++)
            tbl_center(&l, s->headers.cell[i], w[i], i ? "" : "|");
        tbl_line(b, t, s->indent, buf_cstr(&l));
        buf_free(&l);
    }
    if (s->nrows && s->ncols)
        tbl_render_rows(b, t, s, w);
    free(w);
}

void out_table(struct buf *b, const char *title, const json_t *v, int width, bool color)
{
    struct tbl t = {NULL, 0, color};
    if (tbl_build(&t, title, v, 0) && t.n) {
        long mw = tbl_max_width(&t);
        if (mw > width) {
            tbl_vertical(&t);
            mw = tbl_max_width(&t);
        }
        struct buf top = BUF_INIT;
        for (long i = 0; i < mw; i++)
            buf_putc(&top, '-');
        buf_putc(&top, '\n');
        tbl_write(b, &t, buf_cstr(&top));
        buf_free(&top);
        for (size_t i = 0; i < t.n; i++)
            tbl_render_section(b, &t, &t.s[i], mw);
    }
    tbl_free(&t);
}
