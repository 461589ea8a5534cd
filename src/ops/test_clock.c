#include "ops/test_clock.h"

#include "base/dates.h"
#include "ops/audit.h"

#include "base/banned.h"

enum status test_clock_advance(struct ctx *c, struct clock *clock, struct scheduler *s, int64_t to, int *ran,
			       GString *err)
{
	if (!c->actor || !(c->actor->roles & ROLE_ADMIN)) {
		g_string_assign(err, "only an admin may move the test clock");
		return ST_FORBIDDEN;
	}
	if (!clock_is_manual(clock)) {
		g_string_assign(err, "this server runs on the real clock");
		return ST_NOTFOUND;
	}
	int64_t from = clock_now(clock);
	enum status st = clock_set(clock, to, err);
	if (st != ST_OK)
		return st;
	char before[32], after[32];
	dates_format_rfc3339(from, before, sizeof(before));
	dates_format_rfc3339(to, after, sizeof(after));
	struct ctx at = *c;
	at.now = to;
	st = audit_record(&at, "test_clock.advance", "clock", 0,
			  arena_printf(c->a, "{\"now\":\"%s\"}", before),
			  arena_printf(c->a, "{\"now\":\"%s\"}", after), err);
	if (st != ST_OK)
		return st;
	*ran = scheduler_run_due(s);
	return ST_OK;
}
