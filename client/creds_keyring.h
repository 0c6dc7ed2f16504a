/* The keyring's place in the credential chain (Secret Service or the encrypted file vault). */
#ifndef CLIENT_CREDS_KEYRING_H
#define CLIENT_CREDS_KEYRING_H

#include "client/creds.h"

extern const struct creds_provider creds_provider_keyring;

#endif
