/* The Secret Service backend is a plugin (klaxon-keyring-secret.so, linked with libsecret and
   GLib) that client/keyring_plugin.c loads only when that backend is actually used: the form and
   every run that never reaches the keyring start without those libraries. */
#ifndef CLIENT_KEYRING_PLUGIN_H
#define CLIENT_KEYRING_PLUGIN_H

#include "client/keyring.h"

#define KEYRING_PLUGIN_FILE   "klaxon-keyring-secret.so"
#define KEYRING_PLUGIN_SYMBOL "keyring_secret_plugin"

/* What the plugin exports under KEYRING_PLUGIN_SYMBOL. A plugin from another klaxon version is
   refused: the backend struct and the functions it calls back into may differ. */
struct keyring_plugin {
    const char *version; /* KLX_VERSION it was built with */
    const struct keyring_backend *backend;
};

#endif
