/* Unit tests of src/payments: Adyen's v71 wire format both ways from
 * fixture answers (payments/adyen_json.c), the resultCode mapping, the
 * notification reading with HMAC verification (checked on Adyen's own
 * published vector from adyen-node-api-library hmacValidator.spec.ts), and,
 * on a throw-away SQLite database, the notification pipeline (store,
 * duplicates, forgery, order of application, unknown references) and the
 * reconciler, with a fake billing port that records what it is given. */
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/secrets.h"
#include "ops/audit.h"
#include "payments/adyen_json.h"
#include "payments/payments.h"
#include "store/store_payments.h"

#include "base/banned.h"

static const char KEY[] = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

/* ---- wire format ---- */

static void test_result_mapping(void)
{
	g_assert_cmpint(adyen_result_of("Authorised"), ==, PAY_AUTHORISED);
	g_assert_cmpint(adyen_result_of("Refused"), ==, PAY_REFUSED);
	const char *pending[] = {"RedirectShopper", "IdentifyShopper", "ChallengeShopper", "Pending",
				 "Received"};
	for (size_t i = 0; i < G_N_ELEMENTS(pending); i++)
		g_assert_cmpint(adyen_result_of(pending[i]), ==, PAY_PENDING);
	g_assert_cmpint(adyen_result_of("Error"), ==, PAY_ERROR);
	g_assert_cmpint(adyen_result_of("Cancelled"), ==, PAY_ERROR);
	g_assert_cmpint(adyen_result_of("authorised"), ==, PAY_ERROR); /* case matters */
	g_assert_cmpint(adyen_result_of(NULL), ==, PAY_ERROR);
}

static json_t *load(const char *s)
{
	json_t *j = json_loads(s, 0, NULL);
	g_assert_nonnull(j);
	return j;
}

static void test_request_first_and_renewal(void)
{
	struct pay_request req = {.reference = "pay-1",
				  .idempotency_key = "k",
				  .amount = 1900,
				  .currency = "EUR",
				  .shopper_reference = "user-42",
				  .shopper_email = "a@b.test",
				  .shopper_locale = "fr",
				  .country = "FR",
				  .return_url = "https://campus.test/return"};
	char *s = adyen_payment_request_json(&req, "CampusECOM");
	json_t *j = load(s);
	g_assert_cmpint(json_integer_value(json_object_get(json_object_get(j, "amount"), "value")), ==, 1900);
	g_assert_cmpstr(json_string_value(json_object_get(json_object_get(j, "amount"), "currency")), ==,
			"EUR");
	g_assert_cmpstr(json_string_value(json_object_get(j, "shopperInteraction")), ==, "Ecommerce");
	g_assert_cmpstr(json_string_value(json_object_get(j, "recurringProcessingModel")), ==,
			"Subscription");
	g_assert_true(json_is_true(json_object_get(j, "storePaymentMethod")));
	g_assert_cmpstr(json_string_value(json_object_get(j, "returnUrl")), ==, "https://campus.test/return");
	g_assert_cmpstr(json_string_value(json_object_get(j, "merchantAccount")), ==, "CampusECOM");
	g_assert_cmpstr(json_string_value(json_object_get(j, "shopperLocale")), ==, "fr");
	g_assert_null(json_object_get(j, "paymentMethod"));
	/* The simulator reads back what the adapter wrote. */
	struct arena *a = arena_new();
	GString *err = g_string_new(NULL);
	struct pay_request back;
	const char *merchant = NULL;
	bool store = false;
	g_assert_cmpint(adyen_payment_request_parse(a, j, &back, &merchant, &store, err), ==, ST_OK);
	g_assert_cmpstr(back.reference, ==, "pay-1");
	g_assert_cmpint(back.amount, ==, 1900);
	g_assert_true(store);
	g_assert_null(back.stored_method_id);
	json_decref(j);
	free(s);

	req.stored_method_id = "M123";
	req.return_url = NULL;
	s = adyen_payment_request_json(&req, "CampusECOM");
	j = load(s);
	g_assert_cmpstr(json_string_value(json_object_get(j, "shopperInteraction")), ==, "ContAuth");
	g_assert_cmpstr(json_string_value(json_object_get(json_object_get(j, "paymentMethod"), "type")), ==,
			"scheme");
	g_assert_cmpstr(json_string_value(json_object_get(json_object_get(j, "paymentMethod"),
							  "storedPaymentMethodId")),
			==, "M123");
	g_assert_null(json_object_get(j, "storePaymentMethod"));
	g_assert_cmpint(adyen_payment_request_parse(a, j, &back, &merchant, &store, err), ==, ST_OK);
	g_assert_cmpstr(back.stored_method_id, ==, "M123");
	json_decref(j);
	free(s);

	/* Incomplete requests are refused before anything is sent. */
	req.amount = 0;
	g_assert_null(adyen_payment_request_json(&req, "CampusECOM"));
	req.amount = 1;
	req.stored_method_id = NULL;
	g_assert_null(adyen_payment_request_json(&req, "CampusECOM")); /* first payment without returnUrl */
	g_string_free(err, TRUE);
	arena_free(a);
}

