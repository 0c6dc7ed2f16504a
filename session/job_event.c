/* A job event's own memory, apart from the jobs threads: the key-stream fuzzer replaces
   session/jobs.c with a stand-in of its own and keeps this. */
#include <stdlib.h>
#include <string.h>

#include "session/jobs.h"

void jobs_event_free(struct job_event *ev)
{
    json_decref(ev->reply);
    free(ev->message);
    free(ev->arg);
    memset(ev, 0, sizeof *ev);
}
