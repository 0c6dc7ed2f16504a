/* `klaxon drill --board URL`: the trainer's live board, a view with its own key table. One row
   per trainee, those who need the trainer first (lost, quit, declared twice, low score) marked
   "!" and in red; s cycles the sort, Enter shows a trainee's points, q quits. The room is read
   by session/room_watch on its own thread; this file only shows it. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/printable.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "session/room_watch.h"
#include "tui/app.h"
#include "tui/board.h"
#include "tui/term.h"
#include "tui/view.h"

enum board_sort { SORT_ATTENTION, SORT_NAME, SORT_SCORE, SORT_TIME, SORT_COUNT };
static const char *const board_sort_names[SORT_COUNT] = {"who needs you", "name", "score",
                                                         "time"};

struct board_view {
    struct view v;
    const struct board_config *cfg;
    struct room_view room;
    size_t *order; /* indices into room.state.trainees, sorted */
    enum board_sort sort;
    size_t sel;     /* position in order */
    char *detail;   /* the trainee id whose points are shown, or NULL: the list */
    bool have_room; /* room holds a view (room_watch_get ran) */
};

/* ---- sorting ---- */

static const struct board_view *board_sorting; /* qsort has no context argument */

static const char *board_name(const struct room_trainee *t)
{
    return t->name ? t->name : t->trainee;
}

static int board_cmp_name(const struct room_trainee *a, const struct room_trainee *b)
{
    return strcmp(board_name(a), board_name(b));
}

static int board_cmp(const void *pa, const void *pb)
{
    const struct room_trainee *a = &board_sorting->room.state.trainees[*(const size_t *)pa];
    const struct room_trainee *b = &board_sorting->room.state.trainees[*(const size_t *)pb];
    int d = 0;
    switch (board_sorting->sort) {
    case SORT_ATTENTION:
        d = (int)room_trainee_needs_trainer(b) - (int)room_trainee_needs_trainer(a);
        break;
    case SORT_SCORE:
        d = (b->score > a->score) - (b->score < a->score);
        break;
    case SORT_TIME:
        d = (a->seconds > b->seconds) - (a->seconds < b->seconds);
        break;
    default:
        break;
    }
    return d ? d : board_cmp_name(a, b);
}

static void board_resort(struct board_view *b)
{
    size_t n = b->room.state.n;
    free(b->order);
    b->order = n ? xcalloc(n, sizeof *b->order) : NULL;
    for (size_t i = 0; i < n; i++)
        b->order[i] = i;
    board_sorting = b;
    if (n)
        qsort(b->order, n, sizeof *b->order, board_cmp);
    board_sorting = NULL;
    if (b->sel >= n)
        b->sel = n ? n - 1 : 0;
}

static const struct room_trainee *board_selected(const struct board_view *b)
{
    return b->room.state.n ? &b->room.state.trainees[b->order[b->sel]] : NULL;
}

static const struct room_trainee *board_detail(const struct board_view *b)
{
    for (size_t i = 0; b->detail && i < b->room.state.n; i++)
        if (strcmp(b->room.state.trainees[i].trainee, b->detail) == 0)
            return &b->room.state.trainees[i];
    return NULL;
}

/* ---- drawing ---- */

/* Outside text drawn escaped, clipped to w columns. */
static void board_text(int y, int x, int w, const char *s, attr_t a)
{
    char *safe = printable_dup(s ? s : "-");
    draw_text(y, x, w, safe, a);
    free(safe);
}

static void board_title(const struct board_view *b)
{
    draw_fill(0, 0, COLS, term_attr(TR_BAR));
    char *url = printable_dup(b->cfg->url);
    draw_printf(0, 1, COLS - 2, term_attr(TR_BAR), "Drill room %s  %zu trainee%s  sorted by %s",
                url, b->room.state.n, b->room.state.n == 1 ? "" : "s", board_sort_names[b->sort]);
    free(url);
    if (!b->have_room || (!b->room.have_state && !b->room.retrying))
        draw_text(1, 1, COLS - 2, "Asking the room...", term_attr(TR_DIM));
    else if (b->room.retrying)
        draw_printf(1, 1, COLS - 2, term_attr(TR_ERROR), "RETRYING: %s (last good state shown)",
                    b->room.why);
}

