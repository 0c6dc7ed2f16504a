/* `klaxon drill`: scored training. A scenario's brief, the real form against the simulator serving
   the scenario's plans and faults, then a score card with the scenario's explanations and its
   model declaration; attempts are kept for --history. Also --list and --check FILE. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/drill_brief.h"
#include "cli/drill_room.h"
#include "cli/drill_trainer.h"
#include "cli/training.h"
#include "core/buf.h"
#include "core/file.h"
#include "core/printable.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "core/xdg.h"
#include "forms/drill_score.h"
#include "forms/scenario.h"
#include "session/drill.h"

/* Where an installed klaxon finds the bundled scenarios. */
#ifndef KLX_SCENARIOSDIR
#define KLX_SCENARIOSDIR "/usr/local/share/klaxon/scenarios"
#endif

#define DRILL_MAX_LOG (64 * 1024 * 1024)

static void drill_usage(FILE *f)
{
    fputs("usage: klaxon drill [NAME | FILE]     play a scenario (a random one without NAME)\n"
          "       klaxon drill --list            the scenarios, with their difficulty\n"
          "       klaxon drill --check FILE...   check scenario files (exit 2 on problems)\n"
          "       klaxon drill --history         your attempts and best times\n"
          "       klaxon drill --join URL --name NAME\n"
          "                                      join a trainer's drill room (doc/room.md)\n"
          "       klaxon drill --report LOG [--format table|markdown|csv]\n"
          "                                      a room's debrief from klaxon-sim's --log\n"
          "       klaxon drill --board URL [--plain] [--ca-bundle FILE]\n"
          "                                      the live board of a room (q quits)\n"
          "\n"
          "A drill shows a scenario's brief (the page, the symptoms, the links, the time),\n"
          "starts the clock, and opens the form against the bundled simulator serving the\n"
          "scenario's plans and faults, under the TRAINING banner. After the declaration a\n"
          "score card says what was right and why, then shows the model declaration.\n"
          "No AWS account and no credentials are needed; nothing reaches AWS.\n"
          "\n"
          "Scenarios come from $KLAXON_SCENARIOS_DIR, else the scenarios folder beside the\n"
          "program's folder (a build tree), else " KLX_SCENARIOSDIR ".\n"
          "Attempts are kept in $XDG_STATE_HOME/klaxon/drills/. See doc/scenarios.md.\n",
          f);
}

/* The scenarios directory (caller frees). */
static char *drill_scenarios_dir(void)
{
    const char *env = getenv("KLAXON_SCENARIOS_DIR");
    if (env && *env)
        return xstrdup(env);
    char *p = file_beside_self("../scenarios");
    struct stat st;
    if (p && stat(p, &st) == 0 && S_ISDIR(st.st_mode))
        return p;
    free(p);
    return xstrdup(KLX_SCENARIOSDIR);
}

static int drill_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of dir whose names end in suffix, sorted, as full paths (NULL-terminated; free with
   drill_files_free). *n gets the count; NULL (errno set) when dir cannot be read. */
static char **drill_files(const char *dir, const char *suffix, size_t *n)
{
    DIR *d = opendir(dir);
    *n = 0;
    if (!d)
        return NULL;
    char **files = xcalloc(1, sizeof *files);
    struct dirent *e;
    size_t sl = strlen(suffix);
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l <= sl || strcmp(e->d_name + l - sl, suffix) != 0)
            continue;
        files = xreallocarray(files, *n + 2, sizeof *files);
        files[(*n)++] = xasprintf("%s/%s", dir, e->d_name);
        files[*n] = NULL;
    }
    closedir(d);
    qsort(files, *n, sizeof *files, drill_name_cmp);
    return files;
}

static void drill_files_free(char **files, size_t n)
{
    for (size_t i = 0; files && i < n; i++)
        free(files[i]);
    free(files);
}

/* The model declaration must score full marks against its own scenario: a model that loses a
   point teaches the wrong answer. */
static int drill_check_model(const struct scenario *s, const char *file)
{
    if (!s->model || !s->expect_declared)
        return 0;
    struct drill_attempt a = {.body = s->model,
                              .seconds = 0,
                              .incidents = 1,
                              .keys = -1,
                              .problems_met = -1,
                              .problems_fixed = -1};
    struct drill_card card;
    drill_score(s, &a, &card);
    int bad = 0;
    for (size_t i = 0; i < card.n; i++) {
        if (card.points[i].scored && !card.points[i].passed) {
            fprintf(stderr, "%s: scenario %s: model: loses the %s point: %s\n", file, s->id,
                    card.points[i].name, card.points[i].reason);
            bad++;
        }
    }
    drill_card_free(&card);
    return bad;
}

