/* Unit tests of src/billing/dunning.c: late charges (PAY-4) by full
 * calendar month, the dunning timeline of a failed charge and its
 * idempotent job step (PAY-5), and chargebacks (PAY-6). */
#include <glib.h>
#include <string.h>

#include "base/config.h"
#include "billing/dunning.h"
#include "billing/subscription.h"

#include "paris_time.h"

#include "base/banned.h"

enum { FEE = 4000, RATE = 10 }; /* the defaults: 40.00 EUR, 10 % */

/* --- PAY-4 ------------------------------------------------------------------- */

static void test_pay4_not_overdue_until_due_passed(void)
{
	struct late_charges lc;
	int64_t due = local(2027, 1, 31, 10, 0, 0);
	billing_late_charges(paris, 1999, due, due - 1, FEE, RATE, &lc);
	g_assert_false(lc.overdue);
	g_assert_cmpint(lc.owed, ==, 1999);
	billing_late_charges(paris, 1999, due, due, FEE, RATE, &lc);
	g_assert_false(lc.overdue);
	g_assert_cmpint(lc.fixed_fee, ==, 0);
	/* nothing unpaid, nothing added */
	billing_late_charges(paris, 0, due, due + 86400 * 90, FEE, RATE, &lc);
	g_assert_false(lc.overdue);
	g_assert_cmpint(lc.owed, ==, 0);
}

/* The recovery fee is added at once, the interest only per full month. */
static void test_pay4_fixed_fee_at_once(void)
{
	struct late_charges lc;
	int64_t due = local(2027, 1, 31, 10, 0, 0);
	billing_late_charges(paris, 1999, due, due + 1, FEE, RATE, &lc);
	g_assert_true(lc.overdue);
	g_assert_cmpint(lc.fixed_fee, ==, 4000);
	g_assert_cmpint(lc.full_months, ==, 0);
	g_assert_cmpint(lc.interest, ==, 0);
	g_assert_cmpint(lc.owed, ==, 1999 + 4000);
}

/* 10 % of the principal per full month, counted from the due date with its
 * anchor day: due 31 Jan -> 1 month on 28 Feb, 2 on 31 Mar, 3 on 30 Apr. */
static void test_pay4_late_interest_per_full_month(void)
{
	struct late_charges lc;
	int64_t due = local(2027, 1, 31, 10, 0, 0);
	struct {
		int64_t now;
		int months;
	} cases[] = {
		{local(2027, 2, 27, 23, 59, 59), 0}, {local(2027, 2, 28, 9, 59, 59), 0},
		{local(2027, 2, 28, 10, 0, 0), 1},   {local(2027, 3, 30, 10, 0, 0), 1},
		{local(2027, 3, 31, 9, 59, 59), 1},  {local(2027, 3, 31, 10, 0, 0), 2},
		{local(2027, 4, 30, 10, 0, 0), 3},   {local(2027, 5, 30, 10, 0, 0), 3},
		{local(2027, 5, 31, 10, 0, 0), 4},   {local(2028, 1, 31, 10, 0, 0), 12},
		{local(2028, 2, 29, 10, 0, 0), 13},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_test_message("case %zu", i);
		billing_late_charges(paris, 10000, due, cases[i].now, FEE, RATE, &lc);
		g_assert_cmpint(lc.full_months, ==, cases[i].months);
		g_assert_cmpint(lc.interest, ==, 1000 * cases[i].months);
		g_assert_cmpint(lc.owed, ==, 10000 + 4000 + 1000 * cases[i].months);
	}
}

/* Not compounded: month after month the same share of the principal,
 * rounded half-up once a month (19.99 * 10 % = 1.999 -> 2.00). */
static void test_pay4_not_compounded(void)
{
	struct late_charges lc;
	int64_t due = local(2026, 6, 15, 0, 0, 0);
	billing_late_charges(paris, 1999, due, local(2027, 6, 15, 0, 0, 0), FEE, RATE, &lc);
	g_assert_cmpint(lc.full_months, ==, 12);
	g_assert_cmpint(lc.interest, ==, 12 * 200);
	g_assert_cmpint(lc.owed, ==, 1999 + 4000 + 2400);
	/* at 1 %: 19.50 cents round up to 20, 19.49 down to 19 */
	billing_late_charges(paris, 1950, due, local(2026, 8, 15, 0, 0, 0), FEE, 1, &lc);
	g_assert_cmpint(lc.interest, ==, 2 * 20);
	billing_late_charges(paris, 1949, due, local(2026, 8, 15, 0, 0, 0), FEE, 1, &lc);
	g_assert_cmpint(lc.interest, ==, 2 * 19);
}

