/* The monotonic clock, for waits that a change of the wall clock must not stretch or cut. */
#ifndef CORE_MONO_H
#define CORE_MONO_H

#include <pthread.h>
#include <time.h>

/* Initialise c so that pthread_cond_timedwait takes deadlines on CLOCK_MONOTONIC. */
void mono_cond_init(pthread_cond_t *c);

/* The CLOCK_MONOTONIC time seconds (>= 0) from now, as a deadline for such a wait. */
struct timespec mono_after(double seconds);

#endif
