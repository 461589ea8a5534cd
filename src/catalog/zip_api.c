/* See zip_api.h. */
#include "catalog/zip_api.h"

#include "base/lazy_lib.h"

#include "base/banned.h"

static struct zip_api api;
static const char *const names[] = {
#define ZIP_API_NAME(f) #f,
	ZIP_API(ZIP_API_NAME)
#undef ZIP_API_NAME
};
static void **const slots[] = {
#define ZIP_API_SLOT(f) (void **)&api.f,
	ZIP_API(ZIP_API_SLOT)
#undef ZIP_API_SLOT
};
static struct lazy_lib lib = {.soname = "libzip.so.4",
			      .names = names,
			      .slots = slots,
			      .n = G_N_ELEMENTS(names),
			      .once = G_ONCE_INIT};

const struct zip_api *zip_api(GString *err)
{
	return lazy_lib_ready(&lib, "libzip", err) ? &api : NULL;
}
