/* /courses/{slug}/quizzes/{exercise} — a GIFT quiz as an accessible form
 * (a fieldset and legend per question), and an attempt marked at once:
 * score, per-question correctness and the GIFT feedback; the best score is
 * kept and a failed attempt starts the wait before the next one. */
#include <stdlib.h>
#include <string.h>

#include "learning/learn.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages_learn.h"

#include "base/banned.h"

/* Minutes to show for a wait in seconds (rounded up). */
static int64_t minutes_up(int64_t seconds)
{
	return (seconds + 59) / 60;
}

static int cmp_match(const void *x, const void *y)
{
	const struct gift_answer *a = *(const struct gift_answer *const *)x;
	const struct gift_answer *b = *(const struct gift_answer *const *)y;
	return g_utf8_collate(a->match, b->match);
}

/* The options of a matching question: each distinct right item once,
 * sorted so that their order gives nothing away; the value is the index of
 * the first answer with that right item. */
static void matching_select(struct req *r, const struct gift_question *q, int qi, int j)
{
	GString *o = r->h->out;
	const struct gift_answer **opts = arena_alloc(r->a, sizeof(*opts) * ((size_t)q->n_answers + 1));
	int n = 0;
	for (int k = 0; k < q->n_answers; k++) {
		bool seen = false;
		for (int l = 0; l < n; l++)
			seen = seen || strcmp(opts[l]->match, q->answers[k].match) == 0;
		if (!seen)
			opts[n++] = &q->answers[k];
	}
	qsort(opts, (size_t)n, sizeof(*opts), cmp_match);
	html_put(
		o,
		"<div class=\"match\"><label for=\"q%d-%d\">%s</label><select id=\"q%d-%d\" name=\"q%d-%d\">",
		qi, j, q->answers[j].text, qi, j, qi, j);
	html_put(o, "<option value=\"\">%s</option>", T(r, "Choose…"));
	for (int l = 0; l < n; l++)
		html_put(o, "<option value=\"%d\">%s</option>", (int)(opts[l] - q->answers), opts[l]->match);
	html_lit(o, "</select></div>");
}

static void question_fields(struct req *r, const struct gift_question *q, int qi)
{
	GString *o = r->h->out;
	switch (q->kind) {
	case GIFT_MULTICHOICE:
	case GIFT_TRUEFALSE:
	case GIFT_MULTIANSWER: {
		bool many = q->kind == GIFT_MULTIANSWER;
		if (many)
			html_put(o, "<p class=\"hint\">%s</p>", T(r, "Several answers may be right."));
		for (int j = 0; j < q->n_answers; j++) {
			const char *label = q->kind != GIFT_TRUEFALSE ? q->answers[j].text
					    : j == 0                  ? T(r, "True")
								      : T(r, "False");
			if (many)
				html_put(o,
					 "<div class=\"choice\"><input type=\"checkbox\" id=\"q%d-%d\" "
					 "name=\"q%d-%d\" "
					 "value=\"%d\"><label for=\"q%d-%d\">%s</label></div>",
					 qi, j, qi, j, j, qi, j, label);
			else
				html_put(o,
					 "<div class=\"choice\"><input type=\"radio\" id=\"q%d-%d\" "
					 "name=\"q%d\" "
					 "value=\"%d\"><label for=\"q%d-%d\">%s</label></div>",
					 qi, j, qi, j, qi, j, label);
		}
		break;
	}
	case GIFT_SHORTANSWER:
		html_put(o,
			 "<label for=\"q%d\">%s</label><input type=\"text\" id=\"q%d\" name=\"q%d\" "
			 "maxlength=\"%d\" "
			 "autocomplete=\"off\">",
			 qi, T(r, "Your answer"), qi, qi, QUIZ_MAX_VALUE_BYTES);
		break;
	case GIFT_NUMERIC:
		html_put(o,
			 "<label for=\"q%d\">%s</label><input type=\"text\" inputmode=\"decimal\" id=\"q%d\" "
			 "name=\"q%d\" maxlength=\"40\" autocomplete=\"off\">",
			 qi, T(r, "Your answer (a number)"), qi, qi);
		break;
	case GIFT_MATCHING:
		for (int j = 0; j < q->n_answers; j++)
			if (*q->answers[j].text)
				matching_select(r, q, qi, j);
		break;
	case GIFT_ESSAY:
		html_put(o, "<p class=\"hint\">%s</p>",
			 T(r, "This question is marked by a teacher; it does not count here."));
		break;
	}
}

