/* billfix: PAY-4 late interest on the debts of ended subscriptions (see
 * billing/billing_debts.h). Kept out of billing_run.c, which only visits
 * live subscriptions. */
#include "billing/billing_debts.h"

#include "billing/billing_int.h"
#include "billing/dunning.h"
#include "billing/money.h"
#include "ops/audit.h"
#include "store/store.h"
#include "store/store_billfix.h"

#include "base/banned.h"

enum { DEBTS_BATCH = 500, DEBTS_DAY = 86400 };

/* The fees of PAY-4 owed on s's open debts at c->now that are not yet
 * recorded (store_bl_fee_add is once-only per debt, kind and month, the
 * same keys as the billing run's). */
static enum status accrue_ended(struct ctx *c, GTimeZone *tz, const struct bl_sub *s, int *added_n,
				GString *err)
{
	struct bl_debt *d = NULL;
	int n = 0;
	enum status st = store_bl_debt_open(c->db, c->a, s->id, &d, &n, err);
	for (int i = 0; st == ST_OK && i < n; i++) {
		struct late_charges lc;
		billing_late_charges(tz, d[i].principal, d[i].due_at, c->now, c->cfg->late_fixed_fee,
				     c->cfg->late_monthly_rate, &lc);
		if (!lc.overdue)
			continue;
		int64_t monthly = money_share_pct(d[i].principal, c->cfg->late_monthly_rate);
		for (int m = 0; st == ST_OK && m <= lc.full_months; m++) {
			const char *kind = m == 0 ? "recovery" : "interest";
			int64_t amount = m == 0 ? lc.fixed_fee : monthly;
			bool added = false;
			st = store_bl_fee_add(c->db, s->id, d[i].due_at, kind, m, amount, s->currency, c->now,
					      &added, err);
			if (st == ST_OK && added) {
				(*added_n)++;
				st = store_bl_tx_add(c->db, s->user_id, s->id, "fee", c->now, amount,
						     s->currency, "due", kind, 0,
						     arena_printf(c->a, "fee:%lld:%lld:%s:%d",
								  (long long)s->id, (long long)d[i].due_at,
								  kind, m),
						     err);
			}
		}
	}
	return st;
}

enum status billing_debts_job(struct ctx *c, const char *payload, GString *err)
{
	(void)payload;
	GTimeZone *tz = bl_tz(c);
	enum status st = ST_OK;
	int64_t after = 0;
	int added = 0;
	for (;;) {
		int64_t *ids = NULL;
		int n = 0;
		if ((st = store_bl_sub_ended_with_debt(c->db, c->a, after, DEBTS_BATCH, &ids, &n, err)) !=
		    ST_OK)
			break;
		for (int i = 0; st == ST_OK && i < n; i++) {
			struct bl_sub s;
			int before = added;
			if ((st = store_bl_sub_by_id(c->db, c->a, ids[i], &s, err)) == ST_OK)
				st = accrue_ended(c, tz, &s, &added, err);
			if (st == ST_OK && added > before)
				st = audit_record(c, "billing.debt.interest", "subscription", s.id, "",
						  arena_printf(c->a, "{\"fees_added\":%d}", added - before),
						  err);
			after = ids[i];
		}
		if (st != ST_OK || n < DEBTS_BATCH)
			break;
	}
	g_time_zone_unref(tz);
	if (st != ST_OK)
		return st;
	/* Once a day: interest is counted in full months. */
	return billing_debts_seed(c->db, c->now + DEBTS_DAY, err);
}

enum status billing_debts_seed(struct db *db, int64_t at, GString *err)
{
	char key[64];
	g_snprintf(key, sizeof(key), "billing.debts:%lld", (long long)(at / DEBTS_DAY));
	return store_job_add(db, "billing.debts", "", at, key, err);
}
