/* One declaration, UI-neutral: the request being typed, the plan catalogue and the chosen plan's
   details, the endpoint, the draft, the journal and the background jobs. The full-screen form
   (tui/app.c) and --plain (tui/plain.c) are two front ends over it, as ncdu has one scanner with
   two outputs. No curses here, and nothing here prints.

   Call order:
     session_init(s, cfg)      settings taken, endpoint resolved, recent plans and the cached plan
                               list read (cheap: the first frame may follow at once)
     session_start(s)          the jobs threads start: credentials resolve, the plan list is asked
     loop:
       poll(session_fd(s))     readable when events are queued
       session_next(s, &ev)    pops an event and applies it to the session (plan list, plan
                               details and their prefill, declared / failed, the record); the
                               front end then shows what it means and frees it (jobs_event_free)
       session_set_* / session_choose_plan / session_submit ... as the responder acts
       session_draft_wait(s, now) == 0 -> session_save_draft(s, &err), never while drawing
     session_free(s)

   Drafts: the front end calls session_changed after every edit; the draft is written by
   session_save_draft only (a few seconds after the last change, when a field is left, on a stop
   signal), never while drawing. */
#ifndef SESSION_SESSION_H
#define SESSION_SESSION_H

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

#include "client/creds.h"
#include "client/journal.h"
#include "client/settings.h"
#include "core/buf.h"
#include "forms/model.h"
#include "session/jobs.h"
#include "session/plans.h"

struct drill;

struct session_config {
    const struct klx_settings *settings;
    const struct aws_creds *creds; /* NULL: find them with the provider chain */
    bool training;                 /* against the bundled simulator */
    const char *training_url;      /* the simulator's URL */
    const char *draft_name;        /* DRAFT_NAME or DRAFT_TRAINING_NAME (forms/draft.h) */
    const char *recent_file;       /* "recent-plans" or "training-recent-plans" */
    bool plan_cache;               /* keep the plan list in $XDG_CACHE_HOME between runs */
    const char *journal_path;      /* where declarations are journaled (NULL: the default) */
    struct drill *drill;           /* a drill: its brief and effort counters; NULL otherwise */
};

struct session {
    const struct session_config *cfg;
    struct form_model m;
    struct jobs *jobs;
    char *endpoint; /* where the request goes (also the plan cache's key); NULL if unresolved */

    /* Credentials: 0 resolving, 1 ready, -1 none (why in creds_msg, the klx_status in
       creds_status). */
    int ready;
    int creds_status;
    char *creds_msg;

    /* The plan catalogue. */
    struct plan_list plans;
    time_t plans_at;    /* when the list was fetched (0: never) */
    unsigned plans_gen; /* bumped whenever the list is replaced */
    bool plans_loading;
    char *plans_error;
    char **recents;
    size_t nrecents;

    /* GetResponsePlan for m.plan_arn. */
    json_t *plan;
    char *plan_arn; /* which ARN plan / plan_error belong to */
    bool plan_loading;
    char *plan_error;
    char *plan_title;  /* the plan's default title: the title is the plan's until edited */
    char *plan_impact; /* likewise for impact */

    /* The draft. */
    bool dirty;
    double changed_at;
    bool save_now;    /* a field was left: save without waiting */
    bool discarded;   /* the responder chose to drop the draft */
    int last_failure; /* the status of the last failed submit (the exit status on quitting) */

    /* The outcome. */
    bool resending; /* the declaration in flight is a journaled one, not this form's */
    bool declared;
    char *incident_arn;
    json_t *record; /* GetIncidentRecord's answer */
};

/* What session_next did besides passing the event on. */
enum session_effect {
    SESSION_PREFILLED = 1 << 0, /* the plan's defaults replaced title or impact */
    SESSION_STALE = 1 << 1,     /* an answer about a plan no longer chosen: ignore it */
    SESSION_DRAFT_ERROR = 1 << 2,
};

void session_init(struct session *s, const struct session_config *cfg);
/* Start the jobs threads and ask for the plan list; false when threads cannot be started. */
bool session_start(struct session *s);
void session_free(struct session *s);
/* Stop the threads now (a stop signal); the state stays readable. */
void session_stop(struct session *s);

