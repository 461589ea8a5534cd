/* Unit tests of src/base/clock.c: the manual test clock only moves
 * forward; the real clock cannot be set. */
#include <glib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"

#include "base/banned.h"

static void test_manual_forward_only(void)
{
	struct clock *c = clock_manual_new(1767225600); /* 2026-01-01T00:00:00Z */
	g_assert_true(clock_is_manual(c));
	g_assert_cmpint(clock_now(c), ==, 1767225600);
	g_assert_cmpint(clock_now(c), ==, 1767225600); /* does not tick */

	GString *err = g_string_new(NULL);
	g_assert_cmpint(clock_set(c, 1767225600 + 86400, err), ==, ST_OK);
	g_assert_cmpint(clock_now(c), ==, 1767225600 + 86400);
	/* the same instant again is allowed */
	g_assert_cmpint(clock_set(c, 1767225600 + 86400, err), ==, ST_OK);
	g_assert_cmpint(clock_now(c), ==, 1767225600 + 86400);
	/* a year of renewals in one step */
	g_assert_cmpint(clock_set(c, 1798761600, err), ==, ST_OK);
	g_assert_cmpint(clock_now(c), ==, 1798761600);

	/* backwards, even by a second, is refused and changes nothing */
	g_string_truncate(err, 0);
	g_assert_cmpint(clock_set(c, 1798761599, err), ==, ST_INVALID);
	g_assert_cmpint(clock_now(c), ==, 1798761600);
	g_assert_nonnull(strstr(err->str, "forward"));
	g_assert_nonnull(strstr(err->str, "1798761600"));
	g_string_truncate(err, 0);
	g_assert_cmpint(clock_set(c, 0, err), ==, ST_INVALID);
	g_assert_cmpint(clock_now(c), ==, 1798761600);
	g_assert_cmpuint(err->len, >, 0);

	g_string_free(err, TRUE);
	clock_free(c);
	clock_free(NULL);
}

static void test_real_clock_refuses_set(void)
{
	struct clock *r = clock_real();
	g_assert_true(r == clock_real()); /* one process-wide clock */
	g_assert_false(clock_is_manual(r));
	int64_t before = (int64_t)time(NULL);
	int64_t now = clock_now(r);
	int64_t after = (int64_t)time(NULL);
	g_assert_cmpint(now, >=, before);
	g_assert_cmpint(now, <=, after);

	GString *err = g_string_new(NULL);
	g_assert_cmpint(clock_set(r, now + 3600, err), ==, ST_INVALID);
	g_assert_nonnull(strstr(err->str, "real clock"));
	g_assert_cmpint(clock_now(r), <, now + 3600);
	g_string_free(err, TRUE);
	clock_free(r); /* never frees the real clock */
	g_assert_false(clock_is_manual(clock_real()));
}

/* Concurrent setters: the clock ends at the largest instant asked for and
 * never went backwards on the way. */
struct racer {
	struct clock *c;
	int id;
};

static gpointer race(gpointer data)
{
	struct racer *r = data;
	GString *err = g_string_new(NULL);
	int64_t last = 0;
	for (int i = 0; i < 20000; i++) {
		clock_set(r->c, 1000000 + i * 4 + r->id, err);
		int64_t now = clock_now(r->c);
		g_assert_cmpint(now, >=, last);
		last = now;
	}
	g_string_free(err, TRUE);
	return NULL;
}

static void test_manual_threads(void)
{
	struct clock *c = clock_manual_new(1000000);
	struct racer rs[4];
	GThread *th[4];
	for (int i = 0; i < 4; i++) {
		rs[i] = (struct racer){c, i};
		th[i] = g_thread_new("racer", race, &rs[i]);
	}
	for (int i = 0; i < 4; i++)
		g_thread_join(th[i]);
	g_assert_cmpint(clock_now(c), ==, 1000000 + 19999 * 4 + 3);
	clock_free(c);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/clock/manual_forward_only", test_manual_forward_only);
	g_test_add_func("/clock/real_clock_refuses_set", test_real_clock_refuses_set);
	g_test_add_func("/clock/manual_threads", test_manual_threads);
	return g_test_run();
}
