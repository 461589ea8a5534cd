/* Unit tests of src/billing/withdrawal.c: withdrawal of Premium Solo
 * (SOLO-6, art. 6.1) with its 14-day boundary, a withdrawal after a
 * renewal, and the exits of Premium Plus (PLUS-3 cooling-off, PLUS-4 early
 * termination with its indemnity, PLUS-2 after three months). */
#include <glib.h>

#include "billing/periods.h"
#include "billing/subscription.h"
#include "billing/withdrawal.h"

#include "paris_time.h"

#include "base/banned.h"

/* --- SOLO-6 ------------------------------------------------------------------ */

static void test_verdict_names(void)
{
	g_assert_cmpstr(withdrawal_verdict_name(WITHDRAWAL_ALLOWED), ==, "allowed");
	g_assert_cmpstr(withdrawal_verdict_name(WITHDRAWAL_TOO_LATE), ==, "too_late");
	g_assert_cmpstr(withdrawal_verdict_name(WITHDRAWAL_SERVICES_USED), ==, "services_used");
	g_assert_cmpstr(withdrawal_verdict_name((enum withdrawal_verdict)9), ==, "?");
}

/* The 14 days are calendar days in Paris, the order day not counting: an
 * order at 15:00 on 10 March can be withdrawn until 24 March 23:59:59. */
static void test_solo6_boundary_14_calendar_days(void)
{
	struct withdrawal_decision d;
	int64_t order = local(2026, 3, 10, 15, 0, 0);
	billing_solo_withdrawal(paris, order, false, 1999, order, &d);
	g_assert_cmpint(d.verdict, ==, WITHDRAWAL_ALLOWED);
	g_assert_cmpint(d.refund, ==, 1999);
	g_assert_cmpstr(d.rule, ==, "SOLO-6");
	g_assert_cmpstr(d.article, ==, "6.1");
	g_assert_cmpint(d.deadline, ==, local(2026, 3, 25, 0, 0, 0));

	/* 14 * 24 h after the order is still allowed (day 14 is not over) */
	billing_solo_withdrawal(paris, order, false, 1999, order + 14 * 86400, &d);
	g_assert_cmpint(d.verdict, ==, WITHDRAWAL_ALLOWED);
	billing_solo_withdrawal(paris, order, false, 1999, local(2026, 3, 24, 23, 59, 59), &d);
	g_assert_cmpint(d.verdict, ==, WITHDRAWAL_ALLOWED);
	billing_solo_withdrawal(paris, order, false, 1999, local(2026, 3, 25, 0, 0, 0), &d);
	g_assert_cmpint(d.verdict, ==, WITHDRAWAL_TOO_LATE);
	g_assert_cmpint(d.refund, ==, 0);

	/* an order at 00:00:00 and one at 23:59:59 have the same deadline */
	int64_t a = local(2026, 5, 1, 0, 0, 0), b = local(2026, 5, 1, 23, 59, 59);
	billing_solo_withdrawal(paris, a, false, 100, a, &d);
	int64_t da = d.deadline;
	billing_solo_withdrawal(paris, b, false, 100, b, &d);
	g_assert_cmpint(d.deadline, ==, da);
	g_assert_cmpint(da, ==, local(2026, 5, 16, 0, 0, 0));

	/* the local day decides: 23:30Z on 31 Dec is 1 Jan in Paris */
	int64_t ny = utc(2026, 12, 31, 23, 30, 0);
	billing_solo_withdrawal(paris, ny, false, 100, ny, &d);
	g_assert_cmpint(d.deadline, ==, local(2027, 1, 16, 0, 0, 0));
}

/* Across the spring DST change the window is 14 days and 23 hours of
 * clock time, still ending at local midnight. */
static void test_solo6_boundary_dst(void)
{
	struct withdrawal_decision d;
	int64_t order = local(2026, 3, 20, 0, 0, 0);
	billing_solo_withdrawal(paris, order, false, 999, order, &d);
	g_assert_cmpint(d.deadline, ==, local(2026, 4, 4, 0, 0, 0));
	g_assert_cmpint(d.deadline - order, ==, 15 * 86400 - 3600);
	billing_solo_withdrawal(paris, order, false, 999, d.deadline - 1, &d);
	g_assert_cmpint(d.verdict, ==, WITHDRAWAL_ALLOWED);
	/* autumn: 25 hours longer */
	order = local(2026, 10, 20, 12, 0, 0);
	billing_solo_withdrawal(paris, order, false, 999, order, &d);
	g_assert_cmpint(d.deadline, ==, local(2026, 11, 4, 0, 0, 0));
	g_assert_cmpint(d.deadline, ==, utc(2026, 11, 3, 23, 0, 0));
}

