/* /settings/premium — the Premium tab (issue 4 §5): without a
 * subscription, the offers and the checkout (choose → review with
 * everything PAY-2 lists and a way back → terms acceptance ACC-1 →
 * hosted payment page); with one, the plan, next due date and amount,
 * the payment method, unsubscribe / undo (SOLO-3), withdraw (SOLO-6),
 * pay what is owed (PAY-5), invoices (INV-1), transactions (INV-2), the
 * invitation link and vouchers (REF-1/2). Every rule is decided by the
 * billing use cases. */
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "billing/billing.h"
#include "billing/invoice_pdf.h"
#include "billing/rules.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages_billing.h"

#include "base/banned.h"

static void tabs(struct req *r)
{
	html_put(r->h->out,
		 "<nav class=\"tabs\" aria-label=\"%s\"><a href=\"/settings\">%s</a><a "
		 "href=\"/settings/security\">%s</a>"
		 "<a href=\"/settings/premium\" aria-current=\"page\">%s</a></nav>",
		 T(r, "Settings"), T(r, "Profile"), T(r, "Security"), T(r, "Premium"));
}

static const char *amount(struct req *r, int64_t cents, const char *currency)
{
	char buf[INVOICE_AMOUNT_BUFSIZE];
	invoice_format_amount(r->lang, currency, cents, buf, sizeof(buf));
	return arena_strdup(r->a, buf);
}

static const char *day(struct req *r, int64_t t)
{
	char buf[64];
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	dates_format_human(tz, t, r->lang, buf, sizeof(buf));
	g_time_zone_unref(tz);
	return arena_strdup(r->a, buf);
}

static void begin(struct req *r, const char *notice, const char *error)
{
	page_begin(r, T(r, "Premium"));
	html_put(r->h->out, "<h1>%s</h1>", T(r, "Settings"));
	tabs(r);
	html_lit(r->h->out, "<div class=\"panel wide\">");
	if (notice)
		html_put(r->h->out, "<div class=\"alert ok\" role=\"status\">%s</div>", notice);
	if (error)
		html_put(r->h->out, "<div class=\"alert err\" role=\"alert\">%s</div>", error);
}

static void end(struct req *r)
{
	html_lit(r->h->out, "</div>");
	page_end(r);
}

/* A POST button to action. */
static void button(struct req *r, const char *action, const char *label, bool secondary)
{
	html_put(r->h->out, "<form class=\"inline\" method=\"post\" action=\"%s\">", action);
	form_csrf(r);
	html_put(r->h->out, "<button type=\"submit\"%s>%s</button></form> ",
		 secondary ? " class=\"secondary\"" : "", label);
}

static void offers(struct req *r)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct bl_offer *of = NULL;
	int n = 0;
	if (store_bl_offer_list(req_db(r), r->a, &of, &n, err) != ST_OK)
		n = 0;
	html_put(o, "<h2>%s</h2><p>%s</p>", T(r, "Become Premium Solo"),
		 T(r, "Certificates, video downloads and peer-reviewed homework. Prices include VAT."));
	html_lit(o, "<form method=\"post\" action=\"/settings/premium/checkout\">");
	form_csrf(r);
	html_put(o, "<fieldset><legend>%s</legend>", T(r, "Choose your plan"));
	for (int i = 0; i < n; i++) {
		if (!of[i].active)
			continue;
		int64_t price = 0;
		const char *cur = !g_strcmp0(r->user->country, "CH")   ? "CHF"
				  : !g_strcmp0(r->user->country, "GB") ? "GBP"
								       : "EUR";
		if (store_bl_price_at(req_db(r), of[i].id, cur, req_ctx(r)->now, &price, NULL, err) !=
		    ST_OK) {
			cur = "EUR";
			if (store_bl_price_at(req_db(r), of[i].id, cur, req_ctx(r)->now, &price, NULL, err) !=
			    ST_OK)
				continue;
		}
		html_put(o,
			 "<div class=\"check\"><input type=\"radio\" name=\"offer\" id=\"offer-%s\" "
			 "value=\"%s\"%s>"
			 "<label for=\"offer-%s\">%s — %s %s</label></div>",
			 of[i].code, of[i].code, i == 0 ? " checked" : "", of[i].code,
			 billing_offer_name(&of[i], r->lang), amount(r, price, cur),
			 of[i].months == 1 ? T(r, "per month") : T(r, "per year"));
	}
	html_lit(o, "</fieldset>");
	form_input(
		r, NULL,
		&(struct input){"promo_code", T(r, "Promo code (optional)"), "text", "", "off", NULL, false});
	const char *inv = http_query(r->h, "invitation");
	if (inv)
		html_put(o, "<input type=\"hidden\" name=\"invitation\" value=\"%s\">", inv);
	html_put(o, "<button type=\"submit\">%s</button></form>", T(r, "Continue to the review"));
	g_string_free(err, TRUE);
}

