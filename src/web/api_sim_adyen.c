/* The simulator's provider API in Adyen's Checkout v71 wire format, under
 * /sim/adyen, so that the Adyen adapter (payments/adyen.c) is tested end to
 * end over HTTP against it:
 *   POST /sim/adyen/v71/payments                      (Adyen's)
 *   POST /sim/adyen/v71/payments/{pspReference}/refunds (Adyen's)
 *   POST /sim/adyen/v71/payments/lookup               simulator only: Adyen has
 *        no public lookup by merchant reference; the reconciler's way to ask
 *        what became of a payment left UNKNOWN. Body {merchantAccount,
 *        reference}; answers like /payments, 404 when unknown.
 * Authenticated like Adyen's API, by X-API-Key ([payments] adyen_api_key).
 * Errors use Adyen's body: {status, errorCode, message, errorType}.
 * Test hooks (admin, campus's own auth):
 *   POST /sim/adyen/chargebacks {pspReference, eventCode, success, amount,
 *        reason}: the simulator sends that notification (CHARGEBACK, REFUND...)
 *   POST /sim/adyen/stored-methods/{id}/decline: that stored method refuses
 *        every charge from now on (only with --clock manual). */
#include <string.h>

#include "base/secrets.h"
#include "payments/adyen_json.h"
#include "payments/payments.h"
#include "web/pages_payments.h"

#include "base/banned.h"

enum { MAX_SIM_BODY = 64 * 1024 };

static void adyen_error(struct req *r, unsigned code, const char *error_code, const char *type,
			const char *msg)
{
	json_t *j = json_pack("{s:i, s:s, s:s, s:s}", "status", (int)code, "errorCode", error_code, "message",
			      msg, "errorType", type);
	respond_json(r, code, j);
}

/* X-API-Key and the JSON body; false when answered. */
static bool wire_in(struct req *r, json_t **body)
{
	*body = NULL;
	if (!sim_enabled(r))
		return false;
	const char *key = http_header(r->h, "X-API-Key");
	const char *want = r->app->cfg->adyen_api_key;
	if (!want || !*want || !key || !secrets_equal(key, want)) {
		adyen_error(r, 401, "000", "security", "HTTP Status Response - Unauthorized");
		return false;
	}
	if (r->h->body->len > MAX_SIM_BODY) {
		adyen_error(r, 413, "702", "validation", "Request too large");
		return false;
	}
	json_error_t je;
	*body = json_loadb(r->h->body->str, r->h->body->len, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(*body)) {
		json_decref(*body);
		*body = NULL;
		adyen_error(r, 400, "702", "validation", "Structure of the request is not valid JSON");
		return false;
	}
	arena_on_free(r->a, (void (*)(void *))json_decref, *body);
	return true;
}

static void wire_status(struct req *r, enum status st, const char *msg)
{
	if (st == ST_CONFLICT)
		adyen_error(r, 422, "704", "validation", msg);
	else if (st == ST_NOTFOUND)
		adyen_error(r, 404, "000", "validation", msg);
	else if (st == ST_INVALID)
		adyen_error(r, 422, "000", "validation", msg);
	else
		adyen_error(r, 500, "905", "internal", "internal error");
}

/* Runs a simulator call in one transaction. */
#define IN_TX(r, call)                                                                                       \
	do {                                                                                                 \
		struct ctx *c = req_ctx(r);                                                                  \
		st = db_begin(c->db, err);                                                                   \
		if (st == ST_OK) {                                                                           \
			st = (call);                                                                         \
			if (st == ST_OK)                                                                     \
				st = db_commit(c->db, err);                                                  \
			else                                                                                 \
				db_rollback(c->db);                                                          \
		}                                                                                            \
	} while (0)

void sim_adyen_payments(struct req *r)
{
	json_t *body;
	if (!wire_in(r, &body))
		return;
	GString *err = g_string_new(NULL);
	struct pay_request req;
	const char *merchant = NULL, *rc = NULL;
	bool store = false;
	enum status st = adyen_payment_request_parse(r->a, body, &req, &merchant, &store, err);
	struct pay_response out;
	if (st == ST_OK) {
		req.idempotency_key = http_header(r->h, "Idempotency-Key");
		IN_TX(r, sim_pay(c, &req, merchant, store, &out, &rc, err));
	}
	if (st == ST_OK)
		respond_json(r, 200,
			     adyen_payment_response_json(&out, rc, req.reference, req.amount, req.currency));
	else
		wire_status(r, st, err->str);
	g_string_free(err, TRUE);
}