static int drill_check(int nfiles, char **files)
{
    int bad = 0;
    for (int i = 0; i < nfiles; i++) {
        struct buf problems = BUF_INIT;
        struct scenario *s = scenario_load(files[i], &problems);
        if (!s || drill_check_model(s, files[i])) {
            fputs(buf_cstr(&problems), stderr);
            bad++;
        } else {
            printf("%s: scenario %s: ok\n", files[i], s->id);
        }
        scenario_free(s);
        buf_free(&problems);
    }
    return bad ? KLX_USAGE : KLX_OK;
}

/* Every scenario of the directory (files that fail the check are named on stderr and left
   out). *n gets the count; caller frees each with scenario_free and the array. */
static struct scenario **drill_load_all(size_t *n)
{
    char *dir = drill_scenarios_dir();
    size_t nfiles;
    char **files = drill_files(dir, ".json", &nfiles);
    struct scenario **all =
        xcalloc(nfiles + 1, sizeof *all); // NOLINT(bugprone-sizeof-expression): of pointers
    *n = 0;
    if (!files)
        fprintf(stderr, "klaxon drill: cannot read the scenarios in %s: %s\n", dir,
                strerror(errno));
    for (size_t i = 0; files && i < nfiles; i++) {
        struct buf problems = BUF_INIT;
        struct scenario *s = scenario_load(files[i], &problems);
        if (s)
            all[(*n)++] = s;
        else
            fputs(buf_cstr(&problems), stderr);
        buf_free(&problems);
    }
    drill_files_free(files, nfiles);
    free(dir);
    return all;
}

static void drill_free_all(struct scenario **all, size_t n)
{
    for (size_t i = 0; i < n; i++)
        scenario_free(all[i]);
    free(all);
}

static int drill_list(void)
{
    size_t n;
    struct scenario **all = drill_load_all(&n);
    printf("%-28s %-8s %s\n", "SCENARIO", "LEVEL", "TITLE");
    for (size_t i = 0; i < n; i++) {
        char *title = printable_dup(all[i]->title);
        printf("%-28s %-8s %s\n", all[i]->id, all[i]->difficulty, title);
        free(title);
    }
    drill_free_all(all, n);
    return n ? KLX_OK : KLX_USAGE;
}

/* NAME: a file (has a '/' or ends in .json) or a bundled scenario's id; NULL: a random one. */
static struct scenario *drill_find(const char *name)
{
    size_t l = name ? strlen(name) : 0;
    if (name && (strchr(name, '/') || (l > 5 && strcmp(name + l - 5, ".json") == 0))) {
        struct buf problems = BUF_INIT;
        struct scenario *s = scenario_load(name, &problems);
        fputs(buf_cstr(&problems), stderr);
        buf_free(&problems);
        return s;
    }
    size_t n;
    struct scenario **all = drill_load_all(&n);
    struct scenario *found = NULL;
    if (!name && n) {
        srand((unsigned)time(NULL) ^ (unsigned)getpid());
        found = all[(size_t)rand() % n];
    }
    for (size_t i = 0; name && i < n && !found; i++)
        if (strcmp(all[i]->id, name) == 0)
            found = all[i];
    for (size_t i = 0; i < n; i++)
        if (all[i] != found)
            scenario_free(all[i]);
    free(all);
    if (!found)
        fprintf(stderr, "klaxon drill: no scenario %s%s%s (try klaxon drill --list)\n",
                name ? "\"" : "", name ? name : "is bundled", name ? "\"" : "");
    return found;
}

