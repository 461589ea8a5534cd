/* Withdrawal and early exits (SOLO-6, PLUS-3, PLUS-4): who may leave, until
 * when, and what is refunded or owed. Pure computations; the state change
 * itself is billing_sub_withdraw / billing_sub_terminate_early.
 *
 * Day counting: "within N days of X" is counted in calendar days of the
 * platform time zone, the day of X not counting (as French consumer law
 * counts, C. consom. L221-18 / EU Reg. 1182/71): the right lasts until the
 * end of the local day X + N, i.e. it is open while
 * now < local midnight starting day X + N + 1. An order at 15:00 on 10 March
 * may be withdrawn until 24 March 23:59:59 Paris time; a night-time order is
 * not penalised by a 14*24 h count, and DST changes do not move the limit. */
#ifndef CAMPUS_BILLING_WITHDRAWAL_H
#define CAMPUS_BILLING_WITHDRAWAL_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

enum {
	SOLO_WITHDRAWAL_DAYS = 14, /* SOLO-6 [art. 6.1] */
	PLUS_COOLING_OFF_DAYS = 7, /* PLUS-3 [art. 6.2] */
	PLUS_EARLY_TERMINATION_MONTHS = 3, /* PLUS-4 [art. 6.2] */
	PLUS_EARLY_TERMINATION_MAX_RATE = 30, /* PLUS-4: percent, at most */
};

/* SOLO-6: the verdict on a withdrawal request. */
enum withdrawal_verdict {
	WITHDRAWAL_ALLOWED = 0,
	WITHDRAWAL_TOO_LATE, /* the 14 days after the order are over */
	WITHDRAWAL_SERVICES_USED, /* Premium services used since the order */
};

struct withdrawal_decision {
	enum withdrawal_verdict verdict;
	int64_t deadline; /* first instant at which withdrawal is too late */
	int64_t refund; /* ALLOWED: everything paid on the order; else 0 */
	const char *rule; /* "SOLO-6" */
	const char *article; /* "6.1": the article the refusal message cites */
};

/* Stable names of the verdicts ("allowed", "too_late", "services_used"),
 * for the web layer to pick its translated message (which cites art. 6.1). */
const char *withdrawal_verdict_name(enum withdrawal_verdict v);

/* SOLO-6 [art. 6.1]: may a Premium Solo order placed at ordered_at be
 * withdrawn at now? Allowed while now < deadline (see the day counting
 * above) and Premium services have not been used since the order (used:
 * a first sign-in after the order or a first access to a Premium-only
 * feature is recorded). Lateness is reported first: past the deadline the
 * answer is TOO_LATE whether or not services were used. paid is what the
 * order charged; an allowed withdrawal refunds all of it. The deadline runs
 * from the order, never from a renewal: a renewed subscription (at least a
 * month later) can no longer be withdrawn. Fills *out; never fails. */
void billing_solo_withdrawal(GTimeZone *tz, int64_t ordered_at, bool used, int64_t paid, int64_t now,
			     struct withdrawal_decision *out);

/* A Premium Plus contract, as PLUS-3 and PLUS-4 need it. */
struct plus_contract {
	int64_t sent_at; /* the contract was sent: the order confirmation */
	int64_t effective_at; /* its effective date (usually sent_at) */
	int64_t monthly_price; /* PLUS-1: tax-inclusive, minor units */
	/* The Path's average duration in months as a fraction num/den
	 * (6.5 months = 13/2); den > 0, num >= 0. */
	int avg_months_num, avg_months_den;
	int64_t paid; /* everything paid on the contract so far */
	int64_t period_end; /* end of the current monthly period (PLUS-2) */
};

/* Which way out a Plus subscriber has at a given instant. */
enum plus_exit {
	PLUS_EXIT_COOLING_OFF = 0, /* PLUS-3: void, everything refunded */
	PLUS_EXIT_EARLY_TERMINATION, /* PLUS-4: ends at once, indemnity due */
	PLUS_EXIT_AT_TERM, /* PLUS-2: ends at the end of the current period */
};

struct plus_exit_decision {
	enum plus_exit kind;
	int64_t cooling_off_ends; /* first instant past PLUS-3 */
	int64_t early_ends; /* first instant past PLUS-4 */
	int64_t ends_at; /* when the contract ends if the subscriber leaves now */
	int64_t contract_price; /* monthly_price * ceil(average months) */
	int64_t indemnity; /* PLUS-4: rate % of contract_price; else 0 */
	int64_t invoice; /* PLUS-4: indemnity - paid when positive; else 0 */
	int64_t refund; /* PLUS-3: paid; PLUS-4: paid - indemnity when positive */
	const char *rule; /* "PLUS-3", "PLUS-4" or "PLUS-2" */
};

/* ceil(num / den) for num >= 0, den > 0 (PLUS-4: whole months). */
int billing_ceil_months(int num, int den);

/* PLUS-4: the contract price, monthly_price * ceil(num/den). */
int64_t billing_plus_contract_price(const struct plus_contract *c);

/* PLUS-3, PLUS-4, PLUS-2 [art. 6.2]: the exit open at now. Cooling-off runs
 * PLUS_COOLING_OFF_DAYS days from sent_at (day counting above); early
 * termination from then to the end of the local day effective_at +
 * 3 months (anchor day kept: effective 30 Nov -> through 28/29 Feb); after
 * that PLUS-2 applies (ends at period_end, nothing owed or refunded here).
 * rate_percent is plus_early_termination_rate, in [0, 30] (asserted; the
 * configuration is validated at start-up). Amounts paid are set against the
 * indemnity: a shortfall is invoiced, an excess refunded. Fills *out. */
void billing_plus_exit(GTimeZone *tz, const struct plus_contract *c, int rate_percent, int64_t now,
		       struct plus_exit_decision *out);

#endif
