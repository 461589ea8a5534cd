/* billfix: PAY-4 late interest on the debts of ended subscriptions (see
 * billing/billing_debts.h). Kept out of billing_run.c, which only visits
 * live subscriptions. */
#include "billing/billing_debts.h"

#include "billing/billing_int.h"
#include "ops/audit.h"
#include "store/store.h"
#include "store/store_billfix.h"

#include "base/banned.h"

enum { DEBTS_BATCH = 500, DEBTS_DAY = 86400 };

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
				st = bl_accrue_fees(c, tz, &s, &added, err);
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
