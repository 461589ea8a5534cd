/* Staff grants of Premium access (see grants.h). */
#include "media/grants.h"

#include <string.h>

#include "accounts/accounts.h"
#include "base/i18n.h"

#include "base/banned.h"

static enum status staff_only(const struct ctx *c, GString *err)
{
	if (c->actor && (c->actor->roles & (ROLE_STAFF | ROLE_ADMIN)))
		return ST_OK;
	g_string_assign(err, "Only staff can grant or revoke Premium access.");
	return c->actor ? ST_FORBIDDEN : ST_UNAUTHORIZED;
}

enum status grants_list(struct ctx *c, int page, struct media_grant **out, int *n, bool *more, GString *err)
{
	enum status st = staff_only(c, err);
	if (st != ST_OK)
		return st;
	if (page < 0 || page > 100000)
		page = 0;
	/* One row more than a page tells whether there is a next one. */
	st = store_media_grants_current(c->db, c->a, c->now, GRANTS_PAGE + 1, page * GRANTS_PAGE, out, n,
					err);
	if (st == ST_OK) {
		*more = *n > GRANTS_PAGE;
		if (*more)
			*n = GRANTS_PAGE;
	}
	return st;
}

enum status grants_find(struct ctx *c, const char *email, struct user **user, struct premium *p, GString *err)
{
	enum status st = staff_only(c, err);
	if (st != ST_OK)
		return st;
	char *lower = g_ascii_strdown(email ? email : "", -1);
	char *key = arena_strdup(c->a, g_strstrip(lower));
	g_free(lower);
	st = store_user_by_email(c->db, c->a, key, user, err);
	if (st == ST_NOTFOUND)
		g_string_printf(err, "No account has the address %s.", key);
	if (st != ST_OK)
		return st;
	return premium_get(c, (*user)->id, p, err);
}

enum status grants_grant(struct ctx *c, int64_t user_id, const char *reason, int64_t ends_at, GArray *errs,
			 GString *err)
{
	enum status st = staff_only(c, err);
	if (st != ST_OK)
		return st;
	size_t rlen = reason ? strlen(g_strstrip(arena_strdup(c->a, reason))) : 0;
	if (rlen == 0)
		field_error_add(errs, "reason", N_("Say why Premium access is granted."));
	else if (rlen > GRANT_REASON_MAX || !g_utf8_validate(reason, -1, NULL))
		field_error_add(errs, "reason", N_("The reason must be at most 500 characters."));
	if (ends_at && ends_at <= c->now)
		field_error_add(errs, "ends_on", N_("The end date must be in the future."));
	if (errs->len) {
		g_string_assign(err, "some fields need attention");
		return ST_INVALID;
	}
	struct user *u = NULL;
	if ((st = store_user_by_id(c->db, c->a, user_id, &u, err)) != ST_OK)
		return st;
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	struct premium p;
	st = premium_get(c, user_id, &p, err);
	if (st == ST_OK && p.active && p.source && !strcmp(p.source, "grant")) {
		g_string_printf(err,
				"%s already has Premium access by a grant; revoke it first to change it.",
				u->email);
		st = ST_CONFLICT;
	}
	if (st == ST_OK)
		st = premium_grant(c, user_id, reason, ends_at, err); /* audited (DATA-1) */
	if (st != ST_OK) {
		db_rollback(c->db);
		return st;
	}
	return db_commit(c->db, err);
}

enum status grants_revoke(struct ctx *c, int64_t user_id, const char *reason, GString *err)
{
	enum status st = staff_only(c, err);
	if (st != ST_OK)
		return st;
	if (reason && (strlen(reason) > GRANT_REASON_MAX || !g_utf8_validate(reason, -1, NULL))) {
		g_string_assign(err, "reason: at most 500 characters");
		return ST_INVALID;
	}
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = premium_revoke(c, user_id, reason, err); /* audited (DATA-1) */
	if (st != ST_OK) {
		db_rollback(c->db);
		return st;
	}
	return db_commit(c->db, err);
}
