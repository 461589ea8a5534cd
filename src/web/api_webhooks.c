/* POST /webhooks/adyen: the provider's standard notifications.
 *
 * Decision on a wrong signature: 401 and nothing stored. Adyen's guidance
 * is to verify the HMAC and not act on an item that fails; answering 401
 * (rather than "[accepted]") makes a real delivery signed with a rotated
 * key show up as failing in the Customer Area and be retried by Adyen once
 * the key is fixed, so nothing is lost, while a forger learns nothing he
 * did not know. Valid items are stored before "[accepted]" is answered, and
 * applied later by the payments.notifications job (payments/webhooks.c).
 *
 * GET /api/v1/payment-notifications (admin): the stored items and their
 * status, for finance and for the tests. */
#include <string.h>

#include "base/secrets.h"
#include "payments/payments.h"
#include "store/store_payments.h"
#include "web/pages_payments.h"

#include "base/banned.h"

enum { MAX_WEBHOOK_BODY = 128 * 1024 };

/* Basic auth as configured; true when none is configured. */
static bool basic_ok(struct req *r)
{
	const struct config *cfg = r->app->cfg;
	if (!*cfg->webhook_user)
		return true;
	const char *h = http_header(r->h, "Authorization");
	if (!h || g_ascii_strncasecmp(h, "Basic ", 6))
		return false;
	gsize len = 0;
	guchar *dec = g_base64_decode(h + 6, &len);
	char *got = g_strndup((const char *)dec, len);
	char *want = g_strdup_printf("%s:%s", cfg->webhook_user, cfg->webhook_password);
	bool ok = strlen(got) == len && secrets_equal(got, want);
	g_free(dec);
	g_free(got);
	g_free(want);
	return ok;
}

static void plain(struct req *r, unsigned code, const char *text)
{
	r->h->status = code;
	r->h->resp_type = "text/plain; charset=utf-8";
	g_string_assign(r->h->out, text);
}

void adyen_webhook(struct req *r)
{
	if (!basic_ok(r)) {
		http_add_header_static(r->h, "WWW-Authenticate", "Basic realm=\"campus webhooks\"");
		plain(r, 401, "unauthorized\n");
		return;
	}
	if (r->h->body->len > MAX_WEBHOOK_BODY) {
		plain(r, 413, "notification too large\n");
		return;
	}
	struct ctx *c = req_ctx(r);
	GString *err = g_string_new(NULL);
	int stored = 0, dup = 0;
	enum status st = db_begin(c->db, err);
	if (st == ST_OK) {
		st = payments_webhook_receive(c, r->h->body->str, r->h->body->len, &stored, &dup, err);
		if (st == ST_OK)
			st = db_commit(c->db, err);
		else
			db_rollback(c->db);
	}
	if (st == ST_OK) {
		plain(r, 200, "[accepted]");
	} else if (st == ST_UNAUTHORIZED) {
		g_printerr("campus: webhook refused: %s\n", err->str);
		plain(r, 401, "invalid HMAC signature\n");
	} else if (st == ST_INVALID) {
		GString *m = g_string_new(err->str);
		g_string_append_c(m, '\n');
		plain(r, 400, m->str);
		g_string_free(m, TRUE);
	} else {
		/* Not stored: a non-2xx answer makes Adyen deliver it again. */
		g_printerr("campus: webhook not stored: %s\n", err->str);
		plain(r, 503, "try again later\n");
	}
	g_string_free(err, TRUE);
}

void payment_notifications_api(struct req *r)
{
	struct pay_notification **list = NULL;
	int n = 0;
	GString *err = g_string_new(NULL);
	const char *lim = http_query(r->h, "limit");
	int limit = lim ? atoi(lim) : 100;
	limit = CLAMP(limit, 1, 1000);
	enum status st = store_pn_list(req_db(r), r->a, limit, &list, &n, err);
	if (st != ST_OK) {
		respond_problem(r, st, err->str, NULL);
		g_string_free(err, TRUE);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		const struct pay_notification *p = list[i];
		json_array_append_new(
			items,
			json_pack("{s:I, s:s, s:s, s:b, s:s, s:s, s:I, s:s, s:s, s:s, s:I, s:s, s:i, s:s}",
				  "id", (json_int_t)p->id, "psp_reference", p->ev.psp_reference, "event_code",
				  p->ev.event_code, "success", p->ev.success, "original_reference",
				  p->ev.original_reference, "merchant_reference", p->ev.merchant_reference,
				  "amount", (json_int_t)p->ev.amount, "currency", p->ev.currency,
				  "stored_method_id", p->ev.stored_method_id, "reason", p->ev.reason,
				  "event_date", (json_int_t)p->ev.event_date, "status", p->status, "attempts",
				  p->attempts, "last_error", p->last_error));
	}
	respond_json(r, 200, json_pack("{s:o}", "items", items));
	g_string_free(err, TRUE);
}
