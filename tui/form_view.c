/* The main screen: the whole request on one page (plan and what it sets in motion, impact, title,
   related items, folded trigger details, clientToken), live validation under each field, and the
   way to review. Labels, limits and help come from the field table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/status.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "forms/fields.h"
#include "forms/validate.h"
#include "tui/app.h"
#include "tui/keymap.h"
#include "tui/term.h"

#define FORM_LABEL_X  2
#define FORM_VALUE_X  18
#define FORM_MAX_INFO 6

static const char *const form_impact_names[] = {"Critical", "High", "Medium", "Low", "No Impact"};

/* The rows of the page. */
enum row_kind {
    R_PLAN,
    R_PLAN_INFO,
    R_IMPACT,
    R_TITLE,
    R_ITEMS,
    R_ITEM,
    R_TRIGGER,
    R_TSOURCE,
    R_TTIME,
    R_TTIME_INFO,
    R_TARN,
    R_TRAW,
    R_TOKEN,
    R_BLANK,
    R_SUBMIT,
    R_MSG,
};

struct row {
    enum row_kind kind;
    int idx;
};

struct form_view {
    struct view v;
    enum row_kind focus;
    int focus_idx;
    int scroll;
    struct lineedit ed;
    const char *ed_path; /* the text row being edited, or NULL */
    char ed_pathbuf[128];
    bool title_fresh; /* the title is the plan's default, untouched: typing replaces it */
    struct row *rows;
    size_t nrows, caprows;
    char *info[FORM_MAX_INFO];
    attr_t info_attr[FORM_MAX_INFO];
    size_t ninfo;
    struct buf why; /* scratch for validation messages */
};

static struct form_view *form_of(struct app *a)
{
    struct view *v = a->top;
    while (v->below)
        v = v->below;
    return (struct form_view *)v;
}

static const char *form_row_path(enum row_kind kind)
{
    switch (kind) {
    case R_PLAN:
        return "responsePlanArn";
    case R_IMPACT:
        return "impact";
    case R_TITLE:
        return "title";
    case R_ITEMS:
    case R_ITEM:
        return "relatedItems";
    case R_TRIGGER:
        return "triggerDetails";
    case R_TSOURCE:
        return "triggerDetails.source";
    case R_TTIME:
        return "triggerDetails.timestamp";
    case R_TARN:
        return "triggerDetails.triggerArn";
    case R_TRAW:
        return "triggerDetails.rawData";
    case R_TOKEN:
        return "clientToken";
    default:
        return NULL;
    }
}

static bool form_is_text(enum row_kind k)
{
    return k == R_TITLE || k == R_TSOURCE || k == R_TTIME || k == R_TARN || k == R_TRAW;
}

static bool form_is_focusable(enum row_kind k)
{
    return k != R_PLAN_INFO && k != R_TTIME_INFO && k != R_TOKEN && k != R_BLANK && k != R_MSG;
}

static const char *form_label(enum row_kind k)
{
    const struct field_def *f = forms_field(form_row_path(k));
    if (k == R_TRIGGER)
        return "Trigger details";
    return f ? f->label : "";
}

/* A related item's first problem, in words (false if it has none). */
static bool form_item_problem(const struct model_item *it, size_t i, struct buf *why)
{
    char path[160];
    buf_reset(why);
    snprintf(path, sizeof path, "relatedItems[%zu].identifier.type", i);
    if (!model_check_text(path, it->type, why))
        return buf_printf(why, " (type)"), true;
    snprintf(path, sizeof path, "relatedItems[%zu].title", i);
    if (!model_check_text(path, it->title, why))
        return true;
    if (it->kind == MODEL_KIND_PAGERDUTY) {
        snprintf(path, sizeof path, "relatedItems[%zu].identifier.value.pagerDutyIncidentDetail.id",
                 i);
        if (!model_check_text(path, it->pd_id, why))
            return true;
        snprintf(path, sizeof path,
                 "relatedItems[%zu].identifier.value.pagerDutyIncidentDetail.secretId", i);
        if (*it->pd_secret_id && !model_check_text(path, it->pd_secret_id, why))
            return true;
        return false;
    }
    model_item_value_path(i, it, path, sizeof path);
    if (!*it->value) {
        const struct field_def *f = forms_field(path);
        buf_printf(why, "%s is empty", f ? f->label : "the value");
        return true;
    }
    return !model_check_text(path, it->value, why);
}

