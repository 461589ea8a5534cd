/* Unit tests of src/billing/money.c: percentages rounded half-up to the cent
 * (RULES.md intro), the VAT split of tax-inclusive prices and the EU
 * standard rates (PAY-1). */
#include <glib.h>
#include <string.h>

#include "billing/money.h"

#include "base/banned.h"

/* --- percentages, rounded half-up ---------------------------------------- */

struct share_case {
	int64_t amount;
	int rate_bp;
	int64_t want;
};

static const struct share_case share_cases[] = {
	{10000, 1000, 1000}, /* 10 % of 100.00 */
	{999, 1000, 100}, /* 99.9 -> 100 (half-up at .9) */
	{995, 1000, 100}, /* 99.5 -> 100: half goes up */
	{994, 1000, 99}, /* 99.4 -> 99 */
	{5, 1000, 1}, /* 0.5 -> 1 */
	{4, 1000, 0}, /* 0.4 -> 0 */
	{1, 5000, 1}, /* 0.5 -> 1 */
	{1, 4999, 0},
	{0, 3000, 0},
	{123456, 0, 0},
	{123456, 10000, 123456}, /* 100 % */
	{2999, 3000, 900}, /* 899.7 -> 900 */
	{1999, 1250, 250}, /* 12.5 % of 19.99 = 249.875 -> 250 */
	{1990, 1250, 249}, /* 248.75 -> 249 */
	{1, 1, 0}, /* 0.0001 */
	{5000, 1, 1}, /* 0.5 -> 1 */
	{4999, 1, 0},
	{100, 1000000, 10000}, /* 10 000 % */
	/* negative amounts mirror positive ones (half away from zero) */
	{-995, 1000, -100},
	{-994, 1000, -99},
	{-5, 1000, -1},
	/* large amounts: no intermediate overflow */
	{INT64_C(900000000000000000), 2000, INT64_C(180000000000000000)},
	{INT64_C(4611686018427387903), 10000, INT64_C(4611686018427387903)},
	{INT64_MAX, 5000, INT64_C(4611686018427387904)}, /* 9223372036854775807/2 = ...903.5 up */
};

static void test_share_bp_table(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(share_cases); i++) {
		const struct share_case *c = &share_cases[i];
		g_test_message("%" G_GINT64_FORMAT " * %d bp", c->amount, c->rate_bp);
		g_assert_cmpint(money_share_bp(c->amount, c->rate_bp), ==, c->want);
	}
}

/* Against the exact rule: 2 * 10000 * share is the closest even multiple to
 * 2 * amount * rate, rounding ties up. */
static void test_share_bp_exhaustive(void)
{
	static const int rates[] = {1, 7, 100, 550, 1000, 1950, 2000, 2550, 3000, 3333, 9999, 10000};
	for (size_t r = 0; r < G_N_ELEMENTS(rates); r++) {
		for (int64_t a = 0; a <= 30000; a++) {
			int64_t exact2 = 2 * a * rates[r]; /* twice the share in 1/10000 cent */
			int64_t want = (exact2 + 10000) / 20000;
			g_assert_cmpint(money_share_bp(a, rates[r]), ==, want);
			g_assert_cmpint(money_share_bp(-a, rates[r]), ==, -want);
		}
	}
}

static void test_share_pct(void)
{
	g_assert_cmpint(money_share_pct(4000, 10), ==, 400);
	g_assert_cmpint(money_share_pct(1995, 10), ==, 200); /* 199.5 -> 200 */
	g_assert_cmpint(money_share_pct(1994, 10), ==, 199);
	g_assert_cmpint(money_share_pct(3999, 30), ==, 1200); /* 1199.7 */
	g_assert_cmpint(money_share_pct(1, 50), ==, 1);
	g_assert_cmpint(money_share_pct(1, 49), ==, 0);
	g_assert_cmpint(money_share_pct(12345, 0), ==, 0);
	g_assert_cmpint(money_share_pct(12345, 100), ==, 12345);
}

/* --- currencies ------------------------------------------------------------ */

static void test_currency(void)
{
	g_assert_true(money_currency_valid("EUR"));
	g_assert_true(money_currency_valid("CHF"));
	g_assert_false(money_currency_valid("eur"));
	g_assert_false(money_currency_valid("EU"));
	g_assert_false(money_currency_valid("EURO"));
	g_assert_false(money_currency_valid("E1R"));
	g_assert_false(money_currency_valid(""));
	g_assert_false(money_currency_valid(NULL));
	g_assert_true(money_same_currency("EUR", "EUR"));
	g_assert_false(money_same_currency("EUR", "USD"));
	g_assert_false(money_same_currency("eur", "eur"));
	g_assert_false(money_same_currency(NULL, "EUR"));

	struct money m;
	money_set(&m, 1999, "GBP");
	g_assert_cmpint(m.amount, ==, 1999);
	g_assert_cmpstr(m.currency, ==, "GBP");
}

/* --- PAY-1: VAT split -------------------------------------------------------- */

struct vat_case {
	int64_t gross;
	int rate_bp;
	int64_t net, vat;
};

