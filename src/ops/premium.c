/* Premium rights: staff grants and Premium Solo subscriptions. */
#include "ops/premium.h"

#include <jansson.h>
#include <stdlib.h>

#include "billing/billing.h"
#include "ops/audit.h"

#include "base/banned.h"

enum status premium_get(struct ctx *c, int64_t user_id, struct premium *out, GString *err)
{
	*out = (struct premium){0};
	int64_t grant = 0, ends = 0;
	enum status st = store_premium_grant_active(c->db, user_id, c->now, &grant, &ends, err);
	if (st != ST_OK)
		return st;
	if (grant) {
		out->active = true;
		out->source = "grant";
		out->until = ends;
	}
	/* SOLO-2..5, PAY-5: a subscription in an entitled state. */
	bool solo = false;
	int64_t until = 0;
	if ((st = billing_premium_get(c, user_id, &solo, &until, err)) != ST_OK)
		return st;
	if (solo && (!out->active || (out->until && out->until < until))) {
		out->active = true;
		out->source = "solo";
		out->until = until;
	}
	return ST_OK;
}

enum status premium_use(struct ctx *c, int64_t user_id, const char *feature, struct premium *out,
			GString *err)
{
	enum status st = premium_get(c, user_id, out, err);
	/* SOLO-6: the first use of Premium services ends the right of
	 * withdrawal; recorded on the live subscription, if any, whatever
	 * right answered (a staff grant may overlap it). */
	if (st == ST_OK && out->active)
		st = billing_record_first_use(c, user_id, feature, err);
	return st;
}

static const char *actor_name(const struct ctx *c)
{
	return c->actor ? c->actor->email : "system";
}

/* Audits a change of a user's Premium rights; takes the reference of after. */
static enum status audit_json(struct ctx *c, const char *action, int64_t user_id, json_t *after, GString *err)
{
	char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(after);
	enum status st = audit_record(c, action, "user", user_id, "", text ? text : "", err);
	free(text);
	return st;
}

enum status premium_grant(struct ctx *c, int64_t user_id, const char *reason, int64_t ends_at, GString *err)
{
	if (!reason || !*reason) {
		if (err)
			g_string_assign(err, "reason: say why Premium access is granted");
		return ST_INVALID;
	}
	if (ends_at && ends_at <= c->now) {
		if (err)
			g_string_assign(err, "ends_at: must be in the future");
		return ST_INVALID;
	}
	int64_t id = 0;
	enum status st = store_premium_grant_insert(c->db, user_id, c->actor ? c->actor->id : 0, reason,
						    c->now, ends_at, &id, err);
	if (st != ST_OK)
		return st;
	return audit_json(c, "premium.grant", user_id,
			  json_pack("{sI sI ss ss}", "grant", (json_int_t)id, "ends_at", (json_int_t)ends_at,
				    "reason", reason, "by", actor_name(c)),
			  err);
}

enum status premium_revoke(struct ctx *c, int64_t user_id, const char *reason, GString *err)
{
	int64_t n = 0;
	enum status st = store_premium_grant_revoke(c->db, user_id, c->now, &n, err);
	if (st != ST_OK)
		return st;
	if (n == 0) {
		if (err)
			g_string_printf(err, "user %lld has no Premium grant to revoke", (long long)user_id);
		return ST_NOTFOUND;
	}
	return audit_json(c, "premium.revoke", user_id,
			  json_pack("{sI ss}", "revoked", (json_int_t)n, "reason", reason ? reason : ""),
			  err);
}
