/* /courses/{slug}/homework/{exercise} — a peer-reviewed homework (CRS-1):
 * the statement and rubric for everyone; for a Premium learner the
 * submission form, then its state, grade and anonymous reviews.
 * /submissions/{id}/file — the file of a submission, to the few allowed. */
#include <string.h>

#include "web/layout.h"
#include "web/pages_peer.h"

#include "base/banned.h"

static const char *state_text(struct req *r, const struct peer_submission *s, int required)
{
	if (!strcmp(s->state, "graded"))
		return T(r, "Graded.");
	if (!strcmp(s->state, "staff"))
		return T(r, "Too few classmates reviewed it in time: a teacher will grade it.");
	return arena_printf(r->a, T(r, "Waiting for reviews: %d of %d done."), s->done, required);
}

static void submission_html(struct req *r, const struct peer_view *v)
{
	GString *o = r->h->out;
	const struct peer_submission *s = v->sub;
	html_put(o, "<section class=\"panel wide peer\"><h2>%s</h2><dl class=\"facts\">",
		 T(r, "Your submission"));
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Submitted on"), peer_date(r, s->submitted_at));
	html_put(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Status"),
		 state_text(r, s, r->app->cfg->peer_reviews_required));
	if (s->grade_pct >= 0)
		html_put(o, "<dt>%s</dt><dd><strong class=\"peer-grade\">%d %%</strong></dd>", T(r, "Grade"),
			 s->grade_pct);
	else if (v->fallback_at)
		html_put(o, "<dt>%s</dt><dd>%s</dd>",
			 T(r, "Graded by a teacher if still short of reviews on"),
			 peer_date(r, v->fallback_at));
	html_lit(o, "</dl>");
	if (*s->body)
		html_put(o, "<h3>%s</h3><div class=\"answer\">%s</div>", T(r, "Your answer"), s->body);
	if (*s->file_path)
		html_put(o, "<p><a href=\"/submissions/%lld/file\">%s</a> (%s)</p>", (long long)s->id,
			 s->file_name, s->file_type);
	if (v->n_reviews) {
		html_put(o, "<h3>%s</h3>", T(r, "Reviews"));
		peer_reviews_html(r, &v->rubric, v->reviews, v->n_reviews);
	}
	html_lit(o, "</section>");
}

static void form_html(struct req *r, const struct peer_view *v, const char *answer, GArray *errs)
{
	GString *o = r->h->out;
	const char *path = r->h->path;
	html_put(o, "<section class=\"panel wide peer\"><h2>%s</h2>",
		 v->sub ? T(r, "Replace your submission") : T(r, "Submit your work"));
	if (v->sub)
		html_put(
			o, "<p class=\"hint\">%s</p>",
			T(r,
			  "You can replace it until a classmate starts reviewing it. Without a new file, the "
			  "previous file is kept."));
	form_error_summary(r, errs);
	html_put(o, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\">", path);
	form_csrf(r);
	const char *ea = form_field_error(r, errs, "answer");
	html_put(o, "<div class=\"field\"><label for=\"f-answer\">%s</label>", T(r, "Your answer"));
	html_put(o,
		 "<textarea id=\"f-answer\" name=\"answer\" rows=\"12\" maxlength=\"50000\" "
		 "aria-describedby=\"h-answer%s\"",
		 ea ? " e-answer" : "");
	if (ea)
		html_lit(o, " aria-invalid=\"true\"");
	html_put(o, ">%s</textarea>", answer ? answer : "");
	html_put(o, "<p class=\"hint\" id=\"h-answer\">%s</p>",
		 T(r, "Plain text, up to 50,000 characters. Reviewers do not see your name."));
	if (ea)
		html_put(o, "<p class=\"error\" id=\"e-answer\">%s</p>", ea);
	html_lit(o, "</div>");
	const char *ef = form_field_error(r, errs, "file");
	html_put(o, "<div class=\"field\"><label for=\"f-file\">%s</label>", T(r, "A file (optional)"));
	html_put(o,
		 "<input id=\"f-file\" name=\"file\" type=\"file\" "
		 "accept=\".pdf,.png,.jpg,.jpeg,.txt,.zip\" aria-describedby=\"h-file%s\"",
		 ef ? " e-file" : "");
	if (ef)
		html_lit(o, " aria-invalid=\"true\"");
	html_lit(o, ">");
	html_put(o, "<p class=\"hint\" id=\"h-file\">%s</p>",
		 arena_printf(r->a, T(r, "PDF, PNG, JPEG, text or ZIP, up to %lld KB."),
			      (long long)(v->upload_max / 1024)));
	if (ef)
		html_put(o, "<p class=\"error\" id=\"e-file\">%s</p>", ef);
	html_put(o, "</div><button type=\"submit\">%s</button></form></section>",
		 v->sub ? T(r, "Replace my submission") : T(r, "Submit"));
}

