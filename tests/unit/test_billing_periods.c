/* Unit tests of src/billing/periods.c: billing periods keep the anchor day
 * of the subscription start (SOLO-1, SOLO-2, PLUS-2) in the platform time
 * zone (Europe/Paris), across short months, leap years, DST and year ends;
 * and the calendar helpers the other rules count with. */
#include <glib.h>

#include "billing/periods.h"

#include "paris_time.h"

#include "base/banned.h"

static void test_period_valid(void)
{
	g_assert_true(billing_period_valid(BILLING_MONTHLY));
	g_assert_true(billing_period_valid(BILLING_ANNUAL));
	g_assert_cmpint(BILLING_MONTHLY, ==, 1);
	g_assert_cmpint(BILLING_ANNUAL, ==, 12);
	g_assert_false(billing_period_valid(0));
	g_assert_false(billing_period_valid(3));
	g_assert_false(billing_period_valid(-1));
}

static void test_anchor_day_is_local(void)
{
	g_assert_cmpint(billing_anchor_day(paris, local(2027, 1, 31, 10, 0, 0)), ==, 31);
	/* 23:30Z on 31 Jan is 1 Feb in Paris: the anchor is the 1st */
	g_assert_cmpint(billing_anchor_day(paris, utc(2027, 1, 31, 23, 30, 0)), ==, 1);
	g_assert_cmpint(billing_anchor_day(paris, local(2028, 2, 29, 0, 0, 0)), ==, 29);
}

/* SOLO-2: a monthly subscription started on 31 January: 28 Feb, 31 Mar,
 * 30 Apr, 31 May ... each from the start, never drifting to the 28th. */
static void test_solo2_monthly_from_31_jan(void)
{
	int64_t start = local(2027, 1, 31, 10, 0, 0);
	int anchor = billing_anchor_day(paris, start);
	static const int want[][3] = {{2027, 1, 31}, {2027, 2, 28},  {2027, 3, 31},  {2027, 4, 30},
				      {2027, 5, 31}, {2027, 6, 30},  {2027, 7, 31},  {2027, 8, 31},
				      {2027, 9, 30}, {2027, 10, 31}, {2027, 11, 30}, {2027, 12, 31},
				      {2028, 1, 31}, {2028, 2, 29},  {2028, 3, 31}};
	for (int n = 0; n < (int)G_N_ELEMENTS(want); n++) {
		int64_t b = billing_period_boundary(paris, start, anchor, BILLING_MONTHLY, n);
		assert_local(b, want[n][0], want[n][1], want[n][2], 10, 0);
	}
	/* period_end from a clipped period start still goes back to the 31st */
	int64_t feb = billing_period_boundary(paris, start, anchor, BILLING_MONTHLY, 1);
	assert_local(billing_period_end(paris, feb, anchor, BILLING_MONTHLY), 2027, 3, 31, 10, 0);
	/* ... which is where chaining on the previous end's day would go wrong */
	assert_local(billing_period_end(paris, feb, 28, BILLING_MONTHLY), 2027, 3, 28, 10, 0);
}

/* Starting on 29 February (leap year): monthly boundaries on the 29th (28th
 * in common-year Februaries); annual on 28 Feb in common years, 29 Feb again
 * in the next leap year. */
static void test_solo2_from_29_feb(void)
{
	int64_t start = local(2028, 2, 29, 9, 15, 0);
	int anchor = billing_anchor_day(paris, start);
	assert_local(billing_period_boundary(paris, start, anchor, BILLING_MONTHLY, 1), 2028, 3, 29, 9, 15);
	assert_local(billing_period_boundary(paris, start, anchor, BILLING_MONTHLY, 12), 2029, 2, 28, 9, 15);
	assert_local(billing_period_boundary(paris, start, anchor, BILLING_MONTHLY, 13), 2029, 3, 29, 9, 15);
	assert_local(billing_period_boundary(paris, start, anchor, BILLING_ANNUAL, 1), 2029, 2, 28, 9, 15);
	assert_local(billing_period_boundary(paris, start, anchor, BILLING_ANNUAL, 2), 2030, 2, 28, 9, 15);
	assert_local(billing_period_boundary(paris, start, anchor, BILLING_ANNUAL, 3), 2031, 2, 28, 9, 15);
	assert_local(billing_period_boundary(paris, start, anchor, BILLING_ANNUAL, 4), 2032, 2, 29, 9, 15);
	int64_t feb29 = billing_period_boundary(paris, start, anchor, BILLING_ANNUAL, 4);
	assert_local(billing_period_end(paris, feb29, anchor, BILLING_ANNUAL), 2033, 2, 28, 9, 15);
}

