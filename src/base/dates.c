#include "base/dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

bool dates_parse_rfc3339(const char *s, int64_t *t)
{
	/* GLib accepts ISO 8601 broadly; RFC 3339 requires a full date-time
	 * with an explicit offset, so refuse anything shorter. */
	if (!s || strlen(s) < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't'))
		return false;
	GDateTime *dt = g_date_time_new_from_iso8601(s, NULL);
	if (!dt)
		return false;
	*t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return true;
}

void dates_format_rfc3339(int64_t t, char *buf, size_t len)
{
	GDateTime *dt = g_date_time_new_from_unix_utc(t);
	gchar *s = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup("invalid");
	g_strlcpy(buf, s, len);
	g_free(s);
	if (dt)
		g_date_time_unref(dt);
}

int dates_days_in_month(int y, int m)
{
	return g_date_get_days_in_month((GDateMonth)m, (GDateYear)y);
}

bool dates_parse_ymd(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !g_ascii_isdigit(s[i]))
			return false;
	int yy = atoi(s), mm = atoi(s + 5), dd = atoi(s + 8);
	if (yy < 1900 || yy > 9999 || mm < 1 || mm > 12 || dd < 1 || dd > dates_days_in_month(yy, mm))
		return false;
	*y = yy;
	*m = mm;
	*d = dd;
	return true;
}

int dates_age_on(int by, int bm, int bd, int y, int m, int d)
{
	int age = y - by;
	/* Before this year's birthday? A 29 February birthday falls on
	 * 1 March in common years: (m, d) < (2, 29) is "before" as usual, and
	 * 28 February of a common year is still before it. */
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

void dates_local_ymd(GTimeZone *tz, int64_t t, int *y, int *m, int *d)
{
	GDateTime *utc = g_date_time_new_from_unix_utc(t);
	GDateTime *loc = g_date_time_to_timezone(utc, tz);
	g_date_time_get_ymd(loc, y, m, d);
	g_date_time_unref(loc);
	g_date_time_unref(utc);
}

int64_t dates_add_months(GTimeZone *tz, int64_t t, int n, int anchor_day)
{
	GDateTime *utc = g_date_time_new_from_unix_utc(t);
	GDateTime *loc = g_date_time_to_timezone(utc, tz);
	int y, m, d;
	g_date_time_get_ymd(loc, &y, &m, &d);
	int total = (y * 12 + (m - 1)) + n;
	int ny = total / 12, nm = total % 12 + 1;
	int nd = MIN(anchor_day, dates_days_in_month(ny, nm));
	/* Same wall-clock time on the target day: a period that starts at
	 * 10:00 in winter renews at 10:00 in summer. A wall time that does not
	 * exist (spring-forward gap) is resolved by GLib to the later instant. */
	GDateTime *res = g_date_time_new(tz, ny, nm, nd, g_date_time_get_hour(loc),
					 g_date_time_get_minute(loc), g_date_time_get_second(loc));
	int64_t out = g_date_time_to_unix(res);
	g_date_time_unref(res);
	g_date_time_unref(loc);
	g_date_time_unref(utc);
	return out;
}

static const char *const months_en[] = {"January",   "February", "March",    "April",
					"May",       "June",     "July",     "August",
					"September", "October",  "November", "December"};
static const char *const months_fr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
					"juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

const char *dates_month_name(int m, const char *lang)
{
	g_assert(m >= 1 && m <= 12);
	return (lang && !strcmp(lang, "fr") ? months_fr : months_en)[m - 1];
}

void dates_format_human(GTimeZone *tz, int64_t t, const char *lang, char *buf, size_t len)
{
	int y, m, d;
	dates_local_ymd(tz, t, &y, &m, &d);
	dates_format_ymd(y, m, d, lang, buf, len);
}

void dates_format_ymd(int y, int m, int d, const char *lang, char *buf, size_t len)
{
	const char *const *names = lang && !strcmp(lang, "fr") ? months_fr : months_en;
	if (lang && !strcmp(lang, "fr") && d == 1)
		g_snprintf(buf, len, "1er %s %d", names[m - 1], y);
	else
		g_snprintf(buf, len, "%d %s %d", d, names[m - 1], y);
}