static const struct vat_case vat_cases[] = {
	{1200, 2000, 1000, 200}, /* 12.00 at 20 % */
	{2000, 2000, 1667, 333}, /* 20.00 at 20 %: 333.33 VAT */
	{1999, 2000, 1666, 333}, /* 333.17 */
	{2099, 2000, 1749, 350}, /* 349.83 -> 350 */
	{3, 2000, 2, 1}, /* 0.5 VAT -> 1 (half-up) */
	{2, 2000, 2, 0}, /* 0.33 -> 0 */
	{1, 2000, 1, 0},
	{0, 2000, 0, 0},
	{11900, 1900, 10000, 1900}, /* DE */
	{2000, 1900, 1681, 319}, /* 319.33 */
	{12100, 2100, 10000, 2100}, /* BE, ES, NL */
	{12550, 2550, 10000, 2550}, /* FI 25.5 % */
	{1000, 2550, 797, 203}, /* 203.19 */
	{11700, 1700, 10000, 1700}, /* LU */
	{12700, 2700, 10000, 2700}, /* HU */
	{1500, 0, 1500, 0}, /* no VAT */
	{-1200, 2000, -1000, -200}, /* a credit note mirrors its invoice */
	{-2099, 2000, -1749, -350},
};

static void test_vat_split_table(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(vat_cases); i++) {
		const struct vat_case *c = &vat_cases[i];
		int64_t net = -1, vat = -1;
		g_test_message("%" G_GINT64_FORMAT " at %d bp", c->gross, c->rate_bp);
		money_vat_split(c->gross, c->rate_bp, &net, &vat);
		g_assert_cmpint(net, ==, c->net);
		g_assert_cmpint(vat, ==, c->vat);
	}
}

/* net + vat == gross to the cent for every price and rate, and the VAT is
 * the rate applied to the net within half a cent. */
static void test_vat_split_exact_sum(void)
{
	for (size_t r = 0; r < vat_rates_eu_len; r++) {
		int rate = vat_rates_eu[r].rate_bp;
		for (int64_t gross = 0; gross <= 20000; gross++) {
			int64_t net, vat;
			money_vat_split(gross, rate, &net, &vat);
			g_assert_cmpint(net + vat, ==, gross);
			g_assert_cmpint(vat, >=, 0);
			g_assert_cmpint(net, >=, 0);
			/* |vat * 10000 - net * rate| <= (10000 + rate) / 2 */
			int64_t diff = vat * 10000 - net * rate;
			g_assert_cmpint(diff < 0 ? -diff : diff, <=, (10000 + rate) / 2);
		}
	}
}

/* --- PAY-1: EU standard rates -------------------------------------------------- */

static void test_vat_table_complete(void)
{
	static const char *const members[] = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES",
					      "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
					      "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};
	g_assert_cmpuint(vat_rates_eu_len, ==, 27);
	g_assert_cmpuint(G_N_ELEMENTS(members), ==, 27);
	for (size_t i = 0; i < vat_rates_eu_len; i++) {
		g_assert_cmpstr(vat_rates_eu[i].country, ==, members[i]); /* sorted, no duplicates */
		/* the EU minimum standard rate is 15 %; none above 27 % */
		g_assert_cmpint(vat_rates_eu[i].rate_bp, >=, 1500);
		g_assert_cmpint(vat_rates_eu[i].rate_bp, <=, 2700);
	}
}

static void test_vat_rate_lookup(void)
{
	static const struct {
		const char *country;
		int rate;
	} known[] = {
		{"FR", 2000}, {"DE", 1900}, {"BE", 2100}, {"ES", 2100}, {"IT", 2200},
		{"NL", 2100}, {"LU", 1700}, {"AT", 2000}, {"IE", 2300}, {"PT", 2300},
		{"HU", 2700}, {"MT", 1800}, {"CY", 1900}, {"FI", 2550}, {"SE", 2500},
		{"DK", 2500}, {"HR", 2500}, {"PL", 2300}, {"GR", 2400}, {"EL", 2400},
		{"EE", 2400}, {"RO", 2100}, {"SK", 2300}, {"fr", 2000}, {"De", 1900},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
		bool found = false;
		g_test_message("%s", known[i].country);
		g_assert_cmpint(vat_rate_bp(known[i].country, VAT_FALLBACK_BP, &found), ==, known[i].rate);
		g_assert_true(found);
	}
	/* outside the EU, or not a country code: the fallback */
	static const char *const others[] = {"CH", "GB", "US", "CA", "NO", "", "F", "FRA", "1R", "XX"};
	for (size_t i = 0; i < G_N_ELEMENTS(others); i++) {
		bool found = true;
		g_assert_cmpint(vat_rate_bp(others[i], VAT_FALLBACK_BP, &found), ==, VAT_FALLBACK_BP);
		g_assert_false(found);
		g_assert_cmpint(vat_rate_bp(others[i], 0, NULL), ==, 0);
	}
	g_assert_cmpint(vat_rate_bp(NULL, 1234, NULL), ==, 1234);
	g_assert_cmpint(VAT_FALLBACK_BP, ==, vat_rate_bp("FR", 0, NULL));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/billing/money/share_bp_half_up_table", test_share_bp_table);
	g_test_add_func("/billing/money/share_bp_half_up_exhaustive", test_share_bp_exhaustive);
	g_test_add_func("/billing/money/share_pct", test_share_pct);
	g_test_add_func("/billing/money/currency", test_currency);
	g_test_add_func("/billing/pay1_vat_split_table", test_vat_split_table);
	g_test_add_func("/billing/pay1_vat_split_net_plus_vat_is_gross", test_vat_split_exact_sum);
	g_test_add_func("/billing/pay1_vat_table_all_27_members", test_vat_table_complete);
	g_test_add_func("/billing/pay1_vat_rate_lookup_and_fallback", test_vat_rate_lookup);
	return g_test_run();
}