static void test_request_parse_refusals(void)
{
	const char *bad[] = {
		"{}",
		"{\"amount\":{\"value\":100,\"currency\":\"EUR\"},\"reference\":\"r\",\"merchantAccount\":"
		"\"m\","
		"\"shopperReference\":\"s\",\"shopperInteraction\":\"ContAuth\",\"recurringProcessingModel\":"
		"\"Subscription\"}", /* ContAuth without a stored method */
		"{\"amount\":{\"value\":100,\"currency\":\"EUR\"},\"reference\":\"r\",\"merchantAccount\":"
		"\"m\","
		"\"shopperReference\":\"s\",\"shopperInteraction\":\"Ecommerce\"}", /* no returnUrl */
		"{\"amount\":{\"value\":\"100\",\"currency\":\"EUR\"},\"reference\":\"r\","
		"\"merchantAccount\":\"m\","
		"\"shopperReference\":\"s\",\"shopperInteraction\":\"Ecommerce\",\"returnUrl\":\"https://"
		"x\"}",
		"{\"amount\":{\"value\":100,\"currency\":\"EURO\"},\"reference\":\"r\",\"merchantAccount\":"
		"\"m\","
		"\"shopperReference\":\"s\",\"shopperInteraction\":\"Ecommerce\",\"returnUrl\":\"https://"
		"x\"}",
		"{\"amount\":{\"value\":100,\"currency\":\"EUR\"},\"reference\":\"r\",\"merchantAccount\":"
		"\"m\","
		"\"shopperReference\":\"s\",\"shopperInteraction\":\"Ecommerce\",\"returnUrl\":\"https://x\","
		"\"recurringProcessingModel\":\"Sometimes\"}",
	};
	struct arena *a = arena_new();
	GString *err = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		json_t *j = load(bad[i]);
		struct pay_request req;
		const char *m;
		bool store;
		g_assert_cmpint(adyen_payment_request_parse(a, j, &req, &m, &store, err), ==, ST_INVALID);
		g_assert_cmpuint(err->len, >, 0);
		json_decref(j);
	}
	g_string_free(err, TRUE);
	arena_free(a);
}

static enum status parse(const char *s, struct pay_response *out)
{
	GString *err = g_string_new(NULL);
	enum status st = adyen_payment_response_parse(s, strlen(s), out, err);
	g_string_free(err, TRUE);
	return st;
}

