/* The learning JSON API: /api/v1/courses/{slug}/progress,
 * .../chapters/{chapter}/done and .../quizzes/{exercise}/attempts. Always
 * the caller's own progress: no user is named in these URLs. */
#include <stdio.h>

#include "base/dates.h"
#include "learning/learn.h"
#include "web/pages.h"
#include "web/pages_learn.h"

#include "base/banned.h"

static const char *kind_name(enum outline_kind k)
{
	return k == OUTLINE_CHAPTER ? "chapter" : k == OUTLINE_QUIZ ? "quiz" : "homework";
}

static json_t *progress_json(struct req *r, const struct learn_progress *p)
{
	json_t *items = json_array();
	for (size_t i = 0; i < p->cv->n_items; i++) {
		const struct outline_item *it = &p->cv->items[i];
		json_t *j =
			json_pack("{s:s, s:s, s:s, s:s}", "kind", kind_name(it->kind), "slug", it->slug,
				  "title", it->title, "url", learn_item_path(r->a, p->cv->course->slug, it));
		if (it->kind != OUTLINE_HOMEWORK)
			json_object_set_new(j, "done", json_boolean(p->item_done[i]));
		if (it->kind == OUTLINE_QUIZ)
			json_object_set_new(j, "best_score",
					    p->item_best[i] >= 0 ? json_integer(p->item_best[i])
								 : json_null());
		json_array_append_new(items, j);
	}
	return json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:s, s:o}", "course", p->cv->course->slug,
			 "chapters", p->chapters, "chapters_done", p->chapters_done, "quizzes", p->quizzes,
			 "quizzes_passed", p->quizzes_passed, "percent", p->percent, "resume", p->resume_path,
			 "items", items);
}

static void answer_progress(struct req *r, const char *slug)
{
	GString *err = g_string_new(NULL);
	struct learn_progress *p = NULL;
	enum status st = learn_progress(req_ctx(r), slug, &p, err);
	if (st == ST_OK)
		respond_json(r, 200, progress_json(r, p));
	else
		respond_error(r, st, err->str);
	g_string_free(err, TRUE);
}

void progress_api(struct req *r)
{
	answer_progress(r, r->params[0]);
}

void chapter_done_api(struct req *r)
{
	GString *err = g_string_new(NULL);
	enum status st = learn_chapter_done(req_ctx(r), r->params[0], r->params[1], err);
	if (st == ST_OK)
		answer_progress(r, r->params[0]);
	else
		respond_error(r, st, err->str);
	g_string_free(err, TRUE);
}

/* One JSON answer as the strings learn_quiz_mark reads; false when it has
 * a type no question takes. */
static bool value_of(struct req *r, json_t *x, const char **out)
{
	if (json_is_integer(x))
		*out = arena_printf(r->a, "%lld", (long long)json_integer_value(x));
	else if (json_is_real(x))
		*out = arena_printf(r->a, "%.15g", json_real_value(x));
	else if (json_is_string(x))
		*out = arena_strdup(r->a, json_string_value(x));
	else if (json_is_true(x) || json_is_false(x))
		*out = json_is_true(x) ? "true" : "false";
	else if (json_is_null(x))
		*out = "";
	else
		return false;
	return true;
}

/* "answers": one entry per question: null (unanswered), an index, a
 * boolean, a string or number (typed), or an array of those (several
 * choices; matching: one per left item, -1 or null for none). */
static bool json_answers(struct req *r, int n_questions, struct quiz_answer **out, int *n, const char **why)
{
	json_t *arr = r->json ? json_object_get(r->json, "answers") : NULL;
	if (!json_is_array(arr)) {
		*why = "give \"answers\": an array with one entry per question";
		return false;
	}
	if (json_array_size(arr) > (size_t)n_questions) {
		*why = arena_printf(r->a, "this quiz has %d questions", n_questions);
		return false;
	}
	*n = (int)json_array_size(arr);
	*out = arena_alloc(r->a, sizeof(**out) * ((size_t)*n + 1));
	for (int i = 0; i < *n; i++) {
		json_t *x = json_array_get(arr, (size_t)i);
		size_t nv = json_is_array(x) ? json_array_size(x) : json_is_null(x) ? 0 : 1;
		if (nv > QUIZ_MAX_VALUES) {
			*why = arena_printf(r->a, "answers[%d]: at most %d values", i, QUIZ_MAX_VALUES);
			return false;
		}
		const char **vals = arena_alloc(r->a, sizeof(char *) * (nv + 1));
		for (size_t j = 0; j < nv; j++) {
			json_t *v = json_is_array(x) ? json_array_get(x, j) : x;
			if (json_is_array(v) || json_is_object(v) || !value_of(r, v, &vals[j])) {
				*why = arena_printf(
					r->a, "answers[%d]: an index, a boolean, a string or a number", i);
				return false;
			}
		}
		(*out)[i] = (struct quiz_answer){vals, (int)nv};
	}
	return true;
}