/* The focused field's or a row's problem, in words (false if none). */
static bool form_row_problem(struct app *a, const struct row *r, struct buf *why)
{
    buf_reset(why);
    switch (r->kind) {
    case R_PLAN:
        return *a->s.m.plan_arn && !model_check(&a->s.m, "responsePlanArn", why);
    case R_IMPACT:
        return *a->s.m.impact && !model_check(&a->s.m, "impact", why);
    case R_ITEM:
        return (size_t)r->idx < a->s.m.nitems &&
               form_item_problem(&a->s.m.items[r->idx], (size_t)r->idx, why);
    case R_TTIME:
        if (!*a->s.m.trigger_timestamp) {
            buf_puts(why, "required: when the incident was detected");
            return true;
        }
        return !model_check(&a->s.m, form_row_path(r->kind), why);
    default:
        if (form_is_text(r->kind))
            return !model_check(&a->s.m, form_row_path(r->kind), why);
        return false;
    }
}

/* Short names for what the plan sets in motion: the last part of an ARN. */
static const char *form_arn_tail(const char *arn)
{
    const char *s = strrchr(arn, '/');
    if (!s)
        s = strrchr(arn, ':');
    return s && s[1] ? s + 1 : arn;
}

static char *form_list_tails(const json_t *arr, const char *member)
{
    struct buf b = BUF_INIT;
    size_t i;
    const json_t *e;
    json_array_foreach(arr, i, e)
    {
        const char *s =
            member ? json_string_value(json_object_get(e, member)) : json_string_value(e);
        if (!s)
            continue;
        buf_printf(&b, "%s%s", b.len ? ", " : "", form_arn_tail(s));
    }
    return buf_steal(&b);
}

static void form_add_info(struct form_view *f, attr_t a, char *text)
{
    if (f->ninfo < FORM_MAX_INFO) {
        f->info[f->ninfo] = text;
        f->info_attr[f->ninfo++] = a;
    } else {
        free(text);
    }
}

/* The lines under the plan: what declaring with it will set in motion. */
static void form_plan_info(struct app *a, struct form_view *f)
{
    for (size_t i = 0; i < f->ninfo; i++)
        free(f->info[i]);
    f->ninfo = 0;
    if (!*a->s.m.plan_arn)
        return;
    attr_t dim = term_attr(TR_DIM);
    if (a->s.plan_loading) {
        form_add_info(f, dim, xstrdup("Loading the plan..."));
        return;
    }
    if (a->s.plan_error) {
        form_add_info(f, term_attr(TR_ERROR),
                      xasprintf("Cannot load the plan: %s", a->s.plan_error));
        return;
    }
    if (!a->s.plan)
        return;
    const json_t *t = json_object_get(a->s.plan, "incidentTemplate");
    const char *summary = json_string_value(json_object_get(t, "summary"));
    const char *dedupe = json_string_value(json_object_get(t, "dedupeString"));
    if (summary && *summary)
        form_add_info(f, dim, xasprintf("Summary   %s", summary));
    if (dedupe && *dedupe)
        form_add_info(f, dim, xasprintf("Dedupe    %s", dedupe));
    const json_t *eng = json_object_get(a->s.plan, "engagements");
    if (json_array_size(eng)) {
        char *names = form_list_tails(eng, NULL);
        form_add_info(f, dim, xasprintf("Engages   %s", names));
        free(names);
    } else {
        form_add_info(f, dim, xstrdup("Engages   nobody (the plan has no engagements)"));
    }
    const json_t *chat = json_object_get(a->s.plan, "chatChannel");
    const json_t *sns = json_object_get(chat, "chatbotSns");
    if (json_array_size(sns)) {
        char *names = form_list_tails(sns, NULL);
        form_add_info(f, dim, xasprintf("Chat      %s", names));
        free(names);
    }
    const json_t *acts = json_object_get(a->s.plan, "actions");
    struct buf rb = BUF_INIT;
    size_t i;
    const json_t *act;
    json_array_foreach(acts, i, act)
    {
        const json_t *ssm = json_object_get(act, "ssmAutomation");
        const char *doc = json_string_value(json_object_get(ssm, "documentName"));
        if (doc)
            buf_printf(&rb, "%s%s", rb.len ? ", " : "", doc);
    }
    if (rb.len)
        form_add_info(f, dim, xasprintf("Runbook   %s", buf_cstr(&rb)));
    buf_free(&rb);
}

static void form_push_row(struct form_view *f, enum row_kind k, int idx)
{
    if (f->nrows == f->caprows) {
        f->caprows = f->caprows ? f->caprows * 2 : 64;
        f->rows = xreallocarray(f->rows, f->caprows, sizeof *f->rows);
    }
    f->rows[f->nrows].kind = k;
    f->rows[f->nrows].idx = idx;
    f->nrows++;
}

/* A row's problem message as lines under it (R_MSG idx = parent row * 4 + line). */
#define FORM_MSG_LINES 3

static size_t form_msg_wrap(struct app *a, struct form_view *f, const struct row *r, size_t *starts,
                            size_t *lens, char **text)
{
    *text = NULL;
    if (!form_row_problem(a, r, &f->why))
        return 0;
    *text = xasprintf("^ %s", buf_cstr(&f->why));
    size_t n = draw_wrap(*text, COLS - FORM_VALUE_X - 1, starts, lens, FORM_MSG_LINES);
    return n < FORM_MSG_LINES ? n : FORM_MSG_LINES;
}

