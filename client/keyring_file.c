/* The file vault as a keyring backend (client/keyring_base.h): where it lives, its passphrase
   from the options passed in, and what each operation's vault status means to the keyring. The
   file itself is client/keyring_vault.c's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/creds_providers.h"
#include "client/keyring_base.h"
#include "client/keyring_vault.h"
#include "core/file.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "core/xdg.h"

#define VAULT_MAX_PASSPHRASE 1024

static enum keyring_result from_vault(enum vault_status st)
{
    switch (st) {
    case VAULT_OK:
        return KEYRING_OK;
    case VAULT_MISSING:
    case VAULT_NO_ENTRY:
        return KEYRING_NOT_FOUND;
    default:
        return KEYRING_ERROR;
    }
}

static char *backend_path(struct buf *err)
{
    char *path = vault_default_path();
    if (!path)
        buf_puts(err, "neither XDG_DATA_HOME nor HOME is set: no place for the file vault");
    return path;
}

/* The passphrase into a wiped heap buffer; NULL (err set) when none is to hand. */
static char *backend_passphrase(const char *path, bool is_new, const struct keyring_options *opt,
                                struct buf *err)
{
    char *prompt = is_new ? xasprintf("New passphrase for the file vault %s: ", path)
                          : xasprintf("Passphrase for the file vault %s: ", path);
    char *pass = xmalloc(VAULT_MAX_PASSPHRASE);
    int rc = keyring_get_passphrase(opt, prompt, is_new, pass, VAULT_MAX_PASSPHRASE, err);
    free(prompt);
    if (rc != 0) {
        secmem_wipe(pass, VAULT_MAX_PASSPHRASE);
        free(pass);
        return NULL;
    }
    return pass;
}

static void passphrase_free(char *pass)
{
    if (pass) {
        secmem_wipe(pass, VAULT_MAX_PASSPHRASE);
        free(pass);
    }
}

static enum keyring_result fv_store(const char *profile, const struct aws_creds *c,
                                    const struct keyring_options *opt, struct buf *err)
{
    char *path = backend_path(err);
    if (!path)
        return KEYRING_ERROR;
    struct stat sb;
    bool is_new = stat(path, &sb) != 0 && errno == ENOENT;
    char *pass = backend_passphrase(path, is_new, opt, err);
    enum keyring_result r = KEYRING_UNAVAILABLE;
    if (pass)
        r = from_vault(vault_put(path, pass, opt ? opt->vault_kdf : NULL, profile, c, err));
    passphrase_free(pass);
    free(path);
    return r;
}

/* An entry of a vault that must already exist: read into out, or removed when out is NULL. */
static enum keyring_result fv_existing(const char *profile, struct aws_creds *out,
                                       const struct keyring_options *opt, struct buf *err)
{
    char *path = backend_path(err);
    if (!path)
        return KEYRING_ERROR;
    struct stat sb;
    enum keyring_result r;
    if (stat(path, &sb) != 0 && errno == ENOENT) {
        buf_printf(err, "there is no file vault at %s", path);
        r = KEYRING_NOT_FOUND;
    } else {
        char *pass = backend_passphrase(path, false, opt, err);
        r = KEYRING_UNAVAILABLE;
        if (pass) {
            enum vault_status st = out ? vault_get(path, pass, profile, out, err)
                                       : vault_remove(path, pass, profile, err);
            if (st == VAULT_NO_ENTRY) {
                buf_puts(err, "the file vault has nothing for profile ");
                creds_put_safe(err, profile);
            }
            r = from_vault(st);
        }
        passphrase_free(pass);
    }
    free(path);
    return r;
}

static enum keyring_result fv_lookup(const char *profile, struct aws_creds *out,
                                     const struct keyring_options *opt, struct buf *err)
{
    memset(out, 0, sizeof *out);
    return fv_existing(profile, out, opt, err);
}

static enum keyring_result fv_erase(const char *profile, const struct keyring_options *opt,
                                    struct buf *err)
{
    return fv_existing(profile, NULL, opt, err);
}

static enum keyring_result fv_describe_status(struct buf *out)
{
    char *path = vault_default_path();
    if (!path) {
        buf_puts(out, "the file vault has no place: neither XDG_DATA_HOME nor HOME is set");
        return KEYRING_ERROR;
    }
    struct stat sb;
    struct buf unsafe = BUF_INIT;
    enum keyring_result r = KEYRING_OK;
    if (vault_check_place(path, &unsafe) != VAULT_OK) {
        buf_puts(out, buf_cstr(&unsafe));
        r = KEYRING_ERROR;
    } else if (stat(path, &sb) != 0)
        buf_printf(out, "the file vault %s (not created yet)", path);
    else if ((sb.st_mode & 077) != 0)
        buf_printf(out, "the file vault %s (mode %04o: others may read it; chmod 600 it)", path,
                   (unsigned)(sb.st_mode & 07777));
    else
        buf_printf(out, "the file vault %s (%lld bytes, mode 0600, encrypted)", path,
                   (long long)sb.st_size);
    buf_free(&unsafe);
    free(path);
    return r;
}

const struct keyring_backend keyring_file_vault = {.name = "file",
                                                   .title = "the file vault",
                                                   .store = fv_store,
                                                   .lookup = fv_lookup,
                                                   .erase = fv_erase,
                                                   .describe_status = fv_describe_status};
