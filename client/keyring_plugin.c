/* The Secret Service backend as klaxon sees it: checks that need no library (is there a session
   bus address at all?), then the plugin, loaded once, from next to the executable or from
   KLX_PLUGINDIR. A plugin that cannot be loaded makes the backend "unavailable", with the reason.
 */
#define _GNU_SOURCE
#include "client/keyring_plugin.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef KLX_PLUGINDIR
#define KLX_PLUGINDIR "/usr/local/lib/klaxon"
#endif

static const struct keyring_backend *s_plugin;
static struct buf s_plugin_error = BUF_INIT; /* why it could not be loaded; kept for good */
static pthread_once_t s_plugin_once = PTHREAD_ONCE_INIT;

static void plugin_note(const char *text)
{
    if (s_plugin_error.len)
        buf_puts(&s_plugin_error, "; ");
    buf_puts(&s_plugin_error, text);
}

/* The directory of the running executable (no trailing slash), or "" when unknown. */
static void plugin_exe_dir(char *out, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", out, size - 1);
    out[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(out, '/');
    if (slash)
        *slash = '\0';
    else
        out[0] = '\0';
}

static bool plugin_try(const char *dir)
{
    char path[PATH_MAX + sizeof KEYRING_PLUGIN_FILE + 1];
    snprintf(path, sizeof path, "%s/%s", dir, KEYRING_PLUGIN_FILE);
    /* Never unloaded: GLib (which it brings) cannot be unloaded safely. */
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        plugin_note(e ? e : path);
        return false;
    }
    const struct keyring_plugin *p = dlsym(lib, KEYRING_PLUGIN_SYMBOL);
    if (!p || !p->version || strcmp(p->version, KLX_VERSION) != 0 || !p->backend) {
        plugin_note(path);
        buf_puts(&s_plugin_error, ": not the plugin of klaxon " KLX_VERSION);
        return false;
    }
    s_plugin = p->backend;
    return true;
}

static void plugin_load(void)
{
    char dir[PATH_MAX];
    plugin_exe_dir(dir, sizeof dir);
    if (*dir && plugin_try(dir))
        return;
    if (strcmp(dir, KLX_PLUGINDIR) != 0)
        plugin_try(KLX_PLUGINDIR);
}

/* The plugin's backend, or NULL with why: no session bus to talk to (GLib would otherwise fall
   back to $XDG_RUNTIME_DIR/bus or an autolaunch; only an address the user set is used), or no
   plugin. The first two cost nothing, so a bastion over SSH never loads the plugin. */
static const struct keyring_backend *plugin_backend(struct buf *why)
{
    const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
    if (!addr || !*addr) {
        buf_puts(why, "DBUS_SESSION_BUS_ADDRESS is not set: no D-Bus session, as usual over SSH");
        return NULL;
    }
    if (strstr(addr, "autolaunch:")) {
        buf_puts(why, "DBUS_SESSION_BUS_ADDRESS asks for an auto-launched bus, which klaxon "
                      "never starts");
        return NULL;
    }
    pthread_once(&s_plugin_once, plugin_load);
    if (!s_plugin)
        buf_printf(why, "the Secret Service support (" KEYRING_PLUGIN_FILE ") cannot be loaded: %s",
                   buf_cstr(&s_plugin_error));
    return s_plugin;
}

static enum keyring_result plugin_store(const char *profile, const struct aws_creds *c,
                                        const struct keyring_options *opt, struct buf *err)
{
    const struct keyring_backend *b = plugin_backend(err);
    return b ? b->store(profile, c, opt, err) : KEYRING_UNAVAILABLE;
}

static enum keyring_result plugin_lookup(const char *profile, struct aws_creds *out,
                                         const struct keyring_options *opt, struct buf *err)
{
    memset(out, 0, sizeof *out);
    const struct keyring_backend *b = plugin_backend(err);
    return b ? b->lookup(profile, out, opt, err) : KEYRING_UNAVAILABLE;
}

static enum keyring_result plugin_erase(const char *profile, const struct keyring_options *opt,
                                        struct buf *err)
{
    const struct keyring_backend *b = plugin_backend(err);
    return b ? b->erase(profile, opt, err) : KEYRING_UNAVAILABLE;
}

static enum keyring_result plugin_describe_status(struct buf *out)
{
    const struct keyring_backend *b = plugin_backend(out);
    return b ? b->describe_status(out) : KEYRING_UNAVAILABLE;
}

const struct keyring_backend keyring_secret_service = {.name = "secret-service",
                                                       .title = "the Secret Service",
                                                       .store = plugin_store,
                                                       .lookup = plugin_lookup,
                                                       .erase = plugin_erase,
                                                       .describe_status = plugin_describe_status};
