/* The wake pipe of session/wake.h: one byte a ring, read back in bulk. */
#define _GNU_SOURCE
#include "session/wake.h"

#include <fcntl.h>
#include <unistd.h>

int wake_open(struct wake *w)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) {
        w->rd = w->wr = -1;
        return -1;
    }
    w->rd = p[0];
    w->wr = p[1];
    return 0;
}

void wake_ring(const struct wake *w)
{
    char c = 1;
    /* A full pipe already wakes the reader: a failed write loses nothing. */
    if (write(w->wr, &c, 1) < 0)
        return;
}

void wake_drain(const struct wake *w)
{
    char drain[64];
    while (read(w->rd, drain, sizeof drain) > 0)
        ;
}

void wake_drain_lock(const struct wake *w, pthread_mutex_t *mu)
{
    wake_drain(w);
    pthread_mutex_lock(mu);
}

void wake_close(struct wake *w)
{
    if (w->rd >= 0)
        close(w->rd);
    if (w->wr >= 0)
        close(w->wr);
    w->rd = w->wr = -1;
}
