/* billweb: the Premium tab of the settings (issue 4 §5): the plan and its
 * state in plain words, the next payment, the payment method, unsubscribe
 * and undo (SOLO-3), withdrawal while allowed (SOLO-6), paying what is owed
 * (PAY-5), invoices with their PDF (INV-1), every transaction (INV-2), the
 * invitation link and the vouchers earned (REF-1, REF-2). The actions call
 * the billing use cases, which decide. */
#include <string.h>

#include "billing/billing.h"
#include "billing/billing_method.h"
#include "billing/billing_notice.h"
#include "billing/subscription.h"
#include "billing/withdrawal.h"
#include "web/layout.h"
#include "web/page_premium.h"
#include "web/pages.h"
#include "web/pages_billing.h"

#include "base/banned.h"

enum { LIST_MAX = 500 };

static void invoices_table(struct req *r)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct bl_invoice *v = NULL;
	int n = 0;
	enum status st = store_bl_invoice_by_user(req_db(r), r->a, r->user->id, LIST_MAX, &v, &n, err);
	g_string_free(err, TRUE);
	html_put(o,
		 "<section class=\"panel bw\" aria-labelledby=\"h-invoices\"><h2 id=\"h-invoices\">%s</h2>",
		 T(r, "Invoices"));
	if (st != ST_OK || n == 0) {
		html_put(o, "<p>%s</p></section>", T(r, "No invoice yet."));
		return;
	}
	html_put(o,
		 "<div class=\"table-wrap\"><table class=\"data\"><thead><tr><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead><tbody>",
		 T(r, "Number"), T(r, "Date"), T(r, "Document"), T(r, "Amount"), T(r, "PDF"));
	for (int i = 0; i < n; i++) {
		bool credit = !strcmp(v[i].kind, "credit_note");
		html_put(o, "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%s</td>", v[i].number,
			 bw_date(r, v[i].issued_at), credit ? T(r, "Credit note") : T(r, "Invoice"),
			 bw_money(r, v[i].gross, v[i].currency));
		html_put(o,
			 "<td><a href=\"/api/v1/invoices/%s/pdf\">%s<span class=\"sr\"> "
			 "%s</span></a></td></tr>",
			 v[i].number, T(r, "Download"), v[i].number);
	}
	html_lit(o, "</tbody></table></div></section>");
}

static void transactions_table(struct req *r)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct bl_tx *t = NULL;
	int n = 0;
	enum status st = store_bl_tx_by_user(req_db(r), r->a, r->user->id, LIST_MAX, &t, &n, err);
	g_string_free(err, TRUE);
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-tx\"><h2 id=\"h-tx\">%s</h2>",
		 T(r, "Transactions"));
	if (st != ST_OK || n == 0) {
		html_put(o, "<p>%s</p></section>", T(r, "No transaction yet."));
		return;
	}
	html_put(o,
		 "<div class=\"table-wrap\"><table class=\"data\"><thead><tr><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th>"
		 "</tr></thead><tbody>",
		 T(r, "Date"), T(r, "Transaction"), T(r, "Amount"), T(r, "Status"));
	for (int i = 0; i < n; i++)
		html_put(o, "<tr><td>%s</td><td>%s</td><td class=\"num\">%s</td><td>%s</td></tr>",
			 bw_date(r, t[i].at), bw_tx_kind(r, t[i].kind),
			 bw_money(r, t[i].amount, t[i].currency), bw_tx_status(r, t[i].status));
	html_lit(o, "</tbody></table></div></section>");
}

static void action_form(struct req *r, const char *action, const char *label, const char *cls)
{
	GString *o = r->h->out;
	html_put(o, "<form class=\"inline-action\" method=\"post\" action=\"/settings/premium/%s\">", action);
	form_csrf(r);
	html_put(o, "<button type=\"submit\" class=\"%s\">%s</button></form>", cls, label);
}

static void referral(struct req *r, const struct bl_sub *s)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	char *code = NULL;
	enum status st = billing_invitation(req_ctx(r), r->user->id, &code, err);
	struct bl_voucher *v = NULL;
	int nv = 0;
	if (st == ST_OK)
		st = store_bl_voucher_list(req_db(r), r->a, s->id, &v, &nv, err);
	g_string_free(err, TRUE);
	if (st != ST_OK)
		return;
	const char *link = arena_printf(r->a, "%s/premium?invitation=%s", r->app->cfg->base_url, code);
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-invite\"><h2 id=\"h-invite\">%s</h2>",
		 T(r, "Invite a friend"));
	html_put(o, "<p>%s</p>",
		 arena_printf(
			 r->a,
			 T(r, "Someone who never subscribed gets their first month free through your link; "
			      "you earn a voucher of %s for each, taken off your next invoice (at most 5)."),
			 bw_money(r, r->app->cfg->referral_voucher, "EUR")));
	html_put(o, "<div class=\"field\"><label for=\"f-invite\">%s</label>", T(r, "Your invitation link"));
	html_put(o, "<input id=\"f-invite\" type=\"text\" readonly value=\"%s\"></div>", link);
	if (nv == 0) {
		html_put(o, "<p>%s</p></section>", T(r, "No voucher earned yet."));
		return;
	}
	html_put(o, "<h3>%s</h3><ul class=\"vouchers\">", T(r, "Vouchers earned"));
	for (int i = 0; i < nv; i++)
		html_put(o, "<li>%s</li>",
			 arena_printf(r->a, T(r, "%s earned on %s, %s still to deduct"),
				      bw_money(r, v[i].amount, v[i].currency), bw_date(r, v[i].earned_at),
				      bw_money(r, v[i].remaining, v[i].currency)));
	html_lit(o, "</ul></section>");
}

