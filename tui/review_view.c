/* Review (a summary and the exact JSON body) and the explicit confirm; sending and the result
   are tui/result_view.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "tui/app.h"
#include "tui/term.h"
#include "tui/view.h"

struct text_lines {
    char **v;
    size_t n, cap;
};

static void lines_add(struct text_lines *l, char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
    }
    l->v[l->n++] = s;
}

static void lines_free(struct text_lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Split text at newlines into lines. */
static void lines_split(struct text_lines *l, const char *text)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        lines_add(l, xstrndup(p, n));
        p += n + (nl ? 1 : 0);
    }
}

static const char *review_impact_name(const char *impact)
{
    const char *name = session_impact_name(atoi(impact));
    return name ? name : "the plan's";
}

/* ---------------------------------------------------------------- review */

struct review_view {
    struct view v;
    json_t *body;
    struct text_lines lines; /* logical lines */
    struct text_lines shown; /* wrapped for the screen */
    int wrapped_for;
    int scroll;
};

static void review_build(struct app *a, struct review_view *r)
{
    struct form_model *m = &a->s.m;
    lines_add(&r->lines, xasprintf("Plan      %s", *m->plan_label ? m->plan_label : m->plan_arn));
    if (*m->plan_label)
        lines_add(&r->lines, xasprintf("          %s", m->plan_arn));
    lines_add(&r->lines,
              *m->impact ? xasprintf("Impact    %s %s", m->impact, review_impact_name(m->impact))
                         : xstrdup("Impact    the plan's"));
    lines_add(&r->lines,
              *m->title ? xasprintf("Title     %s", m->title) : xstrdup("Title     the plan's"));
    if (!m->nitems)
        lines_add(&r->lines, xstrdup("Related   none"));
    for (size_t i = 0; i < m->nitems; i++) {
        const struct model_item *it = &m->items[i];
        lines_add(&r->lines, xasprintf("%s %zu %s %s: %s", i ? "         " : "Related  ", i + 1,
                                       it->type, *it->title ? it->title : "(untitled)",
                                       it->kind == MODEL_KIND_PAGERDUTY ? it->pd_id : it->value));
    }
    lines_add(&r->lines, m->trigger_on ? xasprintf("Trigger   %s at %s", m->trigger_source,
                                                   m->trigger_timestamp)
                                       : xstrdup("Trigger   not sent"));
    lines_add(&r->lines, xasprintf("Token     %s (the same on every retry)", m->client_token));
    lines_add(&r->lines, xasprintf("Sent to   %s%s%s", jobs_endpoint(a->s.jobs),
                                   a->s.ready > 0 ? " with keys from " : "",
                                   a->s.ready > 0 && a->s.creds_msg ? a->s.creds_msg : ""));
    lines_add(&r->lines, xstrdup(""));
    lines_add(&r->lines,
              xstrdup("The request body (POST /startIncident), exactly as it will be sent:"));
    char *json = json_dumps(r->body, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (json)
        lines_split(&r->lines, json);
    free(json);
}

/* The summary and body as screen lines. A long line wraps (an ARN has no spaces: it breaks at
   the edge); its continuation lines are indented: JSON by two more than the line, a summary
   value to the value column. */
static void review_wrap(struct review_view *r, int width)
{
    if (r->wrapped_for == width)
        return;
    lines_free(&r->shown);
    for (size_t i = 0; i < r->lines.n; i++) {
        const char *s = r->lines.v[i];
        int indent = (int)strspn(s, " ");
        bool json = indent > 0 || s[0] == '{' || s[0] == '}';
        int cont = indent > 0 ? indent + 2 : json ? 2 : 10;
        const char *body = s + indent;
        if (!*body || draw_width(s) <= width) {
            lines_add(&r->shown, xstrdup(s));
            continue;
        }
        size_t starts[2], lens[2];
        size_t n = draw_wrap(body, width - indent, starts, lens, 2);
        lines_add(&r->shown, xasprintf("%*s%.*s", indent, "", (int)lens[0], body + starts[0]));
        if (n < 2)
            continue;
        const char *rest = body + starts[1];
        size_t st[64], ln[64];
        size_t m = draw_wrap(rest, width - cont > 10 ? width - cont : 10, st, ln, 64);
        for (size_t k = 0; k < m && k < 64; k++)
            lines_add(&r->shown, xasprintf("%*s%.*s", cont, "", (int)ln[k], rest + st[k]));
    }
    r->wrapped_for = width;
}

static void review_draw(struct app *a, struct view *v)
{
    struct review_view *r = (struct review_view *)v;
    review_wrap(r, COLS - 4);
    attr_t bar = a->s.cfg->training ? term_attr(TR_TRAINING) : term_attr(TR_BAR);
    draw_fill(0, 0, COLS, bar);
    draw_text(0, 0, COLS,
              a->s.cfg->training ? " TRAINING  Review: nothing has been sent yet"
                                 : " Review: nothing has been sent yet",
              bar);
    int top = 2, h = app_body_end() - top;
    int total = (int)r->shown.n;
    if (r->scroll > total - h)
        r->scroll = total - h;
    if (r->scroll < 0)
        r->scroll = 0;
    for (int i = 0; i < h && r->scroll + i < total; i++) {
        const char *s = r->shown.v[r->scroll + i];
        bool body = s[0] == '{' || s[0] == '}' || s[0] == ' ';
        draw_text(top + i, 2, COLS - 4, s, body ? A_NORMAL : (s[0] ? A_BOLD : A_NORMAL));
    }
    if (r->scroll + h < total)
        draw_text(top + h - 1, COLS - 9, 8, "v more", term_attr(TR_DIM));
}

static void review_act_declare(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    app_push(a, result_view_new(a, ((struct review_view *)v)->body));
}

/* Drawing clamps the scroll to the text. */
static void review_act_scroll(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    struct review_view *r = (struct review_view *)v;
    int page = LINES - 5 > 1 ? LINES - 5 : 1;
    if (k->key == K_DOWN || k->key == K_UP)
        r->scroll += k->key == K_DOWN ? 1 : -1;
    else if (k->key == K_PGDN || k->key == ' ' || k->key == K_PGUP)
        r->scroll += k->key == K_PGUP ? -page : page;
    else
        r->scroll = k->key == K_HOME ? 0 : (int)r->shown.n;
}

static void review_act_help(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_push(a, help_view_new(a, "Enter (or F10) sends exactly this request. Esc goes back "
                                 "to the form to change it."));
}

/* Table order is the key line's order, and the first row that applies takes the key. */
static const struct keymap_row review_rows[] = {
    {K_ENTER, K_SUBMIT, 0, 0, "Enter", "Declare the incident", "Enter, F10 or Ctrl-S",
     "declare: send exactly this request", NULL, review_act_declare},
    {K_ESC, K_BS, 0, 0, "Esc", "Back to the form", "Esc or Backspace",
     "back to the form to change it", NULL, view_act_back},
    {K_UP, K_DOWN, 0, 0, "Up/Down", "Scroll", "Up, Down", "scroll a line", NULL, review_act_scroll},
    {K_HELP, '?', 0, 0, "F1", "Help", "F1 or ?", "help", NULL, review_act_help},
    {K_PGUP, K_PGDN, ' ', 0, "PgUp/PgDn", NULL, "Page Up, Page Down or Space", "scroll a page",
     NULL, review_act_scroll},
    {K_HOME, K_END, 0, 0, "Home/End", NULL, "Home, End", "the top or the end", NULL,
     review_act_scroll},
    {K_CANCEL, 0, 0, 0, "^C", NULL, "Ctrl-C", "leave, asking first; nothing is sent", NULL,
     view_act_quit},
};

const struct keymap review_keymap = KEYMAP(
    "The review", "After F10 or Ctrl-S on the form: nothing has been sent yet.", review_rows);

static const char *review_help(struct app *a, struct view *v)
{
    (void)a, (void)v;
    return "Check the request. Enter declares it; nothing is sent before.";
}

static void review_destroy(struct view *v)
{
    struct review_view *r = (struct review_view *)v;
    json_decref(r->body);
    lines_free(&r->lines);
    lines_free(&r->shown);
}

static const struct view_ops review_ops = {
    .draw = review_draw, .keymap = &review_keymap, .help = review_help, .destroy = review_destroy};

struct view *review_view_new(struct app *a, json_t *body)
{
    struct review_view *r = view_new(sizeof *r, &review_ops);
    r->body = body;
    r->wrapped_for = -1;
    review_build(a, r);
    flushinp(); /* keys typed ahead must not confirm what the responder has not seen */
    return &r->v;
}
