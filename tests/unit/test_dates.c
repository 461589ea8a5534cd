/* Unit tests of src/base/dates.c: the calendar rules of RULES.md (periods
 * keep their anchor day, calendar in Europe/Paris across DST), ages (ACC-3)
 * and the parsers of dates coming from outside. */
#include <glib.h>
#include <string.h>

#include "base/dates.h"

#include "paris_time.h"

#include "base/banned.h"

/* The instant of a Paris wall-clock time (an existing, unambiguous one). */
/* A Paris wall-clock time, to the minute. */
static int64_t lt(int y, int m, int d, int h, int mi)
{
	return local(y, m, d, h, mi, 0);
}

/* --- dates_add_months: the anchor day is kept (RULES.md intro) --------- */

struct add_case {
	int y, m, d; /* start, local date at 10:00 in Paris */
	int n, anchor;
	int ey, em, ed; /* expected local date, still at 10:00 */
};

static const struct add_case add_cases[] = {
	/* 31 Jan + 1 month = last day of February (common and leap year) */
	{2027, 1, 31, 1, 31, 2027, 2, 28},
	{2028, 1, 31, 1, 31, 2028, 2, 29},
	/* + 2 months from the 31st lands on 31 March */
	{2027, 1, 31, 2, 31, 2027, 3, 31},
	{2028, 1, 31, 2, 31, 2028, 3, 31},
	/* the anchor, not the start day, decides: 28 Feb with anchor 31 */
	{2027, 2, 28, 1, 31, 2027, 3, 31},
	{2027, 2, 28, 2, 31, 2027, 4, 30},
	{2028, 2, 29, 1, 30, 2028, 3, 30},
	/* months of 30 days */
	{2026, 4, 30, 1, 30, 2026, 5, 30},
	{2026, 8, 31, 1, 31, 2026, 9, 30},
	{2026, 10, 31, 1, 31, 2026, 11, 30},
	{2026, 3, 31, 1, 31, 2026, 4, 30},
	/* 29 Feb + 12 months in a common year = 28 Feb; + 48 = 29 Feb again */
	{2028, 2, 29, 12, 29, 2029, 2, 28},
	{2028, 2, 29, 48, 29, 2032, 2, 29},
	/* year boundary */
	{2026, 12, 31, 1, 31, 2027, 1, 31},
	{2026, 12, 15, 1, 15, 2027, 1, 15},
	{2026, 11, 30, 3, 30, 2027, 2, 28},
	{2027, 1, 31, 13, 31, 2028, 2, 29},
	/* annual offers (SOLO-1): + 12 months */
	{2026, 6, 15, 12, 15, 2027, 6, 15},
	{2026, 1, 1, 12, 1, 2027, 1, 1},
	{2027, 12, 31, 12, 31, 2028, 12, 31},
	{2026, 3, 10, 24, 10, 2028, 3, 10},
	/* + 0 is the same day; negative counts go back */
	{2026, 5, 20, 0, 20, 2026, 5, 20},
	{2027, 3, 31, -1, 31, 2027, 2, 28},
	{2027, 1, 31, -1, 31, 2026, 12, 31},
	{2028, 2, 29, -12, 29, 2027, 2, 28},
};

static void test_add_months_table(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(add_cases); i++) {
		const struct add_case *c = &add_cases[i];
		g_test_message("%04d-%02d-%02d %+d months, anchor %d", c->y, c->m, c->d, c->n, c->anchor);
		int64_t t = dates_add_months(paris, lt(c->y, c->m, c->d, 10, 0), c->n, c->anchor);
		assert_local(t, c->ey, c->em, c->ed, 10, 0);
	}
}

/* A monthly subscription started on 31 January renews from each due date
 * with the same anchor: 28 Feb, 31 Mar, 30 Apr, 31 May ... never drifting
 * to the 28th. */
static void test_add_months_anchor_kept_over_renewals(void)
{
	int64_t t = lt(2027, 1, 31, 14, 45);
	for (int i = 1; i <= 25; i++) {
		t = dates_add_months(paris, t, 1, 31);
		int y = 2027 + i / 12, m = i % 12 + 1;
		assert_local(t, y, m, dates_days_in_month(y, m), 14, 45);
	}
	/* Starting on the 30th: February gives 28/29, March is back to 30. */
	t = lt(2027, 11, 30, 8, 0);
	t = dates_add_months(paris, t, 1, 30);
	assert_local(t, 2027, 12, 30, 8, 0);
	t = dates_add_months(paris, t, 2, 30);
	assert_local(t, 2028, 2, 29, 8, 0);
	t = dates_add_months(paris, t, 1, 30);
	assert_local(t, 2028, 3, 30, 8, 0);
}

