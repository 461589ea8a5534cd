/* The payment simulator's hosted payment page (/sim/pay/{session}): it
 * stands in for the provider's page, so the card fields below are the
 * provider's, not campus's: campus's own code only ever sees the
 * references the simulator returns (PAY-3). Exists only with
 * [payments] provider = simulator. */
#include <string.h>

#include "base/i18n.h"
#include "payments/payments.h"
#include "store/store_payments.h"
#include "web/layout.h"
#include "web/pages_payments.h"

#include "base/banned.h"

bool sim_enabled(struct req *r)
{
	if (!strcmp(r->app->cfg->payment_provider, "simulator"))
		return true;
	respond_error(r, ST_NOTFOUND, T(r, "There is no page at this address."));
	return false;
}

/* 19.00 EUR, or 19,00 EUR in French. */
static void amount_text(struct req *r, GString *o, int64_t v, const char *currency)
{
	html_put(o, "%lld%s%s%lld %s", (long long)(v / 100), strcmp(r->lang, "fr") ? "." : ",",
		 v % 100 < 10 ? "0" : "", (long long)(v % 100), currency);
}

static void summary(struct req *r, const struct sim_payment *p)
{
	GString *o = r->h->out;
	html_put(o, "<dl class=\"sim-summary\"><dt>%s</dt><dd>", T(r, "Merchant"));
	html_text(o, r->app->cfg->platform_name);
	html_put(o, "</dd><dt>%s</dt><dd>", T(r, "Amount"));
	amount_text(r, o, p->amount, p->currency);
	html_put(o, "</dd><dt>%s</dt><dd>%s</dd></dl>", T(r, "Reference"), p->reference);
}

static bool load(struct req *r, struct sim_payment **p)
{
	if (!sim_enabled(r))
		return false;
	GString *err = g_string_new(NULL);
	enum status st = sim_session(req_ctx(r), r->params[0], p, err);
	if (st != ST_OK)
		respond_error(r, st,
			      err->len && strstr(err->str, "expired")
				      ? T(r, "This payment session has expired.")
				      : T(r, "This payment session does not exist."));
	g_string_free(err, TRUE);
	if (st != ST_OK)
		return false;
	return true;
}

static void card_form(struct req *r, struct sim_payment *p, GArray *errs, const char *number,
		      const char *expiry)
{
	GString *o = r->h->out;
	page_begin(r, T(r, "Payment simulator"));
	html_put(o, "<div class=\"panel sim-pay\"><p class=\"sim-badge\">%s</p><h1>%s</h1>",
		 T(r, "Test mode: no real money moves"), T(r, "Pay securely"));
	summary(r, p);
	form_error_summary(r, errs);
	html_put(o, "<form method=\"post\" action=\"/sim/pay/%s\" novalidate>", p->session_token);
	form_input(r, errs,
		   &(struct input){"number", T(r, "Card number"), "text", number, "cc-number",
				   T(r, "16 digits, spaces allowed."), true});
	form_input(
		r, errs,
		&(struct input){"expiry", T(r, "Expiry date (MM/YY)"), "text", expiry, "cc-exp", NULL, true});
	form_input(r, errs,
		   &(struct input){"cvc", T(r, "Security code (CVC)"), "text", NULL, "cc-csc",
				   T(r, "3 or 4 digits on the back of the card."), true});
	html_put(o, "<button type=\"submit\">%s</button></form>", T(r, "Pay"));
	html_put(o, "<form method=\"post\" action=\"/sim/pay/%s/paypal\" class=\"sim-paypal\">",
		 p->session_token);
	html_put(o,
		 "<input type=\"hidden\" name=\"outcome\" value=\"start\"><button type=\"submit\" "
		 "class=\"secondary\">%s</button></form>",
		 T(r, "Pay with PayPal"));
	html_put(o,
		 "<h2>%s</h2><table class=\"sim-cards\"><thead><tr><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead><tbody>",
		 T(r, "Test cards"), T(r, "Card number"), T(r, "Outcome"));
	static const struct {
		const char *number, *outcome;
	} cards[] = {
		{"4111 1111 1111 1111", N_("Payment authorised")},
		{"4000 0000 0000 0002", N_("Payment refused")},
		{"4000 0000 0000 9995", N_("Refused: insufficient funds")},
		{"4000 0000 0000 3220", N_("3-D Secure challenge")},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cards); i++)
		html_put(o, "<tr><td><code>%s</code></td><td>%s</td></tr>", cards[i].number,
			 T(r, cards[i].outcome));
	html_put(o, "</tbody></table><p class=\"hint\">%s</p></div>",
		 T(r, "Use any future expiry date and any 3-digit security code."));
	page_end(r);
}

void sim_pay_page(struct req *r)
{
	struct sim_payment *p = NULL;
	if (!load(r, &p))
		return;
	if (strcmp(p->result_code, "RedirectShopper")) {
		http_redirect(r->h, 303,
			      !strcmp(p->result_code, "ChallengeShopper")
				      ? arena_printf(r->a, "/sim/pay/%s/challenge", p->session_token)
				      : p->return_url);
		return;
	}
	page_ok(r);
	card_form(r, p, NULL, NULL, NULL);
}

