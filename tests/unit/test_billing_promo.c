/* Unit tests of src/billing/promo.c: promo codes (PROMO-1) with every
 * refusal reason and the promotional price per period; referral vouchers
 * (REF-2): at most five, one per invoice, from the month after the
 * sponsorship, never below zero, remainder carried; and a promo and a
 * voucher on the same invoice. */
#include <glib.h>
#include <string.h>

#include "billing/promo.h"

#include "paris_time.h"

#include "base/banned.h"

enum { SOLO_MONTHLY = 1, SOLO_ANNUAL = 2, PLUS_DATA = 10 };

static const int64_t monthly_only[] = {SOLO_MONTHLY};
static const int64_t solo_offers[] = {SOLO_MONTHLY, SOLO_ANNUAL};

/* 25 % off the first 3 periods of the Solo offers, during May 2026. */
static struct promo percent_promo(void)
{
	struct promo p = {
		.starts_at = local(2026, 5, 1, 0, 0, 0),
		.ends_at = local(2026, 6, 1, 0, 0, 0),
		.offer_ids = solo_offers,
		.n_offer_ids = G_N_ELEMENTS(solo_offers),
		.kind = PROMO_PERCENT,
		.percent_bp = 2500,
		.periods = 3,
	};
	return p;
}

/* 5.00 EUR off the first period of the monthly offer. */
static struct promo fixed_promo(void)
{
	struct promo p = {
		.starts_at = local(2026, 5, 1, 0, 0, 0),
		.ends_at = local(2026, 6, 1, 0, 0, 0),
		.offer_ids = monthly_only,
		.n_offer_ids = 1,
		.kind = PROMO_FIXED,
		.amount_off = 500,
		.currency = "EUR",
		.periods = 1,
	};
	return p;
}

static void test_promo1_verdict_names(void)
{
	g_assert_cmpstr(promo_verdict_name(PROMO_OK), ==, "ok");
	g_assert_cmpstr(promo_verdict_name(PROMO_NOT_YET_VALID), ==, "not_yet_valid");
	g_assert_cmpstr(promo_verdict_name(PROMO_EXPIRED), ==, "expired");
	g_assert_cmpstr(promo_verdict_name(PROMO_EXHAUSTED), ==, "exhausted");
	g_assert_cmpstr(promo_verdict_name(PROMO_NOT_APPLICABLE), ==, "not_applicable");
	g_assert_cmpstr(promo_verdict_name(PROMO_WRONG_CURRENCY), ==, "wrong_currency");
	g_assert_cmpstr(promo_verdict_name(PROMO_EXISTING_SUBSCRIBER), ==, "existing_subscriber");
	g_assert_cmpstr(promo_verdict_name((enum promo_verdict)99), ==, "?");
}

/* The window is [starts_at, ends_at). */
static void test_promo1_window(void)
{
	struct promo p = percent_promo();
	g_assert_cmpint(billing_promo_check(&p, SOLO_MONTHLY, "EUR", false, p.starts_at - 1), ==,
			PROMO_NOT_YET_VALID);
	g_assert_cmpint(billing_promo_check(&p, SOLO_MONTHLY, "EUR", false, p.starts_at), ==, PROMO_OK);
	g_assert_cmpint(billing_promo_check(&p, SOLO_MONTHLY, "EUR", false, p.ends_at - 1), ==, PROMO_OK);
	g_assert_cmpint(billing_promo_check(&p, SOLO_MONTHLY, "EUR", false, p.ends_at), ==, PROMO_EXPIRED);
	/* window first: an expired code is expired, whatever else is wrong */
	p.max_redemptions = 1;
	p.redemptions = 1;
	g_assert_cmpint(billing_promo_check(&p, PLUS_DATA, "USD", true, p.ends_at), ==, PROMO_EXPIRED);
	g_assert_cmpint(billing_promo_check(&p, PLUS_DATA, "USD", true, p.starts_at - 1), ==,
			PROMO_NOT_YET_VALID);
}

