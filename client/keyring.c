/* Keyring backend selection, what may be stored, passphrases, and the JSON form of one profile's
   keys that both backends store. */
#define _GNU_SOURCE
#include "client/keyring.h"

#include <jansson.h>
#include <openssl/crypto.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "client/creds_providers.h"
#include "client/keyring_vault.h"
#include "core/secmem.h"
#include "core/utf8.h"
#include "core/xalloc.h"

/* ---- Selection ---- */

static void selection_describe(struct keyring_selection *sel)
{
    if (sel->backend)
        sel->state = sel->backend->describe_status(&sel->where);
}

int keyring_select(struct keyring_selection *sel)
{
    memset(sel, 0, sizeof *sel);
    buf_init(&sel->why);
    buf_init(&sel->where);
    sel->state = KEYRING_UNAVAILABLE;
    const char *v = getenv("KLAXON_KEYRING");
    if (v && *v) {
        sel->explicit_choice = true;
        if (!strcmp(v, "none")) {
            buf_puts(&sel->why, "KLAXON_KEYRING=none: klaxon keeps no keys");
            return 0;
        }
        if (!strcmp(v, keyring_secret_service.name))
            sel->backend = &keyring_secret_service;
        else if (!strcmp(v, keyring_file_vault.name))
            sel->backend = &keyring_file_vault;
        else {
            buf_puts(&sel->why, "KLAXON_KEYRING=\"");
            creds_put_safe(&sel->why, v);
            buf_puts(&sel->why, "\" is not one of secret-service, file, none");
            return -1;
        }
        buf_printf(&sel->why, "KLAXON_KEYRING=%s", v);
        selection_describe(sel);
        return 0;
    }

    /* No explicit choice: the Secret Service if one answers; the vault only when the user
       already chose to create it; otherwise none, and `set` offers the vault. */
    struct buf probe = BUF_INIT;
    enum keyring_result r = keyring_secret_service.describe_status(&probe);
    if (r != KEYRING_UNAVAILABLE) {
        sel->backend = &keyring_secret_service;
        sel->state = r;
        buf_puts(&sel->why, "a Secret Service answered on the D-Bus session bus");
        buf_append(&sel->where, probe.data ? probe.data : "", probe.len);
        buf_free(&probe);
        return 0;
    }
    char *path = vault_default_path();
    struct stat st;
    if (path && stat(path, &st) == 0) {
        sel->backend = &keyring_file_vault;
        buf_printf(&sel->why, "no Secret Service (%s), and the file vault exists",
                   buf_cstr(&probe));
        selection_describe(sel);
    } else {
        sel->offer_vault = true;
        buf_printf(&sel->why, "no Secret Service (%s)", buf_cstr(&probe));
    }
    free(path);
    buf_free(&probe);
    return 0;
}

void keyring_selection_free(struct keyring_selection *sel)
{
    buf_free(&sel->why);
    buf_free(&sel->where);
    sel->backend = NULL;
}

static bool selection_refuses(const struct keyring_selection *sel, struct buf *err)
{
    if (sel->backend)
        return false;
    buf_puts(err, buf_cstr(&sel->why));
    if (sel->offer_vault)
        buf_puts(err, "; KLAXON_KEYRING=file keeps the keys in an encrypted file vault instead");
    return true;
}

enum keyring_result keyring_store(const struct keyring_selection *sel, const char *profile,
                                  const struct aws_creds *c, const struct keyring_options *opt,
                                  struct buf *err)
{
    if (keyring_check_profile(profile, err) || keyring_check_creds(c, err, NULL))
        return KEYRING_ERROR;
    if (selection_refuses(sel, err))
        return KEYRING_UNAVAILABLE;
    return sel->backend->store(profile, c, opt, err);
}

enum keyring_result keyring_lookup(const struct keyring_selection *sel, const char *profile,
                                   struct aws_creds *out, const struct keyring_options *opt,
                                   struct buf *err)
{
    memset(out, 0, sizeof *out);
    if (keyring_check_profile(profile, err))
        return KEYRING_ERROR;
    if (selection_refuses(sel, err))
        return KEYRING_UNAVAILABLE;
    return sel->backend->lookup(profile, out, opt, err);
}

enum keyring_result keyring_erase(const struct keyring_selection *sel, const char *profile,
                                  const struct keyring_options *opt, struct buf *err)
{
    if (keyring_check_profile(profile, err))
        return KEYRING_ERROR;
    if (selection_refuses(sel, err))
        return KEYRING_UNAVAILABLE;
    return sel->backend->erase(profile, opt, err);
}