/* Month ends of 30 and 31 days, and year ends. */
static void test_solo2_month_and_year_ends(void)
{
	struct {
		int y, m, d, months, n;
		int ey, em, ed;
	} cases[] = {
		{2026, 3, 31, 1, 1, 2026, 4, 30}, /* 31 -> 30-day month */
		{2026, 3, 31, 1, 2, 2026, 5, 31}, /* ... and back to the 31st */
		{2026, 4, 30, 1, 1, 2026, 5, 30}, /* anchor 30 stays 30 in a 31-day month */
		{2026, 4, 30, 1, 10, 2027, 2, 28},
		{2026, 4, 30, 1, 11, 2027, 3, 30},
		{2026, 5, 31, 1, 1, 2026, 6, 30},
		{2026, 8, 31, 1, 1, 2026, 9, 30},
		{2026, 12, 31, 1, 1, 2027, 1, 31}, /* year end */
		{2026, 12, 31, 1, 2, 2027, 2, 28},
		{2026, 12, 1, 1, 1, 2027, 1, 1},
		{2026, 11, 30, 1, 3, 2027, 2, 28},
		{2026, 12, 31, 12, 1, 2027, 12, 31}, /* annual over a year end */
		{2026, 1, 1, 12, 1, 2027, 1, 1},
		{2027, 1, 31, 12, 1, 2028, 1, 31},
		{2026, 6, 15, 12, 5, 2031, 6, 15},
		{2026, 6, 15, 1, 120, 2036, 6, 15}, /* ten years of months */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		int64_t start = local(cases[i].y, cases[i].m, cases[i].d, 18, 30, 0);
		g_test_message("%04d-%02d-%02d: boundary %d of %d months", cases[i].y, cases[i].m, cases[i].d,
			       cases[i].n, cases[i].months);
		int64_t b = billing_period_boundary(paris, start, cases[i].d, cases[i].months, cases[i].n);
		assert_local(b, cases[i].ey, cases[i].em, cases[i].ed, 18, 30);
	}
	/* boundary 0 is the start itself */
	int64_t s = local(2026, 12, 31, 23, 59, 59);
	g_assert_cmpint(billing_period_boundary(paris, s, 31, BILLING_MONTHLY, 0), ==, s);
}

/* The local time at the start is kept; the UTC hour moves with DST. */
static void test_solo2_dst(void)
{
	/* 15 Mar 09:00 CET -> 15 Apr 09:00 CEST: a period one hour short */
	int64_t start = utc(2026, 3, 15, 8, 0, 0);
	int64_t end = billing_period_end(paris, start, 15, BILLING_MONTHLY);
	g_assert_cmpint(end, ==, utc(2026, 4, 15, 7, 0, 0));
	g_assert_cmpint(end - start, ==, 31 * 86400 - 3600);
	/* 15 Oct 09:00 CEST -> 15 Nov 09:00 CET: one hour longer */
	start = utc(2026, 10, 15, 7, 0, 0);
	end = billing_period_end(paris, start, 15, BILLING_MONTHLY);
	g_assert_cmpint(end, ==, utc(2026, 11, 15, 8, 0, 0));
	/* Started on the spring-forward day itself, at 03:30 CEST */
	start = local(2026, 3, 29, 3, 30, 0);
	assert_local(billing_period_boundary(paris, start, 29, BILLING_MONTHLY, 1), 2026, 4, 29, 3, 30);
	assert_local(billing_period_boundary(paris, start, 29, BILLING_ANNUAL, 1), 2027, 3, 29, 3, 30);
	/* Started at 23:30 local on 31 Oct 2026 (CET): still 23:30 on 30 Nov */
	start = local(2026, 10, 31, 23, 30, 0);
	assert_local(billing_period_boundary(paris, start, 31, BILLING_MONTHLY, 1), 2026, 11, 30, 23, 30);
	/* An annual period from summer to summer, with the anchor on the 31st */
	start = local(2026, 7, 31, 0, 0, 0);
	end = billing_period_boundary(paris, start, 31, BILLING_ANNUAL, 1);
	g_assert_cmpint(end - start, ==, 365 * 86400);
}

