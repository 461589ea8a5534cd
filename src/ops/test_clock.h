/* The test clock (DESIGN.md): an admin moves a manual clock forward and every
 * job that became due runs before the answer. */
#ifndef CAMPUS_TEST_CLOCK_H
#define CAMPUS_TEST_CLOCK_H

#include "base/clock.h"
#include "ops/ctx.h"
#include "ops/jobs.h"

/* Moves clock to `to` and runs the due jobs; *ran gets how many ran.
 * ST_FORBIDDEN unless ctx->actor is an admin; ST_NOTFOUND on the real
 * clock; ST_INVALID when `to` is in the clock's past. The move is written to
 * the audit log. */
enum status test_clock_advance(struct ctx *c, struct clock *clock, struct scheduler *s, int64_t to, int *ran,
			       GString *err);

#endif
