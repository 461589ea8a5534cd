/* Certificates (CERT-1): the learner's claim page, "My certificates", the
 * public verification page with its PDF, its Open Badge and the issuer's
 * profile. */
#include <string.h>

#include "base/dates.h"
#include "learning/certificate_pdf.h"
#include "learning/certificates.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages_cert.h"

#include "base/banned.h"

/* --- shared with api_cert.c -------------------------------------------------- */

char *cert_human_date(struct req *r, int64_t t, const char *lang)
{
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	if (!tz)
		tz = g_time_zone_new_utc();
	char buf[64];
	dates_format_human(tz, t, lang, buf, sizeof buf);
	g_time_zone_unref(tz);
	return arena_strdup(r->a, buf);
}

char *cert_linkedin_url(struct req *r, const struct certificate *cert)
{
	/* LinkedIn's "Add to profile" link for certifications: the fields of
	 * the form, prefilled. */
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	if (!tz)
		tz = g_time_zone_new_utc();
	int y, m, d;
	dates_local_ymd(tz, cert->issued_at, &y, &m, &d);
	g_time_zone_unref(tz);
	GString *u = g_string_new("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=");
	html_url(u, cert->course_title);
	g_string_append(u, "&organizationName=");
	html_url(u, r->app->cfg->platform_name);
	g_string_append_printf(u, "&issueYear=%d&issueMonth=%d&certUrl=", y, m);
	html_url(u, certificates_url(req_ctx(r), cert));
	g_string_append(u, "&certId=");
	html_url(u, cert->code);
	char *s = arena_strndup(r->a, u->str, u->len);
	g_string_free(u, TRUE);
	return s;
}

void cert_course_link(struct req *r, const char *slug)
{
	html_put(r->h->out, "<p class=\"cert-link\"><a href=\"/courses/%s/certificate\">%s</a> · %s</p>",
		 slug, T(r, "Certificate of achievement"), T(r, "see whether you qualify"));
}

/* --- the learner's claim page -------------------------------------------------- */

static const char *score_text(struct req *r, int bp)
{
	char buf[32];
	certificate_format_score(r->lang, bp, buf, sizeof buf);
	return arena_strdup(r->a, buf);
}

/* The certificate as the learner would see it on paper: name, course,
 * score; a preview carries no code. */
static void cert_card(struct req *r, const char *name, const char *course, int score_bp, const char *date,
		      const char *code)
{
	GString *o = r->h->out;
	html_put(o, "<figure class=\"cert-card\" aria-label=\"%s\"><p class=\"cert-org\">%s</p>",
		 T(r, "Certificate of achievement"), r->app->cfg->platform_name);
	html_put(o, "<p class=\"cert-title\">%s</p><p class=\"cert-lead\">%s</p>",
		 T(r, "Certificate of achievement"), T(r, "This is to certify that"));
	html_put(o, "<p class=\"cert-name\">%s</p><p class=\"cert-lead\">%s</p>", name,
		 T(r, "has successfully completed the course"));
	html_put(o, "<p class=\"cert-course\">%s</p><p>", course);
	html_text(o, arena_printf(r->a, T(r, "with an overall score of %s"), score_text(r, score_bp)));
	html_lit(o, "</p>");
	if (date)
		html_put(o, "<p class=\"cert-meta\">%s · %s</p>", date, code);
	html_lit(o, "</figure>");
}

static void cert_actions(struct req *r, const struct certificate *cert)
{
	GString *o = r->h->out;
	html_put(o, "<p class=\"cert-actions\"><a class=\"button\" href=\"/certificates/%s\">%s</a>",
		 cert->code, T(r, "Public verification page"));
	html_put(o, "<a class=\"button secondary\" href=\"/certificates/%s/pdf\">%s</a>", cert->code,
		 T(r, "Download the PDF"));
	html_put(o, "<a class=\"button secondary\" href=\"%s\" rel=\"noopener\">%s</a></p>",
		 cert_linkedin_url(r, cert), T(r, "Add to LinkedIn profile"));
}

