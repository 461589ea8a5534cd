/* The billing JSON API (issue 4 §8): offers, checkout, the subscriber's
 * subscription, invoices and their PDF, transactions, the invitation link,
 * finance exports, staff and admin actions. Every rule is decided by the
 * use cases in billing/; this file only reads JSON and writes JSON. */
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "billing/billing.h"
#include "billing/invoice_pdf.h"
#include "billing/rules.h"
#include "web/page_premium.h"
#include "web/pages.h"
#include "web/pages_billing.h"

#include "base/banned.h"

enum { LIST_MAX = 1000 };

static json_t *rfc3339(int64_t t)
{
	char buf[32];
	dates_format_rfc3339(t, buf, sizeof(buf));
	return json_string(buf);
}

static void done(struct req *r, enum status st, GString *err)
{
	respond_error(r, st, err->str);
	g_string_free(err, TRUE);
}

/* GET /api/v1/offers: each offer with its prices in force now (PAY-1). */
void offers_api(struct req *r)
{
	struct bl_offer *o = NULL;
	struct bl_price *p = NULL;
	int n = 0, np = 0;
	if (!bw_offers_prices(r, &o, &n, &p, &np))
		return;
	int64_t now = req_ctx(r)->now;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *prices = json_object();
		for (int k = 0; k < np; k++) /* ascending valid_from: the last in force wins */
			if (p[k].offer_id == o[i].id && p[k].valid_from <= now)
				json_object_set_new(prices, p[k].currency, json_integer(p[k].amount));
		json_array_append_new(arr, json_pack("{sI ss si ss ss sb so}", "id", (json_int_t)o[i].id,
						     "code", o[i].code, "months", o[i].months, "name",
						     billing_offer_name(&o[i], r->lang), "name_fr",
						     o[i].name_fr, "active", o[i].active, "prices", prices));
	}
	respond_json(r, 200, json_pack("{so}", "offers", arr));
}

static json_t *order_json(const struct bl_order *o)
{
	json_t *review = json_loads(o->review_json, 0, NULL);
	return json_pack("{ss ss so* sI ss}", "id", o->public_id, "state", o->state, "review", review,
			 "total_now", (json_int_t)o->amount_now, "currency", o->currency);
}

