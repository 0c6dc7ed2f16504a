/* The form's network work, off the UI thread: one worker for GetResponsePlan, StartIncident and
   GetIncidentRecord (in order), and one lister that refreshes every page of ListResponsePlans with
   its own client. Results come back as events; a pipe wakes the UI. No curses here. */
#ifndef SESSION_JOBS_H
#define SESSION_JOBS_H

#include <jansson.h>
#include <stdbool.h>

#include "client/creds.h"
#include "client/settings.h"

enum job_kind {
    JOB_READY,    /* credentials resolved (status 0) or not (KLX_NO_CREDENTIALS, message) */
    JOB_PLANS,    /* ListResponsePlans, every page */
    JOB_PLAN,     /* GetResponsePlan for arg */
    JOB_START,    /* StartIncident */
    JOB_RECORD,   /* GetIncidentRecord for arg */
    JOB_PROGRESS, /* a StartIncident attempt failed; the next one follows after delay */
    JOB_CREDS,    /* keys typed in the form were refused (or could not be checked); keys that
                     pass come back as a JOB_READY instead */
    JOB_NEED_MFA, /* a role needs an MFA code: message is the device's ARN, arg STS's reason the
                     last code was refused (NULL the first time); answer with jobs_answer_mfa or
                     jobs_cancel_mfa; JOB_READY follows either way */
};

struct job_event {
    enum job_kind kind;
    int status;    /* 0, or a klx_status */
    json_t *reply; /* the reply on success (the receiver owns it) */
    char *message; /* what went wrong, or the credentials' source for JOB_READY */
    char code[96]; /* the service's error code, "" for transport failures */
    char request_id[96];
    int attempts;
    char *arg; /* the ARN asked about */
    /* JOB_PROGRESS */
    int next_attempt, max_attempts;
    double delay;
};

struct jobs;

/* Start the threads. creds NULL: resolve them with the provider chain (in the worker, so the
   first frame does not wait for it). StartIncident goes through declare_incident (client/
   declare.h), journaled in journal_path (NULL: the default journal). Returns NULL only if
   threads cannot be started. */
struct jobs *jobs_new(const struct klx_settings *s, const struct aws_creds *creds,
                      const char *journal_path);
/* Stop: cancels retries, waits briefly for the threads; a thread stuck in a network call is
   left to die with the process. */
void jobs_free(struct jobs *j);

/* The read end of the wake pipe (readable when events are queued); jobs_next drains it. */
int jobs_fd(const struct jobs *j);
/* Pop the next event (false when none); free it with jobs_event_free. */
bool jobs_next(struct jobs *j, struct job_event *ev);
void jobs_event_free(struct job_event *ev);

void jobs_refresh_plans(struct jobs *j);
void jobs_get_plan(struct jobs *j, const char *arn);
/* The body is copied; the same body (and clientToken) is sent on every retry. */
void jobs_start_incident(struct jobs *j, const json_t *body);
void jobs_get_record(struct jobs *j, const char *arn);
/* Check keys typed in the form with one signed call (the first page of ListResponsePlans, at
   the endpoint the form uses), in the worker. The keys are copied (and wiped when done). If
   the service accepts them they become the worker's and the lister's keys: JOB_READY (status
   0, message: the keys' source, JOBS_TYPED_SOURCE when they name none) is posted and the plan list
   is refreshed. Otherwise JOB_CREDS carries the service's error (code and message) or why it could
   not be reached. */
#define JOBS_TYPED_SOURCE "typed in the form"
/* A JOB_READY's code when the profile's SSO session has expired or is missing: the front end
   offers the sign-in (session/sso_signin.h). */
#define JOBS_SIGN_IN "SignIn"
void jobs_try_creds(struct jobs *j, const struct aws_creds *c);
/* The MFA code a JOB_NEED_MFA asked for: copied into secure memory for the worker (which wipes
   it once STS has seen it). Ignored when no code is being asked for. */
void jobs_answer_mfa(struct jobs *j, const char *code);
/* No code: the role is not assumed and JOB_READY reports KLX_NO_CREDENTIALS. */
void jobs_cancel_mfa(struct jobs *j);
/* Stop retrying the StartIncident in progress (the attempt on the wire still completes). */
void jobs_cancel_start(struct jobs *j);

/* The endpoint the clients talk to, once JOB_READY came ("" before). */
const char *jobs_endpoint(struct jobs *j);

#endif
