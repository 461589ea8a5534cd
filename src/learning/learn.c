/* Use cases of learning (see learn.h). */
#include "learning/learn.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"

#include "base/banned.h"

enum { ATTEMPT_MAX_JSON = 32 * 1024, ATTEMPTS_LISTED = 50 };

/* The platform zone (config); the caller unrefs it. */
static GTimeZone *platform_tz(const struct ctx *c)
{
	GTimeZone *tz = c->cfg && c->cfg->timezone ? g_time_zone_new_identifier(c->cfg->timezone) : NULL;
	return tz ? tz : g_time_zone_new_utc();
}

/* CRS-4: a course is readable from its opening date, a local date. */
static bool course_open_now(const struct ctx *c, const char *opens_on)
{
	int y, m, d;
	GTimeZone *tz = platform_tz(c);
	dates_local_ymd(tz, c->now, &y, &m, &d);
	g_time_zone_unref(tz);
	return learn_course_is_open(opens_on, y, m, d);
}

enum status learn_course_load(struct ctx *c, const char *slug, struct learn_course_view **out, GString *err)
{
	struct learn_course_view *v = arena_alloc(c->a, sizeof(*v));
	memset(v, 0, sizeof(*v));
	struct chapter **chs = NULL;
	int nch = 0, nex = 0;
	enum status st = store_course_by_slug(c->db, c->a, slug ? slug : "", &v->course, err);
	if (st == ST_OK)
		st = store_chapters_of_course(c->db, c->a, v->course->id, false, &chs, &nch, err);
	if (st == ST_OK)
		st = store_exercises_of_course(c->db, c->a, v->course->id, &v->exercises, &nex, err);
	if (st != ST_OK)
		return st;
	v->n_exercises = (size_t)nex;
	struct outline_chapter *ch = arena_alloc(c->a, sizeof(*ch) * ((size_t)nch + 1));
	for (int i = 0; i < nch; i++)
		ch[i] = (struct outline_chapter){chs[i]->id, chs[i]->slug, chs[i]->title, chs[i]->position};
	struct outline_exercise *ex = arena_alloc(c->a, sizeof(*ex) * (v->n_exercises + 1));
	for (size_t i = 0; i < v->n_exercises; i++) {
		const struct exercise *e = v->exercises[i];
		ex[i] = (struct outline_exercise){e->id,   e->slug,          e->title,
						  e->kind, e->after_chapter, e->position};
	}
	v->items = arena_alloc(c->a, sizeof(*v->items) * ((size_t)nch + v->n_exercises + 1));
	v->n_items = learn_outline(ch, (size_t)nch, ex, v->n_exercises, v->items);
	v->open = course_open_now(c, v->course->opens_on);
	*out = v;
	return ST_OK;
}

/* Loads the course and finds the item; a closed course is ST_NOTFOUND
 * with the date in err (CRS-4) and *cv still set. */
static enum status find_item(struct ctx *c, const char *course_slug, enum outline_kind kind, const char *slug,
			     struct learn_course_view **cv, int *index, GString *err)
{
	enum status st = learn_course_load(c, course_slug, cv, err);
	if (st != ST_OK)
		return st;
	if (!(*cv)->open) {
		if (err)
			g_string_printf(err, "this course opens on %s", (*cv)->course->opens_on);
		return ST_NOTFOUND;
	}
	*index = learn_outline_find((*cv)->items, (*cv)->n_items, kind, slug);
	if (*index < 0) {
		if (err)
			g_string_assign(err, kind == OUTLINE_CHAPTER ? "no such chapter in this course"
								     : "no such quiz in this course");
		return ST_NOTFOUND;
	}
	return ST_OK;
}

static struct learn_nav nav_of(struct ctx *c, const struct learn_course_view *cv, int index)
{
	struct learn_nav n = {0};
	if (index > 0) {
		n.prev = &cv->items[index - 1];
		n.prev_path = learn_item_path(c->a, cv->course->slug, n.prev);
	}
	if ((size_t)index + 1 < cv->n_items) {
		n.next = &cv->items[index + 1];
		n.next_path = learn_item_path(c->a, cv->course->slug, n.next);
	}
	return n;
}

