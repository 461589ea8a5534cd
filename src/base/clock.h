/* The clock interface. Production reads the real clock; tests and demos use
 * a manual clock that only moves forward when told (like Stripe's test
 * clocks), so a year of renewals can run in a second. Instants are UTC unix
 * seconds; calendar arithmetic lives in base/dates.h. Thread-safe. */
#ifndef CAMPUS_CLOCK_H
#define CAMPUS_CLOCK_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"

struct clock;

/* The process-wide real clock (not to be freed). */
struct clock *clock_real(void);
/* A manual clock starting at start (unix seconds). Free with clock_free. */
struct clock *clock_manual_new(int64_t start);
void clock_free(struct clock *c);

int64_t clock_now(struct clock *c);
bool clock_is_manual(const struct clock *c);
/* Moves a manual clock to t. Refuses (ST_INVALID) to go backwards or to move
 * the real clock; err says why. */
enum status clock_set(struct clock *c, int64_t t, GString *err);

#endif
