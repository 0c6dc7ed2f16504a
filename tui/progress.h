/* A declaration on its way, as the result screen and the start's resend offer both show it:
   the attempt, the retries the jobs report (with the answer that failed), and stopping them. */
#ifndef TUI_PROGRESS_H
#define TUI_PROGRESS_H

#include <stdbool.h>

#include "session/jobs.h"
#include "session/session.h"

enum progress_state { PG_SENDING, PG_RETRYING, PG_STOPPING };

struct send_progress {
    enum progress_state state;
    int attempt, max_attempts;
    double delay;     /* until the next attempt, while retrying */
    char *last_error; /* the last failed attempt's answer, or NULL */
};

/* The first attempt of a send (or resend): as many as the settings allow. The last answer of
   an earlier send is kept until a retry brings a new one. */
void progress_start(struct send_progress *p, const struct session *s);
/* A retry reported (JOB_PROGRESS): true when ev was one. Ignored once stopping. */
bool progress_job(struct send_progress *p, const struct job_event *ev);
/* Stop retrying; the attempt on the wire still completes. */
void progress_stop(struct send_progress *p, struct session *s);
/* Still retrying (Esc stops it)? */
bool progress_busy(const struct send_progress *p);
/* From row y: "<verb>... (attempt 1 of 3)", or the failed attempt and when the next comes, or
   that it is stopping. */
void progress_draw(const struct send_progress *p, int y, int x, int w, const char *verb);
void progress_free(struct send_progress *p);

#endif
