/* billweb: helpers shared by the billing pages (checkout, Premium tab,
 * admin, staff and finance pages): amounts and dates written the way the
 * reader's language writes them, and the billing use cases' English error
 * messages turned into the reader's language. Strings returned are owned
 * by the request arena. */
#ifndef CAMPUS_PAGE_PREMIUM_H
#define CAMPUS_PAGE_PREMIUM_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store_billing.h"
#include "web/app.h"

/* PAY-1: 1900 EUR is "€19.00" in English and "19,00 €" in French; 123400
 * is "€1,234.00" / "1 234,00 €" (no-break spaces). */
const char *bw_money(struct req *r, int64_t amount, const char *currency);
/* The local day of t in the platform time zone ("26 November 2026"). */
const char *bw_date(struct req *r, int64_t t);
/* A VAT rate in basis points: "20%" / "20 %", "5.5%" / "5,5 %". */
const char *bw_rate(struct req *r, int rate_bp);

/* The year asked (?year=2026, 2000 to 9999), else the current one, in the
 * platform time zone: *year, its first second *from and the next year's
 * first second *to; *current (when not NULL) is the current year. False,
 * with nothing set, when the query is not such a year. */
bool bw_year(struct req *r, int *year, int *current, int64_t *from, int64_t *to);

/* A billing use case's message ("promo_code: expired", "sign in first")
 * split into its field ("promo_code", or NULL when it names none) and its
 * translated sentence. */
const char *bw_message(struct req *r, const char *err, const char **field);

/* The subscription's state in plain words for its owner (SOLO-3..6, PAY-5). */
const char *bw_state_title(struct req *r, const struct bl_sub *s);
const char *bw_state_text(struct req *r, const struct bl_sub *s);

/* INV-2: a ledger entry's kind ("charge", "refund", "fee", "voucher"...)
 * and status in words. */
const char *bw_tx_kind(struct req *r, const char *kind);
const char *bw_tx_status(struct req *r, const char *status);

/* Every offer (*n of them) and every price (*np, ascending valid_from),
 * owned by the request arena. On a store failure answers the error and
 * returns false. */
bool bw_offers_prices(struct req *r, struct bl_offer **offers, int *n, struct bl_price **prices, int *np);

/* The offer of a subscription or order, or NULL. */
const struct bl_offer *bw_offer(struct req *r, int64_t offer_id);

/* A "role required" check for pages (the route checks it too): answers 403
 * and returns false when r->user has none of the roles. */
bool bw_require(struct req *r, int roles);

#endif
