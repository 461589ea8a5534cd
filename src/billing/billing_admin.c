/* billweb: scheduled price changes (see billing/billing_admin.h). */
#include "billing/billing_admin.h"

#include "billing/billing_int.h"
#include "billing/billing_notice.h"
#include "billing/money.h"
#include "ops/audit.h"

#include "base/banned.h"

enum { MAX_AMOUNT = 100000000, MAX_AHEAD_DAYS = 366 };

int64_t billing_price_subscribers_from(int64_t now, int64_t effective_at, int notice_days)
{
	int64_t notice_end = now + (int64_t)notice_days * BL_DAY; /* PAY-2 */
	return effective_at > notice_end ? effective_at : notice_end;
}

static enum status fail(GString *err, enum status st, const char *msg)
{
	g_string_assign(err, msg);
	return st;
}

enum status billing_price_schedule(struct ctx *c, const char *offer_code, const char *currency,
				   int64_t amount, int64_t effective_at, int64_t *noticed, GString *err)
{
	*noticed = 0;
	if (!c->actor || !(c->actor->roles & ROLE_ADMIN))
		return fail(err, ST_FORBIDDEN, "administrators only");
	if (!currency || !money_currency_valid(currency))
		return fail(err, ST_INVALID, "currency: three capital letters (ISO 4217)");
	if (amount < 0 || amount > MAX_AMOUNT)
		return fail(err, ST_INVALID, "amount: between 0 and 1000000.00");
	if (effective_at < c->now)
		effective_at = c->now; /* today: at once */
	if (effective_at > c->now + (int64_t)MAX_AHEAD_DAYS * BL_DAY)
		return fail(err, ST_INVALID, "effective: at most a year ahead");
	struct bl_offer of;
	enum status st = store_bl_offer_by_code(c->db, c->a, offer_code ? offer_code : "", &of, err);
	if (st == ST_NOTFOUND)
		return fail(err, ST_INVALID, "offer: no such offer; choose monthly or annual");
	if (st != ST_OK)
		return st;
	int64_t from = billing_price_subscribers_from(c->now, effective_at, c->cfg->price_change_notice_days);
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = store_bl_price_insert(c->db, of.id, currency, amount, effective_at, c->now, err);
	if (st == ST_OK)
		st = store_bl_sub_price_notice(c->db, of.id, currency, amount, from, noticed, err);
	if (st == ST_OK && *noticed > 0) /* PAY-2 */
		st = billing_price_notify(c, of.id, currency, amount, from, err);
	if (st == ST_OK)
		st = audit_record(c, "billing.price.set", "offer", of.id, "",
				  arena_printf(c->a,
					       "{\"currency\":\"%s\",\"amount\":%lld,\"effective_at\":%lld,"
					       "\"subscribers_from\":%lld}",
					       currency, (long long)amount, (long long)effective_at,
					       (long long)from),
				  err);
	return bl_finish(c, st, err);
}
