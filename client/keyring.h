/* The keyring: where `klaxon credentials set` keeps a profile's keys (the Secret Service, or an
   encrypted file vault), each backend behind one small interface, and the choice between them.
   How the vault's passphrase is found is passed in with each operation (struct keyring_options);
   the only process state is the Secret Service plugin (loaded once) and its last "unreachable"
   verdict. */
#ifndef CLIENT_KEYRING_H
#define CLIENT_KEYRING_H

#include <stdbool.h>
#include <stddef.h>

#include "client/creds.h"
#include "client/keyring_base.h"
#include "core/buf.h"

extern const struct keyring_backend keyring_secret_service;
extern const struct keyring_backend keyring_file_vault;

/* Which backend is in use, and why. KLAXON_KEYRING=secret-service|file|none chooses
   explicitly; otherwise the Secret Service when one answers on the session bus in time, else
   the file vault when it already exists, else none -- never a silent fallback: `set` then
   offers to create the vault (offer_vault). */
struct keyring_selection {
    const struct keyring_backend *backend; /* NULL: none in use */
    bool explicit_choice;                  /* KLAXON_KEYRING chose */
    bool offer_vault;          /* no Secret Service and no vault yet: a vault may be offered */
    enum keyring_result state; /* the backend's describe_status(): KEYRING_OK = usable now */
    struct buf why;            /* one line: why this backend, or why none */
    struct buf where;          /* the backend's describe_status() line; empty for none */
};

/* Choose; 0, or -1 when KLAXON_KEYRING holds anything else (why says so; backend NULL). */
int keyring_select(struct keyring_selection *sel);
void keyring_selection_free(struct keyring_selection *sel);

/* The same operations through the selection, refusing with its reason when it chose none.
   keyring_store() validates first (keyring_check_creds) and never touches stored keys when
   the new ones are refused. */
enum keyring_result keyring_store(const struct keyring_selection *sel, const char *profile,
                                  const struct aws_creds *c, const struct keyring_options *opt,
                                  struct buf *err);
enum keyring_result keyring_lookup(const struct keyring_selection *sel, const char *profile,
                                   struct aws_creds *out, const struct keyring_options *opt,
                                   struct buf *err);
enum keyring_result keyring_erase(const struct keyring_selection *sel, const char *profile,
                                  const struct keyring_options *opt, struct buf *err);

#endif
