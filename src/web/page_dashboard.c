/* /dashboard — the learner's courses in progress and completed, with
 * progress bars and resume links, and an activity chart: a server-rendered
 * SVG (no script) of chapters done and quiz attempts per day over the last
 * 8 weeks, in the platform zone, with the same data as a table for screen
 * readers. */
#include <string.h>

#include "base/dates.h"
#include "catalog/courses.h"
#include "http/page_cache.h"
#include "learning/learn.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages_learn.h"

#include "base/banned.h"

static const char *const month_abbr[] = {N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
					 N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")};

/* The date labels of the chart in one language: the same for every learner
 * on a given day, so kept per thread and per language while the chart's
 * days stay the same (perf: 66 date formats per page otherwise). */
struct chart_labels {
	int64_t first_day; /* cal.start[0] they were made for; 0: none yet */
	char shortd[LEARN_CHART_DAYS][24]; /* "3 Mar" */
	char human[LEARN_CHART_DAYS][40]; /* "3 March 2026", as dates_format_human */
};

static const struct chart_labels *chart_labels(struct req *r, const struct learn_calendar *cal)
{
	static _Thread_local struct chart_labels per_lang[2];
	struct chart_labels *l = &per_lang[!strcmp(r->lang, "fr")];
	if (l->first_day != cal->start[0] || !l->first_day) {
		for (int k = 0; k < LEARN_CHART_DAYS; k++) {
			g_snprintf(l->shortd[k], sizeof(l->shortd[k]), "%d %s", cal->d[k],
				   T(r, month_abbr[cal->m[k] - 1]));
			dates_format_ymd(cal->y[k], cal->m[k], cal->d[k], r->lang, l->human[k],
					 sizeof(l->human[k]));
		}
		l->first_day = cal->start[0];
	}
	return l;
}

static void course_card(struct req *r, const struct learn_course_progress *p)
{
	GString *o = r->h->out;
	html_put(o, "<li class=\"card progress-card\"><h3><a href=\"/courses/%s\">%s</a></h3>", p->row.slug,
		 p->row.title);
	html_put(o, "<progress max=\"100\" value=\"%d\" aria-label=\"%s\">%d%%</progress>", p->percent,
		 arena_printf(r->a, T(r, "Progress in %s"), p->row.title), p->percent);
	html_put(o, "<p class=\"hint\">%s</p>",
		 arena_printf(r->a, T(r, "%d%% · %d of %d chapters done · %d of %d quizzes passed"),
			      p->percent, p->row.chapters_done, p->row.chapters, p->row.quizzes_passed,
			      p->row.quizzes));
	if (p->open && p->percent < 100)
		html_put(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>", p->resume_path, T(r, "Resume"));
	else if (p->open)
		html_put(o, "<p><a href=\"%s\">%s</a></p>", p->resume_path, T(r, "Read again"));
	html_lit(o, "</li>");
}

enum { BAR_W = 8, BAR_GAP = 3, CHART_H = 120, AXIS_H = 22, LEFT = 28 };

static void activity_chart(struct req *r, const struct learn_dashboard *d)
{
	GString *o = r->h->out;
	const struct chart_labels *l = chart_labels(r, &d->cal);
	const char *first = l->shortd[0], *last = l->shortd[LEARN_CHART_DAYS - 1];
	int width = LEFT + LEARN_CHART_DAYS * (BAR_W + BAR_GAP), height = CHART_H + AXIS_H;
	int scale = d->max_count > 0 ? d->max_count : 1;
	html_put(o,
		 "<section class=\"activity\" aria-labelledby=\"activity-h\"><h2 id=\"activity-h\">%s</h2>",
		 T(r, "Activity over the last 8 weeks"));
	html_put(
		o,
		"<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 "
		"%d %d\" "
		"width=\"100%%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">",
		width, height);
	html_put(o, "<title id=\"chart-title\">%s</title>",
		 arena_printf(r->a, T(r, "Activity per day from %s to %s"), first, last));
	html_put(
		o, "<desc id=\"chart-desc\">%s</desc>",
		arena_printf(
			r->a,
			T(r,
			  "%d activities in total (chapters done and quiz attempts); at most %d in one day."),
			d->total, d->max_count));
	/* Axis and the top value. */
	html_put(o, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT - 2, CHART_H,
		 width, CHART_H);
	html_put(o, "<text class=\"tick\" x=\"%d\" y=\"10\" text-anchor=\"end\">%d</text>", LEFT - 6,
		 d->max_count);
	html_put(o, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>", LEFT - 6, CHART_H);
	for (int k = 0; k < LEARN_CHART_DAYS; k++) {
		int x = LEFT + k * (BAR_W + BAR_GAP);
		int h = d->counts[k] * (CHART_H - 12) / scale;
		if (d->counts[k] > 0 && h < 2)
			h = 2;
		html_put(o, "<rect class=\"bar%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
			 d->counts[k] ? "" : " empty", x, CHART_H - h, BAR_W, h ? h : 1);
		if (k % 7 == 0)
			html_put(o, "<text class=\"tick\" x=\"%d\" y=\"%d\">%s</text>", x, CHART_H + 16,
				 l->shortd[k]);
	}
	html_lit(o, "</svg>");
	/* The data for screen readers and text browsers. */
	html_put(o,
		 "<table class=\"visually-hidden\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead><tbody>",
		 T(r, "Activity per day"), T(r, "Day"), T(r, "Activities"));
	for (int k = 0; k < LEARN_CHART_DAYS; k++)
		html_put(o, "<tr><td>%s</td><td>%d</td></tr>", l->human[k], d->counts[k]);
	html_lit(o, "</tbody></table></section>");
}

/* The local date of now in the platform zone, remembered per thread for
 * the minute (zone offsets are whole minutes). */
static const char *today(struct req *r)
{
	static _Thread_local int64_t minute = INT64_MIN;
	static _Thread_local char day[16];
	int64_t m = r->ctx.now >= 0 ? r->ctx.now / 60 : (r->ctx.now - 59) / 60;
	if (m != minute) {
		g_strlcpy(day, course_today(req_ctx(r)), sizeof(day));
		minute = m;
	}
	return day;
}

/* A browser session's dashboard is kept (page_cache_personal) while the
 * database's commit stamp stays the one it was rendered at: its progress,
 * courses, activity and account are then the same (perf). The key names
 * the session (its CSRF token, in the page, is the session's), the
 * language and the day (the chart's days, CRS-4 openings); an API token
 * never gets here (R_SIGNED_IN pages read the session). The stamp is read
 * before anything is rendered. */
void dashboard_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	const char *key = NULL, *stamp = NULL;
	char buf[128];
	if (r->session_hash && db_commit_stamp(req_db(r), buf, sizeof(buf))) {
		stamp = buf;
		key = arena_printf(r->a, "dashboard|%s|%s|%s", r->session_hash, r->lang, today(r));
		if (page_cache_personal_get(key, stamp, &r->h->resp_bytes)) {
			page_ok(r);
			goto cleanup;
		}
	}
	struct learn_dashboard *d = NULL;
	enum status st = learn_dashboard(req_ctx(r), &d, err);
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		goto cleanup;
	}
	GString *o = r->h->out;
	page_ok(r);
	page_begin(r, T(r, "Dashboard"));
	html_put(o, "<h1>%s</h1>", T(r, "Your dashboard"));
	size_t done = 0;
	for (size_t i = 0; i < d->n_courses; i++)
		done += d->courses[i].percent == 100;
	html_put(o, "<section aria-labelledby=\"in-progress\"><h2 id=\"in-progress\">%s</h2>",
		 T(r, "In progress"));
	if (d->n_courses == done)
		html_put(o, "<p>%s <a href=\"/courses\">%s</a></p>", T(r, "No course in progress."),
			 T(r, "Browse the catalogue"));
	else
		html_lit(o, "<ul class=\"cards plain\">");
	for (size_t i = 0; i < d->n_courses; i++)
		if (d->courses[i].percent < 100)
			course_card(r, &d->courses[i]);
	if (d->n_courses != done)
		html_lit(o, "</ul>");
	html_lit(o, "</section>");
	if (done) {
		html_put(o,
			 "<section aria-labelledby=\"completed\"><h2 id=\"completed\">%s</h2><ul "
			 "class=\"cards plain\">",
			 T(r, "Completed"));
		for (size_t i = 0; i < d->n_courses; i++)
			if (d->courses[i].percent == 100)
				course_card(r, &d->courses[i]);
		html_lit(o, "</ul></section>");
	}
	activity_chart(r, d);
	page_end(r);
	if (key)
		page_cache_personal_put(key, stamp, o->str, o->len);
cleanup:
	g_string_free(err, TRUE);
}