enum status learn_chapter_open(struct ctx *c, const char *course_slug, const char *chapter_slug,
			       struct learn_chapter_view **out, GString *err)
{
	struct learn_chapter_view *v = arena_alloc(c->a, sizeof(*v));
	memset(v, 0, sizeof(*v));
	*out = v;
	enum status st = find_item(c, course_slug, OUTLINE_CHAPTER, chapter_slug, &v->cv, &v->index, err);
	if (st != ST_OK)
		return st;
	v->item = &v->cv->items[v->index];
	v->nav = nav_of(c, v->cv, v->index);
	struct chapter *body = NULL;
	st = store_chapter_by_id(c->db, c->a, v->item->id, &body, err);
	if (st != ST_OK)
		return st;
	v->body_html = body->body_html;
	v->minutes = body->minutes;
	struct video **all = NULL;
	int nall = 0;
	st = store_videos_of_course(c->db, c->a, v->cv->course->id, &all, &nall, err);
	if (st != ST_OK)
		return st;
	v->videos = arena_alloc(c->a, sizeof(*v->videos) * ((size_t)nall + 1));
	for (int i = 0; i < nall; i++)
		if (strcmp(all[i]->chapter_slug, v->item->slug) == 0)
			v->videos[v->n_videos++] = all[i];
	if (!c->actor)
		return ST_OK;
	int64_t *done = NULL;
	size_t n = 0;
	st = store_learn_done_list(c->db, c->a, c->actor->id, v->cv->course->id, &done, &n, err);
	for (size_t i = 0; st == ST_OK && i < n; i++)
		if (done[i] == v->item->id)
			v->done = true;
	if (st == ST_OK)
		st = store_learn_position_set(c->db, c->actor->id, v->cv->course->id, "chapter",
					      v->item->slug, c->now, err);
	return st;
}

static enum status need_actor(const struct ctx *c, GString *err)
{
	if (c->actor)
		return ST_OK;
	if (err)
		g_string_assign(err, "sign in to keep your progress");
	return ST_UNAUTHORIZED;
}

enum status learn_chapter_done(struct ctx *c, const char *course_slug, const char *chapter_slug, GString *err)
{
	enum status st = need_actor(c, err);
	struct learn_course_view *cv = NULL;
	int index = -1;
	if (st == ST_OK)
		st = find_item(c, course_slug, OUTLINE_CHAPTER, chapter_slug, &cv, &index, err);
	if (st == ST_OK)
		st = store_learn_done(c->db, c->actor->id, cv->course->id, cv->items[index].id, c->now, err);
	return st;
}

/* The path to resume at: the saved position when it is still in the
 * outline, else the first item, else the course page. */
static enum status resume_path(struct ctx *c, const struct learn_course_view *cv, char **path, GString *err)
{
	char *kind = NULL, *slug = NULL;
	if (c->actor) {
		enum status st = store_learn_position_get(c->db, c->a, c->actor->id, cv->course->id, &kind,
							  &slug, err);
		if (st != ST_OK)
			return st;
	}
	int i = -1;
	if (kind)
		i = learn_outline_find(cv->items, cv->n_items,
				       strcmp(kind, "quiz") == 0 ? OUTLINE_QUIZ : OUTLINE_CHAPTER, slug);
	if (i < 0 && cv->n_items > 0)
		i = 0;
	*path = i >= 0 ? learn_item_path(c->a, cv->course->slug, &cv->items[i])
		       : arena_printf(c->a, "/courses/%s", cv->course->slug);
	return ST_OK;
}

enum status learn_resume(struct ctx *c, const char *course_slug, char **path, GString *err)
{
	struct learn_course_view *cv = NULL;
	enum status st = learn_course_load(c, course_slug, &cv, err);
	if (st == ST_OK && !cv->open) {
		if (err)
			g_string_printf(err, "this course opens on %s", cv->course->opens_on);
		st = ST_NOTFOUND;
	}
	return st == ST_OK ? resume_path(c, cv, path, err) : st;
}