static void premium_page(struct req *r, const char *notice, const char *error)
{
	GString *o = r->h->out;
	struct ctx *c = req_ctx(r);
	GString *err = g_string_new(NULL);
	struct bl_sub s;
	enum status st = billing_subscription_get(c, r->user->id, &s, err);
	if (st != ST_OK && st != ST_NOTFOUND) {
		respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return;
	}
	page_begin(r, T(r, "Premium"));
	html_put(o, "<h1>%s</h1>", T(r, "Settings"));
	settings_tabs(r, "/settings/premium");
	if (notice)
		html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>", notice);
	if (error)
		html_put(o, "<div class=\"alert err\" role=\"alert\">%s</div>", error);
	if (st == ST_NOTFOUND) {
		html_put(o, "<div class=\"panel bw\"><h2>%s</h2><p>%s</p>", T(r, "Premium Solo"),
			 T(r, "You are not Premium Solo yet: every course, video and exercise with feedback, "
			      "monthly or yearly, and you can unsubscribe at any time."));
		html_put(o, "<p><a class=\"button\" href=\"/premium\">%s</a></p></div>",
			 T(r, "Become Premium Solo"));
		invoices_table(r);
		page_end(r);
		g_string_free(err, TRUE);
		return;
	}
	enum sub_state state = SUB_TERMINATED;
	sub_state_parse(s.state, &state);
	bool live = sub_state_live(state);
	const struct bl_offer *of = bw_offer(r, s.offer_id);
	/* The plan and its state. */
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-plan\"><h2 id=\"h-plan\">%s</h2>",
		 of ? billing_offer_name(of, r->lang) : T(r, "Premium Solo"));
	html_put(o, "<p><span class=\"badge state-%s\">%s</span></p><p>%s</p>", s.state,
		 bw_state_title(r, &s), bw_state_text(r, &s));
	html_lit(o, "<dl class=\"facts\">");
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Price"),
		 arena_printf(r->a, T(r, "%s %s, VAT included"), bw_money(r, s.price, s.currency),
			      s.months == 12 ? T(r, "every year") : T(r, "every month")));
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Current period"),
		 arena_printf(r->a, T(r, "%s to %s"), bw_date(r, s.period_start), bw_date(r, s.period_end)));
	if (live && !s.cancel_at_term && state != SUB_CANCELLING) {
		int64_t next = s.price_next && s.price_next_from <= s.period_end ? s.price_next : s.price;
		html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Next payment"),
			 arena_printf(r->a, T(r, "%s on %s"), bw_money(r, next, s.currency),
				      bw_date(r, s.period_end)));
		if (s.price_next && s.price_next_from > s.period_end) {
			/* PAY-2: the date of the first renewal at the new price. */
			GTimeZone *tz = g_time_zone_new_identifier(c->cfg->timezone);
			int64_t at = billing_price_applies_at(tz, &s);
			g_time_zone_unref(tz);
			html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Price change"),
				 arena_printf(r->a, T(r, "%s from %s"), bw_money(r, s.price_next, s.currency),
					      bw_date(r, at)));
		}
	} else if (live) {
		html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Premium until"), bw_date(r, s.period_end));
	}
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Payment method"),
		 s.method_summary && *s.method_summary ? s.method_summary : T(r, "none recorded"));
	html_lit(o, "</dl>");
	/* PAY-5: everything owed, paid at once on the hosted page. */
	int64_t owed = 0;
	if (live && billing_owed(c, &s, &owed, err) == ST_OK && owed > 0) {
		html_put(o, "<div class=\"alert err\" role=\"alert\">%s</div>",
			 arena_printf(r->a, T(r, "Amount due now: %s (including late fees)."),
				      bw_money(r, owed, s.currency)));
		action_form(r, "pay", arena_printf(r->a, T(r, "Pay %s now"), bw_money(r, owed, s.currency)),
			    "");
	}
	if (live) {
		/* Issue 4 §5: a zero-amount card verification stores a new method. */
		html_put(o, "<p class=\"hint\">%s</p>",
			 T(r,
			   "Use another card or PayPal for the next renewals: nothing is charged now. Card "
			   "numbers never reach campus."));
		action_form(r, "method", T(r, "Update payment method"), "secondary");
	}
	/* SOLO-3 */
	if (live && (state == SUB_CANCELLING || s.cancel_at_term)) {
		html_put(o, "<h3>%s</h3><p>%s</p>", T(r, "Changed your mind?"),
			 arena_printf(r->a, T(r, "Undo the cancellation and the subscription renews on %s."),
				      bw_date(r, s.period_end)));
		action_form(r, "undo", T(r, "Keep my subscription"), "");
	} else if (live) {
		html_put(
			o, "<h3>%s</h3><p>%s</p>", T(r, "Unsubscribe"),
			arena_printf(
				r->a,
				T(r, "Premium stays on until %s, the end of the period you paid for; nothing "
				     "more is charged. You can undo it until then."),
				bw_date(r, s.period_end)));
		action_form(r, "cancel", T(r, "Unsubscribe"), "secondary");
	}
	/* SOLO-6: offered while allowed; else why not, citing art. 6.1. */
	if (live) {
		GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
		struct withdrawal_decision d;
		billing_solo_withdrawal(tz, s.ordered_at, s.first_premium_use_at != 0, 0, c->now, &d);
		g_time_zone_unref(tz);
		html_put(o, "<h3>%s</h3>", T(r, "Withdrawal"));
		if (d.verdict == WITHDRAWAL_ALLOWED) {
			html_put(o, "<p>%s</p>",
				 arena_printf(
					 r->a,
					 T(r,
					   "You may withdraw until %s and get a full refund, as long as you "
					   "have not used Premium services (art. 6.1 of the terms)."),
					 bw_date(r, d.deadline - 1)));
			action_form(r, "withdraw", T(r, "Withdraw and get a refund"), "secondary");
		} else {
			html_put(o, "<p>%s</p>",
				 d.verdict == WITHDRAWAL_TOO_LATE
					 ? T(r, "Withdrawal is no longer possible: the 14 days after your "
						"order are "
						"over (art. 6.1 of the terms, SOLO-6).")
					 : T(r, "Withdrawal is no longer possible: you have used Premium "
						"services "
						"since your order (art. 6.1 of the terms, SOLO-6)."));
		}
	} else {
		html_put(o, "<p><a class=\"button\" href=\"/premium\">%s</a></p>", T(r, "Subscribe again"));
	}
	html_lit(o, "</section>");
	invoices_table(r);
	transactions_table(r);
	referral(r, &s);
	page_end(r);
	g_string_free(err, TRUE);
}