static void test_response_fixtures(void)
{
	struct pay_response r;
	/* Authorised with a token (v70+ tokenization keys). */
	g_assert_cmpint(
		parse("{\"additionalData\":{\"cardSummary\":\"1111\",\"tokenization.storedPaymentMethodId\":"
		      "\"M5N7TQ4TG5PFWR50\",\"tokenization.store.operationType\":\"created\","
		      "\"tokenization.shopperReference\":\"user-42\"},\"pspReference\":\"V4HZ4RBFJGXXGN82\","
		      "\"resultCode\":\"Authorised\",\"amount\":{\"currency\":\"EUR\",\"value\":1900},"
		      "\"merchantReference\":\"pay-1\",\"paymentMethod\":{\"brand\":\"visa\",\"type\":"
		      "\"scheme\"}}",
		      &r),
		==, ST_OK);
	g_assert_cmpint(r.result, ==, PAY_AUTHORISED);
	g_assert_cmpstr(r.psp_reference, ==, "V4HZ4RBFJGXXGN82");
	g_assert_cmpstr(r.stored_method_id, ==, "M5N7TQ4TG5PFWR50");
	g_assert_cmpstr(r.method, ==, "card");
	g_assert_cmpstr(r.card_summary, ==, "Visa \xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2 1111");
	/* Older key for the token. */
	g_assert_cmpint(parse("{\"resultCode\":\"Authorised\",\"pspReference\":\"P\",\"additionalData\":"
			      "{\"recurring.recurringDetailReference\":\"8415\"}}",
			      &r),
			==, ST_OK);
	g_assert_cmpstr(r.stored_method_id, ==, "8415");
	/* Refused with its reason. */
	g_assert_cmpint(
		parse("{\"pspReference\":\"P2\",\"refusalReason\":\"Not enough balance\",\"resultCode\":"
		      "\"Refused\",\"refusalReasonCode\":\"12\"}",
		      &r),
		==, ST_OK);
	g_assert_cmpint(r.result, ==, PAY_REFUSED);
	g_assert_cmpstr(r.refusal_reason, ==, "Not enough balance");
	/* 3-D Secure / redirect: pending with the URL to send the shopper to. */
	g_assert_cmpint(
		parse("{\"resultCode\":\"RedirectShopper\",\"action\":{\"paymentMethodType\":\"scheme\","
		      "\"url\":\"https://checkoutshopper-test.adyen.com/threeDS2\",\"method\":\"GET\","
		      "\"type\":\"redirect\"}}",
		      &r),
		==, ST_OK);
	g_assert_cmpint(r.result, ==, PAY_PENDING);
	g_assert_cmpstr(r.redirect_url, ==, "https://checkoutshopper-test.adyen.com/threeDS2");
	g_assert_cmpint(parse("{\"resultCode\":\"Received\",\"pspReference\":\"P3\"}", &r), ==, ST_OK);
	g_assert_cmpint(r.result, ==, PAY_PENDING);
	/* A shopper action without its URL would strand the shopper. */
	g_assert_cmpint(parse("{\"resultCode\":\"ChallengeShopper\"}", &r), ==, ST_INVALID);
	g_assert_cmpint(parse("{\"resultCode\":\"Cancelled\"}", &r), ==, ST_OK);
	g_assert_cmpint(r.result, ==, PAY_ERROR);
	g_assert_cmpstr(r.refusal_reason, ==, "Cancelled");
	g_assert_cmpint(parse("[]", &r), ==, ST_INVALID);
	g_assert_cmpint(parse("{\"pspReference\":\"P\"}", &r), ==, ST_INVALID);
	g_assert_cmpint(parse("not json", &r), ==, ST_INVALID);

	GString *err = g_string_new(NULL);
	const char *refund =
		"{\"merchantAccount\":\"CampusECOM\",\"paymentPspReference\":\"V4HZ4RBFJGXXGN82\","
		"\"pspReference\":\"JN6BQ4L3Q4DTJK82\",\"reference\":\"refund-1\",\"status\":\"received\","
		"\"amount\":{\"currency\":\"EUR\",\"value\":500}}";
	g_assert_cmpint(adyen_refund_response_parse(refund, strlen(refund), &r, err), ==, ST_OK);
	g_assert_cmpint(r.result, ==, PAY_PENDING);
	g_assert_cmpstr(r.psp_reference, ==, "JN6BQ4L3Q4DTJK82");
	g_assert_cmpint(adyen_refund_response_parse("{}", 2, &r, err), ==, ST_INVALID);
	g_string_truncate(err, 0);
	const char *e422 = "{\"status\":422,\"errorCode\":\"101\",\"message\":\"Invalid card number\"}";
	adyen_error_describe(e422, strlen(e422), err);
	g_assert_cmpstr(err->str, ==, "101: Invalid card number");
	g_string_free(err, TRUE);
}

static struct pay_event event(const char *code, const char *psp, const char *orig, const char *ref,
			      int64_t when)
{
	struct pay_event ev = {.success = true, .amount = 1900, .event_date = when};
	g_strlcpy(ev.event_code, code, sizeof(ev.event_code));
	g_strlcpy(ev.psp_reference, psp, sizeof(ev.psp_reference));
	g_strlcpy(ev.original_reference, orig ? orig : "", sizeof(ev.original_reference));
	g_strlcpy(ev.merchant_reference, ref, sizeof(ev.merchant_reference));
	g_strlcpy(ev.currency, "EUR", sizeof(ev.currency));
	return ev;
}

