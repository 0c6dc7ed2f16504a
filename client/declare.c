/* The one path every declaration takes (form, command line, resend): journal, send, journal. */
#include "client/declare.h"

#include <stdlib.h>

#include "client/journal.h"
#include "core/xalloc.h"

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

int declare_incident(struct klx_client *c, const json_t *body, const char *journal_path,
                     json_t **out, struct api_error *err, struct buf *warn)
{
    char *path = journal_path_or_default(journal_path);
    const char *token = json_string_value(json_object_get(body, "clientToken"));
    bool journaled = token && journal_submit(path, body, klx_client_endpoint(c), warn) == 0;
    int rc = api_start_incident(c, body, out, err);
    if (journaled) {
        const char *arn =
            rc == 0 ? json_string_value(json_object_get(*out, "incidentRecordArn")) : NULL;
        char *why = rc ? xasprintf("%s%s%s", err->code, err->code[0] ? ": " : "",
                                   err->message ? err->message : "")
                       : NULL;
        journal_finish(path, token, declare_outcome(rc), err->attempts ? err->attempts : 1, arn,
                       why, warn);
        free(why);
    }
    free(path);
    return rc;
}
