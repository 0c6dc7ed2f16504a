/* The form's keys: one table (key line, dispatch and the manual come from it), what each key
   does, and the view itself (its ops), which the key table and the drawing are parts of. */
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
#include "tui/view.h"

static void form_set_impact(struct app *a, int v)
{
    char s[4] = "";
    if (v >= 1 && v <= 5)
        snprintf(s, sizeof s, "%d", v);
    if (strcmp(a->s.m.impact, s) != 0) {
        model_set_id(&a->s.m, FIELD_ID_IMPACT, FORMS_NO_ITEM, s);
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
        model_set_id(&a->s.m, FIELD_ID_TRIGGER_TIMESTAMP, FORMS_NO_ITEM, now);
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

const char *form_help_text(struct app *a)
{
    const struct form_view *fv = form_of(a);
    const struct field_def *f = forms_field_by_id(form_row_field(fv->focus));
    if (fv->focus == R_SUBMIT)
        return "Shows the exact request and asks before anything is sent.";
    return f ? f->help : NULL;
}

/* On a Title the responder changed from the plan's: Ctrl-R puts the plan's back. */
static bool form_title_edited(const struct app *a, enum row_kind at)
{
    return at == R_TITLE && a->s.plan_title && strcmp(a->s.m.title, a->s.plan_title) != 0;
}

#define FORM_ON(name, cond) VIEW_WHEN(form_on_##name, struct form_view, cond)
FORM_ON(plan, self->focus == R_PLAN)
FORM_ON(impact, self->focus == R_IMPACT)
FORM_ON(items, self->focus == R_ITEMS)
FORM_ON(item, self->focus == R_ITEM)
FORM_ON(submit, self->focus == R_SUBMIT)
FORM_ON(not_submit, self->focus != R_SUBMIT)
FORM_ON(text, form_is_text(self->focus) && self->editing)
FORM_ON(not_text, !form_is_text(self->focus))
FORM_ON(field, self->focus != R_PLAN && self->focus != R_IMPACT && self->focus != R_ITEMS &&
                   self->focus != R_ITEM && self->focus != R_TRIGGER && self->focus != R_SUBMIT &&
                   !form_title_edited(a, self->focus))
FORM_ON(folded, self->focus == R_TRIGGER && !a->s.m.trigger_on)
FORM_ON(unfolded, self->focus == R_TRIGGER && a->s.m.trigger_on)
FORM_ON(trigger, self->focus == R_TRIGGER)
FORM_ON(fresh_title, self->focus == R_TITLE && self->title_fresh)
FORM_ON(edited_title, form_title_edited(a, self->focus))
#undef FORM_ON

static void form_act_move(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v;
    form_move(a, input_dir(k->key), 1);
}

static void form_act_page(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v;
    form_move(a, input_dir(k->key), LINES / 2);
}

static void form_act_ends(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v;
    form_move(a, input_dir(k->key), 1000);
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

static bool form_in_drill(struct app *a, struct view *v)
{
    (void)v;
    return a->s.cfg->drill != NULL;
}

static void form_act_brief(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_push(a, brief_view_new(a));
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
    {K_TAB, K_DOWN, 0, 0, "Tab", "Next", "Tab or Down", "next field", NULL, form_act_move},
    {K_BTAB, K_UP, 0, 0, "S-Tab", "Back", "Shift-Tab or Up", "previous field", NULL, form_act_move},
    {K_SUBMIT, 0, 0, 0, "F10/^S", "Review", "F10 or Ctrl-S",
     "review the request from any field (then Enter declares)", form_on_not_submit,
     form_act_review},
    {K_SUBMIT, 0, 0, 0, "F10/^S", NULL, NULL, NULL, NULL, form_act_review},
    {K_HELP, 0, 0, 0, "F1", "Help", NULL, "help for the field", NULL, view_act_help},
    {K_CANCEL, K_ESC, 0, 0, "^C", "Quit", "Ctrl-C or Esc",
     "leave, asking first (keep or discard the draft); never submits", NULL, form_act_quit},
    /* After Quit: on a narrow key line, leaving stays in sight and the brief gives way. */
    {K_BRIEF, 0, 0, 0, "F2", "Brief", NULL,
     "in a drill: the scenario's brief over the form (Esc or F2 comes back, nothing typed is "
     "lost)",
     form_in_drill, form_act_brief},
    {K_PGDN, K_PGUP, 0, 0, "PgDn/PgUp", NULL, "Page Down, Page Up", "half a screen down or up",
     NULL, form_act_page},
    {'?', 0, 0, 0, "?", NULL, NULL, "outside a text field: help", form_on_not_text, view_act_help},
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
}

static const struct view_ops form_ops = {.draw = form_draw,
                                         .keymap = &form_keymap,
                                         .help = form_help,
                                         .settle = form_settle,
                                         .focus = form_focus_path,
                                         .destroy = form_destroy};

struct view *form_view_new(struct app *a)
{
    (void)a;
    struct form_view *f = view_new(sizeof *f, &form_ops);
    buf_init(&f->why);
    le_init(&f->ed);
    f->focus = R_PLAN;
    f->focus_idx = 0;
    return &f->v;
}
