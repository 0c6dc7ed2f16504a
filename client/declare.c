/* The one path every declaration takes (form, command line, resend): journal, send, journal. */
#include "client/declare.h"

#include <stdlib.h>
#include <string.h>

#include "client/journal.h"
#include "core/xalloc.h"

/* The model allows up to 128 characters of anything, the empty string included. */
#define DECLARE_TOKEN_MAX 128

static enum journal_outcome declare_outcome(int rc)
{
    switch (rc) {
    case 0:
        return JOURNAL_DECLARED;
    case KLX_CANCELLED:
        return JOURNAL_CANCELLED;
    case KLX_UNREACHABLE:
        return JOURNAL_UNANSWERED;
    default:
        return JOURNAL_REFUSED;
    }
}

bool declare_token_ok(const json_t *token, struct buf *why)
{
    const char *rule = "must be 1 to 128 printable ASCII characters without spaces";
    const char *s = json_string_value(token);
    const char *problem = NULL;
    if (!token)
        problem = "is missing";
    else if (!s)
        problem = "is not a string";
    else if (!*s)
        problem = "is empty";
    else if (strlen(s) > DECLARE_TOKEN_MAX)
        problem = "is longer than 128 characters";
    for (const char *p = s; !problem && p && *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
            problem = s + strspn(s, " \t\r\n\v\f") == s + strlen(s)
                          ? "is blank"
                          : "holds a space, a control character or a non-ASCII byte";
    if (!problem)
        return true;
    if (why)
        buf_printf(why,
                   "%s, but %s: an empty or blank token does not stop a retry from declaring a "
                   "second incident, and `klaxon history --resend` must be able to name it",
                   problem, rule);
    return false;
}

static int declare_fail(struct api_error *err, enum klx_status st, char *message)
{
    err->status = st;
    err->message = message;
    return st;
}

int declare_incident(struct klx_client *c, const json_t *body, const char *journal_path,
                     json_t **out, struct api_error *err, struct buf *warn)
{
    memset(err, 0, sizeof *err);
    *out = NULL;
    struct buf why = BUF_INIT;
    if (!declare_token_ok(json_object_get(body, "clientToken"), &why)) {
        char *msg = xasprintf("clientToken: %s", buf_cstr(&why));
        buf_free(&why);
        return declare_fail(err, KLX_USAGE, msg);
    }
    char *path = journal_path_or_default(journal_path);
    const char *token = json_string_value(json_object_get(body, "clientToken"));
    /* No record, no send: an answer lost on the way could then be neither found nor resent. */
    struct buf jerr = BUF_INIT;
    if (journal_submit(path, body, klx_client_endpoint(c), &jerr) != 0) {
        char *msg = xasprintf(
            "not sent: the journal cannot record this declaration (%s). Without that record an "
            "answer lost on the way could not be resent safely. Make the journal a regular, "
            "writable file in a directory with free space (or set XDG_STATE_HOME to one), then "
            "declare again",
            buf_cstr(&jerr));
        buf_free(&jerr);
        free(path);
        return declare_fail(err, KLX_USAGE, msg);
    }
    int rc = api_start_incident(c, body, out, err);
    const char *arn =
        rc == 0 ? json_string_value(json_object_get(*out, "incidentRecordArn")) : NULL;
    char *error = rc ? xasprintf("%s%s%s", err->code, err->code[0] ? ": " : "",
                                 err->message ? err->message : "")
                     : NULL;
    buf_reset(&jerr);
    if (journal_finish(path, token, declare_outcome(rc), err->attempts ? err->attempts : 1, arn,
                       error, &jerr) != 0)
        buf_printf(warn,
                   "the journal lacks the outcome of clientToken %s (%s): `klaxon history` "
                   "will list it as interrupted%s%s",
                   token, buf_cstr(&jerr), arn ? "; the incident is " : "", arn ? arn : "");
    buf_free(&jerr);
    free(error);
    free(path);
    return rc;
}
