/* Shared by the review (tui/review_view.c) and the result screen (tui/result_view.c) only. */
#ifndef TUI_REVIEW_H
#define TUI_REVIEW_H

#include <jansson.h>

struct app;

/* The impact levels' names, 1 to 5. */
extern const char *const review_impacts[5];
/* Send the request: the session marks the draft sent first, so that a resend after a crash
   reuses the clientToken; a draft that cannot be saved is said on the help line. */
void review_send(struct app *a, const json_t *body);

#endif
