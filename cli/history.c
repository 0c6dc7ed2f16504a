/* `klaxon history`: the journal of declarations, and resending one that got no answer. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "client/declare.h"
#include "client/journal.h"
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

static void hist_print(const struct journal *j)
{
    if (!j->n) {
        puts("no declarations yet");
        return;
    }
    for (size_t i = 0; i < j->n; i++) {
        const struct journal_entry *e = &j->v[i];
        char when[32];
        time_t t = (time_t)e->submitted;
        struct tm tm;
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%SZ", gmtime_r(&t, &tm));
        const char *what = journal_needs_resend(e) ? "UNANSWERED" : journal_outcome_name(e->outcome);
        if (e->outcome == JOURNAL_PENDING)
            what = "INTERRUPTED";
        printf("%s  %-11s  %-32.32s  ", when, what, *e->title ? e->title : "(plan's title)");
        if (e->incident_arn)
            printf("%s\n", e->incident_arn);
        else if (journal_needs_resend(e))
            printf("resend: klaxon history --resend %s\n", e->token);
        else
            printf("%s\n", e->error ? e->error : e->token);
    }
}

static int hist_resend(const struct cli_globals *g, const struct journal_entry *e)
{
    if (e->outcome == JOURNAL_DECLARED) {
        printf("{\n    \"incidentRecordArn\": \"%s\"\n}\n", e->incident_arn ? e->incident_arn : "");
        fprintf(stderr, "klaxon: already declared; nothing resent\n");
        return 0;
    }
    if (e->outcome == JOURNAL_REFUSED) {
        fprintf(stderr, "klaxon: history: the service refused this declaration (%s); fix it and "
                        "declare it anew\n",
                e->error ? e->error : "no reason recorded");
        return KLX_USAGE;
    }
    struct klx_settings s;
    struct klx_client *c = NULL;
    int rc = cli_client(g, &s, &c);
    if (rc) {
        settings_free(&s);
        return rc;
    }
    if (e->endpoint && *e->endpoint && strcmp(e->endpoint, klx_client_endpoint(c)) != 0) {
        /* The same token at another endpoint (region) would be a new incident. */
        fprintf(stderr, "klaxon: history: that declaration went to %s, not %s; resend with "
                        "--endpoint-url %s (or the same --region)\n",
                e->endpoint, klx_client_endpoint(c), e->endpoint);
        klx_client_free(c);
        settings_free(&s);
        return KLX_USAGE;
    }
    json_t *reply = NULL;
    struct api_error err;
    struct buf warn = BUF_INIT;
    rc = declare_incident(c, e->body, NULL, &reply, &err, &warn);
    if (warn.len)
        fprintf(stderr, "klaxon: warning: %s\n", buf_cstr(&warn));
    if (rc == 0) {
        json_t *out = json_pack("{sO}", "incidentRecordArn",
                                json_object_get(reply, "incidentRecordArn"));
        cli_print_json(out);
        json_decref(out);
    } else {
        cli_report_error("resend", &err);
    }
    buf_free(&warn);
    api_error_clear(&err);
    json_decref(reply);
    klx_client_free(c);
    settings_free(&s);
    return rc;
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
            fprintf(stderr, "klaxon: history: no declaration with clientToken %s in %s\n",
                    resend, path);
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
