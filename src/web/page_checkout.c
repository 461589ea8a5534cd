/* billweb: the Premium Solo checkout in the browser (issue 4 §3): the offer
 * page (SOLO-1, PAY-1) -> your details -> the terms (ACC-1) -> the review
 * (PAY-2) -> confirm -> the hosted payment page (PAY-3) -> the order's
 * status page; a minor's order waits for the guardian (ACC-3); promo codes
 * (PROMO-1) and invitation links (REF-1). Every rule is decided by the
 * billing use cases (billing/billing.h); these pages only ask and show.
 *
 * The choices of the first steps (offer, promo code, invitation) travel in
 * the query string until the details are posted, which starts the order
 * (billing_checkout_start takes the currency and VAT rate from the
 * account's country, so the order is made once the country is known). An
 * invitation link also leaves a cookie, so that it is honoured when the
 * visitor first signs up. Going back ("Change") keeps every choice. */
#include <stdlib.h>
#include <string.h>

#include "accounts/rules.h"
#include "base/dates.h"
#include "billing/billing.h"
#include "billing/subscription.h"
#include "web/layout.h"
#include "web/page_premium.h"
#include "web/pages.h"
#include "web/pages_billing.h"

#include "base/banned.h"

enum { MAX_CODE = 64, INVITATION_COOKIE_DAYS = 30 };

static const char INVITATION_COOKIE[] = "campus_invitation";

/* A code from the query or a form: letters, digits, - and _, at most 64;
 * anything else is dropped (the use case says why a code is refused). */
