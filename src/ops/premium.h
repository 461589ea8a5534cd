/* Premium rights (Premium Solo, Premium Plus, or a staff grant): the one
 * question every Premium-only feature asks (certificates CERT-1, video
 * downloads CRS-2, peer-reviewed homework CRS-1). Staff grants answer it
 * until billing lands; billing then adds subscriptions in entitled states
 * (SOLO-2..5, PAY-5) and records the first use of Premium services
 * (SOLO-6) in premium_use. */
#ifndef CAMPUS_PREMIUM_H
#define CAMPUS_PREMIUM_H

#include <glib.h>
#include <stdbool.h>

#include "ops/ctx.h"

struct premium {
	bool active;
	const char *source; /* "grant", "solo", "plus"; NULL when not active (static strings) */
	int64_t until; /* end of the current right, 0 when open-ended or unknown */
};

/* Reads the user's rights at c->now; changes nothing. */
enum status premium_get(struct ctx *c, int64_t user_id, struct premium *out, GString *err);
/* premium_get for the use of a Premium-only feature (a short name such as
 * "certificate", "download"): also records the first use where the terms
 * need it (SOLO-6). Call it inside the caller's transaction, if any. */
enum status premium_use(struct ctx *c, int64_t user_id, const char *feature, struct premium *out,
			GString *err);
/* Staff: grants Premium access by hand from c->now until ends_at (0: until
 * revoked), with a reason; audited (DATA-1). */
enum status premium_grant(struct ctx *c, int64_t user_id, const char *reason, int64_t ends_at, GString *err);
/* Staff: ends every grant of the user at c->now; audited. */
enum status premium_revoke(struct ctx *c, int64_t user_id, const char *reason, GString *err);

#endif
