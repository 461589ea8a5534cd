/* Adyen Checkout v71 JSON, both directions (adyen_json.h). */
#include "payments/adyen_json.h"

#include <stdlib.h>
#include <string.h>

#include "billing/adyen_hmac.h"

#include "base/banned.h"

enum { MAX_ITEMS = 100 };

static void put(char *dst, size_t size, const char *src)
{
	g_strlcpy(dst, src ? src : "", size);
}

enum pay_result adyen_result_of(const char *rc)
{
	static const struct {
		const char *code;
		enum pay_result r;
	} map[] = {
		{"Authorised", PAY_AUTHORISED},
		{"Refused", PAY_REFUSED},
		{"RedirectShopper", PAY_PENDING},
		{"IdentifyShopper", PAY_PENDING},
		{"ChallengeShopper", PAY_PENDING},
		{"PresentToShopper", PAY_PENDING},
		{"Pending", PAY_PENDING},
		{"Received", PAY_PENDING},
		{"Error", PAY_ERROR},
		{"Cancelled", PAY_ERROR},
	};
	for (size_t i = 0; rc && i < G_N_ELEMENTS(map); i++)
		if (!strcmp(map[i].code, rc))
			return map[i].r;
	return PAY_ERROR;
}

static json_t *amount_json(int64_t value, const char *currency)
{
	return json_pack("{s:I, s:s}", "value", (json_int_t)value, "currency", currency);
}

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v && *v)
		json_object_set_new(o, k, json_string(v));
}