/* billing_period_at finds the period holding an instant, bounds included. */
static void test_period_at(void)
{
	int64_t start = local(2027, 1, 31, 10, 0, 0);
	int64_t from = 0, to = 0;
	g_assert_cmpint(billing_period_at(paris, start, 31, 1, start - 1, &from, &to), ==, -1);
	g_assert_cmpint(from, ==, start);
	g_assert_cmpint(to, ==, start);
	g_assert_cmpint(billing_period_at(paris, start, 31, 1, start, &from, &to), ==, 0);
	g_assert_cmpint(from, ==, start);
	assert_local(to, 2027, 2, 28, 10, 0);
	/* the last second of period 0 and the first of period 1 */
	int64_t feb28 = local(2027, 2, 28, 10, 0, 0);
	g_assert_cmpint(billing_period_at(paris, start, 31, 1, feb28 - 1, NULL, NULL), ==, 0);
	g_assert_cmpint(billing_period_at(paris, start, 31, 1, feb28, &from, &to), ==, 1);
	g_assert_cmpint(from, ==, feb28);
	assert_local(to, 2027, 3, 31, 10, 0);
	/* 31 Mar 09:59 is still period 1 although the calendar month is 3 */
	g_assert_cmpint(billing_period_at(paris, start, 31, 1, local(2027, 3, 31, 9, 59, 0), NULL, NULL), ==,
			1);
	g_assert_cmpint(billing_period_at(paris, start, 31, 1, local(2027, 3, 31, 10, 0, 0), NULL, NULL), ==,
			2);
	/* annual */
	g_assert_cmpint(billing_period_at(paris, start, 31, 12, local(2028, 1, 31, 9, 59, 59), NULL, NULL),
			==, 0);
	g_assert_cmpint(billing_period_at(paris, start, 31, 12, local(2028, 1, 31, 10, 0, 0), &from, &to), ==,
			1);
	assert_local(to, 2029, 1, 31, 10, 0);
	/* consistent with the boundaries over four years, second by second at
	 * each boundary */
	for (int n = 0; n < 48; n++) {
		int64_t b = billing_period_boundary(paris, start, 31, 1, n);
		g_assert_cmpint(billing_period_at(paris, start, 31, 1, b, NULL, NULL), ==, n);
		if (n > 0)
			g_assert_cmpint(billing_period_at(paris, start, 31, 1, b - 1, NULL, NULL), ==, n - 1);
	}
}

static void test_add_days(void)
{
	int64_t t = local(2026, 3, 28, 10, 0, 0);
	/* across spring-forward (29 Mar 2026): same wall time, 23 h later */
	g_assert_cmpint(billing_add_days(paris, t, 1) - t, ==, 23 * 3600);
	assert_local(billing_add_days(paris, t, 1), 2026, 3, 29, 10, 0);
	t = local(2026, 10, 24, 10, 0, 0); /* autumn, 25 Oct 2026 */
	g_assert_cmpint(billing_add_days(paris, t, 1) - t, ==, 25 * 3600);
	assert_local(billing_add_days(paris, t, 7), 2026, 10, 31, 10, 0);
	/* month and year ends, negative counts */
	assert_local(billing_add_days(paris, local(2026, 12, 31, 8, 0, 0), 1), 2027, 1, 1, 8, 0);
	assert_local(billing_add_days(paris, local(2028, 2, 28, 8, 0, 0), 1), 2028, 2, 29, 8, 0);
	assert_local(billing_add_days(paris, local(2027, 3, 1, 8, 0, 0), -1), 2027, 2, 28, 8, 0);
	g_assert_cmpint(billing_add_days(paris, t, 0), ==, t);
}

