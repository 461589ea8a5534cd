/* Pure rules of learning (see learn_rules.h). */
#include "learning/learn_rules.h"

#include <stdlib.h>
#include <string.h>

#include "base/dates.h"

#include "base/banned.h"

static int by_chapter_position(const void *x, const void *y)
{
	const struct outline_chapter *a = *(const struct outline_chapter *const *)x;
	const struct outline_chapter *b = *(const struct outline_chapter *const *)y;
	return (a->position > b->position) - (a->position < b->position);
}

static int by_exercise_position(const void *x, const void *y)
{
	const struct outline_exercise *a = *(const struct outline_exercise *const *)x;
	const struct outline_exercise *b = *(const struct outline_exercise *const *)y;
	return (a->position > b->position) - (a->position < b->position);
}

static struct outline_item exercise_item(const struct outline_exercise *e)
{
	return (struct outline_item){g_strcmp0(e->kind, "homework") == 0 ? OUTLINE_HOMEWORK : OUTLINE_QUIZ,
				     e->id, e->slug, e->title};
}

size_t learn_outline(const struct outline_chapter *ch, size_t nch, const struct outline_exercise *ex,
		     size_t nex, struct outline_item *out)
{
	/* Sort pointers, not the caller's arrays; qsort is not stable, so
	 * equal positions (not produced by the import) keep no promised order. */
	const struct outline_chapter **cs = g_new(const struct outline_chapter *, nch + 1);
	const struct outline_exercise **es = g_new(const struct outline_exercise *, nex + 1);
	bool *placed = g_new0(bool, nex + 1);
	for (size_t i = 0; i < nch; i++)
		cs[i] = &ch[i];
	for (size_t i = 0; i < nex; i++)
		es[i] = &ex[i];
	qsort(cs, nch, sizeof(*cs), by_chapter_position);
	qsort(es, nex, sizeof(*es), by_exercise_position);
	size_t n = 0;
	for (size_t i = 0; i < nch; i++) {
		out[n++] = (struct outline_item){OUTLINE_CHAPTER, cs[i]->id, cs[i]->slug, cs[i]->title};
		for (size_t j = 0; j < nex; j++) {
			if (!placed[j] && es[j]->after && *es[j]->after &&
			    strcmp(es[j]->after, cs[i]->slug) == 0) {
				out[n++] = exercise_item(es[j]);
				placed[j] = true;
			}
		}
	}
	for (size_t j = 0; j < nex; j++)
		if (!placed[j])
			out[n++] = exercise_item(es[j]);
	g_free(cs);
	g_free(es);
	g_free(placed);
	return n;
}

int learn_outline_find(const struct outline_item *items, size_t n, enum outline_kind kind, const char *slug)
{
	for (size_t i = 0; i < n && i < INT32_MAX; i++)
		if (items[i].kind == kind && g_strcmp0(items[i].slug, slug) == 0)
			return (int)i;
	return -1;
}

char *learn_item_path(struct arena *a, const char *course_slug, const struct outline_item *it)
{
	const char *part = it->kind == OUTLINE_CHAPTER ? "chapters"
			   : it->kind == OUTLINE_QUIZ  ? "quizzes"
						       : "homework";
	return arena_printf(a, "/courses/%s/%s/%s", course_slug, part, it->slug);
}

int learn_percent(int done, int total)
{
	if (total <= 0 || done <= 0)
		return 0;
	if (done > total)
		done = total;
	return (int)((int64_t)done * 100 / total);
}

int64_t learn_retry_wait_left(bool has_last, bool last_passed, int64_t last_at, int wait_minutes, int64_t now)
{
	if (!has_last || last_passed || wait_minutes <= 0)
		return 0;
	int64_t until = last_at + (int64_t)wait_minutes * 60;
	return now < until ? until - now : 0;
}

bool learn_course_is_open(const char *opens_on, int y, int m, int d)
{
	if (!opens_on || !*opens_on)
		return true;
	int oy, om, od;
	if (!dates_parse_ymd(opens_on, &oy, &om, &od))
		return false;
	return y * 10000 + m * 100 + d >= oy * 10000 + om * 100 + od;
}

static int64_t julian_day(GTimeZone *tz, int64_t t)
{
	int y, m, d;
	dates_local_ymd(tz, t, &y, &m, &d);
	GDate *g = g_date_new_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
	int64_t j = g_date_get_julian(g);
	g_date_free(g);
	return j;
}

int learn_day_index(GTimeZone *tz, int64_t now, int64_t t, int ndays)
{
	if (ndays <= 0)
		return -1;
	int64_t diff = julian_day(tz, now) - julian_day(tz, t);
	if (diff < 0 || diff >= ndays)
		return -1;
	return ndays - 1 - (int)diff;
}

/* The first instant of local day y-m-d: midnight, or the end of a DST gap
 * that swallows midnight (GLib moves a time in a gap forward). */
