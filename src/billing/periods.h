/* Billing periods (SOLO-1, SOLO-2, PLUS-2) and the calendar helpers of the
 * other billing rules, in the platform time zone. A subscription started at
 * instant `start` has an anchor day, the local day of month of `start`;
 * boundary N is start + N*months months with that anchor day kept, at the
 * same local wall-clock time (base/dates.h: 31 Jan -> 28/29 Feb -> 31 Mar).
 * Every boundary is computed from the start, never from the previous one,
 * so a short month does not drag later periods to the 28th.
 * Pure: the time zone and `now` are arguments; nothing is allocated. */
#ifndef CAMPUS_BILLING_PERIODS_H
#define CAMPUS_BILLING_PERIODS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* SOLO-1 / PLUS-2: the length of a period in months. */
enum billing_period {
	BILLING_MONTHLY = 1, /* Premium Solo monthly, every Premium Plus contract */
	BILLING_ANNUAL = 12, /* Premium Solo annual */
};

/* true for BILLING_MONTHLY and BILLING_ANNUAL. */
bool billing_period_valid(int months);

/* The anchor day of a subscription started at start: its local day of month
 * (1-31) in tz. */
int billing_anchor_day(GTimeZone *tz, int64_t start);

/* SOLO-2: boundary n (n >= 0) of a subscription started at start with
 * anchor_day and periods of `months` months: boundary 0 is start, boundary 1
 * the end of the first period (its due date for renewal), and so on. */
int64_t billing_period_boundary(GTimeZone *tz, int64_t start, int anchor_day, int months, int n);

/* SOLO-2: the end of the period that starts at period_start, for a
 * subscription whose anchor day is anchor_day (not necessarily the day of
 * period_start: the period starting on 28 Feb of a 31st-anchored
 * subscription ends on 31 Mar). */
int64_t billing_period_end(GTimeZone *tz, int64_t period_start, int anchor_day, int months);

/* The index n of the period holding now: boundary(n) <= now < boundary(n+1).
 * -1 when now is before start. *from and *to (either may be NULL) receive
 * the bounds of that period (for -1: start and start). */
int billing_period_at(GTimeZone *tz, int64_t start, int anchor_day, int months, int64_t now, int64_t *from,
		      int64_t *to);

/* t plus n calendar days in tz at the same local wall-clock time (so a day
 * across a DST change lasts 23 or 25 hours). n may be negative. */
int64_t billing_add_days(GTimeZone *tz, int64_t t, int n);

/* The instant local midnight starts the day that is n days after the local
 * date of t (n = 0: the start of t's own day). */
int64_t billing_day_start(GTimeZone *tz, int64_t t, int n);

/* The number of full months from `from` to `to` counted by calendar with
 * from's anchor day kept: the largest k >= 0 with
 * dates_add_months(from, k, day of from) <= to (0 when to < from).
 * 31 Jan 10:00 -> 28 Feb 10:00 is one full month; -> 28 Feb 09:59 is none. */
int billing_full_months(GTimeZone *tz, int64_t from, int64_t to);

/* true when the local calendar month of b is strictly after that of a. */
bool billing_later_month(GTimeZone *tz, int64_t a, int64_t b);

#endif
