/* See curl_api.h. */
#include "base/curl_api.h"

#include "base/lazy_lib.h"

#include "base/banned.h"

static struct curl_api api;
LAZY_LIB_TABLE(CURL_API);

/* Not thread-safe in every libcurl: here, once, before any handle. */
static const char *init(void)
{
	return api.curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? NULL
								     : "libcurl could not be initialised";
}

static struct lazy_lib lib = {.soname = "libcurl.so.4",
			      .names = names,
			      .slots = slots,
			      .n = G_N_ELEMENTS(names),
			      .init = init,
			      .once = G_ONCE_INIT};

const struct curl_api *curl_api(GString *err)
{
	return lazy_lib_ready(&lib, "libcurl", err) ? &api : NULL;
}
