/* Drafts: the form saved as you go, so a dropped connection loses nothing.
   $XDG_STATE_HOME/klaxon/<name> (default ~/.local/state/klaxon/), mode 0600, written atomically
   (temp file, fsync, rename). A draft holds no secret: the PagerDuty secretId is the ID of a
   Secrets Manager secret, not the secret. */
#ifndef FORMS_DRAFT_H
#define FORMS_DRAFT_H

#include <stdbool.h>
#include <time.h>

#include "core/buf.h"
#include "forms/model.h"

#define DRAFT_NAME          "draft.json"
#define DRAFT_TRAINING_NAME "training-draft.json"

/* The state directory ($XDG_STATE_HOME/klaxon or ~/.local/state/klaxon, home found by
   core/xdg.h's rule), created 0700 when create is set. NULL (err filled) when there is no home
   or the directory cannot be made. Caller frees. */
char *draft_state_dir(bool create, struct buf *err);

/* Write text to dir/name atomically with mode 0600 (for drafts, recent plans and caches).
   0, or -1 with err filled. */
int draft_write_file(const char *dir, const char *name, const char *text, struct buf *err);

/* The draft as JSON text (the form's request shape plus savedAt, planLabel, triggerOn, sent). */
char *draft_serialize(const struct form_model *m, time_t saved_at);
/* Parse draft text into an initialised model; 0, or -1 with err filled (nothing changed). */
int draft_parse(const char *text, struct form_model *m, time_t *saved_at, struct buf *err);

/* Save / load / remove the named draft in the state directory. draft_load returns 1 when a draft
   was loaded, 0 when there is none, -1 (err filled) when it is unreadable. */
int draft_save(const char *name, const struct form_model *m, struct buf *err);
int draft_load(const char *name, struct form_model *m, time_t *saved_at, struct buf *err);
void draft_remove(const char *name);

/* True when the form holds nothing worth keeping (no plan, title, items or trigger texts). */
bool draft_is_empty(const struct form_model *m);

#endif
