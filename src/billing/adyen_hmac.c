/* Adyen standard-notification HMAC signatures: the signing string, the
 * signature (HMAC-SHA256 under a hex key, Base64) and its constant-time
 * verification, and the reading of one NotificationRequestItem (jansson).
 * See adyen_hmac.h for the rules. */
#include "billing/adyen_hmac.h"

#include <inttypes.h>
#include <stdarg.h>
#include <jansson.h>
#include <sodium.h>
#include <string.h>

#include "billing/money.h"

#include "base/banned.h"

enum {
	N_FIELDS = 8, /* fields in the signing string */
	VALUE_CHARS = 24, /* room for any int64_t in decimal, with the NUL */
	/* Base64 of a HMAC-SHA256 (44 characters) and its NUL. */
	SIG_LEN = sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES, sodium_base64_VARIANT_ORIGINAL),
};

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The eight signed fields of it, in Adyen's order; value is the buffer that
 * receives the amount in decimal. */
static void item_fields(const struct adyen_item *it, char value[VALUE_CHARS], const char *f[N_FIELDS])
{
	g_snprintf(value, VALUE_CHARS, "%" PRId64, it->value);
	f[0] = or_empty(it->psp_reference);
	f[1] = or_empty(it->original_reference);
	f[2] = or_empty(it->merchant_account);
	f[3] = or_empty(it->merchant_reference);
	f[4] = value;
	f[5] = or_empty(it->currency);
	f[6] = or_empty(it->event_code);
	f[7] = it->success ? "true" : "false";
}

char *adyen_signing_string(struct arena *a, const struct adyen_item *it)
{
	char value[VALUE_CHARS];
	const char *f[N_FIELDS];
	item_fields(it, value, f);
	return arena_printf(a, "%s:%s:%s:%s:%s:%s:%s:%s", f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
}

/* The key bytes of a hex key (an even number >= 2 of hex digits, either
 * case) in a g_malloc'd buffer of *len bytes, or NULL when it is not hex. */
static unsigned char *decode_key(const char *hex, size_t *len)
{
	if (!hex)
		return NULL;
	size_t n = strlen(hex);
	if (n == 0 || n % 2 != 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isxdigit(hex[i]))
			return NULL;
	unsigned char *key = g_malloc(n / 2);
	size_t got = 0;
	if (sodium_hex2bin(key, n / 2, hex, n, NULL, &got, NULL) != 0 || got != n / 2) {
		sodium_memzero(key, n / 2);
		g_free(key);
		return NULL;
	}
	*len = got;
	return key;
}

/* Base64 into sig (SIG_LEN bytes) of the HMAC-SHA256 under hex_key of the n
 * parts joined with sep (when sep is not NUL). false when the key is bad. */
static bool mac_base64(const char *hex_key, const char *const *parts, size_t n, char sep, char sig[SIG_LEN])
{
	size_t keylen = 0;
	unsigned char *key = decode_key(hex_key, &keylen);
	if (!key)
		return false;
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, key, keylen);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && sep)
			crypto_auth_hmacsha256_update(&st, (const unsigned char *)&sep, 1);
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)parts[i], strlen(parts[i]));
	}
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(sig, SIG_LEN, mac, sizeof(mac), sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(&st, sizeof(st));
	sodium_memzero(mac, sizeof(mac));
	sodium_memzero(key, keylen);
	g_free(key);
	return true;
}

char *adyen_hmac_base64(struct arena *a, const char *hex_key, const char *data)
{
	char sig[SIG_LEN];
	if (!data || !mac_base64(hex_key, &data, 1, '\0', sig))
		return NULL;
	return arena_strdup(a, sig);
}

/* The signature of it under hex_key into sig; false when the key is bad. */
static bool item_sig(const char *hex_key, const struct adyen_item *it, char sig[SIG_LEN])
{
	char value[VALUE_CHARS];
	const char *f[N_FIELDS];
	item_fields(it, value, f);
	return mac_base64(hex_key, f, N_FIELDS, ':', sig);
}

char *adyen_sign(struct arena *a, const char *hex_key, const struct adyen_item *it)
{
	char sig[SIG_LEN];
	if (!it || !item_sig(hex_key, it, sig))
		return NULL;
	return arena_strdup(a, sig);
}

bool adyen_verify(const char *hex_key, const struct adyen_item *it)
{
	char sig[SIG_LEN];
	if (!it || !it->hmac_signature || !item_sig(hex_key, it, sig))
		return false;
	/* Only the length of the received signature is compared in the clear. */
	if (strlen(it->hmac_signature) != SIG_LEN - 1)
		return false;
	return sodium_memcmp(sig, it->hmac_signature, SIG_LEN - 1) == 0;
}

