/* How the credentials commands print names and outside words (the keyring's messages, paths,
   settings, a credential process's report): escaped, so that nothing drives the terminal. */
#include "cli/credentials_text.h"

#include <stdlib.h>

#include "cli/common.h"
#include "core/buf.h"
#include "core/printable.h"

/* A name for a message, quoted, with anything that could drive the terminal escaped. */
void cred_put_name(FILE *f, const char *s)
{
    fputc('"', f);
    cli_put(f, s);
    fputc('"', f);
}

/* Outside words (the keyring's and its daemon's messages, paths, settings, a credential
   process's report) as they may be printed: kept to their lines, the rest escaped. */
char *cred_safe(const char *s)
{
    struct buf b = BUF_INIT;
    printable_lines(&b, s);
    return buf_steal(&b);
}

/* LEAD, then TEXT (outside words) and a newline, on f. */
void cred_say(FILE *f, const char *lead, const char *text)
{
    char *safe = cred_safe(text);
    fprintf(f, "%s%s\n", lead, safe);
    free(safe);
}
