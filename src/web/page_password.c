/* /password/forgot and /password/reset — the reset-by-email flow. */
#include "web/layout.h"
#include "web/pages.h"

#include "base/banned.h"

static void forgot_form(struct req *r, bool sent)
{
	GString *o = r->h->out;
	page_begin(r, T(r, "Forgot your password?"));
	html_put(o, "<div class=\"panel\"><h1>%s</h1>", T(r, "Forgot your password?"));
	if (sent)
		html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>",
			 T(r, "If an account exists with this address, we sent it a link to choose a new "
			      "password. The link expires in one hour."));
	html_put(o, "<p>%s</p><form method=\"post\" action=\"/password/forgot\">",
		 T(r, "Enter the email address of your account: we will send you a link to choose a new "
		      "password."));
	form_csrf(r);
	form_input(r, NULL,
		   &(struct input){"email", T(r, "Email address"), "email", NULL, "email", NULL, true});
	html_put(o, "<button type=\"submit\">%s</button></form></div>", T(r, "Send me a link"));
	page_end(r);
}

void forgot_page(struct req *r)
{
	page_ok(r);
	forgot_form(r, false);
}

void forgot_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	enum status st =
		accounts_request_reset(req_ctx(r), http_form(r->h, "email"), r->app->cfg->base_url, err);
	if (st == ST_OK) {
		page_ok(r);
		forgot_form(r, true);
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

static void reset_form(struct req *r, const char *token, GArray *errs, const char *error)
{
	GString *o = r->h->out;
	page_begin(r, T(r, "Choose a new password"));
	html_put(o, "<div class=\"panel\"><h1>%s</h1>", T(r, "Choose a new password"));
	if (error)
		html_put(o, "<div class=\"alert err\" role=\"alert\">%s</div>", error);
	form_error_summary(r, errs);
	html_lit(o, "<form method=\"post\" action=\"/password/reset\">");
	form_csrf(r);
	html_put(o, "<input type=\"hidden\" name=\"token\" value=\"%s\">", token ? token : "");
	form_input(r, errs,
		   &(struct input){"password", T(r, "New password"), "password", NULL, "new-password",
				   T(r, "At least 10 characters."), true});
	html_put(o, "<button type=\"submit\">%s</button></form></div>", T(r, "Save my new password"));
	page_end(r);
}

void reset_page(struct req *r)
{
	page_ok(r);
	reset_form(r, http_query(r->h, "token"), NULL, NULL);
}

void reset_post(struct req *r)
{
	const char *token = http_form(r->h, "token");
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	enum status st = accounts_reset_password(req_ctx(r), token, http_form(r->h, "password"), errs, err);
	if (st == ST_OK) {
		GString *o = r->h->out;
		page_ok(r);
		page_begin(r, T(r, "Password changed"));
		html_put(o,
			 "<div class=\"panel\"><div class=\"alert ok\" role=\"status\">%s</div><p><a "
			 "class=\"button\" href=\"/signin\">%s</a></p></div>",
			 T(r, "Your password is changed. For your safety, every device was signed out."),
			 T(r, "Sign in"));
		page_end(r);
	} else if (st == ST_INVALID || st == ST_NOTFOUND) {
		r->h->status = st == ST_INVALID ? 422 : 400;
		reset_form(r, token, errs,
			   st == ST_NOTFOUND ? T(r, "This reset link is not valid any more: it was used "
						    "already or has expired. Ask for a new one.")
					     : NULL);
	} else {
		respond_error(r, st, err->str);
	}
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}
