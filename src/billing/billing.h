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

/* --- Checkout (PAY-2, ACC-1, ACC-3, ACC-5, PROMO-1, REF-1) ------------------ */

#include "store/store_billing.h"

struct checkout_form {
	const char *offer; /* offer code: "monthly", "annual" */
	const char *promo_code; /* may be NULL or "" */
	const char *invitation; /* REF-1: a sponsor's invitation code, may be NULL */
};

/* Starts an order for c->actor: the offer at today's price in the
 * currency of the subscriber's country (PAY-1), the promotion checked
 * (PROMO-1: a refused code says why in err, ST_INVALID), the invitation's
 * free month (REF-1), and the PAY-2 review snapshot. ST_CONFLICT when the
 * actor already has a live subscription. */
enum status billing_checkout_start(struct ctx *c, const struct checkout_form *f, struct bl_order *out,
				   GString *err);
/* The actor's order (ST_NOTFOUND for someone else's). */
enum status billing_checkout_get(struct ctx *c, const char *public_id, struct bl_order *out, GString *err);

struct checkout_confirm {
	bool accept_terms; /* ACC-1: explicit */
	int terms_version; /* the version shown */
	const char *guardian_email; /* ACC-3: needed from a minor */
};
/* Confirms the reviewed order: records the terms acceptance (ACC-1); a
 * minor's order waits for the guardian's consent (ACC-3: *state
 * "awaiting_guardian", an email with a single-use link); otherwise the
 * payment row is committed, the provider called, and *redirect_url (arena)
 * is where the shopper pays (hosted page), "" when the answer came at once
 * (*state "paid" or "open" after a refusal, with err). Outside any
 * transaction. */
enum status billing_checkout_confirm(struct ctx *c, const char *public_id, const struct checkout_confirm *f,
				     const char **state, const char **redirect_url, GString *err);
/* ACC-3: the guardian's single-use link: the order may now be confirmed. */
enum status billing_guardian_consent(struct ctx *c, const char *token, GString *err);

/* --- The subscriber's subscription ---------------------------------------- */

/* The offer's name in lang ("en", "fr"). */
const char *billing_offer_name(const struct bl_offer *o, const char *lang);
/* Everything owed on s now (PAY-4..6): unpaid principal plus fees. */
enum status billing_owed(struct ctx *c, const struct bl_sub *s, int64_t *owed, GString *err);

/* The actor's latest subscription (ST_NOTFOUND when none). */
enum status billing_subscription_get(struct ctx *c, int64_t user_id, struct bl_sub *out, GString *err);
/* SOLO-3: cancel at term, and undo. */
enum status billing_cancel(struct ctx *c, GString *err);
enum status billing_undo_cancel(struct ctx *c, GString *err);
/* SOLO-6: withdrawal; refused (ST_CONFLICT, err cites art. 6.1) after the
 * first use of Premium services or 14 days; else withdrawn and refunded
 * in full (credit note). Outside any transaction. */
enum status billing_withdraw(struct ctx *c, GString *err);
/* PAY-5: the subscriber pays everything owed now on the hosted page (a new
 * payment method, stored for renewals); the authorisation lifts a
 * suspension at once. *redirect_url: the hosted page. ST_CONFLICT when
 * nothing is owed. Outside any transaction. */
enum status billing_pay_owed(struct ctx *c, const char **redirect_url, GString *err);
/* SOLO-5 (staff): terminated at once with the recorded reason. */
enum status billing_terminate(struct ctx *c, int64_t sub_id, const char *reason, GString *err);
/* Staff: refunds the subscription's latest authorised payment in full
 * (credit note); reason recorded. Outside any transaction. */
enum status billing_staff_refund(struct ctx *c, int64_t sub_id, const char *reason, GString *err);
/* REF-1: the user's personal invitation code (created on first ask). */
enum status billing_invitation(struct ctx *c, int64_t user_id, char **code, GString *err);

/* --- Admin (SOLO-1, PAY-1, PROMO-1) ----------------------------------------- */

/* A new price for offer_code in currency from c->now: new orders at once;
 * existing subscribers at their first period starting after
 * price_change_notice_days, and they are emailed (*noticed: how many). */
enum status billing_price_set(struct ctx *c, const char *offer_code, const char *currency, int64_t amount,
			      int64_t *noticed, GString *err);
enum status billing_offer_update(struct ctx *c, const char *offer_code, const char *name_en,
				 const char *name_fr, bool active, GString *err);
/* PROMO-1: a new promo code; ST_INVALID names the bad field. */
enum status billing_promo_create(struct ctx *c, struct bl_promo *p, GString *err);

/* --- Jobs -------------------------------------------------------------------- */

struct billing_run_stats {
	int subscriptions; /* looked at */
	int renewals, ended, charges_ok, charges_failed, notices, suspensions, terminations, reminders, fees,
		expired_orders, errors;
};
/* Everything due at c->now, each item in its own transaction (outside any
 * transaction). progress (may be NULL) is called after each subscription
 * with the number done so far. */
enum status billing_run(struct ctx *c, struct billing_run_stats *stats, void (*progress)(void *, int),
			void *progress_data, GString *err);

#endif