static void exercise_table(struct req *r, const struct cert_claim *cl)
{
	GString *o = r->h->out;
	html_put(o,
		 "<div class=\"cert-scroll\"><table class=\"data\"><caption>%s</caption><thead><tr><th "
		 "scope=\"col\">%s</th>",
		 T(r, "Exercises"), T(r, "Exercise"));
	html_put(o, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		 T(r, "Weight"), T(r, "Your score"), T(r, "To pass"));
	html_put(o, "<th scope=\"col\">%s</th></tr></thead><tbody>", T(r, "Status"));
	for (size_t i = 0; i < cl->n_lines; i++) {
		const struct cert_line *l = &cl->lines[i];
		bool quiz = !strcmp(l->ex->kind, "quiz");
		html_put(o, "<tr><td><a href=\"/courses/%s/%s/%s\">%s</a></td>", cl->course.slug,
			 quiz ? "quizzes" : "homework", l->ex->slug, l->ex->title);
		html_put(o, "<td>%d</td><td>", l->ex->weight);
		if (l->attempted)
			html_text(o, score_text(r, l->pct * 100));
		else
			html_text(o, quiz ? T(r, "not attempted") : T(r, "not graded yet"));
		html_put(o, "</td><td>%s</td>", score_text(r, l->ex->pass_mark * 100));
		if (l->passed)
			html_put(o, "<td><span class=\"cert-ok\">%s</span></td></tr>", T(r, "Passed"));
		else
			html_put(o, "<td><span class=\"cert-missing\">%s</span></td></tr>",
				 T(r, "Not passed yet"));
	}
	html_lit(o, "</tbody></table></div>");
}

static void claim_body(struct req *r, const struct cert_claim *cl)
{
	GString *o = r->h->out;
	if (cl->issued) {
		const struct certificate *c = &cl->cert;
		if (cl->issued_now)
			html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>",
				 T(r, "Congratulations! Your certificate is issued. We also emailed you its "
				      "link."));
		cert_card(r, c->holder_name, c->course_title, c->score_bp,
			  cert_human_date(r, c->issued_at, r->lang), c->code);
		cert_actions(r, c);
		return;
	}
	const struct cert_outcome *oc = &cl->outcome;
	if (oc->decision == CERT_PREVIEW) {
		html_put(
			o, "<div class=\"alert info\" role=\"status\"><strong>%s</strong> %s</div>",
			T(r, "Premium required."),
			T(r,
			  "You meet the bar for this certificate. Certificates are part of Premium: with it, "
			  "you would get this certificate as a PDF, with a public verification page and an "
			  "Open "
			  "Badge."));
		cert_card(r, r->user->name, cl->course.title, oc->overall_bp, NULL, NULL);
		return;
	}
	/* Not yet: what is missing. */
	if (!cl->n_lines) {
		html_put(o, "<p>%s</p>",
			 T(r, "This course has no assessed exercise, so it gives no certificate."));
		return;
	}
	html_put(o, "<div class=\"alert info\" role=\"status\"><strong>%s</strong> ", T(r, "Not yet."));
	if (oc->not_passed)
		html_text(o, arena_printf(
				     r->a,
				     T(r, "Pass every exercise: %zu of %zu are not passed yet. Your overall "
					  "score is %s; the certificate needs %s."),
				     oc->not_passed, cl->n_lines, score_text(r, oc->overall_bp),
				     score_text(r, oc->pass_mark * 100)));
	else
		html_text(o, arena_printf(r->a,
					  T(r, "Every exercise is passed, but your overall score is %s; the "
					       "certificate needs %s. Retake a quiz to raise it."),
					  score_text(r, oc->overall_bp), score_text(r, oc->pass_mark * 100)));
	html_lit(o, "</div>");
	exercise_table(r, cl);
}

void certificate_claim_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct cert_claim cl;
	enum status st = certificates_claim(req_ctx(r), r->user, r->params[0], &cert_scores_live, &cl, err);
	if (st == ST_NOTFOUND) {
		respond_error(r, st, T(r, "There is no course at this address."));
	} else if (st != ST_OK) {
		respond_error(r, st, err->str);
	} else {
		page_ok(r);
		page_begin(r, T(r, "Certificate"));
		GString *o = r->h->out;
		html_put(o,
			 "<nav class=\"breadcrumbs\" aria-label=\"%s\"><ol><li><a "
			 "href=\"/courses/%s\">%s</a></li>",
			 T(r, "Breadcrumb"), cl.course.slug, cl.course.title);
		html_put(o, "<li aria-current=\"page\">%s</li></ol></nav>", T(r, "Certificate"));
		html_put(o, "<h1>%s</h1><div class=\"panel wide\">", T(r, "Certificate of achievement"));
		claim_body(r, &cl);
		html_lit(o, "</div>");
		page_end(r);
	}
	g_string_free(err, TRUE);
}

