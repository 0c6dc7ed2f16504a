/* The keyring's place in the credential chain: the stored keys of the settings' profile, from
   whichever backend keyring_select() picks, right after explicit environment keys. */
#include "client/creds_keyring.h"

#include <string.h>

#include "client/creds_providers.h"
#include "client/keyring.h"

static void put_profile(struct buf *why, const char *profile)
{
    buf_putc(why, '"');
    creds_put_safe(why, profile);
    buf_putc(why, '"');
}

/* A backend that is there but cannot be opened now (no answer in time, the vault's passphrase
   not to hand) is passed over with its reason: the sources after it may still serve. A locked
   item, a wrong passphrase or a damaged vault stops the chain: keys were stored on purpose and
   using others instead would surprise. */
static enum creds_result keyring_get(const struct klx_settings *s, struct aws_creds *out,
                                     struct buf *why)
{
    memset(out, 0, sizeof *out);
    struct keyring_selection sel;
    if (keyring_select(&sel) != 0) {
        buf_printf(why, "keyring: %s\n", buf_cstr(&sel.why));
        keyring_selection_free(&sel);
        return CREDS_ERROR;
    }
    if (!sel.backend) {
        buf_printf(why, "keyring: not used: %s\n", buf_cstr(&sel.why));
        keyring_selection_free(&sel);
        return CREDS_NOT_FOUND;
    }
    const struct keyring_backend *be = sel.backend;
    keyring_selection_free(&sel);

    struct buf err = BUF_INIT;
    enum keyring_result r = keyring_check_profile(s->profile, &err) == 0
                                ? be->lookup(s->profile, out, s->keyring, &err)
                                : KEYRING_NOT_FOUND;
    enum creds_result cr;
    switch (r) {
    case KEYRING_OK: {
        char masked[9];
        keyring_mask_key_id(out->access_key_id, masked);
        out->source = "keyring";
        buf_puts(why, "keyring: keys for profile ");
        put_profile(why, s->profile);
        buf_printf(why, " in %s (key id %s)\n", be->title, masked);
        cr = CREDS_FOUND;
        break;
    }
    case KEYRING_NOT_FOUND:
        buf_puts(why, "keyring: nothing stored for profile ");
        put_profile(why, s->profile);
        buf_printf(why, " in %s\n", be->title);
        cr = CREDS_NOT_FOUND;
        break;
    case KEYRING_UNAVAILABLE:
        buf_printf(why, "keyring: %s cannot be used now: %s\n", be->title, buf_cstr(&err));
        cr = CREDS_NOT_FOUND;
        break;
    default:
        buf_printf(why, "keyring: %s\n", buf_cstr(&err));
        cr = CREDS_ERROR;
        break;
    }
    if (cr != CREDS_FOUND)
        aws_creds_clear(out);
    buf_free(&err);
    return cr;
}

const struct creds_provider creds_provider_keyring = {"keyring", keyring_get};
