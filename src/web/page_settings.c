/* /settings — the account settings, one tab per concern: Profile and
 * Security now; Premium joins them with billing. */
#include <string.h>

#include "base/i18n.h"
#include "web/layout.h"
#include "web/pages.h"

#include "base/banned.h"

void settings_tabs(struct req *r, const char *current)
{
	GString *o = r->h->out;
	static const struct {
		const char *href, *label;
	} items[] = {{"/settings", N_("Profile")},
		     {"/settings/security", N_("Security")},
		     {"/settings/premium", N_("Premium")} /* billweb: web/page_premium.c */};
	html_put(o, "<nav class=\"tabs\" aria-label=\"%s\">", T(r, "Settings"));
	for (size_t i = 0; i < G_N_ELEMENTS(items); i++) {
		if (g_str_equal(items[i].href, current))
			html_put(o, "<a href=\"%s\" aria-current=\"page\">%s</a>", items[i].href,
				 T(r, items[i].label));
		else
			html_put(o, "<a href=\"%s\">%s</a>", items[i].href, T(r, items[i].label));
	}
	html_lit(o, "</nav>");
}

static void profile_form(struct req *r, const char *name, const char *country, const char *lang, GArray *errs,
			 bool saved)
{
	GString *o = r->h->out;
	page_begin(r, T(r, "Settings"));
	html_put(o, "<h1>%s</h1>", T(r, "Settings"));
	settings_tabs(r, "/settings");
	html_lit(o, "<div class=\"panel\">");
	if (saved)
		html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>",
			 T(r, "Your profile is saved."));
	form_error_summary(r, errs);
	html_put(o, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd>", T(r, "Email address"), r->user->email);
	html_put(o, "<dt>%s</dt><dd>%s</dd></dl>", T(r, "Date of birth"), r->user->birth_date);
	html_lit(o, "<form method=\"post\" action=\"/settings/profile\">");
	form_csrf(r);
	form_input(r, errs, &(struct input){"name", T(r, "Full name"), "text", name, "name", NULL, true});
	form_country_select(r, errs, country);
	form_lang_select(r, errs, lang);
	html_put(o, "<button type=\"submit\">%s</button></form></div>", T(r, "Save"));
	page_end(r);
}

void settings_page(struct req *r)
{
	/* billweb: the payment page returns to /settings?order=ID (billing's
	 * return URL): the order's status page says how it went. */
	const char *order = http_query(r->h, "order");
	if (order && *order && strlen(order) <= 64 &&
	    strspn(order, "abcdefghijklmnopqrstuvwxyz"
			  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == strlen(order))
		return http_redirect(r->h, 303, arena_printf(r->a, "/premium/order/%s", order));
	page_ok(r);
	profile_form(r, r->user->name, r->user->country, r->user->lang, NULL,
		     http_query(r->h, "saved") != NULL);
}

void settings_profile_post(struct req *r)
{
	const char *name = http_form(r->h, "name"), *country = http_form(r->h, "country"),
		   *lang = http_form(r->h, "lang");
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	enum status st = accounts_update_profile(req_ctx(r), r->user, name ? name : "",
						 country ? country : "", lang ? lang : "", errs, err);
	if (st == ST_OK) {
		if (lang)
			http_set_cookie(r->h, "campus_lang", lang, 365 * 86400, r->app->cfg->secure_cookies);
		http_redirect(r->h, 303, "/settings?saved=1");
	} else if (st == ST_INVALID) {
		r->h->status = 422;
		profile_form(r, name, country, lang, errs, false);
	} else {
		respond_error(r, st, err->str);
	}
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

static void security_form(struct req *r, GArray *errs, bool saved)
{
	GString *o = r->h->out;
	page_begin(r, T(r, "Security"));
	html_put(o, "<h1>%s</h1>", T(r, "Settings"));
	settings_tabs(r, "/settings/security");
	html_put(o, "<div class=\"panel\"><h2>%s</h2>", T(r, "Change your password"));
	if (saved)
		html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>",
			 T(r, "Your password is changed. Your other devices were signed out."));
	form_error_summary(r, errs);
	html_lit(o, "<form method=\"post\" action=\"/settings/password\">");
	form_csrf(r);
	form_input(r, errs,
		   &(struct input){"current_password", T(r, "Current password"), "password", NULL,
				   "current-password", NULL, true});
	form_input(r, errs,
		   &(struct input){"new_password", T(r, "New password"), "password", NULL, "new-password",
				   T(r, "At least 10 characters."), true});
	html_put(o, "<button type=\"submit\">%s</button></form></div>", T(r, "Change my password"));
	page_end(r);
}

void settings_security_page(struct req *r)
{
	page_ok(r);
	security_form(r, NULL, http_query(r->h, "saved") != NULL);
}

void settings_password_post(struct req *r)
{
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	enum status st =
		accounts_change_password(req_ctx(r), r->user, http_form(r->h, "current_password"),
					 http_form(r->h, "new_password"), r->session_hash, errs, err);
	if (st == ST_OK) {
		http_redirect(r->h, 303, "/settings/security?saved=1");
	} else if (st == ST_INVALID) {
		r->h->status = 422;
		security_form(r, errs, false);
	} else {
		respond_error(r, st, err->str);
	}
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}
