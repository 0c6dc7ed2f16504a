/* A drill's brief over the form (F2): the page, symptoms and links the trainee met before the
   clock started, shown again without leaving the form, so nothing typed is lost. */
#include <stdbool.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "session/drill.h"
#include "tui/app.h"
#include "tui/term.h"
#include "tui/view.h"

#define BRIEF_MAX_LINES 128 /* the brief's logical lines (a scenario has a few dozen) */
#define BRIEF_MAX_WRAP  16  /* screen lines one of them may take */

struct brief_view {
    struct view v;
    int scroll; /* the first screen line shown */
};

/* The box: inside it, text from row top + 1 to last, columns left + 2 .. left + 2 + iw. It covers
   the form's full width (so no cut-off form line shows beside it) and is as tall as the brief
   needs, at most the body's height. */
struct brief_box {
    int top, left, height, width, iw, last;
};

static struct brief_box brief_box_sized(int total)
{
    struct brief_box b = {.top = 1, .left = 1, .width = COLS - 2};
    b.iw = b.width - 4;
    b.height = total + 4; /* borders, a blank line, the hint */
    if (b.height > app_body_end() - 1)
        b.height = app_body_end() - 1;
    b.last = b.top + b.height - 4; /* the last text row; the hint is two below it */
    return b;
}

/* Lay out the brief in iw columns: with draw, draw the screen lines from scroll on into the box;
   returns how many screen lines the whole brief takes. */
static int brief_layout(struct app *a, const struct brief_box *b, int scroll, bool draw)
{
    const struct drill *d = a->s.cfg->drill;
    struct drill_line lines[BRIEF_MAX_LINES];
    size_t n = d ? drill_brief_lines(d->scenario, lines, BRIEF_MAX_LINES) : 0;
    int total = 0;
    for (size_t i = 0; i < n; i++) {
        const struct drill_line *l = &lines[i];
        int hw = draw_width(l->head), in = (int)l->indent > hw ? (int)l->indent : hw;
        size_t starts[BRIEF_MAX_WRAP], lens[BRIEF_MAX_WRAP];
        size_t k = *l->text ? draw_wrap(l->text, b->iw - in, starts, lens, BRIEF_MAX_WRAP) : 1;
        if (k > BRIEF_MAX_WRAP)
            k = BRIEF_MAX_WRAP;
        attr_t at = i == 0 ? A_BOLD : A_NORMAL;
        for (size_t j = 0; j < k; j++, total++) {
            int y = b->top + 1 + total - scroll;
            if (!draw || total < scroll || y > b->last)
                continue;
            int x = b->left + 2;
            if (j == 0)
                draw_text(y, x, b->iw, l->head, term_attr(TR_LABEL));
            if (!*l->text)
                continue;
            char *piece = xstrndup(l->text + starts[j], lens[j]);
            draw_text(y, x + (j == 0 ? hw : in), b->iw - in, piece, at);
            free(piece);
        }
    }
    return total;
}

static void brief_draw(struct app *a, struct view *v)
{
    const struct brief_view *h = (const struct brief_view *)v;
    const struct drill *d = a->s.cfg->drill;
    struct brief_box b = brief_box_sized(0);
    b = brief_box_sized(brief_layout(a, &b, 0, false));
    char *title = xasprintf("Brief: %s", d ? d->scenario->id : "no drill");
    draw_box(b.top, b.left, b.height, b.width, title);
    free(title);
    int total = brief_layout(a, &b, h->scroll, true);
    long t = d ? d->scenario->time_target : 0;
    bool below = h->scroll + (b.last - b.top)<total, above = h->scroll> 0;
    /* Short enough for 80 columns: the key line says how to go back. */
    draw_printf(b.last + 2, b.left + 2, b.iw, term_attr(TR_DIM),
                "The clock is running (target %ldm%02lds).%s", t / 60, t % 60,
                below && above ? "  More above and below: Up/Down."
                : below        ? "  More below: Down."
                : above        ? "  More above: Up."
                               : "");
}

/* Keep the scroll within the brief (the window may have been resized). */
static void brief_settle(struct app *a, struct view *v)
{
    struct brief_view *h = (struct brief_view *)v;
    struct brief_box b = brief_box_sized(0);
    int total = brief_layout(a, &b, 0, false);
    b = brief_box_sized(total);
    int rows = b.last - b.top;
    if (h->scroll > total - rows)
        h->scroll = total - rows;
    if (h->scroll < 0)
        h->scroll = 0;
}

static void brief_act_scroll(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    struct brief_view *h = (struct brief_view *)v;
    int page = (app_body_end() - 4) / 2;
    h->scroll += input_dir(k->key) * (k->key == K_PGUP || k->key == K_PGDN ? page : 1);
}

static const struct keymap_row brief_rows[] = {
    {K_ESC, K_BRIEF, K_ENTER, 0, "Esc/F2", "Back", "Esc, F2 or Enter",
     "back to the form, as it was left", NULL, view_act_back},
    {K_DOWN, K_UP, 0, 0, "Up/Down", "Scroll", "Down or Up", "scroll the brief a line", NULL,
     brief_act_scroll},
    {K_PGDN, K_PGUP, 0, 0, "PgDn/PgUp", NULL, "Page Down, Page Up",
     "scroll the brief half a screen", NULL, brief_act_scroll},
    {K_CANCEL, 0, 0, 0, "^C", "Quit", "Ctrl-C", "close the brief and leave, asking first", NULL,
     view_act_close_quit},
};

const struct keymap brief_keymap = KEYMAP(
    "The brief", "In a drill, F2 on the form: the scenario's brief over the form.", brief_rows);

static const struct view_ops brief_ops = {
    .overlay = true, .draw = brief_draw, .keymap = &brief_keymap, .settle = brief_settle};

struct view *brief_view_new(struct app *a)
{
    (void)a;
    struct brief_view *h = view_new(sizeof *h, &brief_ops);
    return &h->v;
}