static const char *notice_of(struct req *r, const char *done)
{
	if (!done)
		return NULL;
	if (!strcmp(done, "cancel"))
		return T(r, "You are unsubscribed: Premium stays on until the end of the period.");
	if (!strcmp(done, "undo"))
		return T(r, "Your subscription continues.");
	if (!strcmp(done, "withdraw"))
		return T(r, "You withdrew: the refund is on its way and a credit note will follow.");
	return NULL;
}

/* GET /settings/premium */
void settings_premium_page(struct req *r)
{
	page_ok(r);
	premium_page(r, notice_of(r, http_query(r->h, "done")), NULL);
}

/* The Premium tab again, as 409, with the reason the use case refused the
 * subscriber's action (err: its English message) in the reader's language. */
static void refused(struct req *r, const char *err)
{
	const char *field = NULL;
	r->h->status = 409;
	r->h->resp_type = "text/html; charset=utf-8";
	premium_page(r, NULL, bw_message(r, err, &field));
}

static void act(struct req *r, const char *name, enum status (*fn)(struct ctx *, GString *))
{
	GString *err = g_string_new(NULL);
	enum status st = fn(req_ctx(r), err);
	if (st == ST_OK) {
		http_redirect(r->h, 303, arena_printf(r->a, "/settings/premium?done=%s", name));
	} else if (st == ST_CONFLICT || st == ST_INVALID || st == ST_NOTFOUND) {
		refused(r, err->str);
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

void settings_premium_cancel(struct req *r)
{
	act(r, "cancel", billing_cancel); /* SOLO-3 */
}

void settings_premium_undo(struct req *r)
{
	act(r, "undo", billing_undo_cancel); /* SOLO-3 */
}

void settings_premium_withdraw(struct req *r)
{
	act(r, "withdraw", billing_withdraw); /* SOLO-6 */
}

/* POST /settings/premium/pay: everything owed, on the hosted page (PAY-5). */
void settings_premium_pay(struct req *r)
{
	GString *err = g_string_new(NULL);
	const char *url = NULL;
	enum status st = billing_pay_owed(req_ctx(r), &url, err);
	if (st == ST_OK) {
		http_redirect(r->h, 303, url && *url ? url : "/settings/premium");
	} else if (st == ST_CONFLICT || st == ST_NOTFOUND) {
		refused(r, err->str);
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

/* POST /settings/premium/method: a card verification on the hosted page
 * (billfix, issue 4 §5). */
void settings_premium_method(struct req *r)
{
	GString *err = g_string_new(NULL);
	const char *url = NULL;
	enum status st = billing_method_update(req_ctx(r), &url, err);
	if (st == ST_OK)
		http_redirect(r->h, 303, url && *url ? url : "/settings/premium");
	else if (st == ST_CONFLICT || st == ST_NOTFOUND) {
		refused(r, err->str);
	} else
		respond_error(r, st, err->str);
	g_string_free(err, TRUE);
}
