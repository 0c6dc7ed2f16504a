/* How the credentials commands print names and outside words: escaped for the terminal. */
#ifndef CLI_CREDENTIALS_TEXT_H
#define CLI_CREDENTIALS_TEXT_H

#include <stdio.h>

/* A name for a message, quoted, with anything that could drive the terminal escaped. */
void cred_put_name(FILE *f, const char *s);
/* Outside words as they may be printed: kept to their lines, the rest escaped (caller frees). */
char *cred_safe(const char *s);
/* LEAD, then TEXT (outside words) and a newline, on f. */
void cred_say(FILE *f, const char *lead, const char *text);

#endif