char *adyen_payment_request_json(const struct pay_request *req, const char *merchant_account)
{
	if (!req->reference || !*req->reference || !req->currency || !merchant_account ||
	    (req->verify_only ? req->amount != 0 || (req->stored_method_id && *req->stored_method_id)
			      : req->amount <= 0) ||
	    !req->shopper_reference || !*req->shopper_reference)
		return NULL;
	bool renewal = req->stored_method_id && *req->stored_method_id;
	if (!renewal && (!req->return_url || !*req->return_url))
		return NULL;
	json_t *o = json_object();
	json_object_set_new(o, "amount", amount_json(req->amount, req->currency));
	set_str(o, "reference", req->reference);
	set_str(o, "merchantAccount", merchant_account);
	set_str(o, "shopperReference", req->shopper_reference);
	set_str(o, "shopperEmail", req->shopper_email);
	set_str(o, "shopperLocale", req->shopper_locale);
	set_str(o, "countryCode", req->country);
	json_object_set_new(o, "recurringProcessingModel", json_string("Subscription"));
	if (renewal) {
		/* A merchant-initiated charge of the stored method: no shopper
		 * present, so no returnUrl is needed. */
		json_object_set_new(o, "shopperInteraction", json_string("ContAuth"));
		json_object_set_new(o, "paymentMethod",
				    json_pack("{s:s, s:s}", "type", "scheme", "storedPaymentMethodId",
					      req->stored_method_id));
	} else {
		json_object_set_new(o, "shopperInteraction", json_string("Ecommerce"));
		json_object_set_new(o, "storePaymentMethod", json_true());
		set_str(o, "returnUrl", req->return_url);
	}
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

char *adyen_refund_request_json(const char *reference, int64_t amount, const char *currency,
				const char *merchant_account)
{
	json_t *o = json_pack("{s:o, s:s, s:s}", "amount", amount_json(amount, currency), "reference",
			      reference ? reference : "", "merchantAccount",
			      merchant_account ? merchant_account : "");
	if (!o)
		return NULL;
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

static const char *member_str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A readable card summary from the brand and last four digits. */
static void card_summary(char *out, size_t size, const char *brand, const char *last4)
{
	if (!last4 || !*last4) {
		put(out, size, "");
		return;
	}
	const char *name = !brand                                 ? "Card"
			   : !g_ascii_strcasecmp(brand, "visa")   ? "Visa"
			   : !g_ascii_strncasecmp(brand, "mc", 2) ? "Mastercard"
			   : !g_ascii_strcasecmp(brand, "amex")   ? "Amex"
								  : "Card";
	/* U+2022 BULLET, four times. */
	g_snprintf(out, size, "%s \xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2 %s", name, last4);
}

enum status adyen_payment_response_parse(const char *json, size_t len, struct pay_response *out, GString *err)
{
	memset(out, 0, sizeof(*out));
	out->result = PAY_ERROR;
	json_error_t je;
	json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(o) || !member_str(o, "resultCode")) {
		g_string_assign(err, "the provider's answer has no resultCode");
		json_decref(o);
		return ST_INVALID;
	}
	const char *rc = member_str(o, "resultCode");
	out->result = adyen_result_of(rc);
	put(out->psp_reference, sizeof(out->psp_reference), member_str(o, "pspReference"));
	put(out->refusal_reason, sizeof(out->refusal_reason), member_str(o, "refusalReason"));
	if (out->result == PAY_ERROR && !out->refusal_reason[0])
		put(out->refusal_reason, sizeof(out->refusal_reason), rc);
	json_t *action = json_object_get(o, "action");
	if (json_is_object(action))
		put(out->redirect_url, sizeof(out->redirect_url), member_str(action, "url"));
	json_t *pm = json_object_get(o, "paymentMethod");
	const char *type = json_is_object(pm) ? member_str(pm, "type") : NULL;
	const char *brand = json_is_object(pm) ? member_str(pm, "brand") : NULL;
	put(out->method, sizeof(out->method),
	    type && !strcmp(type, "paypal") ? "paypal"
	    : type                          ? "card"
					    : "");
	json_t *ad = json_object_get(o, "additionalData");
	if (json_is_object(ad)) {
		const char *sid = member_str(ad, "tokenization.storedPaymentMethodId");
		if (!sid)
			sid = member_str(ad, "recurring.recurringDetailReference");
		put(out->stored_method_id, sizeof(out->stored_method_id), sid);
		if (!brand)
			brand = member_str(ad, "paymentMethod");
		card_summary(out->card_summary, sizeof(out->card_summary), brand,
			     member_str(ad, "cardSummary"));
	}
	if (out->method[0] == '\0' && out->card_summary[0])
		put(out->method, sizeof(out->method), "card");
	if (out->result == PAY_PENDING && !out->redirect_url[0] && strcmp(rc, "Pending") &&
	    strcmp(rc, "Received")) {
		/* A shopper action without a URL would strand the shopper. */
		g_string_printf(err, "resultCode %s without action.url", rc);
		out->result = PAY_ERROR;
		json_decref(o);
		return ST_INVALID;
	}
	json_decref(o);
	return ST_OK;
}

enum status adyen_refund_response_parse(const char *json, size_t len, struct pay_response *out, GString *err)
{
	memset(out, 0, sizeof(*out));
	out->result = PAY_ERROR;
	json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
	const char *psp = json_is_object(o) ? member_str(o, "pspReference") : NULL;
	const char *status = json_is_object(o) ? member_str(o, "status") : NULL;
	if (!psp || !status || strcmp(status, "received")) {
		g_string_assign(err,
				"the provider's refund answer lacks pspReference or status \"received\"");
		json_decref(o);
		return ST_INVALID;
	}
	out->result = PAY_PENDING;
	put(out->psp_reference, sizeof(out->psp_reference), psp);
	json_decref(o);
	return ST_OK;
}

void adyen_error_describe(const char *json, size_t len, GString *err)
{
	json_t *o = json_loadb(json, len, 0, NULL);
	const char *msg = json_is_object(o) ? member_str(o, "message") : NULL;
	if (msg) {
		const char *code = member_str(o, "errorCode");
		g_string_append_printf(err, "%s%s%s", code ? code : "", code ? ": " : "", msg);
	} else {
		g_string_append_len(err, json, (gssize)MIN(len, (size_t)200));
	}
	json_decref(o);
}

static const char *arena_member(struct arena *a, json_t *o, const char *k, size_t max, const char *field,
				bool required, GString *err)
{
	json_t *v = json_object_get(o, k);
	if (!v || json_is_null(v)) {
		if (required && !err->len)
			g_string_printf(err, "%s is required", field);
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) > max) {
		if (!err->len)
			g_string_printf(err, "%s must be a string of at most %zu characters", field, max);
		return NULL;
	}
	return arena_strdup(a, json_string_value(v));
}

