/* libFuzzer harness: a simulator plan file (klaxon-sim --plans): refused with a reason, or
   loaded, dumped and loaded again to the same catalogue. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/plans.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf err = BUF_INIT;
    struct sim_plans *p = sim_plans_parse((const char *)data, size, "fuzz.json", &err);
    if (!p) {
        if (err.len == 0)
            abort(); /* a refusal names the file and the reason */
        buf_free(&err);
        return 0;
    }
    size_t n = sim_plans_count(p);
    for (size_t i = 0; i < n; i++) {
        const json_t *plan = sim_plans_at(p, i);
        const char *arn = json_string_value(json_object_get(plan, "arn"));
        if (!arn || sim_plans_find(p, arn) == NULL)
            abort(); /* every plan has an ARN it can be found by */
    }
    char *dump = sim_plans_dump(p);
    struct sim_plans *again = sim_plans_parse(dump, strlen(dump), "dump", &err);
    if (!again || sim_plans_count(again) != n) {
        fprintf(stderr, "a dumped catalogue does not load back: %s\n", buf_cstr(&err));
        abort();
    }
    sim_plans_free(again);
    free(dump);
    sim_plans_free(p);
    buf_free(&err);
    return 0;
}
