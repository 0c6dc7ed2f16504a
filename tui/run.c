/* The entry both `klaxon` and `klaxon training` use: choose plain or full screen, run, and report
   on the restored terminal. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/printable.h"
#include "core/buf.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "forms/draft.h"
#include "tui/tui.h"

/* While the screen is in use, --debug lines would scribble over it: send them to a file. */
static char *run_redirect_debug(void)
{
    struct buf err = BUF_INIT;
    char *dir = draft_state_dir(true, &err);
    buf_free(&err);
    if (!dir)
        return NULL;
    char *path = xasprintf("%s/debug.log", dir);
    free(dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    fflush(stderr);
    dup2(fd, STDERR_FILENO);
    close(fd);
    return path;
}

int tui_declare(const struct tui_config *cfg, bool plain_flag, char **incident_arn)
{
    struct tui_outcome out = {0};
    const char *why = NULL;
    int saved_stderr = -1;
    char *debug_log = NULL;
    if (incident_arn)
        *incident_arn = NULL;
    bool plain = tui_want_plain(plain_flag, &why);
    if (!plain) {
        if (cfg->session.settings->debug && isatty(STDERR_FILENO)) {
            saved_stderr = dup(STDERR_FILENO);
            debug_log = run_redirect_debug();
        }
        if (!tui_run(cfg, &out, &why)) {
            fprintf(stderr, "klaxon: %s: using plain prompts\n", why);
            plain = true;
        }
        if (saved_stderr >= 0) {
            fflush(stderr);
            dup2(saved_stderr, STDERR_FILENO);
            close(saved_stderr);
            if (debug_log)
                fprintf(stderr, "klaxon: --debug output is in %s\n", debug_log);
        }
        free(debug_log);
    }
    if (plain)
        tui_plain_run(cfg, &out);
    /* The ARN and the notes (resent declarations' titles and ARNs) are outside text. */
    struct buf t = BUF_INIT;
    if (!plain && out.incident_arn) {
        printable_lines(&t, out.incident_arn);
        printf("Declared %s\n", buf_cstr(&t));
    }
    if (out.message) {
        buf_reset(&t);
        printable_lines(&t, out.message);
        fprintf(stderr, "klaxon: %s\n", buf_cstr(&t));
    }
    buf_free(&t);
    free(out.message);
    if (incident_arn)
        *incident_arn = out.incident_arn;
    else
        free(out.incident_arn);
    return out.status;
}