static void test_notification_roundtrip_and_forgery(void)
{
	struct pay_event ev = event("AUTHORISATION", "8535296650153317", NULL, "pay-7", 1795000000);
	g_strlcpy(ev.stored_method_id, "M1", sizeof(ev.stored_method_id));
	g_strlcpy(ev.method, "card", sizeof(ev.method));
	char *body = adyen_notification_json(&ev, "CampusECOM", KEY);
	g_assert_nonnull(body);
	struct arena *a = arena_new();
	GString *err = g_string_new(NULL);
	struct adyen_notification *items = NULL;
	int n = 0;
	g_assert_cmpint(adyen_notification_parse(a, body, strlen(body), KEY, &items, &n, err), ==, ST_OK);
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpstr(items[0].ev.psp_reference, ==, "8535296650153317");
	g_assert_cmpstr(items[0].ev.merchant_reference, ==, "pay-7");
	g_assert_cmpstr(items[0].ev.stored_method_id, ==, "M1");
	g_assert_cmpint(items[0].ev.amount, ==, 1900);
	g_assert_cmpint(items[0].ev.event_date, ==, 1795000000);
	g_assert_true(items[0].ev.success);
	g_assert_cmpstr(items[0].merchant_account, ==, "CampusECOM");
	/* Another key, or any signed field changed: refused as a whole. */
	g_assert_cmpint(adyen_notification_parse(a, body, strlen(body), "00112233", &items, &n, err), ==,
			ST_UNAUTHORIZED);
	char *tampered = g_strdup(body);
	char *v = strstr(tampered, "1900");
	v[0] = '9';
	g_assert_cmpint(adyen_notification_parse(a, tampered, strlen(tampered), KEY, &items, &n, err), ==,
			ST_UNAUTHORIZED);
	g_assert_cmpint(n, ==, 0);
	g_free(tampered);
	free(body);
	/* Adyen's own vector (adyen-node-api-library hmacValidator.spec.ts):
	 * a CAPTURE of 1000 EUR signed under this key. */
	const char *node =
		"{\"live\":\"false\",\"notificationItems\":[{\"NotificationRequestItem\":{"
		"\"additionalData\":{\"hmacSignature\":\"xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX0=\"},"
		"\"amount\":{\"currency\":\"EUR\",\"value\":1000},\"pspReference\":\"pspReference\","
		"\"originalReference\":\"originalReference\",\"eventCode\":\"CAPTURE\","
		"\"eventDate\":\"2019-09-21T11:45:24+02:00\",\"merchantAccountCode\":\"merchantAccount\","
		"\"merchantReference\":\"reference\",\"success\":\"true\"}}]}";
	const char *node_key = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00";
	g_assert_cmpint(adyen_notification_parse(a, node, strlen(node), node_key, &items, &n, err), ==,
			ST_OK);
	g_assert_cmpstr(items[0].ev.original_reference, ==, "originalReference");
	g_assert_cmpint(items[0].ev.event_date, ==, 1569059124);
	/* Unsigned; not a notification; too many items. */
	const char *unsigned_item =
		"{\"notificationItems\":[{\"NotificationRequestItem\":{\"amount\":{\"currency\":"
		"\"EUR\",\"value\":1},\"pspReference\":\"p\",\"eventCode\":\"AUTHORISATION\","
		"\"merchantAccountCode\":\"m\",\"merchantReference\":\"r\",\"success\":\"true\","
		"\"eventDate\":\"2026-01-01T00:00:00+01:00\"}}]}";
	g_assert_cmpint(
		adyen_notification_parse(a, unsigned_item, strlen(unsigned_item), KEY, &items, &n, err), ==,
		ST_UNAUTHORIZED);
	g_assert_cmpint(adyen_notification_parse(a, "{}", 2, KEY, &items, &n, err), ==, ST_INVALID);
	g_assert_cmpint(adyen_notification_parse(a, "{\"notificationItems\":[]}", 23, KEY, &items, &n, err),
			==, ST_INVALID);
	g_assert_cmpint(adyen_notification_parse(a, "[", 1, KEY, &items, &n, err), ==, ST_INVALID);
	g_string_free(err, TRUE);
	arena_free(a);
}

/* ---- the pipeline on a database, with a fake billing port ---- */

static GPtrArray *applied; /* "CODE:psp" in the order billing saw them */
static GPtrArray *outcomes; /* "ref:result" */

static enum status fake_apply(struct ctx *c, const struct pay_event *ev, GString *err)
{
	if (g_str_has_prefix(ev->merchant_reference, "unknown-"))
		return g_string_assign(err, "no such payment"), ST_NOTFOUND;
	if (g_str_has_prefix(ev->merchant_reference, "partial-")) {
		/* Writes, then refuses: the write must not survive. */
		audit_record(c, "fake.partial", "test", 1, "", "", err);
		return g_string_assign(err, "no such payment"), ST_NOTFOUND;
	}
	if (g_str_has_prefix(ev->merchant_reference, "later-"))
		return g_string_assign(err, "not yet"), ST_CONFLICT;
	g_ptr_array_add(applied, g_strdup_printf("%s:%s", ev->event_code, ev->psp_reference));
	return ST_OK;
}

static enum status fake_outcome(struct ctx *c, const char *ref, const struct pay_response *r, GString *err)
{
	(void)c;
	(void)err;
	g_ptr_array_add(outcomes, g_strdup_printf("%s:%d", ref, (int)r->result));
	return ST_OK;
}

static char **fake_refs;
static enum status fake_unresolved(struct ctx *c, int64_t before, int limit, char ***refs, int *n,
				   GString *err)
{
	(void)c;
	(void)before;
	(void)limit;
	(void)err;
	*refs = fake_refs;
	*n = (int)g_strv_length(fake_refs);
	return ST_OK;
}

