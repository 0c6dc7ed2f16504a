/* What every drill, solo or in a room, shows the trainee and starts from: the brief, the
   wrapped terminal-safe text the brief and the score cards are printed in, the model
   declaration, and the fresh form every drill begins with. */
#define _GNU_SOURCE
#include "cli/drill_brief.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/printable.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "forms/draft.h"
#include "session/drill.h"

#define DRILL_BRIEF_MAX 128 /* the brief's lines (a scenario has a few dozen) */

#define DRILL_DRAFT   "drill-draft.json"
#define DRILL_JOURNAL "drill-journal.jsonl"
#define DRILL_RECENT  "drill-recent-plans"

const struct training_files drill_form_files = {
    .draft = DRILL_DRAFT, .journal = DRILL_JOURNAL, .recent = DRILL_RECENT};

/* The terminal's width for wrapping (at most 100), 0 when stdout is not a terminal. */
static size_t drill_width(void)
{
    struct winsize w;
    if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) != 0 || w.ws_col < 40)
        return 0;
    return w.ws_col < 100 ? w.ws_col : 100;
}

/* Print prefix then text, made safe for the terminal (a scenario file is outside text) and
   wrapped at spaces to the width, continuation lines indented to indent columns. A long word
   (a URL) is never broken, so that it can be copied whole. */
void drill_say(const char *prefix, size_t indent, const char *text)
{
    char *safe = printable_dup(text);
    size_t width = drill_width(), col = utf8_count(prefix, strlen(prefix));
    fputs(prefix, stdout);
    bool first = true;
    char *save = NULL;
    for (char *w = strtok_r(safe, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        size_t n = utf8_count(w, strlen(w));
        if (!first && width && col + 1 + n > width) {
            printf("\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            putchar(' ');
            col++;
        }
        fputs(w, stdout);
        col += n;
        first = false;
    }
    putchar('\n');
    free(safe);
}

/* The brief as the responder meets it, then wait for Enter to start the clock. */
void drill_brief(const struct scenario *s)
{
    printf("TRAINING DRILL  %s  (%s)\n", s->id, s->difficulty);
    struct drill_line lines[DRILL_BRIEF_MAX];
    size_t n = drill_brief_lines(s, lines, DRILL_BRIEF_MAX);
    for (size_t i = 0; i < n; i++)
        drill_say(lines[i].head, lines[i].indent, lines[i].text);
    printf("\nDeclare the incident you would declare. Target: %ldm%02lds.\n"
           "Press Enter to start the clock and open the form. ",
           s->time_target / 60, s->time_target % 60);
    fflush(stdout);
    /* Byte by byte, past stdio: the rest of a piped stdin belongs to the --plain prompts. */
    char c;
    ssize_t r;
    while ((r = read(STDIN_FILENO, &c, 1)) > 0 || (r < 0 && errno == EINTR))
        if (r > 0 && c == '\n')
            break;
    putchar('\n');
}

/* The model comes from a scenario file or a room's reply: outside text either way. */
void drill_print_model(const json_t *model)
{
    char *m = json_dumps(model, JSON_INDENT(2));
    struct buf safe = BUF_INIT;
    printable_append(&safe, m, strlen(m), PRINTABLE_JSON);
    printf("\nThe model declaration:\n%s\n", buf_cstr(&safe));
    buf_free(&safe);
    free(m);
}

/* Every drill starts from an empty form with no plan marked as recently used: the last drill's
   answer must not be the first thing this one offers. */
void drill_fresh_form(void)
{
    draft_remove(DRILL_DRAFT);
    char *dir = draft_state_dir(false, NULL);
    char *recent = dir ? xasprintf("%s/%s", dir, DRILL_RECENT) : NULL;
    if (recent)
        unlink(recent);
    free(recent);
    free(dir);
}
