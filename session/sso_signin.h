/* The form's IAM Identity Center sign-in, UI-neutral: one thread runs the device flow
   (client/sso_login.h) for the profile, then finds the profile's keys with the provider chain;
   the front end (the full-screen view, --plain) shows its state and may cancel it. No curses. */
#ifndef SESSION_SSO_SIGNIN_H
#define SESSION_SSO_SIGNIN_H

#include <stdbool.h>

#include "client/creds.h"
#include "client/settings.h"
#include "client/sso_login.h"

enum sso_signin_phase {
    SIGNIN_ASKING,  /* registering, asking for a code */
    SIGNIN_WAITING, /* the code is shown; waiting for the approval */
    SIGNIN_DONE,    /* finished: status says how */
};

/* A copy of the sign-in's state for drawing. */
struct sso_signin_state {
    enum sso_signin_phase phase;
    char url[1024];       /* the verification URL, the code filled in when the service gave one */
    char code[64];        /* the user code */
    long long expires_at; /* when the code stops working (epoch seconds) */
    int status;           /* SIGNIN_DONE: 0 signed in and keys found; else a klx_status */
    char message[600];    /* SIGNIN_DONE with a status: why, one line, no secret */
};

struct sso_signin;

/* Start signing in for s->profile (s must outlive the sign-in). NULL only when the thread
   cannot be started. */
struct sso_signin *sso_signin_start(const struct klx_settings *s);
/* Readable whenever the state changed; sso_signin_get drains it. */
int sso_signin_fd(const struct sso_signin *g);
void sso_signin_get(struct sso_signin *g, struct sso_signin_state *out);
/* After SIGNIN_DONE with status 0: the keys found (the caller aws_creds_clear()s them); false
   otherwise or when already taken. */
bool sso_signin_take_creds(struct sso_signin *g, struct aws_creds *out);
/* Ask the flow to stop (seen within a tenth of a second, or after the call in flight). */
void sso_signin_cancel(struct sso_signin *g);
/* Cancel, wait for the thread, wipe and free. NULL is fine. */
void sso_signin_free(struct sso_signin *g);

/* The exit status a device-code sign-in ends with (a klx_status), the same for `klaxon sso
   login` and the form's sign-in: a code that expired or was denied is no credentials. */
int sso_signin_status(enum sso_login_result r);

#endif