/* The calendar is the platform's (Paris), not UTC: 23:30Z on 31 Jan is
 * already 1 February in Paris. */
static void test_add_months_uses_local_calendar(void)
{
	int64_t t = utc(2027, 1, 31, 23, 30, 0); /* 2027-02-01 00:30 Paris */
	int64_t r = dates_add_months(paris, t, 1, 1);
	g_assert_cmpint(r, ==, utc(2027, 2, 28, 23, 30, 0)); /* 1 Mar 00:30 Paris */
	assert_local(r, 2027, 3, 1, 0, 30);

	/* In UTC the same instant + 1 month anchored on the 31st is 28 Feb. */
	GTimeZone *tz_utc = g_time_zone_new_utc();
	r = dates_add_months(tz_utc, t, 1, 31);
	g_assert_cmpint(r, ==, utc(2027, 2, 28, 23, 30, 0));
	g_time_zone_unref(tz_utc);

	/* Seconds are kept too. */
	t = utc(2026, 5, 5, 12, 34, 56);
	g_assert_cmpint(dates_add_months(paris, t, 1, 5), ==, utc(2026, 6, 5, 12, 34, 56));
}

/* DST: the same wall-clock time in Paris, so the UTC hour moves. */
static void test_add_months_dst_spring(void)
{
	int64_t start = utc(2026, 3, 15, 8, 0, 0); /* 09:00 CET */
	assert_local(start, 2026, 3, 15, 9, 0);
	int64_t r = dates_add_months(paris, start, 1, 15);
	g_assert_cmpint(r, ==, utc(2026, 4, 15, 7, 0, 0)); /* 09:00 CEST */
	assert_local(r, 2026, 4, 15, 9, 0);
	/* The period is one hour shorter than 31 days. */
	g_assert_cmpint(r - start, ==, 31 * 86400 - 3600);
}

static void test_add_months_dst_autumn(void)
{
	int64_t start = utc(2026, 10, 15, 7, 0, 0); /* 09:00 CEST */
	assert_local(start, 2026, 10, 15, 9, 0);
	int64_t r = dates_add_months(paris, start, 1, 15);
	g_assert_cmpint(r, ==, utc(2026, 11, 15, 8, 0, 0)); /* 09:00 CET */
	assert_local(r, 2026, 11, 15, 9, 0);
	g_assert_cmpint(r - start, ==, 31 * 86400 + 3600);

	/* A whole year from summer to summer keeps the UTC hour as well. */
	start = utc(2026, 7, 31, 20, 15, 0); /* 22:15 CEST */
	r = dates_add_months(paris, start, 12, 31);
	g_assert_cmpint(r, ==, utc(2027, 7, 31, 20, 15, 0));
	/* ... and winter to summer (anchor 31 lands on 30 April). */
	start = utc(2027, 1, 31, 21, 0, 0); /* 22:00 CET */
	r = dates_add_months(paris, start, 3, 31);
	g_assert_cmpint(r, ==, utc(2027, 4, 30, 20, 0, 0)); /* 22:00 CEST */
}

/* A wall time that does not exist on the target day (the spring-forward
 * gap, 02:00-03:00 on 29 March 2026) still gives an instant of that day,
 * after the gap. */
static void test_add_months_dst_gap(void)
{
	int64_t start = lt(2026, 1, 29, 2, 30);
	int64_t r = dates_add_months(paris, start, 2, 29);
	int y, m, d;
	dates_local_ymd(paris, r, &y, &m, &d);
	g_assert_cmpint(y, ==, 2026);
	g_assert_cmpint(m, ==, 3);
	g_assert_cmpint(d, ==, 29);
	g_assert_cmpint(r, >=, utc(2026, 3, 29, 1, 0, 0)); /* 03:00 CEST */
	g_assert_cmpint(r, <=, utc(2026, 3, 29, 1, 30, 0));
}

/* --- small calendar helpers -------------------------------------------- */

static void test_days_in_month(void)
{
	static const int common[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int m = 1; m <= 12; m++) {
		g_assert_cmpint(dates_days_in_month(2027, m), ==, common[m - 1]);
		g_assert_cmpint(dates_days_in_month(2028, m), ==, m == 2 ? 29 : common[m - 1]);
	}
	g_assert_cmpint(dates_days_in_month(2000, 2), ==, 29); /* divisible by 400 */
	g_assert_cmpint(dates_days_in_month(2100, 2), ==, 28); /* by 100 only */
	g_assert_cmpint(dates_days_in_month(2024, 2), ==, 29);
}

