/* The form drawn: labels, values, the plan's facts, problems under their fields, the scroll
   marks. Reads the form's state and the session; changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/status.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "forms/fields.h"
#include "forms/validate.h"
#include "tui/form.h"
#include "tui/term.h"

static void form_draw_bar(struct app *a)
{
    const struct klx_settings *s = a->s.cfg->settings;
    if (a->s.cfg->training) {
        attr_t t = term_attr(TR_TRAINING);
        draw_fill(0, 0, COLS, t);
        char right[200];
        snprintf(right, sizeof right, "simulator %s ",
                 a->s.cfg->training_url ? a->s.cfg->training_url : "");
        draw_text(0, 0, COLS, " TRAINING  practice run: nothing reaches AWS", t);
        int w = draw_width(right);
        if (COLS - w > 46)
            draw_text(0, COLS - w, w, right, t);
        return;
    }
    attr_t b = term_attr(TR_BAR);
    draw_fill(0, 0, COLS, b);
    draw_text(0, 0, COLS, " klaxon: declare an incident", b);
    char right[256];
    const char *cred = a->s.ready > 0 ? a->s.creds_msg : a->s.ready < 0 ? "no credentials" : "...";
    snprintf(right, sizeof right, "%s | %s | keys: %s ", s->profile ? s->profile : "default",
             s->region ? s->region : "no region", cred ? cred : "");
    int w = draw_width(right);
    if (COLS - w > 30)
        draw_text(0, COLS - w, w, right, b);
}

static void form_draw_label(struct app *a, int y, enum row_kind k, int idx)
{
    struct form_view *f = form_of(a);
    bool focused = f->focus == k && (k != R_ITEM || f->focus_idx == idx) && a->top->below == NULL;
    if (focused)
        mvaddch(y, 0, '>' | term_attr(TR_LABEL));
    if (k == R_ITEM)
        return;
    draw_text(y, FORM_LABEL_X, FORM_VALUE_X - FORM_LABEL_X - 1, form_label(k),
              focused ? term_attr(TR_LABEL) : A_NORMAL);
}

static bool form_has_focus(struct app *a, const struct row *r)
{
    struct form_view *f = form_of(a);
    return f->focus == r->kind && (r->kind != R_ITEM || f->focus_idx == r->idx) &&
           a->top->below == NULL;
}

static void form_draw_text_row(struct app *a, const struct row *r, int y, int width)
{
    struct form_view *f = form_of(a);
    enum field_id id = form_row_field(r->kind);
    bool focused = form_has_focus(a, r);
    if (focused && f->editing && f->ed_field == id) {
        /* The plan's title, untouched, is shown selected: typing replaces it. */
        attr_t at = f->title_fresh ? term_attr(TR_SELECT) : term_attr(TR_EDIT);
        a->cursor_x = le_draw(&f->ed, stdscr, y, FORM_VALUE_X, width, at);
        a->cursor_y = y;
    } else {
        draw_fill(y, FORM_VALUE_X, width, term_attr(TR_FIELD));
        draw_text(y, FORM_VALUE_X, width, model_get_id(&a->s.m, id, FORMS_NO_ITEM),
                  term_attr(TR_FIELD));
    }
}

static void form_draw_impact(struct app *a, int y)
{
    int x = FORM_VALUE_X;
    for (int i = 0; i < 5; i++) {
        char opt[32];
        bool chosen = a->s.m.impact[0] == '1' + i && a->s.m.impact[1] == '\0';
        snprintf(opt, sizeof opt, chosen ? "[%d %s]" : " %d %s ", i + 1,
                 session_impact_name(i + 1));
        x += draw_text(y, x, COLS - x, opt, chosen ? term_attr(TR_SELECT) : A_NORMAL);
    }
    if (!*a->s.m.impact && *a->s.m.plan_arn)
        draw_text(y, x + 1, COLS - x - 2, "(plan's)", term_attr(TR_DIM));
}

