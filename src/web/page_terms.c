/* /terms and /terms/{version} — every published version stays readable at
 * its stable URL (ACC-1); /privacy. */
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "web/layout.h"
#include "web/pages.h"

#include "base/banned.h"

/* The small Markdown subset the terms use: "# " and "## " headings and
 * paragraphs separated by blank lines; everything is escaped. */
static void render_text(GString *o, const char *text)
{
	gchar **lines = g_strsplit(text, "\n", -1);
	bool in_p = false;
	for (gchar **l = lines; *l; l++) {
		const char *line = *l;
		if (!*line) {
			if (in_p)
				html_lit(o, "</p>");
			in_p = false;
		} else if (g_str_has_prefix(line, "## ") || g_str_has_prefix(line, "# ")) {
			if (in_p)
				html_lit(o, "</p>");
			in_p = false;
			bool h1 = line[1] == ' ';
			html_lit(o, "<");
			g_string_append(o, h1 ? "h1" : "h2");
			html_lit(o, ">");
			html_text(o, line + (h1 ? 2 : 3));
			html_lit(o, "</");
			g_string_append(o, h1 ? "h1" : "h2");
			html_lit(o, ">");
		} else {
			if (!in_p)
				html_lit(o, "<p>");
			else
				html_lit(o, " ");
			in_p = true;
			html_text(o, line);
		}
	}
	if (in_p)
		html_lit(o, "</p>");
	g_strfreev(lines);
}

static void show_terms(struct req *r, struct terms *t, bool current)
{
	GString *o = r->h->out;
	char date[64];
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	dates_format_human(tz, t->published_at, r->lang, date, sizeof(date));
	g_time_zone_unref(tz);
	page_ok(r);
	page_begin(r, T(r, "Terms of service"));
	html_put(o, "<p class=\"hint\">%s %d · %s %s", T(r, "Version"), t->version, T(r, "published on"),
		 date);
	if (!current)
		html_put(o, " · <a href=\"/terms\">%s</a>", T(r, "see the current version"));
	html_put(o, " · <a href=\"/terms/%d\">%s</a></p>", t->version, T(r, "stable link to this version"));
	html_lit(o, "<article class=\"terms\">");
	render_text(o, !strcmp(r->lang, "fr") && *t->body_fr ? t->body_fr : t->body_en);
	html_lit(o, "</article>");
	page_end(r);
}

void terms_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct terms *t = NULL;
	enum status st = store_terms_current(req_db(r), r->a, &t, err);
	if (st == ST_OK)
		show_terms(r, t, true);
	else
		respond_error(r, st, T(r, "No terms of service are published yet."));
	g_string_free(err, TRUE);
}

void terms_version_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	char *end = NULL;
	long v = strtol(r->params[0], &end, 10);
	struct terms *t = NULL, *cur = NULL;
	enum status st = *end || v <= 0 || v > 1000000 ? ST_NOTFOUND
						       : store_terms_get(req_db(r), r->a, (int)v, &t, err);
	if (st == ST_OK) {
		store_terms_current(req_db(r), r->a, &cur, err);
		show_terms(r, t, cur && cur->version == t->version);
	} else {
		respond_error(r, st, T(r, "There is no such version of the terms of service."));
	}
	g_string_free(err, TRUE);
}

void privacy_page(struct req *r)
{
	GString *o = r->h->out;
	page_ok(r);
	page_begin(r, T(r, "Privacy"));
	html_put(o, "<article class=\"terms\"><h1>%s</h1><p>%s</p><p>%s</p><p>%s</p></article>",
		 T(r, "Privacy"),
		 T(r, "campus keeps what it needs to run your account and your subscriptions: your name, "
		      "email address, date of birth, country, language, your learning progress, and the "
		      "records the law requires (terms acceptances, invoices)."),
		 T(r,
		   "Passwords are stored only as Argon2id hashes. Sessions use a cookie that scripts cannot "
		   "read. Card numbers never reach campus: payments go through the payment provider."),
		 T(r, "Write to Student Success to get a copy of your data or to have it erased, within the "
		      "limits of what the law requires us to keep."));
	page_end(r);
}