struct fx {
	char *dir;
	struct config cfg;
	struct db *db;
	struct arena *a;
	GString *err;
	struct ctx c;
};

static void setup(struct fx *fx, gconstpointer data)
{
	(void)data;
	fx->dir = g_dir_make_tmp("campus-payments-XXXXXX", NULL);
	config_defaults(&fx->cfg, fx->dir);
	g_free(fx->cfg.adyen_hmac_key);
	fx->cfg.adyen_hmac_key = g_strdup(KEY);
	fx->err = g_string_new(NULL);
	fx->db = db_open(fx->cfg.db_url, fx->err);
	g_assert_nonnull(fx->db);
	g_assert_cmpint(db_migrate(fx->db, fx->err), ==, ST_OK);
	fx->a = arena_new();
	fx->c = (struct ctx){.db = fx->db, .a = fx->a, .now = 1795000000, .cfg = &fx->cfg};
	applied = g_ptr_array_new_with_free_func(g_free);
	outcomes = g_ptr_array_new_with_free_func(g_free);
	payments_set_billing(&(struct payments_billing){fake_apply, fake_outcome, fake_unresolved});
}

static void teardown(struct fx *fx, gconstpointer data)
{
	(void)data;
	payments_set_billing(NULL);
	g_ptr_array_free(applied, TRUE);
	g_ptr_array_free(outcomes, TRUE);
	arena_free(fx->a);
	db_close(fx->db);
	g_string_free(fx->err, TRUE);
	char *db = g_build_filename(fx->dir, "campus.db", NULL);
	for (const char *suffix = ""; suffix; suffix = !*suffix                  ? "-wal"
						       : !strcmp(suffix, "-wal") ? "-shm"
										 : NULL) {
		char *f = g_strconcat(db, suffix, NULL);
		g_unlink(f);
		g_free(f);
	}
	g_free(db);
	g_rmdir(fx->dir);
	g_free(fx->dir);
	config_clear(&fx->cfg);
}

static enum status receive(struct fx *fx, const struct pay_event *ev, int *stored, int *dup)
{
	char *body = adyen_notification_json(ev, "CampusECOM", KEY);
	g_assert_cmpint(db_begin(fx->db, fx->err), ==, ST_OK);
	enum status st = payments_webhook_receive(&fx->c, body, strlen(body), stored, dup, fx->err);
	g_assert_cmpint(db_commit(fx->db, fx->err), ==, ST_OK);
	free(body);
	return st;
}

static void run_job(struct fx *fx)
{
	g_assert_cmpint(db_begin(fx->db, fx->err), ==, ST_OK);
	g_assert_cmpint(payments_notifications_job(&fx->c, "", fx->err), ==, ST_OK);
	g_assert_cmpint(db_commit(fx->db, fx->err), ==, ST_OK);
}

static struct pay_notification *find(struct fx *fx, const char *psp, const char *code)
{
	struct pay_notification **list = NULL;
	int n = 0;
	g_assert_cmpint(store_pn_list(fx->db, fx->a, 100, &list, &n, fx->err), ==, ST_OK);
	for (int i = 0; i < n; i++)
		if (!strcmp(list[i]->ev.psp_reference, psp) && !strcmp(list[i]->ev.event_code, code))
			return list[i];
	return NULL;
}

static void test_duplicates_change_nothing(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct pay_event ev = event("AUTHORISATION", "PSPDUP0000000001", NULL, "pay-dup", fx->c.now);
	int stored = 0, dup = 0, total_stored = 0, total_dup = 0;
	for (int i = 0; i < 3; i++) {
		g_assert_cmpint(receive(fx, &ev, &stored, &dup), ==, ST_OK);
		total_stored += stored;
		total_dup += dup;
	}
	g_assert_cmpint(total_stored, ==, 1);
	g_assert_cmpint(total_dup, ==, 2);
	run_job(fx);
	run_job(fx);
	g_assert_cmpuint(applied->len, ==, 1);
	g_assert_cmpstr(find(fx, "PSPDUP0000000001", "AUTHORISATION")->status, ==, "applied");
	/* The failure of the same payment is another notification. */
	ev.success = false;
	g_assert_cmpint(receive(fx, &ev, &stored, &dup), ==, ST_OK);
	g_assert_cmpint(stored, ==, 1);
}

static void test_forged_stores_nothing(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct pay_event ev = event("AUTHORISATION", "PSPFORGED0000001", NULL, "pay-f", fx->c.now);
	char *body = adyen_notification_json(&ev, "CampusECOM", "00112233445566778899AABBCCDDEEFF");
	int stored = 0, dup = 0;
	g_assert_cmpint(payments_webhook_receive(&fx->c, body, strlen(body), &stored, &dup, fx->err), ==,
			ST_UNAUTHORIZED);
	g_assert_null(find(fx, "PSPFORGED0000001", "AUTHORISATION"));
	free(body);
}