static void lists(struct req *r, const struct bl_sub *s)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct bl_invoice *v = NULL;
	int n = 0;
	html_put(o, "<h2>%s</h2>", T(r, "Invoices"));
	if (store_bl_invoice_by_user(req_db(r), r->a, r->user->id, 1000, &v, &n, err) == ST_OK && n) {
		html_put(o,
			 "<table "
			 "class=\"sim-cards\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></"
			 "thead><tbody>",
			 T(r, "Number"), T(r, "Date"), T(r, "Amount"), T(r, "Document"));
		for (int i = 0; i < n; i++)
			html_put(o,
				 "<tr><td>%s</td><td>%s</td><td>%s</td><td><a "
				 "href=\"/api/v1/invoices/%s/pdf\">PDF</a></td></tr>",
				 v[i].number, day(r, v[i].issued_at), amount(r, v[i].gross, v[i].currency),
				 v[i].number);
		html_lit(o, "</tbody></table>");
	}
	struct bl_tx *t = NULL;
	html_put(o, "<h2>%s</h2>", T(r, "Transactions"));
	if (store_bl_tx_by_user(req_db(r), r->a, r->user->id, 1000, &t, &n, err) == ST_OK && n) {
		html_put(o,
			 "<table "
			 "class=\"sim-cards\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></"
			 "thead><tbody>",
			 T(r, "Date"), T(r, "Kind"), T(r, "Amount"), T(r, "Status"));
		for (int i = 0; i < n; i++)
			html_put(o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", day(r, t[i].at),
				 t[i].kind, amount(r, t[i].amount, t[i].currency), t[i].status);
		html_lit(o, "</tbody></table>");
	}
	char *code = NULL;
	if (billing_invitation(req_ctx(r), r->user->id, &code, err) == ST_OK)
		html_put(o, "<h2>%s</h2><p>%s</p><p><code>%s/settings/premium?invitation=%s</code></p>",
			 T(r, "Invite a friend"),
			 T(r, "A friend who subscribes through your link gets a free month; you get a "
			      "voucher on a later invoice."),
			 r->app->cfg->base_url, code);
	(void)s;
	g_string_free(err, TRUE);
}

void premium_page(struct req *r)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct ctx *c = req_ctx(r);
	struct bl_sub s;
	enum status st = billing_subscription_get(c, r->user->id, &s, err);
	enum sub_state state = SUB_TERMINATED;
	bool live = st == ST_OK && sub_state_parse(s.state, &state) && sub_state_live(state);
	page_ok(r);
	const char *done = http_query(r->h, "done");
	begin(r, done ? T(r, "Done.") : NULL, NULL);
	if (!live) {
		offers(r);
	} else {
		int64_t owed = 0, next = s.price, disc = 0;
		billing_owed(c, &s, &owed, err);
		html_put(o, "<h2>%s</h2><dl class=\"facts\">", T(r, "Your Premium Solo subscription"));
		html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Plan"),
			 s.months == 1 ? T(r, "Monthly") : T(r, "Annual"));
		html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "State"), s.state);
		if (s.cancel_at_term)
			html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Ends on"), day(r, s.period_end));
		else
			html_put(o, "<dt>%s</dt><dd>%s — %s</dd>", T(r, "Next payment"), day(r, s.period_end),
				 amount(r,
					s.price_next && s.period_end >= s.price_next_from ? s.price_next
											  : next - disc,
					s.currency));
		if (*s.method_summary)
			html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Payment method"), s.method_summary);
		if (owed > 0)
			html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Overdue"), amount(r, owed, s.currency));
		html_lit(o, "</dl><p>");
		if (owed > 0)
			button(r, "/settings/premium/pay", T(r, "Pay what is owed"), false);
		if (s.cancel_at_term)
			button(r, "/settings/premium/undo-cancel", T(r, "Keep my subscription"), false);
		else
			button(r, "/settings/premium/cancel", T(r, "Unsubscribe"), true);
		button(r, "/settings/premium/withdraw", T(r, "Withdraw (14 days, art. 6.1)"), true);
		html_lit(o, "</p>");
	}
	if (st == ST_OK)
		lists(r, &s);
	end(r);
	g_string_free(err, TRUE);
}