/* POST /api/v1/checkout {offer, promo_code?, invitation?} */
void checkout_api_start(struct req *r)
{
	GString *err = g_string_new(NULL);
	GArray *errs = field_errors_new();
	struct checkout_form f = {.offer = json_field(r, "offer", errs),
				  .promo_code = json_field(r, "promo_code", errs),
				  .invitation = json_field(r, "invitation", errs)};
	struct bl_order o;
	enum status st = errs->len ? ST_INVALID : billing_checkout_start(req_ctx(r), &f, &o, err);
	if (st == ST_OK)
		respond_json(r, 201, order_json(&o));
	else
		respond_problem(r, st, err->len ? err->str : "some fields need attention", errs);
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

/* GET /api/v1/checkout/{id}: the PAY-2 review. */
void checkout_api_get(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct bl_order o;
	enum status st = billing_checkout_get(req_ctx(r), r->params[0], &o, err);
	if (st != ST_OK)
		return done(r, st, err);
	respond_json(r, 200, order_json(&o));
	g_string_free(err, TRUE);
}

/* POST /api/v1/checkout/{id}/confirm {accept_terms, terms_version, guardian_email?} */
void checkout_api_confirm(struct req *r)
{
	GString *err = g_string_new(NULL);
	json_t *acc = r->json ? json_object_get(r->json, "accept_terms") : NULL;
	json_t *ver = r->json ? json_object_get(r->json, "terms_version") : NULL;
	struct checkout_confirm f = {.accept_terms = json_is_true(acc),
				     .terms_version = json_is_integer(ver) ? (int)json_integer_value(ver) : 0,
				     .guardian_email = json_str(r, "guardian_email")};
	const char *state = NULL, *url = NULL;
	enum status st = billing_checkout_confirm(req_ctx(r), r->params[0], &f, &state, &url, err);
	if (st != ST_OK) {
		respond_problem(r, st, err->str, NULL);
	} else {
		respond_json(r, !strcmp(state, "paid") ? 200 : 202,
			     json_pack("{ss ss* ss}", "state", state, "redirect_url", *url ? url : NULL,
				       "order", r->params[0]));
	}
	g_string_free(err, TRUE);
}

/* POST /api/v1/guardian-consents {token} (ACC-3) */
void guardian_consent_api(struct req *r)
{
	GString *err = g_string_new(NULL);
	enum status st = billing_guardian_consent(req_ctx(r), json_str(r, "token"), err);
	if (st != ST_OK)
		return done(r, st, err);
	respond_json(r, 200, json_pack("{ss}", "state", "open"));
	g_string_free(err, TRUE);
}

static json_t *sub_json(struct req *r, const struct bl_sub *s)
{
	enum sub_state state;
	bool entitled =
		sub_state_parse(s->state, &state) && billing_entitled(state, req_ctx(r)->now, s->period_end);
	json_t *j = json_pack(
		"{sI ss sb sb si ss sI so so so sI ss ss so* so* ss}", "id", (json_int_t)s->id, "state",
		s->state, "cancel_at_term", s->cancel_at_term, "premium", entitled, "months", s->months,
		"currency", s->currency, "price", (json_int_t)s->price, "started_at", rfc3339(s->started_at),
		"period_start", rfc3339(s->period_start), "period_end", rfc3339(s->period_end), "period",
		(json_int_t)s->period, "payment_method", s->method_summary, "end_reason", s->end_reason,
		"first_premium_use_at", s->first_premium_use_at ? rfc3339(s->first_premium_use_at) : NULL,
		"ended_at", s->ended_at ? rfc3339(s->ended_at) : NULL, "method", s->method);
	if (s->price_next)
		json_object_set_new(j, "next_price",
				    json_pack("{sI so}", "amount", (json_int_t)s->price_next, "from",
					      rfc3339(s->price_next_from)));
	if (s->debt_due_at)
		json_object_set_new(j, "overdue_since", rfc3339(s->debt_due_at));
	if (s->notice_at)
		json_object_set_new(j, "formal_notice_at", rfc3339(s->notice_at));
	if (s->suspended_at)
		json_object_set_new(j, "suspended_at", rfc3339(s->suspended_at));
	return j;
}

/* GET /api/v1/subscription */
void subscription_api_get(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct ctx *c = req_ctx(r);
	struct bl_sub s;
	enum status st = billing_subscription_get(c, r->user->id, &s, err);
	if (st != ST_OK)
		return done(r, st, err);
	json_t *j = sub_json(r, &s);
	int64_t owed = 0;
	if (billing_owed(c, &s, &owed, err) == ST_OK)
		json_object_set_new(j, "owed", json_integer(owed));
	struct bl_voucher *v = NULL;
	int nv = 0;
	if (store_bl_voucher_list(c->db, r->a, s.id, &v, &nv, err) == ST_OK) {
		json_t *arr = json_array();
		for (int i = 0; i < nv; i++)
			json_array_append_new(
				arr, json_pack("{so sI sI ss}", "earned_at", rfc3339(v[i].earned_at),
					       "amount", (json_int_t)v[i].amount, "remaining",
					       (json_int_t)v[i].remaining, "currency", v[i].currency));
		json_object_set_new(j, "vouchers", arr);
	}
	respond_json(r, 200, j);
	g_string_free(err, TRUE);
}

static void sub_action(struct req *r, enum status (*fn)(struct ctx *, GString *))
{
	GString *err = g_string_new(NULL);
	enum status st = fn(req_ctx(r), err);
	if (st != ST_OK)
		return done(r, st, err);
	struct bl_sub s;
	st = billing_subscription_get(req_ctx(r), r->user->id, &s, err);
	if (st != ST_OK)
		return done(r, st, err);
	respond_json(r, 200, sub_json(r, &s));
	g_string_free(err, TRUE);
}

void subscription_api_cancel(struct req *r)
{
	sub_action(r, billing_cancel); /* SOLO-3 */
}

void subscription_api_undo(struct req *r)
{
	sub_action(r, billing_undo_cancel); /* SOLO-3 */
}

void subscription_api_withdraw(struct req *r)
{
	sub_action(r, billing_withdraw); /* SOLO-6 */
}

/* POST /api/v1/subscription/pay: everything owed, on the hosted page (PAY-5). */
void subscription_api_pay(struct req *r)
{
	GString *err = g_string_new(NULL);
	const char *url = NULL;
	enum status st = billing_pay_owed(req_ctx(r), &url, err);
	if (st != ST_OK)
		return done(r, st, err);
	respond_json(r, 202, json_pack("{ss}", "redirect_url", url));
	g_string_free(err, TRUE);
}

static json_t *invoice_json(const struct bl_invoice *v)
{
	return json_pack("{ss ss so sI sI sI ss so so si ss}", "number", v->number, "kind", v->kind,
			 "issued_at", rfc3339(v->issued_at), "net", (json_int_t)v->net, "vat",
			 (json_int_t)v->vat, "gross", (json_int_t)v->gross, "currency", v->currency,
			 "period_start", rfc3339(v->period_start), "period_end", rfc3339(v->period_end),
			 "period", v->period, "pdf", "");
}

/* GET /api/v1/invoices: the subscriber's invoices and credit notes (INV-1). */
void invoices_api(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct bl_invoice *v = NULL;
	int n = 0;
	enum status st = store_bl_invoice_by_user(req_db(r), r->a, r->user->id, LIST_MAX, &v, &n, err);
	if (st != ST_OK)
		return done(r, st, err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *j = invoice_json(&v[i]);
		json_object_set_new(j, "pdf",
				    json_string(arena_printf(r->a, "/api/v1/invoices/%s/pdf", v[i].number)));
		json_array_append_new(arr, j);
	}
	respond_json(r, 200, json_pack("{so}", "invoices", arr));
	g_string_free(err, TRUE);
}

/* GET /api/v1/invoices/{number}/pdf: in the subscriber's language (ACC-4);
 * staff and finance may read any. */
void invoice_api_pdf(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct ctx *c = req_ctx(r);
	struct bl_invoice v;
	enum status st = store_bl_invoice_by_number(c->db, r->a, r->params[0], &v, err);
	bool may = st == ST_OK &&
		   (v.user_id == r->user->id || (r->user->roles & (ROLE_STAFF | ROLE_FINANCE | ROLE_ADMIN)));
	if (st == ST_OK && !may) {
		st = ST_NOTFOUND;
		g_string_assign(err, "invoice not found");
	}
	struct bl_invoice_line *ln = NULL;
	int n = 0;
	struct bl_sub s;
	if (st == ST_OK)
		st = store_bl_invoice_lines(c->db, r->a, v.id, &ln, &n, err);
	if (st == ST_OK)
		st = store_bl_sub_by_id(c->db, r->a, v.subscription_id, &s, err);
	struct bl_invoice ref = {0};
	if (st == ST_OK && v.refers_to)
		st = store_bl_invoice_by_id(c->db, r->a, v.refers_to, &ref, err);
	struct bl_debt *d = NULL;
	int nd = 0;
	if (st == ST_OK)
		st = store_bl_debt_open(c->db, r->a, s.id, &d, &nd, err);
	if (st != ST_OK)
		return done(r, st, err);
	bool unpaid = false;
	for (int i = 0; i < nd; i++)
		unpaid |= d[i].invoice_id == v.id;
	struct invoice_line *lines = arena_alloc(r->a, sizeof(*lines) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		lines[i] = (struct invoice_line){.description = ln[i].description,
						 .quantity = ln[i].quantity,
						 .unit_price = ln[i].unit_price,
						 .vat_rate_bp = ln[i].vat_rate_bp};
	GTimeZone *tz = g_time_zone_new_identifier(c->cfg->timezone);
	bool credit = !strcmp(v.kind, "credit_note");
	struct invoice_doc doc = {
		.kind = credit ? INVOICE_KIND_CREDIT_NOTE : INVOICE_KIND_INVOICE,
		.lang = v.lang,
		.number = v.number,
		.refers_to = credit ? ref.number : NULL,
		.currency = v.currency,
		.seller = {.name = c->cfg->seller_name,
			   .address = c->cfg->seller_address,
			   .vat_number = c->cfg->seller_vat_number},
		.buyer = {.name = v.buyer_name, .country = v.buyer_country, .email = v.buyer_email},
		.tz = tz,
		.issued_at = v.issued_at,
		.period_start = v.period_start,
		.period_end = v.period_end,
		.due_at = v.period_start,
		.paid_at = v.issued_at,
		.status = credit   ? INVOICE_PAYMENT_REFUNDED
			  : unpaid ? INVOICE_PAYMENT_DUE
				   : INVOICE_PAYMENT_PAID,
		.method = unpaid                        ? INVOICE_METHOD_NONE
			  : !strcmp(s.method, "paypal") ? INVOICE_METHOD_PAYPAL
							: INVOICE_METHOD_CARD,
		.late_fixed_fee = c->cfg->late_fixed_fee,
		.late_monthly_rate = c->cfg->late_monthly_rate,
		.lines = lines,
		.n_lines = (size_t)n,
	};
	GByteArray *pdf = g_byte_array_new();
	st = invoice_pdf(&doc, pdf, err);
	g_time_zone_unref(tz);
	if (st != ST_OK) {
		g_byte_array_free(pdf, TRUE);
		return done(r, st, err);
	}
	r->h->resp_type = "application/pdf";
	g_string_append_len(r->h->out, (const char *)pdf->data, (gssize)pdf->len);
	http_add_header(r->h, "Content-Disposition",
			arena_printf(r->a, "inline; filename=\"%s.pdf\"", v.number));
	g_byte_array_free(pdf, TRUE);
	g_string_free(err, TRUE);
}

/* GET /api/v1/transactions (INV-2): charge, refund, fee, voucher. */
void transactions_api(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct bl_tx *t = NULL;
	int n = 0;
	enum status st = store_bl_tx_by_user(req_db(r), r->a, r->user->id, LIST_MAX, &t, &n, err);
	if (st != ST_OK)
		return done(r, st, err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{ss so sI ss ss ss}", "kind", t[i].kind, "at",
						     rfc3339(t[i].at), "amount", (json_int_t)t[i].amount,
						     "currency", t[i].currency, "status", t[i].status,
						     "reference", t[i].reference));
	respond_json(r, 200, json_pack("{so}", "transactions", arr));
	g_string_free(err, TRUE);
}

/* GET /api/v1/invitation (REF-1): the personal invitation link. */
void invitation_api(struct req *r)
{
	GString *err = g_string_new(NULL);
	char *code = NULL;
	enum status st = billing_invitation(req_ctx(r), r->user->id, &code, err);
	if (st != ST_OK)
		return done(r, st, err);
	respond_json(r, 200,
		     json_pack("{ss ss}", "code", code, "link",
			       arena_printf(r->a, "%s/premium?invitation=%s", r->app->cfg->base_url, code)));
	g_string_free(err, TRUE);
}

static bool path_id(struct req *r, int64_t *id)
{
	char *end = NULL;
	long long v = strtoll(r->params[0], &end, 10);
	if (*end || v <= 0) {
		respond_problem_code(r, 404, "Not found", "no such subscription");
		return false;
	}
	*id = v;
	return true;
}

/* GET /api/v1/subscriptions (staff): the latest subscriptions. */
void subscriptions_api_list(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct bl_sub *s = NULL;
	int n = 0;
	enum status st = store_bl_sub_list(req_db(r), r->a, 200, &s, &n, err);
	if (st != ST_OK)
		return done(r, st, err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *j = sub_json(r, &s[i]);
		json_object_set_new(j, "user_id", json_integer(s[i].user_id));
		json_object_set_new(j, "stored_method_id", json_string(s[i].stored_method_id));
		json_array_append_new(arr, j);
	}
	respond_json(r, 200, json_pack("{so}", "subscriptions", arr));
	g_string_free(err, TRUE);
}

/* POST /api/v1/subscriptions/{id}/terminate {reason} (SOLO-5) */
void subscription_api_terminate(struct req *r)
{
	int64_t id;
	if (!path_id(r, &id))
		return;
	GString *err = g_string_new(NULL);
	enum status st = billing_terminate(req_ctx(r), id, json_str(r, "reason"), err);
	if (st != ST_OK)
		return done(r, st, err);
	struct bl_sub s;
	if ((st = store_bl_sub_by_id(req_db(r), r->a, id, &s, err)) != ST_OK)
		return done(r, st, err);
	json_t *j = sub_json(r, &s);
	json_object_set_new(j, "reason", json_string(s.end_note));
	respond_json(r, 200, j);
	g_string_free(err, TRUE);
}

/* POST /api/v1/subscriptions/{id}/refund {reason} */
void subscription_api_refund(struct req *r)
{
	int64_t id;
	if (!path_id(r, &id))
		return;
	GString *err = g_string_new(NULL);
	enum status st = billing_staff_refund(req_ctx(r), id, json_str(r, "reason"), err);
	if (st != ST_OK)
		return done(r, st, err);
	respond_json(r, 202, json_pack("{ss}", "state", "refund requested"));
	g_string_free(err, TRUE);
}

/* PATCH /api/v1/admin/offers/{code} {name_en?, name_fr?, active?} */
void admin_offer_api(struct req *r)
{
	GString *err = g_string_new(NULL);
	json_t *act = r->json ? json_object_get(r->json, "active") : NULL;
	enum status st = billing_offer_update(req_ctx(r), r->params[0], json_str(r, "name_en"),
					      json_str(r, "name_fr"), act ? json_is_true(act) : true, err);
	if (st != ST_OK)
		return done(r, st, err);
	respond_json(r, 200, json_pack("{ss}", "code", r->params[0]));
	g_string_free(err, TRUE);
}

/* POST /api/v1/admin/prices {offer, currency, amount} */
void admin_price_api(struct req *r)
{
	GString *err = g_string_new(NULL);
	json_t *amt = r->json ? json_object_get(r->json, "amount") : NULL;
	if (!json_is_integer(amt)) {
		g_string_assign(err, "amount: a whole number of cents, tax included");
		respond_problem(r, ST_INVALID, err->str, NULL);
		g_string_free(err, TRUE);
		return;
	}
	int64_t noticed = 0;
	enum status st = billing_price_set(req_ctx(r), json_str(r, "offer"), json_str(r, "currency"),
					   json_integer_value(amt), &noticed, err);
	if (st != ST_OK)
		return done(r, st, err);
	int64_t from = req_ctx(r)->now + (int64_t)r->app->cfg->price_change_notice_days * 86400;
	respond_json(r, 201,
		     json_pack("{sI so}", "subscribers_noticed", (json_int_t)noticed, "subscribers_from",
			       rfc3339(from)));
	g_string_free(err, TRUE);
}

static json_t *promo_json(const struct bl_promo *p)
{
	return json_pack("{sI ss so so ss ss si sI ss si si si sb}", "id", (json_int_t)p->id, "code", p->code,
			 "starts_at", rfc3339(p->starts_at), "ends_at", rfc3339(p->ends_at), "offers",
			 p->offer_ids, "kind", p->kind, "percent_bp", p->percent_bp, "amount_off",
			 (json_int_t)p->amount_off, "currency", p->currency, "periods", p->periods,
			 "max_redemptions", p->max_redemptions, "redemptions", p->redemptions,
			 "new_subscribers_only", p->new_only);
}

/* GET /api/v1/admin/promo-codes */
void admin_promos_api(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct bl_promo *p = NULL;
	int n = 0;
	enum status st = store_bl_promo_list(req_db(r), r->a, &p, &n, err);
	if (st != ST_OK)
		return done(r, st, err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, promo_json(&p[i]));
	respond_json(r, 200, json_pack("{so}", "promo_codes", arr));
	g_string_free(err, TRUE);
}

static int64_t jint(struct req *r, const char *k)
{
	json_t *v = r->json ? json_object_get(r->json, k) : NULL;
	return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* POST /api/v1/admin/promo-codes {code, starts_at, ends_at, offers: ["monthly"], kind, percent |
 * amount_off + currency, periods, max_redemptions?, new_subscribers_only?} (PROMO-1) */
void admin_promo_create_api(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct bl_promo p = {
		.code = (char *)json_str(r, "code"),
		.kind = (char *)json_str(r, "kind"),
		.percent_bp = (int)(jint(r, "percent") * 100),
		.amount_off = jint(r, "amount_off"),
		.currency = (char *)json_str(r, "currency"),
		.periods = (int)jint(r, "periods"),
		.max_redemptions = (int)jint(r, "max_redemptions"),
		.new_only = json_is_true(r->json ? json_object_get(r->json, "new_subscribers_only") : NULL)};
	const char *s = json_str(r, "starts_at"), *e = json_str(r, "ends_at");
	if (!s || !dates_parse_rfc3339(s, &p.starts_at) || !e || !dates_parse_rfc3339(e, &p.ends_at)) {
		respond_problem(r, ST_INVALID, "starts_at, ends_at: RFC 3339 instants", NULL);
		g_string_free(err, TRUE);
		return;
	}
	json_t *offers = r->json ? json_object_get(r->json, "offers") : NULL;
	GString *ids = g_string_new(NULL);
	size_t i;
	json_t *o;
	enum status st = ST_OK;
	json_array_foreach(offers, i, o)
	{
		struct bl_offer of;
		if (!json_is_string(o) ||
		    store_bl_offer_by_code(req_db(r), r->a, json_string_value(o), &of, err) != ST_OK) {
			st = ST_INVALID;
			g_string_assign(err, "offers: a list of offer codes (monthly, annual)");
			break;
		}
		g_string_append_printf(ids, "%s%lld", ids->len ? "," : "", (long long)of.id);
	}
	p.offer_ids = arena_strdup(r->a, ids->str);
	g_string_free(ids, TRUE);
	if (st == ST_OK)
		st = billing_promo_create(req_ctx(r), &p, err);
	if (st != ST_OK) {
		respond_problem(r, st, err->str, NULL);
		g_string_free(err, TRUE);
		return;
	}
	p.currency = p.currency ? p.currency : "";
	respond_json(r, 201, promo_json(&p));
	g_string_free(err, TRUE);
}
