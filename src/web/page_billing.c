/* ACC-3: the page behind the guardian's single-use consent link. The
 * link opens a page with a button (a GET never consents: mail scanners
 * follow links); the POST records the consent. */
#include <string.h>

#include "billing/billing.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages_billing.h"

#include "base/banned.h"

static void consent_form(struct req *r, const char *token)
{
	GString *o = r->h->out;
	page_ok(r);
	page_begin(r, T(r, "Consent to a Premium Solo subscription"));
	html_put(
		o, "<div class=\"panel\"><h1>%s</h1><p>%s</p>",
		T(r, "Consent to a Premium Solo subscription"),
		T(r,
		  "A person under 18 asked to subscribe to Premium Solo and gave your email address as their "
		  "parent or guardian. Their order waits for your consent."));
	html_lit(o, "<form method=\"post\" action=\"/guardian-consent\">");
	form_csrf(r);
	html_put(o,
		 "<input type=\"hidden\" name=\"token\" value=\"%s\"><button "
		 "type=\"submit\">%s</button></form></div>",
		 token, T(r, "I consent"));
	page_end(r);
}

void guardian_consent_page(struct req *r)
{
	const char *token = http_query(r->h, "token");
	if (!token || !*token || strlen(token) > 128) {
		respond_error_page(
			r, 400, T(r, "This link does not work"),
			T(r, "This consent link is not valid: use the link of the email as it is."));
		return;
	}
	consent_form(r, token);
}

void guardian_consent_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	enum status st = billing_guardian_consent(req_ctx(r), http_form(r->h, "token"), err);
	if (st == ST_OK) {
		GString *o = r->h->out;
		page_ok(r);
		page_begin(r, T(r, "Consent recorded"));
		html_put(o,
			 "<div class=\"panel\"><div class=\"alert ok\" "
			 "role=\"status\">%s</div><h1>%s</h1></div>",
			 T(r, "Thank you: the order can now be confirmed."), T(r, "Consent recorded"));
		page_end(r);
	} else if (st == ST_NOTFOUND || st == ST_CONFLICT) {
		respond_error_page(
			r, st == ST_NOTFOUND ? 404 : 409, T(r, "This link does not work"),
			T(r, "This consent link is not valid any more: it was used already or the order "
			     "has expired."));
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}