static void form_push_checked(struct app *a, struct form_view *f, enum row_kind k, int idx)
{
    form_push_row(f, k, idx);
    struct row r = {k, idx};
    size_t starts[FORM_MSG_LINES], lens[FORM_MSG_LINES];
    char *text;
    size_t n = form_msg_wrap(a, f, &r, starts, lens, &text);
    int parent = (int)f->nrows - 1;
    for (size_t i = 0; i < n; i++)
        form_push_row(f, R_MSG, parent * 4 + (int)i);
    free(text);
}

/* The rows of the page, in order, for the current model. */
static void form_layout(struct app *a, struct form_view *f)
{
    f->nrows = 0;
    form_plan_info(a, f);
    form_push_checked(a, f, R_PLAN, 0);
    for (size_t i = 0; i < f->ninfo; i++)
        form_push_row(f, R_PLAN_INFO, (int)i);
    form_push_checked(a, f, R_IMPACT, 0);
    form_push_checked(a, f, R_TITLE, 0);
    form_push_row(f, R_ITEMS, 0);
    for (size_t i = 0; i < a->s.m.nitems; i++)
        form_push_checked(a, f, R_ITEM, (int)i);
    form_push_row(f, R_TRIGGER, 0);
    if (a->s.m.trigger_on) {
        form_push_checked(a, f, R_TSOURCE, 0);
        form_push_checked(a, f, R_TTIME, 0);
        double epoch;
        if (*a->s.m.trigger_timestamp && !forms_parse_timestamp(a->s.m.trigger_timestamp, &epoch))
            form_push_row(f, R_TTIME_INFO, 0);
        form_push_checked(a, f, R_TARN, 0);
        form_push_checked(a, f, R_TRAW, 0);
    }
    form_push_row(f, R_TOKEN, 0);
    form_push_row(f, R_BLANK, 0);
    form_push_row(f, R_SUBMIT, 0);
}

static int form_find(struct form_view *f, enum row_kind k, int idx)
{
    for (size_t i = 0; i < f->nrows; i++)
        if (f->rows[i].kind == k && (k != R_ITEM || f->rows[i].idx == idx))
            return (int)i;
    return -1;
}

/* Store the editor's text in the model. */
static void form_sync_editor(struct app *a)
{
    struct form_view *f = form_of(a);
    if (!f->ed_path)
        return;
    char *text = le_get(&f->ed);
    const char *old = model_get(&a->s.m, f->ed_path);
    if (old && strcmp(old, text) != 0) {
        model_set(&a->s.m, f->ed_path, text);
        app_changed(a);
    }
    free(text);
}

static void form_focus(struct app *a, enum row_kind kind, int idx)
{
    struct form_view *f = form_of(a);
    bool moved = f->focus != kind || f->focus_idx != idx;
    form_sync_editor(a);
    if (moved && a->s.dirty)
        session_field_left(&a->s); /* leaving a field saves the draft */
    f->focus = kind;
    f->focus_idx = idx;
    f->ed_path = NULL;
    f->title_fresh = kind == R_TITLE && session_title_is_default(&a->s);
    if (form_is_text(kind)) {
        snprintf(f->ed_pathbuf, sizeof f->ed_pathbuf, "%s", form_row_path(kind));
        f->ed_path = f->ed_pathbuf;
        le_set(&f->ed, model_get(&a->s.m, f->ed_path));
    }
}

static void form_move(struct app *a, int dir, int steps)
{
    struct form_view *f = form_of(a);
    form_layout(a, f);
    int at = form_find(f, f->focus, f->focus_idx);
    if (at < 0)
        at = 0;
    int target = at;
    for (int i = at + dir; i >= 0 && i < (int)f->nrows && steps > 0; i += dir) {
        if (form_is_focusable(f->rows[i].kind)) {
            target = i;
            steps--;
        }
    }
    form_focus(a, f->rows[target].kind, f->rows[target].idx);
}

