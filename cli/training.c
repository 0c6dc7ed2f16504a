/* `klaxon training`: the bundled simulator on a free loopback port with the training keys, the
   same form against it under a TRAINING banner, and on exit what was declared. No AWS account,
   no credentials, no network. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/buf.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "forms/draft.h"
#include "sim/sim.h"
#include "tui/tui.h"

static void training_usage(FILE *f)
{
    fputs("usage: klaxon training [--sim-log FILE]\n"
          "\n"
          "Practise declaring an incident: starts the bundled simulator on 127.0.0.1 (a free\n"
          "port) with the training keys and opens the form against it. Nothing reaches AWS.\n"
          "On exit, lists what was declared.\n"
          "\n"
          "  --sim-log FILE   the simulator's request log, one JSON line per request\n"
          "                   (also KLAXON_SIM_LOG)\n",
          f);
}

/* What the trainee declared, for the terminal after the form closes. */
static void training_summary(struct sim *sim)
{
    char *text = sim_incidents_json(sim);
    json_t *a = text ? json_loads(text, 0, NULL) : NULL;
    size_t n = json_array_size(a);
    printf("Training session: %zu incident%s declared%s\n", n, n == 1 ? "" : "s", n ? ":" : ".");
    size_t i;
    json_t *e;
    json_array_foreach(a, i, e)
    {
        const char *arn = json_string_value(json_object_get(e, "arn"));
        const char *title = json_string_value(json_object_get(e, "title"));
        json_int_t impact = json_integer_value(json_object_get(e, "impact"));
        printf("  impact %lld  %s\n           %s\n", (long long)impact, title ? title : "",
               arn ? arn : "");
    }
    json_decref(a);
    free(text);
}

int cmd_training(int argc, char **argv, const struct cli_globals *g)
{
    const char *log = getenv("KLAXON_SIM_LOG");
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            training_usage(stdout);
            return KLX_OK;
        } else if (!strcmp(argv[i], "--sim-log") && i + 1 < argc) {
            log = argv[++i];
        } else if (!strncmp(argv[i], "--sim-log=", 10)) {
            log = argv[i] + 10;
        } else {
            fprintf(stderr, "klaxon training: unexpected argument \"%s\"\n", argv[i]);
            training_usage(stderr);
            return KLX_USAGE;
        }
    }
    struct sim_options opt = {
        .bind = "127.0.0.1", .port = 0, .log_file = log && *log ? log : NULL, .quiet = true};
    struct buf err = BUF_INIT;
    struct sim *sim = sim_start(&opt, &err);
    if (!sim) {
        fprintf(stderr, "klaxon training: cannot start the simulator: %s\n", buf_cstr(&err));
        buf_free(&err);
        return KLX_UNREACHABLE;
    }
    buf_free(&err);
    /* Settings of our own: the trainee's AWS profile and environment play no part. */
    struct klx_settings s = {
        .profile = xstrdup("training"),
        .region = xstrdup(SIM_DEFAULT_REGION),
        .endpoint_url = xstrdup(sim_url(sim)),
        .max_attempts = 3,
        .debug = g->flags.debug,
        .connect_timeout = g->connect_timeout,
        .read_timeout = g->read_timeout,
    };
    struct aws_creds creds = {
        .access_key_id = SIM_TRAINING_ACCESS_KEY_ID,
        .secret_access_key = SIM_TRAINING_SECRET_ACCESS_KEY,
        .source = "training",
    };
    /* Training declarations go to a journal of their own, never into `klaxon history`. */
    struct buf derr = BUF_INIT;
    char *dir = draft_state_dir(true, &derr);
    char *journal = dir ? xasprintf("%s/training-journal.jsonl", dir) : NULL;
    free(dir);
    buf_free(&derr);
    struct tui_config cfg = {
        .settings = &s,
        .creds = &creds,
        .training = true,
        .training_url = sim_url(sim),
        .no_color = g->no_color,
        .draft_name = DRAFT_TRAINING_NAME,
        .recent_file = "training-recent-plans",
        .plan_cache = false,
        .journal_path = journal ? journal : "/dev/null",
    };
    int rc = tui_declare(&cfg, g->plain, NULL);
    training_summary(sim);
    sim_stop(sim);
    settings_free(&s);
    free(journal);
    return rc;
}