/* Answers a failed action on the tab: its message, the tab again. */
static void fail(struct req *r, enum status st, const char *msg)
{
	if (st == ST_UNAUTHORIZED || st == ST_FORBIDDEN || st == ST_DB || st == ST_IO) {
		respond_error(r, st, msg);
		return;
	}
	r->h->status = st == ST_NOTFOUND ? 404 : st == ST_INVALID ? 422 : 409;
	page_begin(r, T(r, "Premium"));
	html_put(r->h->out, "<h1>%s</h1>", T(r, "Settings"));
	tabs(r);
	html_put(r->h->out,
		 "<div class=\"panel wide\"><div class=\"alert err\" role=\"alert\">%s</div><p><a "
		 "href=\"/settings/premium\">%s</a></p></div>",
		 msg, T(r, "Back to the Premium tab"));
	page_end(r);
	r->h->resp_type = "text/html; charset=utf-8";
}

static void action(struct req *r, enum status (*fn)(struct ctx *, GString *))
{
	GString *err = g_string_new(NULL);
	enum status st = fn(req_ctx(r), err);
	if (st == ST_OK)
		http_redirect(r->h, 303, "/settings/premium?done=1");
	else
		fail(r, st, err->str);
	g_string_free(err, TRUE);
}

void premium_cancel_post(struct req *r)
{
	action(r, billing_cancel);
}

void premium_undo_post(struct req *r)
{
	action(r, billing_undo_cancel);
}

void premium_withdraw_post(struct req *r)
{
	action(r, billing_withdraw);
}

void premium_pay_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	const char *url = NULL;
	enum status st = billing_pay_owed(req_ctx(r), &url, err);
	if (st == ST_OK && url && *url)
		http_redirect(r->h, 303, url);
	else
		fail(r, st == ST_OK ? ST_CONFLICT : st,
		     st == ST_OK ? T(r, "The payment could not start.") : err->str);
	g_string_free(err, TRUE);
}

void premium_checkout_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct checkout_form f = {.offer = http_form(r->h, "offer"),
				  .promo_code = http_form(r->h, "promo_code"),
				  .invitation = http_form(r->h, "invitation")};
	struct bl_order ord;
	enum status st = billing_checkout_start(req_ctx(r), &f, &ord, err);
	if (st == ST_OK)
		http_redirect(r->h, 303, arena_printf(r->a, "/settings/premium/review/%s", ord.public_id));
	else
		fail(r, st, err->str);
	g_string_free(err, TRUE);
}