enum status learn_progress(struct ctx *c, const char *course_slug, struct learn_progress **out, GString *err)
{
	enum status st = need_actor(c, err);
	struct learn_progress *p = arena_alloc(c->a, sizeof(*p));
	memset(p, 0, sizeof(*p));
	struct learn_progress_row *row = NULL;
	int64_t *done = NULL, *quiz_ids = NULL;
	int *bests = NULL;
	size_t ndone = 0, nbest = 0;
	if (st == ST_OK)
		st = learn_course_load(c, course_slug, &p->cv, err);
	if (st == ST_OK)
		st = store_learn_progress_one(c->db, c->a, c->actor->id, p->cv->course->id, &row, err);
	if (st == ST_OK)
		st = store_learn_done_list(c->db, c->a, c->actor->id, p->cv->course->id, &done, &ndone, err);
	if (st == ST_OK)
		st = store_learn_quiz_bests(c->db, c->a, c->actor->id, p->cv->course->id, &quiz_ids, &bests,
					    &nbest, err);
	if (st == ST_OK)
		st = resume_path(c, p->cv, &p->resume_path, err);
	if (st != ST_OK)
		return st;
	p->chapters = row->chapters;
	p->chapters_done = row->chapters_done;
	p->quizzes = row->quizzes;
	p->quizzes_passed = row->quizzes_passed;
	p->percent = learn_percent(p->chapters_done + p->quizzes_passed, p->chapters + p->quizzes);
	size_t n = p->cv->n_items;
	p->item_done = arena_alloc(c->a, sizeof(bool) * (n + 1));
	p->item_best = arena_alloc(c->a, sizeof(int) * (n + 1));
	for (size_t i = 0; i < n; i++) {
		const struct outline_item *it = &p->cv->items[i];
		p->item_done[i] = false;
		p->item_best[i] = -1;
		if (it->kind == OUTLINE_CHAPTER) {
			for (size_t j = 0; j < ndone; j++)
				if (done[j] == it->id)
					p->item_done[i] = true;
		} else if (it->kind == OUTLINE_QUIZ) {
			for (size_t j = 0; j < nbest; j++)
				if (quiz_ids[j] == it->id)
					p->item_best[i] = bests[j];
			for (size_t j = 0; j < p->cv->n_exercises; j++)
				if (p->cv->exercises[j]->id == it->id &&
				    p->item_best[i] >= p->cv->exercises[j]->pass_mark)
					p->item_done[i] = true;
		}
	}
	*out = p;
	return ST_OK;
}

/* The wait left before the actor's next attempt at a quiz. */
static enum status wait_left(struct ctx *c, int64_t exercise_id, int64_t *left, GString *err)
{
	bool found = false, passed = false;
	int64_t at = 0;
	enum status st =
		store_learn_attempt_last(c->db, c->actor->id, exercise_id, &found, &at, &passed, err);
	if (st == ST_OK)
		*left = learn_retry_wait_left(found, passed, at, c->cfg->quiz_retry_wait_minutes, c->now);
	return st;
}

enum status learn_quiz_open(struct ctx *c, const char *course_slug, const char *quiz_slug,
			    struct learn_quiz_view **out, GString *err)
{
	struct learn_quiz_view *v = arena_alloc(c->a, sizeof(*v));
	memset(v, 0, sizeof(*v));
	v->best = -1;
	*out = v;
	enum status st = find_item(c, course_slug, OUTLINE_QUIZ, quiz_slug, &v->cv, &v->index, err);
	if (st != ST_OK)
		return st;
	v->item = &v->cv->items[v->index];
	v->nav = nav_of(c, v->cv, v->index);
	for (size_t i = 0; i < v->cv->n_exercises; i++)
		if (v->cv->exercises[i]->id == v->item->id)
			v->ex = v->cv->exercises[i];
	const char *source = v->ex->source;
	/* The import validated the file; a question that no longer parses is
	 * left out rather than making the whole quiz unusable. */
	gift_parse(c->a, v->ex->slug, source, strlen(source), &v->questions, &v->n_questions, NULL);
	if (v->n_questions > QUIZ_MAX_QUESTIONS)
		v->n_questions = QUIZ_MAX_QUESTIONS;
	if (!c->actor)
		return ST_OK;
	st = store_learn_attempt_best(c->db, c->actor->id, v->item->id, &v->best, &v->attempts, err);
	if (st == ST_OK)
		st = wait_left(c, v->item->id, &v->wait_left, err);
	if (st == ST_OK)
		st = store_learn_position_set(c->db, c->actor->id, v->cv->course->id, "quiz", v->item->slug,
					      c->now, err);
	v->passed = v->best >= 0 && v->best >= v->ex->pass_mark;
	return st;
}

/* The answers and per-question scores as the JSON texts stored with an
 * attempt; ST_INVALID when the answers are larger than an attempt may be. */
