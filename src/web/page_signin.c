/* /signin, /signout and /lang (GET for visitors, POST for accounts). */
#include <string.h>

#include "base/i18n.h"
#include "web/layout.h"
#include "web/pages.h"

#include "base/banned.h"

/* Only local paths are accepted as a destination after sign-in or a
 * language switch: an open redirect would help phishing. No control
 * character either: browsers drop tabs and newlines from a Location, so
 * "/<TAB>/evil.example" would become "//evil.example". */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 512)
		return NULL;
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return NULL;
	return next;
}

static void signin_form(struct req *r, const char *email, const char *error)
{
	GString *o = r->h->out;
	const char *next = safe_next(http_form(r->h, "next"));
	if (!next)
		next = safe_next(http_query(r->h, "next"));
	page_begin(r, T(r, "Sign in"));
	html_put(o, "<div class=\"panel\"><h1>%s</h1>", T(r, "Sign in"));
	if (error)
		html_put(o, "<div class=\"alert err\" role=\"alert\">%s</div>", error);
	html_lit(o, "<form method=\"post\" action=\"/signin\">");
	form_csrf(r);
	if (next)
		html_put(o, "<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
	form_input(r, NULL,
		   &(struct input){"email", T(r, "Email address"), "email", email, "username", NULL, true});
	form_input(r, NULL,
		   &(struct input){"password", T(r, "Password"), "password", NULL, "current-password", NULL,
				   true});
	html_put(o, "<button type=\"submit\">%s</button></form>", T(r, "Sign in"));
	html_put(o, "<p><a href=\"/password/forgot\">%s</a></p>", T(r, "Forgot your password?"));
	html_put(o, "<p>%s <a href=\"/signup\">%s</a></p></div>", T(r, "New here?"),
		 T(r, "Create an account"));
	page_end(r);
}

void signin_page(struct req *r)
{
	if (r->user) {
		http_redirect(r->h, 303, "/settings");
		return;
	}
	page_ok(r);
	signin_form(r, NULL, NULL);
}

void signin_post(struct req *r)
{
	const char *email = http_form(r->h, "email");
	GString *err = g_string_new(NULL);
	struct user *u = NULL;
	char *token = NULL;
	enum status st = accounts_signin(req_ctx(r), email, http_form(r->h, "password"), &u, &token, err);
	if (st == ST_OK) {
		/* The old session, if any, ends: a new token at every sign-in. */
		accounts_signout(req_ctx(r), http_cookie(r->h, "campus_session"), err);
		http_set_cookie(r->h, "campus_session", token, -1, r->app->cfg->secure_cookies);
		http_set_cookie(r->h, "campus_lang", u->lang, 365 * 86400, r->app->cfg->secure_cookies);
		const char *next = safe_next(http_form(r->h, "next"));
		http_redirect(r->h, 303, next ? next : "/settings");
	} else if (st == ST_UNAUTHORIZED || st == ST_TOOMANY) {
		/* A form with a wrong entry is a 422, like every form error. */
		r->h->status = st == ST_TOOMANY ? 429 : 422;
		if (st == ST_TOOMANY)
			http_add_header(r->h, "Retry-After", "900");
		signin_form(r, email,
			    st == ST_TOOMANY ? T(r, "Too many failed attempts for this account from your "
						    "connection. Wait 15 minutes, or reset your password.")
					     : T(r, "Wrong email or password."));
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

void signout_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	accounts_signout(req_ctx(r), http_cookie(r->h, "campus_session"), err);
	http_set_cookie(r->h, "campus_session", "", 0, r->app->cfg->secure_cookies);
	http_redirect(r->h, 303, "/");
	g_string_free(err, TRUE);
}

/* GET /lang?lang=fr&next=/path: a visitor's language switch (the form of
 * page_begin). It only sets the campus_lang preference cookie, like a
 * setting of the browser: no state of the site changes, so it needs no
 * CSRF token, and next may only be a local path. A signed-in user's
 * language belongs to their account (ACC-4), changed by POST /lang with
 * the token: a GET (a visitor's page opened before signing in) changes
 * nothing and leads to the settings, where the language is chosen. */
void lang_get(struct req *r)
{
	const char *lang = http_query(r->h, "lang");
	if (!i18n_supported(lang)) {
		respond_error_page(r, 422, T(r, "Unknown language"),
				   T(r, "campus speaks English and French."));
		return;
	}
	if (r->user) {
		http_redirect(r->h, 303, "/settings");
		return;
	}
	http_set_cookie(r->h, "campus_lang", lang, 365 * 86400, r->app->cfg->secure_cookies);
	const char *next = safe_next(http_query(r->h, "next"));
	http_redirect(r->h, 303, next ? next : "/");
}

void lang_post(struct req *r)
{
	const char *lang = http_form(r->h, "lang");
	if (!i18n_supported(lang)) {
		respond_error_page(r, 422, T(r, "Unknown language"),
				   T(r, "campus speaks English and French."));
		return;
	}
	if (r->user) {
		GArray *errs = field_errors_new();
		GString *err = g_string_new(NULL);
		accounts_update_profile(req_ctx(r), r->user, NULL, NULL, lang, errs, err); /* ACC-4 */
		g_array_free(errs, TRUE);
		g_string_free(err, TRUE);
	}
	http_set_cookie(r->h, "campus_lang", lang, 365 * 86400, r->app->cfg->secure_cookies);
	const char *next = safe_next(http_form(r->h, "next"));
	http_redirect(r->h, 303, next ? next : "/");
}
