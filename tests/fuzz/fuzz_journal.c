/* libFuzzer harness: the journal reader (client/journal.h): damaged lines are skipped, never a
   crash; each entry that loads is complete. */
#include <stdlib.h>
#include <string.h>

#include "client/journal.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct journal j = {0};
    struct buf warn = BUF_INIT;
    journal_parse((const char *)data, size, &j, &warn);
    for (size_t i = 0; i < j.n; i++) {
        const struct journal_entry *e = &j.v[i];
        if (!e->token)
            abort(); /* an entry without its clientToken could never be resent */
        journal_needs_resend(e);
        journal_outcome_name(e->outcome);
        if (journal_find(&j, e->token) == NULL)
            abort();
    }
    journal_find(&j, "");
    journal_free(&j);
    buf_free(&warn);
    return 0;
}