static void test_promo1_exhausted(void)
{
	struct promo p = percent_promo();
	int64_t now = local(2026, 5, 15, 12, 0, 0);
	p.max_redemptions = 100;
	p.redemptions = 99;
	g_assert_cmpint(billing_promo_check(&p, SOLO_ANNUAL, "EUR", false, now), ==, PROMO_OK);
	p.redemptions = 100;
	g_assert_cmpint(billing_promo_check(&p, SOLO_ANNUAL, "EUR", false, now), ==, PROMO_EXHAUSTED);
	/* 0: no limit */
	p.max_redemptions = 0;
	p.redemptions = 1000000;
	g_assert_cmpint(billing_promo_check(&p, SOLO_ANNUAL, "EUR", false, now), ==, PROMO_OK);
}

static void test_promo1_offer_currency_new_subscribers(void)
{
	int64_t now = local(2026, 5, 15, 12, 0, 0);
	struct promo p = percent_promo();
	g_assert_cmpint(billing_promo_check(&p, PLUS_DATA, "EUR", false, now), ==, PROMO_NOT_APPLICABLE);
	/* a percentage works in any currency */
	g_assert_cmpint(billing_promo_check(&p, SOLO_ANNUAL, "CHF", false, now), ==, PROMO_OK);
	/* no offers listed: applies to none */
	p.n_offer_ids = 0;
	g_assert_cmpint(billing_promo_check(&p, SOLO_MONTHLY, "EUR", false, now), ==, PROMO_NOT_APPLICABLE);

	struct promo f = fixed_promo();
	g_assert_cmpint(billing_promo_check(&f, SOLO_MONTHLY, "EUR", false, now), ==, PROMO_OK);
	g_assert_cmpint(billing_promo_check(&f, SOLO_ANNUAL, "EUR", false, now), ==, PROMO_NOT_APPLICABLE);
	g_assert_cmpint(billing_promo_check(&f, SOLO_MONTHLY, "GBP", false, now), ==, PROMO_WRONG_CURRENCY);
	g_assert_cmpint(billing_promo_check(&f, SOLO_MONTHLY, NULL, false, now), ==, PROMO_WRONG_CURRENCY);

	/* new subscribers only */
	g_assert_cmpint(billing_promo_check(&f, SOLO_MONTHLY, "EUR", true, now), ==, PROMO_OK);
	f.new_subscribers_only = true;
	g_assert_cmpint(billing_promo_check(&f, SOLO_MONTHLY, "EUR", true, now), ==,
			PROMO_EXISTING_SUBSCRIBER);
	g_assert_cmpint(billing_promo_check(&f, SOLO_MONTHLY, "EUR", false, now), ==, PROMO_OK);
	/* order of reasons: exhausted before not applicable before existing */
	f.max_redemptions = 1;
	f.redemptions = 1;
	g_assert_cmpint(billing_promo_check(&f, SOLO_ANNUAL, "GBP", true, now), ==, PROMO_EXHAUSTED);
	f.redemptions = 0;
	g_assert_cmpint(billing_promo_check(&f, SOLO_ANNUAL, "GBP", true, now), ==, PROMO_NOT_APPLICABLE);
	g_assert_cmpint(billing_promo_check(&f, SOLO_MONTHLY, "GBP", true, now), ==, PROMO_WRONG_CURRENCY);
}

/* The promotional price applies to the first N periods only, rounded
 * half-up, never below zero. */