static void render(struct req *r, const struct peer_view *v, const char *answer, GArray *errs, bool saved)
{
	GString *o = r->h->out;
	page_begin(r, v->hw->title);
	html_put(o,
		 "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/courses\">%s</a> › <a href=\"/courses/",
		 T(r, "Breadcrumb"), T(r, "Courses"));
	html_url(o, v->hw->course_slug);
	html_put(o, "\">%s</a> › <span aria-current=\"page\">%s</span></nav>", v->hw->course_title,
		 v->hw->title);
	html_put(o, "<h1>%s</h1>", v->hw->title);
	if (saved)
		html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>",
			 T(r, "Your work is submitted. Classmates will review it; you will get an email with "
			      "your "
			      "grade."));
	html_put(o, "<section class=\"panel wide peer\"><h2>%s</h2>", T(r, "Statement"));
	peer_statement_html(r, v->hw->course_slug, v->hw->course_lang, v->hw->statement_md);
	html_put(o, "<h3>%s</h3><ul class=\"rubric\">", T(r, "How it is assessed"));
	for (int i = 0; i < v->rubric.n; i++)
		html_put(o, "<li>%s — %s</li>", v->rubric.names[i],
			 arena_printf(r->a, T(r, "%d points"), v->rubric.points[i]));
	html_put(o, "</ul><p class=\"hint\">%s</p></section>",
		 arena_printf(r->a,
			      T(r, "Each submission is reviewed by %d other learners against this rubric; "
				   "the grade is the mean of their reviews."),
			      r->app->cfg->peer_reviews_required));
	if (!r->user) {
		html_put(o, "<div class=\"alert info\">%s <a href=\"/signin?next=%s\">%s</a></div>",
			 T(r, "Peer-reviewed homework is part of Premium."), r->h->path, T(r, "Sign in"));
	} else if (!v->premium) {
		html_put(o, "<div class=\"alert info\" role=\"note\"><strong>%s</strong> %s</div>",
			 T(r, "Peer-reviewed homework is part of Premium."),
			 T(r,
			   "With a Premium subscription you submit your work, classmates review it against "
			   "the rubric, and you review theirs. You can read the statement and practise "
			   "meanwhile."));
	}
	if (v->sub)
		submission_html(r, v);
	if (v->can_submit)
		form_html(r, v, answer ? answer : (v->sub ? v->sub->body : NULL), errs);
	if (r->user && v->premium && v->sub)
		html_put(o, "<p><a class=\"button secondary\" href=\"/reviews\">%s</a></p>",
			 T(r, "Review a classmate's work"));
	page_end(r);
}

void homework_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct peer_view v;
	enum status st = peer_homework_view(req_ctx(r), r->params[0], r->params[1], r->user ? r->user->id : 0,
					    &v, err);
	if (st == ST_OK) {
		page_ok(r);
		render(r, &v, NULL, NULL, http_query(r->h, "submitted") != NULL);
	} else {
		respond_error(r, st, st == ST_NOTFOUND ? T(r, "There is no such homework.") : err->str);
	}
	g_string_free(err, TRUE);
}

/* The uploaded file of field "file", or NULL when none was chosen. */
static const struct http_file *upload(struct req *r)
{
	for (guint i = 0; r->h->files && i < r->h->files->len; i++) {
		const struct http_file *f = r->h->files->pdata[i];
		if (f->field && !strcmp(f->field, "file") && f->filename && *f->filename)
			return f;
	}
	return NULL;
}

void homework_post(struct req *r)
{
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	const char *answer = http_form(r->h, "answer");
	const struct http_file *f = upload(r);
	struct peer_upload up = {0};
	if (f)
		up = (struct peer_upload){f->filename, (const unsigned char *)f->data->str, f->data->len};
	enum status st =
		peer_submit(req_ctx(r), r->params[0], r->params[1], answer, f ? &up : NULL, NULL, errs, err);
	if (st == ST_OK) {
		http_redirect(r->h, 303, arena_printf(r->a, "%s?submitted=1", r->h->path));
	} else if (st == ST_INVALID) {
		struct peer_view v;
		GString *e2 = g_string_new(NULL);
		if (peer_homework_view(req_ctx(r), r->params[0], r->params[1], r->user->id, &v, e2) ==
		    ST_OK) {
			r->h->status = 422;
			r->h->resp_type = "text/html; charset=utf-8";
			render(r, &v, answer, errs, false);
		} else {
			respond_error(r, ST_INVALID, err->str);
		}
		g_string_free(e2, TRUE);
	} else if (st == ST_FORBIDDEN) {
		respond_error(r, st, T(r, "Peer-reviewed homework is part of Premium."));
	} else if (st == ST_NOTFOUND) {
		respond_error(r, st, T(r, "There is no such homework."));
	} else if (st == ST_CONFLICT) {
		respond_error(r, st,
			      T(r, "Your submission is already being reviewed: it can no longer change."));
	} else {
		respond_error(r, st, err->str);
	}
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

void submission_file_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct peer_submission *s = NULL;
	char *path = NULL;
	int64_t id = peer_param_id(r, 0);
	enum status st = id ? peer_file(req_ctx(r), id, &s, &path, err) : ST_NOTFOUND;
	gchar *data = NULL;
	gsize len = 0;
	if (st == ST_OK && !g_file_get_contents(path, &data, &len, NULL)) {
		g_string_printf(err, "cannot read %s", path);
		st = ST_IO;
	}
	if (st == ST_OK) {
		r->h->status = 200;
		r->h->resp_type = arena_strdup(r->a, s->file_type);
		/* Always a download, never rendered inline by the browser. */
		http_add_header(r->h, "Content-Disposition",
				arena_printf(r->a, "attachment; filename=\"%s\"", s->file_name));
		g_string_append_len(r->h->out, data, (gssize)len);
	} else {
		respond_error(r, st,
			      st == ST_NOTFOUND ? T(r, "There is no such file, or it is not yours to see.")
						: err->str);
	}
	g_free(data);
	g_string_free(err, TRUE);
}
