/* The subscription state machine of Premium Solo and Premium Plus
 * (SOLO-2..SOLO-6, PLUS-2..PLUS-4, PAY-5) as pure transitions over a plain
 * struct: the caller loads it, applies a transition, and stores the result
 * with its audit record (DATA-1). Nothing here reads a clock or charges:
 * `now` and the time zone are arguments, and a transition only says what
 * the new state is.
 *
 * States:
 *   active      paid up, renews at the end of the period (SOLO-2, PLUS-2)
 *   cancelling  paid up, cancelled at term: access until the period ends,
 *               no further charge, cancellation can be undone (SOLO-3)
 *   past_due    a charge failed; access continues while dunning runs (PAY-5)
 *   suspended   unpaid 15 days after the formal notice: no access (PAY-5)
 *   terminated  ended (at term, force majeure, unpaid, early termination)
 *   withdrawn   ended by withdrawal or cooling-off: void, refunded (SOLO-6,
 *               PLUS-3)
 * Cancellation is recorded in cancel_at_term, independent of the payment
 * standing: a past-due or suspended subscription can be cancelled (it stays
 * past_due/suspended, and ends at term instead of renewing); when it is
 * settled it becomes cancelling rather than active. */
#ifndef CAMPUS_BILLING_SUBSCRIPTION_H
#define CAMPUS_BILLING_SUBSCRIPTION_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"

enum sub_state {
	SUB_ACTIVE = 0,
	SUB_CANCELLING,
	SUB_PAST_DUE,
	SUB_SUSPENDED,
	SUB_TERMINATED,
	SUB_WITHDRAWN,
};

/* Why a subscription ended (SUB_END_NONE while it runs). */
enum sub_end {
	SUB_END_NONE = 0,
	SUB_END_AT_TERM, /* SOLO-3 / PLUS-2: cancelled, ended at period end */
	SUB_END_FORCE_MAJEURE, /* SOLO-5 */
	SUB_END_UNPAID, /* PAY-5: terminate_after_suspension_days after suspension */
	SUB_END_EARLY_TERMINATION, /* PLUS-4 */
	SUB_END_WITHDRAWAL, /* SOLO-6 / PLUS-3 */
};

struct billing_sub {
	enum sub_state state;
	bool cancel_at_term; /* SOLO-3: ends at period_end instead of renewing */
	int months; /* period length: BILLING_MONTHLY or BILLING_ANNUAL */
	int anchor_day; /* local day of month of started_at */
	int64_t started_at; /* boundary 0 */
	int period; /* index of the current period, 0 for the first */
	int64_t period_start, period_end; /* current period: [start, end) */
	int64_t cancelled_at; /* when cancel_at_term was last set; 0 if never */
	int64_t ended_at; /* when it ended; 0 while it runs */
	enum sub_end end_reason;
};

/* Stable lower-case names ("active", "cancelling", "past_due", "suspended",
 * "terminated", "withdrawn"), for storage and logs; "?" for a bad value. */
const char *sub_state_name(enum sub_state st);
/* Parses a name of sub_state_name; false if unknown. */
bool sub_state_parse(const char *name, enum sub_state *st);
/* Stable names of sub_end ("none", "at_term", "force_majeure", "unpaid",
 * "early_termination", "withdrawal"). */
const char *sub_end_name(enum sub_end e);

/* true for the states of a running contract (active, cancelling, past_due,
 * suspended): the ones from which it can still end. */
bool sub_state_live(enum sub_state st);

/* Premium access (SOLO-3, PAY-5): true when state is active, cancelling or
 * past_due and now < period_end. Suspended, terminated and withdrawn give no
 * access. A cancelling subscription keeps access until period_end exactly;
 * a renewing one gets the next period once billing_sub_renew has run at the
 * due date. */
bool billing_entitled(enum sub_state st, int64_t now, int64_t period_end);

/* SOLO-1, SOLO-2: a new active subscription started at start with periods
 * of `months` (BILLING_MONTHLY or BILLING_ANNUAL): period 0 is
 * [start, boundary 1). */
void billing_sub_start(struct billing_sub *s, GTimeZone *tz, int64_t start, int months);

