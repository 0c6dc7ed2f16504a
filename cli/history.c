/* `klaxon history`: the journal of declarations, and resending one that got no answer. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/output.h"
#include "client/declare.h"
#include "client/journal.h"
#include "core/printable.h"
#include "core/status.h"
#include "core/xalloc.h"

static const char hist_usage[] =
    "usage: klaxon history [--resend TOKEN]\n"
    "\n"
    "Lists every declaration klaxon made from this account (newest last): when, how it ended,\n"
    "the title, and the incident ARN or clientToken. A declaration that got no answer (network\n"
    "gone, retries exhausted, klaxon killed) may or may not exist; --resend TOKEN sends the\n"
    "identical request with the same clientToken, so the service returns the existing incident\n"
    "instead of creating a second one.\n";

/* A declared entry without a real ARN (an older klaxon journaled any 200 as declared) is an
   unknown outcome like an unanswered one: resending it with its token is what finds out. */
static bool hist_unknown(const struct journal_entry *e)
{
    return journal_needs_resend(e) ||
           (e->outcome == JOURNAL_DECLARED && !api_is_arn(e->incident_arn));
}

/* Whether the entry's token can be named in a resend command (declare_token_ok). */
static bool hist_token_ok(const struct journal_entry *e)
{
    json_t *t = json_string(e->token);
    bool ok = declare_token_ok(t, NULL);
    json_decref(t);
    return ok;
}

static void hist_print_entry(const struct journal_entry *e)
{
    char when[32];
    time_t t = (time_t)e->submitted;
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%SZ", gmtime_r(&t, &tm));
    const char *what = hist_unknown(e) ? "UNANSWERED" : journal_outcome_name(e->outcome);
    if (e->outcome == JOURNAL_PENDING)
        what = "INTERRUPTED";
    /* Every field came from a file or a server: escaped before it reaches the terminal. */
    char *title = printable_dup(*e->title ? e->title : "(plan's title)");
    printf("%s  %-11s  %-32.32s  ", when, what, title);
    free(title);
    if (e->outcome == JOURNAL_DECLARED && api_is_arn(e->incident_arn))
        printf("%s\n", e->incident_arn);
    else if (hist_unknown(e) && hist_token_ok(e))
        printf("resend: klaxon history --resend %s\n", e->token);
    else if (hist_unknown(e))
        puts("cannot be resent: its clientToken is empty or unusable");
    else {
        cli_put(stdout, e->error ? e->error : e->token);
        putchar('\n');
    }
}

static void hist_print(const struct journal *j)
{
    if (!j->n) {
        puts("no declarations yet");
        return;
    }
    for (size_t i = 0; i < j->n; i++)
        hist_print_entry(&j->v[i]);
}

/* The incident a resend found already declared, as StartIncident's output in the format and
   --query asked for (the format may come from the profile: settings are read for it). */
static int hist_print_arn(const struct cli_globals *g, const char *arn)
{
    struct klx_settings s;
    struct cli_printer p;
    int rc = cli_settings(g, &s);
    if (!rc)
        rc = cli_printer_init(&p, g->output, s.output, g->jq, "StartIncident", g->color);
    if (!rc) {
        json_t *out = json_pack("{ss}", "incidentRecordArn", arn);
        rc = cli_print_reply(&p, out);
        json_decref(out);
    }
    settings_free(&s);
    return rc;
}

static int hist_send(const struct cli_globals *g, const struct journal_entry *e)
{
    return cli_declare(g, "resend", e->body, e->endpoint, true);
}

static int hist_resend(const struct cli_globals *g, const struct journal_entry *e)
{
    if (e->outcome == JOURNAL_DECLARED && api_is_arn(e->incident_arn)) {
        int rc = hist_print_arn(g, e->incident_arn);
        fprintf(stderr, "klaxon: already declared; nothing resent\n");
        return rc;
    }
    if (e->outcome == JOURNAL_REFUSED) {
        fputs("klaxon: history: the service refused this declaration (", stderr);
        cli_put(stderr, e->error ? e->error : "no reason recorded");
        fputs("); fix it and declare it anew\n", stderr);
        return KLX_USAGE;
    }
    return hist_send(g, e);
}

int cmd_history(int argc, char **argv, const struct cli_globals *g)
{
    const char *resend = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_take_option(argc, argv, &i, "--resend", &resend);
        if (r < 0)
            return KLX_USAGE;
        if (r == 0 && !strcmp(argv[i], "--help")) {
            fputs(hist_usage, stdout);
            return 0;
        }
        if (r == 0) {
            fprintf(stderr, "klaxon: history: unknown option \"%s\"\n%s", argv[i], hist_usage);
            return KLX_USAGE;
        }
    }
    if (resend) {
        json_t *t = json_string(resend);
        struct buf why = BUF_INIT;
        bool ok = t && declare_token_ok(t, &why);
        if (!ok) {
            fputs("klaxon: history: --resend: clientToken ", stderr);
            cli_put(stderr, t ? buf_cstr(&why) : "is not valid UTF-8");
            fputc('\n', stderr);
        }
        buf_free(&why);
        json_decref(t);
        if (!ok)
            return KLX_USAGE;
    }
    char *path = journal_default_path();
    struct journal j;
    struct buf warn = BUF_INIT;
    int rc = 0;
    if (journal_load(path, &j, &warn) != 0) {
        fprintf(stderr, "klaxon: history: cannot read %s\n", path);
        rc = KLX_USAGE;
    } else {
        if (warn.len)
            fprintf(stderr, "klaxon: warning: %s", buf_cstr(&warn));
        const struct journal_entry *e = resend ? journal_find(&j, resend) : NULL;
        if (resend && !e) {
            fputs("klaxon: history: no declaration with clientToken \"", stderr);
            cli_put(stderr, resend);
            fprintf(stderr, "\" in %s\n", path);
            rc = KLX_USAGE;
        } else if (e) {
            rc = hist_resend(g, e);
        } else {
            hist_print(&j);
        }
        journal_free(&j);
    }
    buf_free(&warn);
    free(path);
    return rc;
}
