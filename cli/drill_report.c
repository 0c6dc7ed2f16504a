/* `klaxon drill --report LOG`: the debrief of a drill room from the simulator's request log, as
   a terminal table, Markdown or CSV; lines that cannot be read are counted, never fatal. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/drill_trainer.h"
#include "core/status.h"
#include "forms/room_report.h"

static int drill_report_usage(const char *why)
{
    fprintf(stderr, "klaxon drill: %s\nusage: klaxon drill --report LOG [--format table|markdown|csv]\n",
            why);
    return KLX_USAGE;
}

/* --report LOG [--format F], in either order after --report. */
static int drill_report_args(int argc, char **argv, const char **log, int *fmt)
{
    *log = NULL;
    *fmt = ROOM_FORMAT_TABLE;
    for (int i = 0; i < argc; i++) {
        bool has_value = i + 1 < argc;
        if (strcmp(argv[i], "--report") == 0 && has_value) {
            *log = argv[++i];
        } else if (strcmp(argv[i], "--format") == 0 && has_value) {
            *fmt = room_format_parse(argv[++i]);
            if (*fmt < 0) {
                fprintf(stderr, "klaxon drill: --format \"%s\" is not table, markdown or csv\n",
                        argv[i]);
                return KLX_USAGE;
            }
        } else {
            char why[128];
            snprintf(why, sizeof why, "unexpected argument \"%.60s\" with --report", argv[i]);
            return drill_report_usage(why);
        }
    }
    return *log ? KLX_OK : drill_report_usage("--report needs the simulator's LOG file");
}

int drill_report_cmd(int argc, char **argv)
{
    const char *path;
    int fmt;
    int rc = drill_report_args(argc, argv, &path, &fmt);
    if (rc != KLX_OK)
        return rc;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr,
                "klaxon drill: cannot read the log %s: %s (give the file klaxon-sim --log wrote)\n",
                path, strerror(errno));
        return KLX_USAGE;
    }
    struct room_report r;
    room_report_init(&r);
    room_report_read(&r, f);
    fclose(f);
    if (r.bad)
        fprintf(stderr, "klaxon drill: %s: skipped %zu line%s that could not be read (first: %s)\n",
                path, r.bad, r.bad == 1 ? "" : "s", r.first_bad);
    if (r.n == 0 && r.nrefused == 0)
        fprintf(stderr, "klaxon drill: %s has no room events: was it a room's log "
                        "(klaxon-sim --scenarios ... --log FILE)?\n", path);
    struct buf out = BUF_INIT;
    room_report_write(&r, (enum room_format)fmt, &out);
    fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
    room_report_free(&r);
    return KLX_OK;
}