enum status adyen_payment_request_parse(struct arena *a, json_t *body, struct pay_request *req,
					const char **merchant, bool *store_method, GString *err)
{
	memset(req, 0, sizeof(*req));
	g_string_truncate(err, 0);
	if (!json_is_object(body))
		return g_string_assign(err, "the body must be a JSON object"), ST_INVALID;
	json_t *amount = json_object_get(body, "amount");
	json_t *value = json_is_object(amount) ? json_object_get(amount, "value") : NULL;
	if (!json_is_integer(value) || json_integer_value(value) < 0 ||
	    json_integer_value(value) > 100000000) {
		g_string_assign(err,
				"amount.value must be a whole number of minor units from 0 to 100000000");
		return ST_INVALID;
	}
	req->amount = json_integer_value(value);
	req->currency = arena_member(a, amount, "currency", 3, "amount.currency", true, err);
	req->reference = arena_member(a, body, "reference", 80, "reference", true, err);
	*merchant = arena_member(a, body, "merchantAccount", 80, "merchantAccount", true, err);
	req->shopper_reference =
		arena_member(a, body, "shopperReference", 256, "shopperReference", true, err);
	req->shopper_email = arena_member(a, body, "shopperEmail", 254, "shopperEmail", false, err);
	req->shopper_locale = arena_member(a, body, "shopperLocale", 32, "shopperLocale", false, err);
	req->country = arena_member(a, body, "countryCode", 2, "countryCode", false, err);
	req->return_url = arena_member(a, body, "returnUrl", 1024, "returnUrl", false, err);
	const char *interaction =
		arena_member(a, body, "shopperInteraction", 32, "shopperInteraction", true, err);
	const char *model =
		arena_member(a, body, "recurringProcessingModel", 32, "recurringProcessingModel", false, err);
	if (err->len)
		return ST_INVALID;
	if (strlen(req->currency) != 3 || !g_ascii_isupper(req->currency[0]) ||
	    !g_ascii_isupper(req->currency[1]) || !g_ascii_isupper(req->currency[2]))
		return g_string_assign(err, "amount.currency must be an ISO 4217 code such as EUR"),
		       ST_INVALID;
	if (!*req->reference)
		return g_string_assign(err, "reference must not be empty"), ST_INVALID;
	if (model && strcmp(model, "Subscription") && strcmp(model, "CardOnFile") &&
	    strcmp(model, "UnscheduledCardOnFile"))
		return g_string_assign(err, "recurringProcessingModel is not one Adyen knows"), ST_INVALID;
	json_t *sp = json_object_get(body, "storePaymentMethod");
	*store_method = json_is_true(sp);
	json_t *pm = json_object_get(body, "paymentMethod");
	if (!strcmp(interaction, "ContAuth")) {
		const char *sid = json_is_object(pm)
					  ? arena_member(a, pm, "storedPaymentMethodId", 64,
							 "paymentMethod.storedPaymentMethodId", true, err)
					  : NULL;
		if (!sid || !*sid) {
			if (!err->len)
				g_string_assign(err, "ContAuth needs paymentMethod.storedPaymentMethodId");
			return ST_INVALID;
		}
		if (!model)
			return g_string_assign(err, "ContAuth needs recurringProcessingModel"), ST_INVALID;
		req->stored_method_id = sid;
	} else if (!strcmp(interaction, "Ecommerce")) {
		if (!req->return_url || !g_str_has_prefix(req->return_url, "http"))
			return g_string_assign(err, "returnUrl is required for an Ecommerce payment"),
			       ST_INVALID;
		/* A zero-value authorisation only tokenises a card. */
		req->verify_only = req->amount == 0 && *store_method &&
				   g_str_has_prefix(req->reference, PAY_VERIFY_PREFIX);
	} else {
		return g_string_assign(err, "shopperInteraction must be Ecommerce or ContAuth"), ST_INVALID;
	}
	if (req->amount == 0 && !req->verify_only)
		return g_string_assign(err, "amount.value 0 is only for a card verification "
					    "(Ecommerce with storePaymentMethod, reference " PAY_VERIFY_PREFIX
					    "...)"),
		       ST_INVALID;
	return ST_OK;
}