static const char *code_param(struct req *r, const char *v)
{
	if (!v || !*v || strlen(v) > MAX_CODE)
		return "";
	for (const char *p = v; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_')
			return "";
	return arena_strdup(r->a, v);
}

struct choice {
	const char *offer, *promo, *invitation;
};

static void choice_read(struct req *r, bool form, struct choice *c)
{
	const char *(*get)(struct http_req *, const char *) = form ? http_form : http_query;
	const char *offer = get(r->h, "offer");
	c->offer = offer && (!strcmp(offer, "monthly") || !strcmp(offer, "annual")) ? offer : "";
	const char *promo = get(r->h, "promo_code");
	c->promo = promo ? arena_strdup(r->a, g_strstrip(arena_strdup(r->a, promo))) : "";
	if (strlen(c->promo) > MAX_CODE)
		c->promo = arena_strndup(r->a, c->promo, MAX_CODE);
	c->invitation = code_param(r, get(r->h, "invitation"));
	if (!*c->invitation)
		c->invitation = code_param(r, http_cookie(r->h, INVITATION_COOKIE));
}

/* "offer=monthly&promo_code=X&invitation=Y", URL-encoded. */
static const char *choice_query(struct req *r, const struct choice *c)
{
	GString *q = g_string_new("offer=");
	html_url(q, c->offer);
	g_string_append(q, "&promo_code=");
	html_url(q, c->promo);
	if (*c->invitation) {
		g_string_append(q, "&invitation=");
		html_url(q, c->invitation);
	}
	char *s = arena_strdup(r->a, q->str);
	g_string_free(q, TRUE);
	return s;
}

static void hidden(struct req *r, const char *name, const char *value)
{
	html_put(r->h->out, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", name, value ? value : "");
}

static void steps(struct req *r, int current)
{
	static const char *const names[] = {N_("Offer"), N_("Your details"), N_("Terms"), N_("Review"),
					    N_("Payment")};
	GString *o = r->h->out;
	html_put(o, "<ol class=\"steps\" aria-label=\"%s\">", T(r, "Steps of your order"));
	for (int i = 0; i < (int)G_N_ELEMENTS(names); i++) {
		if (i == current)
			html_put(o, "<li aria-current=\"step\"><strong>%s</strong></li>", T(r, names[i]));
		else
			html_put(o, "<li>%s</li>", T(r, names[i]));
	}
	html_lit(o, "</ol>");
}

/* The currency a visitor pays in (PAY-1): the one billing_checkout_start
 * will take, shown before the order exists. */
static const char *currency_of(const char *country)
{
	if (country && (!g_ascii_strcasecmp(country, "CH") || !g_ascii_strcasecmp(country, "LI")))
		return "CHF";
	if (country && !g_ascii_strcasecmp(country, "GB"))
		return "GBP";
	return "EUR";
}

static const char *country_name(struct req *r, const char *code)
{
	const struct country *c = country_find(code);
	if (!c)
		return code ? code : "";
	return !strcmp(r->lang, "fr") ? c->name_fr : c->name_en;
}

static const char *period_words(struct req *r, int months)
{
	return months == 12 ? T(r, "every year") : T(r, "every month");
}

/* The price of offer_id in force now in currency, else in euros (PAY-1);
 * -1 when it has none. *used gets the currency of the price. */
static int64_t price_now(const struct bl_price *prices, int np, int64_t offer_id, const char *currency,
			 int64_t now, const char **used)
{
	const char *tries[2] = {currency, "EUR"};
	for (int t = 0; t < 2; t++) {
		int64_t price = -1;
		for (int k = 0; k < np; k++) /* ascending valid_from: the last in force wins */
			if (prices[k].offer_id == offer_id && prices[k].valid_from <= now &&
			    !strcmp(prices[k].currency, tries[t]))
				price = prices[k].amount;
		if (price >= 0) {
			*used = tries[t];
			return price;
		}
	}
	return -1;
}

/* --- Step 1: the offers ---------------------------------------------------- */

static void offer_page(struct req *r, const struct choice *ch, GArray *errs)
{
	GString *o = r->h->out;
	struct bl_offer *offers = NULL;
	struct bl_price *prices = NULL;
	int n = 0, np = 0;
	if (!bw_offers_prices(r, &offers, &n, &prices, &np))
		return;
	const char *cur = currency_of(r->user ? r->user->country : NULL);
	int64_t now = req_ctx(r)->now;
	page_begin(r, T(r, "Become Premium Solo"));
	html_put(o, "<h1>%s</h1>", T(r, "Become Premium Solo"));
	steps(r, 0);
	html_put(o, "<p class=\"lead\">%s</p>",
		 T(r,
		   "Every course, every video, downloads and exercises with feedback: Premium Solo opens all "
		   "of campus to you. Unsubscribe at any time from your settings."));
	if (*ch->invitation)
		html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>",
			 T(r,
			   "You were invited: your first month of Premium Solo is free (once per person)."));
	if (r->user) {
		/* Already Premium Solo: say so before any choice is made. */
		struct bl_sub s;
		enum sub_state state;
		GString *e = g_string_new(NULL);
		if (billing_subscription_get(req_ctx(r), r->user->id, &s, e) == ST_OK &&
		    sub_state_parse(s.state, &state) && sub_state_live(state))
			html_put(o,
				 "<div class=\"alert info\" role=\"status\">%s <a "
				 "href=\"/settings/premium\">%s</a></div>",
				 T(r, "You are Premium Solo already."), T(r, "See my subscription"));
		g_string_free(e, TRUE);
	}
	form_error_summary(r, errs);
	html_lit(o, "<form class=\"panel\" method=\"get\" action=\"/premium/details\">");
	const char *offer_err = form_field_error(r, errs, "offer");
	html_put(o, "<fieldset id=\"f-offer\" class=\"offers\"%s><legend>%s</legend>",
		 offer_err ? " aria-describedby=\"e-offer\"" : "", T(r, "Choose how you pay"));
	int shown = 0;
	for (int i = 0; i < n; i++) {
		const char *used = cur;
		int64_t price = price_now(prices, np, offers[i].id, cur, now, &used);
		if (!offers[i].active || price < 0)
			continue;
		bool checked = !strcmp(ch->offer, offers[i].code) || (!*ch->offer && !shown);
		html_put(o, "<label class=\"offer\"><input type=\"radio\" name=\"offer\" value=\"%s\"%s> ",
			 offers[i].code, checked ? " checked" : "");
		html_put(o, "<span class=\"offer-name\">%s</span> <span class=\"offer-price\">%s</span> ",
			 billing_offer_name(&offers[i], r->lang), bw_money(r, price, used));
		html_put(o, "<span class=\"hint\">%s</span></label>",
			 arena_printf(r->a, T(r, "%s, VAT included, renewed %s until you unsubscribe"),
				      offers[i].months == 12 ? T(r, "for 12 months") : T(r, "for 1 month"),
				      period_words(r, offers[i].months)));
		shown++;
	}
	if (offer_err)
		html_put(o, "<p class=\"error\" id=\"e-offer\">%s</p>", offer_err);
	html_lit(o, "</fieldset>");
	if (!r->user)
		html_put(o, "<p class=\"hint\">%s</p>",
			 T(r, "Prices are shown in euros; once you sign in they are in the currency of your "
			      "country when campus has one."));
	form_input(r, errs,
		   &(struct input){"promo_code", T(r, "Promo code (optional)"), "text", ch->promo, "off",
				   NULL, false});
	if (*ch->invitation)
		hidden(r, "invitation", ch->invitation);
	html_put(o, "<button type=\"submit\">%s</button>", T(r, "Continue"));
	html_lit(o, "</form>");
	if (!r->user)
		html_put(o, "<p>%s <a href=\"/signup\">%s</a></p>", T(r, "New to campus?"),
			 T(r, "Create an account"));
	page_end(r);
}

/* GET /premium?offer=&promo_code=&invitation= ; an invitation is kept in a
 * cookie for the sign-up that may come first (REF-1). */
void premium_offer_page(struct req *r)
{
	struct choice ch;
	choice_read(r, false, &ch);
	const char *inv = code_param(r, http_query(r->h, "invitation"));
	if (*inv)
		http_set_cookie(r->h, INVITATION_COOKIE, inv, INVITATION_COOKIE_DAYS * 86400,
				r->app->cfg->secure_cookies);
	page_ok(r);
	offer_page(r, &ch, NULL);
}

/* GET /invite/{code}: the personal invitation link (REF-1). */
void invite_page(struct req *r)
{
	const char *code = code_param(r, r->params[0]);
	if (!*code)
		return respond_error_page(r, 404, T(r, "Not found"),
					  T(r, "This invitation link is not valid."));
	GString *u = g_string_new("/premium?invitation=");
	html_url(u, code);
	http_set_cookie(r->h, INVITATION_COOKIE, code, INVITATION_COOKIE_DAYS * 86400,
			r->app->cfg->secure_cookies);
	http_redirect(r->h, 303, u->str);
	g_string_free(u, TRUE);
}

/* --- Step 2: your details -------------------------------------------------- */

static void details_page(struct req *r, const struct choice *ch, const char *name, const char *country,
			 GArray *errs)
{
	GString *o = r->h->out;
	page_begin(r, T(r, "Your details"));
	html_put(o, "<h1>%s</h1>", T(r, "Your details"));
	steps(r, 1);
	html_put(o, "<p><a href=\"/premium?%s\">%s</a></p>", choice_query(r, ch), T(r, "Change the offer"));
	form_error_summary(r, errs);
	html_lit(o, "<form class=\"panel\" method=\"post\" action=\"/premium/details\">");
	form_csrf(r);
	hidden(r, "offer", ch->offer);
	hidden(r, "promo_code", ch->promo);
	hidden(r, "invitation", ch->invitation);
	html_put(o, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd>", T(r, "Email address"), r->user->email);
	html_put(o, "<dt>%s</dt><dd>%s</dd></dl>", T(r, "Date of birth"), r->user->birth_date);
	form_input(r, errs, &(struct input){"name", T(r, "Full name"), "text", name, "name", NULL, true});
	form_country_select(r, errs, country);
	html_put(o, "<p class=\"hint\">%s</p>",
		 T(r,
		   "Your country sets the currency and the VAT rate of your invoices; your name appears on "
		   "them."));
	html_put(o, "<button type=\"submit\">%s</button></form>", T(r, "Continue"));
	page_end(r);
}

void checkout_details_page(struct req *r)
{
	struct choice ch;
	choice_read(r, false, &ch);
	GArray *errs = field_errors_new();
	if (!*ch.offer) {
		field_error_add(errs, "offer", T(r, "choose monthly or annual"));
		r->h->status = 422;
		r->h->resp_type = "text/html; charset=utf-8";
		offer_page(r, &ch, errs);
	} else {
		page_ok(r);
		details_page(r, &ch, r->user->name, r->user->country, NULL);
	}
	g_array_free(errs, TRUE);
}

/* POST /premium/details: saves the profile, then starts the order. */
void checkout_details_post(struct req *r)
{
	struct choice ch;
	choice_read(r, true, &ch);
	const char *name = http_form(r->h, "name"), *country = http_form(r->h, "country");
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	struct ctx *c = req_ctx(r);
	enum status st = accounts_update_profile(c, r->user, name ? name : "", country ? country : "", NULL,
						 errs, err);
	if (st == ST_INVALID) {
		r->h->status = 422;
		r->h->resp_type = "text/html; charset=utf-8";
		details_page(r, &ch, name, country, errs);
		goto out;
	}
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		goto out;
	}
	/* The use case reads the actor's country: the one just saved. */
	r->user->name = arena_strdup(r->a, name);
	r->user->country = arena_strdup(r->a, country);
	struct checkout_form f = {.offer = ch.offer, .promo_code = ch.promo, .invitation = ch.invitation};
	struct bl_order ord;
	st = billing_checkout_start(c, &f, &ord, err);
	if (st == ST_OK) {
		http_redirect(r->h, 303, arena_printf(r->a, "/premium/order/%s/terms", ord.public_id));
	} else if (st == ST_INVALID) {
		const char *field = NULL;
		const char *msg = bw_message(r, err->str, &field);
		if (field && !strcmp(field, "invitation")) {
			/* A refused invitation is not offered again. */
			http_set_cookie(r->h, INVITATION_COOKIE, "", 0, r->app->cfg->secure_cookies);
			ch.invitation = "";
		}
		field_error_add(errs,
				field && !strcmp(field, "invitation")   ? "promo_code"
				: field && !strcmp(field, "promo_code") ? "promo_code"
									: "offer",
				msg);
		r->h->status = 422;
		r->h->resp_type = "text/html; charset=utf-8";
		offer_page(r, &ch, errs);
	} else if (st == ST_CONFLICT) {
		respond_error_page(
			r, 409, T(r, "You are already Premium Solo"),
			T(r, "You already have a Premium Solo subscription: see the Premium tab of your "
			     "settings."));
	} else {
		respond_error(r, st, err->str);
	}
out:
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

/* --- The order's pages ------------------------------------------------------ */

struct review {
	const char *offer, *offer_name, *currency, *period_start, *period_end, *renews_at, *promo_code;
	int64_t months, price, total_now, vat_rate_bp, vat_now, renew_amount;
	bool free_month;
};

static const char *jstr(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static int64_t jnum(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static int64_t jtime(json_t *o, const char *k)
{
	int64_t t = 0;
	return dates_parse_rfc3339(jstr(o, k), &t) ? t : 0;
}

/* The order of the path (the actor's, else 404 answered); false when
 * answered. */
static bool load_order(struct req *r, struct bl_order *ord, json_t **review)
{
	GString *err = g_string_new(NULL);
	enum status st = billing_checkout_get(req_ctx(r), r->params[0], ord, err);
	if (st != ST_OK) {
		if (st == ST_NOTFOUND)
			respond_error_page(r, 404, T(r, "Not found"), T(r, "order not found"));
		else
			respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return false;
	}
	g_string_free(err, TRUE);
	*review = json_loads(ord->review_json ? ord->review_json : "{}", 0, NULL);
	if (!*review)
		*review = json_object();
	return true;
}

static void choice_of(struct req *r, json_t *rv, struct choice *ch)
{
	ch->offer = arena_strdup(r->a, jstr(rv, "offer"));
	ch->promo = arena_strdup(r->a, jstr(rv, "promo_code"));
	ch->invitation = json_is_true(json_object_get(rv, "invitation_free_month"))
				 ? code_param(r, http_cookie(r->h, INVITATION_COOKIE))
				 : "";
}

static int current_terms(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct terms *t = NULL;
	enum status st = store_terms_current(req_db(r), r->a, &t, err);
	g_string_free(err, TRUE);
	return st == ST_OK ? t->version : 0;
}

/* --- Step 3: the terms (ACC-1) ---------------------------------------------- */

static void order_terms_page(struct req *r, const struct bl_order *ord, json_t *rv, GArray *errs)
{
	GString *o = r->h->out;
	struct choice ch;
	choice_of(r, rv, &ch);
	int version = current_terms(r);
	page_begin(r, T(r, "Terms of service"));
	html_put(o, "<h1>%s</h1>", T(r, "Terms of service"));
	steps(r, 2);
	html_put(o, "<p><a href=\"/premium/details?%s\">%s</a></p>", choice_query(r, &ch),
		 T(r, "Change your details"));
	form_error_summary(r, errs);
	html_put(o, "<form class=\"panel\" method=\"post\" action=\"/premium/order/%s/terms\">",
		 ord->public_id);
	form_csrf(r);
	html_put(o, "<input type=\"hidden\" name=\"terms_version\" value=\"%d\">", version);
	html_put(o, "<p>%s <a href=\"/terms/%d\" target=\"_blank\" rel=\"noopener\">%s</a></p>",
		 T(r, "Premium Solo is sold under the terms of service of campus:"), version,
		 arena_printf(r->a, T(r, "read version %d of the terms"), version));
	const char *e = form_field_error(r, errs, "accept_terms");
	/* ACC-1: never ticked in advance. */
	html_put(o,
		 "<div class=\"field check\"><input id=\"f-accept_terms\" name=\"accept_terms\" "
		 "type=\"checkbox\" "
		 "value=\"1\" required%s> <label for=\"f-accept_terms\">%s</label>",
		 e ? " aria-invalid=\"true\" aria-describedby=\"e-accept_terms\"" : "",
		 arena_printf(r->a, T(r, "I have read and I accept version %d of the terms of service."),
			      version));
	if (e)
		html_put(o, "<p class=\"error\" id=\"e-accept_terms\">%s</p>", e);
	html_lit(o, "</div>");
	html_put(o, "<button type=\"submit\">%s</button></form>", T(r, "Continue"));
	page_end(r);
}

static bool order_open(struct req *r, const struct bl_order *ord)
{
	if (!strcmp(ord->state, "open"))
		return true;
	http_redirect(r->h, 303, arena_printf(r->a, "/premium/order/%s", ord->public_id));
	return false;
}

void checkout_terms_page(struct req *r)
{
	struct bl_order ord;
	json_t *rv;
	if (!load_order(r, &ord, &rv))
		return;
	if (order_open(r, &ord)) {
		page_ok(r);
		order_terms_page(r, &ord, rv, NULL);
	}
	json_decref(rv);
}

void checkout_terms_post(struct req *r)
{
	struct bl_order ord;
	json_t *rv;
	if (!load_order(r, &ord, &rv))
		return;
	if (!order_open(r, &ord)) {
		json_decref(rv);
		return;
	}
	const char *acc = http_form(r->h, "accept_terms"), *ver = http_form(r->h, "terms_version");
	int version = current_terms(r);
	GArray *errs = field_errors_new();
	if (!acc || strcmp(acc, "1"))
		field_error_add(errs, "accept_terms", T(r, "please read and accept the terms of service"));
	else if (!ver || atoi(ver) != version)
		field_error_add(errs, "accept_terms",
				T(r, "the terms changed; read and accept the current version"));
	if (errs->len) {
		r->h->status = 422;
		r->h->resp_type = "text/html; charset=utf-8";
		order_terms_page(r, &ord, rv, errs);
	} else {
		http_redirect(
			r->h, 303,
			arena_printf(r->a, "/premium/order/%s/review?terms=%d", ord.public_id, version));
	}
	g_array_free(errs, TRUE);
	json_decref(rv);
}

/* --- Step 4: the review (PAY-2) --------------------------------------------- */

static bool is_minor(struct req *r)
{
	int by, bm, bd, y, m, d;
	if (!r->user->birth_date || !dates_parse_ymd(r->user->birth_date, &by, &bm, &bd))
		return false;
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	dates_local_ymd(tz, req_ctx(r)->now, &y, &m, &d);
	g_time_zone_unref(tz);
	return dates_age_on(by, bm, bd, y, m, d) < 18; /* ACC-3 */
}

static void change_link(struct req *r, const char *href, const char *what)
{
	html_put(r->h->out, " <a class=\"change\" href=\"%s\">%s<span class=\"sr\"> %s</span></a>", href,
		 T(r, "Change"), what);
}

static void review_page(struct req *r, const struct bl_order *ord, json_t *rv, int version, GArray *errs,
			const char *guardian)
{
	GString *o = r->h->out;
	struct choice ch;
	choice_of(r, rv, &ch);
	const char *q = choice_query(r, &ch);
	const char *cur = jstr(rv, "currency");
	int64_t price = jnum(rv, "price"), total = jnum(rv, "total_now"), months = jnum(rv, "months");
	json_t *renews = json_object_get(rv, "renews");
	int64_t renew_amount = jnum(renews, "amount"), renew_at = jtime(renews, "at");
	bool free_month = json_is_true(json_object_get(rv, "invitation_free_month"));
	const char *promo = jstr(rv, "promo_code");
	page_begin(r, T(r, "Review your order"));
	html_put(o, "<h1>%s</h1>", T(r, "Review your order"));
	steps(r, 3);
	form_error_summary(r, errs);
	html_lit(o, "<div class=\"panel review\"><dl class=\"review-list\">");
	html_put(o, "<dt>%s</dt><dd>%s", T(r, "Offer"), jstr(rv, "offer_name"));
	change_link(r, arena_printf(r->a, "/premium?%s", q), T(r, "the offer"));
	html_lit(o, "</dd>");
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Period"),
		 arena_printf(r->a, T(r, "%s to %s (%s)"), bw_date(r, jtime(rv, "period_start")),
			      bw_date(r, jtime(rv, "period_end")),
			      months == 12 ? T(r, "12 months") : T(r, "1 month")));
	html_put(o, "<dt>%s</dt><dd>%s, %s", T(r, "Subscriber"), r->user->name,
		 country_name(r, ord->country));
	change_link(r, arena_printf(r->a, "/premium/details?%s", q), T(r, "your details"));
	html_lit(o, "</dd>");
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Price"),
		 arena_printf(r->a, T(r, "%s %s, VAT included"), bw_money(r, price, cur),
			      period_words(r, (int)months)));
	if (*promo) {
		html_put(o, "<dt>%s</dt><dd>%s", T(r, "Promo code"), promo);
		if (renew_amount != price)
			html_put(o, " — %s",
				 arena_printf(r->a, T(r, "promotional price %s per period while it lasts"),
					      bw_money(r, renew_amount, cur)));
		change_link(r, arena_printf(r->a, "/premium?%s", q), T(r, "the promo code"));
		html_lit(o, "</dd>");
	}
	if (free_month)
		html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Invitation"),
			 T(r, "your first month is free (REF-1)"));
	if (total != price)
		html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Reductions"), bw_money(r, total - price, cur));
	html_put(o, "<dt class=\"total\">%s</dt><dd class=\"total\"><strong>%s</strong> ",
		 T(r, "Total to pay now"), bw_money(r, total, cur));
	html_put(o, "<span class=\"hint\">%s</span></dd>",
		 arena_printf(r->a, T(r, "including VAT %s at %s"), bw_money(r, jnum(rv, "vat_now"), cur),
			      bw_rate(r, (int)jnum(rv, "vat_rate_bp"))));
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Renewal"),
		 arena_printf(
			 r->a,
			 T(r, "Renews on %s for %s, then %s at the same price, until you unsubscribe. You "
			      "can unsubscribe at any time from the Premium tab of your settings."),
			 bw_date(r, renew_at), bw_money(r, renew_amount, cur), period_words(r, (int)months)));
	html_put(o, "<dt>%s</dt><dd>%s", T(r, "Terms of service"),
		 arena_printf(r->a, T(r, "version %d, accepted"), version));
	change_link(r, arena_printf(r->a, "/premium/order/%s/terms", ord->public_id), T(r, "the terms"));
	html_lit(o, "</dd></dl>");
	html_put(o, "<form method=\"post\" action=\"/premium/order/%s/confirm\">", ord->public_id);
	form_csrf(r);
	hidden(r, "accept_terms", "1");
	html_put(o, "<input type=\"hidden\" name=\"terms_version\" value=\"%d\">", version);
	if (is_minor(r)) {
		/* ACC-3 */
		html_put(o, "<p>%s</p>",
			 T(r,
			   "You are under 18: a parent or guardian must consent before the order goes ahead. "
			   "We will email them a link; the order waits for them."));
		form_input(r, errs,
			   &(struct input){"guardian_email", T(r, "Email of your parent or guardian"),
					   "email", guardian, "off", NULL, true});
	}
	html_put(o, "<p class=\"hint\">%s</p>",
		 T(r, "You pay on the secure page of our payment provider: your card number never reaches "
		      "campus. Nothing is charged beyond this price without your new consent."));
	html_put(o, "<button type=\"submit\">%s</button></form></div>",
		 total > 0 ? arena_printf(r->a, T(r, "Confirm and pay %s"), bw_money(r, total, cur))
			   : T(r, "Confirm"));
	page_end(r);
}

