/* --plain's parts, shared by its files (plain.c: the flow and the questions; plain_io.c:
   prompts and answers; plain_wait.c: waiting for the session; plain_items.c: related items and
   trigger details). Private to them. */
#ifndef TUI_PLAIN_H
#define TUI_PLAIN_H

#include <signal.h>
#include <stdbool.h>

#include "session/session.h"
#include "tui/tui.h"

struct plain {
    const struct tui_config *cfg;
    struct session s; /* the declaration: model, plans, jobs, draft, outcome */
    int status;
    bool eof;
    bool tty_in;
};

/* The first stop signal (SIGINT, SIGTERM, SIGHUP) caught, or 0. */
extern volatile sig_atomic_t plain_sig;
void plain_on_signal(int sig);

void plain_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Save the draft (unless it is empty), saying when that fails. */
void plain_save(struct plain *p);
/* One answer line (without its newline; control characters become spaces), or NULL on end of
   input or a stop signal. */
char *plain_read(struct plain *p);
/* In a drill: path's answer met a problem (shown) or passed (!shown). */
void plain_problem(struct plain *p, const char *path, bool shown);
/* Ask until the answer passes the field table's check for path. An empty answer keeps current
   (returned as a copy); "-" clears an optional field. NULL on end of input. */
char *plain_ask_field(struct plain *p, const char *path, const char *question, const char *current,
                      bool allow_clear);
char *plain_ask_required(struct plain *p, const char *path, const char *question,
                         const char *current);
/* y/n with a default; -1 on end of input. */
int plain_yes(struct plain *p, const char *question, bool dflt);
/* Apply the session's events until one of kind want arrives (moved into *out), or with want < 0
   until none is queued; a JOB_NEED_MFA on the way is asked (plain_ask_mfa). false on a stop
   signal (tui/plain_wait.c). */
bool plain_pump(struct plain *p, int want, struct job_event *out);
/* Wait while *busy (a session flag that an event clears). false on a stop signal. */
bool plain_wait_while(struct plain *p, const bool *busy, enum job_kind kind);

/* A JOB_NEED_MFA answered: the code asked as the AWS CLI asks ("Enter MFA code for ARN: "),
   or none at the end of input (tui/plain_mfa.c). */
void plain_ask_mfa(struct plain *p, const struct job_event *ev);
/* The profile's SSO session expired or is missing: sign in (tui/plain_sso.c). true once keys
   were found and the session is ready. */
bool plain_sso_signin(struct plain *p);

bool plain_ask_items(struct plain *p);
bool plain_ask_trigger(struct plain *p);

#endif
