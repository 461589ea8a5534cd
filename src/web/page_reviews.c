/* /reviews — a learner's peer reviews: ask for a classmate's work, the
 * reviews they hold and sent; /reviews/{id} — one review against the
 * rubric; /staff/reviews — the staff queue of submissions that waited too
 * long for peers (CRS-1). Names are never shown either way. */
#include <string.h>

#include "web/layout.h"
#include "web/pages_peer.h"

#include "base/banned.h"

static void list_html(struct req *r, const char *notice, bool ok)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct peer_review_item *items = NULL;
	struct peer_homework **hws = NULL;
	int n = 0, nh = 0;
	bool premium = false;
	enum status st = peer_my_reviews(req_ctx(r), &items, &n, &hws, &nh, &premium, err);
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return;
	}
	page_begin(r, T(r, "Peer review"));
	html_put(o, "<h1>%s</h1>", T(r, "Peer review"));
	if (r->user->roles & (ROLE_STAFF | ROLE_ADMIN))
		html_put(o, "<p><a href=\"/staff/reviews\">%s</a></p>", T(r, "Homework to grade"));
	if (notice)
		html_put(o, "<div class=\"alert %s\" role=\"status\">%s</div>", ok ? "ok" : "info", notice);
	html_put(o, "<section class=\"panel wide peer\"><h2>%s</h2>", T(r, "Review a classmate's work"));
	if (!premium) {
		html_put(o, "<p>%s</p>", T(r, "Peer-reviewed homework is part of Premium."));
	} else if (nh == 0) {
		html_put(o, "<p>%s</p>",
			 T(r, "Submit a homework first: then you can review classmates' work on it."));
	} else {
		html_put(o, "<p>%s</p>",
			 T(r,
			   "You get the work of another learner on a homework you submitted, without their "
			   "name; they will not see yours."));
		html_lit(o, "<form method=\"post\" action=\"/reviews\">");
		form_csrf(r);
		if (nh > 1) {
			html_put(o, "<div class=\"field\"><label for=\"f-exercise\">%s</label>",
				 T(r, "Homework"));
			html_lit(o, "<select id=\"f-exercise\" name=\"exercise\">");
			for (int i = 0; i < nh; i++)
				html_put(o, "<option value=\"%lld\">%s — %s</option>",
					 (long long)hws[i]->exercise_id, hws[i]->title, hws[i]->course_title);
			html_lit(o, "</select></div>");
		} else {
			html_put(o, "<input type=\"hidden\" name=\"exercise\" value=\"%lld\">",
				 (long long)hws[0]->exercise_id);
		}
		html_put(o, "<button type=\"submit\">%s</button></form>", T(r, "Review a classmate's work"));
	}
	html_lit(o, "</section>");
	html_put(o, "<section class=\"panel wide peer\"><h2>%s</h2>", T(r, "Your reviews"));
	if (!n)
		html_put(o, "<p>%s</p>", T(r, "None yet."));
	else {
		html_put(o,
			 "<table "
			 "class=\"data\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
			 T(r, "Homework"), T(r, "Status"), T(r, "Action"));
		for (int i = 0; i < n; i++) {
			const struct peer_review *v = items[i].rev;
			bool pending = !strcmp(v->state, "pending");
			html_put(o, "<tr><td>%s <span class=\"hint\">%s</span></td>", items[i].hw->title,
				 items[i].hw->course_title);
			if (pending)
				html_put(o, "<td>%s</td><td><a href=\"/reviews/%lld\">%s</a></td></tr>",
					 arena_printf(r->a, T(r, "To do before %s"),
						      peer_date(r, v->expires_at)),
					 (long long)v->id, T(r, "Review"));
			else
				html_put(o, "<td>%s</td><td><a href=\"/reviews/%lld\">%s</a></td></tr>",
					 arena_printf(r->a, T(r, "Sent on %s"), peer_date(r, v->done_at)),
					 (long long)v->id, T(r, "Read"));
		}
		html_lit(o, "</tbody></table>");
	}
	html_lit(o, "</section>");
	page_end(r);
	g_string_free(err, TRUE);
}

void reviews_page(struct req *r)
{
	page_ok(r);
	list_html(r, http_query(r->h, "sent") ? T(r, "Thank you: your review is sent.") : NULL, true);
}

