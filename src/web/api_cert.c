/* /api/v1/certificates...: my certificates, the claim, a public lookup
 * (CERT-1). The claim answers 201 with the certificate when it issues one,
 * 200 with it when it was issued before, 403 problem+json with the learner's
 * standing ("standing", with the preview of what they would get) when they
 * qualify without Premium, and 409 problem+json with the standing (what is
 * missing) when they do not qualify yet. */
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "learning/certificates.h"
#include "web/pages.h"
#include "web/pages_cert.h"

#include "base/banned.h"

json_t *cert_json(struct req *r, const struct certificate *c)
{
	char at[32];
	dates_format_rfc3339(c->issued_at, at, sizeof at);
	const char *url = certificates_url(req_ctx(r), c);
	return json_pack("{ss ss ss s{ss ss} ss si si ss ss ss ss ss ss}", "code", c->code, "url", url,
			 "holder", c->holder_name, "course", "slug", c->course_slug, "title", c->course_title,
			 "issued_at", at, "score_bp", c->score_bp, "pass_mark", c->pass_mark, "lang", c->lang,
			 "status", c->revoked_at ? "revoked" : "valid", "issuer", r->app->cfg->platform_name,
			 "pdf_url", arena_printf(r->a, "%s/pdf", url), "badge_url",
			 arena_printf(r->a, "%s/badge", url), "linkedin_url", cert_linkedin_url(r, c));
}

void certificates_api_mine(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct certificate *list = NULL;
	size_t n = 0;
	enum status st = certificates_mine(req_ctx(r), r->user, &list, &n, err);
	if (st == ST_OK) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, cert_json(r, &list[i]));
		respond_json(r, 200, json_pack("{so}", "certificates", arr));
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

void certificate_api_get(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct certificate c;
	enum status st = certificates_get(req_ctx(r), r->params[0], &c, err);
	if (st == ST_OK)
		respond_json(r, 200, cert_json(r, &c));
	else
		respond_error(r, st, err->str);
	g_string_free(err, TRUE);
}

static json_t *standing_json(struct req *r, const struct cert_claim *cl)
{
	const struct cert_outcome *oc = &cl->outcome;
	json_t *ex = json_array();
	for (size_t i = 0; i < cl->n_lines; i++) {
		const struct cert_line *l = &cl->lines[i];
		json_array_append_new(ex, json_pack("{ss ss ss si si si sb sb}", "slug", l->ex->slug, "kind",
						    l->ex->kind, "title", l->ex->title, "weight",
						    l->ex->weight, "pass_mark", l->ex->pass_mark, "score",
						    l->pct, "attempted", l->attempted, "passed", l->passed));
	}
	const char *decision = oc->decision == CERT_PREVIEW ? "preview" : "not_yet";
	json_t *j = json_pack("{ss ss sb si si si so}", "course", cl->course.slug, "decision", decision,
			      "subscriber", cl->subscriber, "overall_bp", oc->overall_bp, "pass_mark",
			      oc->pass_mark, "not_passed", (int)oc->not_passed, "exercises", ex);
	if (oc->decision == CERT_PREVIEW)
		json_object_set_new(j, "preview",
				    json_pack("{ss ss si ss}", "holder", r->user->name, "course_title",
					      cl->course.title, "score_bp", oc->overall_bp, "issuer",
					      r->app->cfg->platform_name));
	return j;
}

void certificate_api_claim(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct cert_claim cl;
	enum status st = certificates_claim(req_ctx(r), r->user, r->params[0], &cert_scores_live, &cl, err);
	if (st != ST_OK) {
		respond_error(r, st, st == ST_NOTFOUND ? "There is no course with this slug." : err->str);
	} else if (cl.issued) {
		if (cl.issued_now)
			http_add_header(r->h, "Location",
					arena_printf(r->a, "/api/v1/certificates/%s", cl.cert.code));
		respond_json(r, cl.issued_now ? 201 : 200, cert_json(r, &cl.cert));
	} else {
		bool preview = cl.outcome.decision == CERT_PREVIEW;
		unsigned code = preview ? 403 : 409;
		json_t *j = json_pack(
			"{ss ss si ss so}", "type",
			preview ? "/problems/premium-required" : "/problems/certificate-not-earned", "title",
			preview ? "Premium required" : "Certificate not earned yet", "status", (int)code,
			"detail",
			preview ? "You meet the bar for this certificate; certificates are part of Premium."
				: "Not every exercise is passed, or the overall score is below the pass "
				  "mark.",
			"standing", standing_json(r, &cl));
		respond_json(r, code, j);
		r->h->resp_type = "application/problem+json";
	}
	g_string_free(err, TRUE);
}
