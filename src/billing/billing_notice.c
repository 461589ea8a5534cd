/* billfix: PAY-2 price change notices (see billing/billing_notice.h). */
#include "billing/billing_notice.h"

#include "base/i18n.h"
#include "billing/billing_int.h"
#include "billing/periods.h"
#include "store/store_billfix.h"

#include "base/banned.h"

int64_t billing_price_applies_at(GTimeZone *tz, const struct bl_sub *s)
{
	/* The renewal applies price_next to the first period that starts at
	 * or after price_next_from (billing_run.c renew): walk the periods. */
	int64_t t = s->period_end;
	for (int guard = 0; t < s->price_next_from && guard < 1200; guard++)
		t = billing_period_end(tz, t, s->anchor_day, s->months);
	return t;
}

enum status billing_price_notify(struct ctx *c, int64_t offer_id, const char *currency, int64_t amount,
				 int64_t from, GString *err)
{
	struct bl_sub *subs = NULL;
	int n = 0;
	enum status st =
		store_bl_sub_price_noticed(c->db, c->a, offer_id, currency, amount, from, &subs, &n, err);
	if (st != ST_OK)
		return st;
	GTimeZone *tz = bl_tz(c);
	for (int i = 0; i < n && st == ST_OK; i++) {
		struct user *u = NULL;
		if ((st = store_user_by_id(c->db, c->a, subs[i].user_id, &u, err)) != ST_OK)
			break;
		const char *l = u->lang;
		int64_t at = billing_price_applies_at(tz, &subs[i]);
		st = bl_mail(
			c, u, i18n_get(l, "A new price for your Premium Solo subscription"),
			arena_printf(
				c->a,
				i18n_get(l, "The price of your Premium Solo subscription changes from %s "
					    "to %s, VAT included, from the renewal on %s. Until then you "
					    "pay %s. You may cancel at any time before that date from your "
					    "Premium tab."),
				bl_amount(c->a, subs[i].price, currency), bl_amount(c->a, amount, currency),
				bl_date(c, l, at), bl_amount(c->a, subs[i].price, currency)),
			i18n_get(l, "Open my Premium tab"),
			arena_printf(c->a, "%s/settings", c->cfg->base_url), err);
	}
	g_time_zone_unref(tz);
	return st;
}
