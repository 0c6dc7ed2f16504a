/* The full-screen front end's core: the view stack, the help line, one minimal redraw per batch
   of input, and keys handed to the view on top. It knows no screen by name. */
#include "tui/app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/status.h"
#include "core/xalloc.h"
#include "forms/draft.h"
#include "session/drill.h"
#include "tui/keymap.h"
#include "tui/term.h"

double app_now(void)
{
    return session_now();
}

void app_push(struct app *a, struct view *v)
{
    v->below = a->top;
    a->top = v;
}

void app_view_free(struct view *v)
{
    if (v->ops->destroy)
        v->ops->destroy(v);
    free(v);
}

void app_pop(struct app *a)
{
    struct view *v = a->top;
    if (!v || !v->below)
        return; /* the form itself is never popped */
    a->top = v->below;
    app_view_free(v);
}

void app_close(struct app *a, struct view *v)
{
    (void)a;
    if (v->below)
        v->closing = true;
}

/* Out of the stack with the views that asked to close. */
static void app_remove_closing(struct app *a)
{
    for (struct view **pp = &a->top; *pp && (*pp)->below;) {
        struct view *v = *pp;
        if (v->closing) {
            *pp = v->below;
            app_view_free(v);
        } else {
            pp = &v->below;
        }
    }
}

void app_flash(struct app *a, attr_t attr, const char *fmt, ...)
{
    /* xvreplacef formats before the old message goes: an argument may be that message. */
    va_list ap;
    va_start(ap, fmt);
    xvreplacef(&a->flash, fmt, ap);
    va_end(ap);
    a->flash_attr = attr;
}

void app_changed(struct app *a)
{
    session_changed(&a->s);
}

void app_save_draft(struct app *a)
{
    struct buf err = BUF_INIT;
    if (session_save_draft(&a->s, &err))
        app_flash(a, term_attr(TR_ERROR), "The draft cannot be saved: %s", buf_cstr(&err));
    buf_free(&err);
}

void app_note(struct app *a, const char *fmt, ...)
{
    va_list ap;
    struct buf b = BUF_INIT;
    if (a->notes)
        buf_printf(&b, "%s\nklaxon: ", a->notes);
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    free(a->notes);
    a->notes = buf_steal(&b);
}

void app_quit(struct app *a, int status)
{
    a->quit = true;
    a->status = status;
}

const char *app_plan_label(struct app *a, const char *arn)
{
    return session_plan_label(&a->s, arn);
}

void app_choose_plan(struct app *a, const char *arn)
{
    session_choose_plan(&a->s, arn);
}

static void app_draw_view(struct app *a, struct view *v)
{
    if (v->ops->overlay && v->below)
        app_draw_view(a, v->below);
    v->ops->draw(a, v);
}

static void app_draw_too_small(void)
{
    char msg[160];
    snprintf(msg, sizeof msg,
             "Enlarge the window: klaxon needs at least %dx%d (now %dx%d). Ctrl-C quits and "
             "keeps the draft.",
             APP_MIN_COLS, APP_MIN_LINES, COLS, LINES);
    draw_lines(0, 0, COLS, msg, A_BOLD, LINES < 16 ? LINES : 16);
}

void app_frame(struct app *a)
{
    erase();
    a->cursor_y = -1;
    a->side_text[0] = '\0';
    if (COLS < APP_MIN_COLS || LINES < APP_MIN_LINES) {
        app_draw_too_small();
    } else {
        app_draw_view(a, a->top);
        const char *help = a->flash;
        attr_t attr = a->flash_attr;
        if (!help && a->top->ops->help) {
            help = a->top->ops->help(a, a->top);
            attr = term_attr(TR_DIM);
        }
        int hy = app_body_end(), hn = LINES - 1 - hy;
        for (int y = hy; y < LINES - 1; y++)
            draw_fill(y, 0, COLS, A_NORMAL);
        if (help) {
            size_t starts[3], lens[3];
            size_t n = draw_wrap(help, COLS - 2, starts, lens, 3);
            for (int i = 0; i < hn && (size_t)i < n && i < 3; i++) {
                char *line = xstrndup(help + starts[i], lens[i]);
                /* The last line shows what is left, clipped. */
                draw_text(hy + i, 1, COLS - 2, i == hn - 1 ? help + starts[i] : line, attr);
                free(line);
            }
        }
        struct keyhint hints[16];
        size_t n = a->top->ops->keymap ? keymap_hints(a->top->ops->keymap, a, a->top, hints, 16)
                                       : a->top->ops->keys(a, a->top, hints, 16);
        draw_keyline(LINES - 1, hints, n);
    }
    bool show = a->cursor_y >= 0;
    if (show != a->cursor_shown) {
        curs_set(show ? 1 : 0);
        a->cursor_shown = show;
    }
    if (show)
        move(a->cursor_y, a->cursor_x);
    else
        move(LINES - 1, COLS - 1); /* where a cursor that cannot be hidden harms least */
    bool side = show && a->side_text[0] && a->side_y == a->cursor_y &&
                term_side_text(a->side_y, a->side_x, a->side_text);
    wnoutrefresh(stdscr);
    doupdate();
    if (side)
        term_side_flush();
    term_frame_done();
}

void app_request_focus(struct app *a, const char *path)
{
    snprintf(a->want_focus, sizeof a->want_focus, "%s", path);
}

/* After an event: a focus asked for goes to the view now on top, then every view settles. */
void app_settle(struct app *a)
{
    app_remove_closing(a);
    if (a->want_focus[0] && a->top && a->top->ops->focus)
        a->top->ops->focus(a, a->top, a->want_focus);
    a->want_focus[0] = '\0';
    for (struct view *v = a->top; v; v = v->below)
        if (v->ops->settle)
            v->ops->settle(a, v);
}

static void app_key_dispatch(struct app *a, const struct tkey *k)
{
    if (k->key != K_RESIZE) {
        free(a->flash);
        a->flash = NULL;
    }
    if (k->key == K_RESIZE)
        return; /* the next frame lays out for the new size */
    if (k->key == K_REDRAW) {
        clearok(curscr, TRUE);
        return;
    }
    if (k->key == K_SUSPEND) {
        app_flash(a, term_attr(TR_DIM),
                  "Ctrl-Z does nothing here: Ctrl-C quits (the draft is kept).");
        return;
    }
    if (COLS < APP_MIN_COLS || LINES < APP_MIN_LINES) {
        if (k->key == K_CANCEL) {
            app_save_draft(a);
            app_quit(a, a->s.last_failure ? a->s.last_failure : KLX_CANCELLED);
        }
        return;
    }
    if (a->top->ops->keymap)
        keymap_dispatch(a->top->ops->keymap, a, a->top, k);
    else
        a->top->ops->key(a, a->top, k);
}

void app_key(struct app *a, const struct tkey *k)
{
    /* A drill counts every key the trainee presses on any screen (a paste is one); a resize is
       the window's doing, not a key. */
    if (a->s.cfg && a->s.cfg->drill && k->key != K_RESIZE) /* the board has no session */
        drill_count_keys(a->s.cfg->drill, 1);
    app_key_dispatch(a, k);
    app_settle(a);
}

void app_free(struct app *a)
{
    while (a->top && a->top->below)
        app_pop(a);
    if (a->top)
        app_view_free(a->top);
    session_free(&a->s);
    free(a->flash);
    free(a->notes);
    input_free();
}

void app_init(struct app *a, const struct tui_config *cfg)
{
    memset(a, 0, sizeof *a);
    a->cfg = cfg;
    a->status = KLX_CANCELLED;
    a->wake_fd = -1;
    session_init(&a->s, &cfg->session);
}
