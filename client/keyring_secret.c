/* The Secret Service keyring backend (libsecret): the only file in klaxon that includes it,
   built as the plugin klaxon-keyring-secret.so (client/keyring_plugin.h). Every call runs under
   a deadline, no bus is ever auto-launched, no prompt is ever opened. */
#define _GNU_SOURCE
#include <libsecret/secret.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/creds_providers.h"
#include "client/keyring.h"
#include "client/keyring_plugin.h"
#include "core/secmem.h"

/* "Within a second or two": connecting and finding the service; then each operation. */
#define SS_CONNECT_MS 1500
#define SS_CALL_MS    3000
/* A verdict of "no Secret Service" is kept this long, so that `status` (which asks several
   times) does not wait out the same dead bus again and again. */
#define SS_VERDICT_KEEP_US (10 * G_USEC_PER_SEC)

#define SS_BUS_NAME "org.freedesktop.secrets"

static const SecretSchema ss_schema = {
    .name = "io.klaxon.Credentials",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {{"profile", SECRET_SCHEMA_ATTRIBUTE_STRING}, {NULL, 0}},
};

/* ---- Deadlines: a watchdog thread cancels the operation's GCancellable ---- */

struct ss_deadline {
    GCancellable *cancel;
    GMutex lock;
    GCond cond;
    gboolean done, fired;
    gint64 until; /* g_get_monotonic_time() units */
    int ms;
    GThread *thread;
};

static gpointer ss_watchdog(gpointer data)
{
    struct ss_deadline *d = data;
    gboolean fire = FALSE;
    g_mutex_lock(&d->lock);
    while (!d->done) {
        if (!g_cond_wait_until(&d->cond, &d->lock, d->until)) {
            fire = !d->done;
            break;
        }
    }
    d->fired = fire;
    g_mutex_unlock(&d->lock);
    if (fire)
        g_cancellable_cancel(d->cancel);
    return NULL;
}

static void ss_deadline_start(struct ss_deadline *d, int ms)
{
    memset(d, 0, sizeof *d);
    d->cancel = g_cancellable_new();
    g_mutex_init(&d->lock);
    g_cond_init(&d->cond);
    d->ms = ms;
    d->until = g_get_monotonic_time() + (gint64)ms * 1000;
    d->thread = g_thread_new("klaxon-keyring-deadline", ss_watchdog, d);
}

static void ss_deadline_stop(struct ss_deadline *d)
{
    g_mutex_lock(&d->lock);
    d->done = TRUE;
    g_cond_signal(&d->cond);
    g_mutex_unlock(&d->lock);
    g_thread_join(d->thread);
    g_object_unref(d->cancel);
    g_mutex_clear(&d->lock);
    g_cond_clear(&d->cond);
}

