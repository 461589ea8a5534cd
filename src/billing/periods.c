#include "billing/periods.h"

#include <assert.h>
#include <limits.h>

#include "base/dates.h"

#include "base/banned.h"

bool billing_period_valid(int months)
{
	return months == BILLING_MONTHLY || months == BILLING_ANNUAL;
}

int billing_anchor_day(GTimeZone *tz, int64_t start)
{
	int y, m, d;
	dates_local_ymd(tz, start, &y, &m, &d);
	return d;
}

int64_t billing_period_boundary(GTimeZone *tz, int64_t start, int anchor_day, int months, int n)
{
	assert(n >= 0 && months > 0 && anchor_day >= 1 && anchor_day <= 31);
	assert(n <= INT_MAX / months);
	/* SOLO-2: from the start with the original anchor day, not from the
	 * previous boundary (whose day may have been clipped to 28). */
	return dates_add_months(tz, start, n * months, anchor_day);
}

int64_t billing_period_end(GTimeZone *tz, int64_t period_start, int anchor_day, int months)
{
	assert(months > 0 && anchor_day >= 1 && anchor_day <= 31);
	return dates_add_months(tz, period_start, months, anchor_day);
}

/* Local months from a to b (calendar months, ignoring days). */
static int month_diff(GTimeZone *tz, int64_t a, int64_t b)
{
	int ay, am, ad, by, bm, bd;
	dates_local_ymd(tz, a, &ay, &am, &ad);
	dates_local_ymd(tz, b, &by, &bm, &bd);
	return (by * 12 + bm) - (ay * 12 + am);
}

int billing_period_at(GTimeZone *tz, int64_t start, int anchor_day, int months, int64_t now, int64_t *from,
		      int64_t *to)
{
	int n = -1;
	int64_t lo = start, hi = start;
	if (now >= start) {
		/* An estimate from the calendar months, then corrected: the
		 * wall-clock time and the anchor day can move it by one. */
		n = month_diff(tz, start, now) / months + 1;
		while (n > 0 && billing_period_boundary(tz, start, anchor_day, months, n) > now)
			n--;
		while (billing_period_boundary(tz, start, anchor_day, months, n + 1) <= now)
			n++;
		lo = billing_period_boundary(tz, start, anchor_day, months, n);
		hi = billing_period_boundary(tz, start, anchor_day, months, n + 1);
	}
	if (from)
		*from = lo;
	if (to)
		*to = hi;
	return n;
}

int64_t billing_add_days(GTimeZone *tz, int64_t t, int n)
{
	GDateTime *utc = g_date_time_new_from_unix_utc(t);
	GDateTime *loc = g_date_time_to_timezone(utc, tz);
	/* g_date_time_add_days works on the local calendar and keeps the
	 * wall-clock time, re-resolving the UTC offset of the new day. */
	GDateTime *res = g_date_time_add_days(loc, n);
	int64_t out = g_date_time_to_unix(res);
	g_date_time_unref(res);
	g_date_time_unref(loc);
	g_date_time_unref(utc);
	return out;
}

int64_t billing_day_start(GTimeZone *tz, int64_t t, int n)
{
	int y, m, d;
	dates_local_ymd(tz, t, &y, &m, &d);
	GDate *day = g_date_new_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
	if (n >= 0)
		g_date_add_days(day, (guint)n);
	else
		g_date_subtract_days(day, (guint)-n);
	/* Midnight exists in every zone campus runs in (European DST changes
	 * happen at 01:00 UTC); GLib would resolve a gap to the later instant. */
	GDateTime *mid = g_date_time_new(tz, (int)g_date_get_year(day), (int)g_date_get_month(day),
					 (int)g_date_get_day(day), 0, 0, 0);
	int64_t out = g_date_time_to_unix(mid);
	g_date_time_unref(mid);
	g_date_free(day);
	return out;
}

int billing_full_months(GTimeZone *tz, int64_t from, int64_t to)
{
	if (to < from)
		return 0;
	int anchor = billing_anchor_day(tz, from);
	int k = month_diff(tz, from, to);
	while (k > 0 && dates_add_months(tz, from, k, anchor) > to)
		k--;
	return k;
}

bool billing_later_month(GTimeZone *tz, int64_t a, int64_t b)
{
	return month_diff(tz, a, b) > 0;
}