/* art. 6.1: from the first use of Premium services, refused, citing the
 * article; lateness is reported first. */
static void test_solo6_refused_after_first_use(void)
{
	struct withdrawal_decision d;
	int64_t order = local(2026, 3, 10, 15, 0, 0);
	billing_solo_withdrawal(paris, order, true, 1999, order + 60, &d);
	g_assert_cmpint(d.verdict, ==, WITHDRAWAL_SERVICES_USED);
	g_assert_cmpint(d.refund, ==, 0);
	g_assert_cmpstr(d.article, ==, "6.1");
	g_assert_cmpstr(withdrawal_verdict_name(d.verdict), ==, "services_used");
	billing_solo_withdrawal(paris, order, true, 1999, local(2026, 3, 30, 0, 0, 0), &d);
	g_assert_cmpint(d.verdict, ==, WITHDRAWAL_TOO_LATE);
	g_assert_cmpstr(d.article, ==, "6.1");
}

/* Interaction: a withdrawal after a renewal. The 14 days run from the
 * order, and a renewal comes at least 28 days later: never withdrawable,
 * even by someone who never used the services. */
static void test_solo6_withdrawal_after_renewal(void)
{
	struct billing_sub s;
	int64_t order = local(2027, 1, 31, 10, 0, 0);
	billing_sub_start(&s, paris, order, BILLING_MONTHLY);
	billing_sub_renew(&s, paris);
	g_assert_cmpint(s.period_start, ==, local(2027, 2, 28, 10, 0, 0));
	struct withdrawal_decision d;
	billing_solo_withdrawal(paris, order, false, 2 * 1999, s.period_start + 3600, &d);
	g_assert_cmpint(d.verdict, ==, WITHDRAWAL_TOO_LATE);
	g_assert_cmpint(d.refund, ==, 0);
	/* the shortest possible first period (31 Jan -> 28 Feb) is still
	 * longer than the 14 days */
	g_assert_cmpint(d.deadline, <, s.period_start);
	/* withdrawing within the first period: refund of everything paid */
	billing_solo_withdrawal(paris, order, false, 1999, local(2027, 2, 14, 23, 59, 59), &d);
	g_assert_cmpint(d.verdict, ==, WITHDRAWAL_ALLOWED);
	g_assert_cmpint(d.refund, ==, 1999);
	/* the state machine agrees: the renewed subscription can still be
	 * cancelled at term, not withdrawn */
	g_assert_cmpint(billing_sub_cancel(&s, s.period_start + 3600, NULL), ==, ST_OK);
}

/* --- PLUS-3, PLUS-4, PLUS-2 ----------------------------------------------------- */

static void test_ceil_months(void)
{
	g_assert_cmpint(billing_ceil_months(0, 1), ==, 0);
	g_assert_cmpint(billing_ceil_months(6, 1), ==, 6);
	g_assert_cmpint(billing_ceil_months(13, 2), ==, 7); /* 6.5 -> 7 */
	g_assert_cmpint(billing_ceil_months(12, 2), ==, 6);
	g_assert_cmpint(billing_ceil_months(61, 10), ==, 7); /* 6.1 -> 7 */
	g_assert_cmpint(billing_ceil_months(1, 3), ==, 1);
}

/* A contract sent and effective on 10 Jan 2027 at 11:00, 300.00 a month,
 * average duration 6.5 months: contract price 7 * 300.00 = 2100.00. */
static struct plus_contract contract(int64_t paid)
{
	struct plus_contract c = {
		.sent_at = local(2027, 1, 10, 11, 0, 0),
		.effective_at = local(2027, 1, 10, 11, 0, 0),
		.monthly_price = 30000,
		.avg_months_num = 13,
		.avg_months_den = 2,
		.paid = paid,
		.period_end = local(2027, 2, 10, 11, 0, 0),
	};
	return c;
}

