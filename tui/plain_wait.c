/* --plain waiting for the session's answers: progress shown, an MFA code asked when the worker
   needs one, and Ctrl-C stopping retries. Above both the prompts (plain_io.c) and the MFA
   question (plain_mfa.c), so that neither calls the other back. */
#include <poll.h>
#include <signal.h>

#include "tui/plain.h"

/* Apply the session's events until one of kind want arrives (moved into *out: the caller frees
   it) or, with want < 0, until none is queued. Progress is printed on the way; Ctrl-C during a
   declaration stops its retries. false on a stop signal. */
bool plain_pump(struct plain *p, int want, struct job_event *out)
{
    for (;;) {
        struct job_event ev;
        int fx;
        while (session_next(&p->s, &ev, &fx)) {
            if (ev.kind == JOB_PROGRESS)
                plain_say("  attempt %d failed: %s%s%s; retrying in %.1f s (attempt %d of %d)\n",
                          ev.next_attempt - 1, ev.code, *ev.code ? ": " : "",
                          ev.message ? ev.message : "", ev.delay, ev.next_attempt, ev.max_attempts);
            if (ev.kind == JOB_NEED_MFA)
                plain_ask_mfa(p, &ev); /* the worker waits for it, whatever is awaited here */
            if ((int)ev.kind == want && !(fx & SESSION_STALE)) {
                *out = ev;
                return true;
            }
            jobs_event_free(&ev);
        }
        if (want < 0)
            return true;
        if (plain_sig && want == JOB_START && plain_sig == SIGINT) {
            plain_say("\n  stopping after the attempt on the wire...\n");
            session_cancel_submit(&p->s);
            plain_sig = 0;
        } else if (plain_sig) {
            return false;
        }
        struct pollfd pf = {.fd = session_fd(&p->s), .events = POLLIN};
        poll(&pf, 1, 250);
    }
}

/* Wait while *busy (a session flag that an event clears). false on a stop signal. */
bool plain_wait_while(struct plain *p, const bool *busy, enum job_kind kind)
{
    while (*busy) {
        struct job_event ev;
        if (!plain_pump(p, kind, &ev))
            return false;
        jobs_event_free(&ev);
    }
    return true;
}