/* The row a request path belongs to (a problem's, or one another screen asks for). */
static void form_focus_path(struct app *a, struct view *v, const char *path)
{
    (void)v;
    static const struct {
        const char *prefix;
        enum row_kind kind;
    } map[] = {
        {"responsePlanArn", R_PLAN},
        {"impact", R_IMPACT},
        {"title", R_TITLE},
        {"triggerDetails.source", R_TSOURCE},
        {"triggerDetails.timestamp", R_TTIME},
        {"triggerDetails.triggerArn", R_TARN},
        {"triggerDetails.rawData", R_TRAW},
        {"triggerDetails", R_TRIGGER},
    };
    if (!strncmp(path, "relatedItems[", 13)) {
        int i = atoi(path + 13);
        if (i >= 0 && (size_t)i < a->s.m.nitems) {
            form_focus(a, R_ITEM, i);
            return;
        }
    }
    if (!strncmp(path, "relatedItems", 12)) {
        form_focus(a, R_ITEMS, 0);
        return;
    }
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (!strncmp(path, map[i].prefix, strlen(map[i].prefix))) {
            if (map[i].kind >= R_TSOURCE && map[i].kind <= R_TRAW)
                a->s.m.trigger_on = true;
            form_focus(a, map[i].kind, 0);
            return;
        }
    }
    form_focus(a, R_SUBMIT, 0);
}

/* "Title: at most 200 characters (203 typed)" for a problem path. */
static char *form_problem_text(const struct problem *p)
{
    const struct field_def *f = forms_field(p->path);
    if (!strncmp(p->path, "relatedItems[", 13)) {
        int i = atoi(p->path + 13);
        return xasprintf("Related item %d, %s: %s", i + 1, f ? f->label : p->path, p->message);
    }
    return xasprintf("%s: %s", f ? f->label : p->path, p->message);
}

static void form_submit(struct app *a)
{
    form_sync_editor(a);
    if (!*a->s.m.plan_arn) {
        form_focus(a, R_PLAN, 0);
        app_flash(a, term_attr(TR_ERROR),
                  "Choose a response plan first (Enter opens the list; an ARN can be pasted).");
        return;
    }
    struct problems p = PROBLEMS_INIT;
    json_t *body = model_request(&a->s.m, &p);
    if (p.n) {
        char *first = form_problem_text(&p.v[0]);
        if (p.n == 1)
            app_flash(a, term_attr(TR_ERROR), "Not yet: %s", first);
        else
            app_flash(a, term_attr(TR_ERROR), "%zu problems; the first: %s", p.n, first);
        free(first);
        form_focus_path(a, NULL, p.v[0].path);
        problems_free(&p);
        json_decref(body);
        return;
    }
    problems_free(&p);
    app_save_draft(a);
    app_push(a, review_view_new(a, body));
}

/* ---- drawing ---- */

static int form_top(void)
{
    return LINES >= 20 ? 2 : 1;
}

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
    const char *path = form_row_path(r->kind);
    bool focused = form_has_focus(a, r);
    if (focused && f->ed_path && !strcmp(f->ed_path, path)) {
        /* The plan's title, untouched, is shown selected: typing replaces it. */
        attr_t at = f->title_fresh ? term_attr(TR_SELECT) : term_attr(TR_EDIT);
        a->cursor_x = le_draw(&f->ed, stdscr, y, FORM_VALUE_X, width, at);
        a->cursor_y = y;
    } else {
        draw_fill(y, FORM_VALUE_X, width, term_attr(TR_FIELD));
        draw_text(y, FORM_VALUE_X, width, model_get(&a->s.m, path), term_attr(TR_FIELD));
    }
}

