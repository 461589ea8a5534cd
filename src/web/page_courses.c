/* GET /courses (the catalogue), GET /courses/{slug} (a course page),
 * POST /courses/{slug}/notify (CRS-4), GET /courses/{slug}/media/{file}. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog/course_format.h"
#include "catalog/courses.h"
#include "http/page_cache.h"
#include "web/layout.h"
#include "web/pages_cert.h"
#include "web/pages_courses.h"
#include "web/pages_learn.h"

#include "base/banned.h"

/* ---- the catalogue query, shared with the API ---- */

static const char *const levels[] = {"beginner", "intermediate", "advanced", NULL};
static const char *const langs[] = {"en", "fr", NULL};
static const char *const durations[] = {"short", "medium", "long", NULL};

static bool in_list(const char *v, const char *const *list)
{
	for (const char *const *l = list; *l; l++)
		if (!strcmp(v, *l))
			return true;
	return false;
}

static bool category_ok(const char *s)
{
	size_t n = strlen(s);
	if (n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return false;
	return true;
}

/* Reads a catalogue filter: "" when absent; bad names the parameter when
 * the value is not acceptable (and the filter is then ""). */
static const char *filter(struct req *r, const char *name, bool (*ok)(const char *), const char *const *list,
			  const char **bad)
{
	const char *v = http_query(r->h, name);
	if (!v || !*v)
		return "";
	if ((ok && !ok(v)) || (list && !in_list(v, list))) {
		*bad = name;
		return "";
	}
	return v;
}

/* The search text as FTS5 wants it on SQLite: each word quoted (so that
 * operators and quotes typed by a visitor are plain text), words ANDed.
 * PostgreSQL's websearch_to_tsquery takes the text as typed. */
static const char *search_text(struct req *r, const char *q)
{
	if (db_is_pg(req_db(r)))
		return q;
	GString *s = g_string_new(NULL);
	const char *p = q;
	while (*p) {
		while (*p && !g_unichar_isalnum(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		const char *start = p;
		while (*p && g_unichar_isalnum(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		if (p > start)
			g_string_append_printf(s, "%s\"%.*s\"", s->len ? " " : "", (int)(p - start), start);
	}
	char *out = arena_strdup(r->a, s->str);
	g_string_free(s, TRUE);
	return out;
}

bool catalogue_params_read(struct req *r, struct catalogue_params *p, const char **bad)
{
	*bad = NULL;
	memset(p, 0, sizeof(*p));
	const char *q = http_query(r->h, "q");
	q = q ? q : "";
	if (strlen(q) > 200 || !g_utf8_validate(q, -1, NULL)) {
		*bad = "q";
		q = "";
	}
	char *qs = arena_strdup(r->a, q);
	g_strstrip(qs);
	p->q = qs;
	p->category = filter(r, "category", category_ok, NULL, bad);
	p->level = filter(r, "level", NULL, levels, bad);
	p->lang = filter(r, "lang", NULL, langs, bad);
	p->duration = filter(r, "duration", NULL, durations, bad);
	const char *page = http_query(r->h, "page");
	p->page = 1;
	if (page && *page) {
		char *end = NULL;
		long n = strtol(page, &end, 10);
		if (*end || n < 1 || n > 100000)
			*bad = "page";
		else
			p->page = (int)n;
	}
	return *bad == NULL;
}

enum status catalogue_search(struct req *r, const struct catalogue_params *p, struct course ***out, int *n,
			     int64_t *total, GString *err)
{
	struct course_query q = {
		.q = *p->q ? search_text(r, p->q) : "",
		.category = p->category,
		.level = p->level,
		.lang = p->lang,
		.min_minutes = 0,
		.max_minutes = 1000000,
		.limit = CATALOGUE_PAGE_SIZE,
		.offset = (p->page - 1) * CATALOGUE_PAGE_SIZE,
	};
	/* Duration bands: under an hour, one to three hours, longer. */
	if (!strcmp(p->duration, "short"))
		q.max_minutes = 60;
	else if (!strcmp(p->duration, "medium"))
		q.min_minutes = 60, q.max_minutes = 180;
	else if (!strcmp(p->duration, "long"))
		q.min_minutes = 180;
	if (*p->q && !*q.q) { /* only punctuation: nothing can match */
		*out = arena_alloc(r->a, sizeof(**out));
		(*out)[0] = NULL;
		*n = 0;
		*total = 0;
		return ST_OK;
	}
	return store_course_search(req_db(r), r->a, &q, out, n, total, err);
}

/* ---- the page cache of visitors' pages (perf) ----
 *
 * The catalogue and course pages of a visitor are the same for every
 * visitor with the same language, filters and day (the day decides which
 * courses are open, CRS-4); only the CSRF token differs, and page_cache
 * writes each visitor's own in. Before any use, one cheap statement reads
 * what the page shows is made of (store_course_*_version: ids, update
 * times and folder digests): a course import, in this process or in
 * another one, on SQLite or PostgreSQL, changes it in its transaction, so
 * the next request renders again. A version checked at every request,
 * rather than a time to live, because an import must show at once,
 * everywhere; on SQLite the check is mostly a stat of the WAL file
 * (db_commit_stamp: nothing committed since the version was read), on
 * PostgreSQL the statement. Signed-in users never use the cache: their
 * pages carry their progress and their email. */
static bool visitor_page(struct req *r)
{
	return !r->user && r->csrf_on;
}

/* The database's commit stamp, NULL when it has none to trust now: the
 * version is then read. When the stamp is the one at which a page's
 * version was last read, nothing was committed since and the statement is
 * skipped (SQLite: a stat of the -wal file instead of a shared lock). */
static const char *commit_stamp(struct req *r)
{
	char buf[128];
	return db_commit_stamp(req_db(r), buf, sizeof(buf)) ? arena_strdup(r->a, buf) : NULL;
}

/* Today in the platform zone (course_today), remembered per thread for the
 * minute: zone offsets are whole minutes, so the date only changes on a
 * minute boundary, and this saves a zone conversion per cached page. */
static const char *today_cached(struct req *r)
{
	static _Thread_local int64_t minute = INT64_MIN;
	static _Thread_local char today[16];
	int64_t m = r->ctx.now >= 0 ? r->ctx.now / 60 : (r->ctx.now - 59) / 60;
	if (m != minute) {
		g_strlcpy(today, course_today(req_ctx(r)), sizeof(today));
		minute = m;
	}
	return today;
}

static const char *cache_key(struct req *r, const char *what, const char *rest)
{
	return arena_printf(r->a, "%s|%s|%s|%s", what, r->lang, today_cached(r), rest);
}

/* ---- small labels ---- */

const char *course_level_label(struct req *r, const char *level)
{
	if (!strcmp(level, "beginner"))
		return T(r, "Beginner");
	if (!strcmp(level, "intermediate"))
		return T(r, "Intermediate");
	if (!strcmp(level, "advanced"))
		return T(r, "Advanced");
	return level;
}

static const char *lang_label(struct req *r, const char *lang)
{
	return !strcmp(lang, "fr") ? T(r, "French") : T(r, "English");
}

static const char *duration_label(struct req *r, int minutes)
{
	if (minutes < 60)
		return arena_printf(r->a, T(r, "%d min"), minutes);
	if (minutes % 60 == 0)
		return arena_printf(r->a, T(r, "%d h"), minutes / 60);
	return arena_printf(r->a, T(r, "%d h %02d"), minutes / 60, minutes % 60);
}

/* ---- GET /courses ---- */

static void select_open(struct req *r, const char *name, const char *label)
{
	html_put(r->h->out,
		 "<div class=\"field\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\">", name,
		 label, name, name);
	html_put(r->h->out, "<option value=\"\">%s</option>", T(r, "All"));
}

static void option(struct req *r, const char *value, const char *label, const char *current)
{
	if (!strcmp(value, current))
		html_put(r->h->out, "<option value=\"%s\" selected>%s</option>", value, label);
	else
		html_put(r->h->out, "<option value=\"%s\">%s</option>", value, label);
}

/* The URL of the catalogue with the current filters and another page. */
static void page_link(struct req *r, const struct catalogue_params *p, int page)
{
	GString *o = r->h->out;
	html_lit(o, "/courses?");
	const struct {
		const char *name, *value;
	} kv[] = {{"q", p->q},
		  {"category", p->category},
		  {"level", p->level},
		  {"lang", p->lang},
		  {"duration", p->duration}};
	for (size_t i = 0; i < G_N_ELEMENTS(kv); i++) {
		if (!*kv[i].value)
			continue;
		html_put(o, "%s=", kv[i].name);
		GString *u = g_string_new(NULL);
		html_url(u, kv[i].value);
		html_text(o, u->str); /* percent-encoded, then escaped for the attribute */
		g_string_free(u, TRUE);
		html_lit(o, "&amp;");
	}
	html_put(o, "page=%d", page);
}

void course_card(struct req *r, const struct course *c)
{
	GString *o = r->h->out;
	html_lit(o, "<li class=\"course-card\">");
	/* The title and summary are in the course's language, the rest in the page's. */
	html_put(o, "<h2 lang=\"%s\"><a href=\"/courses/%s\">%s</a></h2>", c->lang, c->slug, c->title);
	if (!course_is_open(req_ctx(r), c))
		html_put(o, "<p class=\"badge soon\">%s · %s</p>", T(r, "Coming soon"),
			 course_date_label(r->a, r->app->cfg->timezone, c->opens_on, r->lang));
	html_put(o, "<p lang=\"%s\">%s</p>", c->lang, c->summary);
	html_put(o, "<p class=\"meta\"><span>%s</span> · <span>%s</span> · <span>%s</span></p>",
		 course_level_label(r, c->level), lang_label(r, c->lang),
		 duration_label(r, c->duration_minutes));
	html_put(o, "<p class=\"meta\">%s</p>", c->author);
	html_lit(o, "</li>");
}

void catalogue_page(struct req *r)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct catalogue_params p;
	const char *bad = NULL;
	catalogue_params_read(r, &p, &bad); /* a bad filter is dropped on a page */
	const char *key = NULL, *stamp = NULL;
	char *version = NULL;
	if (visitor_page(r)) {
		/* The canonical query: the filters as understood; q is
		 * length-prefixed as it may hold any character. */
		key = cache_key(r, "catalogue",
				arena_printf(r->a, "%zu:%s|%s|%s|%s|%s|%d", strlen(p.q), p.q, p.category,
					     p.level, p.lang, p.duration, p.page));
		stamp = commit_stamp(r);
		if (page_cache_get(key, stamp, NULL, page_token, r, o, &r->h->resp_bytes) ||
		    (store_course_catalogue_version(req_db(r), r->a, &version, err) == ST_OK &&
		     page_cache_get(key, stamp, version, page_token, r, o, &r->h->resp_bytes))) {
			page_ok(r);
			g_string_free(err, TRUE);
			return;
		}
		if (!version)
			key = NULL; /* no version, no caching */
	}
	struct course **list = NULL;
	int n = 0;
	int64_t total = 0;
	char **cats = NULL;
	int ncats = 0;
	enum status st = catalogue_search(r, &p, &list, &n, &total, err);
	if (st == ST_OK)
		st = store_course_categories(req_db(r), r->a, &cats, &ncats, err);
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return;
	}
	page_ok(r);
	page_begin(r, T(r, "Courses"));
	html_put(o, "<h1>%s</h1>", T(r, "Courses"));
	html_put(o,
		 "<form class=\"filters\" method=\"get\" action=\"/courses\" role=\"search\" "
		 "aria-label=\"%s\">",
		 T(r, "Search the catalogue"));
	html_put(o,
		 "<div class=\"field grow\"><label for=\"f-q\">%s</label><input type=\"search\" id=\"f-q\" "
		 "name=\"q\" "
		 "value=\"%s\" maxlength=\"200\"></div>",
		 T(r, "Search"), p.q);
	select_open(r, "category", T(r, "Category"));
	for (int i = 0; i < ncats; i++)
		option(r, cats[i], cats[i], p.category);
	html_lit(o, "</select></div>");
	select_open(r, "level", T(r, "Level"));
	for (int i = 0; levels[i]; i++)
		option(r, levels[i], course_level_label(r, levels[i]), p.level);
	html_lit(o, "</select></div>");
	select_open(r, "lang", T(r, "Language"));
	option(r, "en", T(r, "English"), p.lang);
	option(r, "fr", T(r, "French"), p.lang);
	html_lit(o, "</select></div>");
	select_open(r, "duration", T(r, "Duration"));
	option(r, "short", T(r, "Under 1 hour"), p.duration);
	option(r, "medium", T(r, "1 to 3 hours"), p.duration);
	option(r, "long", T(r, "3 hours or more"), p.duration);
	html_lit(o, "</select></div>");
	html_put(o, "<div class=\"field actions\"><button type=\"submit\">%s</button></div></form>",
		 T(r, "Search"));

	int pages = (int)((total + CATALOGUE_PAGE_SIZE - 1) / CATALOGUE_PAGE_SIZE);
	html_put(o, "<p class=\"results-count\" role=\"status\">%s</p>",
		 arena_printf(r->a, total == 1 ? T(r, "%lld course") : T(r, "%lld courses"),
			      (long long)total));
	if (n == 0) {
		html_put(o,
			 "<div class=\"empty card\"><h2>%s</h2><p>%s <a href=\"/courses\">%s</a></p></div>",
			 total ? T(r, "There is no such page") : T(r, "No course matches your search"),
			 T(r, "Try other words or fewer filters, or"), T(r, "see every course"));
	} else {
		html_lit(o, "<ul class=\"course-grid\">");
		for (int i = 0; i < n; i++)
			course_card(r, list[i]);
		html_lit(o, "</ul>");
	}
	if (pages > 1) {
		html_put(o, "<nav class=\"pager\" aria-label=\"%s\">", T(r, "Pages"));
		if (p.page > 1 && p.page <= pages) {
			html_lit(o, "<a rel=\"prev\" href=\"");
			page_link(r, &p, p.page - 1);
			html_put(o, "\">%s</a>", T(r, "Previous"));
		}
		html_put(o, "<span>%s</span>", arena_printf(r->a, T(r, "Page %d of %d"), p.page, pages));
		if (p.page < pages) {
			html_lit(o, "<a rel=\"next\" href=\"");
			page_link(r, &p, p.page + 1);
			html_put(o, "\">%s</a>", T(r, "Next"));
		}
		html_lit(o, "</nav>");
	}
	page_end(r);
	if (key)
		page_cache_put(key, stamp, version, o->str, o->len, r->csrf);
	g_string_free(err, TRUE);
}

/* ---- GET /courses/{slug} ---- */

enum status course_outline_load(struct req *r, const char *slug, struct outline **out, GString *err)
{
	struct outline *ol = arena_alloc(r->a, sizeof(*ol));
	memset(ol, 0, sizeof(*ol));
	struct db *db = req_db(r);
	enum status st = course_slug_valid(slug) ? store_course_by_slug(db, r->a, slug, &ol->course, err)
						 : ST_NOTFOUND;
	if (st == ST_OK)
		st = store_chapters_of_course(db, r->a, ol->course->id, false, &ol->chapters, &ol->n_chapters,
					      err);
	if (st == ST_OK)
		st = store_exercises_of_course(db, r->a, ol->course->id, &ol->exercises, &ol->n_exercises,
					       err);
	if (st == ST_OK)
		st = store_videos_of_course(db, r->a, ol->course->id, &ol->videos, &ol->n_videos, err);
	*out = ol;
	return st;
}

static void exercise_item(struct req *r, const struct course *c, const struct exercise *e, bool open)
{
	GString *o = r->h->out;
	bool quiz = !strcmp(e->kind, "quiz");
	html_put(o, "<li class=\"exercise %s\"><span class=\"kind\">%s</span> ", e->kind,
		 quiz ? T(r, "Quiz") : T(r, "Peer-reviewed homework"));
	if (open)
		html_put(o, "<a href=\"/courses/%s/%s/%s\">%s</a>", c->slug, quiz ? "quizzes" : "homework",
			 e->slug, e->title);
	else
		html_text(o, e->title);
	html_lit(o, "</li>");
}

static bool chapter_exists(const struct outline *ol, const char *slug)
{
	for (int i = 0; i < ol->n_chapters; i++)
		if (!strcmp(ol->chapters[i]->slug, slug))
			return true;
	return false;
}

static void outline_html(struct req *r, const struct outline *ol, bool open)
{
	GString *o = r->h->out;
	const struct course *c = ol->course;
	html_put(o,
		 "<section class=\"outline\" aria-labelledby=\"outline-h\"><h2 id=\"outline-h\">%s</h2><ol>",
		 T(r, "Outline"));
	for (int i = 0; i < ol->n_chapters; i++) {
		const struct chapter *ch = ol->chapters[i];
		html_lit(o, "<li class=\"chapter\">");
		if (open)
			html_put(o, "<a href=\"/courses/%s/chapters/%s\">%s</a>", c->slug, ch->slug,
				 ch->title);
		else
			html_text(o, ch->title);
		html_put(o, " <span class=\"hint\">%s</span>",
			 arena_printf(r->a, T(r, "%d min"), ch->minutes));
		bool any = false;
		for (int v = 0; v < ol->n_videos; v++) {
			const struct video *vd = ol->videos[v];
			if (strcmp(vd->chapter_slug, ch->slug))
				continue;
			if (!any)
				html_lit(o, "<ul class=\"videos\">");
			any = true;
			html_put(o, "<li class=\"video\"><span class=\"kind\">%s</span> ", T(r, "Video"));
			if (open)
				html_put(o, "<a href=\"/courses/%s/videos/%s\">%s</a>", c->slug, vd->slug,
					 vd->title);
			else
				html_text(o, vd->title);
			html_lit(o, "</li>");
		}
		if (any)
			html_lit(o, "</ul>");
		html_lit(o, "</li>");
		for (int e = 0; e < ol->n_exercises; e++)
			if (!strcmp(ol->exercises[e]->after_chapter, ch->slug))
				exercise_item(r, c, ol->exercises[e], open);
	}
	/* Exercises placed at the end, and videos outside any chapter. */
	for (int e = 0; e < ol->n_exercises; e++)
		if (!chapter_exists(ol, ol->exercises[e]->after_chapter))
			exercise_item(r, c, ol->exercises[e], open);
	for (int v = 0; v < ol->n_videos; v++) {
		const struct video *vd = ol->videos[v];
		if (chapter_exists(ol, vd->chapter_slug))
			continue;
		html_put(o, "<li class=\"video\"><span class=\"kind\">%s</span> ", T(r, "Video"));
		if (open)
			html_put(o, "<a href=\"/courses/%s/videos/%s\">%s</a>", c->slug, vd->slug, vd->title);
		else
			html_text(o, vd->title);
		html_lit(o, "</li>");
	}
	html_lit(o, "</ol></section>");
}

static void notify_form(struct req *r, const struct course *c, const char *error, const char *email)
{
	GString *o = r->h->out;
	const char *done = http_query(r->h, "notify");
	bool watching = course_watching(req_ctx(r), c);
	html_put(o, "<section class=\"notify card\" aria-labelledby=\"notify-h\"><h2 id=\"notify-h\">%s</h2>",
		 T(r, "Tell me when it opens"));
	if (watching || (done && !strcmp(done, "ok"))) {
		html_put(o, "<p class=\"alert ok\" role=\"status\">%s</p></section>",
			 T(r,
			   "Thank you: we will email you when this course opens, and if its date changes."));
		return;
	}
	html_put(o, "<form method=\"post\" action=\"/courses/%s/notify\">", c->slug);
	form_csrf(r);
	if (r->user) {
		html_put(o, "<p>%s</p>", arena_printf(r->a, T(r, "We will write to %s."), r->user->email));
	} else {
		html_put(o, "<div class=\"field\"><label for=\"f-email\">%s</label>",
			 T(r, "Your email address"));
		html_put(o,
			 "<input type=\"email\" id=\"f-email\" name=\"email\" autocomplete=\"email\" "
			 "required value=\"%s\"",
			 email ? email : "");
		if (error)
			html_lit(o, " aria-invalid=\"true\" aria-describedby=\"e-email\"");
		html_lit(o, ">");
		if (error)
			html_put(o, "<p class=\"error\" id=\"e-email\">%s</p>", error);
		html_lit(o, "</div>");
	}
	html_put(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Tell me when it opens"));
}

static void course_page_render(struct req *r, const struct outline *ol, const char *notify_error,
			       const char *notify_email)
{
	GString *o = r->h->out;
	const struct course *c = ol->course;
	bool open = course_is_open(req_ctx(r), c);
	page_begin(r, c->title);
	html_put(o,
		 "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/courses\">%s</a> › <span "
		 "aria-current=\"page\">%s</span></nav>",
		 T(r, "Breadcrumb"), T(r, "Courses"), c->title);
	html_put(o, "<article class=\"course\" lang=\"%s\"><h1>%s</h1>", c->lang, c->title);
	if (*c->summary)
		html_put(o, "<p class=\"lead\">%s</p>", c->summary);
	const char *tzn = r->app->cfg->timezone;
	bool moved = *c->previous_opens_on && *c->opens_on && strcmp(c->previous_opens_on, c->opens_on);
	if (!open) {
		html_put(o, "<div class=\"alert info\"><p><strong>%s</strong> %s</p>", T(r, "Coming soon."),
			 arena_printf(r->a, T(r, "This course is planned to open on %s."),
				      course_date_label(r->a, tzn, c->opens_on, r->lang)));
		/* CRS-4: an earlier or later opening is shown, not only emailed. */
		if (moved)
			html_put(o, "<p class=\"date-change\">%s</p>",
				 arena_printf(r->a,
					      strcmp(c->opens_on, c->previous_opens_on) < 0
						      ? T(r, "Good news: it opens earlier than the %s first "
							     "announced.")
						      : T(r, "It opens later than the %s first announced."),
					      course_date_label(r->a, tzn, c->previous_opens_on, r->lang)));
		html_lit(o, "</div>");
	} else if (moved) {
		html_put(o, "<p class=\"hint date-change\">%s</p>",
			 arena_printf(r->a, T(r, "Opened on %s (first announced for %s)."),
				      course_date_label(r->a, tzn, c->opens_on, r->lang),
				      course_date_label(r->a, tzn, c->previous_opens_on, r->lang)));
	}
	html_lit(o, "<dl class=\"facts\">");
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Author"), c->author);
	/* CRS-3: the licence with its link. */
	html_put(o, "<dt>%s</dt><dd><a rel=\"license\" href=\"%s\">%s</a></dd>", T(r, "Licence"),
		 course_licence_url(c->licence), course_licence_name(c->licence));
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Level"), course_level_label(r, c->level));
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Language"), lang_label(r, c->lang));
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Duration"), duration_label(r, c->duration_minutes));
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Pass mark"),
		 arena_printf(r->a, T(r, "%d%%"),
			      c->pass_mark > 0 ? c->pass_mark : r->app->cfg->certificate_pass_mark));
	html_lit(o, "</dl>");
	if (!open)
		notify_form(r, c, notify_error, notify_email);
	/* learn: the learner's progress on this course goes here (signed-in
	 * learners of an open course). */
	if (open)
		learn_course_progress_panel(r, c->slug);
	if (open)
		cert_course_link(r, c->slug); /* cert: CERT-1 */
	outline_html(r, ol, open);
	html_lit(o, "</article>");
	page_end(r);
}

void course_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	const char *slug = r->params[0];
	const char *key = NULL, *stamp = NULL;
	char *version = NULL;
	if (visitor_page(r) && course_slug_valid(slug)) {
		key = cache_key(r, "course", slug);
		stamp = commit_stamp(r);
		if (page_cache_get(key, stamp, NULL, page_token, r, r->h->out, &r->h->resp_bytes) ||
		    (store_course_page_version(req_db(r), r->a, slug, &version, err) == ST_OK &&
		     page_cache_get(key, stamp, version, page_token, r, r->h->out, &r->h->resp_bytes))) {
			page_ok(r);
			g_string_free(err, TRUE);
			return;
		}
		if (!version)
			key = NULL;
	}
	struct outline *ol = NULL;
	enum status st = course_outline_load(r, slug, &ol, err);
	if (st == ST_OK) {
		page_ok(r);
		course_page_render(r, ol, NULL, NULL);
		/* Only open courses: the page of a coming-soon one answers
		 * ?notify=ok, and its form is for that visitor. */
		if (key && course_is_open(req_ctx(r), ol->course))
			page_cache_put(key, stamp, version, r->h->out->str, r->h->out->len, r->csrf);
	} else {
		respond_error(r, st, T(r, "There is no such course."));
	}
	g_string_free(err, TRUE);
}

/* ---- POST /courses/{slug}/notify (CRS-4) ---- */

void course_notify_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	const char *slug = r->params[0];
	const char *email = http_form(r->h, "email");
	bool added = false;
	enum status st = course_slug_valid(slug) ? course_watch(req_ctx(r), slug, email, r->lang, &added, err)
						 : ST_NOTFOUND;
	if (st == ST_OK || st == ST_CONFLICT) {
		/* An open course needs no watcher: back to its page. */
		http_redirect(
			r->h, 303,
			arena_printf(r->a, "/courses/%s%s", slug, st == ST_OK ? "?notify=ok#notify-h" : ""));
	} else if (st == ST_INVALID) {
		struct outline *ol = NULL;
		GString *e2 = g_string_new(NULL);
		if (course_outline_load(r, slug, &ol, e2) == ST_OK) {
			page_ok(r);
			r->h->status = 422;
			course_page_render(r, ol, T(r, "Enter a valid email address, like name@example.org."),
					   email);
		} else {
			respond_error(r, ST_NOTFOUND, T(r, "There is no such course."));
		}
		g_string_free(e2, TRUE);
	} else {
		respond_error(
			r, st,
			st == ST_NOTFOUND ? T(r, "There is no such course.")
			: st == ST_TOOMANY
				? T(r,
				    "Too many addresses were given from your network. Try again in an hour.")
				: err->str);
	}
	g_string_free(err, TRUE);
}

/* ---- GET /courses/{slug}/media/{file} ---- */

static const char *image_type(const char *name)
{
	static const struct {
		const char *ext, *mime;
	} types[] = {
		{".svg", "image/svg+xml"}, {".png", "image/png"}, {".jpg", "image/jpeg"},
		{".jpeg", "image/jpeg"},   {".gif", "image/gif"}, {".webp", "image/webp"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
		if (g_str_has_suffix(name, types[i].ext))
			return types[i].mime;
	return NULL;
}

void course_media_page(struct req *r)
{
	const char *slug = r->params[0], *file = r->params[1];
	const char *type = image_type(file);
	/* Images only: videos go through /videos/{id}/stream (CRS-2). */
	if (!course_slug_valid(slug) || !course_media_path_valid(arena_printf(r->a, "media/%s", file)) ||
	    !type) {
		respond_error(r, ST_NOTFOUND, T(r, "There is no such file."));
		return;
	}
	char *path = g_build_filename(r->app->cfg->data_dir, "media", slug, file, NULL);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	g_free(path);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > COURSE_MAX_IMAGE) {
		if (fd >= 0)
			close(fd);
		respond_error(r, ST_NOTFOUND, T(r, "There is no such file."));
		return;
	}
	char *etag = arena_printf(r->a, "\"%llx-%llx\"", (unsigned long long)sb.st_size,
				  (unsigned long long)sb.st_mtime);
	http_add_header(r->h, "ETag", etag);
	http_add_header_static(r->h, "Cache-Control", "public, max-age=86400");
	/* An SVG opened on its own must not run script in this origin. */
	http_add_header_static(r->h, "Content-Security-Policy",
			       "default-src 'none'; style-src 'unsafe-inline'; sandbox");
	const char *inm = http_header(r->h, "If-None-Match");
	if (inm && strstr(inm, etag)) {
		close(fd);
		r->h->status = 304;
		return;
	}
	g_string_set_size(r->h->out, (gsize)sb.st_size);
	size_t got = 0;
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, r->h->out->str + got, (size_t)sb.st_size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	g_string_set_size(r->h->out, got);
	r->h->status = 200;
	r->h->resp_type = type;
}
