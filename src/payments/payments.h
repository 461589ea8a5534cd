/* The payments capability: the payment provider port's two
 * implementations (payments/simulator.c, payments/adyen.c), provider
 * notifications (store, acknowledge, then apply in order), and the
 * simulator's own use cases behind its hosted page and test hooks.
 *
 * Provider calls are made OUTSIDE any database transaction of the caller:
 * a payment is recorded (PENDING/UNKNOWN) and committed first, then the
 * provider is called, then the outcome is recorded. The in-process
 * simulator takes its own connection, which SQLite would block behind a
 * caller's open write transaction.
 *
 * Outcomes: pay/refund/lookup return ST_OK whenever out->result is the
 * provider's answer (AUTHORISED, REFUSED, PENDING, ERROR, or UNKNOWN after a
 * timeout, a network failure or a 5xx: ask again later with the same
 * idempotency key). ST_INVALID (result PAY_ERROR) when the request itself
 * was incomplete; lookup gives ST_NOTFOUND for a reference the provider
 * does not know. err explains every result but AUTHORISED. */
#ifndef CAMPUS_PAYMENTS_H
#define CAMPUS_PAYMENTS_H

#include <glib.h>
#include <stdbool.h>

#include "base/clock.h"
#include "base/config.h"
#include "billing/provider.h"
#include "ops/ctx.h"

/* The provider named by cfg->payment_provider ("simulator": in-process,
 * with its own connection pool to cfg->db_url; "adyen": libcurl against
 * cfg->adyen_base_url). clock gives the simulator its now (the test clock
 * included). NULL with err on failure. Free with p->free(p). cfg and clock
 * must outlive it. */
struct payment_provider *payment_provider_new(const struct config *cfg, struct clock *clock, GString *err);

/* The Adyen adapter alone (payments/adyen.c), whatever cfg->payment_provider
 * says: the CLI's `campus payment` uses it to reach a given base URL. */
struct payment_provider *adyen_provider_new(const struct config *cfg, GString *err);

/* What payments needs from billing (billing/billing.h), registered once at
 * start-up by the programs that link billing:
 *   apply_event = billing_apply_event: applies a verified notification.
 *     ST_OK applied (idempotently); ST_NOTFOUND the merchant reference is
 *     not one of campus's payments (the item is flagged unknown_reference,
 *     never retried); ST_CONFLICT it cannot apply yet (a REFUND of a payment
 *     not yet authorised): retried later; anything else: retried with
 *     back-off. Runs inside the job's transaction.
 *   payment_outcome = billing_payment_outcome: a provider's answer for a
 *     payment reference (the reconciler's lookups).
 *   unresolved = billing_payments_unresolved: PENDING/UNKNOWN payments
 *     created before a time, oldest first.
 * Until registered, notifications stay pending (nothing is lost) and the
 * reconciler does nothing. */
struct payments_billing {
	enum status (*apply_event)(struct ctx *c, const struct pay_event *ev, GString *err);
	enum status (*payment_outcome)(struct ctx *c, const char *reference, const struct pay_response *resp,
				       GString *err);
	enum status (*unresolved)(struct ctx *c, int64_t before, int limit, char ***refs, int *n,
				  GString *err);
};
/* Copies *b (NULL: unregisters). Call before jobs run. */
void payments_set_billing(const struct payments_billing *b);

/* POST /webhooks/adyen and the simulator's own deliveries: parses body,
 * verifies each item's HMAC under cfg->adyen_hmac_key and, only when all
 * are valid, stores each (a repeated item is counted in *duplicates and
 * changes nothing) and schedules payments.notifications. ST_UNAUTHORIZED:
 * a signature is missing or wrong, nothing stored; ST_INVALID: not a
 * notification. Runs in the caller's transaction. */
enum status payments_webhook_receive(struct ctx *c, const char *body, size_t len, int *stored,
				     int *duplicates, GString *err);

/* Jobs (registered in ops/jobs.c). */
/* payments.notifications: applies due stored items in order of event
 * date through the sink; reschedules itself while items wait. */
enum status payments_notifications_job(struct ctx *c, const char *payload, GString *err);
/* payments.reconcile: payments left PENDING/UNKNOWN longer than
 * cfg->reconcile_after_minutes are looked up at the provider
 * (c->provider->lookup, outside any transaction) and the answer handed to
 * billing; UNKNOWN answers and references the provider does not know
 * (Adyen itself offers no lookup) are left for the next run or the
 * notification. Reschedules itself every 5 minutes. */
enum status payments_reconcile_job(struct ctx *c, const char *payload, GString *err);
/* Queues the first payments.reconcile (idempotent). */
enum status payments_seed_jobs(struct db *db, int64_t now, GString *err);
/* sim.notify: the simulator's asynchronous notification (payload: the
 * signed body), delivered to payments_webhook_receive. */
enum status payments_sim_notify_job(struct ctx *c, const char *payload, GString *err);
/* sim.notify.batch: the notifications of a billing run's batch of charges
 * (payload: psp references, one a line), signed at delivery. */
enum status payments_sim_notify_batch_job(struct ctx *c, const char *payload, GString *err);

/* The simulator's use cases (payments/simulator.c), over c->db in the
 * caller's transaction; the web pages and its wire-format API use them. */
struct sim_payment;
/* A /payments call as the provider sees it. ST_CONFLICT: the idempotency
 * key was used with another request. */
enum status sim_pay(struct ctx *c, const struct pay_request *req, const char *merchant_account,
		    bool store_method, struct pay_response *out, const char **result_code, GString *err);
enum status sim_refund(struct ctx *c, const char *psp_reference, const char *reference,
		       const char *idempotency_key, int64_t amount, const char *currency,
		       const char *merchant_account, struct pay_response *out, GString *err);
enum status sim_lookup(struct ctx *c, const char *reference, struct pay_response *out,
		       const char **result_code, GString *err);
/* The hosted page: the payment waiting behind a session token. */
enum status sim_session(struct ctx *c, const char *session, struct sim_payment **out, GString *err);
/* The shopper's card (never stored: only brand and last four digits).
 * On ST_OK *next is where the browser goes: the return URL, or the 3-D
 * Secure challenge page. ST_INVALID: a field is wrong (err, *field). */
enum status sim_pay_card(struct ctx *c, const char *session, const char *number, const char *expiry,
			 const char *cvc, const char **next, const char **field, GString *err);
/* 3-D Secure challenge answered (complete = true) or failed. */
enum status sim_challenge_done(struct ctx *c, const char *session, bool complete, const char **next,
			       GString *err);
/* PayPal approved or cancelled. */
enum status sim_paypal_done(struct ctx *c, const char *session, bool approve, const char **next,
			    GString *err);
/* Test hooks (admin). A stored method refuses every charge from now on. */
enum status sim_method_decline(struct ctx *c, const char *stored_method_id, GString *err);
/* Sends a notification about a payment the simulator knows: CHARGEBACK,
 * REFUND, CANCELLATION... (amount 0: the payment's). */
enum status sim_send_event(struct ctx *c, const char *psp_reference, const char *event_code, bool success,
			   int64_t amount, const char *reason, GString *err);

#endif
