/* klaxon's directories under the XDG base directories, and the one rule for finding home. */
#ifndef CORE_XDG_H
#define CORE_XDG_H

#include <stdbool.h>

#include "core/buf.h"

/* Which base directory; each is $XDG_<KIND>_HOME, or the default below home:
   XDG_STATE   ~/.local/state   drafts, the journal, recent plans
   XDG_CACHE   ~/.cache         the plan list
   XDG_CONFIG  ~/.config        settings
   XDG_DATA    ~/.local/share   the file vault (user data that cannot be regenerated) */
enum xdg_kind { XDG_STATE, XDG_CACHE, XDG_CONFIG, XDG_DATA };

/* The home directory, by one rule used everywhere in klaxon:
   1. $HOME, when it is set to an absolute path;
   2. else the home directory of getuid()'s password-database entry (what the AWS CLI's
      expanduser falls back to), when it is an absolute path;
   3. else NULL, and err (may be NULL) says that neither gave a home.
   A relative or empty HOME counts as unset: files must not land in whatever the current
   directory happens to be. Caller frees. */
char *xdg_home(struct buf *err);

/* klaxon's directory of that kind: "$XDG_<KIND>_HOME/klaxon" when the variable holds an absolute
   path (a relative one is ignored, as the XDG spec says), else "<home>/<default>/klaxon" with
   home from xdg_home(). With create, missing directories are made 0700 with their parents. NULL
   with err (may be NULL) naming the variables, or the directory that could not be made. */
char *xdg_dir(enum xdg_kind kind, bool create, struct buf *err);

/* xdg_dir(kind, create_dir, err) followed by "/name". */
char *xdg_path(enum xdg_kind kind, const char *name, bool create_dir, struct buf *err);

#endif