static int64_t day_start(GTimeZone *tz, GDate *day)
{
	GDateTime *dt = g_date_time_new(tz, g_date_get_year(day), g_date_get_month(day), g_date_get_day(day),
					0, 0, 0);
	int64_t t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

void learn_calendar_make(GTimeZone *tz, int64_t now, int ndays, struct learn_calendar *cal)
{
	g_assert(ndays >= 1 && ndays <= LEARN_CALENDAR_MAX_DAYS);
	memset(cal, 0, sizeof(*cal));
	cal->ndays = ndays;
	int y, m, d;
	dates_local_ymd(tz, now, &y, &m, &d);
	GDate *day = g_date_new_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
	g_date_subtract_days(day, (guint)(ndays - 1));
	for (int k = 0; k < ndays; k++) {
		cal->y[k] = g_date_get_year(day);
		cal->m[k] = g_date_get_month(day);
		cal->d[k] = g_date_get_day(day);
		cal->start[k] = day_start(tz, day);
		GDateTime *dt = g_date_time_new(tz, cal->y[k], cal->m[k], cal->d[k], 12, 0, 0);
		cal->noon[k] = g_date_time_to_unix(dt);
		g_date_time_unref(dt);
		g_date_add_days(day, 1);
	}
	cal->start[ndays] = day_start(tz, day);
	g_date_free(day);
}

int learn_calendar_index(const struct learn_calendar *cal, int64_t t)
{
	if (cal->ndays <= 0 || t < cal->start[0] || t >= cal->start[cal->ndays])
		return -1;
	int lo = 0, hi = cal->ndays - 1; /* the last k with start[k] <= t */
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (cal->start[mid] <= t)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* A whole decimal index 0..limit-1 ("-1" and "" are none: -1); -2 when
 * the value is no such index. */
static int parse_index(const char *s, int limit)
{
	if (!*s || strcmp(s, "-1") == 0)
		return -1;
	int v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || p - s >= 4)
			return -2;
		v = v * 10 + (*p - '0');
	}
	return v < limit ? v : -2;
}

static enum status mark_one(struct arena *a, const struct gift_question *q, const struct quiz_answer *ans,
			    int qno, struct quiz_result *res, GString *err)
{
	int *choices = arena_alloc(a, sizeof(int) * (size_t)(q->n_answers + 1));
	struct gift_response resp = {choices, 0, NULL};
	int nv = ans ? ans->n_values : 0;
	switch (q->kind) {
	case GIFT_MULTICHOICE:
	case GIFT_TRUEFALSE:
	case GIFT_MULTIANSWER:
		if (nv > q->n_answers || (q->kind != GIFT_MULTIANSWER && nv > 1))
			goto bad;
		for (int i = 0; i < nv; i++) {
			const char *v = ans->values[i];
			int c = q->kind == GIFT_TRUEFALSE && strcmp(v, "true") == 0 ? 0
				: q->kind == GIFT_TRUEFALSE && strcmp(v, "false") == 0
					? 1
					: parse_index(v, q->n_answers);
			if (c == -2)
				goto bad;
			if (c >= 0)
				choices[resp.n_choices++] = c;
		}
		break;
	case GIFT_SHORTANSWER:
	case GIFT_NUMERIC:
		if (nv > 1)
			goto bad;
		if (nv == 1 && *ans->values[0])
			resp.text = ans->values[0];
		break;
	case GIFT_MATCHING:
		if (nv > q->n_answers)
			goto bad;
		resp.n_choices = q->n_answers;
		for (int i = 0; i < q->n_answers; i++) {
			int c = i < nv ? parse_index(ans->values[i], q->n_answers) : -1;
			if (c == -2)
				goto bad;
			/* A distractor has no left item: nothing can be put against it. */
			choices[i] = *q->answers[i].text ? c : -1;
		}
		break;
	case GIFT_ESSAY: res->marked = false; return ST_OK;
	}
	res->marked = true;
	res->answered = resp.text != NULL;
	for (int i = 0; i < resp.n_choices; i++)
		if (choices[i] >= 0)
			res->answered = true;
	if (gift_mark(a, q, &resp, &res->score, &res->feedback) == ST_OK)
		return ST_OK;
	if (q->kind == GIFT_NUMERIC && resp.text) {
		if (err)
			g_string_printf(err, "question %d: not a number", qno);
		return ST_INVALID;
	}
bad:
	if (err)
		g_string_printf(err, "question %d: not an answer of this question", qno);
	return ST_INVALID;
}

enum status learn_quiz_mark(struct arena *a, struct gift_question *const *questions, int n,
			    const struct quiz_answer *answers, struct quiz_result *results, int *score,
			    GString *err)
{
	*score = 0;
	if (n < 0 || n > QUIZ_MAX_QUESTIONS) {
		if (err)
			g_string_printf(err, "a quiz has at most %d questions", QUIZ_MAX_QUESTIONS);
		return ST_INVALID;
	}
	int64_t sum = 0;
	int marked = 0;
	for (int i = 0; i < n; i++) {
		const struct quiz_answer *ans = answers ? &answers[i] : NULL;
		results[i] = (struct quiz_result){0};
		if (ans && (ans->n_values < 0 || ans->n_values > QUIZ_MAX_VALUES)) {
			if (err)
				g_string_printf(err, "question %d: too many values", i + 1);
			return ST_INVALID;
		}
		for (int v = 0; ans && v < ans->n_values; v++) {
			const char *s = ans->values[v];
			if (!s || strlen(s) > QUIZ_MAX_VALUE_BYTES || !g_utf8_validate(s, -1, NULL)) {
				if (err)
					g_string_printf(
						err,
						"question %d: an answer is longer than %d bytes or not UTF-8",
						i + 1, QUIZ_MAX_VALUE_BYTES);
				return ST_INVALID;
			}
		}
		enum status st = mark_one(a, questions[i], ans, i + 1, &results[i], err);
		if (st != ST_OK)
			return st;
		if (results[i].marked) {
			sum += results[i].score;
			marked++;
		}
	}
	*score = marked ? (int)((2 * sum + marked) / (2 * marked)) : 0;
	return ST_OK;
}