static enum status attempt_json(struct ctx *c, const struct quiz_answer *answers, int n_answers, int n,
				const struct quiz_result *res, struct learn_attempt *at, GString *err)
{
	json_t *ans = json_array(), *sc = json_array();
	for (int i = 0; i < n; i++) {
		json_t *vals = json_array();
		for (int j = 0; i < n_answers && j < answers[i].n_values; j++)
			json_array_append_new(vals, json_string(answers[i].values[j]));
		json_array_append_new(ans, vals);
		json_array_append_new(sc, res[i].marked ? json_integer(res[i].score) : json_null());
	}
	char *a = json_dumps(ans, JSON_COMPACT), *s = json_dumps(sc, JSON_COMPACT);
	json_decref(ans);
	json_decref(sc);
	enum status st = ST_OK;
	if (!a || !s || strlen(a) > ATTEMPT_MAX_JSON) {
		if (err)
			g_string_printf(err, "the answers of an attempt take at most %d KiB",
					ATTEMPT_MAX_JSON / 1024);
		st = ST_INVALID;
	} else {
		at->answers = arena_strdup(c->a, a);
		at->results = arena_strdup(c->a, s);
	}
	free(a);
	free(s);
	return st;
}

enum status learn_quiz_attempt(struct ctx *c, struct learn_quiz_view *view, const struct quiz_answer *answers,
			       int n_answers, struct learn_attempt_outcome *out, GString *err)
{
	memset(out, 0, sizeof(*out));
	enum status st = need_actor(c, err);
	if (st != ST_OK)
		return st;
	if (n_answers < 0 || n_answers > view->n_questions) {
		if (err)
			g_string_printf(err, "this quiz has %d questions", view->n_questions);
		return ST_INVALID;
	}
	/* Every answer gets a slot, so that marking sees unanswered ones. */
	struct quiz_answer *all = arena_alloc(c->a, sizeof(*all) * ((size_t)view->n_questions + 1));
	for (int i = 0; i < view->n_questions; i++)
		all[i] = i < n_answers ? answers[i] : (struct quiz_answer){NULL, 0};
	out->results = arena_alloc(c->a, sizeof(*out->results) * ((size_t)view->n_questions + 1));
	struct learn_attempt at = {.created_at = c->now};
	st = learn_quiz_mark(c->a, view->questions, view->n_questions, all, out->results, &at.score, err);
	if (st == ST_OK)
		st = attempt_json(c, all, view->n_questions, view->n_questions, out->results, &at, err);
	if (st != ST_OK)
		return st;
	at.passed = at.score >= view->ex->pass_mark;

	st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	int64_t left = 0;
	st = store_learn_lock_user(c->db, c->actor->id, err);
	if (st == ST_OK)
		st = wait_left(c, view->item->id, &left, err);
	if (st == ST_OK && left > 0) {
		/* Nothing is recorded and nothing of the marking is shown. */
		out->wait_left = left;
		if (err)
			g_string_printf(err,
					"after a failed attempt, wait %lld more seconds before the next one",
					(long long)left);
		st = ST_CONFLICT;
	}
	if (st == ST_OK)
		st = store_learn_attempt_insert(c->db, c->actor->id, view->item->id, view->cv->course->id,
						&at, &out->id, err);
	if (st == ST_OK)
		st = store_learn_attempt_best(c->db, c->actor->id, view->item->id, &out->best, NULL, err);
	if (st == ST_OK)
		st = db_commit(c->db, err);
	else
		db_rollback(c->db);
	if (st != ST_OK)
		return st;
	out->score = at.score;
	out->passed = at.passed;
	out->best_passed = out->best >= view->ex->pass_mark;
	out->wait_left =
		learn_retry_wait_left(true, at.passed, c->now, c->cfg->quiz_retry_wait_minutes, c->now);
	view->best = out->best;
	view->attempts++;
	view->passed = out->best_passed;
	view->wait_left = out->wait_left;
	return ST_OK;
}

enum status learn_quiz_attempts(struct ctx *c, const struct learn_quiz_view *view, struct learn_attempt **out,
				size_t *n, GString *err)
{
	enum status st = need_actor(c, err);
	if (st != ST_OK)
		return st;
	return store_learn_attempt_list(c->db, c->a, c->actor->id, view->item->id, ATTEMPTS_LISTED, out, n,
					err);
}

