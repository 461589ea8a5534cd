/* billweb: the pages of administrators and staff for Premium Solo (issue 4
 * §2, §5): offers and prices per currency with the notice rule for
 * existing subscribers (SOLO-1, PAY-1), promo codes with their redemptions
 * (PROMO-1), and a subscriber's timeline with force-majeure termination
 * (SOLO-5) and refunds (credit notes, INV-1). Roles are checked by the
 * route, again here, and by the use cases that change anything. */
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "billing/billing.h"
#include "billing/billing_admin.h"
#include "billing/subscription.h"
#include "web/layout.h"
#include "web/page_premium.h"
#include "web/pages.h"
#include "web/pages_billing.h"

#include "base/banned.h"

enum { LIST_MAX = 200, TIMELINE_MAX = 200, MAX_AMOUNT_CENTS = 100000000 };

/* "19", "19.5", "19.00" or "19,00" in major units -> cents; false if not
 * such an amount (at most two decimals, at most 1 000 000.00). */
static bool parse_amount(const char *s, int64_t *cents)
{
	if (!s)
		return false;
	while (*s == ' ')
		s++;
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (digits > 7)
			return false;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.' || *p == ',') {
		for (p++; *p >= '0' && *p <= '9'; p++, decimals++) {
			if (decimals == 2)
				return false;
			frac = frac * 10 + (*p - '0');
		}
		if (!decimals)
			return false;
		if (decimals == 1)
			frac *= 10;
	}
	while (*p == ' ')
		p++;
	if (*p || !digits)
		return false;
	*cents = whole * 100 + frac;
	return *cents <= MAX_AMOUNT_CENTS;
}

/* YYYY-MM-DD -> the local midnight starting that day (+ days). */
static bool parse_day(struct req *r, const char *s, int days, int64_t *t)
{
	int y, m, d;
	if (!s || !dates_parse_ymd(s, &y, &m, &d))
		return false;
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	GDateTime *dt = g_date_time_new(tz, y, m, d, 0, 0, 0);
	GDateTime *e = dt ? g_date_time_add_days(dt, days) : NULL;
	if (e)
		*t = g_date_time_to_unix(e);
	if (dt)
		g_date_time_unref(dt);
	if (e)
		g_date_time_unref(e);
	g_time_zone_unref(tz);
	return e != NULL;
}

static void alerts(struct req *r, const char *notice, const char *error)
{
	GString *o = r->h->out;
	if (notice)
		html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>", notice);
	if (error)
		html_put(o, "<div class=\"alert err\" role=\"alert\">%s</div>", error);
}

static const char *use_case_error(struct req *r, GString *err)
{
	const char *field = NULL;
	const char *msg = bw_message(r, err->str, &field);
	return field ? arena_printf(r->a, "%s: %s", field, msg) : msg;
}

/* --- /admin/offers ---------------------------------------------------------- */

