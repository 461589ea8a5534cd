#include "web/layout.h"

#include <stdlib.h>
#include <string.h>

#include "accounts/rules.h"
#include "web/assets.h"

#include "base/banned.h"

static void nav_link(struct req *r, const char *href, const char *label)
{
	GString *o = r->h->out;
	bool cur = !strcmp(r->h->path, href) || (strcmp(href, "/") && g_str_has_prefix(r->h->path, href));
	if (cur)
		html_put(o, "<a href=\"%s\" aria-current=\"page\">%s</a>", href, label);
	else
		html_put(o, "<a href=\"%s\">%s</a>", href, label);
}

void page_begin(struct req *r, const char *title)
{
	page_begin_meta(r, title, NULL);
}

void page_begin_meta(struct req *r, const char *title, const struct page_meta *meta)
{
	GString *o = r->h->out;
	const struct asset *css = asset_find("static/app.css");
	r->h->resp_type = "text/html; charset=utf-8";
	html_put(o, "<!doctype html><html lang=\"%s\"><head><meta charset=\"utf-8\">", r->lang);
	html_lit(o, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
	html_put(o, "<title>%s · %s</title>", title, r->app->cfg->platform_name);
	if (meta) {
		html_put(o, "<meta name=\"description\" content=\"%s\">", meta->description);
		html_put(o, "<meta property=\"og:title\" content=\"%s\">", title);
		html_put(o, "<meta property=\"og:description\" content=\"%s\">", meta->description);
		html_put(o, "<meta property=\"og:url\" content=\"%s\">", meta->url);
		html_put(o, "<meta property=\"og:type\" content=\"%s\">", meta->type);
		html_put(o, "<meta property=\"og:site_name\" content=\"%s\">", r->app->cfg->platform_name);
		html_put(o, "<link rel=\"canonical\" href=\"%s\">", meta->url);
	}
	/* The ETag doubles as a fingerprint: the stylesheet URL changes with
	 * its content, so browsers may cache it for a year. */
	html_put(o, "<link rel=\"stylesheet\" href=\"/static/app.css?v=%s\">",
		 css ? arena_strndup(r->a, css->etag + 1, 8) : "0");
	html_lit(o, "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\"></head><body>");
	html_put(o, "<a class=\"skip\" href=\"#main\">%s</a>", T(r, "Skip to content"));
	html_lit(o, "<header class=\"site\"><div class=\"wrap\"><a class=\"brand\" href=\"/\">"
		    "<svg viewBox=\"0 0 32 32\" aria-hidden=\"true\"><rect width=\"32\" height=\"32\" "
		    "rx=\"8\" fill=\"#1d4ed8\"/>"
		    "<path d=\"M6 13l10-5 10 5-10 5z\" fill=\"#fff\"/><path d=\"M10 16v5c3 2.5 9 2.5 12 "
		    "0v-5l-6 3z\" fill=\"#bfdbfe\"/></svg>");
	html_text(o, r->app->cfg->platform_name);
	html_put(o, "</a><nav class=\"main\" aria-label=\"%s\">", T(r, "Main"));
	nav_link(r, "/", T(r, "Home"));
	nav_link(r, "/courses", T(r, "Courses"));
	nav_link(r, "/premium", T(r, "Premium")); /* billweb: Become Premium Solo */
	nav_link(r, "/terms", T(r, "Terms"));
	if (r->user) {
		nav_link(r, "/dashboard", T(r, "Dashboard"));
		nav_link(r, "/certificates", T(r, "Certificates"));
		if (r->user->roles & (ROLE_STAFF | ROLE_ADMIN)) /* media: staff Premium grants */
			nav_link(r, "/admin/premium", T(r, "Premium access"));
		nav_link(r, "/reviews", T(r, "Peer review")); /* peer */
		nav_link(r, "/settings", T(r, "Settings"));
		if (r->user->roles & (ROLE_STAFF | ROLE_FINANCE | ROLE_ADMIN)) /* billweb */
			nav_link(r, "/staff/subscribers", T(r, "Subscribers"));
		if (r->user->roles & (ROLE_FINANCE | ROLE_ADMIN)) /* finance: the year and the exports */
			nav_link(r, "/finance", T(r, "Finance"));
		html_lit(o, "<form class=\"inline\" method=\"post\" action=\"/signout\">");
		form_csrf(r);
		html_put(o, "<button class=\"link\" type=\"submit\">%s</button></form>", T(r, "Sign out"));
	} else {
		nav_link(r, "/signin", T(r, "Sign in"));
		html_put(o, "<a class=\"button\" href=\"/signup\">%s</a>", T(r, "Create an account"));
	}
	/* The language switch: one button to the other language. A signed-in
	 * user's changes their account (ACC-4): a POST with the CSRF token.
	 * A visitor's only sets the campus_lang preference cookie, which is
	 * no state change to protect: a GET, so that visitors' pages carry
	 * no token and are served from the page cache as they are (perf). */
	bool fr = !strcmp(r->lang, "fr");
	if (r->user) {
		html_lit(o, "<form class=\"inline\" method=\"post\" action=\"/lang\">");
		form_csrf(r);
	} else {
		html_lit(o, "<form class=\"inline\" method=\"get\" action=\"/lang\">");
	}
	html_put(o, "<input type=\"hidden\" name=\"lang\" value=\"%s\">", fr ? "en" : "fr");
	html_put(o, "<input type=\"hidden\" name=\"next\" value=\"%s\">", r->h->path);
	html_put(o, "<button class=\"link\" type=\"submit\" lang=\"%s\" aria-label=\"%s\">%s</button></form>",
		 fr ? "en" : "fr", fr ? "Switch to English" : "Passer en français",
		 fr ? "English" : "Français");
	html_lit(o, "</nav></div></header>");
	if (r->user && !r->user->verified_at)
		html_put(o, "<div class=\"banner\" role=\"status\"><div class=\"wrap\">%s</div></div>",
			 T(r, "Please confirm your email address: we sent you a link when you signed up."));
	html_lit(o, "<main id=\"main\"><div class=\"wrap\">");
}

void page_end(struct req *r)
{
	GString *o = r->h->out;
	html_lit(o, "</div></main><footer class=\"site\"><div class=\"wrap\">");
	html_put(o, "<span>© %s</span>", r->app->cfg->platform_name);
	html_put(o, "<a href=\"/terms\">%s</a>", T(r, "Terms of service"));
	html_put(o, "<a href=\"/privacy\">%s</a>", T(r, "Privacy"));
	html_put(o, "<a href=\"/api/v1/openapi.json\">%s</a>", T(r, "API"));
	html_lit(o, "</div></footer></body></html>");
}

void page_ok(struct req *r)
{
	r->h->status = 200;
	r->h->resp_type = "text/html; charset=utf-8";
}

const char *page_token(void *req)
{
	return req_csrf(req);
}

void form_csrf(struct req *r)
{
	const char *token = req_csrf(r);
	if (token)
		html_put(r->h->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", token);
}

const char *form_field_error(struct req *r, GArray *errs, const char *field)
{
	if (!errs)
		return NULL;
	for (guint i = 0; i < errs->len; i++) {
		struct field_error *fe = &g_array_index(errs, struct field_error, i);
		if (!strcmp(fe->field, field))
			return T(r, fe->msgid);
	}
	return NULL;
}

void form_error_summary(struct req *r, GArray *errs)
{
	if (!errs || !errs->len)
		return;
	GString *o = r->h->out;
	html_put(o, "<div class=\"alert err\" role=\"alert\"><strong>%s</strong><ul>",
		 T(r, "Please correct the following:"));
	for (guint i = 0; i < errs->len; i++) {
		struct field_error *fe = &g_array_index(errs, struct field_error, i);
		html_put(o, "<li><a href=\"#f-%s\">%s</a></li>", fe->field, T(r, fe->msgid));
	}
	html_lit(o, "</ul></div>");
}

static void field_open(struct req *r, GArray *errs, const char *name, const char *label, const char **err)
{
	GString *o = r->h->out;
	*err = form_field_error(r, errs, name);
	html_put(o, "<div class=\"field\"><label for=\"f-%s\">%s</label>", name, label);
}

static void field_close(struct req *r, const char *name, const char *hint, const char *err)
{
	GString *o = r->h->out;
	if (hint)
		html_put(o, "<p class=\"hint\" id=\"h-%s\">%s</p>", name, hint);
	if (err)
		html_put(o, "<p class=\"error\" id=\"e-%s\">%s</p>", name, err);
	html_lit(o, "</div>");
}

static void described(struct req *r, const char *name, const char *hint, const char *err)
{
	GString *o = r->h->out;
	if (err)
		html_lit(o, " aria-invalid=\"true\"");
	if (hint || err)
		html_put(o, " aria-describedby=\"%s%s%s%s\"", hint ? "h-" : "", hint ? name : "",
			 err ? (hint ? " e-" : "e-") : "", err ? name : "");
}

void form_input(struct req *r, GArray *errs, const struct input *in)
{
	GString *o = r->h->out;
	const char *err;
	field_open(r, errs, in->name, in->label, &err);
	html_put(o, "<input id=\"f-%s\" name=\"%s\" type=\"%s\"", in->name, in->name, in->type);
	if (in->value && strcmp(in->type, "password"))
		html_put(o, " value=\"%s\"", in->value);
	if (in->autocomplete)
		html_put(o, " autocomplete=\"%s\"", in->autocomplete);
	if (in->required)
		html_lit(o, " required");
	if (!strcmp(in->type, "password"))
		html_lit(o, " maxlength=\"256\"");
	else
		html_lit(o, " maxlength=\"254\"");
	described(r, in->name, in->hint, err);
	html_lit(o, ">");
	field_close(r, in->name, in->hint, err);
}

/* Countries in alphabetical order of their names in each language
 * (accents ignored: "États-Unis" sorts under E), computed once. */
static const struct country *by_name[2][64];

static int cmp_en(const void *a, const void *b)
{
	return g_ascii_strcasecmp((*(const struct country *const *)a)->name_en,
				  (*(const struct country *const *)b)->name_en);
}

static int cmp_fr(const void *a, const void *b)
{
	char *x = g_str_to_ascii((*(const struct country *const *)a)->name_fr, "C");
	char *y = g_str_to_ascii((*(const struct country *const *)b)->name_fr, "C");
	int c = g_ascii_strcasecmp(x, y);
	g_free(x);
	g_free(y);
	return c;
}

static const struct country *const *countries_sorted(bool fr)
{
	static gsize once;
	if (g_once_init_enter(&once)) {
		g_assert(countries_len <= G_N_ELEMENTS(by_name[0]));
		for (size_t i = 0; i < countries_len; i++)
			by_name[0][i] = by_name[1][i] = &countries[i];
		qsort(by_name[0], countries_len, sizeof(by_name[0][0]), cmp_en);
		qsort(by_name[1], countries_len, sizeof(by_name[1][0]), cmp_fr);
		g_once_init_leave(&once, 1);
	}
	return by_name[fr ? 1 : 0];
}

void form_country_select(struct req *r, GArray *errs, const char *selected)
{
	GString *o = r->h->out;
	const char *err;
	bool fr = !strcmp(r->lang, "fr");
	field_open(r, errs, "country", T(r, "Country"), &err);
	html_lit(o, "<select id=\"f-country\" name=\"country\" autocomplete=\"country\" required");
	described(r, "country", NULL, err);
	html_lit(o, ">");
	html_put(o, "<option value=\"\">%s</option>", T(r, "Choose…"));
	const struct country *const *sorted = countries_sorted(fr);
	for (size_t i = 0; i < countries_len; i++) {
		const struct country *c = sorted[i];
		bool sel = selected && !strcmp(selected, c->code);
		html_put(o, "<option value=\"%s\"%s>%s</option>", c->code, sel ? " selected" : "",
			 fr ? c->name_fr : c->name_en);
	}
	html_lit(o, "</select>");
	field_close(r, "country", NULL, err);
}

void form_lang_select(struct req *r, GArray *errs, const char *selected)
{
	GString *o = r->h->out;
	const char *err;
	field_open(r, errs, "lang", T(r, "Language of pages and emails"), &err);
	html_lit(o, "<select id=\"f-lang\" name=\"lang\" required");
	described(r, "lang", NULL, err);
	html_lit(o, ">");
	bool fr = selected && !strcmp(selected, "fr");
	html_put(o, "<option value=\"en\"%s>English</option><option value=\"fr\"%s>Français</option>",
		 fr ? "" : " selected", fr ? " selected" : "");
	html_lit(o, "</select>");
	field_close(r, "lang", NULL, err);
}