static gboolean ss_timed_out(const struct ss_deadline *d, const GError *e)
{
    return d->fired || g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
           g_error_matches(e, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

/* ---- Connecting ---- */

static gint64 s_verdict_until;
static char s_verdict[256];
static char s_verdict_addr[256]; /* the bus address the verdict is about */

/* The verdict "no Secret Service", remembered for SS_VERDICT_KEEP_US. */
static enum keyring_result ss_verdict(struct buf *why, const char *text)
{
    snprintf(s_verdict, sizeof s_verdict, "%s", text);
    s_verdict_until = g_get_monotonic_time() + SS_VERDICT_KEEP_US;
    buf_puts(why, s_verdict);
    return KEYRING_UNAVAILABLE;
}

/* A failed connection step: a timeout names the deadline (who did not answer), anything else
   GLib's message after fail. */
static enum keyring_result ss_verdict_error(struct buf *why, const struct ss_deadline *d,
                                            GError **e, const char *who, const char *fail)
{
    char text[256];
    if (ss_timed_out(d, *e))
        snprintf(text, sizeof text, "%s did not answer within %.1f s", who, d->ms / 1000.0);
    else
        snprintf(text, sizeof text, "%s: %s", fail, *e ? (*e)->message : "unknown error");
    g_clear_error(e);
    return ss_verdict(why, text);
}

/* Is a session bus there, and does anything on it own the Secret Service's name? Asked with
   NO_AUTO_START: klaxon does not start a keyring daemon behind the user's back either. */
static enum keyring_result ss_probe_bus(struct ss_deadline *d, struct buf *why)
{
    GError *e = NULL;
    GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, d->cancel, &e);
    if (!bus)
        return ss_verdict_error(why, d, &e, "the D-Bus session bus",
                                "cannot connect to the D-Bus session bus");
    /* GLib's default for the shared bus is to kill the process when the bus goes away: a dying
       keyring must not take the form (and its draft) with it. */
    g_dbus_connection_set_exit_on_close(bus, FALSE);
    GVariant *reply = g_dbus_connection_call_sync(
        bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        "NameHasOwner", g_variant_new("(s)", SS_BUS_NAME), G_VARIANT_TYPE("(b)"),
        G_DBUS_CALL_FLAGS_NO_AUTO_START, d->ms, d->cancel, &e);
    g_object_unref(bus);
    if (!reply)
        return ss_verdict_error(why, d, &e, "the D-Bus session bus",
                                "the D-Bus session bus failed");
    gboolean owned = FALSE;
    g_variant_get(reply, "(b)", &owned);
    g_variant_unref(reply);
    if (!owned)
        return ss_verdict(why, "nothing on the D-Bus session bus provides " SS_BUS_NAME
                               " (no keyring daemon is running)");
    return KEYRING_OK;
}

/* A connected service with an open (encrypted) session, or NULL with why. */
static SecretService *ss_open(struct buf *why, enum keyring_result *r)
{
    /* GLib would fall back to $XDG_RUNTIME_DIR/bus or an autolaunch: only an address the user
       set is used, checked before any GLib call (or thread) is made. */
    const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
    *r = KEYRING_UNAVAILABLE;
    /* keyring_plugin.c has refused (and explained) these before loading us; checked again
       because GLib must never get the chance to pick a bus of its own. */
    if (!addr || !*addr || strstr(addr, "autolaunch:")) {
        buf_puts(why, "no usable DBUS_SESSION_BUS_ADDRESS");
        return NULL;
    }
    if (s_verdict_until && g_get_monotonic_time() < s_verdict_until &&
        !strcmp(addr, s_verdict_addr)) {
        buf_puts(why, s_verdict);
        return NULL;
    }
    s_verdict_until = 0;
    snprintf(s_verdict_addr, sizeof s_verdict_addr, "%s", addr);
    struct ss_deadline d;
    ss_deadline_start(&d, SS_CONNECT_MS);
    SecretService *svc = NULL;
    *r = ss_probe_bus(&d, why);
    if (*r == KEYRING_OK) {
        GError *e = NULL;
        svc = secret_service_open_sync(SECRET_TYPE_SERVICE, NULL, SECRET_SERVICE_OPEN_SESSION,
                                       d.cancel, &e);
        if (!svc)
            *r = ss_verdict_error(why, &d, &e, "the Secret Service", "the Secret Service failed");
    }
    ss_deadline_stop(&d);
    return svc;
}

/* A failed call: a timeout is "unavailable", anything else an error. */
static enum keyring_result ss_failed(const struct ss_deadline *d, GError **e, const char *what,
                                     struct buf *err)
{
    enum keyring_result r;
    if (ss_timed_out(d, *e)) {
        buf_printf(err, "the Secret Service did not answer within %.1f s (%s)", d->ms / 1000.0,
                   what);
        r = KEYRING_UNAVAILABLE;
    } else {
        buf_printf(err, "the Secret Service refused to %s: %s", what,
                   *e ? (*e)->message : "unknown error");
        r = KEYRING_ERROR;
    }
    g_clear_error(e);
    return r;
}

/* what: the sentence saying what is locked; then how to unlock it without a prompt. */
static void ss_unlock_advice(struct buf *err, const char *what)
{
    buf_printf(err,
               "%s. Unlock it from the desktop (logging in does it, or the Passwords and Keys "
               "app); over SSH with GNOME Keyring: read -rs P && printf %%s \"$P\" | "
               "gnome-keyring-daemon --replace --unlock --components=secrets; unset P -- or use "
               "KLAXON_KEYRING=file",
               what);
}

/* The default collection, checked to exist and be unlocked (never unlocked for the user:
   that would pop a prompt). */
static enum keyring_result ss_default_collection(SecretService *svc, struct ss_deadline *d,
                                                 struct buf *out, gboolean status_line)
{
    GError *e = NULL;
    SecretCollection *col = secret_collection_for_alias_sync(svc, SECRET_COLLECTION_DEFAULT,
                                                             SECRET_COLLECTION_NONE, d->cancel, &e);
    if (!col) {
        if (e)
            return ss_failed(d, &e, "find its default collection", out);
        buf_puts(out, "the Secret Service has no default collection, and creating one needs a "
                      "desktop prompt. With GNOME Keyring over SSH: read -rs P && printf %s "
                      "\"$P\" | gnome-keyring-daemon --replace --unlock --components=secrets; "
                      "unset P (creates the login collection) -- or use KLAXON_KEYRING=file");
        return KEYRING_ERROR;
    }
    gchar *label = secret_collection_get_label(col);
    enum keyring_result r = KEYRING_OK;
    if (secret_collection_get_locked(col)) {
        char *what = g_strdup_printf("the Secret Service's default collection \"%s\" is locked",
                                     label ? label : "");
        ss_unlock_advice(out, what);
        g_free(what);
        r = KEYRING_LOCKED;
    } else if (status_line)
        buf_printf(out, "the Secret Service, default collection \"%s\" (unlocked)",
                   label ? label : "");
    g_free(label);
    g_object_unref(col);
    return r;
}

static GHashTable *ss_attributes(const char *profile)
{
    return secret_attributes_build(&ss_schema, "profile", profile, NULL);
}

/* One backend call: the connected service and the deadline its operations run under. */
struct ss_call {
    SecretService *svc;
    struct ss_deadline d;
};

static enum keyring_result ss_call_begin(struct ss_call *c, struct buf *err)
{
    enum keyring_result r;
    c->svc = ss_open(err, &r);
    if (c->svc)
        ss_deadline_start(&c->d, SS_CALL_MS);
    return r;
}

static void ss_call_end(struct ss_call *c)
{
    ss_deadline_stop(&c->d);
    g_object_unref(c->svc);
}

/* The profile's items, without unlocking anything or loading secrets: KEYRING_OK means at
   least one (free *items in any case). */
static enum keyring_result ss_find(struct ss_call *c, const char *profile, GList **items,
                                   struct buf *err)
{
    GHashTable *attrs = ss_attributes(profile);
    GError *e = NULL;
    *items =
        secret_service_search_sync(c->svc, &ss_schema, attrs, SECRET_SEARCH_ALL, c->d.cancel, &e);
    g_hash_table_unref(attrs);
    if (e)
        return ss_failed(&c->d, &e, "search", err);
    if (*items)
        return KEYRING_OK;
    buf_puts(err, "the Secret Service has nothing for profile ");
    creds_put_safe(err, profile);
    return KEYRING_NOT_FOUND;
}

static enum keyring_result ss_item_locked(struct buf *err)
{
    ss_unlock_advice(err, "the keys for this profile are in a locked collection of the Secret "
                          "Service");
    return KEYRING_LOCKED;
}

/* ---- The backend ---- */

/* The Secret Service asks for nothing: opt (the vault's passphrase) does not apply. */
static enum keyring_result ss_store(const char *profile, const struct aws_creds *c,
                                    const struct keyring_options *opt, struct buf *err)
{
    (void)opt;
    struct ss_call call;
    enum keyring_result r = ss_call_begin(&call, err);
    if (r != KEYRING_OK)
        return r;
    r = ss_default_collection(call.svc, &call.d, err, FALSE);
    if (r == KEYRING_OK) {
        char *json = keyring_creds_encode(c);
        /* libsecret copies it into its own non-pageable memory, wiped when freed. */
        SecretValue *value = secret_value_new(json, -1, "application/json");
        secmem_free_str(json);
        GHashTable *attrs = ss_attributes(profile);
        gchar *label = g_strdup_printf("klaxon AWS credentials (profile %s)", profile);
        GError *e = NULL;
        if (!secret_service_store_sync(call.svc, &ss_schema, attrs, SECRET_COLLECTION_DEFAULT,
                                       label, value, call.d.cancel, &e))
            r = ss_failed(&call.d, &e, "store the keys", err);
        g_free(label);
        g_hash_table_unref(attrs);
        secret_value_unref(value);
    }
    ss_call_end(&call);
    return r;
}

static enum keyring_result ss_read_item(SecretItem *item, struct ss_deadline *d,
                                        struct aws_creds *out, struct buf *err)
{
    GError *e = NULL;
    if (!secret_item_load_secret_sync(item, d->cancel, &e))
        return ss_failed(d, &e, "hand over the stored keys", err);
    SecretValue *value = secret_item_get_secret(item);
    if (!value) {
        buf_puts(err, "the Secret Service returned no secret for the stored keys");
        return KEYRING_ERROR;
    }
    gsize len = 0;
    const gchar *data = secret_value_get(value, &len);
    struct buf derr = BUF_INIT;
    enum keyring_result r = KEYRING_OK;
    if (keyring_creds_decode(data, len, out, &derr) != 0) {
        buf_printf(err, "the Secret Service's item for this profile is damaged: %s",
                   buf_cstr(&derr));
        r = KEYRING_ERROR;
    }
    buf_free(&derr);
    secret_value_unref(value);
    return r;
}

/* What lookup or erase does with the profile's items (at least one). */
typedef enum keyring_result (*ss_items_fn)(struct ss_call *c, GList *items, void *ctx,
                                           struct buf *err);

/* Connect, find the profile's items and hand them to fn. */
static enum keyring_result ss_with_items(const char *profile, ss_items_fn fn, void *ctx,
                                         struct buf *err)
{
    struct ss_call call;
    enum keyring_result r = ss_call_begin(&call, err);
    if (r != KEYRING_OK)
        return r;
    GList *items = NULL;
    r = ss_find(&call, profile, &items, err);
    if (r == KEYRING_OK)
        r = fn(&call, items, ctx, err);
    g_list_free_full(items, g_object_unref);
    ss_call_end(&call);
    return r;
}

/* The first unlocked item's keys into out (a struct aws_creds). */
static enum keyring_result ss_read_unlocked(struct ss_call *c, GList *items, void *out,
                                            struct buf *err)
{
    for (GList *l = items; l; l = l->next)
        if (!secret_item_get_locked(l->data))
            return ss_read_item(l->data, &c->d, out, err);
    return ss_item_locked(err);
}

/* All or nothing: a locked copy would survive a partial delete. */
static enum keyring_result ss_delete_all(struct ss_call *c, GList *items, void *ctx,
                                         struct buf *err)
{
    (void)ctx;
    for (GList *l = items; l; l = l->next)
        if (secret_item_get_locked(l->data))
            return ss_item_locked(err);
    GError *e = NULL;
    for (GList *l = items; l; l = l->next)
        if (!secret_item_delete_sync(l->data, c->d.cancel, &e))
            return ss_failed(&c->d, &e, "delete the stored keys", err);
    return KEYRING_OK;
}

static enum keyring_result ss_lookup(const char *profile, struct aws_creds *out,
                                     const struct keyring_options *opt, struct buf *err)
{
    (void)opt;
    memset(out, 0, sizeof *out);
    return ss_with_items(profile, ss_read_unlocked, out, err);
}

static enum keyring_result ss_erase(const char *profile, const struct keyring_options *opt,
                                    struct buf *err)
{
    (void)opt;
    return ss_with_items(profile, ss_delete_all, NULL, err);
}

static enum keyring_result ss_describe_status(struct buf *out)
{
    struct ss_call call;
    enum keyring_result r = ss_call_begin(&call, out);
    if (r != KEYRING_OK)
        return r;
    r = ss_default_collection(call.svc, &call.d, out, TRUE);
    ss_call_end(&call);
    return r;
}

static const struct keyring_backend ss_backend = {.name = "secret-service",
                                                  .title = "the Secret Service",
                                                  .store = ss_store,
                                                  .lookup = ss_lookup,
                                                  .erase = ss_erase,
                                                  .describe_status = ss_describe_status};

/* The plugin's one export (the build hides every other symbol). */
__attribute__((visibility("default"))) const struct keyring_plugin keyring_secret_plugin = {
    .version = KLX_VERSION,
    .backend = &ss_backend,
};
