/* billfix: the subscriber's payment method update (issue 4 §5): a
 * zero-amount card verification on the provider's hosted page stores a new
 * method, which then replaces the subscription's for the next renewals.
 * Results are allocated from c->a. */
#ifndef CAMPUS_BILLING_METHOD_H
#define CAMPUS_BILLING_METHOD_H

#include <glib.h>

#include "billing/provider.h"
#include "ops/ctx.h"
#include "store/store_billing.h"

/* Starts a card verification (payment kind "method", amount 0) for the
 * actor's live subscription; *redirect_url (arena) is the hosted page.
 * ST_NOTFOUND without a subscription, ST_CONFLICT when it has ended.
 * Outside any transaction. */
enum status billing_method_update(struct ctx *c, const char **redirect_url, GString *err);

/* Applies the provider's final answer to a "method" payment p (inside the
 * caller's transaction): authorised, p becomes VERIFIED and the stored
 * method id, kind and summary replace the subscription's (audited);
 * refused, p becomes REFUSED and the old method is kept. No charge, no
 * transaction line, no dunning. */
enum status bl_method_outcome(struct ctx *c, struct bl_payment *p, const struct pay_response *r,
			      GString *err);

#endif