static void test_local_ymd(void)
{
	int y, m, d;
	dates_local_ymd(paris, utc(2026, 12, 31, 22, 59, 59), &y, &m, &d);
	g_assert_cmpint(y * 10000 + m * 100 + d, ==, 20261231);
	dates_local_ymd(paris, utc(2026, 12, 31, 23, 0, 0), &y, &m, &d);
	g_assert_cmpint(y * 10000 + m * 100 + d, ==, 20270101);
	/* summer: UTC+2 */
	dates_local_ymd(paris, utc(2026, 6, 30, 21, 59, 59), &y, &m, &d);
	g_assert_cmpint(y * 10000 + m * 100 + d, ==, 20260630);
	dates_local_ymd(paris, utc(2026, 6, 30, 22, 0, 0), &y, &m, &d);
	g_assert_cmpint(y * 10000 + m * 100 + d, ==, 20260701);
}

/* --- dates_age_on (ACC-3) ---------------------------------------------- */

struct age_case {
	int by, bm, bd, y, m, d, age;
};

static const struct age_case age_cases[] = {
	{2008, 3, 15, 2026, 3, 14, 17}, /* the day before the 18th birthday */
	{2008, 3, 15, 2026, 3, 15, 18}, /* the birthday itself */
	{2008, 3, 15, 2026, 3, 16, 18},
	{2008, 3, 15, 2026, 2, 28, 17},
	{2008, 3, 15, 2026, 12, 31, 18},
	{2008, 12, 31, 2026, 12, 30, 17},
	{2008, 12, 31, 2026, 12, 31, 18},
	{2008, 1, 1, 2025, 12, 31, 17},
	{2008, 1, 1, 2026, 1, 1, 18},
	/* born 29 February: the birthday is 1 March in common years */
	{2008, 2, 29, 2026, 2, 28, 17},
	{2008, 2, 29, 2026, 3, 1, 18},
	{2008, 2, 29, 2027, 2, 28, 18},
	{2008, 2, 29, 2028, 2, 28, 19},
	{2008, 2, 29, 2028, 2, 29, 20}, /* a leap year: the real birthday */
	{2008, 2, 29, 2028, 3, 1, 20},
	/* born 28 February / 1 March, around 29 Feb birthdays */
	{2008, 2, 28, 2026, 2, 28, 18},
	{2008, 2, 28, 2026, 2, 27, 17},
	{2008, 3, 1, 2028, 2, 29, 19},
	{2008, 3, 1, 2028, 3, 1, 20},
	/* the day of birth */
	{2026, 5, 5, 2026, 5, 5, 0},
	{1906, 5, 5, 2026, 5, 4, 119},
	{1906, 5, 5, 2026, 5, 5, 120},
};

static void test_age_on(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(age_cases); i++) {
		const struct age_case *c = &age_cases[i];
		g_test_message("born %04d-%02d-%02d, on %04d-%02d-%02d", c->by, c->bm, c->bd, c->y, c->m,
			       c->d);
		g_assert_cmpint(dates_age_on(c->by, c->bm, c->bd, c->y, c->m, c->d), ==, c->age);
	}
}

/* --- parsers of outside input ------------------------------------------ */

static void test_parse_ymd_good(void)
{
	int y = 0, m = 0, d = 0;
	g_assert_true(dates_parse_ymd("2026-02-28", &y, &m, &d));
	g_assert_cmpint(y, ==, 2026);
	g_assert_cmpint(m, ==, 2);
	g_assert_cmpint(d, ==, 28);
	g_assert_true(dates_parse_ymd("2028-02-29", &y, &m, &d));
	g_assert_cmpint(d, ==, 29);
	g_assert_true(dates_parse_ymd("2000-02-29", &y, &m, &d));
	g_assert_true(dates_parse_ymd("2026-12-31", &y, &m, &d));
	g_assert_cmpint(m, ==, 12);
	g_assert_cmpint(d, ==, 31);
	g_assert_true(dates_parse_ymd("1900-01-01", &y, &m, &d));
	g_assert_cmpint(y, ==, 1900);
}