static void test_refund_before_authorisation(struct fx *fx, gconstpointer data)
{
	(void)data;
	int s, d;
	/* The REFUND arrives first (and even carries an earlier date). */
	struct pay_event refund =
		event("REFUND", "PSPREFUND0000001", "PSPAUTH000000001", "refund-1", fx->c.now - 60);
	struct pay_event auth = event("AUTHORISATION", "PSPAUTH000000001", NULL, "pay-1", fx->c.now - 30);
	g_assert_cmpint(receive(fx, &refund, &s, &d), ==, ST_OK);
	run_job(fx);
	g_assert_cmpuint(applied->len, ==, 0);
	struct pay_notification *r = find(fx, "PSPREFUND0000001", "REFUND");
	g_assert_cmpstr(r->status, ==, "pending");
	g_assert_nonnull(strstr(r->last_error, "waiting for the AUTHORISATION"));
	/* The AUTHORISATION comes: applied first, then the waiting REFUND,
	 * in the same run. */
	g_assert_cmpint(receive(fx, &auth, &s, &d), ==, ST_OK);
	fx->c.now += 120; /* past the REFUND's back-off */
	run_job(fx);
	g_assert_cmpuint(applied->len, ==, 2);
	g_assert_cmpstr(applied->pdata[0], ==, "AUTHORISATION:PSPAUTH000000001");
	g_assert_cmpstr(applied->pdata[1], ==, "REFUND:PSPREFUND0000001");
}

static void test_same_batch_order(struct fx *fx, gconstpointer data)
{
	(void)data;
	int s, d;
	struct pay_event refund =
		event("REFUND", "PSPREFUND0000002", "PSPAUTH000000002", "refund-2", fx->c.now - 60);
	struct pay_event auth = event("AUTHORISATION", "PSPAUTH000000002", NULL, "pay-2", fx->c.now - 30);
	g_assert_cmpint(receive(fx, &refund, &s, &d), ==, ST_OK);
	g_assert_cmpint(receive(fx, &auth, &s, &d), ==, ST_OK);
	run_job(fx);
	g_assert_cmpuint(applied->len, ==, 2);
	g_assert_cmpstr(applied->pdata[0], ==, "AUTHORISATION:PSPAUTH000000002");
}

static void test_unknown_and_not_yet(struct fx *fx, gconstpointer data)
{
	(void)data;
	int s, d;
	struct pay_event unknown = event("AUTHORISATION", "PSPUNKNOWN000001", NULL, "unknown-9", fx->c.now);
	struct pay_event later = event("AUTHORISATION", "PSPLATER00000001", NULL, "later-1", fx->c.now);
	g_assert_cmpint(receive(fx, &unknown, &s, &d), ==, ST_OK);
	g_assert_cmpint(receive(fx, &later, &s, &d), ==, ST_OK);
	run_job(fx);
	struct pay_notification *u = find(fx, "PSPUNKNOWN000001", "AUTHORISATION");
	g_assert_cmpstr(u->status, ==, "unknown_reference");
	struct pay_notification *l = find(fx, "PSPLATER00000001", "AUTHORISATION");
	g_assert_cmpstr(l->status, ==, "pending");
	g_assert_cmpint(l->attempts, ==, 1);
	/* Not due again before its back-off; then retried, the unknown not. */
	run_job(fx);
	g_assert_cmpint(find(fx, "PSPLATER00000001", "AUTHORISATION")->attempts, ==, 1);
	fx->c.now += 3600;
	run_job(fx);
	g_assert_cmpint(find(fx, "PSPLATER00000001", "AUTHORISATION")->attempts, ==, 2);
	g_assert_cmpint(find(fx, "PSPUNKNOWN000001", "AUTHORISATION")->attempts, ==, 1);
	g_assert_cmpuint(applied->len, ==, 0);
	/* The unknown reference is in the audit log (DATA-1). */
	int64_t nlog = 0;
	struct audit_entry **log = NULL;
	int nl = 0;
	g_assert_cmpint(store_audit_list(fx->db, fx->a, NULL, 0, 100, &log, &nl, fx->err), ==, ST_OK);
	for (int i = 0; i < nl; i++)
		nlog += !strcmp(log[i]->action, "payment.notification");
	g_assert_cmpint(nlog, ==, 1);
}