/* SOLO-3: the subscriber cancels at now; it takes effect at period_end
 * (access until then, no further charge). ST_CONFLICT when already cancelled,
 * when the subscription has ended, or when now is not within the current
 * period (the renewal job must run first); err (may be NULL) says why. */
enum status billing_sub_cancel(struct billing_sub *s, int64_t now, GString *err);

/* SOLO-3: undoes a cancellation before period_end: cancelling becomes
 * active again (past_due/suspended stay so, without the cancellation).
 * ST_CONFLICT when there is nothing to undo or the period is over. */
enum status billing_sub_undo_cancel(struct billing_sub *s, int64_t now, GString *err);

/* What the renewal job does for s at now (SOLO-2, SOLO-3, SOLO-5). */
enum sub_renewal {
	SUB_RENEWAL_NOT_DUE, /* now < period_end: nothing yet */
	SUB_RENEWAL_RENEW, /* due: charge and invoice the next period */
	SUB_RENEWAL_END, /* due and cancelled at term: end, charge nothing */
	SUB_RENEWAL_NONE, /* ended (terminated/withdrawn): never charge again */
};
/* SOLO-2: the renewal decision at now. A past-due or suspended subscription
 * that is not cancelled still renews (the contract runs until PAY-5
 * terminates it); one cancelled at term ends whatever its standing. */
enum sub_renewal billing_sub_renewal(const struct billing_sub *s, int64_t now);

/* SOLO-2: moves s to its next period (period + 1, bounds recomputed from
 * started_at with the anchor day). The state is unchanged: the charge of the
 * new period is made by the caller, and billing_sub_charge_failed records a
 * failure. Only valid when billing_sub_renewal gives SUB_RENEWAL_RENEW
 * (asserted not ended and not cancelled). */
void billing_sub_renew(struct billing_sub *s, GTimeZone *tz);

/* SOLO-3 / PLUS-2: ends a subscription cancelled at term when its period
 * ends: terminated at period_end with SUB_END_AT_TERM. Anything still owed
 * stays owed (debts are not part of this struct). ST_CONFLICT unless
 * billing_sub_renewal gives SUB_RENEWAL_END at now. */
enum status billing_sub_end_at_term(struct billing_sub *s, int64_t now, GString *err);

/* PAY-5: a charge (initial or renewal) failed: active or cancelling becomes
 * past_due; past_due and suspended stay as they are (another debt).
 * ST_CONFLICT when ended. */
enum status billing_sub_charge_failed(struct billing_sub *s, GString *err);

/* PAY-5: suspension 15 days after an unheeded formal notice: past_due
 * becomes suspended. ST_CONFLICT from any other state. */
enum status billing_sub_suspend(struct billing_sub *s, GString *err);

/* PAY-5: everything owed is paid: past_due or suspended becomes active (or
 * cancelling when cancelled at term) at once. ST_CONFLICT from any other
 * state. */
enum status billing_sub_settled(struct billing_sub *s, GString *err);

/* PAY-5: still unpaid terminate_after_suspension_days after suspension:
 * suspended becomes terminated at now with SUB_END_UNPAID. ST_CONFLICT from
 * any other state. */
enum status billing_sub_terminate_unpaid(struct billing_sub *s, int64_t now, GString *err);

/* SOLO-5: force majeure, on the subscriber's request, by staff: terminated
 * at once (ended_at = now, SUB_END_FORCE_MAJEURE) from any live state;
 * nothing further is charged (billing_sub_renewal gives SUB_RENEWAL_NONE).
 * reason is the recorded reason: ST_INVALID when NULL or blank (the caller
 * stores it with the audit record); ST_CONFLICT when already ended. */
enum status billing_sub_force_majeure(struct billing_sub *s, int64_t now, const char *reason, GString *err);

/* SOLO-6 / PLUS-3: withdrawal (eligibility is decided by
 * billing_solo_withdrawal or billing_plus_exit): withdrawn at now with
 * SUB_END_WITHDRAWAL from any live state; ST_CONFLICT when ended. */
enum status billing_sub_withdraw(struct billing_sub *s, int64_t now, GString *err);

/* PLUS-4: early termination (eligibility by billing_plus_exit): terminated
 * at now with SUB_END_EARLY_TERMINATION; ST_CONFLICT when ended. */
enum status billing_sub_terminate_early(struct billing_sub *s, int64_t now, GString *err);

#endif
