/* libcurl, loaded on first use (dlopen "libcurl.so.4") instead of at start-up: its dependency
   tree (TLS, Kerberos, LDAP, ...) costs milliseconds that the form's first frame must not pay.
   client/curl_dl.c defines the libcurl functions klaxon calls, under their own names, as
   forwarders; callers include <curl/curl.h> as usual and keep its compile-time type checks. */
#ifndef CLIENT_CURL_DL_H
#define CLIENT_CURL_DL_H

#include <curl/curl.h>

#include "core/buf.h"

/* Load libcurl and run curl_global_init() once (thread-safe). 0, or -1 with
   "libcurl.so.4 cannot be loaded: REASON" appended to err. Any forwarder loads it too, but
   then a failure only shows as that call failing. */
int curl_dl_load(struct buf *err);

#endif
