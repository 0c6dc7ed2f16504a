/* The board for screen readers and logs: one line for each change in the room (a trainee
   joining, declaring, quitting, lost or back, the room unreachable or back), nothing else. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/printable.h"
#include "core/status.h"
#include "session/room_watch.h"
#include "tui/board.h"

static volatile sig_atomic_t board_plain_stop;

static void board_plain_on_signal(int sig)
{
    board_plain_stop = sig;
}

static const struct room_trainee *board_find(const struct room_state *st, const char *id)
{
    for (size_t i = 0; st && i < st->n; i++)
        if (strcmp(st->trainees[i].trainee, id) == 0)
            return &st->trainees[i];
    return NULL;
}

static void board_who(struct buf *out, const struct room_trainee *t)
{
    printable_append(out, t->name ? t->name : t->trainee,
                     strlen(t->name ? t->name : t->trainee), PRINTABLE_TEXT);
}

/* The line for one trainee whose state differs from before (was NULL: new). */
static void board_trainee_change(const struct room_trainee *was, const struct room_trainee *t,
                                 struct buf *out)
{
    bool status_same = was && was->status == t->status;
    bool decl_same = was && was->declarations == t->declarations;
    bool score_same = was && was->score == t->score;
    if (status_same && decl_same && score_same)
        return;
    board_who(out, t);
    char took[32], score[48] = "";
    room_seconds_text(t->seconds, took, sizeof took);
    if (t->score >= 0 && t->max >= 0)
        snprintf(score, sizeof score, ", score %ld/%ld", t->score, t->max);
    if (!was) {
        buf_puts(out, " joined: ");
        printable_append(out, t->scenario ? t->scenario : "-",
                         strlen(t->scenario ? t->scenario : "-"), PRINTABLE_TEXT);
        if (t->status != ROOM_ACTIVE)
            buf_printf(out, " (%s)", room_trainee_status_text(t));
    } else if (t->declarations >= 2 && !decl_same) {
        buf_printf(out, " DECLARED AGAIN: %ld incidents%s", t->declarations, score);
    } else if (t->status == ROOM_DECLARED && !status_same) {
        buf_printf(out, " declared in %s%s", took, score);
    } else if (was->status == ROOM_LOST && t->status != ROOM_LOST) {
        buf_printf(out, " is back (%s)", room_trainee_status_text(t));
    } else if (t->status == ROOM_LOST) {
        buf_puts(out, " LOST: no word from their klaxon");
    } else if (t->status == ROOM_QUIT) {
        buf_puts(out, " QUIT without declaring");
    } else {
        buf_printf(out, " %s%s", room_trainee_status_text(t), score);
    }
    if (room_trainee_needs_trainer(t))
        buf_puts(out, " [needs you]");
    buf_putc(out, '\n');
}

void board_changes(const struct room_view *old, const struct room_view *now, struct buf *out)
{
    bool was_retrying = old && old->retrying;
    if (now->retrying && (!was_retrying || strcmp(old->why, now->why) != 0)) {
        buf_puts(out, "RETRYING: ");
        printable_append(out, now->why, strlen(now->why), PRINTABLE_TEXT);
        buf_putc(out, '\n');
    } else if (!now->retrying && was_retrying) {
        buf_puts(out, "the room answers again\n");
    }
    if (now->retrying)
        return;
    for (size_t i = 0; i < now->state.n; i++) {
        const struct room_trainee *t = &now->state.trainees[i];
        board_trainee_change(board_find(old ? &old->state : NULL, t->trainee), t, out);
    }
}

/* Wait for a change, a line typed on the terminal, or a signal; false to stop. */
static bool board_plain_wait(struct room_watch *w, bool tty)
{
    struct pollfd p[2] = {{.fd = room_watch_fd(w), .events = POLLIN},
                          {.fd = tty ? STDIN_FILENO : -1, .events = POLLIN}};
    int r = poll(p, 2, -1);
    if (board_plain_stop || (r < 0 && errno != EINTR))
        return false;
    if (r > 0 && p[1].revents) {
        char line[64];
        if (!fgets(line, sizeof line, stdin) || line[0] == 'q')
            return false;
    }
    return true;
}

int board_plain_run(const struct board_config *c)
{
    struct room_watch_options o = {.url = c->url, .ca_bundle = c->ca_bundle,
                                   .interval = c->interval};
    struct buf err = BUF_INIT, out = BUF_INIT;
    struct room_watch *w = room_watch_start(&o, &err);
    if (!w) {
        fprintf(stderr, "klaxon drill: --board: %s\n", buf_cstr(&err));
        buf_free(&err);
        return KLX_USAGE;
    }
    struct sigaction sa = {.sa_handler = board_plain_on_signal}; /* no SA_RESTART: poll wakes */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    bool tty = isatty(STDIN_FILENO);
    printf("Watching the room at %s (%s)\n", c->url, tty ? "q and Enter quits" : "Ctrl-C quits");
    fflush(stdout);
    struct room_view old = {0}, now;
    bool first = true;
    while (board_plain_wait(w, tty)) {
        room_watch_get(w, &now);
        if (first || now.generation != old.generation) {
            buf_reset(&out);
            board_changes(first ? NULL : &old, &now, &out);
            fputs(buf_cstr(&out), stdout);
            fflush(stdout);
        }
        room_view_free(&old);
        old = now;
        first = false;
    }
    room_view_free(&old);
    room_watch_stop(w);
    buf_free(&out);
    buf_free(&err);
    return KLX_OK;
}
