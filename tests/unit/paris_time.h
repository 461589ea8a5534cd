/* Instants for the date and billing tests, in the platform's default zone
 * (Europe/Paris). paris_time_init() must run first (in main). */
#ifndef CAMPUS_TEST_PARIS_TIME_H
#define CAMPUS_TEST_PARIS_TIME_H

#include <glib.h>
#include <stdint.h>

extern GTimeZone *paris;

void paris_time_init(void);
/* The instant of a UTC date and time. */
int64_t utc(int y, int m, int d, int h, int mi, int s);
/* The instant of a Paris wall-clock time (which must exist). */
int64_t local(int y, int m, int d, int h, int mi, int s);
/* Asserts that t is that Paris wall-clock time, to the minute. */
void assert_local(int64_t t, int y, int m, int d, int h, int mi);

#endif