static void form_draw_item(struct app *a, const struct row *r, int y, int width)
{
    const struct model_item *it = &a->s.m.items[r->idx];
    const char *value = it->kind == MODEL_KIND_PAGERDUTY ? it->pd_id : it->value;
    char *line = xasprintf("%2d %-17s %-18.18s %s: %s", r->idx + 1, *it->type ? it->type : "?",
                           it->title, model_kind_name(it->kind), value);
    bool focused = form_has_focus(a, r);
    attr_t at = focused ? term_attr(TR_SELECT) : A_NORMAL;
    if (focused)
        draw_fill(y, FORM_VALUE_X - 2, width + 2, at);
    draw_text(y, FORM_VALUE_X - 2, width + 2, line, at);
    free(line);
}

static void form_draw_time_info(struct app *a, int y, int width)
{
    double epoch;
    if (!*a->s.m.trigger_timestamp || forms_parse_timestamp(a->s.m.trigger_timestamp, &epoch))
        return;
    time_t t = (time_t)epoch;
    struct tm u, l;
    char us[40], ls[48];
    if (!gmtime_r(&t, &u) || !localtime_r(&t, &l))
        return;
    strftime(us, sizeof us, "%Y-%m-%d %H:%M:%S UTC", &u);
    strftime(ls, sizeof ls, "%Y-%m-%d %H:%M:%S %Z", &l);
    draw_printf(y, FORM_VALUE_X, width, term_attr(TR_DIM), "= %s | local %s", us, ls);
}

static void form_draw_plan(struct app *a, const struct row *r, int y, int width)
{
    form_draw_label(a, y, r->kind, 0);
    attr_t at = form_has_focus(a, r) ? term_attr(TR_FOCUS) : term_attr(TR_FIELD);
    draw_fill(y, FORM_VALUE_X, width, at);
    if (!*a->s.m.plan_arn)
        draw_text(y, FORM_VALUE_X, width, "none yet: Enter, or type to search", at | A_DIM);
    else
        draw_text(y, FORM_VALUE_X, width, *a->s.m.plan_label ? a->s.m.plan_label : a->s.m.plan_arn,
                  at);
}

/* The title and how many characters are left (the service counts code points). */
static void form_draw_title(struct app *a, struct form_view *f, const struct row *r, int y,
                            int width)
{
    char buf[64];
    form_draw_label(a, y, r->kind, 0);
    const struct field_def *fd = forms_field_by_id(FIELD_ID_TITLE);
    long max = fd && fd->max > 0 ? fd->max : 200;
    long n = (long)utf8_count(a->s.m.title, strlen(a->s.m.title));
    if (f->editing && f->ed_field == FIELD_ID_TITLE)
        n = (long)f->ed.len;
    snprintf(buf, sizeof buf, n <= max ? "%ld left" : "%ld over", n <= max ? max - n : n - max);
    int cw = 10;
    form_draw_text_row(a, r, y, width - cw);
    /* Plain like the text: a keystroke then costs no attribute changes on a slow link. */
    int cx = FORM_VALUE_X + width - cw + 1;
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%*s", cw - 1 - (int)strlen(buf), "");
    draw_text(y, cx, cw - 1, buf, n <= max ? A_NORMAL : term_attr(TR_ERROR));
    if (n <= max && a->cursor_y == y && strlen(buf) < sizeof a->side_text) {
        memcpy(a->side_text, buf, strlen(buf) + 1);
        a->side_y = y;
        a->side_x = cx;
    }
}

static void form_draw_items(struct app *a, const struct row *r, int y, int width)
{
    char buf[96];
    form_draw_label(a, y, r->kind, 0);
    if (a->s.m.nitems)
        snprintf(buf, sizeof buf, "%zu of %zu | Enter adds one", a->s.m.nitems, model_max_items());
    else
        snprintf(buf, sizeof buf, "none | Enter adds one (up to %zu)", model_max_items());
    draw_text(y, FORM_VALUE_X, width, buf, form_has_focus(a, r) ? term_attr(TR_FOCUS) : A_NORMAL);
}

