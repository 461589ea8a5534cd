/* /courses/{slug}/chapters/{chapter} — reading a chapter, marking it done,
 * and /courses/{slug}/resume; plus the pieces the learning pages share
 * (breadcrumbs, previous/next, the not-found page of a closed course). */
#include <string.h>

#include "base/dates.h"
#include "learning/learn.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages_learn.h"

#include "base/banned.h"

void learn_not_found(struct req *r, const struct learn_course_view *cv, enum status st, const char *detail)
{
	if (st != ST_NOTFOUND) {
		respond_error(r, st, detail);
		return;
	}
	if (cv && cv->course && !cv->open) {
		/* CRS-4: say when it opens. */
		char date[64] = "";
		int y, m, d;
		if (dates_parse_ymd(cv->course->opens_on, &y, &m, &d)) {
			GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
			if (!tz)
				tz = g_time_zone_new_utc();
			GDateTime *dt = g_date_time_new(tz, y, m, d, 12, 0, 0);
			dates_format_human(tz, g_date_time_to_unix(dt), r->lang, date, sizeof(date));
			g_date_time_unref(dt);
			g_time_zone_unref(tz);
		}
		respond_error_page(r, 404, T(r, "Coming soon"),
				   arena_printf(r->a, T(r, "“%s” opens on %s. Come back then!"),
						cv->course->title, date));
		return;
	}
	respond_error_page(r, 404, T(r, "Not found"),
			   cv && cv->course ? T(r, "This course has no such page.")
					    : T(r, "There is no such course."));
}

void learn_breadcrumbs(struct req *r, const struct learn_course_view *cv, const char *here)
{
	GString *o = r->h->out;
	html_put(o, "<nav class=\"breadcrumbs\" aria-label=\"%s\"><ol>", T(r, "Breadcrumb"));
	html_put(o, "<li><a href=\"/courses\">%s</a></li>", T(r, "Courses"));
	html_put(o, "<li><a href=\"/courses/%s\">%s</a></li>", cv->course->slug, cv->course->title);
	html_put(o, "<li aria-current=\"page\">%s</li></ol></nav>", here);
}

void learn_pager(struct req *r, const struct learn_nav *nav)
{
	GString *o = r->h->out;
	if (!nav->prev && !nav->next)
		return;
	html_put(o, "<nav class=\"pager\" aria-label=\"%s\">", T(r, "Previous and next"));
	if (nav->prev)
		html_put(o, "<a rel=\"prev\" href=\"%s\"><span>%s</span> %s</a>", nav->prev_path,
			 T(r, "Previous:"), nav->prev->title);
	if (nav->next)
		html_put(o, "<a rel=\"next\" href=\"%s\"><span>%s</span> %s</a>", nav->next_path,
			 T(r, "Next:"), nav->next->title);
	html_lit(o, "</nav>");
}

void chapter_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct learn_chapter_view *v = NULL;
	enum status st = learn_chapter_open(req_ctx(r), r->params[0], r->params[1], &v, err);
	if (st != ST_OK) {
		learn_not_found(r, v ? v->cv : NULL, st, err->str);
		goto cleanup;
	}
	GString *o = r->h->out;
	page_ok(r);
	page_begin(r, arena_printf(r->a, "%s · %s", v->item->title, v->cv->course->title));
	learn_breadcrumbs(r, v->cv, v->item->title);
	if (http_query(r->h, "done"))
		html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>",
			 T(r, "Chapter marked as done."));
	if (v->minutes > 0)
		html_put(o, "<p class=\"hint\">%s</p>",
			 arena_printf(r->a, T(r, "About %d min of reading"), v->minutes));
	html_put(o, "<article class=\"chapter\" lang=\"%s\">", v->cv->course->lang);
	/* body_html was rendered from Markdown by md4c at import, with every
	 * text escaped and no raw HTML passed through (course import). */
	g_string_append(o, v->body_html);
	html_lit(o, "</article>");
	if (v->n_videos > 0) {
		html_put(o,
			 "<section class=\"chapter-videos\" aria-labelledby=\"videos-h\"><h2 "
			 "id=\"videos-h\">%s</h2><ul>",
			 T(r, "Videos of this chapter"));
		for (int i = 0; i < v->n_videos; i++)
			html_put(o, "<li><a href=\"/courses/%s/videos/%s\">%s</a></li>", v->cv->course->slug,
				 v->videos[i]->slug, v->videos[i]->title);
		html_lit(o, "</ul></section>");
	}
	html_lit(o, "<div class=\"chapter-actions\">");
	if (!r->user) {
		html_put(o, "<p><a href=\"/signin?next=/courses/%s/chapters/%s\">%s</a> %s</p>",
			 v->cv->course->slug, v->item->slug, T(r, "Sign in"),
			 T(r, "to keep track of your progress."));
	} else if (v->done) {
		html_put(o, "<p class=\"done\">✓ %s</p>", T(r, "You marked this chapter as done."));
	} else {
		html_put(o, "<form method=\"post\" action=\"/courses/%s/chapters/%s/done\">",
			 v->cv->course->slug, v->item->slug);
		form_csrf(r);
		html_put(o, "<button type=\"submit\">%s</button></form>", T(r, "Mark as done"));
	}
	html_lit(o, "</div>");
	learn_pager(r, &v->nav);
	page_end(r);
