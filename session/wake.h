/* A wake pipe: a background thread rings it when its state changed; the front end polls the
   read end and drains it before it reads the state. Shared by the jobs, the SSO sign-in and the
   room watcher. UI-neutral. */
#ifndef SESSION_WAKE_H
#define SESSION_WAKE_H

#include <pthread.h>

struct wake {
    int rd, wr; /* -1 when not open */
};

/* Open a non-blocking, close-on-exec pipe: 0, or -1 with errno (both ends then -1). */
int wake_open(struct wake *w);
/* Tell the reader something changed; never blocks. */
void wake_ring(const struct wake *w);
/* Read all the rings pending (before reading the state they announced). */
void wake_drain(const struct wake *w);
/* Drain the rings, then take mu, the lock of the state they announced: how a front end begins
   to read that state. */
void wake_drain_lock(const struct wake *w, pthread_mutex_t *mu);
/* Close both ends (those open). */
void wake_close(struct wake *w);

#endif