/* PAY-2: everything the subscriber agrees to, and a way back. */
static void review(struct req *r, const struct bl_order *ord, const char *error)
{
	GString *o = r->h->out;
	json_t *j = json_loads(ord->review_json, 0, NULL);
	const char *cur = json_string_value(json_object_get(j, "currency"));
	int64_t start = 0, end = 0, renew_at = 0;
	dates_parse_rfc3339(json_string_value(json_object_get(j, "period_start")), &start);
	dates_parse_rfc3339(json_string_value(json_object_get(j, "period_end")), &end);
	dates_parse_rfc3339(json_string_value(json_object_get(json_object_get(j, "renews"), "at")),
			    &renew_at);
	page_begin(r, T(r, "Review your order"));
	html_put(o, "<h1>%s</h1><div class=\"panel\">", T(r, "Review your order"));
	if (error)
		html_put(o, "<div class=\"alert err\" role=\"alert\">%s</div>", error);
	html_put(o, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd>", T(r, "Offer"),
		 json_string_value(json_object_get(j, "offer_name")));
	html_put(o, "<dt>%s</dt><dd>%s – %s</dd>", T(r, "Period"), day(r, start), day(r, end));
	html_put(o, "<dt>%s</dt><dd><strong>%s</strong> (%s %s)</dd>", T(r, "Total to pay now"),
		 amount(r, json_integer_value(json_object_get(j, "total_now")), cur), T(r, "including VAT"),
		 amount(r, json_integer_value(json_object_get(j, "vat_now")), cur));
	html_put(
		o, "<dt>%s</dt><dd>%s</dd></dl>", T(r, "Renews"),
		arena_printf(
			r->a, "%s — %s", day(r, renew_at),
			amount(r, json_integer_value(json_object_get(json_object_get(j, "renews"), "amount")),
			       cur)));
	html_put(o, "<p class=\"hint\">%s</p>",
		 T(r, "It renews for the same period until you unsubscribe from this tab; nothing beyond "
		      "this price is charged without your new consent."));
	html_put(o, "<form method=\"post\" action=\"/settings/premium/review/%s\">", ord->public_id);
	form_csrf(r);
	struct terms *t = NULL;
	GString *err = g_string_new(NULL);
	int version = store_terms_current(req_db(r), r->a, &t, err) == ST_OK ? t->version : 0;
	html_put(o, "<input type=\"hidden\" name=\"terms_version\" value=\"%d\">", version);
	html_put(o,
		 "<div class=\"field\"><div class=\"check\"><input type=\"checkbox\" name=\"accept_terms\" "
		 "id=\"accept_terms\" value=\"on\">"
		 "<label for=\"accept_terms\">%s <a href=\"/terms/%d\">%s</a></label></div></div>",
		 T(r, "I have read and accept the"), version, T(r, "terms of service"));
	form_input(r, NULL,
		   &(struct input){"guardian_email", T(r, "Parent or guardian's email (under 18 only)"),
				   "email", "", "off", NULL, false});
	html_put(o,
		 "<button type=\"submit\">%s</button> <a class=\"button secondary\" "
		 "href=\"/settings/premium\">%s</a></form></div>",
		 T(r, "Confirm and pay"), T(r, "Back: change my order"));
	page_end(r);
	json_decref(j);
	g_string_free(err, TRUE);
}

void premium_review_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct bl_order ord;
	enum status st = billing_checkout_get(req_ctx(r), r->params[0], &ord, err);
	if (st == ST_OK) {
		page_ok(r);
		review(r, &ord, NULL);
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

void premium_review_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	const char *v = http_form(r->h, "terms_version");
	struct checkout_confirm f = {.accept_terms = http_form(r->h, "accept_terms") != NULL,
				     .terms_version = v ? atoi(v) : 0,
				     .guardian_email = http_form(r->h, "guardian_email")};
	if (f.guardian_email && !*f.guardian_email)
		f.guardian_email = NULL;
	const char *state = NULL, *url = NULL;
	enum status st = billing_checkout_confirm(req_ctx(r), r->params[0], &f, &state, &url, err);
	if (st == ST_OK && url && *url) {
		http_redirect(r->h, 303, url);
	} else if (st == ST_OK) {
		http_redirect(r->h, 303, "/settings/premium?done=1");
	} else {
		struct bl_order ord;
		GString *e2 = g_string_new(NULL);
		if (billing_checkout_get(req_ctx(r), r->params[0], &ord, e2) == ST_OK) {
			r->h->status = st == ST_INVALID ? 422 : 409;
			r->h->resp_type = "text/html; charset=utf-8";
			review(r, &ord, err->str);
		} else {
			respond_error(r, st, err->str);
		}
		g_string_free(e2, TRUE);
	}
	g_string_free(err, TRUE);
}
