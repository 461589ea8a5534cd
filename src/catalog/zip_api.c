/* See zip_api.h. */
#include "catalog/zip_api.h"

#include "base/lazy_lib.h"

#include "base/banned.h"

static struct zip_api api;
LAZY_LIB_TABLE(ZIP_API);
static struct lazy_lib lib = {.soname = "libzip.so.4",
			      .names = names,
			      .slots = slots,
			      .n = G_N_ELEMENTS(names),
			      .once = G_ONCE_INIT};

const struct zip_api *zip_api(GString *err)
{
	return lazy_lib_ready(&lib, "libzip", err) ? &api : NULL;
}
