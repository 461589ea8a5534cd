/* The payment provider port (PAY-3): campus never sees a card number. A
 * first payment goes through a hosted payment page (the provider's, or the
 * built-in simulator's, served by campus itself); renewals charge the
 * stored payment method the provider returned (Adyen: ContAuth with a
 * storedPaymentMethodId, recurringProcessingModel=Subscription). Every call
 * carries an idempotency key, so that a retry after a timeout never charges
 * twice; a timeout gives PAY_UNKNOWN and the reconciler asks again later.
 *
 * Implementations: payments/simulator.c (the embedded default, speaking
 * Adyen's wire format) and payments/adyen.c (libcurl). Outcomes that arrive
 * later (3-D Secure, PayPal, refunds, chargebacks) come as notifications,
 * verified by HMAC (billing/adyen_hmac.c), stored, acknowledged, then
 * applied by the billing use cases. */
#ifndef CAMPUS_PROVIDER_H
#define CAMPUS_PROVIDER_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"

enum pay_result {
	PAY_AUTHORISED, /* money taken (Adyen resultCode Authorised) */
	PAY_REFUSED, /* declined, insufficient funds... (Refused) */
	PAY_PENDING, /* the shopper must act (redirect, 3-D Secure) or the outcome comes later */
	PAY_UNKNOWN, /* no answer (timeout, 5xx): ask again with the same idempotency key */
	PAY_ERROR, /* the request itself was wrong (4xx): never retried */
};

/* What campus asks for. Strings are borrowed for the call. */
struct pay_request {
	const char *reference; /* campus's unique payment reference ("pay-123") */
	const char *idempotency_key; /* stable across retries of the same payment */
	int64_t amount; /* minor units, tax included */
	const char *currency; /* ISO 4217 */
	const char *shopper_reference; /* stable per user ("user-42") */
	const char *shopper_email;
	const char *shopper_locale; /* "en" or "fr" */
	const char *country; /* ISO 3166-1 alpha-2, may be "" */
	const char *stored_method_id; /* renewal: charge it (ContAuth); NULL: first payment (Ecommerce) */
	const char *return_url; /* first payment: where the hosted page sends the shopper back */
	/* A zero-amount card verification (Adyen: amount.value 0 with
	 * storePaymentMethod, Ecommerce) that only stores a new method; amount
	 * must then be 0, and 0 is refused for every other payment. On the
	 * wire its reference starts with PAY_VERIFY_PREFIX. */
	bool verify_only;
};

/* The reference prefix of campus's card verifications (billing_method.c):
 * the simulator accepts amount 0 only for them. */
#define PAY_VERIFY_PREFIX "mth-"

/* What the provider answered. Fixed-size so that it needs no allocator. */
struct pay_response {
	enum pay_result result;
	char psp_reference[64]; /* the provider's id of the payment */
	char redirect_url[512]; /* PAY_PENDING with a shopper action: send the browser there */
	char refusal_reason[128]; /* PAY_REFUSED: the provider's reason ("Insufficient funds") */
	char stored_method_id[64]; /* a method stored for renewals, "" if none */
	char method[16]; /* "card", "paypal" */
	char card_summary[32]; /* e.g. "Visa •••• 1111": what campus may show */
};

/* A notification from the provider (Adyen standard notification item),
 * parsed and HMAC-verified by the payments code, applied by billing. */
struct pay_event {
	char event_code[32]; /* AUTHORISATION, REFUND, CHARGEBACK, CANCELLATION, ... */
	bool success;
	char psp_reference[64];
	char original_reference[64]; /* REFUND, CHARGEBACK: the payment's pspReference */
	char merchant_reference[64]; /* campus's reference */
	int64_t amount; /* minor units */
	char currency[4];
	char reason[128];
	char stored_method_id[64]; /* AUTHORISATION of a first payment: the method to keep */
	char method[16];
	int64_t event_date; /* unix seconds */
	char card_summary[32]; /* AUTHORISATION: "Visa •••• 1111", "PayPal" (shown to the subscriber) */
};

struct payment_provider {
	const char *name; /* "simulator", "adyen" */
	/* A first payment (hosted page) or a renewal (stored method). */
	enum status (*pay)(struct payment_provider *p, const struct pay_request *req,
			   struct pay_response *out, GString *err);
	/* Refunds part or all of a captured payment; the outcome may come as a
	 * notification (PAY_PENDING). */
	enum status (*refund)(struct payment_provider *p, const char *psp_reference, const char *reference,
			      const char *idempotency_key, int64_t amount, const char *currency,
			      struct pay_response *out, GString *err);
	/* The reconciler: what became of a payment left PAY_UNKNOWN. */
	enum status (*lookup)(struct payment_provider *p, const char *reference, struct pay_response *out,
			      GString *err);
	void (*free)(struct payment_provider *p);
	/* Optional (NULL: none). The billing run asks for a batch of renewals
	 * at once: batch_begin, then pay() for each, then batch_end. A provider
	 * that keeps its own records (the simulator) may keep them in one
	 * transaction over the batch, made durable by batch_end(commit=true);
	 * when that fails (or commit is false) none of the batch's payments
	 * took place, and the caller must not record their answers. */
	enum status (*batch_begin)(struct payment_provider *p, GString *err);
	enum status (*batch_end)(struct payment_provider *p, bool commit, GString *err);
	void *impl;
};

#endif
