/* Promotions and referral (PROMO-1, REF-1, REF-2): promo codes checked at
 * registration and the promotional price of each period; referral vouchers
 * earned by sponsors and deducted from later invoices. Pure: no I/O, no
 * clock, no allocation; arrays are caller-owned.
 *
 * On one invoice the promotion comes first, then the voucher: the voucher
 * is deducted from the promotional price (billing_voucher_apply takes the
 * amount billing_promo_price gave). */
#ifndef CAMPUS_BILLING_PROMO_H
#define CAMPUS_BILLING_PROMO_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- PROMO-1: promo codes ---------------------------------------------- */

enum promo_kind {
	PROMO_PERCENT = 0, /* percent_bp of the price off */
	PROMO_FIXED, /* amount_off (in currency) off */
};

struct promo {
	int64_t starts_at, ends_at; /* validity window [starts_at, ends_at) */
	const int64_t *offer_ids; /* offers it applies to (caller-owned) */
	size_t n_offer_ids; /* at least one: a code names its offers */
	enum promo_kind kind;
	int percent_bp; /* PROMO_PERCENT: 2500 = 25 %, in [0, 10000] */
	int64_t amount_off; /* PROMO_FIXED: minor units, >= 0 */
	char currency[4]; /* PROMO_FIXED: currency of amount_off */
	int periods; /* billing periods it lasts, >= 1 */
	int max_redemptions; /* 0: no limit */
	int redemptions; /* redemptions so far */
	bool new_subscribers_only;
};

enum promo_verdict {
	PROMO_OK = 0,
	PROMO_NOT_YET_VALID, /* now < starts_at */
	PROMO_EXPIRED, /* now >= ends_at */
	PROMO_EXHAUSTED, /* max_redemptions reached */
	PROMO_NOT_APPLICABLE, /* not for this offer */
	PROMO_WRONG_CURRENCY, /* fixed discount in another currency than the price */
	PROMO_EXISTING_SUBSCRIBER, /* new subscribers only */
};

/* Stable names ("ok", "not_yet_valid", "expired", "exhausted",
 * "not_applicable", "wrong_currency", "existing_subscriber") for the web
 * layer to pick its translated message. */
const char *promo_verdict_name(enum promo_verdict v);

/* PROMO-1 [art. 4]: may a registration at now for offer_id, priced in
 * currency, use promo p? existing_subscriber: the person has or had a
 * subscription. The checks run in this order, and the first that fails is
 * the reason: window (not yet valid, expired), redemptions (exhausted),
 * offer (not applicable), currency of a fixed discount (wrong currency),
 * new subscribers only (existing subscriber). Only the registration is
 * checked against the window: once registered, the promotional price holds
 * for its periods even after the window closes. */
enum promo_verdict billing_promo_check(const struct promo *p, int64_t offer_id, const char *currency,
				       bool existing_subscriber, int64_t now);

/* PROMO-1: the price of billing period `period` (0 for the first) of a
 * subscription registered with p: the discounted price during the first
 * p->periods periods, the full price after; never below 0. The percent
 * discount is rounded half-up to the cent (the price paid is the rest). */
int64_t billing_promo_price(const struct promo *p, int64_t price, int period);

/* --- REF-1, REF-2: referral vouchers --------------------------------------- */

enum {
	REFERRAL_MAX_VOUCHERS = 5, /* REF-2: per subscription, ever */
};

struct voucher {
	int64_t earned_at; /* the sponsorship */
	int64_t amount; /* referral_voucher when earned */
	int64_t remaining; /* not yet deducted (carries to later invoices) */
	char currency[4];
};

/* REF-2: may a subscription that has earned `earned` vouchers so far earn
 * another? (At most REFERRAL_MAX_VOUCHERS ever, used or not.) */
bool billing_referral_can_earn(int earned);

/* REF-2: the voucher a sponsorship at now earns: amount referral_voucher
 * (the configured figure) in currency, all of it remaining. false (and *v
 * untouched) when the subscription has already earned
 * REFERRAL_MAX_VOUCHERS. */
bool billing_referral_earn(int earned, int64_t referral_voucher, const char *currency, int64_t now,
			   struct voucher *v);

/* The result of billing_voucher_apply. */
struct voucher_use {
	int index; /* the voucher used, -1 for none */
	int64_t deduction; /* taken off the invoice, 0..invoice amount */
	int64_t due; /* the invoice amount after the deduction, >= 0 */
};

/* REF-2 [art. 4]: applies at most one voucher to an invoice of `amount`
 * (already promotional, >= 0) in `currency` dated invoice_at. A voucher is
 * usable from the invoices of the calendar month following its sponsorship
 * (platform time zone), never earlier; among the usable ones with something
 * remaining in the invoice's currency, the oldest (earliest earned_at, then
 * lowest index) is used, so a partly used voucher finishes before the next
 * starts. The deduction is min(remaining, amount): the invoice never goes
 * negative and the remainder carries to the next invoice. vouchers[] is
 * caller-owned; the used voucher's `remaining` is decreased in place.
 * Fills *out. */
void billing_voucher_apply(GTimeZone *tz, int64_t amount, const char *currency, int64_t invoice_at,
			   struct voucher *vouchers, size_t n, struct voucher_use *out);

#endif
