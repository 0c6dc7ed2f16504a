/* The related-item editor, over the form: type, title, and exactly one value whose kinds are
   offered to fit the type (the others stay reachable: the service accepts any). Edits a copy;
   Save puts it into the form, Esc leaves the form as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "forms/fields.h"
#include "tui/app.h"
#include "tui/term.h"
#include "tui/view.h"

enum item_field {
    IF_TYPE,
    IF_TITLE,
    IF_KIND,
    IF_VALUE,
    IF_PD_ID,
    IF_PD_SECRET,
    IF_PD_AUTO,
    IF_SAVE
};

struct item_view {
    struct view v;
    size_t idx;
    bool is_new;
    struct model_item it, orig;
    enum item_field focus;
    struct lineedit ed;
    struct buf why;
};

static struct item_view *item_of(struct view *v)
{
    return (struct item_view *)v;
}

static bool item_same(const struct model_item *a, const struct model_item *b)
{
    return !strcmp(a->type, b->type) && !strcmp(a->title, b->title) && a->kind == b->kind &&
           !strcmp(a->value, b->value) && !strcmp(a->pd_id, b->pd_id) &&
           !strcmp(a->pd_secret_id, b->pd_secret_id) && a->pd_auto_resolve == b->pd_auto_resolve;
}

static char **item_slot(struct item_view *iv, enum item_field f)
{
    switch (f) {
    case IF_TITLE:
        return &iv->it.title;
    case IF_VALUE:
        return &iv->it.value;
    case IF_PD_ID:
        return &iv->it.pd_id;
    case IF_PD_SECRET:
        return &iv->it.pd_secret_id;
    default:
        return NULL;
    }
}

/* Each field's id in the field table; the value's depends on its kind. */
static const enum field_id item_ids[] = {
    [IF_TYPE] = FIELD_ID_ITEM_TYPE,
    [IF_TITLE] = FIELD_ID_ITEM_TITLE,
    [IF_KIND] = FIELD_ID_ITEM_VALUE,
    [IF_PD_ID] = FIELD_ID_PAGERDUTY_ID,
    [IF_PD_SECRET] = FIELD_ID_PAGERDUTY_SECRET_ID,
    [IF_PD_AUTO] = FIELD_ID_PAGERDUTY_AUTO_RESOLVE,
    [IF_SAVE] = FIELD_ID_ITEM,
};

/* A field's path (index 0: the table does not care which item). */
static void item_path(struct item_view *iv, enum item_field f, char *out, size_t n)
{
    if (f == IF_VALUE)
        model_item_value_path(0, &iv->it, out, n);
    else
        forms_field_path(item_ids[f], 0, out, n);
}

static const struct field_def *item_def(struct item_view *iv, enum item_field f)
{
    char path[128];
    item_path(iv, f, path, sizeof path);
    return forms_field(path);
}

static bool item_problem(struct item_view *iv, enum item_field f, struct buf *why)
{
    char path[128];
    buf_reset(why);
    item_path(iv, f, path, sizeof path);
    switch (f) {
    case IF_TYPE:
        return !model_check_text(path, iv->it.type, why);
    case IF_VALUE:
    case IF_PD_ID:
        if (!**item_slot(iv, f)) {
            buf_puts(why, "required");
            return true;
        }
        return !model_check_text(path, *item_slot(iv, f), why);
    case IF_PD_SECRET:
        return *iv->it.pd_secret_id && !model_check_text(path, iv->it.pd_secret_id, why);
    case IF_TITLE:
        return !model_check_text(path, iv->it.title, why);
    default:
        return false;
    }
}

static size_t item_fields(struct item_view *iv, enum item_field *out)
{
    size_t n = 0;
    out[n++] = IF_TYPE;
    out[n++] = IF_TITLE;
    out[n++] = IF_KIND;
    if (iv->it.kind == MODEL_KIND_PAGERDUTY) {
        out[n++] = IF_PD_ID;
        out[n++] = IF_PD_SECRET;
        out[n++] = IF_PD_AUTO;
    } else {
        out[n++] = IF_VALUE;
    }
    out[n++] = IF_SAVE;
    return n;
}

