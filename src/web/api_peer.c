/* The homework and peer review JSON API (CRS-1):
 * POST /api/v1/courses/{slug}/homework/{exercise}/submissions,
 * GET /api/v1/submissions/{id}, POST /api/v1/reviews (claim one),
 * GET and POST /api/v1/reviews/{id}. Reviews are anonymous both ways. */
#include <string.h>

#include "base/dates.h"
#include "web/pages_peer.h"

#include "base/banned.h"

static json_t *instant(int64_t t)
{
	char buf[32];
	if (!t)
		return json_null();
	dates_format_rfc3339(t, buf, sizeof(buf));
	return json_string(buf);
}

static void fail(struct req *r, enum status st, GString *err, GArray *errs)
{
	if (errs && errs->len)
		respond_problem(r, st, err->str, errs);
	else
		respond_error(r, st, err->str);
}

/* The done reviews, numbered: "Reviewer 1".., "Teacher" for staff. */
static json_t *reviews_json(struct req *r, const struct peer_rubric *rb, struct peer_review **revs, int n)
{
	json_t *arr = json_array();
	int peer_no = 0;
	for (int i = 0; i < n; i++) {
		int *scores;
		char **comments;
		if (!peer_review_parse_scores(r->a, revs[i]->scores_json, rb->n, &scores, &comments))
			continue;
		json_t *crit = json_array();
		for (int k = 0; k < rb->n; k++)
			json_array_append_new(crit, json_pack("{s:s, s:i, s:i, s:s}", "criterion",
							      rb->names[k], "points", rb->points[k], "score",
							      scores[k], "comment", comments[k]));
		const char *who = revs[i]->staff ? "Teacher" : arena_printf(r->a, "Reviewer %d", ++peer_no);
		json_array_append_new(arr, json_pack("{s:s, s:b, s:i, s:o, s:o}", "reviewer", who, "staff",
						     revs[i]->staff, "percent", revs[i]->pct, "done_at",
						     instant(revs[i]->done_at), "criteria", crit));
	}
	return arr;
}

static json_t *rubric_json(const struct peer_rubric *rb)
{
	json_t *arr = json_array();
	for (int i = 0; i < rb->n; i++)
		json_array_append_new(
			arr, json_pack("{s:s, s:i}", "criterion", rb->names[i], "points", rb->points[i]));
	return arr;
}

static json_t *submission_json(struct req *r, const struct peer_submission *s, const struct peer_homework *hw,
			       const struct peer_rubric *rb, struct peer_review **revs, int n)
{
	json_t *file = json_null();
	if (*s->file_path)
		file = json_pack("{s:s, s:s, s:I, s:s}", "name", s->file_name, "type", s->file_type, "bytes",
				 (json_int_t)s->file_bytes, "url",
				 arena_printf(r->a, "/submissions/%lld/file", (long long)s->id));
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:i, s:i, s:o}", "id",
			 (json_int_t)s->id, "course", hw->course_slug, "homework", hw->slug, "exercise_id",
			 (json_int_t)hw->exercise_id, "title", hw->title, "answer", s->body, "file", file,
			 "submitted_at", instant(s->submitted_at), "state", s->state, "grade_percent",
			 s->grade_pct >= 0 ? json_integer(s->grade_pct) : json_null(), "graded_at",
			 instant(s->graded_at), "reviews_done", s->done, "reviews_required",
			 r->app->cfg->peer_reviews_required, "reviews",
			 revs ? reviews_json(r, rb, revs, n) : json_array());
}

