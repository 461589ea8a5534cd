/* billweb: admin use cases of billing that the pages need and billing.h
 * does not have yet (same conventions: one transaction, audit_record,
 * rules decide). Results are allocated from c->a. */
#ifndef CAMPUS_BILLING_ADMIN_H
#define CAMPUS_BILLING_ADMIN_H

#include <glib.h>
#include <stdint.h>

#include "ops/ctx.h"

/* SOLO-1, PAY-1, PAY-2: the subscribers' date of a price that takes effect
 * for new orders at effective_at: never before the notice has run
 * (now + notice_days), so that nothing is charged beyond a confirmed price
 * without notice. Pure. */
int64_t billing_price_subscribers_from(int64_t now, int64_t effective_at, int notice_days);

/* A new price for offer_code in currency from effective_at (>= c->now, at
 * most a year ahead): new orders pay it from effective_at; existing
 * subscribers from their first period starting at or after
 * billing_price_subscribers_from (*noticed: how many were given notice).
 * Administrators only (ST_FORBIDDEN). ST_INVALID names the bad field. */
enum status billing_price_schedule(struct ctx *c, const char *offer_code, const char *currency,
				   int64_t amount, int64_t effective_at, int64_t *noticed, GString *err);

#endif