cleanup:
	g_string_free(err, TRUE);
}

/* learn_not_found for a use case that gave no view: the course (when it
 * exists) tells "coming soon" from "no such page". */
static void not_found_in_course(struct req *r, enum status st, const char *detail)
{
	struct learn_course_view *cv = NULL;
	GString *e2 = g_string_new(NULL);
	if (st != ST_NOTFOUND || learn_course_load(req_ctx(r), r->params[0], &cv, e2) != ST_OK)
		cv = NULL;
	learn_not_found(r, cv, st, detail);
	g_string_free(e2, TRUE);
}

void chapter_done_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	enum status st = learn_chapter_done(req_ctx(r), r->params[0], r->params[1], err);
	if (st == ST_OK)
		http_redirect(
			r->h, 303,
			arena_printf(r->a, "/courses/%s/chapters/%s?done=1", r->params[0], r->params[1]));
	else
		not_found_in_course(r, st, err->str);
	g_string_free(err, TRUE);
}

void resume_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	char *path = NULL;
	enum status st = learn_resume(req_ctx(r), r->params[0], &path, err);
	if (st == ST_OK) {
		http_redirect(r->h, 303, path);
	} else {
		not_found_in_course(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

void learn_course_progress_panel(struct req *r, const char *course_slug)
{
	GString *o = r->h->out;
	if (!r->user) {
		html_put(o,
			 "<section class=\"learn-progress card\"><p><a class=\"button\" "
			 "href=\"/courses/%s/resume\">%s</a></p>",
			 course_slug, T(r, "Start the course"));
		html_put(o, "<p class=\"hint\"><a href=\"/signin?next=/courses/%s\">%s</a> %s</p></section>",
			 course_slug, T(r, "Sign in"), T(r, "to keep track of your progress."));
		return;
	}
	GString *err = g_string_new(NULL);
	struct learn_progress *p = NULL;
	enum status st = learn_progress(req_ctx(r), course_slug, &p, err);
	if (st != ST_OK) {
		/* The course page stays useful without it. */
		g_printerr("campus: progress of %s: %s\n", course_slug, err->str);
		g_string_free(err, TRUE);
		return;
	}
	html_put(o,
		 "<section class=\"learn-progress card\" aria-labelledby=\"progress-h\"><h2 "
		 "id=\"progress-h\">%s</h2>",
		 T(r, "Your progress"));
	html_put(o, "<progress max=\"100\" value=\"%d\" aria-labelledby=\"progress-h\">%d%%</progress>",
		 p->percent, p->percent);
	html_put(o, "<p>%s</p>",
		 arena_printf(r->a, T(r, "%d%% · %d of %d chapters done · %d of %d quizzes passed"),
			      p->percent, p->chapters_done, p->chapters, p->quizzes_passed, p->quizzes));
	html_put(o, "<p><a class=\"button\" href=\"/courses/%s/resume\">%s</a></p></section>", course_slug,
		 p->percent == 0    ? T(r, "Start the course")
		 : p->percent < 100 ? T(r, "Resume")
				    : T(r, "Read again"));
	g_string_free(err, TRUE);
}