static void form_draw_impact(struct app *a, int y)
{
    int x = FORM_VALUE_X;
    for (int i = 0; i < 5; i++) {
        char opt[32];
        bool chosen = a->s.m.impact[0] == '1' + i && a->s.m.impact[1] == '\0';
        snprintf(opt, sizeof opt, chosen ? "[%d %s]" : " %d %s ", i + 1, form_impact_names[i]);
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

static void form_draw_row(struct app *a, struct form_view *f, const struct row *r, int y)
{
    int width = COLS - FORM_VALUE_X - 1;
    attr_t dim = term_attr(TR_DIM);
    char buf[160];
    switch (r->kind) {
    case R_PLAN: {
        form_draw_label(a, y, r->kind, 0);
        attr_t at = form_has_focus(a, r) ? term_attr(TR_FOCUS) : term_attr(TR_FIELD);
        draw_fill(y, FORM_VALUE_X, width, at);
        if (!*a->s.m.plan_arn)
            draw_text(y, FORM_VALUE_X, width, "none yet: Enter, or type to search", at | A_DIM);
        else
            draw_text(y, FORM_VALUE_X, width,
                      *a->s.m.plan_label ? a->s.m.plan_label : a->s.m.plan_arn, at);
        break;
    }
    case R_PLAN_INFO:
        if ((size_t)r->idx < f->ninfo)
            draw_text(y, FORM_VALUE_X + 2, width - 2, f->info[r->idx], f->info_attr[r->idx]);
        break;
    case R_IMPACT:
        form_draw_label(a, y, r->kind, 0);
        form_draw_impact(a, y);
        break;
    case R_TITLE: {
        form_draw_label(a, y, r->kind, 0);
        const struct field_def *fd = forms_field("title");
        long max = fd && fd->max > 0 ? fd->max : 200;
        long n = (long)utf8_count(a->s.m.title, strlen(a->s.m.title));
        if (f->ed_path && !strcmp(f->ed_path, "title"))
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
        break;
    }
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
        form_draw_label(a, y, r->kind, 0);
        if (a->s.m.nitems)
            snprintf(buf, sizeof buf, "%zu of %zu | Enter adds one", a->s.m.nitems,
                     model_max_items());
        else
            snprintf(buf, sizeof buf, "none | Enter adds one (up to %zu)", model_max_items());
        draw_text(y, FORM_VALUE_X, width, buf,
                  form_has_focus(a, r) ? term_attr(TR_FOCUS) : A_NORMAL);
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
        draw_printf(y, FORM_VALUE_X, width, dim, "%s (read-only)", a->s.m.client_token);
        break;
    case R_SUBMIT: {
        bool focused = form_has_focus(a, r);
        if (focused)
            mvaddch(y, 0, '>' | term_attr(TR_LABEL));
        int used = draw_text(y, FORM_VALUE_X, width, "[ Review and declare ]",
                             focused ? term_attr(TR_SELECT) : A_BOLD);
        draw_text(y, FORM_VALUE_X + used + 2, width - used - 2, "or F10 / Ctrl-S from any field",
                  dim);
        break;
    }
    case R_MSG: {
        const struct row *of = &f->rows[r->idx / 4];
        size_t starts[FORM_MSG_LINES], lens[FORM_MSG_LINES], line = (size_t)r->idx % 4;
        char *text;
        size_t n = form_msg_wrap(a, f, of, starts, lens, &text);
        if (line < n) {
            /* The last line shows the rest, clipped. */
            char *s = line + 1 < n ? xstrndup(text + starts[line], lens[line])
                                   : xstrdup(text + starts[line]);
            draw_text(y, FORM_VALUE_X + (line ? 2 : 0), width - (line ? 2 : 0), s,
                      term_attr(TR_ERROR));
            free(s);
        }
        free(text);
        break;
    }
    case R_BLANK:
        break;
    }
}

/* Keep the focused row (at), and the message under it, in a window of height rows. */
static void form_scroll_to(struct form_view *f, int at, int height)
{
    if (height < 1)
        return;
    int last = at;
    while (last + 1 < (int)f->nrows && f->rows[last + 1].kind == R_MSG)
        last++;
    if (at == 1 || at <= 2)
        f->scroll = 0;
    if (at < f->scroll)
        f->scroll = at;
    if (last >= f->scroll + height)
        f->scroll = last - height + 1;
    if (f->scroll > (int)f->nrows - height)
        f->scroll = (int)f->nrows - height;
    if (f->scroll < 0)
        f->scroll = 0;
}

/* After any event: the focus on a row that still exists, the editor holding the model's text,
   and the scroll keeping the focused row in view. Drawing only reads what this leaves. */
static void form_settle(struct app *a, struct view *v)
{
    struct form_view *f = (struct form_view *)v;
    if (f->ed_path) {
        char *text = le_get(&f->ed);
        const char *now = model_get(&a->s.m, f->ed_path);
        if (now && strcmp(now, text) != 0) { /* changed underneath (the plan's defaults) */
            le_set(&f->ed, now);
            f->title_fresh = f->focus == R_TITLE && session_title_is_default(&a->s);
        }
        free(text);
    }
    form_layout(a, f);
    int at = form_find(f, f->focus, f->focus_idx);
    if (at < 0) {
        /* The focused row went away (items removed, trigger folded): the nearest that remains. */
        if (f->focus == R_ITEM && a->s.m.nitems)
            form_focus(a, R_ITEM, (int)a->s.m.nitems - 1);
        else if (f->focus == R_ITEM)
            form_focus(a, R_ITEMS, 0);
        else if (f->focus >= R_TSOURCE && f->focus <= R_TRAW)
            form_focus(a, R_TRIGGER, 0);
        else
            form_focus(a, R_PLAN, 0);
        form_layout(a, f);
        at = form_find(f, f->focus, f->focus_idx);
        if (at < 0)
            at = 0;
    }
    form_scroll_to(f, at, app_body_end() - form_top());
}

static void form_draw(struct app *a, struct view *v)
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

/* ---- keys ---- */

static void form_set_impact(struct app *a, int v)
{
    char s[4] = "";
    if (v >= 1 && v <= 5)
        snprintf(s, sizeof s, "%d", v);
    if (strcmp(a->s.m.impact, s) != 0) {
        model_set(&a->s.m, "impact", s);
        app_changed(a);
    }
}

struct form_remove_ctx {
    size_t idx;
};

static void form_remove_yes(struct app *a, void *ctx)
{
    struct form_remove_ctx *c = ctx;
    size_t idx = c->idx;
    app_pop(a);
    model_remove_item(&a->s.m, idx);
    app_changed(a);
    if (a->s.m.nitems)
        form_focus(a, R_ITEM, (int)(idx < a->s.m.nitems ? idx : a->s.m.nitems - 1));
    else
        form_focus(a, R_ITEMS, 0);
    app_flash(a, term_attr(TR_DIM), "Removed related item %zu.", idx + 1);
}

static void form_remove_no(struct app *a, void *ctx)
{
    (void)ctx;
    app_pop(a);
}

static void form_ask_remove(struct app *a, size_t idx)
{
    struct form_remove_ctx *c = xcalloc(1, sizeof *c);
    c->idx = idx;
    const struct model_item *it = &a->s.m.items[idx];
    char *text = xasprintf("Remove related item %zu (%s %s)?", idx + 1, it->type,
                           *it->title ? it->title : "untitled");
    static const struct dialog_choice choices[] = {
        {'y', "y", "Remove it", form_remove_yes},
        {'n', "n/Esc", "Keep it", form_remove_no},
    };
    app_push(a, dialog_view_new("Remove an item", text, choices, 2, c, free));
    free(text);
}

static void form_toggle_trigger(struct app *a, bool on)
{
    if (a->s.m.trigger_on == on)
        return;
    a->s.m.trigger_on = on;
    if (on && !*a->s.m.trigger_timestamp) {
        char now[40];
        model_now_iso(now, sizeof now);
        model_set(&a->s.m, "triggerDetails.timestamp", now);
    }
    app_changed(a);
}

static void form_enter(struct app *a)
{
    struct form_view *f = form_of(a);
    switch (f->focus) {
    case R_PLAN:
        app_push(a, picker_view_new(a, NULL, 0));
        break;
    case R_ITEMS:
        if (a->s.m.nitems >= model_max_items())
            app_flash(a, term_attr(TR_ERROR), "The service takes at most %zu related items.",
                      model_max_items());
        else
            app_push(a, item_view_new(a, a->s.m.nitems));
        break;
    case R_ITEM:
        app_push(a, item_view_new(a, (size_t)f->focus_idx));
        break;
    case R_TRIGGER:
        form_toggle_trigger(a, !a->s.m.trigger_on);
        break;
    case R_SUBMIT:
        form_submit(a);
        break;
    default:
        form_move(a, +1, 1); /* Enter in a field moves on; it never submits */
        break;
    }
}

static const char *form_help_text(struct app *a)
{
    const struct form_view *fv = form_of(a);
    const char *path = form_row_path(fv->focus);
    if (fv->focus == R_ITEM)
        path = "relatedItems[]";
    const struct field_def *f = path ? forms_field(path) : NULL;
    if (fv->focus == R_SUBMIT)
        return "Shows the exact request and asks before anything is sent.";
    return f ? f->help : NULL;
}

/* ---- keys ---- */

static enum row_kind form_focus_of(struct view *v)
{
    return ((struct form_view *)v)->focus;
}

/* On a Title the responder changed from the plan's: Ctrl-R puts the plan's back. */
static bool form_title_edited(const struct app *a, enum row_kind at)
{
    return at == R_TITLE && a->s.plan_title && strcmp(a->s.m.title, a->s.plan_title) != 0;
}

#define FORM_ON(name, cond)                                                                        \
    static bool form_on_##name(struct app *a, struct view *v)                                      \
    {                                                                                              \
        (void)a;                                                                                   \
        enum row_kind at = form_focus_of(v);                                                       \
        return cond;                                                                               \
    }
FORM_ON(plan, at == R_PLAN)
FORM_ON(impact, at == R_IMPACT)
FORM_ON(items, at == R_ITEMS)
FORM_ON(item, at == R_ITEM)
FORM_ON(submit, at == R_SUBMIT)
FORM_ON(not_submit, at != R_SUBMIT)
FORM_ON(text, form_is_text(at) && ((struct form_view *)v)->ed_path)
FORM_ON(not_text, !form_is_text(at))
FORM_ON(field, at != R_PLAN && at != R_IMPACT && at != R_ITEMS && at != R_ITEM && at != R_TRIGGER &&
                   at != R_SUBMIT && !form_title_edited(a, at))
FORM_ON(folded, at == R_TRIGGER && !a->s.m.trigger_on)
FORM_ON(unfolded, at == R_TRIGGER && a->s.m.trigger_on)
FORM_ON(trigger, at == R_TRIGGER)
FORM_ON(fresh_title, at == R_TITLE && ((struct form_view *)v)->title_fresh)
FORM_ON(edited_title, form_title_edited(a, at))
#undef FORM_ON

static void form_act_next(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    form_move(a, +1, 1);
}

static void form_act_back(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    form_move(a, -1, 1);
}

static void form_act_page(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v;
    form_move(a, k->key == K_PGDN ? +1 : -1, LINES / 2);
}

static void form_act_ends(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v;
    form_move(a, k->key == K_HOME ? -1 : +1, 1000);
}

static void form_act_enter(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    form_sync_editor(a);
    form_enter(a);
}

static void form_act_review(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    form_submit(a);
}

static void form_act_help(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_push(a, help_view_new(a, form_help_text(a)));
}

static void form_act_quit(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    form_sync_editor(a);
    app_ask_quit(a);
}

static void form_act_edit(struct app *a, struct view *v, const struct tkey *k)
{
    struct form_view *f = (struct form_view *)v;
    f->title_fresh = false; /* moving in the plan's title keeps it, to be edited */
    if (k->key == K_PASTE)
        le_insert(&f->ed, k->text, k->ntext);
    else if (le_key(&f->ed, k->key) != LE_CHANGED)
        return;
    form_sync_editor(a);
}

/* Typing on the plan's untouched title replaces it, as over a selected default. */
static void form_act_replace(struct app *a, struct view *v, const struct tkey *k)
{
    struct form_view *f = (struct form_view *)v;
    le_set(&f->ed, "");
    if (k->key != K_BS && k->key != K_DEL)
        form_act_edit(a, v, k);
    else
        form_sync_editor(a);
    f->title_fresh = false;
}

static void form_act_plan_title(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct form_view *f = (struct form_view *)v;
    if (session_restore_plan_title(&a->s)) {
        le_set(&f->ed, a->s.m.title);
        f->title_fresh = true;
    }
}

static void form_act_pick(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v;
    if (k->key == K_PASTE) {
        app_push(a, picker_view_new(a, k->text, k->ntext));
    } else {
        wchar_t c = (wchar_t)k->key;
        app_push(a, picker_view_new(a, &c, 1));
    }
}

static void form_act_clear_plan(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_choose_plan(a, "");
}

static void form_act_impact(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v;
    if (k->key >= '1' && k->key <= '5') {
        form_set_impact(a, k->key - '0');
    } else if (k->key == K_LEFT || k->key == K_RIGHT) {
        int i = atoi(a->s.m.impact);
        form_set_impact(a, k->key == K_LEFT ? (i <= 1 ? 5 : i - 1) : (i >= 5 || i < 1 ? 1 : i + 1));
    } else {
        form_set_impact(a, 0);
    }
}

static void form_act_add(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    form_focus(a, R_ITEMS, 0);
    form_enter(a);
}

static void form_act_remove(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    form_ask_remove(a, (size_t)((struct form_view *)v)->focus_idx);
}

static void form_act_edit_item(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    form_enter(a);
}

static void form_act_fold(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v;
    form_toggle_trigger(a, k->key == ' ' ? !a->s.m.trigger_on : k->key == K_RIGHT);
}

/* Table order is the key line's order, and the first row that applies takes the key. */
static const struct keymap_row form_rows[] = {
    {'1', 0, 0, '5', "1-5", "Impact", NULL, "on Impact: Critical, High, Medium, Low, No Impact",
     form_on_impact, form_act_impact},
    {K_ENTER, 0, 0, 0, "Enter", NULL, NULL, "on Impact: the next field", form_on_impact,
     form_act_enter},
    {K_ENTER, 0, 0, 0, "Enter", "Choose plan", NULL, "on Response plan: open the plan list",
     form_on_plan, form_act_enter},
    {K_ENTER, 0, 0, 0, "Enter", "Add item", NULL, "on Related items: add an item", form_on_items,
     form_act_enter},
    {K_ENTER, 0, 0, 0, "Enter", "Edit", NULL, "on a related item: edit it", form_on_item,
     form_act_enter},
    {K_DEL, 'd', '-', 0, "Del", "Remove", "Del, d or -",
     "on a related item: remove it (asks first)", form_on_item, form_act_remove},
    {K_ENTER, 0, 0, 0, "Enter", "Unfold", NULL,
     "on Trigger details: unfold them (Detected at is filled with now)", form_on_folded,
     form_act_enter},
    {K_ENTER, 0, 0, 0, "Enter", "Fold", NULL, "on Trigger details: fold them (not sent)",
     form_on_unfolded, form_act_enter},
    {K_ENTER, 0, 0, 0, "Enter", "Review", NULL, "on the Review button: review the request",
     form_on_submit, form_act_enter},
    {K_CTRL_R, 0, 0, 0, "^R", "Plan's title", "Ctrl-R", "on Title: put the plan's title back",
     form_on_edited_title, form_act_plan_title},
    {K_ENTER, 0, 0, 0, "Enter", NULL, NULL, NULL, form_on_edited_title, form_act_enter},
    {K_ENTER, 0, 0, 0, "Enter", "Next", NULL, "in a field: the next field (Enter never submits)",
     form_on_field, form_act_enter},
    {K_TAB, K_DOWN, 0, 0, "Tab", "Next", "Tab or Down", "next field", NULL, form_act_next},
    {K_BTAB, K_UP, 0, 0, "S-Tab", "Back", "Shift-Tab or Up", "previous field", NULL, form_act_back},
    {K_SUBMIT, 0, 0, 0, "F10/^S", "Review", "F10 or Ctrl-S",
     "review the request from any field (then Enter declares)", form_on_not_submit,
     form_act_review},
    {K_SUBMIT, 0, 0, 0, "F10/^S", NULL, NULL, NULL, NULL, form_act_review},
    {K_HELP, 0, 0, 0, "F1", "Help", NULL, "help for the field", NULL, form_act_help},
    {K_CANCEL, K_ESC, 0, 0, "^C", "Quit", "Ctrl-C or Esc",
     "leave, asking first (keep or discard the draft); never submits", NULL, form_act_quit},
    {K_PGDN, K_PGUP, 0, 0, "PgDn/PgUp", NULL, "Page Down, Page Up", "half a screen down or up",
     NULL, form_act_page},
    {'?', 0, 0, 0, "?", NULL, NULL, "outside a text field: help", form_on_not_text, form_act_help},
    {K_LEFT, K_RIGHT, 0, 0, "Left/Right", NULL, "Left, Right", "on Impact: one level down or up",
     form_on_impact, form_act_impact},
    {'0', K_DEL, K_BS, 0, "0", NULL, "0, Del or Backspace", "on Impact: the plan's impact",
     form_on_impact, form_act_impact},
    {KM_CHAR, K_PASTE, 0, 0, "Type", NULL, "any character, or a paste",
     "on Response plan: open the plan list searching for it", form_on_plan, form_act_pick},
    {K_DEL, K_BS, 0, 0, "Del", NULL, "Del or Backspace", "on Response plan: clear it", form_on_plan,
     form_act_clear_plan},
    {'+', 'a', 0, 0, "+", NULL, "+ or a", "on Related items or an item: add an item", form_on_items,
     form_act_add},
    {'+', 'a', 0, 0, "+", NULL, NULL, NULL, form_on_item, form_act_add},
    {'e', 0, 0, 0, "e", NULL, NULL, "on a related item: edit it", form_on_item, form_act_edit_item},
    {' ', K_LEFT, K_RIGHT, 0, "Space", NULL, "Space, Left or Right",
     "on Trigger details: fold or unfold (Right unfolds, Left folds)", form_on_trigger,
     form_act_fold},
    {KM_CHAR, K_PASTE, 0, 0, "Type", NULL, "any character, or a paste",
     "on a Title that is still the plan's: replaces it (as a selected default); moving first "
     "keeps it to edit",
     form_on_fresh_title, form_act_replace},
    {K_BS, K_DEL, 0, 0, "Del", NULL, "Backspace or Del",
     "on a Title that is still the plan's: clears it", form_on_fresh_title, form_act_replace},
    {KM_ANY, 0, 0, 0, "Type", NULL, "the line editor's keys",
     "in a text field: edit it (see the line editor below; a paste keeps newlines as spaces)",
     form_on_text, form_act_edit},
    {K_HOME, K_END, 0, 0, "Home/End", NULL, "Home, End",
     "outside a text field: first or last field", form_on_not_text, form_act_ends},
};

const struct keymap form_keymap =
    KEYMAP("The form",
           "One screen holds the whole request; the key line shows the keys of the "
           "focused field.",
           form_rows);

static void form_key(struct app *a, struct view *v, const struct tkey *k)
{
    keymap_dispatch(&form_keymap, a, v, k);
}

static size_t form_keys(struct app *a, struct view *v, struct keyhint *out, size_t max)
{
    return keymap_hints(&form_keymap, a, v, out, max);
}

static const char *form_help(struct app *a, struct view *v)
{
    (void)v;
    return form_help_text(a);
}

static void form_destroy(struct view *v)
{
    struct form_view *f = (struct form_view *)v;
    for (size_t i = 0; i < f->ninfo; i++)
        free(f->info[i]);
    free(f->rows);
    buf_free(&f->why);
    le_free(&f->ed);
    free(f);
}

static const struct view_ops form_ops = {
    .name = "form",
    .draw = form_draw,
    .key = form_key,
    .keys = form_keys,
    .help = form_help,
    .settle = form_settle,
    .focus = form_focus_path,
    .destroy = form_destroy,
};

struct view *form_view_new(struct app *a)
{
    (void)a;
    struct form_view *f = xcalloc(1, sizeof *f);
    f->v.ops = &form_ops;
    buf_init(&f->why);
    le_init(&f->ed);
    f->focus = R_PLAN;
    f->focus_idx = 0;
    return &f->v;
}
