#include "billing/money.h"

#include <assert.h>
#include <glib.h>
#include <string.h>

#include "base/banned.h"

bool money_currency_valid(const char *s)
{
	if (!s)
		return false;
	for (int i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return s[3] == '\0';
}

bool money_same_currency(const char *a, const char *b)
{
	return money_currency_valid(a) && money_currency_valid(b) && !strcmp(a, b);
}

void money_set(struct money *m, int64_t amount, const char *currency)
{
	assert(money_currency_valid(currency));
	m->amount = amount;
	memcpy(m->currency, currency, 4);
}

/* round_half_up(a * num / den) for a >= 0, 0 <= num, 0 < den <= 2^31:
 * a = q*den + r, so a*num/den = q*num + r*num/den, and r*num < 2^62. */
static int64_t mul_div_half_up(int64_t a, int64_t num, int64_t den)
{
	assert(a >= 0 && num >= 0 && den > 0);
	int64_t q = a / den, r = a % den;
	assert(num == 0 || q <= INT64_MAX / num);
	int64_t whole = q * num;
	int64_t frac = (2 * r * num + den) / (2 * den);
	assert(whole <= INT64_MAX - frac);
	return whole + frac;
}

/* Half away from zero: the magnitude is rounded half-up, the sign kept. */
static int64_t signed_mul_div(int64_t a, int64_t num, int64_t den)
{
	assert(a != INT64_MIN);
	return a < 0 ? -mul_div_half_up(-a, num, den) : mul_div_half_up(a, num, den);
}

int64_t money_share_bp(int64_t amount, int rate_bp)
{
	assert(rate_bp >= 0 && rate_bp <= BILLING_BP_MAX);
	return signed_mul_div(amount, rate_bp, 10000);
}

int64_t money_share_pct(int64_t amount, int percent)
{
	assert(percent >= 0 && percent <= BILLING_BP_MAX / BILLING_BP_PER_PERCENT);
	return money_share_bp(amount, percent * BILLING_BP_PER_PERCENT);
}

void money_vat_split(int64_t gross, int rate_bp, int64_t *net, int64_t *vat)
{
	assert(rate_bp >= 0 && rate_bp <= BILLING_BP_MAX);
	/* PAY-1: prices are tax-inclusive; the VAT is the part of the gross
	 * above the net, rounded once, and the net takes the remainder so the
	 * invoice lines add up to the price paid to the cent. */
	*vat = signed_mul_div(gross, rate_bp, 10000 + (int64_t)rate_bp);
	*net = gross - *vat;
}

/* Standard rates in force on 1 January 2026 (European Commission, "VAT
 * rates applied in the Member States"). Recent changes: FI 25.5 % since
 * 1 Sep 2024, SK 23 % since 1 Jan 2025, EE 24 % since 1 Jul 2025, RO 21 %
 * since 1 Aug 2025. */
const struct vat_rate vat_rates_eu[] = {
	{"AT", 2000}, {"BE", 2100}, {"BG", 2000}, {"CY", 1900}, {"CZ", 2100}, {"DE", 1900}, {"DK", 2500},
	{"EE", 2400}, {"ES", 2100}, {"FI", 2550}, {"FR", 2000}, {"GR", 2400}, {"HR", 2500}, {"HU", 2700},
	{"IE", 2300}, {"IT", 2200}, {"LT", 2100}, {"LU", 1700}, {"LV", 2100}, {"MT", 1800}, {"NL", 2100},
	{"PL", 2300}, {"PT", 2300}, {"RO", 2100}, {"SE", 2500}, {"SI", 2200}, {"SK", 2300},
};
const size_t vat_rates_eu_len = G_N_ELEMENTS(vat_rates_eu);

int vat_rate_bp(const char *country, int fallback_bp, bool *found)
{
	char code[3] = "";
	if (country && g_ascii_isalpha(country[0]) && g_ascii_isalpha(country[1]) && country[2] == '\0') {
		code[0] = g_ascii_toupper(country[0]);
		code[1] = g_ascii_toupper(country[1]);
		if (!strcmp(code, "EL")) /* the EU's VAT prefix for Greece */
			code[0] = 'G', code[1] = 'R';
	}
	for (size_t i = 0; code[0] && i < vat_rates_eu_len; i++) {
		if (!strcmp(vat_rates_eu[i].country, code)) {
			if (found)
				*found = true;
			return vat_rates_eu[i].rate_bp;
		}
	}
	if (found)
		*found = false;
	return fallback_bp;
}