static void offers_page(struct req *r, const char *notice, const char *error)
{
	GString *o = r->h->out;
	struct bl_offer *offers = NULL;
	struct bl_price *prices = NULL;
	int n = 0, np = 0;
	if (!bw_offers_prices(r, &offers, &n, &prices, &np))
		return;
	int64_t now = req_ctx(r)->now;
	page_begin(r, T(r, "Offers and prices"));
	html_put(o, "<h1>%s</h1>", T(r, "Offers and prices"));
	html_put(o,
		 "<p><a href=\"/admin/promo-codes\">%s</a> · <a href=\"/staff/subscribers\">%s</a> · <a "
		 "href=\"/finance\">%s</a></p>",
		 T(r, "Promo codes"), T(r, "Subscribers"), T(r, "Finance"));
	alerts(r, notice, error);
	for (int i = 0; i < n; i++) {
		html_put(o,
			 "<section class=\"panel bw\" aria-labelledby=\"h-offer-%s\"><h2 "
			 "id=\"h-offer-%s\">%s</h2>",
			 offers[i].code, offers[i].code, billing_offer_name(&offers[i], r->lang));
		html_put(o, "<p>%s · %s</p>", offers[i].months == 12 ? T(r, "12 months") : T(r, "1 month"),
			 offers[i].active ? T(r, "on sale") : T(r, "not on sale"));
		html_put(o,
			 "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr></thead><tbody>",
			 T(r, "Currency"), T(r, "Price, VAT included"), T(r, "From"));
		for (int k = 0; k < np; k++)
			if (prices[k].offer_id == offers[i].id)
				html_put(o, "<tr><td>%s</td><td>%s</td><td>%s%s</td></tr>",
					 prices[k].currency,
					 bw_money(r, prices[k].amount, prices[k].currency),
					 bw_date(r, prices[k].valid_from),
					 prices[k].valid_from > now ? T(r, " (planned)") : "");
		html_lit(o, "</tbody></table>");
		html_put(o, "<form method=\"post\" action=\"/admin/offers/%s\">", offers[i].code);
		form_csrf(r);
		form_input(r, NULL,
			   &(struct input){"name_en", T(r, "Name in English"), "text", offers[i].name_en,
					   "off", NULL, true});
		form_input(r, NULL,
			   &(struct input){"name_fr", T(r, "Name in French"), "text", offers[i].name_fr,
					   "off", NULL, true});
		html_put(o,
			 "<div class=\"field check\"><input id=\"f-active-%s\" name=\"active\" "
			 "type=\"checkbox\" "
			 "value=\"1\"%s> <label for=\"f-active-%s\">%s</label></div>",
			 offers[i].code, offers[i].active ? " checked" : "", offers[i].code, T(r, "On sale"));
		html_put(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Save the offer"));
	}
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-price\"><h2 id=\"h-price\">%s</h2>",
		 T(r, "Change a price"));
	html_put(o, "<p>%s</p>",
		 arena_printf(
			 r->a,
			 T(r, "A new price applies at once to new orders. Existing subscribers keep their "
			      "price until their first period that starts at least %d days from now, and are "
			      "emailed the change."),
			 r->app->cfg->price_change_notice_days));
	html_lit(o, "<form method=\"post\" action=\"/admin/prices\">");
	form_csrf(r);
	html_put(o,
		 "<div class=\"field\"><label for=\"f-offer\">%s</label><select id=\"f-offer\" "
		 "name=\"offer\">",
		 T(r, "Offer"));
	for (int i = 0; i < n; i++)
		html_put(o, "<option value=\"%s\">%s</option>", offers[i].code,
			 billing_offer_name(&offers[i], r->lang));
	html_lit(o, "</select></div>");
	form_input(r, NULL,
		   &(struct input){"currency", T(r, "Currency"), "text", "EUR", "off", T(r, "EUR, CHF, GBP…"),
				   true});
	form_input(r, NULL,
		   &(struct input){"amount", T(r, "Price, VAT included"), "text", NULL, "off",
				   T(r, "For example 19.00"), true});
	form_input(
		r, NULL,
		&(struct input){"effective", T(r, "For new orders from"), "date", NULL, "off",
				T(r, "Empty: today. Existing subscribers after the notice, as said above."),
				false});
	html_put(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Set the price"));
	page_end(r);
}

void admin_offers_page(struct req *r)
{
	if (!bw_require(r, ROLE_ADMIN))
		return;
	page_ok(r);
	const char *done = http_query(r->h, "done");
	offers_page(r,
		    done && !strcmp(done, "offer")   ? T(r, "The offer is saved.")
		    : done && !strcmp(done, "price") ? T(r, "The price is set.")
						     : NULL,
		    NULL);
}

static void offers_error(struct req *r, unsigned code, const char *msg)
{
	r->h->status = code;
	r->h->resp_type = "text/html; charset=utf-8";
	offers_page(r, NULL, msg);
}

/* POST /admin/offers/{code} */
void admin_offer_post(struct req *r)
{
	if (!bw_require(r, ROLE_ADMIN))
		return;
	GString *err = g_string_new(NULL);
	const char *active = http_form(r->h, "active");
	enum status st =
		billing_offer_update(req_ctx(r), r->params[0], http_form(r->h, "name_en"),
				     http_form(r->h, "name_fr"), active && !strcmp(active, "1"), err);
	if (st == ST_OK)
		http_redirect(r->h, 303, "/admin/offers?done=offer");
	else if (st == ST_INVALID || st == ST_NOTFOUND)
		offers_error(r, 422, use_case_error(r, err));
	else
		respond_error(r, st, err->str);
	g_string_free(err, TRUE);
}

/* POST /admin/prices */
void admin_price_post(struct req *r)
{
	if (!bw_require(r, ROLE_ADMIN))
		return;
	int64_t amount = 0;
	if (!parse_amount(http_form(r->h, "amount"), &amount))
		return offers_error(r, 422, T(r, "Price: an amount such as 19.00, at most 1000000.00."));
	GString *err = g_string_new(NULL);
	const char *cur = http_form(r->h, "currency");
	char *upper = g_ascii_strup(cur ? cur : "", -1);
	int64_t noticed = 0, effective = req_ctx(r)->now;
	const char *eff = http_form(r->h, "effective");
	if (eff && *eff && !parse_day(r, eff, 0, &effective)) {
		g_free(upper);
		g_string_free(err, TRUE);
		return offers_error(r, 422, T(r, "For new orders from: a date such as 2026-12-01."));
	}
	enum status st = billing_price_schedule(req_ctx(r), http_form(r->h, "offer"),
						arena_strdup(r->a, upper), amount, effective, &noticed, err);
	g_free(upper);
	if (st == ST_OK)
		http_redirect(r->h, 303, "/admin/offers?done=price");
	else if (st == ST_INVALID || st == ST_NOTFOUND)
		offers_error(r, 422, use_case_error(r, err));
	else
		respond_error(r, st, err->str);
	g_string_free(err, TRUE);
}

/* --- /admin/promo-codes (PROMO-1) -------------------------------------------- */

struct promo_form {
	const char *code, *starts, *ends, *kind, *percent, *amount_off, *currency, *periods, *max, *new_only;
	bool monthly, annual;
};

static void promos_page(struct req *r, const struct promo_form *f, const char *notice, const char *error)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct bl_promo *p = NULL;
	struct bl_offer *offers = NULL;
	int n = 0, no = 0;
	enum status st = store_bl_promo_list(req_db(r), r->a, &p, &n, err);
	if (st == ST_OK)
		st = store_bl_offer_list(req_db(r), r->a, &offers, &no, err);
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return;
	}
	g_string_free(err, TRUE);
	page_begin(r, T(r, "Promo codes"));
	html_put(o, "<h1>%s</h1>", T(r, "Promo codes"));
	html_put(o, "<p><a href=\"/admin/offers\">%s</a></p>", T(r, "Offers and prices"));
	alerts(r, notice, error);
	html_put(o, "<section class=\"panel bw\"><h2>%s</h2>", T(r, "Codes"));
	if (!n) {
		html_put(o, "<p>%s</p>", T(r, "No promo code yet."));
	} else {
		html_put(
			o,
			"<div class=\"table-wrap\"><table class=\"data\"><thead><tr><th scope=\"col\">%s</th>"
			"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			"<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			T(r, "Code"), T(r, "Valid"), T(r, "Discount"), T(r, "Periods"), T(r, "Offers"),
			T(r, "Redemptions"));
		for (int i = 0; i < n; i++) {
			const char *disc = !strcmp(p[i].kind, "percent")
						   ? bw_rate(r, p[i].percent_bp)
						   : bw_money(r, p[i].amount_off, p[i].currency);
			GString *names = g_string_new(NULL);
			gchar **ids = g_strsplit(p[i].offer_ids ? p[i].offer_ids : "", ",", 0);
			for (gchar **id = ids; *id; id++)
				for (int k = 0; k < no; k++)
					if (offers[k].id == g_ascii_strtoll(*id, NULL, 10))
						g_string_append_printf(names, "%s%s", names->len ? ", " : "",
								       offers[k].code);
			g_strfreev(ids);
			html_put(o,
				 "<tr><td><code>%s</code>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%s</td>",
				 p[i].code, p[i].new_only ? T(r, " (new subscribers)") : "",
				 arena_printf(r->a, T(r, "%s to %s"), bw_date(r, p[i].starts_at),
					      bw_date(r, p[i].ends_at - 1)),
				 disc, p[i].periods, arena_strdup(r->a, names->str));
			g_string_free(names, TRUE);
			if (p[i].max_redemptions)
				html_put(o, "<td>%d / %d</td></tr>", p[i].redemptions, p[i].max_redemptions);
			else
				html_put(o, "<td>%d</td></tr>", p[i].redemptions);
		}
		html_lit(o, "</tbody></table></div>");
	}
	html_lit(o, "</section>");
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-new\"><h2 id=\"h-new\">%s</h2>",
		 T(r, "New promo code"));
	html_lit(o, "<form method=\"post\" action=\"/admin/promo-codes\">");
	form_csrf(r);
	form_input(r, NULL,
		   &(struct input){"code", T(r, "Code"), "text", f ? f->code : NULL, "off",
				   T(r, "Letters, digits, - and _; people may type it in any case."), true});
	form_input(r, NULL,
		   &(struct input){"starts", T(r, "First day"), "date", f ? f->starts : NULL, "off", NULL,
				   true});
	form_input(r, NULL,
		   &(struct input){"ends", T(r, "Last day"), "date", f ? f->ends : NULL, "off", NULL, true});
	html_put(o, "<fieldset><legend>%s</legend>", T(r, "Offers"));
	for (int k = 0; k < no; k++) {
		bool on = !f || (!strcmp(offers[k].code, "monthly") ? f->monthly : f->annual);
		html_put(o, "<label><input type=\"checkbox\" name=\"offer_%s\" value=\"1\"%s> %s</label> ",
			 offers[k].code, on ? " checked" : "", billing_offer_name(&offers[k], r->lang));
	}
	html_put(o, "</fieldset><fieldset><legend>%s</legend>", T(r, "Discount"));
	bool fixed = f && f->kind && !strcmp(f->kind, "fixed");
	html_put(o, "<label><input type=\"radio\" name=\"kind\" value=\"percent\"%s> %s</label> ",
		 fixed ? "" : " checked", T(r, "Percent off"));
	html_put(o, "<label><input type=\"radio\" name=\"kind\" value=\"fixed\"%s> %s</label></fieldset>",
		 fixed ? " checked" : "", T(r, "Amount off"));
	form_input(r, NULL,
		   &(struct input){"percent", T(r, "Percent off"), "text", f ? f->percent : NULL, "off",
				   T(r, "For example 20"), false});
	form_input(r, NULL,
		   &(struct input){"amount_off", T(r, "Amount off, VAT included"), "text",
				   f ? f->amount_off : NULL, "off", T(r, "For example 5.00"), false});
	form_input(r, NULL,
		   &(struct input){"currency", T(r, "Currency of the amount"), "text",
				   f ? f->currency : "EUR", "off", NULL, false});
	form_input(r, NULL,
		   &(struct input){"periods", T(r, "Billing periods it lasts"), "number",
				   f ? f->periods : "1", "off", NULL, true});
	form_input(r, NULL,
		   &(struct input){"max_redemptions", T(r, "Most redemptions (0: no limit)"), "number",
				   f ? f->max : "0", "off", NULL, false});
	html_put(o,
		 "<div class=\"field check\"><input id=\"f-new_only\" name=\"new_only\" type=\"checkbox\" "
		 "value=\"1\"%s> <label for=\"f-new_only\">%s</label></div>",
		 f && f->new_only ? " checked" : "", T(r, "New subscribers only"));
	html_put(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Create the code"));
	page_end(r);
}