static void item_sync(struct item_view *iv)
{
    char **slot = item_slot(iv, iv->focus);
    if (!slot)
        return;
    char *text = le_get(&iv->ed);
    free(*slot);
    *slot = text;
}

static void item_focus(struct item_view *iv, enum item_field f)
{
    item_sync(iv);
    iv->focus = f;
    char **slot = item_slot(iv, f);
    if (slot)
        le_set(&iv->ed, *slot);
}

static void item_move(struct item_view *iv, int dir)
{
    enum item_field fs[8];
    size_t n = item_fields(iv, fs), at = 0;
    for (size_t i = 0; i < n; i++)
        if (fs[i] == iv->focus)
            at = i;
    if (dir > 0 && at + 1 < n)
        item_focus(iv, fs[at + 1]);
    else if (dir < 0 && at > 0)
        item_focus(iv, fs[at - 1]);
}

static const char *const *item_types(void)
{
    const struct field_def *f = forms_field("relatedItems[].identifier.type");
    static const char *const none[] = {NULL};
    return f && f->enum_values ? f->enum_values : none;
}

static void item_cycle_type(struct item_view *iv, int dir, int letter)
{
    const char *const *t = item_types();
    size_t n = 0, at = 0;
    while (t[n]) {
        if (!strcmp(t[n], iv->it.type))
            at = n;
        n++;
    }
    if (!n)
        return;
    size_t next = at;
    if (letter) {
        /* The next type starting with this letter, after the current one. */
        for (size_t k = 1; k <= n; k++) {
            size_t c = (at + k) % n;
            if ((t[c][0] | 0x20) == (letter | 0x20)) {
                next = c;
                break;
            }
        }
    } else {
        next = dir > 0 ? (at + 1) % n : (at + n - 1) % n;
    }
    model_set_item_type(&iv->it, t[next]);
    if (!*iv->it.value && !*iv->it.pd_id) {
        /* Nothing typed yet: offer the new type's best fit first. */
        enum model_kind order[MODEL_NKINDS];
        model_kinds_for_type(iv->it.type, order);
        iv->it.kind = order[0];
    }
}

static void item_cycle_kind(struct item_view *iv, int dir)
{
    enum model_kind order[MODEL_NKINDS];
    model_kinds_for_type(iv->it.type, order);
    size_t at = 0;
    for (size_t i = 0; i < MODEL_NKINDS; i++)
        if (order[i] == iv->it.kind)
            at = i;
    at = dir > 0 ? (at + 1) % MODEL_NKINDS : (at + MODEL_NKINDS - 1) % MODEL_NKINDS;
    iv->it.kind = order[at];
}

/* ---- drawing ---- */

#define ITEM_LABEL_W 25

/* The field table's label for a value kind ("URL", "ARN", "Metric", "PagerDuty incident"). */
static const char *item_kind_label(enum model_kind k)
{
    char path[96];
    snprintf(path, sizeof path, "relatedItems[].identifier.value.%s", model_kind_name(k));
    const struct field_def *f = forms_field(path);
    return f ? f->label : model_kind_name(k);
}

static void item_draw_kinds(struct item_view *iv, int y, int x, int w, bool focused)
{
    enum model_kind order[MODEL_NKINDS];
    size_t sug = model_kinds_for_type(iv->it.type, order);
    int col = 0;
    for (size_t i = 0; i < MODEL_NKINDS && col < w; i++) {
        if (i == sug && sug < MODEL_NKINDS)
            col += draw_text(y, x + col, w - col, "| also:", term_attr(TR_DIM)) + 1;
        bool chosen = order[i] == iv->it.kind;
        attr_t at = chosen     ? (focused ? term_attr(TR_FOCUS) : term_attr(TR_SELECT))
                    : i >= sug ? term_attr(TR_DIM)
                               : A_NORMAL;
        char opt[64];
        snprintf(opt, sizeof opt, chosen ? "[%s]" : "%s", item_kind_label(order[i]));
        col += draw_text(y, x + col, w - col, opt, at) + 1;
    }
}

