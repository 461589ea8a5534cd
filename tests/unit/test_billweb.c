/* billweb: the pure parts of the billing pages' use cases: when a
 * scheduled price reaches existing subscribers (SOLO-1, PAY-2). */
#include <glib.h>

#include "billing/billing_admin.h"

#include "base/banned.h"

enum { DAY = 86400 };

/* PAY-2: a price effective today reaches subscribers only after the notice. */
static void test_pay_2_price_today_waits_for_notice(void)
{
	int64_t now = 1800000000;
	g_assert_cmpint(billing_price_subscribers_from(now, now, 30), ==, now + 30 * DAY);
}

/* A price effective after the notice reaches everybody on its day. */
static void test_pay_2_price_after_notice_on_its_day(void)
{
	int64_t now = 1800000000;
	g_assert_cmpint(billing_price_subscribers_from(now, now + 45 * DAY, 30), ==, now + 45 * DAY);
	/* One second before the notice ends: the notice still wins. */
	g_assert_cmpint(billing_price_subscribers_from(now, now + 30 * DAY - 1, 30), ==, now + 30 * DAY);
}

/* No notice configured: the effective date for both. */
static void test_pay_2_price_no_notice(void)
{
	int64_t now = 1800000000;
	g_assert_cmpint(billing_price_subscribers_from(now, now + DAY, 0), ==, now + DAY);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/billweb/pay_2_price_today_waits_for_notice",
			test_pay_2_price_today_waits_for_notice);
	g_test_add_func("/billweb/pay_2_price_after_notice_on_its_day",
			test_pay_2_price_after_notice_on_its_day);
	g_test_add_func("/billweb/pay_2_price_no_notice", test_pay_2_price_no_notice);
	return g_test_run();
}
