/* Verification of Adyen "standard notification" webhooks (the
 * NotificationRequestItem objects of a notification batch) by their HMAC
 * signature, as Adyen specifies it ("Verify HMAC signatures", standard
 * webhooks):
 *
 *   signing string = pspReference:originalReference:merchantAccountCode:
 *                    merchantReference:value:currency:eventCode:success
 *
 * the eight fields joined with ':' in that order, a missing field giving an
 * empty string, value being the amount in minor units (decimal) and success
 * "true" or "false". Nothing is escaped (a ':' inside a field stays as is).
 * The HMAC key is given as a hex string (Customer Area) and is decoded to
 * bytes; the signature is the standard (padded) Base64 of the HMAC-SHA256 of
 * the signing string under that key, and arrives in
 * additionalData.hmacSignature.
 *
 * Pure: no I/O, no clock. libsodium does the cryptography (none of the
 * functions used needs sodium_init, but the process calls it anyway through
 * secrets_init). Strings returned are owned by the arena given. */
#ifndef CAMPUS_BILLING_ADYEN_HMAC_H
#define CAMPUS_BILLING_ADYEN_HMAC_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"

/* The fields of one NotificationRequestItem that the signature covers, plus
 * the signature received. A NULL string stands for a missing field (it signs
 * as the empty string). The struct does not own its strings. */
struct adyen_item {
	const char *psp_reference; /* pspReference */
	const char *original_reference; /* originalReference (modifications only) */
	const char *merchant_account; /* merchantAccountCode */
	const char *merchant_reference; /* merchantReference */
	const char *currency; /* amount.currency ("EUR") */
	const char *event_code; /* eventCode ("AUTHORISATION") */
	int64_t value; /* amount.value, minor units */
	bool success; /* success ("true"/"false" on the wire) */
	const char *hmac_signature; /* additionalData.hmacSignature (Base64) */
};

/* The string that Adyen signs for it (see above); never NULL. */
char *adyen_signing_string(struct arena *a, const struct adyen_item *it);

/* Base64 (standard alphabet, padded: 44 characters) of the HMAC-SHA256 of
 * data under the key given in hex (either case, an even number of digits,
 * at least two). NULL when hex_key or data is NULL or the key is not valid
 * hex. The building block of adyen_sign, exposed for Adyen's own vectors. */
char *adyen_hmac_base64(struct arena *a, const char *hex_key, const char *data);

/* The signature Adyen would put in additionalData.hmacSignature for it under
 * hex_key: adyen_hmac_base64 of adyen_signing_string. NULL when the key is
 * not valid hex (or NULL). it->hmac_signature is ignored. */
char *adyen_sign(struct arena *a, const char *hex_key, const struct adyen_item *it);

/* true only when it->hmac_signature is exactly the signature of it under
 * hex_key, compared in constant time (sodium_memcmp; only the length of the
 * received signature can leak). false on any malformed input: NULL item or
 * key, key not valid hex, signature missing, empty or of the wrong length. */
bool adyen_verify(const char *hex_key, const struct adyen_item *it);

/* Reads one NotificationRequestItem JSON object (the value of a
 * notificationItems[i].NotificationRequestItem member) into *out, its
 * strings copied into the arena. Required: pspReference, merchantAccountCode
 * and eventCode (non-empty strings), merchantReference (a string, may be
 * empty), amount (an object with an integer value and an ISO 4217 currency
 * code, "EUR") and success (the STRING "true" or "false", as Adyen sends
 * it). Optional: originalReference (a string, may be
 * null) and additionalData.hmacSignature (a string; NULL in *out when
 * absent, so adyen_verify refuses the item). Other members are ignored.
 * Strings containing \u0000 are refused (invalid JSON). On failure returns
 * ST_INVALID, sets err (when non-NULL) to a message naming the field, and
 * zeroes *out. */
enum status adyen_item_from_json(struct arena *a, const char *json, struct adyen_item *out, GString *err);

#endif
