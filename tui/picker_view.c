/* The response plan picker, over the form: the cached list at once, refreshed in the background,
   recently used first, filtered as you type over name and display name; a typed or pasted ARN
   can be used directly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xalloc.h"
#include "tui/app.h"
#include "tui/term.h"
#include "tui/view.h"

struct picker_view {
    struct view v;
    struct lineedit q;
    char *last_query;
    unsigned gen; /* the list generation the filter ran over (re-run when it changes) */
    size_t *idx;
    size_t nidx;
    bool arn_row; /* the first entry is "use the ARN typed" */
    int sel;      /* entry selected (0-based, including the ARN row) */
    int scroll;
};

static int picker_entries(struct picker_view *p)
{
    return (int)p->nidx + (p->arn_row ? 1 : 0);
}

static void picker_refilter(struct app *a, struct picker_view *p)
{
    char *q = le_get(&p->q);
    if (p->last_query && !strcmp(q, p->last_query) && p->gen == a->s.plans_gen) {
        free(q);
        return;
    }
    free(p->idx);
    p->idx = xcalloc(a->s.plans.n ? a->s.plans.n : 1, sizeof *p->idx);
    /* The filter runs on the query without a leading "arn:" check: names rarely start so. */
    p->nidx = plans_filter(&a->s.plans, q, p->idx);
    const char *t = q;
    while (*t == ' ')
        t++;
    p->arn_row = !strncmp(t, "arn:", 4);
    free(p->last_query);
    p->last_query = q;
    p->gen = a->s.plans_gen;
    if (p->sel >= picker_entries(p))
        p->sel = picker_entries(p) - 1;
    if (p->sel < 0)
        p->sel = 0;
}

/* As tall as the list needs (the form stays visible below a short list), at most the screen. */
static void picker_geometry(struct app *a, int *top, int *left, int *h, int *w)
{
    int want = (int)a->s.plans.n + 6;
    if (want < 10)
        want = 10;
    *top = 1;
    *left = 1;
    *h = want < app_body_end() - 1 ? want : app_body_end() - 1;
    *w = COLS - 2;
    for (int y = *top; y < *top + *h; y++)
        draw_fill(y, 0, COLS, A_NORMAL);
}

static void picker_status(struct app *a, struct picker_view *p, char *out, size_t n)
{
    char when[64] = "";
    if (a->s.plans_at) {
        struct tm tm;
        localtime_r(&a->s.plans_at, &tm);
        strftime(when, sizeof when, "%H:%M", &tm);
    }
    const char *state = a->s.plans_loading ? (a->s.plans_at ? ", refreshing..." : " | loading...")
                        : a->s.plans_error ? ", refresh failed"
                                           : "";
    snprintf(out, n, "%zu of %zu plans | recently used first%s%s%s", p->nidx, a->s.plans.n,
             *when ? " | list from " : "", when, state);
}

static void picker_draw(struct app *a, struct view *v)
{
    struct picker_view *p = (struct picker_view *)v;
    picker_refilter(a, p);
    int top, left, h, w;
    picker_geometry(a, &top, &left, &h, &w);
    draw_box(top, left, h, w, "Choose a response plan");
    int x = left + 2, iw = w - 4;
    draw_text(top + 1, x, 8, "Search", A_BOLD);
    a->cursor_x = le_draw(&p->q, stdscr, top + 1, x + 8, iw - 8, term_attr(TR_EDIT));
    a->cursor_y = top + 1;
    char status[200];
    picker_status(a, p, status, sizeof status);
    draw_text(top + 2, x, iw, status, term_attr(TR_DIM));
    int list_top = top + 3, list_h = h - 4;
    if (list_h < 1)
        return;
    int n = picker_entries(p);
    if (!n) {
        const char *msg = a->s.plans_error && !a->s.plans.n ? a->s.plans_error
                          : a->s.plans_loading              ? "Loading the plans..."
                          : a->s.plans.n
                              ? "No plan matches. Type or paste a plan ARN to use it directly."
                              : "No response plans. Type or paste a plan ARN.";
        draw_lines(list_top, x, iw, msg,
                   a->s.plans_error && !a->s.plans.n ? term_attr(TR_ERROR) : A_NORMAL,
                   list_h < 8 ? list_h : 8);
        return;
    }
    if (p->sel < p->scroll)
        p->scroll = p->sel;
    if (p->sel >= p->scroll + list_h)
        p->scroll = p->sel - list_h + 1;
    int namew = iw / 3 > 12 ? iw / 3 : 12;
    for (int i = 0; i < list_h && p->scroll + i < n; i++) {
        int e = p->scroll + i, y = list_top + i;
        attr_t at = e == p->sel ? term_attr(TR_SELECT) : A_NORMAL;
        if (e == p->sel)
            draw_fill(y, x - 1, iw + 2, at);
        if (p->arn_row && e == 0) {
            const char *q = p->last_query;
            while (*q == ' ')
                q++;
            struct buf why = BUF_INIT;
            bool ok = model_check_text("responsePlanArn", q, &why);
            if (e == p->sel)
                mvaddch(y, x - 1, '>' | at);
            draw_printf(y, x, iw, ok ? at : (at | term_attr(TR_ERROR)), "Use this ARN: %s%s%s", q,
                        ok ? "" : "  (", ok ? "" : buf_cstr(&why));
            buf_free(&why);
            continue;
        }
        const struct plan *pl = &a->s.plans.v[p->idx[e - (p->arn_row ? 1 : 0)]];
        if (e == p->sel)
            mvaddch(y, x - 1, '>' | at);
        mvaddch(y, x, (pl->recent ? '*' : ' ') | at);
        const char *disp = *pl->display ? pl->display : pl->name;
        draw_text(y, x + 2, iw - namew - 3, disp, at);
        draw_text(y, x + iw - namew, namew, pl->name, e == p->sel ? at : term_attr(TR_DIM));
    }
}

