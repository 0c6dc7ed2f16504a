/* The sign-in thread behind session/sso_signin.h: its state under a mutex, a pipe to wake the
   front end, the keys it found kept until the front end takes them. */
#include "session/sso_signin.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/sso_login.h"
#include "core/buf.h"
#include "core/printable.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "session/wake.h"

struct sso_signin {
    const struct klx_settings *s;
    pthread_t thread;
    atomic_int cancel;
    struct wake wake;
    pthread_mutex_t mu;
    struct sso_signin_state st; /* under mu */
    struct aws_creds creds;     /* under mu: the keys found, until taken */
    bool have_creds;
};

/* One line of outside words (a service's message), escaped, into dst. */
static void signin_copy(char *dst, size_t size, const char *text)
{
    struct buf b = BUF_INIT;
    printable_lines(&b, text ? text : "");
    snprintf(dst, size, "%s", buf_cstr(&b));
    buf_free(&b);
}

static void signin_show(void *ctx, const struct sso_device_auth *da, long long expires_at)
{
    struct sso_signin *g = ctx;
    pthread_mutex_lock(&g->mu);
    const char *url =
        da->verification_uri_complete ? da->verification_uri_complete : da->verification_uri;
    signin_copy(g->st.url, sizeof g->st.url, url);
    signin_copy(g->st.code, sizeof g->st.code, da->user_code);
    g->st.expires_at = expires_at;
    g->st.phase = SIGNIN_WAITING;
    pthread_mutex_unlock(&g->mu);
    wake_ring(&g->wake);
}

int sso_signin_status(enum sso_login_result r)
{
    switch (r) {
    case SSO_LOGIN_OK:
        return KLX_OK;
    case SSO_LOGIN_CANCELLED:
        return KLX_CANCELLED;
    case SSO_LOGIN_FAILED:
        return KLX_REFUSED;
    case SSO_LOGIN_UNREACHABLE:
        return KLX_UNREACHABLE;
    case SSO_LOGIN_EXPIRED:
    case SSO_LOGIN_DENIED:
        break;
    }
    return KLX_NO_CREDENTIALS;
}

/* Sign in, then find the keys; returns the status, why in why. */
static int signin_run(struct sso_signin *g, struct aws_creds *found, struct buf *why)
{
    struct sso_login_target t;
    if (sso_login_target(g->s, g->s->profile, &t, why) != 0)
        return KLX_NO_CREDENTIALS;
    const struct sso_login_ui ui = {signin_show, g};
    const struct sso_login_options o = {.cancel = &g->cancel, .ui = &ui};
    int st = sso_signin_status(sso_login_run(g->s, &t, &o, NULL, why));
    sso_login_target_free(&t);
    if (st != KLX_OK)
        return st;
    buf_reset(why);
    if (creds_resolve(g->s, found, why) == CREDS_FOUND)
        return KLX_OK;
    aws_creds_clear(found);
    return KLX_NO_CREDENTIALS;
}

static void *signin_thread(void *arg)
{
    struct sso_signin *g = arg;
    struct aws_creds found = {0};
    struct buf why = BUF_INIT;
    int st = signin_run(g, &found, &why);
    pthread_mutex_lock(&g->mu);
    g->st.phase = SIGNIN_DONE;
    g->st.status = st;
    signin_copy(g->st.message, sizeof g->st.message, buf_cstr(&why));
    if (st == KLX_OK) {
        g->creds = found;
        g->have_creds = true;
    } else {
        aws_creds_clear(&found);
    }
    pthread_mutex_unlock(&g->mu);
    buf_free(&why);
    wake_ring(&g->wake);
    return NULL;
}

struct sso_signin *sso_signin_start(const struct klx_settings *s)
{
    struct sso_signin *g = xcalloc(1, sizeof *g);
    g->s = s;
    pthread_mutex_init(&g->mu, NULL);
    /* wake_close closes only the ends wake_open opened. */
    if (wake_open(&g->wake) != 0 || pthread_create(&g->thread, NULL, signin_thread, g) != 0) {
        wake_close(&g->wake);
        pthread_mutex_destroy(&g->mu);
        free(g);
        return NULL;
    }
    return g;
}

int sso_signin_fd(const struct sso_signin *g)
{
    return g->wake.rd;
}

void sso_signin_get(struct sso_signin *g, struct sso_signin_state *out)
{
    wake_drain_lock(&g->wake, &g->mu);
    *out = g->st;
    pthread_mutex_unlock(&g->mu);
}

bool sso_signin_take_creds(struct sso_signin *g, struct aws_creds *out)
{
    pthread_mutex_lock(&g->mu);
    bool have = g->have_creds;
    if (have) {
        *out = g->creds;
        memset(&g->creds, 0, sizeof g->creds);
        g->have_creds = false;
    }
    pthread_mutex_unlock(&g->mu);
    return have;
}

void sso_signin_cancel(struct sso_signin *g)
{
    atomic_store(&g->cancel, 1);
}

void sso_signin_free(struct sso_signin *g)
{
    if (!g)
        return;
    sso_signin_cancel(g);
    pthread_join(g->thread, NULL);
    aws_creds_clear(&g->creds);
    wake_close(&g->wake);
    pthread_mutex_destroy(&g->mu);
    free(g);
}