/* Partial months count for nothing, including around month ends and DST:
 * due 30 Mar 2026 09:00 CEST, one month on 30 Apr 09:00. */
static void test_pay4_partial_months_and_dst(void)
{
	struct late_charges lc;
	int64_t due = local(2026, 3, 30, 9, 0, 0);
	billing_late_charges(paris, 5000, due, local(2026, 4, 30, 8, 59, 59), FEE, RATE, &lc);
	g_assert_cmpint(lc.full_months, ==, 0);
	billing_late_charges(paris, 5000, due, local(2026, 4, 30, 9, 0, 0), FEE, RATE, &lc);
	g_assert_cmpint(lc.full_months, ==, 1);
	g_assert_cmpint(lc.interest, ==, 500);
	/* due on 28 Feb (a common year): next months on the 28th */
	due = local(2027, 2, 28, 9, 0, 0);
	billing_late_charges(paris, 5000, due, local(2027, 3, 28, 9, 0, 0), FEE, RATE, &lc);
	g_assert_cmpint(lc.full_months, ==, 1);
	billing_late_charges(paris, 5000, due, local(2027, 3, 31, 23, 0, 0), FEE, RATE, &lc);
	g_assert_cmpint(lc.full_months, ==, 1);
	/* over a winter-time change: 25 Oct 2026 */
	due = local(2026, 10, 10, 0, 30, 0);
	billing_late_charges(paris, 5000, due, local(2026, 11, 10, 0, 29, 59), FEE, RATE, &lc);
	g_assert_cmpint(lc.full_months, ==, 0);
	billing_late_charges(paris, 5000, due, local(2026, 11, 10, 0, 30, 0), FEE, RATE, &lc);
	g_assert_cmpint(lc.full_months, ==, 1);
}

/* --- PAY-5 ---------------------------------------------------------------------- */

static void default_terms(struct dunning_terms *t)
{
	struct config c;
	config_defaults(&c, "/tmp");
	dunning_terms_from_config(t, &c);
	config_clear(&c);
}

static void test_pay5_terms_from_config(void)
{
	struct dunning_terms t;
	default_terms(&t);
	g_assert_cmpint(t.n_retry_days, ==, 3);
	g_assert_cmpint(t.retry_days[0], ==, 1);
	g_assert_cmpint(t.retry_days[1], ==, 3);
	g_assert_cmpint(t.retry_days[2], ==, 5);
	g_assert_cmpint(t.formal_notice_after_days, ==, 7);
	g_assert_cmpint(t.suspend_after_notice_days, ==, 15);
	g_assert_cmpint(t.terminate_after_suspension_days, ==, 30);
	g_assert_cmpstr(dunning_action_name(DUNNING_RETRY), ==, "retry");
	g_assert_cmpstr(dunning_action_name(DUNNING_FORMAL_NOTICE), ==, "formal_notice");
	g_assert_cmpstr(dunning_action_name(DUNNING_SUSPEND), ==, "suspend");
	g_assert_cmpstr(dunning_action_name(DUNNING_TERMINATE), ==, "terminate");
	g_assert_cmpstr(dunning_action_name((enum dunning_action)9), ==, "?");
}

/* Due 25 Mar 2026 10:00 (CET): retries 26, 28, 30 Mar (the last after the
 * DST change, still 10:00), notice 1 Apr, suspension 16 Apr, termination
 * 16 May. */
