/* libFuzzer harness: the AWS CLI's shorthand syntax (forms/shorthand.h). The first byte picks
   the option (--related-items, whose arguments are split at 0x00 bytes, or --trigger-details);
   the rest is parsed alone and as that option's value(s), shaped by the field table. */
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>

#include "forms/shorthand.h"
#include "tests/fuzz/fuzz.h"

#define MAX_ARGS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    bool list = data[0] & 1;
    char *parts[MAX_ARGS] = {0};
    size_t n = fuzz_split(data + 1, size - 1, 0, parts, list ? MAX_ARGS : 1);
    for (size_t i = 0; i < n; i++) {
        struct buf err = BUF_INIT;
        json_t *v = shorthand_parse(parts[i], &err);
        if (v ? !json_is_object(v) : err.len == 0)
            abort(); /* an object, or a reason */
        json_decref(v);
        buf_free(&err);
    }
    struct problems p = PROBLEMS_INIT;
    json_t *v = shorthand_option(list ? "--related-items" : "--trigger-details",
                                 list ? FIELD_ID_RELATED_ITEMS : FIELD_ID_TRIGGER,
                                 (const char *const *)parts, n ? n : 1, &p);
    if (!v && n && p.n == 0)
        abort(); /* a refusal names the path and the rule */
    json_decref(v);
    problems_free(&p);
    for (size_t i = 0; i < n; i++)
        free(parts[i]);
    return 0;
}
