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
#include "session/drill.h"
#include "tui/form.h"
#include "tui/term.h"

struct form_view *form_of(struct app *a)
{
    struct view *v = a->top;
    while (v->below)
        v = v->below;
    return (struct form_view *)v;
}

/* The field a row shows, from the field table (FIELD_ID_COUNT: none). */
enum field_id form_row_field(enum row_kind kind)
{
    switch (kind) {
    case R_PLAN:
        return FIELD_ID_RESPONSE_PLAN_ARN;
    case R_IMPACT:
        return FIELD_ID_IMPACT;
    case R_TITLE:
        return FIELD_ID_TITLE;
    case R_ITEMS:
        return FIELD_ID_RELATED_ITEMS;
    case R_ITEM:
        return FIELD_ID_ITEM;
    case R_TRIGGER:
        return FIELD_ID_TRIGGER;
    case R_TSOURCE:
        return FIELD_ID_TRIGGER_SOURCE;
    case R_TTIME:
        return FIELD_ID_TRIGGER_TIMESTAMP;
    case R_TARN:
        return FIELD_ID_TRIGGER_ARN;
    case R_TRAW:
        return FIELD_ID_TRIGGER_RAW_DATA;
    case R_TOKEN:
        return FIELD_ID_CLIENT_TOKEN;
    default:
        return FIELD_ID_COUNT;
    }
}

/* The row that shows a field (R_BLANK: none). */
static enum row_kind form_field_row(enum field_id id)
{
    for (int k = R_PLAN; k <= R_MSG; k++)
        if (form_row_field((enum row_kind)k) == id)
            return (enum row_kind)k;
    return R_BLANK;
}

bool form_is_text(enum row_kind k)
{
    return k == R_TITLE || k == R_TSOURCE || k == R_TTIME || k == R_TARN || k == R_TRAW;
}

static bool form_is_focusable(enum row_kind k)
{
    return k != R_PLAN_INFO && k != R_TTIME_INFO && k != R_TOKEN && k != R_BLANK && k != R_MSG;
}

const char *form_label(enum row_kind k)
{
    const struct field_def *f = forms_field_by_id(form_row_field(k));
    if (k == R_TRIGGER)
        return "Trigger details";
    return f ? f->label : "";
}

/* A related item's first problem, in words (false if it has none). */
static bool form_item_problem(const struct model_item *it, struct buf *why)
{
    buf_reset(why);
    if (!model_check_text_id(FIELD_ID_ITEM_TYPE, it->type, why))
        return buf_printf(why, " (type)"), true;
    if (!model_check_text_id(FIELD_ID_ITEM_TITLE, it->title, why))
        return true;
    if (it->kind == MODEL_KIND_PAGERDUTY)
        return !model_check_text_id(FIELD_ID_PAGERDUTY_ID, it->pd_id, why) ||
               (*it->pd_secret_id &&
                !model_check_text_id(FIELD_ID_PAGERDUTY_SECRET_ID, it->pd_secret_id, why));
    enum field_id vid = model_item_value_id(it);
    if (!*it->value) {
        const struct field_def *f = forms_field_by_id(vid);
        buf_printf(why, "%s is empty", f ? f->label : "the value");
        return true;
    }
    return !model_check_text_id(vid, it->value, why);
}