static void test_plus4_contract_price(void)
{
	struct plus_contract c = contract(0);
	g_assert_cmpint(billing_plus_contract_price(&c), ==, 210000);
	c.avg_months_num = 12;
	g_assert_cmpint(billing_plus_contract_price(&c), ==, 180000);
	c.avg_months_num = 121, c.avg_months_den = 10; /* 12.1 -> 13 */
	g_assert_cmpint(billing_plus_contract_price(&c), ==, 390000);
}

/* PLUS-3: for 7 days after the contract is sent (through 17 Jan): void,
 * everything paid refunded. */
static void test_plus3_cooling_off(void)
{
	struct plus_contract c = contract(30000);
	struct plus_exit_decision d;
	billing_plus_exit(paris, &c, 30, c.sent_at, &d);
	g_assert_cmpint(d.kind, ==, PLUS_EXIT_COOLING_OFF);
	g_assert_cmpstr(d.rule, ==, "PLUS-3");
	g_assert_cmpint(d.cooling_off_ends, ==, local(2027, 1, 18, 0, 0, 0));
	g_assert_cmpint(d.refund, ==, 30000);
	g_assert_cmpint(d.indemnity, ==, 0);
	g_assert_cmpint(d.invoice, ==, 0);
	g_assert_cmpint(d.ends_at, ==, c.sent_at);
	billing_plus_exit(paris, &c, 30, local(2027, 1, 17, 23, 59, 59), &d);
	g_assert_cmpint(d.kind, ==, PLUS_EXIT_COOLING_OFF);
	g_assert_cmpint(d.refund, ==, 30000);
	/* day 8: PLUS-4 */
	billing_plus_exit(paris, &c, 30, local(2027, 1, 18, 0, 0, 0), &d);
	g_assert_cmpint(d.kind, ==, PLUS_EXIT_EARLY_TERMINATION);
}

/* PLUS-4: 30 % of 2100.00 = 630.00; paid set against it. */
static void test_plus4_indemnity(void)
{
	struct plus_exit_decision d;
	int64_t now = local(2027, 2, 20, 9, 0, 0);

	/* paid two months (600.00): shortfall 30.00 invoiced */
	struct plus_contract c = contract(60000);
	billing_plus_exit(paris, &c, 30, now, &d);
	g_assert_cmpint(d.kind, ==, PLUS_EXIT_EARLY_TERMINATION);
	g_assert_cmpstr(d.rule, ==, "PLUS-4");
	g_assert_cmpint(d.contract_price, ==, 210000);
	g_assert_cmpint(d.indemnity, ==, 63000);
	g_assert_cmpint(d.invoice, ==, 3000);
	g_assert_cmpint(d.refund, ==, 0);
	g_assert_cmpint(d.ends_at, ==, now);

	/* paid three months (900.00): excess 270.00 refunded */
	c = contract(90000);
	billing_plus_exit(paris, &c, 30, now, &d);
	g_assert_cmpint(d.invoice, ==, 0);
	g_assert_cmpint(d.refund, ==, 27000);

	/* paid exactly the indemnity: nothing either way */
	c = contract(63000);
	billing_plus_exit(paris, &c, 30, now, &d);
	g_assert_cmpint(d.invoice, ==, 0);
	g_assert_cmpint(d.refund, ==, 0);

	/* a lower configured rate, and rounding half-up to the cent:
	 * 7 * 99.99 = 699.93; 15 % = 104.9895 -> 104.99 */
	c = contract(0);
	c.monthly_price = 9999;
	billing_plus_exit(paris, &c, 15, now, &d);
	g_assert_cmpint(d.contract_price, ==, 69993);
	g_assert_cmpint(d.indemnity, ==, 10499);
	g_assert_cmpint(d.invoice, ==, 10499);
	/* rate 0: nothing owed, everything paid refunded */
	c = contract(30000);
	billing_plus_exit(paris, &c, 0, now, &d);
	g_assert_cmpint(d.indemnity, ==, 0);
	g_assert_cmpint(d.refund, ==, 30000);
}

/* PLUS-4 lasts through the day three months after the effective date
 * (anchor day kept); then PLUS-2: it ends with the current period. */