static void board_row(const struct board_view *b, int y, const struct room_trainee *t, bool sel)
{
    bool alert = room_trainee_needs_trainer(t);
    attr_t a = sel ? term_attr(TR_SELECT) : alert ? term_attr(TR_ERROR) : A_NORMAL;
    char score[40] = "-", took[32];
    if (room_trainee_scored(t) && t->max >= 0)
        snprintf(score, sizeof score, "%ld/%ld", t->score, t->max);
    room_seconds_text(t->seconds, took, sizeof took);
    draw_fill(y, 0, COLS, a);
    draw_text(y, 1, 1, alert ? "!" : " ", a);
    board_text(y, 3, 20, board_name(t), a);
    board_text(y, 24, 22, t->scenario, a);
    draw_text(y, 47, 15, room_trainee_status_text(t), a);
    draw_printf(y, 63, 7, a, "%7s", score);
    draw_printf(y, 71, COLS - 72, a, "%7s", took);
    (void)b;
}

static void board_list(const struct board_view *b)
{
    attr_t h = term_attr(TR_DIM);
    draw_text(2, 3, 20, "NAME", h);
    draw_text(2, 24, 22, "SCENARIO", h);
    draw_text(2, 47, 15, "STATUS", h);
    draw_text(2, 63, 7, "  SCORE", h);
    draw_text(2, 71, COLS - 72, "   TIME", h);
    int rows = app_body_end() - 3;
    if (b->room.state.n == 0)
        draw_text(3, 3, COLS - 4, "No trainee has joined yet: klaxon drill --join URL --name NAME",
                  term_attr(TR_DIM));
    size_t top = b->sel >= (size_t)rows ? b->sel - (size_t)rows + 1 : 0;
    for (int i = 0; i < rows && top + (size_t)i < b->room.state.n; i++) {
        size_t at = top + (size_t)i;
        board_row(b, 3 + i, &b->room.state.trainees[b->order[at]], at == b->sel);
    }
}

static void board_points(const struct board_view *b, const struct room_trainee *t)
{
    char head[256];
    char *name = printable_dup(board_name(t)), *sc = printable_dup(t->scenario ? t->scenario : "-");
    snprintf(head, sizeof head, "%s on %s: %s", name, sc, room_trainee_status_text(t));
    free(name);
    free(sc);
    draw_text(3, 1, COLS - 2, head, A_BOLD);
    if (t->npoints == 0)
        draw_text(5, 3, COLS - 4, "No points yet: the card comes with the declaration.",
                  term_attr(TR_DIM));
    int y = 5, end = app_body_end();
    for (size_t i = 0; i < t->npoints && y < end; i++) {
        const struct room_point *p = &t->points[i];
        attr_t a = p->ok ? term_attr(TR_OK) : term_attr(TR_ERROR);
        draw_text(y, 3, 6, p->ok ? "[ok]" : "[lost]", a);
        board_text(y, 10, 14, p->rule, a);
        char *why = printable_dup(p->reason ? p->reason : "");
        y += draw_lines(y, 25, COLS - 26, why, A_NORMAL, end - y);
        free(why);
    }
    (void)b;
}

static void board_draw(struct app *a, struct view *v)
{
    (void)a;
    struct board_view *b = (struct board_view *)v;
    board_title(b);
    const struct room_trainee *t = board_detail(b);
    if (t)
        board_points(b, t);
    else
        board_list(b);
}

static const char *board_help(struct app *a, struct view *v)
{
    (void)a;
    const struct board_view *b = (const struct board_view *)v;
    if (b->detail)
        return "The points this trainee won and lost, with the scenario's reasons.";
    return "! marks who needs you first: lost, quit, declared twice, or under half marks.";
}

/* ---- keys ---- */

static void board_act_move(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    struct board_view *b = (struct board_view *)v;
    size_t n = b->room.state.n;
    if (k->key == K_UP && b->sel > 0)
        b->sel--;
    else if (k->key == K_DOWN && b->sel + 1 < n)
        b->sel++;
}

static void board_act_sort(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a, (void)k;
    struct board_view *b = (struct board_view *)v;
    const struct room_trainee *t = board_selected(b);
    char *keep = t ? xstrdup(t->trainee) : NULL;
    b->sort = (b->sort + 1) % SORT_COUNT;
    board_resort(b);
    for (size_t i = 0; keep && i < b->room.state.n; i++)
        if (strcmp(b->room.state.trainees[b->order[i]].trainee, keep) == 0)
            b->sel = i; /* the same trainee stays selected */
    free(keep);
}

static void board_act_points(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a, (void)k;
    struct board_view *b = (struct board_view *)v;
    const struct room_trainee *t = board_selected(b);
    if (t)
        b->detail = xstrdup(t->trainee);
}

