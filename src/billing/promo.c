#include "billing/promo.h"

#include <assert.h>
#include <string.h>

#include "billing/money.h"
#include "billing/periods.h"

#include "base/banned.h"

const char *promo_verdict_name(enum promo_verdict v)
{
	switch (v) {
	case PROMO_OK: return "ok";
	case PROMO_NOT_YET_VALID: return "not_yet_valid";
	case PROMO_EXPIRED: return "expired";
	case PROMO_EXHAUSTED: return "exhausted";
	case PROMO_NOT_APPLICABLE: return "not_applicable";
	case PROMO_WRONG_CURRENCY: return "wrong_currency";
	case PROMO_EXISTING_SUBSCRIBER: return "existing_subscriber";
	}
	return "?";
}

enum promo_verdict billing_promo_check(const struct promo *p, int64_t offer_id, const char *currency,
				       bool existing_subscriber, int64_t now)
{
	if (now < p->starts_at)
		return PROMO_NOT_YET_VALID;
	if (now >= p->ends_at)
		return PROMO_EXPIRED;
	if (p->max_redemptions > 0 && p->redemptions >= p->max_redemptions)
		return PROMO_EXHAUSTED;
	bool listed = false;
	for (size_t i = 0; i < p->n_offer_ids && !listed; i++)
		listed = p->offer_ids[i] == offer_id;
	if (!listed)
		return PROMO_NOT_APPLICABLE;
	if (p->kind == PROMO_FIXED && !money_same_currency(p->currency, currency))
		return PROMO_WRONG_CURRENCY;
	if (p->new_subscribers_only && existing_subscriber)
		return PROMO_EXISTING_SUBSCRIBER;
	return PROMO_OK;
}

int64_t billing_promo_price(const struct promo *p, int64_t price, int period)
{
	assert(price >= 0 && period >= 0 && p->periods >= 1);
	if (period >= p->periods)
		return price;
	int64_t off = 0;
	if (p->kind == PROMO_PERCENT) {
		assert(p->percent_bp >= 0 && p->percent_bp <= 10000);
		off = money_share_bp(price, p->percent_bp);
	} else {
		assert(p->amount_off >= 0);
		off = p->amount_off;
	}
	return off >= price ? 0 : price - off;
}

bool billing_referral_can_earn(int earned)
{
	return earned < REFERRAL_MAX_VOUCHERS;
}

bool billing_referral_earn(int earned, int64_t referral_voucher, const char *currency, int64_t now,
			   struct voucher *v)
{
	assert(referral_voucher >= 0 && money_currency_valid(currency));
	if (!billing_referral_can_earn(earned))
		return false;
	v->earned_at = now;
	v->amount = referral_voucher;
	v->remaining = referral_voucher;
	memcpy(v->currency, currency, 4);
	return true;
}

void billing_voucher_apply(GTimeZone *tz, int64_t amount, const char *currency, int64_t invoice_at,
			   struct voucher *vouchers, size_t n, struct voucher_use *out)
{
	assert(amount >= 0);
	out->index = -1;
	out->deduction = 0;
	out->due = amount;
	if (amount == 0)
		return; /* nothing to deduct from: keep the voucher whole */
	for (size_t i = 0; i < n; i++) {
		const struct voucher *v = &vouchers[i];
		/* REF-2: from the invoice of the month following the
		 * sponsorship, not earlier. */
		if (v->remaining <= 0 || !money_same_currency(v->currency, currency) ||
		    !billing_later_month(tz, v->earned_at, invoice_at))
			continue;
		if (out->index < 0 || v->earned_at < vouchers[out->index].earned_at)
			out->index = (int)i;
	}
	if (out->index < 0)
		return;
	/* REF-2: one voucher per invoice, never below zero. */
	struct voucher *v = &vouchers[out->index];
	out->deduction = v->remaining < amount ? v->remaining : amount;
	v->remaining -= out->deduction;
	out->due = amount - out->deduction;
}