/* The terms version accepted on step 3 (?terms=N or the form's), when it is
 * the current one; else 0. */
static int accepted_version(struct req *r, const char *v)
{
	int version = current_terms(r);
	return v && version && atoi(v) == version ? version : 0;
}

void checkout_review_page(struct req *r)
{
	struct bl_order ord;
	json_t *rv;
	if (!load_order(r, &ord, &rv))
		return;
	if (order_open(r, &ord)) {
		int version = accepted_version(r, http_query(r->h, "terms"));
		if (!version) {
			http_redirect(r->h, 303,
				      arena_printf(r->a, "/premium/order/%s/terms", ord.public_id));
		} else {
			page_ok(r);
			review_page(r, &ord, rv, version, NULL, NULL);
		}
	}
	json_decref(rv);
}

/* POST /premium/order/{id}/confirm: to the hosted payment page (PAY-3). */
void checkout_confirm_post(struct req *r)
{
	struct bl_order ord;
	json_t *rv;
	if (!load_order(r, &ord, &rv))
		return;
	const char *guardian = http_form(r->h, "guardian_email");
	const char *ver = http_form(r->h, "terms_version"), *acc = http_form(r->h, "accept_terms");
	struct checkout_confirm f = {.accept_terms = acc && !strcmp(acc, "1"),
				     .terms_version = ver ? atoi(ver) : 0,
				     .guardian_email = guardian && *guardian ? guardian : NULL};
	const char *state = NULL, *url = NULL;
	GString *err = g_string_new(NULL);
	enum status st = billing_checkout_confirm(req_ctx(r), ord.public_id, &f, &state, &url, err);
	if (st == ST_OK && url && *url) {
		http_redirect(r->h, 303, url);
	} else if (st == ST_OK) {
		http_redirect(r->h, 303, arena_printf(r->a, "/premium/order/%s", ord.public_id));
	} else if (st == ST_INVALID || st == ST_CONFLICT) {
		const char *field = NULL;
		const char *msg = bw_message(r, err->str, &field);
		if (field && !strcmp(field, "accept_terms")) {
			/* The terms changed since step 3: accept them again. */
			http_redirect(r->h, 303,
				      arena_printf(r->a, "/premium/order/%s/terms", ord.public_id));
		} else if (!strcmp(ord.state, "open") && st == ST_INVALID) {
			GArray *errs = field_errors_new();
			field_error_add(errs, field ? field : "guardian_email", msg);
			r->h->status = 422;
			r->h->resp_type = "text/html; charset=utf-8";
			review_page(r, &ord, rv, accepted_version(r, ver), errs, guardian);
			g_array_free(errs, TRUE);
		} else {
			respond_error_page(r, 409, T(r, "This order cannot be confirmed"), msg);
		}
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
	json_decref(rv);
}

/* --- The order's status: after the payment page ------------------------------ */

void checkout_status_page(struct req *r)
{
	struct bl_order ord;
	json_t *rv;
	if (!load_order(r, &ord, &rv))
		return;
	GString *o = r->h->out;
	struct choice ch;
	choice_of(r, rv, &ch);
	bool pending = !strcmp(ord.state, "awaiting_payment");
	page_ok(r);
	if (pending) /* the payment settles asynchronously: look again soon */
		http_add_header(r->h, "Refresh", "3");
	page_begin(r, T(r, "Your order"));
	html_put(o, "<h1>%s</h1>", T(r, "Your order"));
	html_lit(o, "<div class=\"panel order-status\">");
	if (!strcmp(ord.state, "paid")) {
		html_put(o, "<div class=\"alert ok\" role=\"status\"><strong>%s</strong> %s</div>",
			 T(r, "Payment received."),
			 T(r, "Welcome to Premium Solo: all of campus is open to you."));
		html_put(o, "<p>%s</p>",
			 T(r, "We emailed you a confirmation. Your invoice is in the Premium tab of your "
			      "settings."));
		html_put(o, "<p><a class=\"button\" href=\"/settings/premium\">%s</a></p>",
			 T(r, "See my subscription"));
	} else if (pending) {
		html_put(o,
			 "<div class=\"alert\" role=\"status\" aria-live=\"polite\"><strong>%s</strong> "
			 "%s</div>",
			 T(r, "Payment pending."),
			 T(r, "The payment provider has not confirmed your payment yet; this page updates by "
			      "itself."));
		html_put(o, "<p><a href=\"/premium/order/%s\">%s</a></p>", ord.public_id,
			 T(r, "Refresh now"));
	} else if (!strcmp(ord.state, "awaiting_guardian")) {
		html_put(o, "<div class=\"alert\" role=\"status\"><strong>%s</strong> %s</div>",
			 T(r, "Waiting for your parent or guardian."),
			 arena_printf(
				 r->a,
				 T(r, "We emailed %s a link to consent to your subscription. The order waits "
				      "for them until %s; nothing is charged until then."),
				 ord.guardian_email ? ord.guardian_email : "", bw_date(r, ord.expires_at)));
	} else if (!strcmp(ord.state, "failed")) {
		html_put(o, "<div class=\"alert err\" role=\"alert\"><strong>%s</strong> %s</div>",
			 T(r, "The payment did not go through."),
			 T(r, "Nothing was charged. You can try again."));
		html_put(o, "<p><a class=\"button\" href=\"/premium/details?%s\">%s</a></p>",
			 choice_query(r, &ch), T(r, "Try again"));
	} else if (!strcmp(ord.state, "expired")) {
		html_put(o, "<div class=\"alert err\" role=\"alert\">%s</div>",
			 T(r, "this order has expired: start a new one"));
		html_put(o, "<p><a class=\"button\" href=\"/premium?%s\">%s</a></p>", choice_query(r, &ch),
			 T(r, "Start again"));
	} else { /* open: not confirmed yet (or the guardian has consented) */
		if (ord.guardian_consented_at)
			html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>",
				 T(r,
				   "Your parent or guardian has consented: you can now confirm your order."));
		html_put(o, "<p>%s</p>", T(r, "This order is not confirmed yet."));
		html_put(o, "<p><a class=\"button\" href=\"/premium/order/%s/terms\">%s</a></p>",
			 ord.public_id, T(r, "Continue my order"));
	}
	html_lit(o, "</div>");
	page_end(r);
	json_decref(rv);
}

