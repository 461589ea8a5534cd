/* The billing use cases of Premium Solo (SOLO-1..6, PAY-1..6, INV-1..2,
 * PROMO-1, REF-1..2, ACC-1/3/5): offers and prices, checkout, payments
 * outcomes, subscriptions, invoices and credit notes, renewals and dunning.
 * The pure rules (billing/rules.h) decide; these functions load, apply and
 * store, each money change in one transaction with its audit record
 * (DATA-1) and its emails in the outbox.
 *
 * Payments: a payment row (reference, idempotency key) is written and
 * committed BEFORE the provider is called, so a crash between the charge
 * and its recording never charges twice: on restart a PENDING/UNKNOWN
 * payment is looked up (c->provider->lookup), never re-created.
 *
 * The payments capability (simulator, Adyen adapter, webhook intake,
 * reconciler in src/payments/) hands outcomes to billing through
 * billing_apply_event and billing_payment_outcome.
 *
 * Results are allocated from c->a. */
#ifndef CAMPUS_BILLING_H
#define CAMPUS_BILLING_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "billing/provider.h"
#include "ops/ctx.h"

/* --- What the payments capability calls ---------------------------------- */

/* Applies a verified provider notification (AUTHORISATION success or
 * failure, REFUND, CHARGEBACK, CANCELLATION; other codes are ignored with
 * ST_OK). Idempotent: a notification applied twice, or arriving after the
 * synchronous answer already settled the payment, changes nothing; one
 * about a reference campus does not know gives ST_NOTFOUND (the caller
 * records it and acknowledges anyway). Out-of-order events are safe: a
 * REFUND or CHARGEBACK before the AUTHORISATION it refers to gives
 * ST_CONFLICT so that the caller retries it later.
 *   AUTHORISATION ok  -> payment AUTHORISED; first payment: subscription
 *                        active, invoice, confirmation email (ACC-5);
 *                        renewal/retry: debt settled, suspension lifted.
 *   AUTHORISATION ko  -> payment REFUSED; first payment: order failed;
 *                        renewal: subscription past due, dunning (PAY-5).
 *   REFUND ok         -> payment REFUNDED, credit note (INV-1).
 *   CHARGEBACK        -> PAY-6: the amount is overdue again + chargeback_fee.
 * Runs INSIDE the caller's transaction (it neither begins nor commits), so
 * the caller can mark its stored notification processed atomically. */
enum status billing_apply_event(struct ctx *c, const struct pay_event *ev, GString *err);

/* Applies a synchronous answer of the provider (pay, or lookup by the
 * reconciler) to the payment `reference`: AUTHORISED and REFUSED as the
 * AUTHORISATION event above; PENDING and UNKNOWN only record the psp
 * reference and state (the notification or the reconciler settles it
 * later); ERROR is recorded as REFUSED. Idempotent like
 * billing_apply_event; runs inside the caller's transaction. */
enum status billing_payment_outcome(struct ctx *c, const char *reference, const struct pay_response *resp,
				    GString *err);

/* The reconciler's work list: references of payments still PENDING or
 * UNKNOWN that were created before `before` (c->now minus a grace delay),
 * oldest first, at most limit. *refs is an arena array of arena strings. */
enum status billing_payments_unresolved(struct ctx *c, int64_t before, int limit, char ***refs, int *n,
					GString *err);

/* --- Offers (SOLO-1, PAY-1) ---------------------------------------------- */

/* Creates the default offers (monthly 19.00 EUR, annual 190.00 EUR, with
 * CHF and GBP prices) unless offers exist; for `campus init`. Own
 * transaction. */
enum status billing_seed_offers(struct ctx *c, GString *err);

/* --- Use cases of the subscriber ----------------------------------------- */

/* SOLO-6: the first use of Premium services by user_id at c->now is
 * recorded on the live subscription (first sign-in after the order, or
 * first access to a Premium-only feature); later uses change nothing.
 * Runs inside the caller's transaction, if any. */
enum status billing_record_first_use(struct ctx *c, int64_t user_id, const char *feature, GString *err);

/* Premium Solo rights of user_id at c->now (ops/premium.c): *active when a
 * subscription is in an entitled state (billing_entitled), *until its
 * period end. */
enum status billing_premium_get(struct ctx *c, int64_t user_id, bool *active, int64_t *until, GString *err);

/* The scheduled job "billing.run" (ops/jobs.c job table): processes
 * everything due at c->now (renewals, retries, dunning, reminders, late
 * fees, order expiry), each due item in its own transaction, and
 * reschedules itself. Because a charge must be committed before the
 * provider is called, it commits the transaction the scheduler opened,
 * works in its own, and opens a new one before returning. */
enum status billing_job_run(struct ctx *c, const char *payload, GString *err);

#endif
