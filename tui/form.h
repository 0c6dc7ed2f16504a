/* The form's own parts, shared by its three files (form_view.c: the page's rows, focus and
   settling; form_draw.c: drawing; form_keys.c: the key table, what each key does, and the
   view's ops). Private to them: other screens know the form only by form_view_new (tui/app.h). */
#ifndef TUI_FORM_H
#define TUI_FORM_H

#include <stdbool.h>

#include "core/buf.h"
#include "forms/fields.h"
#include "tui/app.h"
#include "tui/keymap.h"

#define FORM_LABEL_X  2
#define FORM_VALUE_X  18
#define FORM_MAX_INFO 6

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

/* The form view: the page and its own state (focus, scroll, editor). */
struct form_view {
    struct view v;
    enum row_kind focus;
    int focus_idx;
    int scroll;
    struct lineedit ed;
    bool editing;           /* the focused row is a text field, in the editor */
    enum field_id ed_field; /* which one */
    bool title_fresh;       /* the title is the plan's default, untouched: typing replaces it */
    struct row *rows;
    size_t nrows, caprows;
    char *info[FORM_MAX_INFO];
    attr_t info_attr[FORM_MAX_INFO];
    size_t ninfo;
    struct buf why; /* scratch for validation messages */
};

/* A row's problem message takes up to this many lines under it. */
#define FORM_MSG_LINES 3

extern const struct keymap form_keymap;

void form_draw(struct app *a, struct view *v);
void form_focus(struct app *a, enum row_kind kind, int idx);
const char *form_help_text(struct app *a);
bool form_is_text(enum row_kind k);
const char *form_label(enum row_kind k);
void form_layout(struct app *a, struct form_view *f);
void form_move(struct app *a, int dir, int steps);
size_t form_msg_wrap(struct app *a, struct form_view *f, const struct row *r, size_t *starts,
                     size_t *lens, char **text);
struct form_view *form_of(struct app *a);
enum field_id form_row_field(enum row_kind kind);
void form_submit(struct app *a);
void form_sync_editor(struct app *a);
int form_top(void);
void form_settle(struct app *a, struct view *v);
/* Focus the row a request path belongs to (a problem's, or one another screen asks for). */
void form_focus_path(struct app *a, struct view *v, const char *path);

#endif