static void test_promo1_price_first_n_periods(void)
{
	struct promo p = percent_promo();
	/* 25 % of 19.99 = 4.9975 -> 5.00 off */
	g_assert_cmpint(billing_promo_price(&p, 1999, 0), ==, 1499);
	g_assert_cmpint(billing_promo_price(&p, 1999, 1), ==, 1499);
	g_assert_cmpint(billing_promo_price(&p, 1999, 2), ==, 1499);
	g_assert_cmpint(billing_promo_price(&p, 1999, 3), ==, 1999);
	g_assert_cmpint(billing_promo_price(&p, 1999, 40), ==, 1999);
	g_assert_cmpint(billing_promo_price(&p, 0, 0), ==, 0);
	p.percent_bp = 10000;
	g_assert_cmpint(billing_promo_price(&p, 1999, 0), ==, 0);
	p.percent_bp = 3333; /* 66.63 off 199.90 */
	g_assert_cmpint(billing_promo_price(&p, 19990, 0), ==, 19990 - 6663);

	struct promo f = fixed_promo();
	g_assert_cmpint(billing_promo_price(&f, 1999, 0), ==, 1499);
	g_assert_cmpint(billing_promo_price(&f, 1999, 1), ==, 1999);
	g_assert_cmpint(billing_promo_price(&f, 500, 0), ==, 0);
	g_assert_cmpint(billing_promo_price(&f, 300, 0), ==, 0); /* never below 0 */
	/* the window is checked at registration only: a price in period 2 of a
	 * code that has expired since is still promotional */
	f.periods = 3;
	g_assert_cmpint(billing_promo_price(&f, 1999, 2), ==, 1499);
}

/* --- REF-2 ---------------------------------------------------------------------- */

static void test_ref2_at_most_five_vouchers(void)
{
	struct voucher v;
	int earned = 0;
	int64_t now = local(2026, 1, 10, 10, 0, 0);
	for (int i = 0; i < 5; i++) {
		g_assert_true(billing_referral_can_earn(earned));
		g_assert_true(billing_referral_earn(earned, 1000, "EUR", now + i, &v));
		g_assert_cmpint(v.amount, ==, 1000);
		g_assert_cmpint(v.remaining, ==, 1000);
		g_assert_cmpint(v.earned_at, ==, now + i);
		g_assert_cmpstr(v.currency, ==, "EUR");
		earned++;
	}
	g_assert_false(billing_referral_can_earn(earned));
	memset(&v, 0x5a, sizeof(v));
	g_assert_false(billing_referral_earn(earned, 1000, "EUR", now, &v));
	g_assert_cmpint(v.amount, ==, 0x5a5a5a5a5a5a5a5a); /* untouched */
	g_assert_false(billing_referral_can_earn(6));
}

/* Earned on 20 May: not on the invoice of 25 May, on the one of 1 June. */
static void test_ref2_month_following_not_earlier(void)
{
	struct voucher v[1];
	g_assert_true(billing_referral_earn(0, 1000, "EUR", local(2026, 5, 20, 10, 0, 0), &v[0]));
	struct voucher_use u;
	billing_voucher_apply(paris, 1999, "EUR", local(2026, 5, 25, 10, 0, 0), v, 1, &u);
	g_assert_cmpint(u.index, ==, -1);
	g_assert_cmpint(u.deduction, ==, 0);
	g_assert_cmpint(u.due, ==, 1999);
	billing_voucher_apply(paris, 1999, "EUR", local(2026, 5, 31, 23, 59, 59), v, 1, &u);
	g_assert_cmpint(u.index, ==, -1);
	billing_voucher_apply(paris, 1999, "EUR", local(2026, 6, 1, 0, 0, 0), v, 1, &u);
	g_assert_cmpint(u.index, ==, 0);
	g_assert_cmpint(u.deduction, ==, 1000);
	g_assert_cmpint(u.due, ==, 999);
	g_assert_cmpint(v[0].remaining, ==, 0);
	/* used up: nothing more */
	billing_voucher_apply(paris, 1999, "EUR", local(2026, 7, 1, 0, 0, 0), v, 1, &u);
	g_assert_cmpint(u.index, ==, -1);
	g_assert_cmpint(u.due, ==, 1999);
}

/* One voucher per invoice; the oldest first; a voucher larger than the
 * invoice leaves a zero invoice and carries the rest. */
