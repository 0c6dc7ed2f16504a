/* --plain's MFA code prompt, worded as the AWS CLI words it: the code read with echo off (from a
   pipe, not echoed back either), checked as 6 digits, handed to the worker, wiped. */
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "client/mfa_code.h"
#include "core/secmem.h"
#include "tui/plain.h"

/* Room for a code and some stray typing; a longer line is read to its end and refused. */
#define PLAIN_MFA_MAX 64

/* One line of stdin into code (echo off on a terminal); false at the end of input. */
static bool plain_mfa_line(const struct plain *p, char *code, size_t size)
{
    struct termios saved, quiet;
    bool tty = p->tty_in && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    size_t n = 0;
    int c;
    while ((c = getc(stdin)) != EOF && c != '\n')
        if (n + 1 < size)
            code[n++] = (char)c;
        else
            code[0] = 'x'; /* too long: fails the rule, whatever it held */
    if (n && code[n - 1] == '\r')
        n--;
    code[n] = '\0';
    bool got = c != EOF || n > 0;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        plain_say("\n"); /* the Enter typed was not echoed either */
    } else {
        plain_say("\n"); /* the transcript's line end, without the code */
    }
    return got;
}

/* A JOB_NEED_MFA: ask until a code passes the rule, or the answers end (no code). */
void plain_ask_mfa(struct plain *p, const struct job_event *ev)
{
    const char *device = ev->message ? ev->message : "the role's MFA device";
    if (ev->arg)
        plain_say("  STS refused the code: %s\n", ev->arg);
    char code[PLAIN_MFA_MAX];
    for (;;) {
        plain_say("Enter MFA code for %s: ", device);
        if (p->eof || plain_sig || !plain_mfa_line(p, code, sizeof code)) {
            p->eof = true;
            jobs_cancel_mfa(p->s.jobs);
            break;
        }
        struct buf why = BUF_INIT;
        bool ok = mfa_code_ok(code, &why);
        if (!ok && !*code) {
            plain_say("  no code: the role is not assumed\n");
            jobs_cancel_mfa(p->s.jobs);
        } else if (!ok) {
            plain_say("  MFA code: %s\n", buf_cstr(&why));
        } else {
            jobs_answer_mfa(p->s.jobs, code);
        }
        buf_free(&why);
        if (ok || !*code)
            break;
    }
    secmem_wipe(code, sizeof code);
}