void admin_promos_page(struct req *r)
{
	if (!bw_require(r, ROLE_ADMIN))
		return;
	page_ok(r);
	promos_page(r, NULL, http_query(r->h, "done") ? T(r, "The promo code is created.") : NULL, NULL);
}

static int form_int(const char *s, bool *ok)
{
	char *end = NULL;
	long v = s && *s ? strtol(s, &end, 10) : 0;
	if (s && *s && (*end || v < 0 || v > 1000000))
		*ok = false;
	return (int)v;
}

/* POST /admin/promo-codes */
void admin_promo_post(struct req *r)
{
	if (!bw_require(r, ROLE_ADMIN))
		return;
	struct promo_form f = {.code = http_form(r->h, "code"),
			       .starts = http_form(r->h, "starts"),
			       .ends = http_form(r->h, "ends"),
			       .kind = http_form(r->h, "kind"),
			       .percent = http_form(r->h, "percent"),
			       .amount_off = http_form(r->h, "amount_off"),
			       .currency = http_form(r->h, "currency"),
			       .periods = http_form(r->h, "periods"),
			       .max = http_form(r->h, "max_redemptions"),
			       .new_only = http_form(r->h, "new_only"),
			       .monthly = http_form(r->h, "offer_monthly") != NULL,
			       .annual = http_form(r->h, "offer_annual") != NULL};
	const char *problem = NULL;
	struct bl_promo p = {.code = (char *)(f.code ? f.code : ""),
			     .kind = (char *)(f.kind ? f.kind : ""),
			     .new_only = f.new_only != NULL};
	bool ok = true;
	p.periods = form_int(f.periods, &ok);
	p.max_redemptions = form_int(f.max, &ok);
	if (!ok)
		problem = T(r, "Periods and redemptions: whole numbers.");
	if (!problem && (!parse_day(r, f.starts, 0, &p.starts_at) || !parse_day(r, f.ends, 1, &p.ends_at)))
		problem = T(r, "First and last day: dates such as 2026-12-01.");
	if (!problem && !strcmp(p.kind, "percent")) {
		int64_t pct = 0; /* the percent may have decimals: 12.5 */
		if (!parse_amount(f.percent, &pct))
			problem = T(r, "Percent off: a number such as 20.");
		p.percent_bp = (int)pct;
	} else if (!problem && !strcmp(p.kind, "fixed")) {
		if (!parse_amount(f.amount_off, &p.amount_off))
			problem = T(r, "Amount off: an amount such as 5.00.");
		char *up = g_ascii_strup(f.currency ? f.currency : "", -1);
		p.currency = arena_strdup(r->a, up);
		g_free(up);
	}
	GString *ids = g_string_new(NULL);
	if (!problem) {
		GString *err = g_string_new(NULL);
		static const char *const codes[] = {"monthly", "annual"};
		bool on[] = {f.monthly, f.annual};
		for (size_t i = 0; i < G_N_ELEMENTS(codes); i++) {
			struct bl_offer of;
			if (on[i] && store_bl_offer_by_code(req_db(r), r->a, codes[i], &of, err) == ST_OK)
				g_string_append_printf(ids, "%s%lld", ids->len ? "," : "", (long long)of.id);
		}
		p.offer_ids = arena_strdup(r->a, ids->str);
		enum status st = billing_promo_create(req_ctx(r), &p, err); /* PROMO-1: decides */
		if (st == ST_OK) {
			http_redirect(r->h, 303, "/admin/promo-codes?done=1");
		} else if (st == ST_INVALID || st == ST_CONFLICT) {
			problem = use_case_error(r, err);
		} else {
			respond_error(r, st, err->str);
			g_string_free(err, TRUE);
			g_string_free(ids, TRUE);
			return;
		}
		g_string_free(err, TRUE);
	}
	g_string_free(ids, TRUE);
	if (problem) {
		r->h->status = 422;
		r->h->resp_type = "text/html; charset=utf-8";
		promos_page(r, &f, NULL, problem);
	}
}