static void test_ref2_one_per_invoice_remainder_carries(void)
{
	struct voucher v[3];
	g_assert_true(billing_referral_earn(0, 1000, "EUR", local(2026, 3, 12, 0, 0, 0), &v[0]));
	g_assert_true(billing_referral_earn(1, 1000, "EUR", local(2026, 3, 2, 0, 0, 0), &v[1]));
	g_assert_true(billing_referral_earn(2, 1000, "EUR", local(2026, 3, 20, 0, 0, 0), &v[2]));
	struct voucher_use u;
	/* invoice of 7.00 in April: the oldest (2 March) covers it, 3.00 left */
	billing_voucher_apply(paris, 700, "EUR", local(2026, 4, 2, 0, 0, 0), v, 3, &u);
	g_assert_cmpint(u.index, ==, 1);
	g_assert_cmpint(u.deduction, ==, 700);
	g_assert_cmpint(u.due, ==, 0);
	g_assert_cmpint(v[1].remaining, ==, 300);
	g_assert_cmpint(v[0].remaining, ==, 1000);
	g_assert_cmpint(v[2].remaining, ==, 1000);
	/* May: the remainder of the same voucher, and only it */
	billing_voucher_apply(paris, 700, "EUR", local(2026, 5, 2, 0, 0, 0), v, 3, &u);
	g_assert_cmpint(u.index, ==, 1);
	g_assert_cmpint(u.deduction, ==, 300);
	g_assert_cmpint(u.due, ==, 400);
	/* June, July: the next oldest, one per invoice */
	billing_voucher_apply(paris, 1999, "EUR", local(2026, 6, 2, 0, 0, 0), v, 3, &u);
	g_assert_cmpint(u.index, ==, 0);
	g_assert_cmpint(u.due, ==, 999);
	billing_voucher_apply(paris, 1999, "EUR", local(2026, 7, 2, 0, 0, 0), v, 3, &u);
	g_assert_cmpint(u.index, ==, 2);
	g_assert_cmpint(u.due, ==, 999);
	for (int i = 0; i < 3; i++)
		g_assert_cmpint(v[i].remaining, ==, 0);
	/* a zero invoice (a free month) does not consume a voucher */
	struct voucher w[1];
	g_assert_true(billing_referral_earn(0, 1000, "EUR", local(2026, 3, 2, 0, 0, 0), &w[0]));
	billing_voucher_apply(paris, 0, "EUR", local(2026, 4, 2, 0, 0, 0), w, 1, &u);
	g_assert_cmpint(u.index, ==, -1);
	g_assert_cmpint(w[0].remaining, ==, 1000);
	/* another currency is not touched */
	billing_voucher_apply(paris, 1999, "CHF", local(2026, 4, 2, 0, 0, 0), w, 1, &u);
	g_assert_cmpint(u.index, ==, -1);
	g_assert_cmpint(w[0].remaining, ==, 1000);
	/* no vouchers at all */
	billing_voucher_apply(paris, 1999, "EUR", local(2026, 4, 2, 0, 0, 0), NULL, 0, &u);
	g_assert_cmpint(u.index, ==, -1);
	g_assert_cmpint(u.due, ==, 1999);
}

/* The month boundary is Paris's: earned 31 May 23:30 Paris (21:30Z), an
 * invoice at 1 June 00:10 Paris (31 May 22:10Z) is the month after. */
static void test_ref2_month_in_platform_zone(void)
{
	struct voucher v[1];
	g_assert_true(billing_referral_earn(0, 1000, "EUR", local(2026, 5, 31, 23, 30, 0), &v[0]));
	struct voucher_use u;
	billing_voucher_apply(paris, 1999, "EUR", local(2026, 6, 1, 0, 10, 0), v, 1, &u);
	g_assert_cmpint(u.index, ==, 0);
	g_assert_cmpint(u.due, ==, 999);
	/* December to January */
	g_assert_true(billing_referral_earn(0, 1000, "EUR", local(2026, 12, 31, 12, 0, 0), &v[0]));
	billing_voucher_apply(paris, 1999, "EUR", local(2026, 12, 31, 23, 59, 0), v, 1, &u);
	g_assert_cmpint(u.index, ==, -1);
	billing_voucher_apply(paris, 1999, "EUR", local(2027, 1, 1, 0, 0, 0), v, 1, &u);
	g_assert_cmpint(u.index, ==, 0);
}

/* Interaction: a promo price and a voucher on the same invoice: the promo
 * first, then the voucher on what is left, never below zero. */
