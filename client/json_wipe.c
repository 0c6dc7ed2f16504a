/* jansson's wiping allocator, installed once per process (see json_wipe.h for why not a scope). */
#include "client/json_wipe.h"

#include <jansson.h>
#include <stdlib.h>

#include "core/secmem.h"

/* Jansson never reallocs (it mallocs, copies and frees), so a wiping free catches every
   intermediate copy of a string as it grows, too. */
void json_wipe_install(void)
{
    json_set_alloc_funcs(malloc, secmem_free);
}
