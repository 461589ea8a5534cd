/* Staff grants of Premium access by hand (until billing, and beside it):
 * the use cases of the /admin/premium page and /api/v1/premium-grants.
 * Only staff and admins may call them (checked here, not only at the
 * route). Each change is one transaction with its audit entry (DATA-1,
 * written by ops/premium.c). */
#ifndef CAMPUS_MEDIA_GRANTS_H
#define CAMPUS_MEDIA_GRANTS_H

#include <glib.h>

#include "ops/ctx.h"
#include "ops/premium.h"
#include "store/store_media.h"

enum { GRANTS_PAGE = 50, GRANT_REASON_MAX = 500 };

/* Grants active at c->now, newest first, page (from 0) of GRANTS_PAGE;
 * *more tells whether a next page exists. Owned by c->a. */
enum status grants_list(struct ctx *c, int page, struct media_grant **out, int *n, bool *more, GString *err);

/* Finds an account by email and tells its Premium rights. ST_NOTFOUND
 * (err says so) for an unknown address. */
enum status grants_find(struct ctx *c, const char *email, struct user **user, struct premium *p,
			GString *err);

/* Grants Premium to the account user_id from now until ends_at (0: until
 * revoked) with a reason. Field errors ("reason", "ends_on") in errs with
 * ST_INVALID; ST_CONFLICT when a grant is already active (revoke it first:
 * one grant at a time keeps the record readable); ST_NOTFOUND for no user. */
enum status grants_grant(struct ctx *c, int64_t user_id, const char *reason, int64_t ends_at, GArray *errs,
			 GString *err);

/* Ends every active grant of user_id now; reason may be NULL or "".
 * ST_NOTFOUND when there is none. */
enum status grants_revoke(struct ctx *c, int64_t user_id, const char *reason, GString *err);

#endif
