#include "billing/subscription.h"

#include <assert.h>
#include <string.h>

#include "billing/periods.h"

#include "base/banned.h"

static const char *const state_names[] = {
	[SUB_ACTIVE] = "active",       [SUB_CANCELLING] = "cancelling", [SUB_PAST_DUE] = "past_due",
	[SUB_SUSPENDED] = "suspended", [SUB_TERMINATED] = "terminated", [SUB_WITHDRAWN] = "withdrawn",
};

static const char *const end_names[] = {
	[SUB_END_NONE] = "none",
	[SUB_END_AT_TERM] = "at_term",
	[SUB_END_FORCE_MAJEURE] = "force_majeure",
	[SUB_END_UNPAID] = "unpaid",
	[SUB_END_EARLY_TERMINATION] = "early_termination",
	[SUB_END_WITHDRAWAL] = "withdrawal",
};

const char *sub_state_name(enum sub_state st)
{
	if ((unsigned)st >= G_N_ELEMENTS(state_names))
		return "?";
	return state_names[st];
}

bool sub_state_parse(const char *name, enum sub_state *st)
{
	for (size_t i = 0; name && i < G_N_ELEMENTS(state_names); i++) {
		if (!strcmp(name, state_names[i])) {
			*st = (enum sub_state)i;
			return true;
		}
	}
	return false;
}

const char *sub_end_name(enum sub_end e)
{
	if ((unsigned)e >= G_N_ELEMENTS(end_names))
		return "?";
	return end_names[e];
}

bool sub_state_live(enum sub_state st)
{
	return st == SUB_ACTIVE || st == SUB_CANCELLING || st == SUB_PAST_DUE || st == SUB_SUSPENDED;
}

bool billing_entitled(enum sub_state st, int64_t now, int64_t period_end)
{
	/* SOLO-3: a cancelled subscription keeps access until the period
	 * ends; PAY-5: a past-due one keeps it until suspended. */
	bool open = st == SUB_ACTIVE || st == SUB_CANCELLING || st == SUB_PAST_DUE;
	return open && now < period_end;
}

/* Sets err (when given) and returns st. */
static enum status refuse(GString *err, enum status st, const char *why)
{
	if (err)
		g_string_assign(err, why);
	return st;
}

void billing_sub_start(struct billing_sub *s, GTimeZone *tz, int64_t start, int months)
{
	assert(billing_period_valid(months));
	memset(s, 0, sizeof(*s));
	s->state = SUB_ACTIVE;
	s->months = months;
	s->anchor_day = billing_anchor_day(tz, start);
	s->started_at = start;
	s->period = 0;
	s->period_start = start;
	s->period_end = billing_period_boundary(tz, start, s->anchor_day, months, 1);
	s->end_reason = SUB_END_NONE;
}

enum status billing_sub_cancel(struct billing_sub *s, int64_t now, GString *err)
{
	if (!sub_state_live(s->state))
		return refuse(err, ST_CONFLICT, "the subscription has ended");
	if (s->cancel_at_term)
		return refuse(err, ST_CONFLICT, "the subscription is already cancelled");
	if (now >= s->period_end)
		return refuse(err, ST_CONFLICT, "the period is over: renewal must run first");
	/* SOLO-3: effective at the next invoicing term, not now. */
	s->cancel_at_term = true;
	s->cancelled_at = now;
	if (s->state == SUB_ACTIVE)
		s->state = SUB_CANCELLING;
	return ST_OK;
}

enum status billing_sub_undo_cancel(struct billing_sub *s, int64_t now, GString *err)
{
	if (!sub_state_live(s->state) || !s->cancel_at_term)
		return refuse(err, ST_CONFLICT, "the subscription is not cancelled");
	if (now >= s->period_end)
		return refuse(err, ST_CONFLICT, "the period is over: the cancellation has taken effect");
	s->cancel_at_term = false;
	if (s->state == SUB_CANCELLING)
		s->state = SUB_ACTIVE;
	return ST_OK;
}

