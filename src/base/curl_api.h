/* libcurl, loaded at its first use (base/lazy_lib.h): the SMTP driver and
 * the Adyen adapter. An installation with the mail spool and the payment
 * simulator never maps it, nor OpenSSL, SSH, RTMP and HTTP/2 with it.
 * Use: `const struct curl_api *cu = curl_api(err); cu->curl_easy_init()`.
 * Include this header, not <curl/curl.h>: curl.h's type-checking macros
 * would take `cu->curl_easy_setopt(...)` for a call of their own. */
#pragma once

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <glib.h>

/* Every libcurl function campus calls. */
#define CURL_API(X)                                                                                          \
	X(curl_global_init)                                                                                  \
	X(curl_easy_init)                                                                                    \
	X(curl_easy_setopt)                                                                                  \
	X(curl_easy_perform)                                                                                 \
	X(curl_easy_getinfo)                                                                                 \
	X(curl_easy_strerror)                                                                                \
	X(curl_easy_cleanup)                                                                                 \
	X(curl_slist_append)                                                                                 \
	X(curl_slist_free_all)

struct curl_api {
#define CURL_API_FIELD(f) __typeof__(f) *f;
	CURL_API(CURL_API_FIELD)
#undef CURL_API_FIELD
};

/* The table, loaded and curl_global_init'ed at the first call; NULL with
 * err set (when not NULL) if libcurl cannot be loaded or initialised.
 * Thread-safe; the table lives as long as the process. */
const struct curl_api *curl_api(GString *err);
