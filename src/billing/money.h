/* Money for the billing rules: amounts are int64_t minor units (cents) of an
 * ISO 4217 currency, never floating point (RULES.md intro). Percentages of
 * an amount round half-up to the cent. Also the VAT split of a
 * tax-inclusive price and the EU standard VAT rates (PAY-1).
 * Pure: no I/O, no clock, no allocation. */
#ifndef CAMPUS_BILLING_MONEY_H
#define CAMPUS_BILLING_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An amount with its currency ("EUR", NUL-terminated, upper case). */
struct money {
	int64_t amount; /* minor units (cents) */
	char currency[4];
};

enum {
	BILLING_BP_PER_PERCENT = 100, /* basis points in one percent */
	BILLING_BP_MAX = 1000000, /* 10 000 %, the largest rate accepted */
};

/* true when s is three ASCII upper-case letters ("EUR"): the shape of an
 * ISO 4217 code (whether the code is assigned is not checked). */
bool money_currency_valid(const char *s);
/* true when a and b name the same currency (both valid and equal). */
bool money_same_currency(const char *a, const char *b);
/* Fills m with amount and currency (copied; currency must be valid). */
void money_set(struct money *m, int64_t amount, const char *currency);

/* RULES.md intro: rate_bp basis points (2000 = 20 %) of amount, rounded
 * half-up to the cent. Negative amounts are rounded symmetrically (half away
 * from zero) so that the share of a refund mirrors the share of a charge.
 * rate_bp must be in [0, BILLING_BP_MAX] and amount > INT64_MIN. Exact integer
 * arithmetic without intermediate overflow; the result must fit in int64_t
 * (asserted). */
int64_t money_share_bp(int64_t amount, int rate_bp);
/* The same for a whole percent (10 = 10 %): money_share_bp(amount, pct*100). */
int64_t money_share_pct(int64_t amount, int percent);

/* PAY-1: splits the tax-inclusive gross into net + vat for a VAT rate in
 * basis points (2000 = 20 %). The VAT is gross * rate / (10000 + rate)
 * rounded half-up to the cent and net = gross - vat, so net + vat == gross
 * exactly. gross may be negative (credit notes: the split mirrors the
 * charge's). rate_bp in [0, BILLING_BP_MAX]. */
void money_vat_split(int64_t gross, int rate_bp, int64_t *net, int64_t *vat);

/* PAY-1: standard VAT rate of an EU member state, in basis points. */
struct vat_rate {
	const char *country; /* ISO 3166-1 alpha-2 ("FR"; Greece is "GR") */
	int rate_bp;
};
/* The 27 member states, alphabetical by code (rates in force on
 * 1 January 2026). */
extern const struct vat_rate vat_rates_eu[];
extern const size_t vat_rates_eu_len;

enum {
	/* The seller's (France) rate, used for a country outside the table. */
	VAT_FALLBACK_BP = 2000,
};

/* PAY-1: the standard rate for country (ISO alpha-2, either case; "EL", the
 * EU's code for Greece, is accepted), or fallback_bp when the country is not
 * an EU member or is NULL/malformed. *found (may be NULL) says which. */
int vat_rate_bp(const char *country, int fallback_bp, bool *found);

#endif