enum sub_renewal billing_sub_renewal(const struct billing_sub *s, int64_t now)
{
	if (!sub_state_live(s->state))
		return SUB_RENEWAL_NONE; /* SOLO-5: nothing further is charged */
	if (now < s->period_end)
		return SUB_RENEWAL_NOT_DUE;
	return s->cancel_at_term ? SUB_RENEWAL_END : SUB_RENEWAL_RENEW;
}

void billing_sub_renew(struct billing_sub *s, GTimeZone *tz)
{
	assert(sub_state_live(s->state) && !s->cancel_at_term);
	s->period++;
	s->period_start = billing_period_boundary(tz, s->started_at, s->anchor_day, s->months, s->period);
	s->period_end = billing_period_boundary(tz, s->started_at, s->anchor_day, s->months, s->period + 1);
}

enum status billing_sub_end_at_term(struct billing_sub *s, int64_t now, GString *err)
{
	if (billing_sub_renewal(s, now) != SUB_RENEWAL_END)
		return refuse(err, ST_CONFLICT, "the subscription does not end at this term");
	s->state = SUB_TERMINATED;
	s->ended_at = s->period_end;
	s->end_reason = SUB_END_AT_TERM;
	return ST_OK;
}

enum status billing_sub_charge_failed(struct billing_sub *s, GString *err)
{
	if (!sub_state_live(s->state))
		return refuse(err, ST_CONFLICT, "the subscription has ended");
	if (s->state == SUB_ACTIVE || s->state == SUB_CANCELLING)
		s->state = SUB_PAST_DUE;
	return ST_OK;
}

enum status billing_sub_suspend(struct billing_sub *s, GString *err)
{
	if (s->state != SUB_PAST_DUE)
		return refuse(err, ST_CONFLICT, "only a past-due subscription can be suspended");
	s->state = SUB_SUSPENDED;
	return ST_OK;
}

enum status billing_sub_settled(struct billing_sub *s, GString *err)
{
	if (s->state != SUB_PAST_DUE && s->state != SUB_SUSPENDED)
		return refuse(err, ST_CONFLICT, "the subscription is not past due");
	/* PAY-5: paying everything owed lifts the suspension at once. */
	s->state = s->cancel_at_term ? SUB_CANCELLING : SUB_ACTIVE;
	return ST_OK;
}

enum status billing_sub_terminate_unpaid(struct billing_sub *s, int64_t now, GString *err)
{
	if (s->state != SUB_SUSPENDED)
		return refuse(err, ST_CONFLICT,
			      "only a suspended subscription is terminated for non-payment");
	s->state = SUB_TERMINATED;
	s->ended_at = now;
	s->end_reason = SUB_END_UNPAID;
	return ST_OK;
}

/* Ends a live subscription at now into state with reason. */
static enum status end_now(struct billing_sub *s, int64_t now, enum sub_state state, enum sub_end reason,
			   GString *err)
{
	if (!sub_state_live(s->state))
		return refuse(err, ST_CONFLICT, "the subscription has already ended");
	s->state = state;
	s->ended_at = now;
	s->end_reason = reason;
	return ST_OK;
}

enum status billing_sub_force_majeure(struct billing_sub *s, int64_t now, const char *reason, GString *err)
{
	bool blank = true;
	for (const char *p = reason; p && *p && blank; p++)
		blank = g_ascii_isspace(*p);
	if (blank)
		return refuse(err, ST_INVALID, "a force-majeure termination needs a reason (SOLO-5)");
	return end_now(s, now, SUB_TERMINATED, SUB_END_FORCE_MAJEURE, err);
}

enum status billing_sub_withdraw(struct billing_sub *s, int64_t now, GString *err)
{
	return end_now(s, now, SUB_WITHDRAWN, SUB_END_WITHDRAWAL, err);
}

enum status billing_sub_terminate_early(struct billing_sub *s, int64_t now, GString *err)
{
	return end_now(s, now, SUB_TERMINATED, SUB_END_EARLY_TERMINATION, err);
}
