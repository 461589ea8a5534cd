/* Unpaid amounts (PAY-4, PAY-5, PAY-6): late charges, the dunning timeline
 * of a failed charge, and chargebacks. Pure: the figures of the
 * configuration, the time zone and `now` are arguments.
 *
 * Days are calendar days in the platform time zone at the same local
 * wall-clock time (billing_add_days): a retry "1 day after" a charge due at
 * 10:00 runs at 10:00 the next day, DST or not. */
#ifndef CAMPUS_BILLING_DUNNING_H
#define CAMPUS_BILLING_DUNNING_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/config.h"

/* --- PAY-4: late charges ------------------------------------------------ */

struct late_charges {
	bool overdue; /* now > due_at */
	int64_t fixed_fee; /* late_fixed_fee once overdue, else 0 */
	int full_months; /* full calendar months unpaid since due_at */
	int64_t interest; /* full_months * (rate % of principal, rounded) */
	int64_t owed; /* principal + fixed_fee + interest */
};

/* PAY-4 [art. 3.2]: what an unpaid principal (due at due_at, still unpaid at
 * now) has become. Overdue from the due date: the moment now passes due_at
 * the recovery fee fixed_fee is added at once; then rate_percent % of the
 * principal, rounded half-up to the cent, for every full month unpaid,
 * counted by calendar from due_at with its anchor day kept
 * (billing_full_months: due 31 Jan -> a month on 28 Feb, two on 31 Mar),
 * never compounded (always on the principal, never on fees or interest).
 * principal >= 0; fixed_fee >= 0; rate_percent >= 0. Fills *out. */
void billing_late_charges(GTimeZone *tz, int64_t principal, int64_t due_at, int64_t now, int64_t fixed_fee,
			  int rate_percent, struct late_charges *out);

/* --- PAY-5: dunning ------------------------------------------------------ */

/* The PAY-5 figures of the configuration. retry_days is ascending. */
struct dunning_terms {
	int retry_days[CONFIG_MAX_RETRY_DAYS];
	int n_retry_days;
	int formal_notice_after_days; /* after the due date */
	int suspend_after_notice_days; /* after the formal notice (15) */
	int terminate_after_suspension_days; /* after the suspension */
};

/* Copies the PAY-5 figures of a validated configuration into t. */
void dunning_terms_from_config(struct dunning_terms *t, const struct config *c);

enum dunning_action {
	DUNNING_RETRY = 0, /* retry the charge */
	DUNNING_FORMAL_NOTICE, /* email (and record) the formal notice */
	DUNNING_SUSPEND, /* billing_sub_suspend */
	DUNNING_TERMINATE, /* billing_sub_terminate_unpaid */
};

/* Stable names ("retry", "formal_notice", "suspend", "terminate"). */
const char *dunning_action_name(enum dunning_action a);

/* One step of the timeline; steps are numbered in order from 0: the retries
 * (0 .. n_retry_days-1), then the notice, the suspension, the termination. */
struct dunning_step {
	int index; /* position in the timeline */
	enum dunning_action action;
	int retry; /* DUNNING_RETRY: 1 for the first retry; else 0 */
	int64_t at; /* when it is due */
};

enum { DUNNING_MAX_STEPS = CONFIG_MAX_RETRY_DAYS + 3 };

/* PAY-5: the planned timeline of a charge due at due_at that keeps failing:
 * retries at due + retry_days[i] days, the formal notice at
 * due + formal_notice_after_days, the suspension suspend_after_notice_days
 * after the notice and the termination terminate_after_suspension_days after
 * the suspension (each assuming the previous step ran on time). Writes at
 * most cap steps to out (caller-owned) and returns how many the timeline
 * has (n_retry_days + 3). */
size_t billing_dunning_schedule(GTimeZone *tz, const struct dunning_terms *t, int64_t due_at,
				struct dunning_step *out, size_t cap);

/* What a dunning job has done so far for one unpaid charge. */
struct dunning_progress {
	int done; /* steps done, in timeline order (0: none yet) */
	int64_t notice_at; /* when the formal notice was actually sent */
	int64_t suspended_at; /* when the suspension actually happened */
};

/* PAY-5: the step to run at now, if any, so that a job can call it again
 * and again (idempotent: the answer depends only on what is recorded in p).
 * Nothing is due once everything owed is paid (settled), nor before its
 * time. Retries and the notice are timed from due_at; the suspension from
 * the notice actually sent (p->notice_at), the termination from the
 * suspension actually made (p->suspended_at), so a late job never shortens
 * the 15 days the subscriber is given. When the subscription has already
 * ended (live false: cancelled at term, force majeure), there is nothing to
 * suspend or terminate: the timeline stops after the notice (the debt and
 * PAY-4 charges remain). A job that was down runs the overdue steps one
 * call at a time, in order. Returns true and fills *next when a step is
 * due. */
bool billing_dunning_next(GTimeZone *tz, const struct dunning_terms *t, int64_t due_at,
			  const struct dunning_progress *p, bool settled, bool live, int64_t now,
			  struct dunning_step *next);

/* Records in p that step was done at done_at (the step must be the one
 * billing_dunning_next gave: p->done == step->index, asserted). */
void billing_dunning_record(struct dunning_progress *p, const struct dunning_step *step, int64_t done_at);

/* PAY-5: true when paid covers everything owed (for example
 * late_charges.owed plus any chargeback fee): the suspension is lifted at
 * once (billing_sub_settled) and dunning stops. */
bool billing_settled(int64_t owed, int64_t paid);

/* --- PAY-6: chargebacks --------------------------------------------------- */

/* A payment reversed by the bank, as a new debt. */
struct chargeback_debt {
	int64_t principal; /* the reversed amount */
	int64_t overdue_since; /* the reversal: its due date for PAY-4/PAY-5 */
	int64_t chargeback_fee; /* PAY-6 fee, owed at once */
};

/* PAY-6 [art. 3.1]: a payment of `reversed` reversed at reversed_at makes
 * that amount overdue again from reversed_at, plus chargeback_fee. Fills
 * *out. */
void billing_chargeback(int64_t reversed, int64_t reversed_at, int64_t chargeback_fee,
			struct chargeback_debt *out);

/* PAY-6 with PAY-4: what a chargeback debt amounts to at now: the reversed
 * principal, the chargeback fee, and the PAY-4 charges of an overdue amount
 * (recovery fee at once, rate % per full month since the reversal). */
int64_t billing_chargeback_owed(GTimeZone *tz, const struct chargeback_debt *d, int64_t fixed_fee,
				int rate_percent, int64_t now);

#endif
