/* See pq_api.h. */
#include "db/pq_api.h"

#include "base/lazy_lib.h"

#include "base/banned.h"

static struct pq_api api;
static const char *const names[] = {
#define PQ_API_NAME(f) #f,
	PQ_API(PQ_API_NAME)
#undef PQ_API_NAME
};
static void **const slots[] = {
#define PQ_API_SLOT(f) (void **)&api.f,
	PQ_API(PQ_API_SLOT)
#undef PQ_API_SLOT
};
static struct lazy_lib lib = {.soname = "libpq.so.5",
			      .names = names,
			      .slots = slots,
			      .n = G_N_ELEMENTS(names),
			      .once = G_ONCE_INIT};

const struct pq_api *pq_api(GString *err)
{
	return lazy_lib_ready(&lib, "postgresql", err) ? &api : NULL;
}
