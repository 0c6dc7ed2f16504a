/* A send's progress, shared by the result screen and the resend offer (tui/progress.h). */
#include "tui/progress.h"

#include <stdlib.h>

#include "core/xalloc.h"
#include "tui/draw.h"

void progress_start(struct send_progress *p, const struct session *s)
{
    int max = s->cfg->settings->max_attempts;
    p->state = PG_SENDING;
    p->attempt = 1;
    p->max_attempts = max > 0 ? max : 3;
}

bool progress_job(struct send_progress *p, const struct job_event *ev)
{
    if (ev->kind != JOB_PROGRESS)
        return false;
    if (p->state == PG_STOPPING)
        return true;
    p->state = PG_RETRYING;
    p->attempt = ev->next_attempt;
    p->max_attempts = ev->max_attempts;
    p->delay = ev->delay;
    free(p->last_error);
    p->last_error =
        xasprintf("%s%s%s", ev->code, *ev->code ? ": " : "", ev->message ? ev->message : "");
    return true;
}

void progress_stop(struct send_progress *p, struct session *s)
{
    session_cancel_submit(s);
    p->state = PG_STOPPING;
}

bool progress_busy(const struct send_progress *p)
{
    return p->state != PG_STOPPING;
}

void progress_draw(const struct send_progress *p, int y, int x, int w, const char *verb)
{
    switch (p->state) {
    case PG_SENDING:
        draw_printf(y, x, w, A_BOLD, "%s... (attempt %d of %d)", verb, p->attempt, p->max_attempts);
        break;
    case PG_RETRYING:
        draw_printf(y, x, w, term_attr(TR_ERROR), "Attempt %d failed: %s", p->attempt - 1,
                    p->last_error ? p->last_error : "");
        draw_printf(y + 1, x, w, A_BOLD, "Retrying in %.1f s (attempt %d of %d)", p->delay,
                    p->attempt, p->max_attempts);
        break;
    case PG_STOPPING:
        draw_text(y, x, w, "Stopping after the attempt on the wire...", A_BOLD);
        break;
    }
}

void progress_free(struct send_progress *p)
{
    free(p->last_error);
    p->last_error = NULL;
}
