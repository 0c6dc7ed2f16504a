/* libFuzzer harness: what a credential_process prints (creds_process_parse), the ISO 8601 times
   in it (creds_parse_time) and the command-line splitter (creds_process_split). */
#include <stdlib.h>
#include <string.h>

#include "client/creds.h"
#include "client/creds_providers.h"
#include "core/buf.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The JSON exactly as read from the child's stdout: any bytes, with a length. */
    struct aws_creds creds = {0};
    struct buf why = BUF_INIT;
    enum creds_result r = creds_process_parse((const char *)data, size, &creds, &why);
    if (r == CREDS_FOUND && (!creds.access_key_id || !creds.secret_access_key))
        abort(); /* found means both keys are there */
    if (r != CREDS_FOUND && why.len == 0)
        abort(); /* every refusal says why */
    aws_creds_clear(&creds);
    buf_free(&why);

    char *text = fuzz_strndup(data, size);
    long long t;
    if (creds_parse_time(text, &t) == 0) {
        char back[32];
        creds_format_time(t, back);
    }
    char **argv = NULL;
    struct buf err = BUF_INIT;
    if (creds_process_split(text, &argv, &err) == 0) {
        if (!argv || !argv[0])
            abort(); /* success means at least one word */
        creds_process_argv_free(argv);
    } else if (err.len == 0) {
        abort();
    }
    buf_free(&err);
    creds_put_safe(&err, text);
    buf_free(&err);
    free(text);
    return 0;
}