static void test_pay5_schedule(void)
{
	struct dunning_terms t;
	default_terms(&t);
	int64_t due = local(2026, 3, 25, 10, 0, 0);
	struct dunning_step s[DUNNING_MAX_STEPS];
	size_t n = billing_dunning_schedule(paris, &t, due, s, G_N_ELEMENTS(s));
	g_assert_cmpuint(n, ==, 6);
	const struct {
		enum dunning_action a;
		int retry;
		int64_t at;
	} want[] = {
		{DUNNING_RETRY, 1, local(2026, 3, 26, 10, 0, 0)},
		{DUNNING_RETRY, 2, local(2026, 3, 28, 10, 0, 0)},
		{DUNNING_RETRY, 3, local(2026, 3, 30, 10, 0, 0)},
		{DUNNING_FORMAL_NOTICE, 0, local(2026, 4, 1, 10, 0, 0)},
		{DUNNING_SUSPEND, 0, local(2026, 4, 16, 10, 0, 0)},
		{DUNNING_TERMINATE, 0, local(2026, 5, 16, 10, 0, 0)},
	};
	for (size_t i = 0; i < n; i++) {
		g_assert_cmpint(s[i].index, ==, (int)i);
		g_assert_cmpint(s[i].action, ==, want[i].a);
		g_assert_cmpint(s[i].retry, ==, want[i].retry);
		g_assert_cmpint(s[i].at, ==, want[i].at);
	}
	/* a short buffer gets the first steps; the count is still 6 */
	struct dunning_step two[2];
	memset(two, 0, sizeof(two));
	g_assert_cmpuint(billing_dunning_schedule(paris, &t, due, two, 2), ==, 6);
	g_assert_cmpint(two[1].at, ==, want[1].at);
	g_assert_cmpuint(billing_dunning_schedule(paris, &t, due, NULL, 0), ==, 6);

	/* other figures: no retries, notice at 10 days, over a year end */
	t.n_retry_days = 0;
	t.formal_notice_after_days = 10;
	due = local(2026, 12, 28, 0, 0, 0);
	n = billing_dunning_schedule(paris, &t, due, s, G_N_ELEMENTS(s));
	g_assert_cmpuint(n, ==, 3);
	g_assert_cmpint(s[0].action, ==, DUNNING_FORMAL_NOTICE);
	g_assert_cmpint(s[0].at, ==, local(2027, 1, 7, 0, 0, 0));
	g_assert_cmpint(s[1].at, ==, local(2027, 1, 22, 0, 0, 0));
	g_assert_cmpint(s[2].at, ==, local(2027, 2, 21, 0, 0, 0));
}

/* A job runs every hour from the due date for 70 days: each step runs once,
 * at its time, in order, and calling again without recording changes
 * nothing (idempotent). */
static void test_pay5_job_idempotent(void)
{
	struct dunning_terms t;
	default_terms(&t);
	int64_t due = local(2026, 3, 25, 10, 0, 0);
	struct dunning_step plan[DUNNING_MAX_STEPS];
	size_t n = billing_dunning_schedule(paris, &t, due, plan, G_N_ELEMENTS(plan));
	struct dunning_progress p = {0};
	int64_t ran_at[DUNNING_MAX_STEPS] = {0};
	for (int64_t now = due; now < due + 70 * 86400; now += 3600) {
		struct dunning_step st, again;
		while (billing_dunning_next(paris, &t, due, &p, false, true, now, &st)) {
			g_assert_true(billing_dunning_next(paris, &t, due, &p, false, true, now, &again));
			g_assert_cmpint(again.index, ==, st.index);
			g_assert_cmpint(again.at, ==, st.at);
			ran_at[st.index] = now;
			billing_dunning_record(&p, &st, now);
		}
	}
	g_assert_cmpint(p.done, ==, (int)n);
	for (size_t i = 0; i < n; i++)
		g_assert_cmpint(ran_at[i], ==, plan[i].at);
	g_assert_cmpint(p.notice_at, ==, plan[3].at);
	g_assert_cmpint(p.suspended_at, ==, plan[4].at);
	struct dunning_step st;
	g_assert_false(billing_dunning_next(paris, &t, due, &p, false, true, due + 400 * 86400, &st));
}

/* A job that was down runs the missed steps one at a time; the suspension
 * comes 15 days after the notice actually sent, never earlier. */