static json_t *results_json(const struct learn_quiz_view *v, const struct quiz_result *res)
{
	json_t *a = json_array();
	for (int i = 0; i < v->n_questions; i++) {
		const struct gift_question *q = v->questions[i];
		json_t *j = json_pack("{s:b, s:b}", "marked", res[i].marked, "answered", res[i].answered);
		json_object_set_new(j, "score", res[i].marked ? json_integer(res[i].score) : json_null());
		json_object_set_new(j, "correct", json_boolean(res[i].marked && res[i].score >= 100));
		json_object_set_new(j, "feedback",
				    res[i].feedback ? json_string(res[i].feedback) : json_null());
		json_object_set_new(j, "general_feedback",
				    q->general_feedback ? json_string(q->general_feedback) : json_null());
		json_array_append_new(a, j);
	}
	return a;
}

void quiz_attempts_api_create(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct learn_quiz_view *v = NULL;
	struct learn_attempt_outcome out;
	struct quiz_answer *answers = NULL;
	int n = 0;
	const char *why = NULL;
	enum status st = learn_quiz_open(req_ctx(r), r->params[0], r->params[1], &v, err);
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		goto cleanup;
	}
	if (!json_answers(r, v->n_questions, &answers, &n, &why)) {
		GArray *errs = field_errors_new();
		field_error_add(errs, "answers",
				N_("Give one answer per question, in the order of the quiz."));
		respond_problem(r, ST_INVALID, why, errs);
		g_array_free(errs, TRUE);
		goto cleanup;
	}
	st = learn_quiz_attempt(req_ctx(r), v, answers, n, &out, err);
	if (st == ST_OK) {
		json_t *j = json_pack("{s:I, s:i, s:b, s:i, s:b, s:I, s:o}", "id", (json_int_t)out.id,
				      "score", out.score, "passed", out.passed, "best_score", out.best,
				      "best_passed", out.best_passed, "retry_after_seconds",
				      (json_int_t)out.wait_left, "questions", results_json(v, out.results));
		respond_json(r, 201, j);
	} else {
		if (st == ST_CONFLICT)
			http_add_header(r->h, "Retry-After",
					arena_printf(r->a, "%lld", (long long)out.wait_left));
		respond_error(r, st, err->str);
	}
cleanup:
	g_string_free(err, TRUE);
}

void quiz_attempts_api_list(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct learn_quiz_view *v = NULL;
	struct learn_attempt *list = NULL;
	size_t n = 0;
	enum status st = learn_quiz_open(req_ctx(r), r->params[0], r->params[1], &v, err);
	if (st == ST_OK)
		st = learn_quiz_attempts(req_ctx(r), v, &list, &n, err);
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		goto cleanup;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char at[32];
		dates_format_rfc3339(list[i].created_at, at, sizeof(at));
		json_t *scores = json_loads(list[i].results, 0, NULL);
		json_array_append_new(arr, json_pack("{s:I, s:i, s:b, s:s, s:o}", "id",
						     (json_int_t)list[i].id, "score", list[i].score, "passed",
						     list[i].passed, "created_at", at, "question_scores",
						     scores ? scores : json_array()));
	}
	respond_json(r, 200,
		     json_pack("{s:s, s:s, s:i, s:o, s:b, s:i, s:I, s:o}", "course", v->cv->course->slug,
			       "quiz", v->item->slug, "pass_mark", v->ex->pass_mark, "best_score",
			       v->best >= 0 ? json_integer(v->best) : json_null(), "passed", v->passed,
			       "attempts_count", v->attempts, "retry_after_seconds", (json_int_t)v->wait_left,
			       "attempts", arr));
cleanup:
	g_string_free(err, TRUE);
}