/* Runs a simulator step in one transaction; on ST_OK the browser goes to
 * *next. */
static enum status step(struct req *r,
			enum status (*fn)(struct ctx *, const char *, bool, const char **, GString *),
			bool yes, const char **next, GString *err)
{
	struct ctx *c = req_ctx(r);
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	st = fn(c, r->params[0], yes, next, err);
	if (st == ST_OK)
		st = db_commit(c->db, err);
	else
		db_rollback(c->db);
	return st;
}

void sim_pay_post(struct req *r)
{
	struct sim_payment *p = NULL;
	if (!load(r, &p))
		return;
	const char *number = http_form(r->h, "number"), *expiry = http_form(r->h, "expiry");
	GString *err = g_string_new(NULL);
	const char *next = NULL, *field = NULL;
	struct ctx *c = req_ctx(r);
	enum status st = db_begin(c->db, err);
	if (st == ST_OK) {
		st = sim_pay_card(c, r->params[0], number, expiry, http_form(r->h, "cvc"), &next, &field,
				  err);
		if (st == ST_OK)
			st = db_commit(c->db, err);
		else
			db_rollback(c->db);
	}
	if (st == ST_OK) {
		http_redirect(r->h, 303, next);
	} else if (st == ST_INVALID && field) {
		GArray *errs = field_errors_new();
		field_error_add(errs, field, arena_strdup(r->a, err->str));
		r->h->status = 422;
		r->h->resp_type = "text/html; charset=utf-8";
		card_form(r, p, errs, NULL, expiry); /* the card number is never echoed back */
		g_array_free(errs, TRUE);
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

static void choice_page(struct req *r, struct sim_payment *p, const char *title, const char *text,
			const char *action, const char *yes, const char *yes_label, const char *no,
			const char *no_label)
{
	GString *o = r->h->out;
	page_ok(r);
	page_begin(r, title);
	html_put(o, "<div class=\"panel sim-pay\"><p class=\"sim-badge\">%s</p><h1>%s</h1>",
		 T(r, "Test mode: no real money moves"), title);
	summary(r, p);
	html_put(o, "<p>%s</p>", text);
	html_put(o, "<form method=\"post\" action=\"/sim/pay/%s/%s\" class=\"sim-choice\">", p->session_token,
		 action);
	html_put(o, "<button type=\"submit\" name=\"outcome\" value=\"%s\">%s</button> ", yes, yes_label);
	html_put(o,
		 "<button type=\"submit\" name=\"outcome\" value=\"%s\" "
		 "class=\"secondary\">%s</button></form>",
		 no, no_label);
	html_lit(o, "</div>");
	page_end(r);
}

void sim_challenge_page(struct req *r)
{
	struct sim_payment *p = NULL;
	if (!load(r, &p))
		return;
	if (strcmp(p->result_code, "ChallengeShopper")) {
		http_redirect(r->h, 303, arena_printf(r->a, "/sim/pay/%s", p->session_token));
		return;
	}
	choice_page(r, p, T(r, "3-D Secure verification"),
		    T(r, "Your bank asks you to confirm this payment. In test mode, choose the outcome."),
		    "challenge", "complete", T(r, "Complete"), "fail", T(r, "Fail"));
}

static void outcome_post(struct req *r,
			 enum status (*fn)(struct ctx *, const char *, bool, const char **, GString *),
			 const char *yes, const char *no)
{
	struct sim_payment *p = NULL;
	if (!load(r, &p))
		return;
	const char *outcome = http_form(r->h, "outcome");
	if (!outcome || (strcmp(outcome, yes) && strcmp(outcome, no))) {
		respond_error(r, ST_INVALID, T(r, "Choose one of the buttons."));
		return;
	}
	GString *err = g_string_new(NULL);
	const char *next = NULL;
	enum status st = step(r, fn, !strcmp(outcome, yes), &next, err);
	if (st == ST_OK)
		http_redirect(r->h, 303, next);
	else
		respond_error(r, st, err->str);
	g_string_free(err, TRUE);
}

void sim_challenge_post(struct req *r)
{
	outcome_post(r, sim_challenge_done, "complete", "fail");
}

void sim_paypal_page(struct req *r)
{
	struct sim_payment *p = NULL;
	if (!load(r, &p))
		return;
	if (strcmp(p->result_code, "RedirectShopper")) {
		http_redirect(r->h, 303, p->return_url);
		return;
	}
	choice_page(r, p, T(r, "PayPal (simulated)"),
		    T(r, "Sign in to PayPal is simulated. Approve or cancel the payment."), "paypal",
		    "approve", T(r, "Approve"), "cancel", T(r, "Cancel"));
}

void sim_paypal_post(struct req *r)
{
	if (!g_strcmp0(http_form(r->h, "outcome"), "start")) {
		struct sim_payment *p = NULL;
		if (load(r, &p))
			http_redirect(r->h, 303, arena_printf(r->a, "/sim/pay/%s/paypal", p->session_token));
		return;
	}
	outcome_post(r, sim_paypal_done, "approve", "cancel");
}
