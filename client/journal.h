/* The journal of declarations: every StartIncident body, its clientToken and how it ended. */
#ifndef CLIENT_JOURNAL_H
#define CLIENT_JOURNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

enum journal_outcome {
    JOURNAL_PENDING,    /* sent, no result recorded: the process died mid-submit */
    JOURNAL_DECLARED,   /* the service answered with an incident ARN */
    JOURNAL_REFUSED,    /* the service answered no: nothing was created */
    JOURNAL_UNANSWERED, /* no answer, or retries ran out: it may exist; resend is safe */
    JOURNAL_CANCELLED,  /* the responder stopped it mid-retry: it may exist; resend is safe */
    JOURNAL_DISMISSED,  /* unanswered, and the responder said it is handled: not offered again */
};

struct journal_entry {
    char *token;      /* the clientToken */
    char *endpoint;   /* where it was sent */
    char *digest;     /* SHA-256 hex of the exact body bytes */
    char *title;      /* for listings; "" when the body has none */
    json_t *body;     /* the request body, to resend it unchanged */
    double submitted; /* epoch seconds */
    double finished;  /* 0 while pending */
    enum journal_outcome outcome;
    int attempts;
    char *incident_arn; /* when declared */
    char *error;        /* "Code: message" when refused or unanswered */
};

struct journal {
    struct journal_entry *v;
    size_t n;
};

/* $XDG_STATE_HOME/klaxon/journal.jsonl (or ~/.local/state/...); caller frees. NULL when there
   is no home (core/xdg.h); the functions below then fail with a message. */
char *journal_default_path(void);
/* path itself, or the default journal when path is NULL; caller frees. */
char *journal_path_or_default(const char *path);
/* Append the "submit" record before the first attempt goes out. 0, or -1 with err. */
int journal_submit(const char *path, const json_t *body, const char *endpoint, struct buf *err);
/* Append the outcome of a submission. */
int journal_finish(const char *path, const char *token, enum journal_outcome outcome, int attempts,
                   const char *incident_arn, const char *error, struct buf *err);
/* Read the journal; a missing file is an empty journal. Damaged lines are skipped and counted
   in warn. 0, or -1 when the file exists but cannot be read. */
int journal_load(const char *path, struct journal *out, struct buf *warn);
/* The same from memory (for tests and the fuzzer). */
void journal_parse(const char *text, size_t len, struct journal *out, struct buf *warn);
void journal_free(struct journal *j);
/* The latest entry for a token, or NULL. */
const struct journal_entry *journal_find(const struct journal *j, const char *token);
/* Entries that may have created an incident nobody saw: pending, unanswered, cancelled (not
   dismissed ones: the responder has dealt with those). */
bool journal_needs_resend(const struct journal_entry *e);
/* The same, for the latest record of e's token only (a resend adds a record per token). */
bool journal_open(const struct journal *j, const struct journal_entry *e);
const char *journal_outcome_name(enum journal_outcome o);

#endif
