/* The trainer's view of a drill room, kept fresh: GET /room/state every second on a thread of
   its own, the last good state kept and a RETRYING flag while the room cannot be reached. A pipe
   wakes whoever shows it (the board, --plain); UI-neutral. */
#ifndef SESSION_ROOM_WATCH_H
#define SESSION_ROOM_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "forms/room.h"

struct room_watch_options {
    const char *url;       /* the simulator's base URL: http://127.0.0.1:PORT */
    const char *ca_bundle; /* for an https room; NULL: the system store */
    double interval;       /* seconds between fetches; 0: one second */
};

struct room_watch;

/* Start watching (the first fetch begins at once). NULL with err when no thread can start or
   the URL is not http(s). */
struct room_watch *room_watch_start(const struct room_watch_options *o, struct buf *err);
/* Readable when something changed since the last room_watch_get. */
int room_watch_fd(const struct room_watch *w);

struct room_view {
    struct room_state state; /* the last good answer (empty before the first) */
    bool have_state;         /* one answer arrived at all */
    bool retrying;           /* the last fetch failed: the room cannot be reached */
    char why[160];           /* what went wrong, when retrying */
    unsigned generation;     /* counts changes: equal numbers mean an equal view */
};

/* A copy of what is known now (free with room_view_free); drains the wake pipe. */
void room_watch_get(struct room_watch *w, struct room_view *out);
void room_view_free(struct room_view *v);
/* Stop the thread, join it and free everything. NULL is fine. */
void room_watch_stop(struct room_watch *w);

#endif
