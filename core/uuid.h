/* Random (version 4) UUIDs, for clientTokens. */
#ifndef CORE_UUID_H
#define CORE_UUID_H

/* A fresh UUID v4 in out ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"); 0, or -1 when the system has
   no random numbers to give (then out is empty). */
int uuid_v4(char out[37]);

/* The 16 random bytes b, marked as version 4 (b is changed), as a UUID in out. */
void uuid_v4_format(unsigned char b[16], char out[37]);

#endif
