#include "base/clock.h"

#include <stdatomic.h>
#include <time.h>

#include "base/banned.h"

struct clock {
	bool manual;
	_Atomic int64_t now;
};

static struct clock real_clock = {.manual = false};

struct clock *clock_real(void)
{
	return &real_clock;
}

struct clock *clock_manual_new(int64_t start)
{
	struct clock *c = g_new0(struct clock, 1);
	c->manual = true;
	atomic_store(&c->now, start);
	return c;
}

void clock_free(struct clock *c)
{
	if (c && c != &real_clock)
		g_free(c);
}

int64_t clock_now(struct clock *c)
{
	if (!c->manual)
		return (int64_t)time(NULL);
	return atomic_load(&c->now);
}

bool clock_is_manual(const struct clock *c)
{
	return c->manual;
}

enum status clock_set(struct clock *c, int64_t t, GString *err)
{
	if (!c->manual) {
		g_string_assign(err, "the real clock cannot be set");
		return ST_INVALID;
	}
	int64_t cur = atomic_load(&c->now);
	while (t >= cur) {
		if (atomic_compare_exchange_weak(&c->now, &cur, t))
			return ST_OK;
	}
	g_string_printf(err, "the test clock only moves forward (it is at %lld)", (long long)cur);
	return ST_INVALID;
}