static void test_day_start(void)
{
	int64_t t = local(2026, 3, 10, 15, 0, 0);
	assert_local(billing_day_start(paris, t, 0), 2026, 3, 10, 0, 0);
	assert_local(billing_day_start(paris, t, 15), 2026, 3, 25, 0, 0);
	assert_local(billing_day_start(paris, t, -10), 2026, 2, 28, 0, 0);
	/* the local day, not the UTC one: 23:30Z on 31 Dec is 1 Jan in Paris */
	assert_local(billing_day_start(paris, utc(2026, 12, 31, 23, 30, 0), 0), 2027, 1, 1, 0, 0);
	/* the day of a DST change lasts 23 hours */
	int64_t a = billing_day_start(paris, local(2026, 3, 29, 12, 0, 0), 0);
	g_assert_cmpint(billing_day_start(paris, a, 1) - a, ==, 23 * 3600);
}

/* Full months by calendar from an instant, anchor day kept (PAY-4 counts
 * with it). */
static void test_full_months(void)
{
	int64_t due = local(2027, 1, 31, 10, 0, 0);
	g_assert_cmpint(billing_full_months(paris, due, due), ==, 0);
	g_assert_cmpint(billing_full_months(paris, due, due - 1), ==, 0);
	g_assert_cmpint(billing_full_months(paris, due, local(2027, 2, 28, 9, 59, 59)), ==, 0);
	g_assert_cmpint(billing_full_months(paris, due, local(2027, 2, 28, 10, 0, 0)), ==, 1);
	g_assert_cmpint(billing_full_months(paris, due, local(2027, 3, 30, 23, 0, 0)), ==, 1);
	g_assert_cmpint(billing_full_months(paris, due, local(2027, 3, 31, 10, 0, 0)), ==, 2);
	g_assert_cmpint(billing_full_months(paris, due, local(2028, 1, 31, 10, 0, 0)), ==, 12);
	g_assert_cmpint(billing_full_months(paris, due, local(2028, 2, 29, 9, 0, 0)), ==, 12);
	g_assert_cmpint(billing_full_months(paris, due, local(2028, 2, 29, 10, 0, 0)), ==, 13);
	/* across DST: 15 Mar 09:00 CET to 15 Apr 09:00 CEST is one month */
	due = local(2026, 3, 15, 9, 0, 0);
	g_assert_cmpint(billing_full_months(paris, due, local(2026, 4, 15, 8, 59, 59)), ==, 0);
	g_assert_cmpint(billing_full_months(paris, due, local(2026, 4, 15, 9, 0, 0)), ==, 1);
}

static void test_later_month(void)
{
	int64_t a = local(2026, 5, 31, 23, 0, 0);
	g_assert_false(billing_later_month(paris, a, local(2026, 5, 1, 0, 0, 0)));
	g_assert_false(billing_later_month(paris, a, a));
	g_assert_true(billing_later_month(paris, a, local(2026, 6, 1, 0, 0, 0)));
	g_assert_true(billing_later_month(paris, a, local(2027, 1, 1, 0, 0, 0)));
	/* 31 May 22:30Z is 1 June in Paris; 21:30Z is still 31 May */
	g_assert_true(billing_later_month(paris, a, utc(2026, 5, 31, 22, 30, 0)));
	g_assert_false(billing_later_month(paris, a, utc(2026, 5, 31, 21, 30, 0)));
	/* December to January */
	g_assert_true(billing_later_month(paris, local(2026, 12, 31, 12, 0, 0), local(2027, 1, 1, 0, 0, 0)));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	paris_time_init();

	g_test_add_func("/billing/solo1_period_lengths", test_period_valid);
	g_test_add_func("/billing/solo2_anchor_day_is_local", test_anchor_day_is_local);
	g_test_add_func("/billing/solo2_monthly_from_31_jan_keeps_anchor", test_solo2_monthly_from_31_jan);
	g_test_add_func("/billing/solo2_from_29_feb", test_solo2_from_29_feb);
	g_test_add_func("/billing/solo2_month_and_year_ends", test_solo2_month_and_year_ends);
	g_test_add_func("/billing/solo2_dst_same_wall_time", test_solo2_dst);
	g_test_add_func("/billing/solo2_period_at", test_period_at);
	g_test_add_func("/billing/periods/add_days_dst", test_add_days);
	g_test_add_func("/billing/periods/day_start", test_day_start);
	g_test_add_func("/billing/periods/full_months", test_full_months);
	g_test_add_func("/billing/periods/later_month", test_later_month);

	int rc = g_test_run();
	g_time_zone_unref(paris);
	return rc;
}