/* The focused field's or a row's problem, in words (false if none). */
static bool form_row_problem(struct app *a, const struct row *r, struct buf *why)
{
    buf_reset(why);
    switch (r->kind) {
    case R_PLAN:
        return *a->s.m.plan_arn &&
               !model_check_id(&a->s.m, FIELD_ID_RESPONSE_PLAN_ARN, FORMS_NO_ITEM, why);
    case R_IMPACT:
        return *a->s.m.impact && !model_check_id(&a->s.m, FIELD_ID_IMPACT, FORMS_NO_ITEM, why);
    case R_ITEM:
        return (size_t)r->idx < a->s.m.nitems && form_item_problem(&a->s.m.items[r->idx], why);
    case R_TTIME:
        if (!*a->s.m.trigger_timestamp) {
            buf_puts(why, "required: when the incident was detected");
            return true;
        }
        return !model_check_id(&a->s.m, FIELD_ID_TRIGGER_TIMESTAMP, FORMS_NO_ITEM, why);
    default:
        if (form_is_text(r->kind))
            return !model_check_id(&a->s.m, form_row_field(r->kind), FORMS_NO_ITEM, why);
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

size_t form_msg_wrap(struct app *a, struct form_view *f, const struct row *r, size_t *starts,
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
void form_layout(struct app *a, struct form_view *f)
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
void form_sync_editor(struct app *a)
{
    struct form_view *f = form_of(a);
    if (!f->editing)
        return;
    char *text = le_get(&f->ed);
    const char *old = model_get_id(&a->s.m, f->ed_field, FORMS_NO_ITEM);
    if (old && strcmp(old, text) != 0) {
        model_set_id(&a->s.m, f->ed_field, FORMS_NO_ITEM, text);
        app_changed(a);
    }
    free(text);
}

void form_focus(struct app *a, enum row_kind kind, int idx)
{
    struct form_view *f = form_of(a);
    bool moved = f->focus != kind || f->focus_idx != idx;
    form_sync_editor(a);
    if (moved && a->s.dirty)
        session_field_left(&a->s); /* leaving a field saves the draft */
    f->focus = kind;
    f->focus_idx = idx;
    f->editing = false;
    f->title_fresh = kind == R_TITLE && session_title_is_default(&a->s);
    if (form_is_text(kind)) {
        f->ed_field = form_row_field(kind);
        f->editing = true;
        le_set(&f->ed, model_get_id(&a->s.m, f->ed_field, FORMS_NO_ITEM));
    }
}

void form_move(struct app *a, int dir, int steps)
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
void form_focus_path(struct app *a, struct view *v, const char *path)
{
    (void)v;
    enum field_id id;
    size_t item = FORMS_NO_ITEM;
    if (!forms_field_parse(path, &id, &item)) {
        form_focus(a, R_SUBMIT, 0);
        return;
    }
    const struct field_def *f = forms_field_by_id(id);
    bool in_item = !strncmp(f->path, "relatedItems[]", 14);
    if (in_item && item < a->s.m.nitems) {
        form_focus(a, R_ITEM, (int)item);
        return;
    }
    enum row_kind k = in_item ? R_ITEMS : form_field_row(id);
    if (k == R_BLANK && !strncmp(f->path, "triggerDetails", 14))
        k = R_TRIGGER;
    if (k >= R_TSOURCE && k <= R_TRAW)
        a->s.m.trigger_on = true;
    form_focus(a, k == R_BLANK ? R_SUBMIT : k, 0);
}

/* "Title: at most 200 characters (203 typed)" for a problem path. */
static char *form_problem_text(const struct problem *p)
{
    enum field_id id;
    size_t item = FORMS_NO_ITEM;
    const struct field_def *f =
        forms_field_parse(p->path, &id, &item) ? forms_field_by_id(id) : NULL;
    if (item != FORMS_NO_ITEM)
        return xasprintf("Related item %zu, %s: %s", item + 1, f ? f->label : p->path, p->message);
    return xasprintf("%s: %s", f ? f->label : p->path, p->message);
}

void form_submit(struct app *a)
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

/* The first row of the page (below the bar). */
int form_top(void)
{
    return LINES >= 20 ? 2 : 1;
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

/* A drill counts the problems shown under the fields: each row with a message is one. */
static void form_drill_problems(struct app *a, const struct form_view *f)
{
    struct drill *d = a->s.cfg->drill;
    if (!d)
        return;
    char names[DRILL_MAX_OPEN][32];
    const char *shown[DRILL_MAX_OPEN];
    size_t n = 0;
    for (size_t i = 0; i + 1 < f->nrows && n < DRILL_MAX_OPEN; i++) {
        const struct row *r = &f->rows[i];
        if (r->kind == R_MSG || f->rows[i + 1].kind != R_MSG)
            continue;
        snprintf(names[n], sizeof names[n], "row%d.%d", (int)r->kind, r->idx);
        shown[n] = names[n];
        n++;
    }
    drill_problems_shown(d, shown, n);
}

/* After any event: the focus on a row that still exists, the editor holding the model's text,
   and the scroll keeping the focused row in view. Drawing only reads what this leaves. */
void form_settle(struct app *a, struct view *v)
{
    struct form_view *f = (struct form_view *)v;
    if (f->editing) {
        char *text = le_get(&f->ed);
        const char *now = model_get_id(&a->s.m, f->ed_field, FORMS_NO_ITEM);
        if (now && strcmp(now, text) != 0) { /* changed underneath (the plan's defaults) */
            le_set(&f->ed, now);
            f->title_fresh = f->focus == R_TITLE && session_title_is_default(&a->s);
        }
        free(text);
    }
    form_layout(a, f);
    form_drill_problems(a, f);
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
