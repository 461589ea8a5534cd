#include "billing/dunning.h"

#include <assert.h>
#include <string.h>

#include "billing/money.h"
#include "billing/periods.h"

#include "base/banned.h"

/* PAY-4 charges of a principal overdue since `since` (now >= since). */
static void accrue(GTimeZone *tz, int64_t principal, int64_t since, int64_t now, int64_t fixed_fee,
		   int rate_percent, struct late_charges *out)
{
	out->overdue = true;
	out->fixed_fee = fixed_fee;
	out->full_months = billing_full_months(tz, since, now);
	/* Not compounded: each full month adds the same share of the
	 * principal, rounded once per month as each addition is booked. */
	int64_t monthly = money_share_pct(principal, rate_percent);
	out->interest = monthly * out->full_months;
	out->owed = principal + out->fixed_fee + out->interest;
}

void billing_late_charges(GTimeZone *tz, int64_t principal, int64_t due_at, int64_t now, int64_t fixed_fee,
			  int rate_percent, struct late_charges *out)
{
	assert(principal >= 0 && fixed_fee >= 0 && rate_percent >= 0);
	memset(out, 0, sizeof(*out));
	out->owed = principal;
	/* PAY-4: "not paid when due": at due_at itself it is still due, not
	 * yet overdue. Nothing is owed on nothing. */
	if (now <= due_at || principal == 0)
		return;
	accrue(tz, principal, due_at, now, fixed_fee, rate_percent, out);
}

void dunning_terms_from_config(struct dunning_terms *t, const struct config *c)
{
	memset(t, 0, sizeof(*t));
	assert(c->n_retry_days >= 0 && c->n_retry_days <= CONFIG_MAX_RETRY_DAYS);
	t->n_retry_days = c->n_retry_days;
	for (int i = 0; i < c->n_retry_days; i++)
		t->retry_days[i] = c->retry_days[i];
	t->formal_notice_after_days = c->formal_notice_after_days;
	t->suspend_after_notice_days = c->suspend_after_notice_days;
	t->terminate_after_suspension_days = c->terminate_after_suspension_days;
}

const char *dunning_action_name(enum dunning_action a)
{
	switch (a) {
	case DUNNING_RETRY: return "retry";
	case DUNNING_FORMAL_NOTICE: return "formal_notice";
	case DUNNING_SUSPEND: return "suspend";
	case DUNNING_TERMINATE: return "terminate";
	}
	return "?";
}

/* Step index i of the timeline without its time. */
static struct dunning_step step_shape(const struct dunning_terms *t, int i)
{
	struct dunning_step s = {.index = i};
	if (i < t->n_retry_days) {
		s.action = DUNNING_RETRY;
		s.retry = i + 1;
	} else {
		s.action = (enum dunning_action)(DUNNING_FORMAL_NOTICE + (i - t->n_retry_days));
	}
	return s;
}

size_t billing_dunning_schedule(GTimeZone *tz, const struct dunning_terms *t, int64_t due_at,
				struct dunning_step *out, size_t cap)
{
	size_t n = (size_t)t->n_retry_days + 3;
	int64_t notice = billing_add_days(tz, due_at, t->formal_notice_after_days);
	int64_t suspend = billing_add_days(tz, notice, t->suspend_after_notice_days);
	int64_t terminate = billing_add_days(tz, suspend, t->terminate_after_suspension_days);
	for (size_t i = 0; i < n && i < cap; i++) {
		struct dunning_step s = step_shape(t, (int)i);
		switch (s.action) {
		case DUNNING_RETRY: s.at = billing_add_days(tz, due_at, t->retry_days[i]); break;
		case DUNNING_FORMAL_NOTICE: s.at = notice; break;
		case DUNNING_SUSPEND: s.at = suspend; break;
		case DUNNING_TERMINATE: s.at = terminate; break;
		}
		out[i] = s;
	}
	return n;
}

bool billing_dunning_next(GTimeZone *tz, const struct dunning_terms *t, int64_t due_at,
			  const struct dunning_progress *p, bool settled, bool live, int64_t now,
			  struct dunning_step *next)
{
	int n = t->n_retry_days + 3;
	/* PAY-5: payment of everything owed stops the timeline. */
	if (settled || p->done >= n)
		return false;
	struct dunning_step s = step_shape(t, p->done);
	switch (s.action) {
	case DUNNING_RETRY: s.at = billing_add_days(tz, due_at, t->retry_days[s.retry - 1]); break;
	case DUNNING_FORMAL_NOTICE: s.at = billing_add_days(tz, due_at, t->formal_notice_after_days); break;
	case DUNNING_SUSPEND:
		/* 15 days after the notice actually sent, not the planned one. */
		s.at = billing_add_days(tz, p->notice_at, t->suspend_after_notice_days);
		break;
	case DUNNING_TERMINATE:
		s.at = billing_add_days(tz, p->suspended_at, t->terminate_after_suspension_days);
		break;
	}
	if ((s.action == DUNNING_SUSPEND || s.action == DUNNING_TERMINATE) && !live)
		return false;
	if (now < s.at)
		return false;
	*next = s;
	return true;
}

void billing_dunning_record(struct dunning_progress *p, const struct dunning_step *step, int64_t done_at)
{
	assert(p->done == step->index);
	if (step->action == DUNNING_FORMAL_NOTICE)
		p->notice_at = done_at;
	else if (step->action == DUNNING_SUSPEND)
		p->suspended_at = done_at;
	p->done++;
}

bool billing_settled(int64_t owed, int64_t paid)
{
	return paid >= owed;
}

void billing_chargeback(int64_t reversed, int64_t reversed_at, int64_t chargeback_fee,
			struct chargeback_debt *out)
{
	assert(reversed >= 0 && chargeback_fee >= 0);
	out->principal = reversed;
	out->overdue_since = reversed_at;
	out->chargeback_fee = chargeback_fee;
}

int64_t billing_chargeback_owed(GTimeZone *tz, const struct chargeback_debt *d, int64_t fixed_fee,
				int rate_percent, int64_t now)
{
	/* PAY-6: "overdue again" from the reversal, so PAY-4 applies from the
	 * instant it is recorded (the amount was due long before). */
	struct late_charges lc = {.owed = d->principal};
	if (now >= d->overdue_since && d->principal > 0)
		accrue(tz, d->principal, d->overdue_since, now, fixed_fee, rate_percent, &lc);
	return lc.owed + d->chargeback_fee;
}
