/* --plain's prompts: one answer per line, checked with the field table (waiting for the session's
   answers is tui/plain_wait.c). */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/printable.h"
#include "core/status.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "forms/draft.h"
#include "forms/fields.h"
#include "session/drill.h"
#include "tui/plain.h"

volatile sig_atomic_t plain_sig;

/* The question last asked (what was printed without a newline), to ask it again after ?brief. */
static char plain_prompt[1024];

void plain_on_signal(int sig)
{
    if (!plain_sig)
        plain_sig = sig;
}

/* Everything printed goes through printable_lines: plan names, the plan's facts, the service's
   messages and the journal's titles are outside text, and a screen reader's terminal obeys
   escape sequences as any other does (what the responder typed is already control-free). */
void plain_say(const char *fmt, ...)
{
    va_list ap;
    struct buf b = BUF_INIT, out = BUF_INIT;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    printable_lines(&out, buf_cstr(&b));
    fputs(buf_cstr(&out), stdout);
    if (out.len && out.data[out.len - 1] != '\n')
        snprintf(plain_prompt, sizeof plain_prompt, "%s", buf_cstr(&out));
    else if (out.len)
        plain_prompt[0] = '\0';
    buf_free(&b);
    buf_free(&out);
    fflush(stdout);
}

void plain_save(struct plain *p)
{
    if (draft_is_empty(&p->s.m) && !p->s.m.sent)
        return;
    session_changed(&p->s);
    struct buf err = BUF_INIT;
    if (session_save_draft(&p->s, &err))
        plain_say("  (the draft cannot be saved: %s)\n", buf_cstr(&err));
    buf_free(&err);
}

#define PLAIN_BRIEF_MAX 128 /* the brief's lines (a scenario has a few dozen) */

/* In a drill, ?brief at any question: the brief again, then the question again. */
static void plain_brief(const struct drill *d, const char *again)
{
    struct drill_line lines[PLAIN_BRIEF_MAX];
    size_t n = drill_brief_lines(d->scenario, lines, PLAIN_BRIEF_MAX);
    plain_say("\nBrief: %s\n", d->scenario->id);
    for (size_t i = 0; i < n; i++)
        plain_say("%s%s\n", lines[i].head, lines[i].text);
    long t = d->scenario->time_target;
    plain_say("The clock is running (target %ldm%02lds).\n\n", t / 60, t % 60);
    fputs(again, stdout); /* already made printable */
    fflush(stdout);
}

/* One line as typed (without its newline; control characters become spaces), or NULL on end
   of input or a stop signal. */
static char *plain_read_line(struct plain *p)
{
    char *line = NULL;
    size_t cap = 0;
    errno = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0 || plain_sig) {
        free(line);
        p->eof = true;
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    for (ssize_t i = 0; i < n; i++)
        if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
            line[i] = ' ';
    /* A terminal echoes what was typed; from a pipe, echo it so the transcript reads right. */
    if (!p->tty_in)
        plain_say("%s\n", line);
    /* A drill counts the keys an answer took: its characters and the Enter. */
    if (p->cfg->session.drill)
        drill_count_keys(p->cfg->session.drill, (long)utf8_count(line, (size_t)n) + 1);
    return line;
}

/* One answer line (without its newline; control characters become spaces), or NULL on end of
   input or a stop signal. In a drill, ?brief shows the brief and asks the question again. */
char *plain_read(struct plain *p)
{
    const struct drill *d = p->cfg->session.drill;
    char again[sizeof plain_prompt]; /* the echo of a piped answer is printed over it */
    snprintf(again, sizeof again, "%s", plain_prompt);
    for (;;) {
        char *line = plain_read_line(p);
        if (!line || !d || strcmp(line, "?brief") != 0)
            return line;
        free(line);
        plain_brief(d, again);
    }
}

/* A drill counts the problems an answer met, and their fixing. */
void plain_problem(struct plain *p, const char *path, bool shown)
{
    struct drill *d = p->cfg->session.drill;
    if (d && shown)
        drill_problem_met(d, path);
    else if (d)
        drill_problem_gone(d, path);
}

/* Ask until the answer passes the field table's check for path. An empty answer keeps current
   (returned as a copy); "-" clears an optional field. NULL on end of input. */
char *plain_ask_field(struct plain *p, const char *path, const char *question, const char *current,
                      bool allow_clear)
{
    const struct field_def *f = forms_field(path);
    for (;;) {
        if (current && *current)
            plain_say("%s [%s]: ", question, current);
        else
            plain_say("%s: ", question);
        char *ans = plain_read(p);
        if (!ans)
            return NULL;
        if (!strcmp(ans, "?")) {
            plain_say("  %s\n", f && f->help ? f->help : "No help for this question.");
            free(ans);
            continue;
        }
        if (!*ans) {
            free(ans);
            ans = xstrdup(current ? current : "");
        } else if (allow_clear && !strcmp(ans, "-")) {
            free(ans);
            return xstrdup("");
        }
        struct buf why = BUF_INIT;
        bool ok = !*ans && allow_clear ? true : model_check_text(path, ans, &why);
        plain_problem(p, path, !ok);
        if (ok) {
            buf_free(&why);
            return ans;
        }
        plain_say("  %s: %s\n", f ? f->label : path, buf_cstr(&why));
        buf_free(&why);
        free(ans);
    }
}

/* plain_ask_field for an answer that must not be empty: asks again while it is. */
char *plain_ask_required(struct plain *p, const char *path, const char *question,
                         const char *current)
{
    for (;;) {
        char *v = plain_ask_field(p, path, question, current, false);
        if (v)
            plain_problem(p, path, !*v);
        if (!v || *v)
            return v;
        const struct field_def *f = forms_field(path);
        plain_say("  %s: required\n", f ? f->label : question);
        free(v);
    }
}

/* y/n with a default; -1 on end of input. */
int plain_yes(struct plain *p, const char *question, bool dflt)
{
    for (;;) {
        plain_say("%s [%s]: ", question, dflt ? "Y/n" : "y/N");
        char *ans = plain_read(p);
        if (!ans)
            return -1;
        int r = !*ans                              ? dflt
                : (ans[0] == 'y' || ans[0] == 'Y') ? 1
                : (ans[0] == 'n' || ans[0] == 'N') ? 0
                                                   : -2;
        free(ans);
        if (r >= 0)
            return r;
        plain_say("  Please answer y or n.\n");
    }
}
