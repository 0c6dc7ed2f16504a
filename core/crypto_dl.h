/* libcrypto, loaded on first use (dlopen "libcrypto.so.3") instead of at start-up: mapping and
   relocating it cost about as much as the rest of the form's start-up, and nothing before the
   first frame needs it. core/crypto_dl.c defines the OpenSSL functions klaxon calls, under their
   own names, as forwarders: callers include the OpenSSL headers and call them as before. */
#ifndef CORE_CRYPTO_DL_H
#define CORE_CRYPTO_DL_H

#include "core/buf.h"

/* Load libcrypto once (thread-safe). 0, or -1 with "libcrypto.so.3 cannot be loaded: REASON"
   appended to err. A forwarder called when it cannot be loaded fails the way OpenSSL reports
   failure (NULL, 0, "different"), after one line on stderr. */
int crypto_dl_load(struct buf *err);

#endif