json_t *adyen_payment_response_json(const struct pay_response *r, const char *result_code,
				    const char *reference, int64_t amount, const char *currency)
{
	json_t *o = json_object();
	set_str(o, "pspReference", r->psp_reference);
	json_object_set_new(o, "resultCode", json_string(result_code));
	set_str(o, "merchantReference", reference);
	json_object_set_new(o, "amount", amount_json(amount, currency));
	if (r->result == PAY_REFUSED || (r->result == PAY_ERROR && r->refusal_reason[0]))
		set_str(o, "refusalReason", r->refusal_reason);
	if (r->redirect_url[0])
		json_object_set_new(o, "action",
				    json_pack("{s:s, s:s, s:s, s:s}", "type", "redirect", "method", "GET",
					      "url", r->redirect_url, "paymentMethodType", "scheme"));
	if (r->method[0])
		json_object_set_new(o, "paymentMethod",
				    json_pack("{s:s, s:s}", "type",
					      !strcmp(r->method, "paypal") ? "paypal" : "scheme", "brand",
					      !strcmp(r->method, "paypal") ? "paypal" : "visa"));
	json_t *ad = json_object();
	if (r->stored_method_id[0]) {
		set_str(ad, "tokenization.storedPaymentMethodId", r->stored_method_id);
		set_str(ad, "recurring.recurringDetailReference", r->stored_method_id);
	}
	const char *last = strrchr(r->card_summary, ' ');
	if (last && strlen(last + 1) == 4)
		set_str(ad, "cardSummary", last + 1);
	if (json_object_size(ad))
		json_object_set_new(o, "additionalData", ad);
	else
		json_decref(ad);
	return o;
}

void adyen_format_date(int64_t t, char out[32])
{
	GDateTime *d = g_date_time_new_from_unix_utc(t);
	gchar *s = d ? g_date_time_format(d, "%Y-%m-%dT%H:%M:%S+00:00") : NULL;
	put(out, 32, s ? s : "1970-01-01T00:00:00+00:00");
	g_free(s);
	if (d)
		g_date_time_unref(d);
}

bool adyen_parse_date(const char *s, int64_t *t)
{
	if (!s)
		return false;
	GDateTime *d = g_date_time_new_from_iso8601(s, NULL);
	if (!d)
		return false;
	*t = g_date_time_to_unix(d);
	g_date_time_unref(d);
	return true;
}

/* What the Premium tab shows of a notification item's method (a 3-D
 * Secure or PayPal payment is only settled by its notification). */
static void item_summary(json_t *item, char *out, size_t size)
{
	const char *pm = member_str(item, "paymentMethod");
	json_t *ad = json_object_get(item, "additionalData");
	if (pm && !strcmp(pm, "paypal"))
		put(out, size, "PayPal");
	else if (json_is_object(ad))
		card_summary(out, size, pm, member_str(ad, "cardSummary"));
	else
		put(out, size, "");
}

void adyen_item_card_summary(const char *item_json, char *out, size_t size)
{
	json_error_t je;
	json_t *item = item_json ? json_loads(item_json, 0, &je) : NULL;
	if (json_is_object(item))
		item_summary(item, out, size);
	else
		put(out, size, "");
	json_decref(item);
}

