/* Reading a line (a secret, without echo) from the controlling terminal: the only place klaxon
   talks to /dev/tty outside the form. */
#ifndef CLI_TTY_SECRET_H
#define CLI_TTY_SECRET_H

#include <stdbool.h>
#include <stddef.h>

/* Read one line from the controlling terminal (/dev/tty), echo on or off, after writing prompt
   to it. The terminal's settings come back on every exit path, signals included. Returns the
   length, -1 on end of input/cancel/no terminal, -2 when the line did not fit in size-1. */
long tty_secret_read(const char *prompt, bool echo, char *out, size_t size);

/* A keyring_prompt_fn (client/keyring.h) on /dev/tty with echo off; -1 when there is no
   controlling terminal. ctx is unused. */
int tty_secret_prompt(void *ctx, const char *prompt, char *out, size_t size);

#endif
