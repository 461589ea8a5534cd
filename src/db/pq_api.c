/* See pq_api.h. */
#include "db/pq_api.h"

#include "base/lazy_lib.h"

#include "base/banned.h"

static struct pq_api api;
LAZY_LIB_TABLE(PQ_API);
static struct lazy_lib lib = {.soname = "libpq.so.5",
			      .names = names,
			      .slots = slots,
			      .n = G_N_ELEMENTS(names),
			      .once = G_ONCE_INIT};

const struct pq_api *pq_api(GString *err)
{
	return lazy_lib_ready(&lib, "postgresql", err) ? &api : NULL;
}
