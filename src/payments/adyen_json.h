/* Adyen Checkout API v71 wire format, both ways: what the adapter
 * (payments/adyen.c) sends and reads, and what the simulator
 * (payments/simulator.c) reads and answers, so that the two are tested
 * against each other. Also the standard notification (webhook) JSON.
 * Pure: jansson only, no I/O, no clock.
 *
 * Wire facts used (Checkout API v71):
 *  - POST /v71/payments: amount {value (minor units), currency}, reference,
 *    merchantAccount, shopperReference, shopperEmail, shopperLocale,
 *    countryCode, returnUrl, storePaymentMethod, recurringProcessingModel
 *    ("Subscription"), shopperInteraction ("Ecommerce" for the first
 *    payment, "ContAuth" for a renewal with paymentMethod {type: "scheme",
 *    storedPaymentMethodId}).
 *  - The answer: pspReference, resultCode, refusalReason, action {type,
 *    url, method}, paymentMethod {type, brand}, additionalData
 *    ("tokenization.storedPaymentMethodId", older
 *    "recurring.recurringDetailReference", "cardSummary" last four).
 *  - POST /v71/payments/{pspReference}/refunds: merchantAccount, amount,
 *    reference; answer 201 {pspReference, paymentPspReference, status:
 *    "received"}.
 *  - Notifications: {"live": "false", "notificationItems": [
 *    {"NotificationRequestItem": {...}}]}, success as the strings "true" /
 *    "false", eventDate in ISO 8601, additionalData.hmacSignature. */
#ifndef CAMPUS_PAYMENTS_ADYEN_JSON_H
#define CAMPUS_PAYMENTS_ADYEN_JSON_H

#include <glib.h>
#include <jansson.h>
#include <stdbool.h>

#include "base/arena.h"
#include "billing/provider.h"

/* resultCode -> pay_result: Authorised -> AUTHORISED; Refused -> REFUSED;
 * RedirectShopper, IdentifyShopper, ChallengeShopper, PresentToShopper,
 * Pending, Received -> PENDING; Error, Cancelled and anything unknown ->
 * ERROR (Cancelled: the shopper gave up; never retried as is). */
enum pay_result adyen_result_of(const char *result_code);

/* The /payments body for req (first payment or renewal). The caller
 * frees the string with free(). NULL when a required field is missing. */
char *adyen_payment_request_json(const struct pay_request *req, const char *merchant_account);
/* The /refunds body. Caller frees with free(). */
char *adyen_refund_request_json(const char *reference, int64_t amount, const char *currency,
				const char *merchant_account);

/* Reads a /payments answer (HTTP 200) into *out. ST_INVALID, err set,
 * when it is not a JSON object with a resultCode. */
enum status adyen_payment_response_parse(const char *json, size_t len, struct pay_response *out,
					 GString *err);
/* Reads a /refunds answer (HTTP 201): PAY_PENDING with the refund's
 * pspReference, the outcome comes as a REFUND notification. */
enum status adyen_refund_response_parse(const char *json, size_t len, struct pay_response *out, GString *err);
/* An Adyen error body ({status, errorCode, message, errorType}) as one line
 * appended to err; the raw text (cut) when it is not one. */
void adyen_error_describe(const char *json, size_t len, GString *err);

/* The simulator's side. A /payments body read into *req (strings in the
 * arena); *merchant and *store_method as sent. ST_INVALID with err naming
 * the field. */
enum status adyen_payment_request_parse(struct arena *a, json_t *body, struct pay_request *req,
					const char **merchant, bool *store_method, GString *err);
/* The /payments answer for r (reference and amount echoed). New reference. */
json_t *adyen_payment_response_json(const struct pay_response *r, const char *result_code,
				    const char *reference, int64_t amount, const char *currency);

/* One verified item of a notification. */
struct adyen_notification {
	struct pay_event ev;
	const char *merchant_account;
	char *raw; /* the item as received, re-serialised compactly */
};

/* Parses a notification body and verifies every item's HMAC under hex_key
 * in constant time. ST_UNAUTHORIZED (err says which item) when any item's
 * signature is missing or wrong: the whole batch is refused, nothing of it
 * may be stored. ST_INVALID when the body is not a notification.
 * Items are allocated in the arena. */
enum status adyen_notification_parse(struct arena *a, const char *body, size_t len, const char *hex_key,
				     struct adyen_notification **items, int *n, GString *err);
/* The card summary ("Visa •••• 1111", "PayPal", "" when none) of one
 * stored NotificationRequestItem (its raw JSON text) into out[size]. */
void adyen_item_card_summary(const char *item_json, char *out, size_t size);
/* A one-item notification body for ev, signed under hex_key (the
 * simulator's deliveries). Caller frees with free(). NULL on a bad key. */
char *adyen_notification_json(const struct pay_event *ev, const char *merchant_account, const char *hex_key);

/* ISO 8601 for a notification's eventDate ("2026-11-26T12:00:00+00:00"),
 * and back (false when unreadable). */
void adyen_format_date(int64_t unix_seconds, char out[32]);
bool adyen_parse_date(const char *s, int64_t *unix_seconds);

#endif
