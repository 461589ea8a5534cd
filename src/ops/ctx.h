/* What a use case works with: one database connection (in or out of a
 * transaction), an arena for results, the instant it runs at, the
 * configuration, and who asks. Built by the web layer per request, by the
 * scheduler per job and by the CLI per command. Pure rules never see it. */
#ifndef CAMPUS_CTX_H
#define CAMPUS_CTX_H

#include <stdint.h>

#include "base/arena.h"
#include "base/config.h"
#include "db/db.h"
#include "store/store.h"

struct payment_provider;

struct ctx {
	struct db *db;
	struct arena *a;
	int64_t now;
	const struct config *cfg;
	const struct user *actor; /* NULL for a visitor or the system */
	const char *ip; /* may be NULL */
	const char *user_agent; /* may be NULL */
	struct payment_provider *provider; /* billing/provider.h; NULL where no payment is made */
};

#endif