static int item_draw_field(struct app *a, struct item_view *iv, enum item_field f, int y, int x,
                           int w)
{
    bool focused = iv->focus == f;
    const struct field_def *d = item_def(iv, f);
    const char *label = f == IF_KIND ? "Value is a" : d ? d->label : "";
    if (f == IF_SAVE) {
        if (focused)
            mvaddch(y, x - 1, '>' | term_attr(TR_LABEL));
        draw_text(y, x + ITEM_LABEL_W, w - ITEM_LABEL_W,
                  iv->is_new ? "[ Add this item ]" : "[ Save this item ]",
                  focused ? term_attr(TR_SELECT) : A_BOLD);
        return 1;
    }
    if (focused)
        mvaddch(y, x - 1, '>' | term_attr(TR_LABEL));
    draw_text(y, x, ITEM_LABEL_W - 1, label, focused ? term_attr(TR_LABEL) : A_NORMAL);
    int vx = x + ITEM_LABEL_W, vw = w - ITEM_LABEL_W;
    attr_t field = focused ? term_attr(TR_FOCUS) : term_attr(TR_FIELD);
    switch (f) {
    case IF_TYPE:
        draw_printf(y, vx, vw, field, "< %s >", *iv->it.type ? iv->it.type : "choose");
        draw_text(y, vx + draw_width(iv->it.type) + 5, vw - draw_width(iv->it.type) - 5,
                  "Left/Right, or its first letter", term_attr(TR_DIM));
        break;
    case IF_KIND:
        item_draw_kinds(iv, y, vx, vw, focused);
        break;
    case IF_PD_AUTO:
        draw_text(y, vx, vw, iv->it.pd_auto_resolve ? "[x] yes" : "[ ] no", field);
        break;
    default:
        if (focused) {
            a->cursor_x = le_draw(&iv->ed, stdscr, y, vx, vw, term_attr(TR_EDIT));
            a->cursor_y = y;
        } else {
            draw_fill(y, vx, vw, field);
            draw_text(y, vx, vw, *item_slot(iv, f), field);
        }
        break;
    }
    if (item_problem(iv, f, &iv->why) && (f != IF_VALUE || *iv->it.value || focused)) {
        char *msg = xasprintf("^ %s", buf_cstr(&iv->why));
        size_t starts[3], lens[3];
        size_t n = draw_wrap(msg, vw - 2, starts, lens, 3);
        for (size_t i = 0; i < n && i < 3; i++) {
            char *line = xstrndup(msg + starts[i], lens[i]);
            draw_text(y + 1 + (int)i, vx + (i ? 2 : 0), vw - (i ? 2 : 0), line,
                      term_attr(TR_ERROR));
            free(line);
        }
        free(msg);
        return 1 + (int)(n < 3 ? n : 3);
    }
    return 1;
}

static void item_draw(struct app *a, struct view *v)
{
    struct item_view *iv = (struct item_view *)v;
    item_sync(iv);
    enum item_field fs[8];
    size_t n = item_fields(iv, fs);
    int lines = (int)n + 1; /* the fields, and a blank line before the button */
    for (size_t i = 0; i < n; i++)
        if (item_problem(iv, fs[i], &iv->why))
            lines += 3; /* room for a message of up to three lines */
    int h = lines + 2, w = COLS - 2;
    if (h > app_body_end() - 1)
        h = app_body_end() - 1;
    int top = 1, left = 1;
    for (int y = top; y < top + h; y++)
        draw_fill(y, 0, COLS, A_NORMAL);
    char title[64];
    if (iv->is_new)
        snprintf(title, sizeof title, "New related item");
    else
        snprintf(title, sizeof title, "Related item %zu", iv->idx + 1);
    draw_box(top, left, h, w, title);
    int y = top + 1, x = left + 3, iw = w - 6;
    for (size_t i = 0; i < n && y < top + h - 1; i++) {
        if (fs[i] == IF_SAVE)
            y++;
        y += item_draw_field(a, iv, fs[i], y, x, iw);
    }
}

/* ---- keys ---- */

static void item_discard_yes(struct app *a, void *ctx)
{
    (void)ctx;
    app_pop(a); /* the question */
    app_pop(a); /* the editor */
}

static void item_discard_no(struct app *a, void *ctx)
{
    (void)ctx;
    app_pop(a);
}

