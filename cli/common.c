/* Shared plumbing of the non-interactive commands: settings, errors, JSON parameters, output. */
#include "cli/common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/output.h"
#include "client/declare.h"
#include "core/buf.h"
#include "core/file.h"
#include "core/printable.h"
#include "core/status.h"
#include "core/xalloc.h"

/* A parameter file larger than this is a mistake, not an incident. */
#define CLI_MAX_PARAM_FILE (4L * 1024 * 1024)

int cli_settings(const struct cli_globals *g, struct klx_settings *s)
{
    struct buf err = BUF_INIT;
    memset(s, 0, sizeof *s);
    if (settings_resolve(&g->flags, s, &err) != 0) {
        fprintf(stderr, "klaxon: %s\n", buf_cstr(&err));
        buf_free(&err);
        return KLX_USAGE;
    }
    buf_free(&err);
    /* A broken line in ~/.aws/config must not pass unnoticed. */
    for (const char *w = s->warnings; w && *w;) {
        size_t n = strcspn(w, "\n");
        struct buf line = BUF_INIT;
        printable_append(&line, w, n, PRINTABLE_TEXT);
        fprintf(stderr, "klaxon: warning: %s\n", buf_cstr(&line));
        buf_free(&line);
        w += n + (w[n] == '\n');
    }
    s->connect_timeout = g->connect_timeout;
    s->read_timeout = g->read_timeout;
    /* A command run from a terminal may unlock the file vault by asking for its passphrase. */
    s->keyring = &g->keyring;
    return 0;
}

/* A profile that --profile, AWS_PROFILE or AWS_DEFAULT_PROFILE names and no file holds: only the
   keyring may still know it, so it is asked first, before the region, the endpoint or anything
   else, and a misspelt name is named at once ("The config profile (x) could not be found"). */
static struct klx_client *cli_client_missing_profile(const struct klx_settings *s,
                                                     struct api_error *err)
{
    struct aws_creds creds;
    struct buf why = BUF_INIT;
    struct klx_client *c = NULL;
    memset(err, 0, sizeof *err);
    if (creds_resolve(s, &creds, &why) == CREDS_FOUND) {
        c = klx_client_new_with_creds(s, &creds, err);
    } else {
        err->status = KLX_NO_CREDENTIALS;
        err->message = buf_steal(&why);
    }
    aws_creds_clear(&creds);
    buf_free(&why);
    return c;
}

int cli_profile_known(const struct klx_settings *s)
{
    if (!s->profile_missing)
        return 0;
    struct aws_creds creds;
    struct buf why = BUF_INIT;
    enum creds_result r = creds_resolve(s, &creds, &why);
    aws_creds_clear(&creds);
    if (r != CREDS_FOUND) {
        struct buf m = BUF_INIT;
        printable_lines(&m, buf_cstr(&why));
        fprintf(stderr, "klaxon: %s", buf_cstr(&m));
        buf_free(&m);
    }
    buf_free(&why);
    return r == CREDS_FOUND ? 0 : KLX_NO_CREDENTIALS;
}

int cli_client(const struct cli_globals *g, const char *operation, struct klx_settings *s,
               struct cli_printer *p, struct klx_client **c)
{
    *c = NULL;
    int rc = cli_settings(g, s);
    if (rc)
        return rc;
    /* An unknown output format is a usage error found before anything is asked or sent. */
    if (p && (rc = cli_printer_init(p, g->output, s->output, g->jq, operation, g->color)) != 0)
        return rc;
    struct api_error err;
    if (s->profile_missing)
        *c = cli_client_missing_profile(s, &err);
    else
        *c = klx_client_new(s, &err);
    if (!*c) {
        /* The chain's report quotes credential_process output and config values: outside text,
           kept to its lines. */
        struct buf m = BUF_INIT;
        printable_lines(&m, err.message ? err.message : "cannot create the client");
        fprintf(stderr, "klaxon: %s\n", buf_cstr(&m));
        buf_free(&m);
        rc = err.status ? (int)err.status : KLX_USAGE;
        api_error_clear(&err);
        return rc;
    }
    return 0;
}

void cli_put(FILE *f, const char *text)
{
    char *safe = printable_dup(text);
    fputs(safe, f);
    free(safe);
}

int cli_report_error(const char *operation, const struct api_error *err)
{
    /* The code, message and request id are the server's words: never raw on a terminal. */
    fprintf(stderr, "klaxon: %s failed: ", operation);
    if (err->code[0]) {
        cli_put(stderr, err->code);
        fputs(": ", stderr);
    }
    cli_put(stderr, err->message);
    if (err->attempts > 1)
        fprintf(stderr, " (after %d attempts)", err->attempts);
    if (err->request_id[0]) {
        fputs(" [request id ", stderr);
        cli_put(stderr, err->request_id);
        fputc(']', stderr);
    }
    fputc('\n', stderr);
    return err->status ? (int)err->status : KLX_UNREACHABLE;
}

/* The members the service model types as timestamps (epoch seconds on the wire). */
static int cli_is_timestamp_member(const char *key)
{
    static const char *const names[] = {
        "after",        "before",     "createdTime",      "creationTime",
        "endTime",      "eventTime",  "eventUpdatedTime", "lastModifiedTime",
        "resolvedTime", "retryAfter", "startTime",        "statusUpdateDateTime",
        "timestamp",    NULL};
    for (size_t i = 0; names[i]; i++)
        if (!strcmp(key, names[i]))
            return 1;
    return 0;
}

