/* Inside the full-screen form: the shared state, the view stack (each screen behind a small
   vtable), and the services screens use (flash messages, drafts, jobs, quitting). */
#ifndef TUI_APP_H
#define TUI_APP_H

#include <jansson.h>
#include <stdbool.h>

#include "forms/model.h"
#include "tui/curses.h"
#include "tui/draw.h"
#include "tui/input.h"
#include "session/jobs.h"
#include "session/session.h"
#include "tui/lineedit.h"
#include "session/plans.h"
#include "tui/tui.h"

/* The smallest terminal the form is drawn in; below it, "enlarge the window". */
#define APP_MIN_COLS  64
#define APP_MIN_LINES 16

/* Rows at the bottom for the help text (two lines when there is room) and the key line; views
   draw in rows [0, app_body_end()). */
static inline int app_footer(void)
{
    return LINES >= 20 ? 3 : 2;
}
static inline int app_body_end(void)
{
    return LINES - (LINES >= 20 ? 3 : 2);
}

struct app;
struct view;
struct keymap;

struct view_ops {
    bool overlay; /* drawn over the view below it */
    void (*draw)(struct app *a, struct view *v);
    /* The view's key table (tui/keymap.h): keys are dispatched and the key line written from it.
       A view whose keys are not a fixed table (a question built at run time) sets key and keys
       instead. */
    const struct keymap *keymap;
    void (*key)(struct app *a, struct view *v, const struct tkey *k);
    /* The key line's hints; returns how many. */
    size_t (*keys)(struct app *a, struct view *v, struct keyhint *out, size_t max);
    /* A job finished (optional): true when this view handled it, so that the views below are
       not offered it. The session has already applied it (session/session.h). */
    bool (*job)(struct app *a, struct view *v, const struct job_event *ev);
    /* The help line's text (optional; NULL = none). */
    const char *(*help)(struct app *a, struct view *v);
    /* After every key and job event (optional): bring the view's own state (focus, scroll) in
       line with the model. Drawing changes nothing; this is where such changes happen. */
    void (*settle)(struct app *a, struct view *v);
    /* Focus the field at a request path ("impact", "relatedItems[2]") (optional). */
    void (*focus)(struct app *a, struct view *v, const char *path);
    /* Release what the view owns (optional); the view itself is freed after (tui/view.h). */
    void (*destroy)(struct view *v);
};

struct view {
    const struct view_ops *ops;
    struct view *below;
    bool closing; /* app_close: leaves the stack once the event is handled */
};

struct app {
    const struct tui_config *cfg;
    struct session s; /* the declaration: model, plans, jobs, draft, outcome */
    bool quit;
    int status; /* the exit status when quitting */

    /* The help line: a message, or the focused field's help. */
    char *flash;
    attr_t flash_attr;
    char *notes;         /* lines printed after the terminal is restored (resent declarations) */
    char want_focus[96]; /* a field (request path) to focus once the event is handled */

    struct view *top;
    int cursor_y, cursor_x; /* -1: hide the cursor */
    int side_y, side_x;     /* a live count drawn beside ncurses (term_side_text) */
    char side_text[24];
    bool cursor_shown;
    /* A view's job to wait for besides the form's (the SSO sign-in): readable when it has news;
       while set, frames come at least once a second (a countdown). -1: none. */
    int wake_fd;
};

/* The form's life in steps: tui_run strings them together around its poll loop; the key-stream
   fuzzer drives them with no terminal and no network. */
void app_init(struct app *a, const struct tui_config *cfg);
/* The form, then the offers (journal, draft): what the first frame shows. */
void app_begin(struct app *a);
/* Start the jobs that answer its calls (after the first frame); the plan list is asked for.
   false when threads cannot be started. */
bool app_attach(struct app *a);
/* Draw one frame (only what changed reaches the terminal). */
void app_frame(struct app *a);
void app_key(struct app *a, const struct tkey *k);
/* After an event: hand a requested focus to the view on top, and let every view settle. */
void app_settle(struct app *a);
/* Hand every finished job's event to the screens. */
void app_drain_jobs(struct app *a);
void app_free(struct app *a);

/* View stack. */
void app_push(struct app *a, struct view *v);
void app_pop(struct app *a);
/* Release what a view owns (ops->destroy, when it has one), then the view; for one that never
   reached the stack too. */
void app_view_free(struct view *v);
/* Take v out of the stack, wherever it is, once the current event is handled (the base view
   is never closed). */
void app_close(struct app *a, struct view *v);

/* A message on the help line until the next key. */
void app_flash(struct app *a, attr_t attr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The model changed (draft saved soon). */
void app_changed(struct app *a);
void app_save_draft(struct app *a);
void app_quit(struct app *a, int status);
/* A line to print after the terminal is restored (for the scrollback). */
void app_note(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ask before leaving: keep the draft, discard it, or go back. */
void app_ask_quit(struct app *a);
/* Choose a plan (by ARN) and load its details. */
void app_choose_plan(struct app *a, const char *arn);
/* The plan's display label for an ARN ("" if unknown). */
const char *app_plan_label(struct app *a, const char *arn);
double app_now(void);

/* Once the current event is handled, focus the field at path on the view then on top (a screen
   that closes names the field the responder should meet next). */
void app_request_focus(struct app *a, const char *path);

/* Screens (each file defines one or two). */
struct view *form_view_new(struct app *a);

struct view *picker_view_new(struct app *a, const wchar_t *initial, size_t n);
/* Edit related item idx; idx == m.nitems adds a new one. */
struct view *item_view_new(struct app *a, size_t idx);
struct view *review_view_new(struct app *a, json_t *body);
/* Send body (a validated StartIncident request) and show how it goes. */
struct view *result_view_new(struct app *a, const json_t *body);
struct view *help_view_new(struct app *a, const char *field_help);
/* A drill's brief over the form (F2). */
struct view *brief_view_new(struct app *a);
/* No credentials: what was tried, and a way to type keys in (tui/creds_view.c). */
struct view *creds_view_new(struct app *a);
/* A role's MFA code (tui/creds_mfa.c): on JOB_NEED_MFA, the field that asks for it (pushed, or
   the one already up asked again with STS's reason); on JOB_READY, closed. */
void creds_mfa_ask(struct app *a, const struct job_event *ev);
void creds_mfa_done(struct app *a);
/* The profile's SSO session expired or is missing: sign in by device code (tui/sso_view.c). */
struct view *sso_view_new(struct app *a);
/* Offer the unanswered declarations in j (loaded with app_load_journal; the offer takes its
   entries, leaving j empty) to this endpoint, one by one: all but token's (the draft offer
   covers that one), or only token's (only). false when there are none (nothing pushed). */
struct journal;
bool unanswered_offer(struct app *a, struct journal *j, const char *token, bool only);
/* Read the journal (empty when missing); an unreadable one is said on the help line. */
void app_load_journal(struct app *a, struct journal *j);

/* A question with single-key answers. Each choice: key (a character or K_* code), its label on
   the key line, and what it does. */
struct dialog_choice {
    int key;
    const char *keyname;
    const char *label;
    void (*act)(struct app *a, void *ctx);
};
struct view *dialog_view_new(const char *title, const char *text,
                             const struct dialog_choice *choices, size_t n, void *ctx,
                             void (*free_ctx)(void *));

#endif