/* F10, or Enter on the button: into the form, once every field passes. */
static void item_act_save(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct item_view *iv = item_of(v);
    item_sync(iv);
    enum item_field fs[8];
    size_t n = item_fields(iv, fs);
    for (size_t i = 0; i < n; i++) {
        if (item_problem(iv, fs[i], &iv->why)) {
            const struct field_def *d = item_def(iv, fs[i]);
            app_flash(a, term_attr(TR_ERROR), "Not yet: %s: %s", d ? d->label : "item",
                      buf_cstr(&iv->why));
            item_focus(iv, fs[i]);
            return;
        }
    }
    size_t idx = iv->idx;
    if (iv->is_new) {
        int i = model_add_item(&a->s.m, iv->it.type);
        if (i < 0) {
            app_flash(a, term_attr(TR_ERROR), "The service takes at most %zu related items.",
                      model_max_items());
            return;
        }
        idx = (size_t)i;
    }
    model_item_free(&a->s.m.items[idx]);
    model_item_copy(&a->s.m.items[idx], &iv->it);
    app_changed(a);
    app_pop(a); /* iv is gone from here on */
    app_save_draft(a);
    char path[48];
    snprintf(path, sizeof path, "relatedItems[%zu]", idx);
    app_request_focus(a, path);
}

static void item_act_leave(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct item_view *iv = item_of(v);
    item_sync(iv);
    if (item_same(&iv->it, &iv->orig)) {
        app_pop(a);
        return;
    }
    static const struct dialog_choice choices[] = {
        {'y', "y", "Discard the changes", item_discard_yes},
        {'n', "n/Esc", "Keep editing", item_discard_no},
    };
    app_push(a, dialog_view_new("Leave the item?", "Discard the changes to this item?", choices, 2,
                                NULL, NULL));
}

#define ITEM_ON(name, cond) VIEW_WHEN(item_on_##name, struct item_view, cond)
ITEM_ON(type, self->focus == IF_TYPE)
ITEM_ON(kind, self->focus == IF_KIND)
ITEM_ON(auto, self->focus == IF_PD_AUTO)
ITEM_ON(save, self->focus == IF_SAVE)
ITEM_ON(new, self->is_new)
ITEM_ON(old, !self->is_new)
ITEM_ON(text,
        !item_on_type(a, v) && !item_on_kind(a, v) && !item_on_auto(a, v) && !item_on_save(a, v))
ITEM_ON(choice, item_on_type(a, v) || item_on_kind(a, v) || item_on_save(a, v))
#undef ITEM_ON

static void item_act_move(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    item_move(item_of(v), input_dir(k->key));
}

static void item_act_quit(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    item_sync(item_of(v));
    app_ask_quit(a);
}

static void item_act_help(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    const struct field_def *d = item_def(item_of(v), item_of(v)->focus);
    app_push(a, help_view_new(a, d ? d->help : NULL));
}

/* ? outside the text fields: the field's help; on the button, the keys alone. */
static void item_act_ask(struct app *a, struct view *v, const struct tkey *k)
{
    struct item_view *iv = item_of(v);
    if (iv->focus == IF_SAVE)
        app_push(a, help_view_new(a, NULL));
    else
        item_act_help(a, v, k);
}

static void item_act_type(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    if (k->key == K_LEFT || k->key == K_RIGHT || k->key == ' ')
        item_cycle_type(item_of(v), input_dir(k->key), 0);
    else
        item_cycle_type(item_of(v), 0, k->key);
}

static void item_act_kind(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    item_cycle_kind(item_of(v), input_dir(k->key));
}

static void item_act_toggle(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a, (void)k;
    item_of(v)->it.pd_auto_resolve = !item_of(v)->it.pd_auto_resolve;
}

static void item_act_edit(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    struct item_view *iv = item_of(v);
    if (k->key == K_PASTE)
        le_insert(&iv->ed, k->text, k->ntext);
    else
        le_key(&iv->ed, k->key);
}

