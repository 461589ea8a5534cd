/* billfix: PAY-2 ("Nothing is charged beyond the confirmed price without a
 * new explicit consent"): the subscribers of an offer are told of a new
 * price, and of the date it applies to them, when it is scheduled. */
#ifndef CAMPUS_BILLING_NOTICE_H
#define CAMPUS_BILLING_NOTICE_H

#include <glib.h>
#include <stdint.h>

#include "ops/ctx.h"
#include "store/store_billing.h"

/* The start of the first period of s that pays s->price_next: the first
 * period boundary at or after s->price_next_from. Pure. */
int64_t billing_price_applies_at(GTimeZone *tz, const struct bl_sub *s);

/* Emails (outbox, each subscriber's language) every live subscriber of
 * offer_id in currency just given notice of amount from `from` (see
 * store_bl_sub_price_notice): the old and new price and the date of the
 * first payment at the new price. Inside the caller's transaction. */
enum status billing_price_notify(struct ctx *c, int64_t offer_id, const char *currency, int64_t amount,
				 int64_t from, GString *err);

#endif