static void board_act_back(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a, (void)k;
    struct board_view *b = (struct board_view *)v;
    free(b->detail);
    b->detail = NULL;
}

static void board_act_quit(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_quit(a, KLX_OK);
}

VIEW_WHEN(board_listing, struct board_view, !self->detail)
VIEW_WHEN(board_detailing, struct board_view, self->detail != NULL)

static const struct keymap_row board_rows[] = {
    {K_UP, K_DOWN, 0, 0, "Up/Down", "Move", NULL, "choose a trainee", board_listing,
     board_act_move},
    {K_ENTER, 0, 0, 0, "Enter", "Points", NULL, "the chosen trainee's points, with the reasons",
     board_listing, board_act_points},
    {'s', 0, 0, 0, "s", "Sort", NULL,
     "sort by who needs you first (lost, quit, declared twice, low score), name, score or time",
     board_listing, board_act_sort},
    {K_ESC, K_ENTER, 0, 0, "Esc", "Back", "Esc or Enter", "back from a trainee's points to the board",
     board_detailing, board_act_back},
    {'q', K_CANCEL, 0, 0, "q", "Quit", "q or Ctrl-C", "leave the board (the room goes on)", NULL,
     board_act_quit},
};
const struct keymap board_keymap =
    KEYMAP("The drill room board (klaxon drill --board)", "Refreshed every second from the room.",
           board_rows);

static void board_destroy(struct view *v)
{
    struct board_view *b = (struct board_view *)v;
    room_view_free(&b->room);
    free(b->order);
    free(b->detail);
}

static const struct view_ops board_ops = {
    .draw = board_draw, .keymap = &board_keymap, .help = board_help, .destroy = board_destroy};

/* ---- the loop ---- */

/* The newest view of the room, with the selection kept on the same trainee. */
static void board_refresh(struct board_view *b, struct room_watch *w)
{
    const struct room_trainee *t = board_selected(b);
    char *keep = t ? xstrdup(t->trainee) : NULL;
    if (b->have_room)
        room_view_free(&b->room);
    room_watch_get(w, &b->room);
    b->have_room = true;
    board_resort(b);
    for (size_t i = 0; keep && i < b->room.state.n; i++)
        if (strcmp(b->room.state.trainees[b->order[i]].trainee, keep) == 0)
            b->sel = i;
    free(keep);
}

static void board_loop(struct app *a, struct board_view *b, struct room_watch *w)
{
    while (!a->quit) {
        app_frame(a);
        struct pollfd p[3] = {{.fd = 0, .events = POLLIN},
                              {.fd = term_signal_fd(), .events = POLLIN},
                              {.fd = room_watch_fd(w), .events = POLLIN}};
        int r = poll(p, 3, -1);
        if (term_stop_signal() || (r < 0 && errno != EINTR))
            break;
        if (r > 0 && (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) && !(p[0].revents & POLLIN))
            break; /* the terminal went away */
        if (r > 0 && p[2].revents)
            board_refresh(b, w);
        struct tkey k;
        while (!a->quit && input_next(&k)) {
            if (k.key == K_CANCEL)
                app_quit(a, KLX_OK); /* the form's too-small screen would save a draft */
            else
                app_key(a, &k);
        }
    }
}

bool board_run(const struct board_config *c, int *status, const char **why)
{
    struct room_watch_options o = {.url = c->url, .ca_bundle = c->ca_bundle,
                                   .interval = c->interval};
    struct buf err = BUF_INIT;
    struct room_watch *w = room_watch_start(&o, &err);
    if (!w) {
        fprintf(stderr, "klaxon drill: --board: %s\n", buf_cstr(&err));
        buf_free(&err);
        *status = KLX_USAGE;
        return true;
    }
    buf_free(&err);
    if (!term_start(c->no_color, why)) {
        room_watch_stop(w);
        return false;
    }
    /* The board borrows the form's frame (title, help line, key line, too-small notice) and
       key dispatch; it has no declaration, so the app's session is never started. */
    struct app a;
    memset(&a, 0, sizeof a);
    struct board_view *b = view_new(sizeof *b, &board_ops);
    b->cfg = c;
    a.top = &b->v;
    board_loop(&a, b, w);
    int sig = term_stop_signal();
    term_stop();
    room_watch_stop(w);
    app_view_free(&b->v);
    free(a.flash);
    input_free();
    if (sig)
        term_die_of(sig);
    *status = KLX_OK;
    return true;
}
