/* Calendar arithmetic in the platform time zone (GLib GDateTime), on UTC
 * unix-second instants. Pure: no clock reads. */
#ifndef CAMPUS_DATES_H
#define CAMPUS_DATES_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Parses an RFC 3339 instant ("2026-02-28T23:00:00Z", offsets allowed). */
bool dates_parse_rfc3339(const char *s, int64_t *t);
/* Formats t as RFC 3339 UTC ("2026-02-28T23:00:00Z") into buf (>= 21 bytes). */
void dates_format_rfc3339(int64_t t, char *buf, size_t len);
/* Parses a calendar date "YYYY-MM-DD" (a real day of the Gregorian calendar). */
bool dates_parse_ymd(const char *s, int *y, int *m, int *d);
/* Days in month m (1-12) of year y. */
int dates_days_in_month(int y, int m);
/* Completed years of age on date (y, m, d) of someone born on (by, bm, bd);
 * a person born on 29 February has a birthday on 1 March in common years. */
int dates_age_on(int by, int bm, int bd, int y, int m, int d);
/* The local calendar date of instant t in time zone tz. */
void dates_local_ymd(GTimeZone *tz, int64_t t, int *y, int *m, int *d);
/* Adds n months to instant t in tz keeping the anchor day: the result falls
 * on day anchor_day of the target month, or its last day when it has none
 * (31 Jan + 1 month = 28/29 Feb; + 2 months = 31 Mar), at the same local
 * wall-clock time (so DST changes do not shift it). */
int64_t dates_add_months(GTimeZone *tz, int64_t t, int n, int anchor_day);
/* The name of month m (1-12) in lang ("fr": "février", else "February");
 * a static string. */
const char *dates_month_name(int m, const char *lang);
/* Formats t as a local date for people: "28 February 2026" or "28 février 2026". */
void dates_format_human(GTimeZone *tz, int64_t t, const char *lang, char *buf, size_t len);
/* The same from a local date already known (no zone conversion). */
void dates_format_ymd(int y, int m, int d, const char *lang, char *buf, size_t len);

#endif