/* JSON */

/* Sets err (when given) to "NotificationRequestItem: <why>" and returns
 * ST_INVALID. */
__attribute__((format(printf, 2, 3))) static enum status refuse(GString *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		g_string_assign(err, "NotificationRequestItem: ");
		g_string_append_vprintf(err, fmt, ap);
		va_end(ap);
	}
	return ST_INVALID;
}

/* Copies the string member name of o (path names it in messages) into *out.
 * A missing member (or null) is an error when required and leaves *out NULL
 * otherwise; a non-string, or an empty string when non_empty, is an
 * error. */
static enum status take_string(struct arena *a, json_t *o, const char *name, const char *path, bool required,
			       bool non_empty, const char **out, GString *err)
{
	json_t *v = json_object_get(o, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return required ? refuse(err, "%s is missing", path) : ST_OK;
	if (!json_is_string(v))
		return refuse(err, "%s must be a string", path);
	/* No NUL inside: json_loads refuses \u0000 without JSON_ALLOW_NUL. */
	const char *s = json_string_value(v);
	if (non_empty && !*s)
		return refuse(err, "%s is empty", path);
	*out = arena_strdup(a, s);
	return ST_OK;
}

static enum status take_amount(struct arena *a, json_t *o, struct adyen_item *out, GString *err)
{
	json_t *amount = json_object_get(o, "amount");
	if (!amount || json_is_null(amount))
		return refuse(err, "amount is missing");
	if (!json_is_object(amount))
		return refuse(err, "amount must be an object");
	json_t *v = json_object_get(amount, "value");
	if (!v || json_is_null(v))
		return refuse(err, "amount.value is missing");
	if (!json_is_integer(v))
		return refuse(err, "amount.value must be an integer (minor units)");
	out->value = (int64_t)json_integer_value(v);
	enum status st =
		take_string(a, amount, "currency", "amount.currency", true, true, &out->currency, err);
	if (st != ST_OK)
		return st;
	if (!money_currency_valid(out->currency))
		return refuse(err, "amount.currency must be an ISO 4217 code (three upper-case letters)");
	return ST_OK;
}

static enum status take_success(json_t *o, bool *out, GString *err)
{
	json_t *v = json_object_get(o, "success");
	if (!v || json_is_null(v))
		return refuse(err, "success is missing");
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	if (s && strcmp(s, "true") == 0)
		*out = true;
	else if (s && strcmp(s, "false") == 0)
		*out = false;
	else
		return refuse(err, "success must be the string \"true\" or \"false\"");
	return ST_OK;
}

static enum status take_signature(struct arena *a, json_t *o, struct adyen_item *out, GString *err)
{
	json_t *ad = json_object_get(o, "additionalData");
	if (!ad || json_is_null(ad))
		return ST_OK;
	if (!json_is_object(ad))
		return refuse(err, "additionalData must be an object");
	return take_string(a, ad, "hmacSignature", "additionalData.hmacSignature", false, false,
			   &out->hmac_signature, err);
}

enum status adyen_item_from_json(struct arena *a, const char *json, struct adyen_item *out, GString *err)
{
	enum status st = ST_INVALID;
	json_t *o = NULL;
	json_error_t je;

	memset(out, 0, sizeof(*out));
	if (!json) {
		st = refuse(err, "no JSON");
		goto done;
	}
	o = json_loads(json, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		st = refuse(err, "invalid JSON at line %d: %s", je.line, je.text);
		goto done;
	}
	if (!json_is_object(o)) {
		st = refuse(err, "not a JSON object");
		goto done;
	}
	if ((st = take_string(a, o, "pspReference", "pspReference", true, true, &out->psp_reference, err)) !=
		    ST_OK ||
	    (st = take_string(a, o, "originalReference", "originalReference", false, false,
			      &out->original_reference, err)) != ST_OK ||
	    (st = take_string(a, o, "merchantAccountCode", "merchantAccountCode", true, true,
			      &out->merchant_account, err)) != ST_OK ||
	    (st = take_string(a, o, "merchantReference", "merchantReference", true, false,
			      &out->merchant_reference, err)) != ST_OK ||
	    (st = take_amount(a, o, out, err)) != ST_OK ||
	    (st = take_string(a, o, "eventCode", "eventCode", true, true, &out->event_code, err)) != ST_OK ||
	    (st = take_success(o, &out->success, err)) != ST_OK ||
	    (st = take_signature(a, o, out, err)) != ST_OK)
		goto done;
	st = ST_OK;
done:
	json_decref(o);
	if (st != ST_OK)
		memset(out, 0, sizeof(*out));
	return st;
}
