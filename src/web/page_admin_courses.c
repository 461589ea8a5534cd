/* GET/POST /admin/courses: the courses and the upload of a course zip. */
#include <string.h>

#include "base/dates.h"
#include "catalog/courses.h"
#include "web/layout.h"
#include "web/pages_courses.h"

#include "base/banned.h"

static void render(struct req *r, const struct course_import_report *rep, enum status st, const char *err)
{
	GString *o = r->h->out;
	GString *e = g_string_new(NULL);
	struct course **list = NULL;
	int n = 0;
	enum status lst = store_course_list(req_db(r), r->a, &list, &n, e);
	if (lst != ST_OK) {
		respond_error(r, lst, e->str);
		g_string_free(e, TRUE);
		return;
	}
	page_ok(r);
	if (rep && st != ST_OK)
		r->h->status = st == ST_INVALID ? 422 : http_status_of(st);
	page_begin(r, T(r, "Courses"));
	html_put(o, "<h1>%s</h1>", T(r, "Manage courses"));
	if (rep && st == ST_OK && rep->course)
		html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>",
			 arena_printf(
				 r->a,
				 rep->unchanged
					 ? T(r,
					     "“%s” is unchanged: the archive is the one imported last time.")
				 : rep->created ? T(r, "“%s” was imported.")
						: T(r, "“%s” was updated; learners keep their progress."),
				 rep->course->title));
	if (rep && st != ST_OK) {
		html_put(o, "<div class=\"alert err\" role=\"alert\"><strong>%s</strong>",
			 T(r, "The course was not imported. Correct these problems and upload it again:"));
		html_lit(o, "<ul class=\"problems\">");
		for (guint i = 0; i < rep->problems->len; i++)
			html_put(o, "<li><code>%s</code></li>", (const char *)rep->problems->pdata[i]);
		if (!rep->problems->len)
			html_put(o, "<li>%s</li>", err);
		html_lit(o, "</ul></div>");
	}
	html_put(
		o, "<section class=\"card\"><h2>%s</h2><p class=\"hint\">%s</p>", T(r, "Upload a course"),
		arena_printf(
			r->a,
			T(r,
			  "A zip of a course folder (course.ini, chapters/, quizzes/, homework/, media/), at "
			  "most %d KiB. Uploading a course again updates it."),
			r->app->cfg->upload_max_kib));
	html_lit(o, "<form method=\"post\" action=\"/admin/courses\" enctype=\"multipart/form-data\">");
	form_csrf(r);
	html_put(o,
		 "<div class=\"field\"><label for=\"f-archive\">%s</label><input type=\"file\" "
		 "id=\"f-archive\" "
		 "name=\"archive\" accept=\".zip,application/zip\" required></div>",
		 T(r, "Course archive (.zip)"));
	html_put(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Import"));
	html_put(o, "<h2>%s</h2>", T(r, "Courses"));
	html_put(o,
		 "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
		 "scope=\"col\">%s</th></tr></thead><tbody>",
		 T(r, "Course"), T(r, "Language"), T(r, "Level"), T(r, "Opens on"), T(r, "Updated"));
	for (int i = 0; i < n; i++) {
		char at[32];
		dates_format_rfc3339(list[i]->updated_at, at, sizeof(at));
		html_put(o,
			 "<tr><td><a "
			 "href=\"/courses/%s\">%s</a><br><code>%s</code></td><td>%s</td><td>%s</td>",
			 list[i]->slug, list[i]->title, list[i]->slug, list[i]->lang,
			 course_level_label(r, list[i]->level));
		html_put(o, "<td>%s</td><td>%s</td></tr>", *list[i]->opens_on ? list[i]->opens_on : "—", at);
	}
	html_lit(o, "</tbody></table>");
	page_end(r);
	g_string_free(e, TRUE);
}

void admin_courses_page(struct req *r)
{
	render(r, NULL, ST_OK, NULL);
}

void admin_courses_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct course_import_report rep = {.problems = g_ptr_array_new()};
	struct http_file *f = NULL;
	for (guint i = 0; r->h->files && i < r->h->files->len; i++) {
		struct http_file *x = r->h->files->pdata[i];
		if (!strcmp(x->field, "archive"))
			f = x;
	}
	enum status st;
	if (!f || !f->data || !f->data->len) {
		g_string_assign(err, T(r, "Choose a .zip file of a course folder."));
		st = ST_INVALID;
	} else {
		st = course_import_zip(req_ctx(r), f->data->str, f->data->len, &rep, err);
	}
	render(r, &rep, st, err->str);
	g_ptr_array_free(rep.problems, TRUE);
	g_string_free(err, TRUE);
}