static void test_parse_ymd_bad(void)
{
	static const char *const bad[] = {
		"2026-02-29", /* not a leap year */
		"2100-02-29", /* not a leap year either */
		"2026-13-01", /* month 13 */
		"2026-00-10", /* month 0 */
		"2026-04-31", /* April has 30 days */
		"2026-01-00", /* day 0 */
		"2026-01-32",  "2026-1-01", /* unpadded */
		"2026-01-1",   "26-01-01",
		"2026-01-01x", /* trailing junk */
		"2026-01-01 ", "2026-01-01T00:00:00Z",
		"2026/01/01",  "2026-01/01",
		"20260101",    "",
		"abcd-ef-gh",  "0000-01-01",
		"-026-01-01",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		int y = -1, m = -1, d = -1;
		g_test_message("refuses \"%s\"", bad[i]);
		g_assert_false(dates_parse_ymd(bad[i], &y, &m, &d));
		/* Nothing written on failure. */
		g_assert_cmpint(y, ==, -1);
		g_assert_cmpint(m, ==, -1);
		g_assert_cmpint(d, ==, -1);
	}
	int y, m, d;
	g_assert_false(dates_parse_ymd(NULL, &y, &m, &d));
}

/* YYYY-MM-DD is digits only: sscanf's %d would also take a sign or
 * leading blanks inside a field of the right total length. */
static void parse_ymd_digits_only(void)
{
	static const char *const bad[] = {
		"2026-+1-01", "2026-01-+1", "2026- 1-01", "2026-01- 1", "+026-01-01", " 2026-1-01",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		int y, m, d;
		g_test_message("refuses \"%s\"", bad[i]);
		g_assert_false(dates_parse_ymd(bad[i], &y, &m, &d));
	}
}

static void test_parse_ymd_digits_only(void)
{
	parse_ymd_digits_only();
}

static void test_parse_rfc3339_good(void)
{
	int64_t t = 0;
	g_assert_true(dates_parse_rfc3339("2026-02-28T23:00:00Z", &t));
	g_assert_cmpint(t, ==, utc(2026, 2, 28, 23, 0, 0));
	g_assert_true(dates_parse_rfc3339("2026-03-01T00:00:00+01:00", &t));
	g_assert_cmpint(t, ==, utc(2026, 2, 28, 23, 0, 0));
	g_assert_true(dates_parse_rfc3339("2026-02-28T18:00:00-05:00", &t));
	g_assert_cmpint(t, ==, utc(2026, 2, 28, 23, 0, 0));
	g_assert_true(dates_parse_rfc3339("2026-07-01T05:30:00+05:30", &t));
	g_assert_cmpint(t, ==, utc(2026, 7, 1, 0, 0, 0));
	g_assert_true(dates_parse_rfc3339("1970-01-01T00:00:00Z", &t));
	g_assert_cmpint(t, ==, 0);
	/* fractional seconds are allowed and truncated to the second */
	g_assert_true(dates_parse_rfc3339("2026-02-28T23:00:00.750Z", &t));
	g_assert_cmpint(t, ==, utc(2026, 2, 28, 23, 0, 0));
	/* leap day */
	g_assert_true(dates_parse_rfc3339("2028-02-29T12:00:00Z", &t));
	g_assert_cmpint(t, ==, utc(2028, 2, 29, 12, 0, 0));
}

static void test_parse_rfc3339_bad(void)
{
	static const char *const bad[] = {
		"2026-02-28", /* a date without a time */
		"2026-02-28T23:00:00", /* no offset */
		"2026-02-28T23:00:00.5", /* no offset, long enough */
		"2026-02-28T23:00Z", /* no seconds */
		"2026-02-30T00:00:00Z", /* no such day */
		"2026-02-29T00:00:00Z",
		"2026-13-01T00:00:00Z",
		"2026-02-28T25:00:00Z",
		"2026-02-28T23:60:00Z",
		"2026-02-28X23:00:00Z",
		"2026-02-28T23:00:00Zjunk",
		"20260228T230000Z",
		"2026-W09-6T23:00:00Z", /* ISO week date */
		"2026-059T23:00:00Z", /* ISO ordinal date */
		"tomorrow at noon, please!",
		"",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		int64_t t = 42;
		g_test_message("refuses \"%s\"", bad[i]);
		g_assert_false(dates_parse_rfc3339(bad[i], &t));
		g_assert_cmpint(t, ==, 42);
	}
	int64_t t;
	g_assert_false(dates_parse_rfc3339(NULL, &t));
}

static void test_format_rfc3339(void)
{
	char buf[32];
	dates_format_rfc3339(0, buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "1970-01-01T00:00:00Z");
	dates_format_rfc3339(utc(2026, 2, 28, 23, 0, 5), buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "2026-02-28T23:00:05Z");
	/* 21 bytes are enough */
	char exact[21];
	dates_format_rfc3339(utc(2099, 12, 31, 23, 59, 59), exact, sizeof(exact));
	g_assert_cmpstr(exact, ==, "2099-12-31T23:59:59Z");
	/* a short buffer is truncated, still terminated */
	char small[8];
	memset(small, 'x', sizeof(small));
	dates_format_rfc3339(0, small, sizeof(small));
	g_assert_cmpstr(small, ==, "1970-01");
	/* parse(format(t)) == t */
	for (int64_t t = 0; t < 4000000000; t += 123456789) {
		int64_t back = -1;
		dates_format_rfc3339(t, buf, sizeof(buf));
		g_assert_true(dates_parse_rfc3339(buf, &back));
		g_assert_cmpint(back, ==, t);
	}
}

