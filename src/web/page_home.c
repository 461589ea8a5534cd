/* GET / — the home page: what campus offers, in the visitor's language. */
#include "http/page_cache.h"
#include "web/layout.h"
#include "web/pages.h"

#include "base/banned.h"

void home_page(struct req *r)
{
	GString *o = r->h->out;
	page_ok(r);
	/* A visitor's home page depends on the language only (it has no
	 * form that needs a token): it is rendered once per language and
	 * answered from the cached bytes (perf). */
	bool visitor = !r->user && r->csrf_on;
	const char *key = arena_printf(r->a, "home|%s", r->lang);
	if (visitor && page_cache_get(key, NULL, "", page_token, r, o, &r->h->resp_bytes))
		return;
	page_begin(r, T(r, "Learn a job online"));
	html_lit(o, "<section class=\"hero\"><div>");
	html_put(o, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Learn a job online, at your pace"),
		 T(r,
		   "Free courses for everyone. Premium Solo for certificates, downloads and the community. "
		   "Premium Plus for a diploma Path with a personal mentor and an employment guarantee."));
	if (r->user)
		html_put(o, "<p><a class=\"button\" href=\"/settings\">%s</a></p>", T(r, "My account"));
	else
		html_put(o,
			 "<p><a class=\"button\" href=\"/signup\">%s</a> <a class=\"button secondary\" "
			 "href=\"/signin\">%s</a></p>",
			 T(r, "Create an account"), T(r, "Sign in"));
	html_lit(o, "</div><div class=\"art\" aria-hidden=\"true\"><svg viewBox=\"0 0 240 150\" "
		    "width=\"100%\" role=\"presentation\">"
		    "<rect x=\"10\" y=\"20\" width=\"150\" height=\"100\" rx=\"10\" fill=\"#fff\"/>"
		    "<rect x=\"25\" y=\"38\" width=\"90\" height=\"10\" rx=\"5\" fill=\"#1d4ed8\"/>"
		    "<rect x=\"25\" y=\"58\" width=\"120\" height=\"8\" rx=\"4\" fill=\"#cbd2d9\"/>"
		    "<rect x=\"25\" y=\"74\" width=\"100\" height=\"8\" rx=\"4\" fill=\"#cbd2d9\"/>"
		    "<rect x=\"25\" y=\"96\" width=\"50\" height=\"12\" rx=\"6\" fill=\"#16a34a\"/>"
		    "<circle cx=\"190\" cy=\"60\" r=\"32\" fill=\"#fff\"/><path d=\"M176 60l10 10 20-22\" "
		    "stroke=\"#16a34a\" stroke-width=\"8\" fill=\"none\" stroke-linecap=\"round\"/>"
		    "<rect x=\"150\" y=\"105\" width=\"80\" height=\"30\" rx=\"8\" "
		    "fill=\"#1e3a8a\"/></svg></div></section>");
	html_lit(o, "<div class=\"cards\">");
	html_put(o, "<div class=\"card\"><h2>%s</h2><p>%s</p></div>", T(r, "Free courses"),
		 T(r, "Read every course of the catalogue and take its quizzes, free of charge."));
	html_put(o, "<div class=\"card\"><h2>Premium Solo</h2><p>%s</p></div>",
		 T(r, "Certificates of achievement, video downloads for offline viewing, peer-reviewed "
		      "homework and the community."));
	html_put(o, "<div class=\"card\"><h2>Premium Plus</h2><p>%s</p></div>",
		 T(r, "A diploma Path with projects, a personal mentor, an exam board and an employment "
		      "guarantee."));
	html_lit(o, "</div>");
	page_end(r);
	if (visitor)
		page_cache_put(key, NULL, "", o->str, o->len, r->csrf);
}