void reviews_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	const char *ex = http_form(r->h, "exercise");
	int64_t exercise = ex ? g_ascii_strtoll(ex, NULL, 10) : 0;
	int64_t id = 0;
	enum status st = peer_claim(req_ctx(r), exercise > 0 ? exercise : 0, &id, err);
	if (st == ST_OK) {
		http_redirect(r->h, 303, arena_printf(r->a, "/reviews/%lld", (long long)id));
	} else if (st == ST_NOTFOUND) {
		page_ok(r);
		list_html(r, T(r, "There is no classmate's work to review right now: come back later."),
			  false);
	} else if (st == ST_FORBIDDEN) {
		respond_error(r, st, T(r, "Peer-reviewed homework is part of Premium."));
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

/* The review form (or the sent review, read-only). in: the values sent. */
static void review_html(struct req *r, const struct peer_review_view *v, const struct peer_review_input *in,
			GArray *errs)
{
	GString *o = r->h->out;
	const struct peer_rubric *rb = &v->rubric;
	page_begin(r, T(r, "Review"));
	html_put(o, "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/reviews\">%s</a></nav>",
		 T(r, "Breadcrumb"), T(r, "Peer review"));
	html_put(o, "<h1>%s</h1>", v->hw->title);
	html_put(o, "<section class=\"panel wide peer\"><h2>%s</h2>", T(r, "Statement"));
	peer_statement_html(r, v->hw->course_slug, v->hw->course_lang, v->hw->statement_md);
	html_put(o, "</section><section class=\"panel wide peer\"><h2>%s</h2>",
		 v->rev->staff ? T(r, "The learner's work") : T(r, "A classmate's work"));
	if (*v->sub->body)
		html_put(o, "<div class=\"answer\">%s</div>", v->sub->body);
	if (*v->sub->file_path)
		html_put(o, "<p><a href=\"/submissions/%lld/file\">%s</a> (%s)</p>", (long long)v->sub->id,
			 v->sub->file_name, v->sub->file_type);
	html_lit(o, "</section>");
	html_put(o, "<section class=\"panel wide peer\"><h2>%s</h2>", T(r, "Your review"));
	if (!strcmp(v->rev->state, "done")) {
		html_put(o, "<p>%s</p><dl>",
			 arena_printf(r->a, T(r, "Sent on %s"), peer_date(r, v->rev->done_at)));
		for (int i = 0; i < rb->n; i++)
			html_put(o, "<dt>%s: %d / %d</dt><dd>%s</dd>", rb->names[i], v->scores[i],
				 rb->points[i], v->comments[i]);
		html_lit(o, "</dl></section>");
		page_end(r);
		return;
	}
	html_put(o, "<p class=\"hint\">%s</p>",
		 arena_printf(
			 r->a,
			 T(r, "Score each criterion and explain your score. The author will see your review "
			      "as from an anonymous reviewer. Send it before %s."),
			 peer_date(r, v->rev->expires_at)));
	form_error_summary(r, errs);
	html_put(o, "<form method=\"post\" action=\"/reviews/%lld\">", (long long)v->rev->id);
	form_csrf(r);
	for (int i = 0; i < rb->n; i++) {
		char *sf = arena_printf(r->a, "score_%d", i), *cf = arena_printf(r->a, "comment_%d", i);
		const char *es = form_field_error(r, errs, sf), *ec = form_field_error(r, errs, cf);
		html_put(o, "<fieldset class=\"criterion\"><legend>%s</legend>",
			 arena_printf(r->a, T(r, "%s (out of %d)"), rb->names[i], rb->points[i]));
		html_put(o, "<div class=\"field\"><label for=\"f-%s\">%s</label>", sf, T(r, "Score"));
		html_put(o,
			 "<input id=\"f-%s\" name=\"%s\" type=\"number\" min=\"0\" max=\"%d\" step=\"1\" "
			 "required value=\"%s\"",
			 sf, sf, rb->points[i], in && in[i].score ? in[i].score : "");
		if (es)
			html_put(o, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", sf);
		html_lit(o, ">");
		if (es)
			html_put(o, "<p class=\"error\" id=\"e-%s\">%s</p>", sf, es);
		html_put(o, "</div><div class=\"field\"><label for=\"f-%s\">%s</label>", cf, T(r, "Comment"));
		html_put(o,
			 "<textarea id=\"f-%s\" name=\"%s\" rows=\"4\" minlength=\"20\" maxlength=\"4000\" "
			 "required",
			 cf, cf);
		if (ec)
			html_put(o, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", cf);
		html_put(o, ">%s</textarea>", in && in[i].comment ? in[i].comment : "");
		if (ec)
			html_put(o, "<p class=\"error\" id=\"e-%s\">%s</p>", cf, ec);
		html_lit(o, "</div></fieldset>");
	}
	html_put(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Send my review"));
	page_end(r);
}

static void closed(struct req *r, enum status st, GString *err)
{
	if (st == ST_NOTFOUND)
		respond_error(r, st,
			      T(r, "There is no such review, or it is closed: its time ran out or the work "
				   "was graded."));
	else if (st == ST_CONFLICT)
		respond_error(
			r, st,
			T(r, "This review is no longer open: it was sent already or its time ran out."));
	else if (st == ST_FORBIDDEN)
		respond_error(r, st, T(r, "Peer-reviewed homework is part of Premium."));
	else
		respond_error(r, st, err->str);
}

void review_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct peer_review_view v;
	int64_t id = peer_param_id(r, 0);
	enum status st = id ? peer_review_open(req_ctx(r), id, &v, err) : ST_NOTFOUND;
	if (st == ST_OK) {
		page_ok(r);
		review_html(r, &v, NULL, NULL);
	} else {
		closed(r, st, err);
	}
	g_string_free(err, TRUE);
}

void review_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	GArray *errs = field_errors_new();
	struct peer_review_view v;
	int64_t id = peer_param_id(r, 0);
	enum status st = id ? peer_review_open(req_ctx(r), id, &v, err) : ST_NOTFOUND;
	struct peer_review_input *in = NULL;
	if (st == ST_OK) {
		in = arena_alloc(r->a, sizeof(*in) * ((size_t)v.rubric.n + 1));
		for (int i = 0; i < v.rubric.n; i++) {
			const char *sv = http_form(r->h, arena_printf(r->a, "score_%d", i));
			in[i].score = sv ? g_strstrip(arena_strdup(r->a, sv)) : NULL;
			in[i].comment = http_form(r->h, arena_printf(r->a, "comment_%d", i));
		}
		st = peer_review_submit(req_ctx(r), id, in, v.rubric.n, errs, err);
	}
	if (st == ST_OK) {
		http_redirect(r->h, 303, v.rev->staff ? "/staff/reviews?sent=1" : "/reviews?sent=1");
	} else if (st == ST_INVALID && errs->len) {
		r->h->status = 422;
		r->h->resp_type = "text/html; charset=utf-8";
		review_html(r, &v, in, errs);
	} else {
		closed(r, st, err);
	}
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

static void queue_html(struct req *r, const char *notice)
{
	GString *o = r->h->out;
	GString *err = g_string_new(NULL);
	struct peer_queue_item *items = NULL;
	int n = 0;
	enum status st = peer_staff_queue(req_ctx(r), &items, &n, err);
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return;
	}
	page_begin(r, T(r, "Homework to grade"));
	html_put(o, "<h1>%s</h1>", T(r, "Homework to grade"));
	if (notice)
		html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>", notice);
	html_put(o, "<p class=\"lead\">%s</p>",
		 T(r, "Submissions that did not get enough peer reviews in time. Your review alone grades "
		      "each one; the peer reviews already written count with it."));
	if (!n) {
		html_put(o, "<p>%s</p>", T(r, "Nothing waits for a teacher."));
	} else {
		html_put(o,
			 "<table "
			 "class=\"data\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
			 "</tr></thead><tbody>",
			 T(r, "Homework"), T(r, "Course"), T(r, "Submitted on"), T(r, "Peer reviews"),
			 T(r, "Action"));
		for (int i = 0; i < n; i++) {
			const struct peer_queue_item *it = &items[i];
			html_put(o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>", it->hw->title,
				 it->hw->course_title, peer_date(r, it->sub->submitted_at), it->sub->done);
			html_lit(o, "<form method=\"post\" action=\"/staff/reviews\">");
			form_csrf(r);
			html_put(o,
				 "<input type=\"hidden\" name=\"submission\" value=\"%lld\">"
				 "<button type=\"submit\">%s</button></form></td></tr>",
				 (long long)it->sub->id,
				 it->staff_claim ? T(r, "Continue") : T(r, "Grade it"));
		}
		html_lit(o, "</tbody></table>");
	}
	page_end(r);
	g_string_free(err, TRUE);
}

void staff_reviews_page(struct req *r)
{
	page_ok(r);
	queue_html(r,
		   http_query(r->h, "sent") ? T(r, "Your review is sent: the submission is graded.") : NULL);
}

void staff_reviews_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	const char *s = http_form(r->h, "submission");
	int64_t sub = s ? g_ascii_strtoll(s, NULL, 10) : 0;
	int64_t id = 0;
	enum status st = sub > 0 ? peer_staff_claim(req_ctx(r), sub, &id, err) : ST_NOTFOUND;
	if (st == ST_OK)
		http_redirect(r->h, 303, arena_printf(r->a, "/reviews/%lld", (long long)id));
	else if (st == ST_NOTFOUND)
		respond_error(r, st, T(r, "There is no such submission."));
	else if (st == ST_CONFLICT)
		respond_error(
			r, st,
			T(r, "This submission is no longer waiting for a teacher, or another member of staff "
			     "is grading it."));
	else
		respond_error(r, st, err->str);
	g_string_free(err, TRUE);
}