static void form_draw_submit(struct app *a, const struct row *r, int y, int width)
{
    bool focused = form_has_focus(a, r);
    if (focused)
        mvaddch(y, 0, '>' | term_attr(TR_LABEL));
    int used = draw_text(y, FORM_VALUE_X, width, "[ Review and declare ]",
                         focused ? term_attr(TR_SELECT) : A_BOLD);
    draw_text(y, FORM_VALUE_X + used + 2, width - used - 2, "or F10 / Ctrl-S from any field",
              term_attr(TR_DIM));
}

/* One line of a row's problem message (R_MSG idx = parent row * 4 + line). */
static void form_draw_msg(struct app *a, struct form_view *f, const struct row *r, int y, int width)
{
    const struct row *of = &f->rows[r->idx / 4];
    size_t starts[FORM_MSG_LINES], lens[FORM_MSG_LINES], line = (size_t)r->idx % 4;
    char *text;
    size_t n = form_msg_wrap(a, f, of, starts, lens, &text);
    if (line < n) {
        /* The last line shows the rest, clipped. */
        char *s =
            line + 1 < n ? xstrndup(text + starts[line], lens[line]) : xstrdup(text + starts[line]);
        draw_text(y, FORM_VALUE_X + (line ? 2 : 0), width - (line ? 2 : 0), s, term_attr(TR_ERROR));
        free(s);
    }
    free(text);
}

static void form_draw_row(struct app *a, struct form_view *f, const struct row *r, int y)
{
    int width = COLS - FORM_VALUE_X - 1;
    switch (r->kind) {
    case R_PLAN:
        form_draw_plan(a, r, y, width);
        break;
    case R_PLAN_INFO:
        if ((size_t)r->idx < f->ninfo)
            draw_text(y, FORM_VALUE_X + 2, width - 2, f->info[r->idx], f->info_attr[r->idx]);
        break;
    case R_IMPACT:
        form_draw_label(a, y, r->kind, 0);
        form_draw_impact(a, y);
        break;
    case R_TITLE:
        form_draw_title(a, f, r, y, width);
        break;
    case R_TSOURCE:
    case R_TTIME:
    case R_TARN:
    case R_TRAW:
        form_draw_label(a, y, r->kind, 0);
        form_draw_text_row(a, r, y, width);
        break;
    case R_TTIME_INFO:
        form_draw_time_info(a, y, width);
        break;
    case R_ITEMS:
        form_draw_items(a, r, y, width);
        break;
    case R_ITEM:
        form_draw_label(a, y, r->kind, r->idx);
        form_draw_item(a, r, y, width);
        break;
    case R_TRIGGER:
        form_draw_label(a, y, r->kind, 0);
        draw_text(y, FORM_VALUE_X, width,
                  a->s.m.trigger_on ? "[-] sent with the request | Enter folds them away"
                                    : "[+] folded, not sent | Enter adds them",
                  form_has_focus(a, r) ? term_attr(TR_FOCUS) : A_NORMAL);
        break;
    case R_TOKEN:
        form_draw_label(a, y, r->kind, 0);
        draw_printf(y, FORM_VALUE_X, width, term_attr(TR_DIM), "%s (read-only)",
                    a->s.m.client_token);
        break;
    case R_SUBMIT:
        form_draw_submit(a, r, y, width);
        break;
    case R_MSG:
        form_draw_msg(a, f, r, y, width);
        break;
    case R_BLANK:
        break;
    }
}

void form_draw(struct app *a, struct view *v)
{
    struct form_view *f = (struct form_view *)v;
    form_layout(a, f);
    form_draw_bar(a);
    int top = form_top(), height = app_body_end() - top;
    if (height < 1)
        return;
    for (int i = 0; i < height && f->scroll + i < (int)f->nrows; i++)
        form_draw_row(a, f, &f->rows[f->scroll + i], top + i);
    if (f->scroll > 0)
        draw_text(top, COLS - 7, 6, "^ more", term_attr(TR_DIM));
    if (f->scroll + height < (int)f->nrows)
        draw_text(top + height - 1, COLS - 7, 6, "v more", term_attr(TR_DIM));
}