static double drill_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "2026-12-04T14:40:00.123Z" to epoch seconds; -1 when it is not that. */
static double drill_parse_time(const char *t)
{
    struct tm tm = {0};
    const char *rest = t ? strptime(t, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
    if (!rest)
        return -1;
    double secs = (double)timegm(&tm);
    if (*rest == '.')
        secs += strtod(rest, NULL);
    return secs;
}

/* One StartIncident line of the simulator's log into the attempt. */
static void drill_log_entry(json_t *e, struct drill_attempt *a, json_t **body, double start)
{
    bool created = json_is_true(json_object_get(e, "incident_created"));
    if (json_string_value(json_object_get(e, "attempt_fault")))
        a->faults_met++;
    json_t *b = json_object_get(e, "body");
    if (!json_is_object(b) || (a->incidents && !created))
        return; /* the body that created the incident stays the one scored */
    double t = drill_parse_time(json_string_value(json_object_get(e, "time")));
    if (created)
        a->incidents++;
    if (created && a->incidents > 1)
        return;
    json_decref(*body);
    *body = json_incref(b);
    a->seconds = t >= 0 ? t - start : -1;
}

/* What the simulator's request log says the trainee did. */
static json_t *drill_read_log(const char *path, double start, struct drill_attempt *a)
{
    json_t *body = NULL;
    char *text;
    size_t len;
    if (file_read(path, DRILL_MAX_LOG, &text, &len, NULL) != FILE_OK)
        return NULL;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        json_t *e = json_loads(line, 0, NULL);
        const char *op = json_string_value(json_object_get(e, "operation"));
        if (op && strcmp(op, "StartIncident") == 0)
            drill_log_entry(e, a, &body, start);
        json_decref(e);
    }
    free(text);
    return body;
}

static void drill_print_card(const struct scenario *s, const struct drill_card *c)
{
    printf("\nSCORE CARD  %s: %d of %d\n", s->id, c->score, c->max);
    for (size_t i = 0; i < c->n; i++) {
        const struct drill_point *p = &c->points[i];
        char head[64];
        snprintf(head, sizeof head, "\n[%s] %s: ",
                 !p->scored  ? "info"
                 : p->passed ? "pass"
                             : "LOST",
                 p->name);
        drill_say(head, 7, p->reason);
        if (*p->explanation)
            drill_say("       ", 7, p->explanation);
    }
    if (s->model)
        drill_print_model(s->model);
}

/* Keep the attempt, mode 0600, under $XDG_STATE_HOME/klaxon/drills/. */
static void drill_save(const struct scenario *s, const struct drill_card *c,
                       const struct drill_attempt *a, double start)
{
    struct buf err = BUF_INIT;
    char *base = xdg_dir(XDG_STATE, true, &err);
    char *dir = base ? xasprintf("%s/drills", base) : NULL;
    if (dir && file_mkdirs(dir, 0700, &err) == 0) {
        json_t *o = json_pack("{s:s, s:f, s:f, s:o, s:O}", "scenario", s->id, "started", start,
                              "seconds", a->seconds, "card", drill_card_json(c), "body",
                              a->body ? (json_t *)a->body : json_null());
        char *text = json_dumps(o, JSON_COMPACT);
        char *path = xasprintf("%s/%.0f-%s.json", dir, start * 1000, s->id);
        if (file_replace(path, text, strlen(text), 0600, &err) == 0)
            printf("\nAttempt kept in %s\n", path);
        free(path);
        free(text);
        json_decref(o);
    }
    if (err.len)
        fprintf(stderr, "klaxon drill: the attempt was not kept: %s\n", buf_cstr(&err));
    buf_free(&err);
    free(dir);
    free(base);
}

/* Start the simulator serving s (klaxon-sim --scenarios checks the file again and applies its
   plans and faults), run the form, stop it; the attempt from its request log. */
static json_t *drill_run(const struct scenario *s, const struct cli_globals *g, const char *tmp,
                         struct drill_attempt *a, double *start, int *rc)
{
    char *log = xasprintf("%s/requests.jsonl", tmp);
    const char *flags[] = {"--scenarios", s->origin, NULL};
    struct buf err = BUF_INIT;
    struct training_sim sim;
    json_t *body = NULL;
    if (training_sim_start(&sim, flags, log, &err) != 0) {
        fprintf(stderr, "klaxon drill: cannot start the simulator: %s\n", buf_cstr(&err));
        *rc = KLX_UNREACHABLE;
    } else {
        *start = drill_now();
        drill_fresh_form();
        struct drill live;
        drill_init(&live, s);
        *rc = training_form(g, sim.url, &drill_form_files, &live);
        free(training_sim_stop(&sim));
        a->keys = live.keys;
        a->problems_met = live.problems_met;
        a->problems_fixed = live.problems_fixed;
        drill_free(&live);
        body = drill_read_log(log, *start, a);
        a->body = body;
    }
    unlink(log);
    free(log);
    buf_free(&err);
    return body;
}