void submissions_api_create(struct req *r)
{
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	const char *answer = json_field(r, "answer", errs);
	struct peer_submission *s = NULL;
	enum status st = errs->len ? ST_INVALID : ST_OK;
	if (st == ST_INVALID)
		g_string_assign(err, "some fields need attention");
	else
		st = peer_submit(req_ctx(r), r->params[0], r->params[1], answer, NULL, &s, errs, err);
	struct peer_view v;
	if (st == ST_OK)
		st = peer_homework_view(req_ctx(r), r->params[0], r->params[1], r->user->id, &v, err);
	if (st == ST_OK)
		respond_json(r, 201, submission_json(r, v.sub, v.hw, &v.rubric, v.reviews, v.n_reviews));
	else
		fail(r, st, err, errs);
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

void submission_api_get(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct peer_submission *s = NULL;
	struct peer_homework *hw = NULL;
	struct peer_review **revs = NULL;
	struct peer_rubric rb;
	int n = 0;
	int64_t id = peer_param_id(r, 0);
	enum status st = id ? peer_submission_get(req_ctx(r), id, &s, &hw, &revs, &n, err) : ST_NOTFOUND;
	if (!id)
		g_string_assign(err, "no such submission");
	if (st == ST_OK && peer_rubric_parse(r->a, hw->rubric_json, &rb)) {
		st = ST_IO;
		g_string_assign(err, "the homework's rubric is unusable");
	}
	if (st == ST_OK)
		respond_json(r, 200, submission_json(r, s, hw, &rb, revs, n));
	else
		fail(r, st, err, NULL);
	g_string_free(err, TRUE);
}

static json_t *review_json(struct req *r, const struct peer_review_view *v)
{
	json_t *sub = json_pack(
		"{s:I, s:s, s:o}", "id", (json_int_t)v->sub->id, "answer", v->sub->body, "file",
		*v->sub->file_path
			? json_pack("{s:s, s:s, s:s}", "name", v->sub->file_name, "type", v->sub->file_type,
				    "url",
				    arena_printf(r->a, "/submissions/%lld/file", (long long)v->sub->id))
			: json_null());
	json_t *crit = json_null();
	if (v->scores) {
		crit = json_array();
		for (int i = 0; i < v->rubric.n; i++)
			json_array_append_new(crit,
					      json_pack("{s:s, s:i, s:i, s:s}", "criterion",
							v->rubric.names[i], "points", v->rubric.points[i],
							"score", v->scores[i], "comment", v->comments[i]));
	}
	return json_pack("{s:I, s:s, s:b, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o}", "id",
			 (json_int_t)v->rev->id, "state", v->rev->state, "staff", v->rev->staff, "claimed_at",
			 instant(v->rev->claimed_at), "expires_at", instant(v->rev->expires_at), "course",
			 v->hw->course_slug, "homework", v->hw->slug, "statement", v->hw->statement_md,
			 "rubric", rubric_json(&v->rubric), "submission", sub, "criteria", crit);
}

static void answer_review(struct req *r, int64_t id, unsigned code, GString *err)
{
	struct peer_review_view v;
	enum status st = peer_review_open(req_ctx(r), id, &v, err);
	if (st == ST_OK)
		respond_json(r, code, review_json(r, &v));
	else
		fail(r, st, err, NULL);
}

void reviews_api_claim(struct req *r)
{
	GString *err = g_string_new(NULL);
	json_t *ex = r->json ? json_object_get(r->json, "exercise_id") : NULL;
	int64_t id = 0;
	if (ex && !json_is_integer(ex)) {
		respond_problem(r, ST_INVALID, "exercise_id must be an integer", NULL);
	} else {
		enum status st = peer_claim(req_ctx(r), ex ? json_integer_value(ex) : 0, &id, err);
		if (st == ST_OK)
			answer_review(r, id, 201, err);
		else
			fail(r, st, err, NULL);
	}
	g_string_free(err, TRUE);
}

void review_api_get(struct req *r)
{
	GString *err = g_string_new(NULL);
	int64_t id = peer_param_id(r, 0);
	if (id)
		answer_review(r, id, 200, err);
	else
		respond_problem(r, ST_NOTFOUND, "no such review", NULL);
	g_string_free(err, TRUE);
}

void review_api_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	GArray *errs = field_errors_new();
	int64_t id = peer_param_id(r, 0);
	json_t *crit = r->json ? json_object_get(r->json, "criteria") : NULL;
	if (!id) {
		respond_problem(r, ST_NOTFOUND, "no such review", NULL);
		goto cleanup;
	}
	if (!json_is_array(crit) || json_array_size(crit) > PEER_CRITERIA_MAX) {
		field_error_add(errs, "criteria",
				N_("Give the criteria as a list of {score, comment}, in the "
				   "rubric's order."));
		respond_problem(r, ST_INVALID, "criteria: a list of {score, comment} is required", errs);
		goto cleanup;
	}
	int n = (int)json_array_size(crit);
	struct peer_review_input *in = arena_alloc(r->a, sizeof(*in) * ((size_t)n + 1));
	for (int i = 0; i < n; i++) {
		json_t *e = json_array_get(crit, (size_t)i);
		json_t *sc = json_object_get(e, "score"), *cm = json_object_get(e, "comment");
		/* Strict: the score must be a JSON integer (1.5, "3", true are
		 * refused by the rule as not a whole number). */
		in[i].score =
			json_is_integer(sc) && json_integer_value(sc) >= 0 && json_integer_value(sc) < 1000
				? arena_printf(r->a, "%lld", (long long)json_integer_value(sc))
				: (sc ? "x" : NULL);
		in[i].comment = json_is_string(cm) ? arena_strdup(r->a, json_string_value(cm)) : NULL;
	}
	enum status st = peer_review_submit(req_ctx(r), id, in, n, errs, err);
	if (st == ST_OK)
		answer_review(r, id, 200, err);
	else
		fail(r, st, err, errs);
cleanup:
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}