void sim_adyen_refunds(struct req *r)
{
	json_t *body;
	if (!wire_in(r, &body))
		return;
	GString *err = g_string_new(NULL);
	json_t *amount = json_object_get(body, "amount");
	json_t *value = json_is_object(amount) ? json_object_get(amount, "value") : NULL;
	const char *currency =
		json_is_object(amount) ? json_string_value(json_object_get(amount, "currency")) : NULL;
	const char *reference = json_string_value(json_object_get(body, "reference"));
	const char *merchant = json_string_value(json_object_get(body, "merchantAccount"));
	enum status st = ST_INVALID;
	struct pay_response out;
	if (!json_is_integer(value) || !currency || !reference || !merchant) {
		g_string_assign(err, "amount {value, currency}, reference and merchantAccount are required");
	} else {
		IN_TX(r, sim_refund(c, r->params[0], reference, http_header(r->h, "Idempotency-Key"),
				    json_integer_value(value), currency, merchant, &out, err));
	}
	if (st == ST_OK) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:I, s:s}}", "merchantAccount", merchant,
				      "paymentPspReference", r->params[0], "pspReference", out.psp_reference,
				      "reference", reference, "status", "received", "amount", "value",
				      json_integer_value(value), "currency", currency);
		respond_json(r, 201, j);
	} else {
		wire_status(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

void sim_adyen_lookup(struct req *r)
{
	json_t *body;
	if (!wire_in(r, &body))
		return;
	GString *err = g_string_new(NULL);
	const char *reference = json_string_value(json_object_get(body, "reference"));
	struct pay_response out;
	const char *rc = NULL;
	enum status st = ST_INVALID;
	if (!reference)
		g_string_assign(err, "reference is required");
	else
		st = sim_lookup(req_ctx(r), reference, &out, &rc, err);
	if (st == ST_OK) {
		respond_json(r, 200, adyen_payment_response_json(&out, rc, reference, 0, "EUR"));
	} else {
		wire_status(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

static json_t *admin_body(struct req *r)
{
	json_t *j = json_loadb(r->h->body->str, r->h->body->len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		respond_problem_code(r, 400, "Malformed JSON", "The body must be a JSON object.");
		return NULL;
	}
	arena_on_free(r->a, (void (*)(void *))json_decref, j);
	return j;
}

void sim_chargeback_api(struct req *r)
{
	if (!sim_enabled(r))
		return;
	json_t *b = admin_body(r);
	if (!b)
		return;
	const char *psp = json_string_value(json_object_get(b, "pspReference"));
	const char *code = json_string_value(json_object_get(b, "eventCode"));
	json_t *success = json_object_get(b, "success");
	json_t *amount = json_object_get(b, "amount");
	const char *reason = json_string_value(json_object_get(b, "reason"));
	GString *err = g_string_new(NULL);
	enum status st = ST_INVALID;
	if (!psp || (success && !json_is_boolean(success)) || (amount && !json_is_integer(amount)))
		g_string_assign(err,
				"pspReference (string), eventCode, success (boolean), amount (minor units)");
	else
		IN_TX(r, sim_send_event(c, psp, code ? code : "CHARGEBACK",
					success ? json_is_true(success) : true,
					amount ? json_integer_value(amount) : 0, reason ? reason : "", err));
	if (st == ST_OK) {
		respond_json(r, 202, json_pack("{s:s}", "status", "queued"));
	} else {
		respond_problem(r, st, err->str, NULL);
	}
	g_string_free(err, TRUE);
}

void sim_method_decline_api(struct req *r)
{
	if (!sim_enabled(r))
		return;
	GString *err = g_string_new(NULL);
	enum status st;
	IN_TX(r, sim_method_decline(c, r->params[0], err));
	if (st == ST_OK)
		respond_json(r, 200, json_pack("{s:s, s:b}", "id", r->params[0], "declines", 1));
	else
		respond_problem(r, st, err->str, NULL);
	g_string_free(err, TRUE);
}
