/* Drafts: round trip, atomic 0600 files under $XDG_STATE_HOME/klaxon, unreadable drafts. */
#include <dirent.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "forms/draft.h"
#include "tests/unit/test.h"

static char state[256];

static void fill(struct form_model *m)
{
    model_set(m, "responsePlanArn", "arn:aws:ssm-incidents::111122223333:response-plan/db");
    model_set(m, "title", "Half typed, never sent 半");
    model_set(m, "impact", "9"); /* invalid values are kept as typed */
    int i = model_add_item(m, "INCIDENT");
    m->items[i].kind = MODEL_KIND_PAGERDUTY;
    model_set(m, "relatedItems[0].identifier.value.pagerDutyIncidentDetail.id", "Q1");
    model_set(m, "relatedItems[0].identifier.value.pagerDutyIncidentDetail.secretId",
              "pagerduty-key-id");
    free(m->plan_label);
    m->plan_label = strdup("Database (db)");
    m->sent = true;
}

static void test_serialize(void)
{
    struct form_model m, n;
    model_init(&m);
    model_init(&n);
    fill(&m);
    char *text = draft_serialize(&m, 1795701600);
    time_t at = 0;
    struct buf err = BUF_INIT;
    CHECK_INT(draft_parse(text, &n, &at, &err), 0);
    CHECK_INT((long)at, 1795701600L);
    CHECK_STR(n.title, m.title);
    CHECK_STR(n.impact, "9");
    CHECK_STR(n.plan_label, "Database (db)");
    CHECK_STR(n.client_token, m.client_token);
    CHECK(n.sent);
    CHECK(!n.trigger_on);
    CHECK_INT(n.nitems, 1);
    CHECK_STR(n.items[0].pd_secret_id, "pagerduty-key-id");
    free(text);

    /* Folded trigger details keep their texts in the draft. */
    model_set(&m, "triggerDetails.source", "kept while folded");
    text = draft_serialize(&m, 0);
    CHECK_INT(draft_parse(text, &n, NULL, &err), 0);
    CHECK_STR(n.trigger_source, "kept while folded");
    CHECK(!n.trigger_on);
    free(text);

    buf_reset(&err);
    CHECK_INT(draft_parse("not json", &n, NULL, &err), -1);
    CHECK(err.len > 0);
    buf_reset(&err);
    CHECK_INT(draft_parse("{\"title\": \"x\"}", &n, NULL, &err), -1);
    CHECK(strstr(buf_cstr(&err), "not a klaxon draft") != NULL);
    buf_free(&err);
    model_free(&m);
    model_free(&n);
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.' || (e->d_name[1] && e->d_name[1] != '.');
    if (d)
        closedir(d);
    return n;
}

static void test_files(void)
{
    struct form_model m, n;
    model_init(&m);
    model_init(&n);
    fill(&m);
    struct buf err = BUF_INIT;
    mode_t old = umask(0); /* a permissive umask must not make the draft readable by others */
    CHECK_INT(draft_save(DRAFT_NAME, &m, &err), 0);
    umask(old);
    char path[512], dir[400];
    snprintf(dir, sizeof dir, "%s/klaxon", state);
    snprintf(path, sizeof path, "%s/%s", dir, DRAFT_NAME);
    struct stat st;
    CHECK(stat(path, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0600);
    CHECK(stat(dir, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0700);
    CHECK_INT(count_files(dir), 1); /* no temporary file left behind */

    time_t at = 0;
    CHECK_INT(draft_load(DRAFT_NAME, &n, &at, &err), 1);
    CHECK_STR(n.title, m.title);
    CHECK(at > 0);

    /* Saving again replaces it whole. */
    model_set(&m, "title", "second");
    CHECK_INT(draft_save(DRAFT_NAME, &m, &err), 0);
    CHECK_INT(draft_load(DRAFT_NAME, &n, NULL, &err), 1);
    CHECK_STR(n.title, "second");

    /* An unreadable draft: -1 with the reason, the model untouched. */
    FILE *f = fopen(path, "w");
    fputs("{\"klaxonDraft\": 1, \"form\": [", f);
    fclose(f);
    buf_reset(&err);
    CHECK_INT(draft_load(DRAFT_NAME, &n, NULL, &err), -1);
    CHECK(strstr(buf_cstr(&err), DRAFT_NAME) != NULL);
    CHECK_STR(n.title, "second");
    /* Binary junk and an oversized file are refused too. */
    f = fopen(path, "w");
    fwrite("{\0}", 1, 3, f);
    fclose(f);
    CHECK_INT(draft_load(DRAFT_NAME, &n, NULL, &err), -1);
    f = fopen(path, "w");
    for (int i = 0; i < 2 * 1024 * 1024 / 64; i++)
        fputs("                                                               \n", f);
    fclose(f);
    CHECK_INT(draft_load(DRAFT_NAME, &n, NULL, &err), -1);

    draft_remove(DRAFT_NAME);
    CHECK_INT(draft_load(DRAFT_NAME, &n, NULL, &err), 0);
    draft_remove(DRAFT_NAME); /* twice is fine */
    CHECK_INT(draft_load(DRAFT_TRAINING_NAME, &n, NULL, &err), 0);
    buf_free(&err);
    model_free(&m);
    model_free(&n);
}

static void test_empty(void)
{
    struct form_model m;
    model_init(&m);
    CHECK(draft_is_empty(&m));
    model_set(&m, "impact", "2"); /* an impact alone is nothing worth offering back */
    CHECK(draft_is_empty(&m));
    model_set(&m, "title", "x");
    CHECK(!draft_is_empty(&m));
    model_free(&m);
}

/* Without HOME the state directory is still found, in the password database's home (core/xdg.h);
   a relative XDG_STATE_HOME is ignored. Only the path is asked for: nothing is written there. */
static void test_no_home(void)
{
    const char *x = getenv("XDG_STATE_HOME"), *h = getenv("HOME");
    char *xdg = x ? strdup(x) : NULL;
    char *home = h ? strdup(h) : NULL;
    setenv("XDG_STATE_HOME", "relative/state", 1);
    unsetenv("HOME");
    struct buf err = BUF_INIT;
    const struct passwd *pw = getpwuid(getuid());
    char want[600];
    snprintf(want, sizeof want, "%s/.local/state/klaxon", pw ? pw->pw_dir : "?");
    char *dir = draft_state_dir(false, &err);
    CHECK_STR(dir, want);
    CHECK_STR(buf_cstr(&err), "");
    free(dir);
    buf_free(&err);
    if (xdg)
        setenv("XDG_STATE_HOME", xdg, 1);
    if (home)
        setenv("HOME", home, 1);
    free(xdg);
    free(home);
}

int main(void)
{
    test_mkdtemp(state, sizeof state, "test-draft");
    setenv("XDG_STATE_HOME", state, 1);
    RUN(test_serialize);
    RUN(test_files);
    RUN(test_empty);
    RUN(test_no_home);
    test_rmtree(state);
    return test_summary();
}