/* --- /staff/subscribers: search and timeline --------------------------------- */

static void sub_row(struct req *r, const struct bl_sub *s, const char *email)
{
	html_put(r->h->out,
		 "<tr><td><a "
		 "href=\"/staff/subscribers/%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>",
		 (long long)s->id, email, bw_state_title(r, s), bw_money(r, s->price, s->currency),
		 bw_date(r, s->period_end));
}

static void subs_table_head(struct req *r)
{
	html_put(
		r->h->out,
		"<div class=\"table-wrap\"><table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th "
		"scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		T(r, "Subscriber"), T(r, "State"), T(r, "Price"), T(r, "Period ends"));
}

/* GET /staff/subscribers?email= */
void staff_subscribers_page(struct req *r)
{
	if (!bw_require(r, ROLE_STAFF | ROLE_FINANCE | ROLE_ADMIN))
		return;
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	const char *email = http_query(r->h, "email");
	page_ok(r);
	page_begin(r, T(r, "Subscribers"));
	html_put(o, "<h1>%s</h1>", T(r, "Subscribers"));
	html_lit(o, "<form class=\"panel bw\" method=\"get\" action=\"/staff/subscribers\">");
	form_input(r, NULL,
		   &(struct input){"email", T(r, "Email address"), "search", email, "off", NULL, false});
	html_put(o, "<button type=\"submit\">%s</button></form>", T(r, "Search"));
	if (email && *email) {
		struct user *u = NULL;
		char *lower = g_ascii_strdown(email, -1);
		enum status st = strlen(email) <= 254
					 ? store_user_by_email(req_db(r), r->a, g_strstrip(lower), &u, err)
					 : ST_NOTFOUND;
		g_free(lower);
		struct bl_sub s;
		if (st == ST_OK)
			st = store_bl_sub_latest_by_user(req_db(r), r->a, u->id, &s, err);
		if (st == ST_OK) {
			subs_table_head(r);
			sub_row(r, &s, u->email);
			html_lit(o, "</tbody></table></div>");
		} else {
			html_put(o, "<p role=\"status\">%s</p>",
				 T(r, "No subscription for this email address."));
		}
	} else {
		struct bl_sub *s = NULL;
		int n = 0;
		if (store_bl_sub_list(req_db(r), r->a, LIST_MAX, &s, &n, err) == ST_OK && n) {
			html_put(o, "<h2>%s</h2>", T(r, "Latest subscriptions"));
			subs_table_head(r);
			for (int i = 0; i < n; i++) {
				struct user *u = NULL;
				if (store_user_by_id(req_db(r), r->a, s[i].user_id, &u, err) == ST_OK)
					sub_row(r, &s[i], u->email);
			}
			html_lit(o, "</tbody></table></div>");
		}
	}
	page_end(r);
	g_string_free(err, TRUE);
}

struct event {
	int64_t at;
	const char *what, *who, *detail;
};

static gint event_cmp(gconstpointer a, gconstpointer b)
{
	const struct event *x = a, *y = b;
	return x->at < y->at ? 1 : x->at > y->at ? -1 : 0; /* newest first */
}

static void add_audit(struct req *r, GArray *ev, const char *type, int64_t id)
{
	GString *err = g_string_new(NULL);
	struct audit_entry **e = NULL;
	int n = 0;
	if (store_audit_list(req_db(r), r->a, type, id, TIMELINE_MAX, &e, &n, err) == ST_OK)
		for (int i = 0; i < n; i++) {
			struct event x = {e[i]->at, e[i]->action, e[i]->actor, e[i]->after_json};
			g_array_append_val(ev, x);
		}
	g_string_free(err, TRUE);
}

static void timeline_page(struct req *r, int64_t id, const char *notice, const char *error)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct bl_sub s;
	struct user *u = NULL;
	enum status st = store_bl_sub_by_id(req_db(r), r->a, id, &s, err);
	if (st == ST_OK)
		st = store_user_by_id(req_db(r), r->a, s.user_id, &u, err);
	if (st != ST_OK) {
		if (st == ST_NOTFOUND)
			respond_error_page(r, 404, T(r, "Not found"), T(r, "No such subscription."));
		else
			respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return;
	}
	page_begin(r, T(r, "Subscriber"));
	html_put(o, "<p><a href=\"/staff/subscribers\">%s</a></p>", T(r, "All subscribers"));
	html_put(o, "<h1>%s</h1>", arena_printf(r->a, "%s — %s", u->name, u->email));
	alerts(r, notice, error);
	const struct bl_offer *of = bw_offer(r, s.offer_id);
	html_put(o, "<section class=\"panel bw\"><h2>%s</h2><p><span class=\"badge\">%s</span></p>",
		 of ? billing_offer_name(of, r->lang) : T(r, "Premium Solo"), bw_state_title(r, &s));
	html_put(o, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
		 T(r, "Ordered"), bw_date(r, s.ordered_at), T(r, "Price"), bw_money(r, s.price, s.currency),
		 T(r, "Current period"),
		 arena_printf(r->a, T(r, "%s to %s"), bw_date(r, s.period_start), bw_date(r, s.period_end)));
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Payment method"),
		 s.method_summary ? s.method_summary : "");
	if (s.end_reason && *s.end_reason && strcmp(s.end_reason, "none"))
		html_put(o, "<dt>%s</dt><dd>%s %s</dd>", T(r, "Ended because"), s.end_reason,
			 s.end_note ? s.end_note : "");
	html_lit(o, "</dl></section>");
	/* The timeline: state changes, orders and payments from the audit log,
	 * invoices and transactions from the ledger. */
	GArray *ev = g_array_new(FALSE, FALSE, sizeof(struct event));
	add_audit(r, ev, "subscription", s.id);
	add_audit(r, ev, "order", s.order_id);
	struct bl_invoice *inv = NULL;
	int ni = 0;
	if (store_bl_invoice_by_user(req_db(r), r->a, s.user_id, TIMELINE_MAX, &inv, &ni, err) == ST_OK)
		for (int i = 0; i < ni; i++) {
			struct event x = {inv[i].issued_at,
					  !strcmp(inv[i].kind, "credit_note") ? T(r, "Credit note")
									      : T(r, "Invoice"),
					  "",
					  arena_printf(r->a, "%s · %s", inv[i].number,
						       bw_money(r, inv[i].gross, inv[i].currency))};
			g_array_append_val(ev, x);
		}
	struct bl_tx *tx = NULL;
	int nt = 0;
	if (store_bl_tx_by_user(req_db(r), r->a, s.user_id, TIMELINE_MAX, &tx, &nt, err) == ST_OK)
		for (int i = 0; i < nt; i++) {
			struct event x = {tx[i].at, bw_tx_kind(r, tx[i].kind), "",
					  arena_printf(r->a, "%s · %s",
						       bw_money(r, tx[i].amount, tx[i].currency),
						       bw_tx_status(r, tx[i].status))};
			g_array_append_val(ev, x);
		}
	g_array_sort(ev, event_cmp);
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-tl\"><h2 id=\"h-tl\">%s</h2>",
		 T(r, "Timeline"));
	html_put(o,
		 "<div class=\"table-wrap\"><table class=\"data timeline\"><thead><tr><th "
		 "scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
		 "scope=\"col\">%s</th></tr></thead><tbody>",
		 T(r, "When"), T(r, "What"), T(r, "Who"), T(r, "Details"));
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	for (guint i = 0; i < ev->len; i++) {
		struct event *x = &g_array_index(ev, struct event, i);
		GDateTime *dt = g_date_time_new_from_unix_utc(x->at);
		GDateTime *loc = g_date_time_to_timezone(dt, tz);
		char *when = g_date_time_format(loc, "%Y-%m-%d %H:%M");
		html_put(o, "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"detail\">%s</td></tr>", when,
			 x->what, x->who ? x->who : "", x->detail ? x->detail : "");
		g_free(when);
		g_date_time_unref(loc);
		g_date_time_unref(dt);
	}
	g_time_zone_unref(tz);
	g_array_free(ev, TRUE);
	html_lit(o, "</tbody></table></div></section>");
	/* Staff actions; the use cases check the roles and the states. */
	enum sub_state state;
	if (sub_state_parse(s.state, &state) && sub_state_live(state) &&
	    (r->user->roles & (ROLE_STAFF | ROLE_ADMIN))) {
		html_put(o,
			 "<section class=\"panel bw\" aria-labelledby=\"h-fm\"><h2 "
			 "id=\"h-fm\">%s</h2><p>%s</p>",
			 T(r, "Terminate for force majeure"),
			 T(r, "At the subscriber's request, in a case of force majeure: the subscription "
			      "ends now "
			      "and nothing more is charged (art. 2.1(d), SOLO-5)."));
		html_put(o, "<form method=\"post\" action=\"/staff/subscribers/%lld/terminate\">",
			 (long long)s.id);
		form_csrf(r);
		form_input(r, NULL,
			   &(struct input){"reason", T(r, "Reason (recorded)"), "text", NULL, "off", NULL,
					   true});
		html_put(o, "<button type=\"submit\" class=\"danger\">%s</button></form></section>",
			 T(r, "Terminate now"));
	}
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-rf\"><h2 id=\"h-rf\">%s</h2><p>%s</p>",
		 T(r, "Refund"),
		 T(r,
		   "Refunds the latest payment in full; a credit note referring to its invoice is issued."));
	html_put(o, "<form method=\"post\" action=\"/staff/subscribers/%lld/refund\">", (long long)s.id);
	form_csrf(r);
	form_input(r, NULL,
		   &(struct input){"reason", T(r, "Reason (recorded)"), "text", NULL, "off", NULL, true});
	html_put(o, "<button type=\"submit\">%s</button></form></section>",
		 T(r, "Refund the latest payment"));
	page_end(r);
	g_string_free(err, TRUE);
}

