#include "billing/withdrawal.h"

#include <assert.h>
#include <limits.h>
#include <string.h>

#include "base/dates.h"
#include "billing/money.h"
#include "billing/periods.h"

#include "base/banned.h"

const char *withdrawal_verdict_name(enum withdrawal_verdict v)
{
	switch (v) {
	case WITHDRAWAL_ALLOWED: return "allowed";
	case WITHDRAWAL_TOO_LATE: return "too_late";
	case WITHDRAWAL_SERVICES_USED: return "services_used";
	}
	return "?";
}

/* The first instant after "within n days of t" (header: calendar days, the
 * day of t not counting, through the end of local day t + n). */
static int64_t days_limit(GTimeZone *tz, int64_t t, int n)
{
	return billing_day_start(tz, t, n + 1);
}

void billing_solo_withdrawal(GTimeZone *tz, int64_t ordered_at, bool used, int64_t paid, int64_t now,
			     struct withdrawal_decision *out)
{
	memset(out, 0, sizeof(*out));
	out->rule = "SOLO-6";
	out->article = "6.1";
	out->deadline = days_limit(tz, ordered_at, SOLO_WITHDRAWAL_DAYS);
	if (now >= out->deadline)
		out->verdict = WITHDRAWAL_TOO_LATE;
	else if (used)
		/* art. 6.1: using the access codes starts the services and
		 * waives the right of withdrawal. */
		out->verdict = WITHDRAWAL_SERVICES_USED;
	else
		out->verdict = WITHDRAWAL_ALLOWED;
	out->refund = out->verdict == WITHDRAWAL_ALLOWED ? paid : 0;
}

int billing_ceil_months(int num, int den)
{
	assert(num >= 0 && den > 0);
	return num / den + (num % den != 0);
}

int64_t billing_plus_contract_price(const struct plus_contract *c)
{
	int months = billing_ceil_months(c->avg_months_num, c->avg_months_den);
	assert(c->monthly_price >= 0 && (months == 0 || c->monthly_price <= INT64_MAX / months));
	return c->monthly_price * months;
}

void billing_plus_exit(GTimeZone *tz, const struct plus_contract *c, int rate_percent, int64_t now,
		       struct plus_exit_decision *out)
{
	assert(rate_percent >= 0 && rate_percent <= PLUS_EARLY_TERMINATION_MAX_RATE);
	memset(out, 0, sizeof(*out));
	out->contract_price = billing_plus_contract_price(c);
	out->cooling_off_ends = days_limit(tz, c->sent_at, PLUS_COOLING_OFF_DAYS);
	int64_t three_months = dates_add_months(tz, c->effective_at, PLUS_EARLY_TERMINATION_MONTHS,
						billing_anchor_day(tz, c->effective_at));
	out->early_ends = billing_day_start(tz, three_months, 1);

	if (now < out->cooling_off_ends) {
		/* PLUS-3: the contract is void; everything paid comes back. */
		out->kind = PLUS_EXIT_COOLING_OFF;
		out->rule = "PLUS-3";
		out->ends_at = now;
		out->refund = c->paid;
	} else if (now < out->early_ends) {
		/* PLUS-4: the indemnity, with what was paid set against it. */
		out->kind = PLUS_EXIT_EARLY_TERMINATION;
		out->rule = "PLUS-4";
		out->ends_at = now;
		out->indemnity = money_share_pct(out->contract_price, rate_percent);
		int64_t balance = out->indemnity - c->paid;
		out->invoice = balance > 0 ? balance : 0;
		out->refund = balance < 0 ? -balance : 0;
	} else {
		/* PLUS-2: stopping ends the contract with the current period. */
		out->kind = PLUS_EXIT_AT_TERM;
		out->rule = "PLUS-2";
		out->ends_at = c->period_end;
	}
}