/* The wake-up descriptor (-1 before session_start). */
int session_fd(const struct session *s);
/* Pop the next event and apply it; *effects gets enum session_effect bits. false when none. */
bool session_next(struct session *s, struct job_event *ev, int *effects);

/* Choose a plan by ARN ("" clears it) and ask for its details. */
void session_choose_plan(struct session *s, const char *arn);
/* The plan's display label for an ARN ("" when it is not in the list); kept in m.plan_label. */
const char *session_plan_label(struct session *s, const char *arn);
/* Ask for the plan list again (the network may be back). */
void session_refresh_plans(struct session *s);
/* Put the plan's default title back (after the responder typed over it); false if it has none. */
bool session_restore_plan_title(struct session *s);
/* Whether the title is still the plan's, untouched: typing then replaces it. */
bool session_title_is_default(const struct session *s);

/* What the chosen plan sets in motion, as short labelled lines ("Engages", "ops-oncall"). */
#define SESSION_MAX_FACTS 6
struct session_fact {
    const char *label;
    char *text;
};
size_t session_plan_facts(const struct session *s, struct session_fact *out, size_t max);
void session_facts_free(struct session_fact *f, size_t n);

/* A monotonic clock in seconds, for the draft's timing. */
double session_now(void);
/* The model changed (by an edit): the draft is due a few seconds later. */
void session_changed(struct session *s);
/* A field was left: save the draft at the next chance, if anything changed. */
void session_field_left(struct session *s);
/* Seconds until the draft should be saved (0: now), or -1 when nothing is to be saved. */
double session_draft_wait(const struct session *s, double now);
/* Save the draft (or remove it when the form is empty); 0, or -1 with err. */
int session_save_draft(struct session *s, struct buf *err);
/* The saved draft when there is one worth offering: 1 (d filled, saved_at set), 0 none, -1
   unreadable (err). d must be initialised. */
int session_load_draft(const struct session *s, struct form_model *d, time_t *saved_at,
                       struct buf *err);
/* Take a draft as the form's content (d is moved in and left empty) and load its plan. */
void session_resume(struct session *s, struct form_model *d);
/* Drop the saved draft. */
void session_drop_draft(struct session *s);
/* The responder quits and drops the draft: it is removed, and never saved again. */
void session_discard(struct session *s);
/* Where the draft is kept, for messages ("~/.local/state/klaxon/draft.json"); caller frees. */
char *session_draft_location(const struct session *s);

/* Read the journal (a missing file is empty); -1 with err when it cannot be read (j empty). */
int session_load_journal(const struct session *s, struct journal *j, struct buf *err);
/* Whether a journal entry is an unanswered declaration to this session's endpoint. */
bool session_unanswered_here(const struct session *s, const struct journal *j,
                             const struct journal_entry *e);
/* When token's declaration went to another endpoint than this session's: that endpoint (a
   resend here could declare twice). NULL when all is well. */
const char *session_sent_elsewhere(const struct session *s, const struct journal *j,
                                   const char *token);

/* Send the body (validated by the caller with model_request): marked as sent in the draft first,
   so that a lost answer is resent with the same clientToken. The draft's save: 0, or -1 with err
   (the body is sent either way: the journal, not the draft, guards the declaration). */
int session_submit(struct session *s, const json_t *body, struct buf *err);
/* Resend a journaled body unchanged (its own clientToken). */
void session_resend(struct session *s, const json_t *body);
/* Stop retrying the declaration in flight (the attempt on the wire still completes). */
void session_cancel_submit(struct session *s);

/* How to name a failed declaration (JOB_START with a status): "Not declared" only when nothing
   can exist (refused, never sent, keys refused); otherwise the outcome is unknown, and the words
   say so. */
const char *session_failure_words(const struct job_event *ev);

/* "Critical" .. "No Impact" for 1..5, NULL otherwise. */
const char *session_impact_name(long impact);

/* The console link for an incident ARN in this region; caller frees. */
char *session_console_link(const struct session *s, const char *incident_arn);

#endif
