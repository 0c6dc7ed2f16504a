/* jansson's one allocator for the whole process: every block it frees is wiped first. */
#ifndef CLIENT_JSON_WIPE_H
#define CLIENT_JSON_WIPE_H

/* Install it: once, from main() (and from each test that parses secrets), before any thread
   starts and before any JSON value exists. Never undone and never swapped, so threads parsing
   JSON at the same time share nothing that changes: keys from the vault, credential_process and
   IMDS are parsed with it, and so is everything else (the cost is one memset per free). */
void json_wipe_install(void);

#endif