enum status learn_quiz_best(struct ctx *c, int64_t user_id, int64_t exercise_id, int *pct, bool *passed,
			    GString *err)
{
	*pct = 0;
	*passed = false;
	if (c->actor && c->actor->id != user_id &&
	    !(c->actor->roles & (ROLE_STAFF | ROLE_ADMIN | ROLE_EXAM_BOARD))) {
		if (err)
			g_string_assign(err, "only the learner or staff may read these scores");
		return ST_FORBIDDEN;
	}
	int pass_mark = 0, best = -1;
	enum status st = store_learn_quiz_pass_mark(c->db, exercise_id, &pass_mark, err);
	if (st == ST_OK)
		st = store_learn_attempt_best(c->db, user_id, exercise_id, &best, NULL, err);
	if (st == ST_OK && best >= 0) {
		*pct = best;
		*passed = best >= pass_mark;
	}
	return st;
}

/* The chart's calendar for now, kept per thread while the local day and
 * the zone stay the same (perf: computing it takes about 170 zone
 * conversions; a day's requests share one). Copied into out. */
static void chart_calendar(const struct ctx *c, struct learn_calendar *out)
{
	static _Thread_local struct learn_calendar cal;
	static _Thread_local char zone[128];
	const char *want = c->cfg && c->cfg->timezone ? c->cfg->timezone : "";
	if (cal.ndays != LEARN_CHART_DAYS || strcmp(zone, want) || c->now < cal.start[LEARN_CHART_DAYS - 1] ||
	    c->now >= cal.start[LEARN_CHART_DAYS]) {
		GTimeZone *tz = platform_tz(c);
		learn_calendar_make(tz, c->now, LEARN_CHART_DAYS, &cal);
		g_time_zone_unref(tz);
		/* A zone name too long for the buffer is never taken as the
		 * same (want is not empty then): made again at every call. */
		g_strlcpy(zone, strlen(want) < sizeof(zone) ? want : "", sizeof(zone));
	}
	*out = cal;
}

enum status learn_dashboard(struct ctx *c, struct learn_dashboard **out, GString *err)
{
	enum status st = need_actor(c, err);
	if (st != ST_OK)
		return st;
	struct learn_dashboard *d = arena_alloc(c->a, sizeof(*d));
	memset(d, 0, sizeof(*d));
	chart_calendar(c, &d->cal);
	const struct learn_calendar *cal = &d->cal;
	struct learn_progress_row *rows = NULL;
	int64_t *times = NULL;
	size_t ntimes = 0;
	/* Two reads, one snapshot and WAL lock on SQLite (perf). */
	db_read_begin(c->db);
	st = store_learn_progress_all(c->db, c->a, c->actor->id, &rows, &d->n_courses, err);
	if (st == ST_OK)
		st = store_learn_activity(c->db, c->a, c->actor->id, cal->start[0], &times, &ntimes, err);
	db_read_end(c->db);
	if (st != ST_OK)
		return st;
	/* CRS-4 against today's local date, from the calendar. */
	int ty = cal->y[LEARN_CHART_DAYS - 1], tm = cal->m[LEARN_CHART_DAYS - 1],
	    td = cal->d[LEARN_CHART_DAYS - 1];
	d->courses = arena_alloc(c->a, sizeof(*d->courses) * (d->n_courses + 1));
	for (size_t i = 0; i < d->n_courses; i++) {
		struct learn_course_progress *p = &d->courses[i];
		p->row = rows[i];
		p->percent = learn_percent(rows[i].chapters_done + rows[i].quizzes_passed,
					   rows[i].chapters + rows[i].quizzes);
		p->open = learn_course_is_open(rows[i].opens_on, ty, tm, td);
		p->resume_path = arena_printf(c->a, "/courses/%s/resume", rows[i].slug);
	}
	for (size_t i = 0; i < ntimes; i++) {
		int k = learn_calendar_index(cal, times[i]);
		if (k >= 0) {
			d->counts[k]++;
			d->total++;
		}
	}
	for (int k = 0; k < LEARN_CHART_DAYS; k++) {
		d->noon[k] = cal->noon[k];
		if (d->counts[k] > d->max_count)
			d->max_count = d->counts[k];
	}
	*out = d;
	return ST_OK;
}