static void test_refusal_undoes_partial_writes(struct fx *fx, gconstpointer data)
{
	(void)data;
	int s, d;
	struct pay_event ev = event("AUTHORISATION", "PSPPARTIAL000001", NULL, "partial-1", fx->c.now);
	g_assert_cmpint(receive(fx, &ev, &s, &d), ==, ST_OK);
	run_job(fx);
	g_assert_cmpstr(find(fx, "PSPPARTIAL000001", "AUTHORISATION")->status, ==, "unknown_reference");
	struct audit_entry **log = NULL;
	int nl = 0;
	g_assert_cmpint(store_audit_list(fx->db, fx->a, "test", 1, 10, &log, &nl, fx->err), ==, ST_OK);
	g_assert_cmpint(nl, ==, 0);
}

static void test_reconciler(struct fx *fx, gconstpointer data)
{
	(void)data;
	/* A payment the simulator authorised while campus heard nothing. */
	struct clock *clk = clock_manual_new(fx->c.now);
	struct payment_provider *sim = payment_provider_new(&fx->cfg, clk, fx->err);
	g_assert_nonnull(sim);
	struct pay_request req = {.reference = "pay-lost",
				  .idempotency_key = "pay-lost",
				  .amount = 1900,
				  .currency = "EUR",
				  .shopper_reference = "user-1",
				  .return_url = "https://campus.test/r"};
	struct pay_response out;
	g_assert_cmpint(sim->pay(sim, &req, &out, fx->err), ==, ST_OK);
	g_assert_cmpint(out.result, ==, PAY_PENDING);
	const char *session = strrchr(out.redirect_url, '/') + 1;
	const char *next = NULL, *field = NULL;
	g_assert_cmpint(db_begin(fx->db, fx->err), ==, ST_OK);
	g_assert_cmpint(
		sim_pay_card(&fx->c, session, "4111111111111111", "12/39", "123", &next, &field, fx->err), ==,
		ST_OK);
	g_assert_cmpint(db_commit(fx->db, fx->err), ==, ST_OK);

	char *refs[] = {"pay-lost", "pay-never-sent", NULL};
	fake_refs = refs;
	fx->c.provider = sim;
	g_assert_cmpint(db_begin(fx->db, fx->err), ==, ST_OK);
	g_assert_cmpint(payments_reconcile_job(&fx->c, "", fx->err), ==, ST_OK);
	g_assert_cmpint(db_commit(fx->db, fx->err), ==, ST_OK);
	/* Resolved: authorised; the reference the provider never saw stays. */
	g_assert_cmpuint(outcomes->len, ==, 1);
	g_assert_cmpstr(outcomes->pdata[0], ==, "pay-lost:0");

	/* A provider that does not answer leaves it UNKNOWN: no outcome. */
	g_free(fx->cfg.adyen_base_url);
	fx->cfg.adyen_base_url = g_strdup("http://127.0.0.1:9");
	g_free(fx->cfg.adyen_api_key);
	fx->cfg.adyen_api_key = g_strdup("k");
	struct payment_provider *down = adyen_provider_new(&fx->cfg, fx->err);
	fx->c.provider = down;
	g_assert_cmpint(db_begin(fx->db, fx->err), ==, ST_OK);
	g_assert_cmpint(payments_reconcile_job(&fx->c, "", fx->err), ==, ST_OK);
	g_assert_cmpint(db_commit(fx->db, fx->err), ==, ST_OK);
	g_assert_cmpuint(outcomes->len, ==, 1);
	down->free(down);
	sim->free(sim);
	clock_free(clk);
	fx->c.provider = NULL;
}

/* billspeed2: in a batch of the billing run the simulator queues one
 * sim.notify.batch job for the batch's ContAuth charges, in the batch's
 * transaction, and signs each notification at delivery; a charge the
 * simulator refused and a batch rolled back leave none. */
static int batch_jobs(struct fx *fx, char **payload)
{
	struct job **jobs = NULL;
	int n = 0, found = 0;
	g_assert_cmpint(store_job_claim(fx->db, fx->a, fx->c.now, 1, 100, &jobs, &n, fx->err), ==, ST_OK);
	for (int i = 0; i < n; i++) {
		g_assert_cmpstr(jobs[i]->kind, !=, "sim.notify"); /* none one by one */
		if (!strcmp(jobs[i]->kind, "sim.notify.batch")) {
			found++;
			*payload = jobs[i]->payload;
		}
	}
	return found;
}