/* --- dates_format_human (ACC-4: pages in the account's language) -------- */

static void test_format_human(void)
{
	char buf[64];
	int64_t jan1 = lt(2027, 1, 1, 12, 0);
	dates_format_human(paris, jan1, "fr", buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "1er janvier 2027");
	dates_format_human(paris, jan1, "en", buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "1 January 2027");

	int64_t feb28 = lt(2026, 2, 28, 12, 0);
	dates_format_human(paris, feb28, "fr", buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "28 février 2026");
	dates_format_human(paris, feb28, "en", buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "28 February 2026");

	static const char *const fr[] = {"janvier",   "février", "mars",     "avril",
					 "mai",       "juin",    "juillet",  "août",
					 "septembre", "octobre", "novembre", "décembre"};
	static const char *const en[] = {"January",   "February", "March",    "April",
					 "May",       "June",     "July",     "August",
					 "September", "October",  "November", "December"};
	for (int m = 1; m <= 12; m++) {
		char want[64];
		int64_t t = lt(2026, m, 2, 12, 0);
		dates_format_human(paris, t, "fr", buf, sizeof(buf));
		g_snprintf(want, sizeof(want), "2 %s 2026", fr[m - 1]);
		g_assert_cmpstr(buf, ==, want);
		dates_format_human(paris, t, "en", buf, sizeof(buf));
		g_snprintf(want, sizeof(want), "2 %s 2026", en[m - 1]);
		g_assert_cmpstr(buf, ==, want);
	}

	/* The date is the Paris one: 23:30Z on 31 Dec is New Year's Day. */
	dates_format_human(paris, utc(2026, 12, 31, 23, 30, 0), "fr", buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "1er janvier 2027");
	dates_format_human(paris, utc(2026, 12, 31, 22, 30, 0), "fr", buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "31 décembre 2026");
	/* "1er" only for the first of the month, only in French */
	dates_format_human(paris, lt(2026, 5, 11, 12, 0), "fr", buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "11 mai 2026");
	dates_format_human(paris, lt(2026, 5, 21, 12, 0), "fr", buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "21 mai 2026");
	/* anything but fr is English */
	dates_format_human(paris, jan1, NULL, buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "1 January 2027");
	dates_format_human(paris, jan1, "de", buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "1 January 2027");
	/* a short buffer is truncated and terminated */
	char small[6];
	dates_format_human(paris, jan1, "fr", small, sizeof(small));
	g_assert_cmpstr(small, ==, "1er j");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	paris_time_init();

	g_test_add_func("/dates/add_months/anchor_day_table", test_add_months_table);
	g_test_add_func("/dates/add_months/anchor_kept_over_renewals",
			test_add_months_anchor_kept_over_renewals);
	g_test_add_func("/dates/add_months/local_calendar", test_add_months_uses_local_calendar);
	g_test_add_func("/dates/add_months/dst_spring_same_wall_time", test_add_months_dst_spring);
	g_test_add_func("/dates/add_months/dst_autumn_same_wall_time", test_add_months_dst_autumn);
	g_test_add_func("/dates/add_months/dst_gap", test_add_months_dst_gap);
	g_test_add_func("/dates/days_in_month", test_days_in_month);
	g_test_add_func("/dates/local_ymd", test_local_ymd);
	g_test_add_func("/dates/acc3_age_on", test_age_on);
	g_test_add_func("/dates/parse_ymd/good", test_parse_ymd_good);
	g_test_add_func("/dates/parse_ymd/bad", test_parse_ymd_bad);
	g_test_add_func("/dates/parse_ymd/digits_only", test_parse_ymd_digits_only);
	g_test_add_func("/dates/parse_rfc3339/good", test_parse_rfc3339_good);
	g_test_add_func("/dates/parse_rfc3339/bad", test_parse_rfc3339_bad);
	g_test_add_func("/dates/format_rfc3339", test_format_rfc3339);
	g_test_add_func("/dates/acc4_format_human", test_format_human);

	int rc = g_test_run();
	g_time_zone_unref(paris);
	return rc;
}