enum status adyen_notification_parse(struct arena *a, const char *body, size_t len, const char *hex_key,
				     struct adyen_notification **items, int *n, GString *err)
{
	*items = NULL;
	*n = 0;
	json_error_t je;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	enum status st = ST_OK;
	json_t *list = json_is_object(root) ? json_object_get(root, "notificationItems") : NULL;
	if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > MAX_ITEMS) {
		g_string_printf(err,
				"not a notification: notificationItems must be an array of 1 to %d items",
				MAX_ITEMS);
		json_decref(root);
		return ST_INVALID;
	}
	size_t count = json_array_size(list);
	struct adyen_notification *out = arena_alloc(a, sizeof(*out) * count);
	memset(out, 0, sizeof(*out) * count);
	for (size_t i = 0; i < count && st == ST_OK; i++) {
		json_t *item = json_object_get(json_array_get(list, i), "NotificationRequestItem");
		if (!json_is_object(item)) {
			g_string_printf(err, "notificationItems[%zu] has no NotificationRequestItem object",
					i);
			st = ST_INVALID;
			break;
		}
		char *text = json_dumps(item, JSON_COMPACT);
		struct adyen_item ai;
		GString *e = g_string_new(NULL);
		st = adyen_item_from_json(a, text, &ai, e);
		if (st != ST_OK) {
			g_string_printf(err, "notificationItems[%zu]: %s", i, e->str);
		} else if (!hex_key || !*hex_key || !adyen_verify(hex_key, &ai)) {
			g_string_printf(err, "notificationItems[%zu] (pspReference %s): HMAC signature %s", i,
					ai.psp_reference, ai.hmac_signature ? "does not match" : "missing");
			st = ST_UNAUTHORIZED;
		} else {
			struct adyen_notification *o = &out[i];
			struct pay_event *ev = &o->ev;
			put(ev->event_code, sizeof(ev->event_code), ai.event_code);
			ev->success = ai.success;
			put(ev->psp_reference, sizeof(ev->psp_reference), ai.psp_reference);
			put(ev->original_reference, sizeof(ev->original_reference), ai.original_reference);
			put(ev->merchant_reference, sizeof(ev->merchant_reference), ai.merchant_reference);
			ev->amount = ai.value;
			put(ev->currency, sizeof(ev->currency), ai.currency);
			put(ev->reason, sizeof(ev->reason), member_str(item, "reason"));
			const char *pm = member_str(item, "paymentMethod");
			put(ev->method, sizeof(ev->method),
			    pm && !strcmp(pm, "paypal") ? "paypal"
			    : pm                        ? "card"
							: "");
			json_t *ad = json_object_get(item, "additionalData");
			const char *sid = NULL;
			if (json_is_object(ad)) {
				sid = member_str(ad, "tokenization.storedPaymentMethodId");
				if (!sid)
					sid = member_str(ad, "recurring.recurringDetailReference");
			}
			put(ev->stored_method_id, sizeof(ev->stored_method_id), sid);
			item_summary(item, ev->card_summary, sizeof(ev->card_summary));
			if (!adyen_parse_date(member_str(item, "eventDate"), &ev->event_date)) {
				g_string_printf(err, "notificationItems[%zu]: eventDate must be ISO 8601", i);
				st = ST_INVALID;
			}
			o->merchant_account = ai.merchant_account;
			o->raw = arena_strdup(a, text);
		}
		g_string_free(e, TRUE);
		free(text);
	}
	json_decref(root);
	if (st != ST_OK)
		return st;
	*items = out;
	*n = (int)count;
	return ST_OK;
}

char *adyen_notification_json(const struct pay_event *ev, const char *merchant_account, const char *hex_key)
{
	struct arena *a = arena_new();
	struct adyen_item ai = {
		.psp_reference = ev->psp_reference,
		.original_reference = ev->original_reference[0] ? ev->original_reference : NULL,
		.merchant_account = merchant_account,
		.merchant_reference = ev->merchant_reference,
		.currency = ev->currency,
		.event_code = ev->event_code,
		.value = ev->amount,
		.success = ev->success,
	};
	char *sig = adyen_sign(a, hex_key, &ai);
	char *out = NULL;
	if (sig) {
		char date[32];
		adyen_format_date(ev->event_date, date);
		json_t *ad = json_pack("{s:s}", "hmacSignature", sig);
		if (ev->stored_method_id[0]) {
			set_str(ad, "recurring.recurringDetailReference", ev->stored_method_id);
			set_str(ad, "tokenization.storedPaymentMethodId", ev->stored_method_id);
		}
		const char *last = strrchr(ev->card_summary, ' ');
		if (last && strlen(last + 1) == 4)
			set_str(ad, "cardSummary", last + 1);
		json_t *item = json_pack(
			"{s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s}", "additionalData", ad, "amount",
			amount_json(ev->amount, ev->currency), "eventCode", ev->event_code, "eventDate", date,
			"merchantAccountCode", merchant_account, "merchantReference", ev->merchant_reference,
			"pspReference", ev->psp_reference, "success", ev->success ? "true" : "false");
		set_str(item, "originalReference", ev->original_reference);
		set_str(item, "reason", ev->reason);
		if (ev->method[0])
			json_object_set_new(
				item, "paymentMethod",
				json_string(!strcmp(ev->method, "paypal")                      ? "paypal"
					    : g_str_has_prefix(ev->card_summary, "Mastercard") ? "mc"
					    : g_str_has_prefix(ev->card_summary, "Amex")       ? "amex"
											       : "visa"));
		json_t *root = json_pack("{s:s, s:[{s:o}]}", "live", "false", "notificationItems",
					 "NotificationRequestItem", item);
		out = json_dumps(root, JSON_COMPACT);
		json_decref(root);
	}
	arena_free(a);
	return out;
}
