/* /signup — create an account with the terms acceptance of ACC-1;
 * /verify — the link of the confirmation email. */
#include <string.h>

#include "base/i18n.h"
#include "web/layout.h"
#include "web/pages.h"

#include "base/banned.h"

static void signup_form(struct req *r, const struct signup_form *f, GArray *errs)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct terms *t = NULL;
	store_terms_current(req_db(r), r->a, &t, err);
	g_string_free(err, TRUE);
	page_begin(r, T(r, "Create an account"));
	html_put(o, "<div class=\"panel\"><h1>%s</h1>", T(r, "Create an account"));
	form_error_summary(r, errs);
	html_lit(o, "<form method=\"post\" action=\"/signup\" novalidate>");
	form_csrf(r);
	form_input(r, errs, &(struct input){"name", T(r, "Full name"), "text", f->name, "name", NULL, true});
	form_input(r, errs,
		   &(struct input){"email", T(r, "Email address"), "email", f->email, "email", NULL, true});
	form_input(r, errs,
		   &(struct input){"password", T(r, "Password"), "password", NULL, "new-password",
				   T(r, "At least 10 characters. A short sentence is easy to remember."),
				   true});
	form_input(r, errs,
		   &(struct input){"birth_date", T(r, "Date of birth"), "date", f->birth_date, "bday",
				   T(r, "Format YYYY-MM-DD. Under 18, a parent or guardian will be asked to "
					"agree before any subscription."),
				   true});
	form_country_select(r, errs, f->country);
	form_lang_select(r, errs, f->lang ? f->lang : r->lang);
	/* ACC-1: unticked by default, and the version shown is the one
	 * recorded. */
	const char *err_terms = form_field_error(r, errs, "accept_terms");
	html_put(o, "<input type=\"hidden\" name=\"terms_version\" value=\"%d\">", t ? t->version : 0);
	html_lit(o, "<div class=\"field\"><div class=\"check\"><input type=\"checkbox\" "
		    "id=\"f-accept_terms\" name=\"accept_terms\" value=\"on\" required");
	if (err_terms)
		html_lit(o, " aria-invalid=\"true\" aria-describedby=\"e-accept_terms\"");
	html_put(o,
		 "><label for=\"f-accept_terms\">%s <a href=\"/terms/%d\" target=\"_blank\" "
		 "rel=\"noopener\">%s</a></label></div>",
		 T(r, "I have read and I accept the"), t ? t->version : 1, T(r, "terms of service"));
	if (err_terms)
		html_put(o, "<p class=\"error\" id=\"e-accept_terms\">%s</p>", err_terms);
	html_lit(o, "</div>");
	html_put(o, "<button type=\"submit\">%s</button></form>", T(r, "Create my account"));
	html_put(o, "<p>%s <a href=\"/signin\">%s</a></p></div>", T(r, "Already have an account?"),
		 T(r, "Sign in"));
	page_end(r);
}

void signup_page(struct req *r)
{
	struct signup_form f = {0};
	page_ok(r);
	signup_form(r, &f, NULL);
}

void signup_post(struct req *r)
{
	struct signup_form f = {
		.name = http_form(r->h, "name"),
		.email = http_form(r->h, "email"),
		.password = http_form(r->h, "password"),
		.birth_date = http_form(r->h, "birth_date"),
		.country = http_form(r->h, "country"),
		.lang = http_form(r->h, "lang"),
		.accept_terms =
			http_form(r->h, "accept_terms") && !strcmp(http_form(r->h, "accept_terms"), "on"),
		.terms_version =
			http_form(r->h, "terms_version") ? atoi(http_form(r->h, "terms_version")) : 0,
	};
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	struct user *u = NULL;
	enum status st = accounts_signup(req_ctx(r), &f, r->app->cfg->base_url, &u, errs, err);
	if (st == ST_OK) {
		http_redirect(r->h, 303, "/signup/done");
	} else if (st == ST_INVALID || (st == ST_CONFLICT && errs->len)) {
		r->h->status = 422;
		signup_form(r, &f, errs);
	} else {
		respond_error(r, st, err->str);
	}
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

void signup_done_page(struct req *r)
{
	GString *o = r->h->out;
	page_ok(r);
	page_begin(r, T(r, "Check your email"));
	html_put(o,
		 "<div class=\"panel\"><h1>%s</h1><p>%s</p><p><a class=\"button\" "
		 "href=\"/signin\">%s</a></p></div>",
		 T(r, "Check your email"),
		 T(r, "Your account is created. We sent you an email with a link to confirm your address; it "
		      "expires in 48 hours."),
		 T(r, "Sign in"));
	page_end(r);
}

void verify_page(struct req *r)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct user *u = NULL;
	enum status st = accounts_verify_email(req_ctx(r), http_query(r->h, "token"), &u, err);
	if (st == ST_OK) {
		page_ok(r);
		page_begin(r, T(r, "Email confirmed"));
		html_put(o,
			 "<div class=\"panel\"><div class=\"alert ok\" role=\"status\">%s</div><h1>%s</h1>",
			 T(r, "Your email address is confirmed."), T(r, "Welcome!"));
		if (r->user)
			html_put(o, "<p><a class=\"button\" href=\"/settings\">%s</a></p></div>",
				 T(r, "My account"));
		else
			html_put(o, "<p><a class=\"button\" href=\"/signin\">%s</a></p></div>",
				 T(r, "Sign in"));
		page_end(r);
	} else if (st == ST_NOTFOUND) {
		respond_error_page(
			r, 400, T(r, "This link does not work"),
			T(r, "This confirmation link is not valid any more: it was used already or has "
			     "expired. If your address is confirmed, just sign in; otherwise use “Forgot "
			     "your password?” on the sign-in page to get a new link by email."));
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}