/* --- My certificates ----------------------------------------------------------- */

void certificates_mine_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct certificate *list = NULL;
	size_t n = 0;
	enum status st = certificates_mine(req_ctx(r), r->user, &list, &n, err);
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return;
	}
	page_ok(r);
	page_begin(r, T(r, "My certificates"));
	GString *o = r->h->out;
	html_put(o, "<h1>%s</h1><div class=\"panel wide\">", T(r, "My certificates"));
	if (!n) {
		html_put(o, "<p>%s</p>",
			 T(r, "You have no certificate yet. Pass every exercise of a course to earn one."));
	} else {
		html_put(o,
			 "<div class=\"cert-scroll\"><table class=\"data\"><thead><tr><th "
			 "scope=\"col\">%s</th><th "
			 "scope=\"col\">%s</th>",
			 T(r, "Course"), T(r, "Issued on"));
		html_put(o, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			 T(r, "Score"), T(r, "Certificate"));
		for (size_t i = 0; i < n; i++) {
			const struct certificate *c = &list[i];
			html_put(o, "<tr><td><a href=\"/courses/%s\">%s</a></td><td>%s</td><td>%s</td>",
				 c->course_slug, c->course_title, cert_human_date(r, c->issued_at, r->lang),
				 score_text(r, c->score_bp));
			html_put(o,
				 "<td><a href=\"/certificates/%s\">%s</a> · <a "
				 "href=\"/certificates/%s/pdf\">PDF</a></td></tr>",
				 c->code, c->code, c->code);
		}
		html_lit(o, "</tbody></table></div>");
	}
	html_lit(o, "</div>");
	page_end(r);
	g_string_free(err, TRUE);
}

/* --- public verification ------------------------------------------------------- */

static void not_found_page(struct req *r)
{
	respond_error_page(r, 404, T(r, "Certificate not found"),
			   T(r, "No certificate has this code. Check the address: codes have 12 letters and "
				"digits."));
}

void certificate_verify_page(struct req *r)
{
	struct certificate c;
	GString *err = g_string_new(NULL);
	enum status st = certificates_get(req_ctx(r), r->params[0], &c, err);
	g_string_free(err, TRUE);
	if (st == ST_NOTFOUND) {
		not_found_page(r);
		return;
	}
	if (st != ST_OK) {
		respond_error(r, st, "certificate lookup failed");
		return;
	}
	const char *url = certificates_url(req_ctx(r), &c);
	const char *title = arena_printf(r->a, "%s: %s — %s", T(r, "Certificate of achievement"),
					 c.course_title, c.holder_name);
	const char *desc = arena_printf(r->a, T(r, "%s earned the certificate of achievement of %s with %s."),
					c.holder_name, c.course_title, score_text(r, c.score_bp));
	page_ok(r);
	page_begin_meta(r, title, &(struct page_meta){.description = desc, .url = url, .type = "website"});
	GString *o = r->h->out;
	bool valid = c.revoked_at == 0;
	html_put(o, "<h1>%s</h1><div class=\"panel wide\">", T(r, "Certificate verification"));
	if (valid)
		html_put(o, "<p class=\"cert-status valid\" role=\"status\">✓ %s</p>",
			 T(r, "Valid: this certificate was issued by us and has not been revoked."));
	else
		html_put(o, "<p class=\"cert-status revoked\" role=\"status\">✗ %s</p>",
			 T(r, "Revoked: this certificate is no longer valid."));
	html_put(o, "<dl class=\"facts\"><dt>%s</dt><dd class=\"cert-holder\">%s</dd>", T(r, "Holder"),
		 c.holder_name);
	html_put(o, "<dt>%s</dt><dd><a href=\"/courses/%s\">%s</a></dd>", T(r, "Course"), c.course_slug,
		 c.course_title);
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Issued on"), cert_human_date(r, c.issued_at, r->lang));
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Score"), score_text(r, c.score_bp));
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Issuer"), r->app->cfg->platform_name);
	html_put(o, "<dt>%s</dt><dd><code>%s</code></dd></dl>", T(r, "Code"), c.code);
	html_put(o, "<p class=\"cert-actions\"><a class=\"button\" href=\"/certificates/%s/pdf\">%s</a>",
		 c.code, T(r, "Download the PDF"));
	html_put(o,
		 "<a class=\"button secondary\" href=\"/certificates/%s/badge\" "
		 "type=\"application/vc+jwt\">%s</a>",
		 c.code, T(r, "Open Badge (signed)"));
	html_put(o, "<a class=\"button secondary\" href=\"%s\" rel=\"noopener\">%s</a></p>",
		 cert_linkedin_url(r, &c), T(r, "Add to LinkedIn profile"));
	html_put(o, "<p class=\"hint\">%s <a href=\"/issuer\">%s</a></p></div>",
		 T(r, "The Open Badge is signed with Ed25519 (EdDSA): anyone can check it against our public "
		      "key."),
		 T(r, "Issuer profile and public key"));
	page_end(r);
}