static void test_promo1_ref2_promo_then_voucher(void)
{
	struct promo p = percent_promo(); /* 25 % off 3 periods */
	int64_t reg = local(2026, 5, 10, 9, 0, 0);
	g_assert_cmpint(billing_promo_check(&p, SOLO_MONTHLY, "EUR", false, reg), ==, PROMO_OK);
	struct voucher v[2];
	g_assert_true(billing_referral_earn(0, 1000, "EUR", local(2026, 5, 20, 0, 0, 0), &v[0]));
	g_assert_true(billing_referral_earn(1, 1000, "EUR", local(2026, 5, 21, 0, 0, 0), &v[1]));
	struct voucher_use u;

	/* period 1 (10 June): 19.99 -> 14.99 (promo) -> 4.99 (voucher) */
	int64_t price = billing_promo_price(&p, 1999, 1);
	g_assert_cmpint(price, ==, 1499);
	billing_voucher_apply(paris, price, "EUR", local(2026, 6, 10, 9, 0, 0), v, 2, &u);
	g_assert_cmpint(u.deduction, ==, 1000);
	g_assert_cmpint(u.due, ==, 499);
	/* not the other order: 19.99 - 10.00 = 9.99, 25 % off = 7.49 */
	g_assert_cmpint(u.due, !=, billing_promo_price(&p, 1999 - 1000, 1));

	/* a 100 % promo: the invoice is 0, the voucher waits */
	struct promo free_month = percent_promo();
	free_month.percent_bp = 10000;
	free_month.periods = 2;
	price = billing_promo_price(&free_month, 1999, 1);
	billing_voucher_apply(paris, price, "EUR", local(2026, 7, 10, 9, 0, 0), v, 2, &u);
	g_assert_cmpint(u.due, ==, 0);
	g_assert_cmpint(u.index, ==, -1);
	g_assert_cmpint(v[1].remaining, ==, 1000);
	/* a fixed promo leaving less than the voucher: 0, remainder carried */
	struct promo f = fixed_promo();
	f.amount_off = 1500;
	price = billing_promo_price(&f, 1999, 0);
	g_assert_cmpint(price, ==, 499);
	billing_voucher_apply(paris, price, "EUR", local(2026, 8, 10, 9, 0, 0), v, 2, &u);
	g_assert_cmpint(u.index, ==, 1);
	g_assert_cmpint(u.deduction, ==, 499);
	g_assert_cmpint(u.due, ==, 0);
	g_assert_cmpint(v[1].remaining, ==, 501);
	/* next month, full price: the 5.01 left */
	billing_voucher_apply(paris, billing_promo_price(&f, 1999, 1), "EUR", local(2026, 9, 10, 9, 0, 0), v,
			      2, &u);
	g_assert_cmpint(u.due, ==, 1999 - 501);
	g_assert_cmpint(v[1].remaining, ==, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	paris_time_init();

	g_test_add_func("/billing/promo1_verdict_names", test_promo1_verdict_names);
	g_test_add_func("/billing/promo1_window_not_yet_valid_expired", test_promo1_window);
	g_test_add_func("/billing/promo1_exhausted", test_promo1_exhausted);
	g_test_add_func("/billing/promo1_offer_currency_new_subscribers",
			test_promo1_offer_currency_new_subscribers);
	g_test_add_func("/billing/promo1_price_first_n_periods", test_promo1_price_first_n_periods);
	g_test_add_func("/billing/ref2_at_most_five_vouchers", test_ref2_at_most_five_vouchers);
	g_test_add_func("/billing/ref2_month_following_not_earlier", test_ref2_month_following_not_earlier);
	g_test_add_func("/billing/ref2_one_per_invoice_remainder_carries",
			test_ref2_one_per_invoice_remainder_carries);
	g_test_add_func("/billing/ref2_month_in_platform_zone", test_ref2_month_in_platform_zone);
	g_test_add_func("/billing/promo1_ref2_promo_then_voucher_same_invoice",
			test_promo1_ref2_promo_then_voucher);

	int rc = g_test_run();
	g_time_zone_unref(paris);
	return rc;
}