static void test_pay5_late_job_keeps_15_days(void)
{
	struct dunning_terms t;
	default_terms(&t);
	int64_t due = local(2026, 6, 1, 10, 0, 0);
	struct dunning_progress p = {0};
	struct dunning_step st;
	int64_t now = local(2026, 6, 20, 12, 0, 0); /* down for 19 days */
	for (int i = 0; i < 4; i++) {
		g_assert_true(billing_dunning_next(paris, &t, due, &p, false, true, now, &st));
		g_assert_cmpint(st.index, ==, i);
		billing_dunning_record(&p, &st, now);
	}
	g_assert_cmpint(st.action, ==, DUNNING_FORMAL_NOTICE);
	g_assert_cmpint(p.notice_at, ==, now);
	/* planned suspension (notice planned 8 Jun + 15 = 23 Jun) is not used */
	g_assert_false(
		billing_dunning_next(paris, &t, due, &p, false, true, local(2026, 6, 23, 10, 0, 0), &st));
	g_assert_false(
		billing_dunning_next(paris, &t, due, &p, false, true, local(2026, 7, 5, 11, 59, 59), &st));
	g_assert_true(
		billing_dunning_next(paris, &t, due, &p, false, true, local(2026, 7, 5, 12, 0, 0), &st));
	g_assert_cmpint(st.action, ==, DUNNING_SUSPEND);
	g_assert_cmpint(st.at, ==, local(2026, 7, 5, 12, 0, 0));
	billing_dunning_record(&p, &st, local(2026, 7, 6, 0, 0, 0));
	/* termination 30 days after the actual suspension */
	g_assert_false(
		billing_dunning_next(paris, &t, due, &p, false, true, local(2026, 8, 4, 23, 59, 59), &st));
	g_assert_true(billing_dunning_next(paris, &t, due, &p, false, true, local(2026, 8, 5, 0, 0, 0), &st));
	g_assert_cmpint(st.action, ==, DUNNING_TERMINATE);
}

/* Paying everything owed stops the timeline at any point and lifts a
 * suspension at once. */
static void test_pay5_payment_lifts_suspension(void)
{
	struct dunning_terms t;
	default_terms(&t);
	int64_t due = local(2027, 1, 31, 10, 0, 0);
	struct billing_sub s;
	billing_sub_start(&s, paris, local(2026, 12, 31, 10, 0, 0), 1);
	billing_sub_renew(&s, paris);
	g_assert_cmpint(s.period_start, ==, due);
	g_assert_cmpint(billing_sub_charge_failed(&s, NULL), ==, ST_OK);

	struct dunning_progress p = {0};
	struct dunning_step st;
	int64_t now = due;
	while (p.done < 5) {
		now += 3600;
		if (!billing_dunning_next(paris, &t, due, &p, false, true, now, &st))
			continue;
		if (st.action == DUNNING_SUSPEND)
			g_assert_cmpint(billing_sub_suspend(&s, NULL), ==, ST_OK);
		billing_dunning_record(&p, &st, now);
	}
	g_assert_cmpint(s.state, ==, SUB_SUSPENDED);
	g_assert_cmpint(now, ==, local(2027, 2, 22, 10, 0, 0)); /* notice 7 Feb + 15 */

	/* owed at that moment: 19.99 + 40.00, no full month yet */
	struct late_charges lc;
	billing_late_charges(paris, 1999, due, now, FEE, RATE, &lc);
	g_assert_cmpint(lc.owed, ==, 5999);
	g_assert_false(billing_settled(lc.owed, 1999)); /* the principal alone is not enough */
	g_assert_false(billing_settled(lc.owed, 5998));
	g_assert_true(billing_settled(lc.owed, 5999));
	g_assert_cmpint(billing_sub_settled(&s, NULL), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_ACTIVE);
	g_assert_true(billing_entitled(s.state, now, s.period_end));
	g_assert_false(billing_dunning_next(paris, &t, due, &p, true, true, now + 40 * 86400, &st));
	/* and settled before anything: nothing ever due */
	struct dunning_progress none = {0};
	g_assert_false(billing_dunning_next(paris, &t, due, &none, true, true, now, &st));
}

/* Interaction with SOLO-3/SOLO-5: once the subscription has ended there is
 * nothing to suspend or terminate, but the debt and its PAY-4 charges
 * remain. */