/* Table order is the key line's order, and the first row that applies takes the key. */
static const struct keymap_row item_rows[] = {
    {K_LEFT, K_RIGHT, ' ', 0, "Left/Right", "Change", "Left, Right or Space",
     "on Type: the previous or next type", item_on_type, item_act_type},
    {K_LEFT, K_RIGHT, ' ', 0, "Left/Right", "Change", "Left, Right or Space",
     "on Value is a: the previous or next kind of value", item_on_kind, item_act_kind},
    {' ', K_LEFT, K_RIGHT, 0, "Space", "Toggle", "Space, Left, Right or Enter",
     "on Resolve in PagerDuty too: yes or no", item_on_auto, item_act_toggle},
    {K_TAB, K_DOWN, 0, 0, "Tab", "Next", "Tab or Down", "next field", NULL, item_act_move},
    {K_BTAB, K_UP, 0, 0, "S-Tab", "Back", "Shift-Tab or Up", "previous field", NULL, item_act_move},
    {K_SUBMIT, 0, 0, 0, "F10/^S", "Add", "F10 or Ctrl-S",
     "put the item into the form (Add for a new item, Save for one edited)", item_on_new,
     item_act_save},
    {K_SUBMIT, 0, 0, 0, "F10/^S", "Save", NULL, NULL, item_on_old, item_act_save},
    {K_ESC, 0, 0, 0, "Esc", "Cancel", NULL,
     "back to the form, unchanged (asks first if you changed something)", NULL, item_act_leave},
    {K_HELP, 0, 0, 0, "F1", "Help", NULL, "help for the field", NULL, item_act_help},
    {K_CANCEL, 0, 0, 0, "^C", NULL, "Ctrl-C", "leave klaxon, asking first", NULL, item_act_quit},
    {K_ENTER, 0, 0, 0, "Enter", NULL, NULL, "on the Add or Save button: as F10", item_on_save,
     item_act_save},
    {K_ENTER, 0, 0, 0, "Enter", NULL, NULL, NULL, item_on_auto, item_act_toggle},
    {K_ENTER, 0, 0, 0, "Enter", NULL, NULL, "in a field: the next field", NULL, item_act_move},
    {'a', 0, 0, 'z', "a-z", NULL, "a letter",
     "on Type: the next type starting with it (again: the one after that)", item_on_type,
     item_act_type},
    {'A', 0, 0, 'Z', "A-Z", NULL, NULL, NULL, item_on_type, item_act_type},
    {'?', 0, 0, 0, "?", NULL, NULL, "on Type, Value is a or the button: help", item_on_choice,
     item_act_ask},
    {KM_ANY, 0, 0, 0, "Type", NULL, "the line editor's keys", "in a text field: edit it",
     item_on_text, item_act_edit},
};

const struct keymap item_keymap =
    KEYMAP("The related item editor", "Over the form, after Enter on Related items or an item.",
           item_rows);

static const char *item_help(struct app *a, struct view *v)
{
    (void)a;
    struct item_view *iv = (struct item_view *)v;
    if (iv->focus == IF_SAVE)
        return "Puts the item into the form; nothing is sent yet.";
    const struct field_def *d = item_def(iv, iv->focus);
    return d ? d->help : NULL;
}

static void item_destroy(struct view *v)
{
    struct item_view *iv = (struct item_view *)v;
    model_item_free(&iv->it);
    model_item_free(&iv->orig);
    le_free(&iv->ed);
    buf_free(&iv->why);
}

static const struct view_ops item_ops = {.overlay = true,
                                         .draw = item_draw,
                                         .keymap = &item_keymap,
                                         .help = item_help,
                                         .destroy = item_destroy};

struct view *item_view_new(struct app *a, size_t idx)
{
    struct item_view *iv = view_new(sizeof *iv, &item_ops);
    iv->idx = idx;
    iv->is_new = idx >= a->s.m.nitems;
    le_init(&iv->ed);
    buf_init(&iv->why);
    if (iv->is_new) {
        struct model_item blank = {
            .type = "", .title = "", .value = "", .pd_id = "", .pd_secret_id = ""};
        model_item_copy(&iv->it, &blank);
        model_set_item_type(&iv->it, "OTHER"); /* a link: what a responder adds most */
        enum model_kind order[MODEL_NKINDS];
        model_kinds_for_type(iv->it.type, order);
        iv->it.kind = order[0];
    } else {
        model_item_copy(&iv->it, &a->s.m.items[idx]);
    }
    model_item_copy(&iv->orig, &iv->it);
    iv->focus = IF_TYPE;
    return &iv->v;
}
