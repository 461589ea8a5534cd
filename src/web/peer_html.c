/* Pieces shared by the homework and review pages. */
#include <string.h>

#include "base/dates.h"
#include "catalog/course_format.h"
#include "web/layout.h"
#include "web/pages_peer.h"

#include "base/banned.h"

void peer_statement_html(struct req *r, const char *course_slug, const char *lang, const char *markdown)
{
	GString *o = r->h->out;
	const char *md = markdown ? markdown : "";
	/* The course format's renderer (md4c, no raw HTML, only safe links,
	 * images under the course's media/); the import checked the
	 * statement already, so a refusal here is unexpected: then the
	 * escaped source is shown, blank lines making paragraphs. */
	GPtrArray *refs = g_ptr_array_new(), *problems = g_ptr_array_new();
	char *html = NULL, *title = NULL;
	enum status st = course_markdown_render(r->a, "statement", md, strlen(md),
						arena_printf(r->a, "/courses/%s/", course_slug), &html,
						&title, refs, problems);
	g_ptr_array_free(refs, TRUE);
	g_ptr_array_free(problems, TRUE);
	if (st == ST_OK && html) {
		/* The statement's own "# " title repeats the page's h1: drop it. */
		const char *body = html, *end = NULL;
		if (title && g_str_has_prefix(body, "<h1>") && (end = strstr(body, "</h1>")))
			for (body = end + 5; *body == '\n'; body++)
				;
		html_put(o, "<div class=\"statement md\" lang=\"%s\">", lang);
		g_string_append(o, body); /* safe HTML by construction (course_format.h) */
		html_lit(o, "</div>");
		return;
	}
	html_put(o, "<div class=\"statement\" lang=\"%s\">", lang);
	char **paras = g_regex_split_simple("\\n[ \\t]*\\n", md, 0, 0);
	for (char **p = paras; *p; p++) {
		char *t = g_strstrip(*p);
		if (*t)
			html_put(o, "<p>%s</p>", t);
	}
	g_strfreev(paras);
	html_lit(o, "</div>");
}

const char *peer_date(struct req *r, int64_t t)
{
	char buf[64];
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	if (!tz)
		tz = g_time_zone_new_utc();
	dates_format_human(tz, t, r->lang, buf, sizeof(buf));
	g_time_zone_unref(tz);
	return arena_strdup(r->a, buf);
}

void peer_reviews_html(struct req *r, const struct peer_rubric *rb, struct peer_review **revs, int n)
{
	GString *o = r->h->out;
	int peer_no = 0;
	for (int i = 0; i < n; i++) {
		int *scores;
		char **comments;
		if (!peer_review_parse_scores(r->a, revs[i]->scores_json, rb->n, &scores, &comments))
			continue;
		/* Anonymous both ways: a number, never a name. */
		const char *who =
			revs[i]->staff ? T(r, "Teacher") : arena_printf(r->a, T(r, "Reviewer %d"), ++peer_no);
		html_put(o,
			 "<section class=\"peer-review\"><h3>%s <span class=\"peer-pct\">%d "
			 "%%</span></h3><dl>",
			 who, revs[i]->pct);
		for (int k = 0; k < rb->n; k++)
			html_put(o, "<dt>%s: %d / %d</dt><dd>%s</dd>", rb->names[k], scores[k], rb->points[k],
				 comments[k]);
		html_lit(o, "</dl></section>");
	}
}

int64_t peer_param_id(struct req *r, int i)
{
	const char *s = r->params[i];
	if (!s || !*s || strlen(s) > 18)
		return 0;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}