/* --- ACC-3: the guardian's consent link ------------------------------------- */

void guardian_consent_page(struct req *r)
{
	GString *o = r->h->out;
	const char *token = code_param(r, http_query(r->h, "token"));
	page_ok(r);
	page_begin(r, T(r, "Consent to a Premium Solo subscription"));
	html_put(o, "<h1>%s</h1><div class=\"panel\">", T(r, "Consent to a Premium Solo subscription"));
	html_put(
		o, "<p>%s</p>",
		T(r,
		  "A person under 18 asked to subscribe to Premium Solo and gave your email address as their "
		  "parent or guardian's. Their order waits for your consent; it is then paid by them on the "
		  "next step."));
	html_lit(o, "<form method=\"post\" action=\"/guardian-consent\">");
	form_csrf(r);
	hidden(r, "token", token);
	html_put(o, "<button type=\"submit\">%s</button></form></div>", T(r, "I consent"));
	page_end(r);
}

void guardian_consent_post(struct req *r)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	const char *token = code_param(r, http_form(r->h, "token"));
	enum status st = billing_guardian_consent(req_ctx(r), token, err);
	if (st == ST_OK) {
		page_ok(r);
		page_begin(r, T(r, "Consent recorded"));
		html_put(o, "<h1>%s</h1><div class=\"panel\"><p>%s</p></div>", T(r, "Consent recorded"),
			 T(r, "Your consent is recorded. The order can now be confirmed."));
		page_end(r);
	} else if (st == ST_NOTFOUND || st == ST_CONFLICT || st == ST_INVALID) {
		const char *field = NULL;
		respond_error_page(r, st == ST_NOTFOUND ? 404 : 409, T(r, "This link cannot be used"),
				   bw_message(r, err->str, &field));
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}