/* Looks the certificate up for the PDF and the badge; answers 404 itself. */
static bool lookup(struct req *r, struct certificate *c)
{
	GString *err = g_string_new(NULL);
	enum status st = certificates_get(req_ctx(r), r->params[0], c, err);
	g_string_free(err, TRUE);
	if (st == ST_OK)
		return true;
	http_add_header_static(r->h, "Cache-Control", "no-store");
	if (st == ST_NOTFOUND)
		not_found_page(r);
	else
		respond_error(r, st, "certificate lookup failed");
	return false;
}

void certificate_pdf_page(struct req *r)
{
	struct certificate c;
	if (!lookup(r, &c))
		return;
	GByteArray *pdf = g_byte_array_new();
	GString *err = g_string_new(NULL);
	enum status st = certificates_pdf(req_ctx(r), &c, pdf, err);
	if (st == ST_OK) {
		r->h->status = 200;
		r->h->resp_type = "application/pdf";
		g_string_append_len(r->h->out, (const char *)pdf->data, (gssize)pdf->len);
		/* An issued certificate does not change; a revocation shows on
		 * the verification page, which is never cached. */
		http_add_header_static(r->h, "Cache-Control", "public, max-age=86400");
		http_add_header(r->h, "Content-Disposition",
				arena_printf(r->a, "inline; filename=\"certificate-%s.pdf\"", c.code));
	} else {
		http_add_header_static(r->h, "Cache-Control", "no-store");
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
	g_byte_array_free(pdf, TRUE);
}

/* A public document anyone may fetch and cache (badge verifiers, other
 * origins): body as type on ST_OK, else the error, not cached. */
static void respond_public(struct req *r, enum status st, const char *type, const char *body, GString *err)
{
	if (st == ST_OK) {
		r->h->status = 200;
		r->h->resp_type = type;
		g_string_assign(r->h->out, body);
		http_add_header_static(r->h, "Cache-Control", "public, max-age=3600");
		http_add_header_static(r->h, "Access-Control-Allow-Origin", "*");
	} else {
		http_add_header_static(r->h, "Cache-Control", "no-store");
		respond_error(r, st, err->str);
	}
}

void certificate_badge_page(struct req *r)
{
	struct certificate c;
	if (!lookup(r, &c))
		return;
	if (c.revoked_at) {
		/* A verifier that fetches the badge of a revoked certificate
		 * must not get a valid-looking credential. */
		http_add_header_static(r->h, "Cache-Control", "no-store");
		respond_error_page(r, 410, T(r, "Certificate revoked"),
				   T(r, "Revoked: this certificate is no longer valid."));
		return;
	}
	char *jwt = NULL;
	GString *err = g_string_new(NULL);
	enum status st = certificates_badge(req_ctx(r), &c, &jwt, err);
	/* The JWT proof format of Open Badges 3.0 (section 8.2): the compact
	 * JWS itself, typed as a JWT-secured credential. */
	respond_public(r, st, "application/vc+jwt", jwt, err);
	g_string_free(err, TRUE);
}

void issuer_page(struct req *r)
{
	char *json = NULL;
	GString *err = g_string_new(NULL);
	enum status st = certificates_issuer_profile(req_ctx(r), &json, err);
	respond_public(r, st, "application/json", json, err);
	g_string_free(err, TRUE);
}