static bool path_id(struct req *r, int64_t *id)
{
	char *end = NULL;
	long long v = strtoll(r->params[0], &end, 10);
	if (*end || v <= 0) {
		respond_error_page(r, 404, T(r, "Not found"), T(r, "No such subscription."));
		return false;
	}
	*id = v;
	return true;
}

void staff_subscriber_page(struct req *r)
{
	int64_t id;
	if (!bw_require(r, ROLE_STAFF | ROLE_FINANCE | ROLE_ADMIN) || !path_id(r, &id))
		return;
	page_ok(r);
	const char *done = http_query(r->h, "done");
	timeline_page(r, id,
		      done && !strcmp(done, "terminate") ? T(r, "The subscription is terminated.")
		      : done && !strcmp(done, "refund")
			      ? T(r, "The refund is requested; the credit note follows "
				     "its confirmation.")
			      : NULL,
		      NULL);
}

static void staff_act(struct req *r, int roles, const char *name,
		      enum status (*fn)(struct ctx *, int64_t, const char *, GString *))
{
	int64_t id;
	if (!bw_require(r, roles) || !path_id(r, &id))
		return;
	GString *err = g_string_new(NULL);
	enum status st = fn(req_ctx(r), id, http_form(r->h, "reason"), err);
	if (st == ST_OK) {
		http_redirect(r->h, 303,
			      arena_printf(r->a, "/staff/subscribers/%lld?done=%s", (long long)id, name));
	} else if (st == ST_INVALID || st == ST_CONFLICT) {
		r->h->status = st == ST_INVALID ? 422 : 409;
		r->h->resp_type = "text/html; charset=utf-8";
		timeline_page(r, id, NULL, use_case_error(r, err));
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

/* POST /staff/subscribers/{id}/terminate (SOLO-5) */
void staff_terminate_post(struct req *r)
{
	staff_act(r, ROLE_STAFF | ROLE_ADMIN, "terminate", billing_terminate);
}

/* POST /staff/subscribers/{id}/refund */
void staff_refund_post(struct req *r)
{
	staff_act(r, ROLE_STAFF | ROLE_FINANCE | ROLE_ADMIN, "refund", billing_staff_refund);
}