/* ---- keys ---- */

/* Enter: the selected plan (or the ARN typed), and on to Impact. */
static void picker_act_choose(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct picker_view *p = (struct picker_view *)v;
    picker_refilter(a, p);
    if (!picker_entries(p))
        return;
    char *arn;
    if (p->arn_row && p->sel == 0) {
        const char *q = p->last_query;
        while (*q == ' ')
            q++;
        arn = xstrdup(q);
        size_t n = strlen(arn);
        while (n && arn[n - 1] == ' ')
            arn[--n] = '\0';
    } else {
        arn = xstrdup(a->s.plans.v[p->idx[p->sel - (p->arn_row ? 1 : 0)]].arn);
    }
    app_pop(a); /* p is gone from here on */
    app_choose_plan(a, arn);
    free(arn);
    app_request_focus(a, "impact");
}

/* Down and Tab one entry on, Up and Shift-Tab one back; a page is the screen less the frame. */
static void picker_act_move(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    struct picker_view *p = (struct picker_view *)v;
    int n = picker_entries(p), page = LINES - 8 > 1 ? LINES - 8 : 1;
    if (k->key == K_DOWN || k->key == K_TAB)
        p->sel = p->sel + 1 < n ? p->sel + 1 : p->sel;
    else if (k->key == K_UP || k->key == K_BTAB)
        p->sel = p->sel > 0 ? p->sel - 1 : 0;
    else if (k->key == K_PGDN)
        p->sel = p->sel + page < n ? p->sel + page : (n ? n - 1 : 0);
    else
        p->sel = p->sel > page ? p->sel - page : 0;
}

static void picker_act_help(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_push(a, help_view_new(a, "Type to narrow the list (words match the name or display "
                                 "name); * marks plans used recently. Paste an ARN to use "
                                 "a plan that is not listed."));
}

/* Every other key edits the search; a change starts the selection at the top again. */
static void picker_act_search(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    struct picker_view *p = (struct picker_view *)v;
    if (k->key == K_PASTE) {
        le_insert(&p->q, k->text, k->ntext);
        p->sel = 0;
    } else if (le_key(&p->q, k->key) == LE_CHANGED) {
        p->sel = 0;
    }
}

/* Table order is the key line's order, and the first row that applies takes the key: the
   search's row on the key line only documents; the one that edits comes last. */
static const struct keymap_row picker_rows[] = {
    {K_ENTER, 0, 0, 0, "Enter", "Choose", NULL,
     "choose the selected plan (or the ARN typed); the focus moves to Impact", NULL,
     picker_act_choose},
    {K_UP, K_DOWN, 0, 0, "Up/Down", "Move", "Up, Down", "the previous or next plan", NULL,
     picker_act_move},
    {KM_ANY, 0, 0, 0, "Type", "Search", "the line editor's keys, or a paste",
     "edit the search: the list narrows as you type; an ARN typed or pasted can be used directly",
     NULL, NULL},
    {K_ESC, 0, 0, 0, "Esc", "Back", NULL, "back to the form, the plan unchanged", NULL,
     view_act_back},
    {K_HELP, 0, 0, 0, "F1", "Help", NULL, "help", NULL, picker_act_help},
    {K_BTAB, K_TAB, 0, 0, "S-Tab/Tab", NULL, "Shift-Tab, Tab", "as Up and Down", NULL,
     picker_act_move},
    {K_PGUP, K_PGDN, 0, 0, "PgUp/PgDn", NULL, "Page Up, Page Down", "a page up or down", NULL,
     picker_act_move},
    {K_CANCEL, 0, 0, 0, "^C", NULL, "Ctrl-C", "leave, asking first", NULL, view_act_quit},
    {KM_ANY, 0, 0, 0, "Type", NULL, NULL, NULL, NULL, picker_act_search},
};

const struct keymap picker_keymap = KEYMAP(
    "The plan picker", "Over the form, after Enter or typing on Response plan.", picker_rows);

static const char *picker_help(struct app *a, struct view *v)
{
    (void)v;
    if (a->s.plans_error)
        return a->s.plans_error;
    return "The plan decides who is paged, the chat channel and the runbook.";
}

static void picker_destroy(struct view *v)
{
    struct picker_view *p = (struct picker_view *)v;
    le_free(&p->q);
    FREE_ALL(p->last_query, p->idx);
}

static const struct view_ops picker_ops = {.overlay = true,
                                           .draw = picker_draw,
                                           .keymap = &picker_keymap,
                                           .help = picker_help,
                                           .destroy = picker_destroy};

struct view *picker_view_new(struct app *a, const wchar_t *initial, size_t n)
{
    struct picker_view *p = view_new(sizeof *p, &picker_ops);
    le_init(&p->q);
    le_set(&p->q, "");
    if (initial && n)
        le_insert(&p->q, initial, n);
    /* Start on the plan already chosen, if it is listed. */
    if (*a->s.m.plan_arn && !n) {
        for (size_t i = 0; i < a->s.plans.n; i++)
            if (!strcmp(a->s.plans.v[i].arn, a->s.m.plan_arn))
                p->sel = (int)i;
    }
    if (a->s.plans_error && !a->s.plans_loading) {
        free(a->s.plans_error);
        a->s.plans_error = NULL;
        a->s.plans_loading = true;
        session_refresh_plans(&a->s); /* try again: the network may be back */
    }
    return &p->v;
}
