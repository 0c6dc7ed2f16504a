/* --plain's SSO sign-in, the twin of tui/sso_view.c: the lines `klaxon sso login` prints (the
   URL, the code), the wait for the approval (Ctrl-C stops it), then the keys handed to the jobs. */
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "session/sso_signin.h"
#include "tui/plain.h"

/* Wait for the sign-in to finish; false on a stop signal. */
static bool plain_sso_wait(struct sso_signin *g, struct sso_signin_state *st)
{
    bool shown = false;
    for (;;) {
        sso_signin_get(g, st);
        if (st->phase != SIGNIN_ASKING && !shown) {
            shown = true;
            if (st->phase == SIGNIN_WAITING || *st->url)
                plain_say("Open this URL on any device:\n  %s\nand enter the code: %s\n"
                          "(waiting for the approval; Ctrl-C stops)\n",
                          st->url, st->code);
        }
        if (st->phase == SIGNIN_DONE)
            return true;
        if (plain_sig)
            return false;
        struct pollfd pf = {.fd = sso_signin_fd(g), .events = POLLIN};
        poll(&pf, 1, 250);
    }
}

/* The keys went to the jobs: their check's answer (JOB_READY, or JOB_CREDS when refused). */
static bool plain_sso_ready(struct plain *p)
{
    for (;;) {
        struct job_event ev;
        int fx;
        while (session_next(&p->s, &ev, &fx)) {
            enum job_kind kind = ev.kind;
            if (kind == JOB_CREDS)
                plain_say("The keys of the sign-in were refused: %s%s%s\n", ev.code,
                          *ev.code ? ": " : "", ev.message ? ev.message : "");
            jobs_event_free(&ev);
            if (kind == JOB_CREDS || kind == JOB_READY) {
                if (p->s.ready <= 0)
                    p->status = KLX_NO_CREDENTIALS;
                return p->s.ready > 0;
            }
        }
        if (plain_sig)
            return false;
        struct pollfd pf = {.fd = session_fd(&p->s), .events = POLLIN};
        poll(&pf, 1, 250);
    }
}

bool plain_sso_signin(struct plain *p)
{
    plain_say("The SSO session of profile %s has expired or is missing: signing in.\n",
              p->cfg->session.settings ? p->cfg->session.settings->profile : "");
    struct sso_signin *g = sso_signin_start(p->cfg->session.settings);
    if (!g) {
        plain_say("The sign-in cannot start (no thread).\n");
        return false;
    }
    struct sso_signin_state st;
    bool done = plain_sso_wait(g, &st);
    struct aws_creds c;
    bool have = done && st.status == 0 && sso_signin_take_creds(g, &c);
    sso_signin_free(g);
    if (!done) {
        plain_say("Sign-in stopped.\n");
        p->status = KLX_CANCELLED;
        return false;
    }
    if (!have) {
        plain_say("The sign-in did not succeed: %s\n", st.message);
        p->status = st.status;
        return false;
    }
    plain_say("Signed in.\n");
    jobs_try_creds(p->s.jobs, &c);
    aws_creds_clear(&c);
    return plain_sso_ready(p);
}