static void test_sim_batch_notifications(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct clock *clk = clock_manual_new(fx->c.now);
	struct payment_provider *sim = payment_provider_new(&fx->cfg, clk, fx->err);
	g_assert_nonnull(sim);
	struct sim_method m = {.id = "BATCHMETHOD00001",
			       .shopper_reference = "user-1",
			       .method = "card",
			       .card_summary = "Visa 1111"};
	g_assert_cmpint(store_sim_method_insert(fx->db, &m, fx->c.now, fx->err), ==, ST_OK);
	struct pay_request req = {.amount = 1900,
				  .currency = "EUR",
				  .shopper_reference = "user-1",
				  .stored_method_id = "BATCHMETHOD00001"};
	struct pay_response out;
	char psp[2][32];
	g_assert_cmpint(sim->batch_begin(sim, fx->err), ==, ST_OK);
	const char *refs[] = {"ren-b1", "ren-b2"};
	for (int i = 0; i < 2; i++) {
		req.reference = req.idempotency_key = refs[i];
		g_assert_cmpint(sim->pay(sim, &req, &out, fx->err), ==, ST_OK);
		g_assert_cmpint(out.result, ==, PAY_AUTHORISED);
		g_strlcpy(psp[i], out.psp_reference, sizeof(psp[i]));
	}
	struct pay_request bad = req;
	bad.reference = bad.idempotency_key = "ren-b3";
	bad.stored_method_id = "NOSUCHMETHOD0001";
	g_assert_cmpint(sim->pay(sim, &bad, &out, fx->err), ==, ST_INVALID);
	g_assert_cmpint(sim->batch_end(sim, true, fx->err), ==, ST_OK);
	char *payload = NULL;
	g_assert_cmpint(batch_jobs(fx, &payload), ==, 1);
	char *want = g_strdup_printf("%s\n%s", psp[0], psp[1]);
	g_assert_cmpstr(payload, ==, want);
	g_free(want);

	/* Delivered: each signed, verified and handed to billing in order. */
	g_assert_cmpint(db_begin(fx->db, fx->err), ==, ST_OK);
	g_assert_cmpint(payments_sim_notify_batch_job(&fx->c, payload, fx->err), ==, ST_OK);
	g_assert_cmpint(db_commit(fx->db, fx->err), ==, ST_OK);
	g_assert_cmpuint(applied->len, ==, 2);
	for (int i = 0; i < 2; i++) {
		char *e = g_strdup_printf("AUTHORISATION:%s", psp[i]);
		g_assert_cmpstr(applied->pdata[i], ==, e);
		g_free(e);
	}
	struct pay_notification *pn = find(fx, psp[1], "AUTHORISATION");
	g_assert_cmpstr(pn->ev.merchant_reference, ==, "ren-b2");
	g_assert_cmpint(pn->ev.event_date, ==, fx->c.now);

	/* A batch rolled back: its charge and its notification never were. */
	g_assert_cmpint(sim->batch_begin(sim, fx->err), ==, ST_OK);
	req.reference = req.idempotency_key = "ren-b4";
	g_assert_cmpint(sim->pay(sim, &req, &out, fx->err), ==, ST_OK);
	g_assert_cmpint(sim->batch_end(sim, false, fx->err), ==, ST_OK);
	g_assert_cmpint(batch_jobs(fx, &payload), ==, 0);
	struct sim_payment *sp = NULL;
	g_assert_cmpint(store_sim_get(fx->db, fx->a, "key", "ren-b4", &sp, fx->err), ==, ST_NOTFOUND);
	sim->free(sim);
	clock_free(clk);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	secrets_init();
	g_test_add_func("/payments/result-mapping", test_result_mapping);
	g_test_add_func("/payments/request/first-and-renewal", test_request_first_and_renewal);
	g_test_add_func("/payments/request/refusals", test_request_parse_refusals);
	g_test_add_func("/payments/response/fixtures", test_response_fixtures);
	g_test_add_func("/payments/notification/roundtrip-forgery", test_notification_roundtrip_and_forgery);
	g_test_add("/payments/pipeline/duplicates", struct fx, NULL, setup, test_duplicates_change_nothing,
		   teardown);
	g_test_add("/payments/pipeline/forged", struct fx, NULL, setup, test_forged_stores_nothing, teardown);
	g_test_add("/payments/pipeline/refund-before-authorisation", struct fx, NULL, setup,
		   test_refund_before_authorisation, teardown);
	g_test_add("/payments/pipeline/same-batch-order", struct fx, NULL, setup, test_same_batch_order,
		   teardown);
	g_test_add("/payments/pipeline/unknown-and-not-yet", struct fx, NULL, setup, test_unknown_and_not_yet,
		   teardown);
	g_test_add("/payments/pipeline/refusal-undoes-partial-writes", struct fx, NULL, setup,
		   test_refusal_undoes_partial_writes, teardown);
	g_test_add("/payments/reconciler", struct fx, NULL, setup, test_reconciler, teardown);
	g_test_add("/payments/simulator/batch-notifications", struct fx, NULL, setup,
		   test_sim_batch_notifications, teardown);
	return g_test_run();
}