static int drill_play(const char *name, const struct cli_globals *g)
{
    struct scenario *s = drill_find(name);
    if (!s)
        return KLX_USAGE;
    char *tmp = training_private_dir("drill"); /* the run's request log; removed afterwards */
    if (!tmp) {
        scenario_free(s);
        return KLX_UNREACHABLE;
    }
    drill_brief(s);
    struct drill_attempt a = {.seconds = -1, .keys = -1, .problems_met = -1, .problems_fixed = -1};
    double start = 0;
    int rc = KLX_OK;
    json_t *body = drill_run(s, g, tmp, &a, &start, &rc);
    rmdir(tmp);
    free(tmp);
    if (rc != KLX_UNREACHABLE || start > 0) {
        struct drill_card card;
        drill_score(s, &a, &card);
        drill_print_card(s, &card);
        drill_save(s, &card, &a, start);
        drill_card_free(&card);
    }
    json_decref(body);
    scenario_free(s);
    return rc;
}

/* One kept attempt as a line; *best (per scenario) updated. */
static void drill_history_line(const char *path, json_t *best)
{
    json_t *o = json_load_file(path, 0, NULL);
    const char *id = json_string_value(json_object_get(o, "scenario"));
    json_t *card = json_object_get(o, "card");
    if (!id || !card) {
        fprintf(stderr, "klaxon drill: %s is not an attempt\n", path);
        json_decref(o);
        return;
    }
    time_t when = (time_t)json_number_value(json_object_get(o, "started"));
    double secs = json_number_value(json_object_get(o, "seconds"));
    long score = (long)json_integer_value(json_object_get(card, "score"));
    long max = (long)json_integer_value(json_object_get(card, "max"));
    char day[32];
    strftime(day, sizeof day, "%Y-%m-%d %H:%M", gmtime(&when));
    char took[32] = "-";
    if (secs >= 0)
        snprintf(took, sizeof took, "%ldm%02lds", (long)(secs + 0.5) / 60, (long)(secs + 0.5) % 60);
    printf("%-17s  %-28s %3ld/%-3ld %s\n", day, id, score, max, took);
    json_t *b = json_object_get(best, id);
    bool full = score == max && secs >= 0;
    if (full && (!b || secs < json_number_value(b)))
        json_object_set_new(best, id, json_real(secs));
    json_decref(o);
}

static int drill_history(void)
{
    struct buf err = BUF_INIT;
    char *base = xdg_dir(XDG_STATE, false, &err);
    char *dir = base ? xasprintf("%s/drills", base) : NULL;
    size_t n = 0;
    char **files = dir ? drill_files(dir, ".json", &n) : NULL;
    if (!n)
        puts("No drill attempts yet: try klaxon drill --list, then klaxon drill NAME.");
    else
        printf("%-17s  %-28s %-7s %s\n", "WHEN (UTC)", "SCENARIO", "SCORE", "TIME");
    json_t *best = json_object();
    for (size_t i = 0; i < n; i++)
        drill_history_line(files[i], best);
    if (json_object_size(best))
        puts("\nBest full-marks times:");
    const char *id;
    json_t *v;
    json_object_foreach(best, id, v)
    {
        long t = (long)(json_number_value(v) + 0.5);
        printf("  %-28s %ldm%02lds\n", id, t / 60, t % 60);
    }
    json_decref(best);
    drill_files_free(files, n);
    free(dir);
    free(base);
    buf_free(&err);
    return KLX_OK;
}

int cmd_drill(int argc, char **argv, const struct cli_globals *g)
{
    if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
        drill_usage(stdout);
        return KLX_OK;
    }
    if (argc >= 2 && strcmp(argv[1], "--check") == 0) {
        if (argc < 3) {
            fputs("klaxon drill: --check needs at least one FILE\n", stderr);
            return KLX_USAGE;
        }
        return drill_check(argc - 2, argv + 2);
    }
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "--join", 6) == 0)
            return drill_room_join(argc, argv, g);
    if (argc >= 2 && strcmp(argv[1], "--board") == 0)
        return drill_board_cmd(argc - 1, argv + 1, g);
    if (argc >= 2 && strcmp(argv[1], "--report") == 0)
        return drill_report_cmd(argc - 1, argv + 1);
    if (argc == 2 && strcmp(argv[1], "--list") == 0)
        return drill_list();
    if (argc == 2 && strcmp(argv[1], "--history") == 0)
        return drill_history();
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fprintf(stderr, "klaxon drill: unexpected argument \"%s\"\n", argv[argc - 1]);
        drill_usage(stderr);
        return KLX_USAGE;
    }
    return drill_play(argc == 2 ? argv[1] : NULL, g);
}
