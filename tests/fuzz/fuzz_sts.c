/* libFuzzer harness: an STS AssumeRole answer (sts_parse_assume_role), whatever the server sent. */
#include <stdlib.h>
#include <string.h>

#include "client/creds.h"
#include "client/sts.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct aws_creds creds;
    struct sts_error err;
    int rc = sts_parse_assume_role((const char *)data, size, &creds, &err);
    if (rc == 0 && (!creds.access_key_id || !creds.secret_access_key || !creds.session_token))
        abort(); /* success means complete temporary keys */
    if (rc != 0 && (creds.access_key_id || !err.message[0]))
        abort(); /* a refusal hands out nothing and says why */
    if (memchr(err.message, '\n', sizeof err.message))
        abort(); /* the message is one line, fit for a report */
    aws_creds_clear(&creds);
    return 0;
}