static void test_plus4_window_then_plus2(void)
{
	struct plus_contract c = contract(90000);
	struct plus_exit_decision d;
	billing_plus_exit(paris, &c, 30, local(2027, 4, 10, 23, 59, 59), &d);
	g_assert_cmpint(d.kind, ==, PLUS_EXIT_EARLY_TERMINATION);
	g_assert_cmpint(d.early_ends, ==, local(2027, 4, 11, 0, 0, 0));
	c.period_end = local(2027, 5, 10, 11, 0, 0);
	billing_plus_exit(paris, &c, 30, local(2027, 4, 11, 0, 0, 0), &d);
	g_assert_cmpint(d.kind, ==, PLUS_EXIT_AT_TERM);
	g_assert_cmpstr(d.rule, ==, "PLUS-2");
	g_assert_cmpint(d.ends_at, ==, c.period_end);
	g_assert_cmpint(d.indemnity, ==, 0);
	g_assert_cmpint(d.refund, ==, 0);
	g_assert_cmpint(d.invoice, ==, 0);

	/* effective 30 Nov: three months is 28 Feb (29 in a leap year) */
	c.sent_at = c.effective_at = local(2026, 11, 30, 12, 0, 0);
	billing_plus_exit(paris, &c, 30, c.sent_at, &d);
	g_assert_cmpint(d.early_ends, ==, local(2027, 3, 1, 0, 0, 0));
	c.sent_at = c.effective_at = local(2027, 11, 30, 12, 0, 0);
	billing_plus_exit(paris, &c, 30, c.sent_at, &d);
	g_assert_cmpint(d.early_ends, ==, local(2028, 3, 1, 0, 0, 0));
	/* across the spring DST change the limit is still local midnight */
	c.sent_at = c.effective_at = local(2026, 12, 29, 9, 0, 0);
	billing_plus_exit(paris, &c, 30, c.sent_at, &d);
	g_assert_cmpint(d.early_ends, ==, local(2027, 3, 30, 0, 0, 0));
	g_assert_cmpint(d.early_ends, ==, utc(2027, 3, 29, 22, 0, 0));
}

/* An effective date later than the sending: cooling-off from the sending,
 * PLUS-4 up to three months from the effective date. */
static void test_plus3_plus4_effective_later(void)
{
	struct plus_contract c = contract(0);
	c.sent_at = local(2027, 1, 2, 10, 0, 0);
	c.effective_at = local(2027, 1, 15, 10, 0, 0);
	struct plus_exit_decision d;
	billing_plus_exit(paris, &c, 30, local(2027, 1, 9, 23, 0, 0), &d);
	g_assert_cmpint(d.kind, ==, PLUS_EXIT_COOLING_OFF);
	billing_plus_exit(paris, &c, 30, local(2027, 1, 10, 0, 0, 0), &d);
	g_assert_cmpint(d.kind, ==, PLUS_EXIT_EARLY_TERMINATION);
	g_assert_cmpint(d.invoice, ==, 63000);
	billing_plus_exit(paris, &c, 30, local(2027, 4, 15, 23, 0, 0), &d);
	g_assert_cmpint(d.kind, ==, PLUS_EXIT_EARLY_TERMINATION);
	billing_plus_exit(paris, &c, 30, local(2027, 4, 16, 0, 0, 0), &d);
	g_assert_cmpint(d.kind, ==, PLUS_EXIT_AT_TERM);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	paris_time_init();

	g_test_add_func("/billing/solo6_verdict_names", test_verdict_names);
	g_test_add_func("/billing/solo6_boundary_14_calendar_days", test_solo6_boundary_14_calendar_days);
	g_test_add_func("/billing/solo6_boundary_dst", test_solo6_boundary_dst);
	g_test_add_func("/billing/solo6_refused_after_first_use_art_6_1", test_solo6_refused_after_first_use);
	g_test_add_func("/billing/solo6_withdrawal_after_renewal", test_solo6_withdrawal_after_renewal);
	g_test_add_func("/billing/plus4_ceil_months", test_ceil_months);
	g_test_add_func("/billing/plus4_contract_price", test_plus4_contract_price);
	g_test_add_func("/billing/plus3_cooling_off_7_days_refund_all", test_plus3_cooling_off);
	g_test_add_func("/billing/plus4_indemnity_set_against_paid", test_plus4_indemnity);
	g_test_add_func("/billing/plus4_window_3_months_then_plus2", test_plus4_window_then_plus2);
	g_test_add_func("/billing/plus3_plus4_effective_after_sent", test_plus3_plus4_effective_later);

	int rc = g_test_run();
	g_time_zone_unref(paris);
	return rc;
}