static void cli_convert_timestamps(json_t *j)
{
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) cli_convert_timestamps(v);
        return;
    }
    if (!json_is_object(j))
        return;
    const char *k;
    json_t *v;
    json_object_foreach(j, k, v)
    {
        if (json_is_number(v) && cli_is_timestamp_member(k))
            json_object_set_new(j, k, out_iso8601(json_number_value(v)));
        else
            cli_convert_timestamps(v);
    }
}

void cli_print_json(json_t *reply)
{
    cli_convert_timestamps(reply);
    char *text = json_dumps(reply, JSON_INDENT(4) | JSON_PRESERVE_ORDER);
    if (text) {
        /* jansson escapes C0 controls only; DEL, C1 controls and bidi overrides become \uXXXX,
           which is the same JSON. */
        struct buf safe = BUF_INIT;
        printable_append(&safe, text, strlen(text), PRINTABLE_JSON);
        puts(buf_cstr(&safe));
        buf_free(&safe);
        free(text);
    }
    fflush(stdout);
}

static char *cli_read_file(const char *option, const char *path)
{
    char *text;
    size_t len;
    struct buf err = BUF_INIT;
    if (file_read(path, CLI_MAX_PARAM_FILE, &text, &len, &err) != FILE_OK)
        fprintf(stderr, "klaxon: %s file://: %s\n", option, buf_cstr(&err));
    buf_free(&err);
    return text;
}

int cli_load_json_param(const char *option, const char *value, json_t **out)
{
    char *owned = NULL;
    const char *text = value;
    if (!strncmp(value, "file://", 7)) {
        owned = cli_read_file(option, value + 7);
        if (!owned)
            return KLX_USAGE;
        text = owned;
    }
    json_error_t je;
    *out = json_loads(text, JSON_REJECT_DUPLICATES, &je);
    free(owned);
    if (!*out) {
        fprintf(stderr, "klaxon: %s: not valid JSON (line %d, column %d: %s)\n", option, je.line,
                je.column, je.text);
        return KLX_USAGE;
    }
    return 0;
}

int cli_take_option(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0 || (a[n] != '=' && a[n] != '\0'))
        return 0;
    if (a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (*i + 1 >= argc) {
        fprintf(stderr, "klaxon: %s needs a value\n", name);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

/* The endpoint a journaled declaration went to is the only one its clientToken protects at. */
static bool cli_same_endpoint(const struct klx_client *c, const char *must)
{
    if (!must || !*must || !strcmp(must, klx_client_endpoint(c)))
        return true;
    fputs("klaxon: history: that declaration went to ", stderr);
    cli_put(stderr, must);
    fprintf(stderr, ", not %s; resend with --endpoint-url ", klx_client_endpoint(c));
    cli_put(stderr, must);
    fputs(" (or the same --region)\n", stderr);
    return false;
}

/* The declared incident as StartIncident's output. A --query that fails at run time does not
   hide that the incident exists: the ARN goes to stderr and the exit status stays 0. */
static void cli_print_declared(const struct cli_printer *p, const json_t *reply)
{
    json_t *out =
        json_pack("{sO}", "incidentRecordArn", json_object_get(reply, "incidentRecordArn"));
    if (cli_print_reply(p, out) != 0) {
        fputs("klaxon: declared nonetheless: ", stderr);
        cli_put(stderr, json_string_value(json_object_get(out, "incidentRecordArn")));
        fputc('\n', stderr);
    }
    json_decref(out);
}

int cli_declare(const struct cli_globals *g, const char *name, const json_t *body,
                const char *must_endpoint, bool resend)
{
    struct klx_settings s;
    struct klx_client *c = NULL;
    struct cli_printer p;
    int rc = cli_client(g, "StartIncident", &s, &p, &c);
    if (rc == 0 && !cli_same_endpoint(c, must_endpoint))
        rc = KLX_USAGE;
    else if (rc == 0) {
        json_t *reply = NULL;
        struct api_error err;
        struct buf warn = BUF_INIT;
        rc = declare_incident(c, body, NULL, &reply, &err, &warn);
        if (rc == 0) {
            cli_print_declared(&p, reply);
        } else {
            cli_report_error(name, &err);
        }
        /* declare_incident() refused a token that is not a token before an answer could be
           missing, so the one named in the hint can be typed back. */
        const char *token = json_string_value(json_object_get(body, "clientToken"));
        if (rc == KLX_UNREACHABLE && resend)
            fprintf(stderr, "klaxon: still no answer; `klaxon history --resend %s` again is safe\n",
                    token);
        else if (rc == KLX_UNREACHABLE)
            fprintf(stderr,
                    "klaxon: it may or may not have been declared. Resend it with `klaxon "
                    "history --resend %s`: the same clientToken cannot create a second "
                    "incident\n",
                    token);
        if (warn.len) {
            fputs("klaxon: WARNING: ", stderr);
            cli_put(stderr, buf_cstr(&warn));
            fputc('\n', stderr);
        }
        buf_free(&warn);
        api_error_clear(&err);
        json_decref(reply);
    }
    klx_client_free(c);
    settings_free(&s);
    return rc;
}