/* The quiz page: standing, then the form (or the marked attempt above it). */
static void quiz_render(struct req *r, const struct learn_quiz_view *v,
			const struct learn_attempt_outcome *res, const char *alert)
{
	GString *o = r->h->out;
	page_begin(r, arena_printf(r->a, "%s · %s", v->item->title, v->cv->course->title));
	learn_breadcrumbs(r, v->cv, v->item->title);
	html_put(o, "<h1>%s</h1>", v->item->title);
	html_put(o, "<p class=\"hint\">%s</p>",
		 arena_printf(r->a, T(r, "%d questions · pass mark %d%%"), v->n_questions, v->ex->pass_mark));
	if (alert)
		html_put(o, "<div class=\"alert error\" role=\"alert\">%s</div>", alert);
	if (r->user && v->attempts > 0)
		html_put(o, "<p class=\"standing\">%s</p>",
			 arena_printf(r->a, T(r, "Best score: %d%% (%s) after %d attempt(s)."), v->best,
				      v->passed ? T(r, "passed") : T(r, "not passed yet"), v->attempts));
	if (res) {
		html_put(o,
			 "<section class=\"quiz-result\" aria-labelledby=\"result\"><h2 id=\"result\" "
			 "tabindex=\"-1\">%s</h2>",
			 arena_printf(r->a, T(r, "Your score: %d%%"), res->score));
		html_put(o, "<p class=\"%s\">%s</p>", res->passed ? "done" : "failed",
			 res->passed ? T(r, "Passed. Well done!") : T(r, "Not passed this time."));
		html_lit(o, "<ol class=\"marks\">");
		for (int i = 0; i < v->n_questions; i++) {
			const struct quiz_result *q = &res->results[i];
			const char *verdict =
				!q->marked        ? T(r, "marked by a teacher")
				: q->score >= 100 ? T(r, "correct")
				: q->score > 0 ? arena_printf(r->a, T(r, "partly correct (%d%%)"), q->score)
				: !q->answered ? T(r, "not answered")
					       : T(r, "incorrect");
			html_put(o, "<li class=\"%s\"><strong>%s</strong> %s",
				 q->score >= 100 ? "right" : "wrong",
				 v->questions[i]->title ? v->questions[i]->title
							: arena_printf(r->a, T(r, "Question %d"), i + 1),
				 verdict);
			if (q->feedback)
				html_put(o, "<p class=\"feedback\">%s</p>", q->feedback);
			if (v->questions[i]->general_feedback)
				html_put(o, "<p class=\"feedback\">%s</p>",
					 v->questions[i]->general_feedback);
			html_lit(o, "</li>");
		}
		html_lit(o, "</ol></section>");
	}
	if (r->user && v->wait_left > 0)
		html_put(o, "<p class=\"alert\" role=\"status\">%s</p>",
			 arena_printf(r->a, T(r, "After a failed attempt, you can try again in %lld min."),
				      (long long)minutes_up(v->wait_left)));
	html_put(o, "<form class=\"quiz\" method=\"post\" action=\"/courses/%s/quizzes/%s\">",
		 v->cv->course->slug, v->item->slug);
	form_csrf(r);
	for (int i = 0; i < v->n_questions; i++) {
		const struct gift_question *q = v->questions[i];
		html_put(
			o,
			"<fieldset class=\"question\" id=\"question-%d\"><legend><span>%s</span> %s</legend>",
			i, arena_printf(r->a, T(r, "Question %d"), i + 1), q->text);
		question_fields(r, q, i);
		html_lit(o, "</fieldset>");
	}
	if (r->user)
		html_put(o, "<button type=\"submit\">%s</button>", T(r, "Submit my answers"));
	else
		html_put(o, "<p><a class=\"button\" href=\"/signin?next=/courses/%s/quizzes/%s\">%s</a></p>",
			 v->cv->course->slug, v->item->slug, T(r, "Sign in to take this quiz"));
	html_lit(o, "</form>");
	learn_pager(r, &v->nav);
	page_end(r);
}

void quiz_page(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct learn_quiz_view *v = NULL;
	enum status st = learn_quiz_open(req_ctx(r), r->params[0], r->params[1], &v, err);
	if (st == ST_OK) {
		page_ok(r);
		quiz_render(r, v, NULL, NULL);
	} else {
		learn_not_found(r, v ? v->cv : NULL, st, err->str);
	}
	g_string_free(err, TRUE);
}

/* The form's answers: q{i} for one-value questions, q{i}-{j} for
 * checkboxes and matching selects. */
static struct quiz_answer *form_answers(struct req *r, const struct learn_quiz_view *v)
{
	struct quiz_answer *ans = arena_alloc(r->a, sizeof(*ans) * ((size_t)v->n_questions + 1));
	for (int i = 0; i < v->n_questions; i++) {
		const struct gift_question *q = v->questions[i];
		const char **vals = arena_alloc(r->a, sizeof(char *) * ((size_t)q->n_answers + 2));
		int n = 0;
		if (q->kind == GIFT_MULTIANSWER || q->kind == GIFT_MATCHING) {
			for (int j = 0; j < q->n_answers; j++) {
				const char *x = http_form(r->h, arena_printf(r->a, "q%d-%d", i, j));
				if (q->kind == GIFT_MATCHING)
					vals[n++] = x ? x : "";
				else if (x)
					vals[n++] = x;
			}
		} else {
			const char *x = http_form(r->h, arena_printf(r->a, "q%d", i));
			if (x)
				vals[n++] = x;
		}
		ans[i] = (struct quiz_answer){vals, n};
	}
	return ans;
}

void quiz_post(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct learn_quiz_view *v = NULL;
	struct learn_attempt_outcome out;
	enum status st = learn_quiz_open(req_ctx(r), r->params[0], r->params[1], &v, err);
	if (st != ST_OK) {
		learn_not_found(r, v ? v->cv : NULL, st, err->str);
		goto cleanup;
	}
	st = learn_quiz_attempt(req_ctx(r), v, form_answers(r, v), v->n_questions, &out, err);
	if (st == ST_OK) {
		page_ok(r);
		quiz_render(r, v, &out, NULL);
	} else if (st == ST_CONFLICT) {
		page_ok(r);
		r->h->status = 409;
		v->wait_left = out.wait_left;
		quiz_render(
			r, v, NULL,
			arena_printf(
				r->a,
				T(r, "This attempt was not recorded: after a failed attempt, wait %lld more "
				     "min before the next one."),
				(long long)minutes_up(out.wait_left)));
	} else if (st == ST_INVALID) {
		page_ok(r);
		r->h->status = 422;
		quiz_render(r, v, NULL,
			    T(r, "Some answers could not be read. Please check them and try again."));
	} else {
		respond_error(r, st, err->str);
	}
cleanup:
	g_string_free(err, TRUE);
}