static void test_pay5_ended_subscription_stops_after_notice(void)
{
	struct dunning_terms t;
	default_terms(&t);
	int64_t due = local(2027, 2, 28, 10, 0, 0);
	struct dunning_progress p = {0};
	struct dunning_step st;
	int64_t now = local(2027, 3, 10, 0, 0, 0);
	while (billing_dunning_next(paris, &t, due, &p, false, false, now, &st))
		billing_dunning_record(&p, &st, now);
	g_assert_cmpint(p.done, ==, 4); /* three retries and the notice */
	g_assert_false(billing_dunning_next(paris, &t, due, &p, false, false, now + 100 * 86400, &st));
	struct late_charges lc;
	billing_late_charges(paris, 1999, due, local(2027, 4, 28, 10, 0, 0), FEE, RATE, &lc);
	g_assert_cmpint(lc.owed, ==, 1999 + 4000 + 2 * 200);
}

/* --- PAY-6 ------------------------------------------------------------------------ */

static void test_pay6_chargeback(void)
{
	struct chargeback_debt d;
	int64_t at = local(2027, 3, 5, 14, 0, 0);
	billing_chargeback(1999, at, 1500, &d);
	g_assert_cmpint(d.principal, ==, 1999);
	g_assert_cmpint(d.overdue_since, ==, at);
	g_assert_cmpint(d.chargeback_fee, ==, 1500);
	/* before the reversal instant: no PAY-4 charges yet */
	g_assert_cmpint(billing_chargeback_owed(paris, &d, FEE, RATE, at - 1), ==, 1999 + 1500);
	/* overdue again at once: the amount, PAY-4's fee, the PAY-6 fee */
	g_assert_cmpint(billing_chargeback_owed(paris, &d, FEE, RATE, at), ==, 1999 + 4000 + 1500);
	g_assert_cmpint(billing_chargeback_owed(paris, &d, FEE, RATE, local(2027, 4, 5, 13, 59, 59)), ==,
			1999 + 4000 + 1500);
	/* a full month after the reversal: 10 % of the principal */
	g_assert_cmpint(billing_chargeback_owed(paris, &d, FEE, RATE, local(2027, 4, 5, 14, 0, 0)), ==,
			1999 + 4000 + 1500 + 200);
	g_assert_cmpint(billing_chargeback_owed(paris, &d, FEE, RATE, local(2027, 6, 5, 14, 0, 0)), ==,
			1999 + 4000 + 1500 + 600);
	/* the reversal is the due date of the dunning timeline */
	struct dunning_terms t;
	default_terms(&t);
	struct dunning_progress p = {0};
	struct dunning_step st;
	g_assert_false(billing_dunning_next(paris, &t, d.overdue_since, &p, false, true, at, &st));
	g_assert_true(billing_dunning_next(paris, &t, d.overdue_since, &p, false, true, at + 86400, &st));
	g_assert_cmpint(st.action, ==, DUNNING_RETRY);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	paris_time_init();

	g_test_add_func("/billing/pay4_not_overdue_until_due_passed", test_pay4_not_overdue_until_due_passed);
	g_test_add_func("/billing/pay4_fixed_fee_at_once", test_pay4_fixed_fee_at_once);
	g_test_add_func("/billing/pay4_late_interest_per_full_month", test_pay4_late_interest_per_full_month);
	g_test_add_func("/billing/pay4_not_compounded", test_pay4_not_compounded);
	g_test_add_func("/billing/pay4_partial_months_and_dst", test_pay4_partial_months_and_dst);
	g_test_add_func("/billing/pay5_terms_from_config", test_pay5_terms_from_config);
	g_test_add_func("/billing/pay5_schedule_retries_notice_suspend_terminate", test_pay5_schedule);
	g_test_add_func("/billing/pay5_job_idempotent", test_pay5_job_idempotent);
	g_test_add_func("/billing/pay5_late_job_keeps_15_days", test_pay5_late_job_keeps_15_days);
	g_test_add_func("/billing/pay5_payment_lifts_suspension", test_pay5_payment_lifts_suspension);
	g_test_add_func("/billing/pay5_solo3_ended_subscription_stops_after_notice",
			test_pay5_ended_subscription_stops_after_notice);
	g_test_add_func("/billing/pay6_chargeback_overdue_again_plus_fee", test_pay6_chargeback);

	int rc = g_test_run();
	g_time_zone_unref(paris);
	return rc;
}
