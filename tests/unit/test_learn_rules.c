/* Unit tests of src/learning/learn_rules.c: outline order, percent
 * complete, the wait between failed quiz attempts, opening dates (CRS-4),
 * day buckets across DST changes, and the marking of a whole attempt. */
#include <glib.h>
#include <string.h>

#include "base/dates.h"
#include "learning/learn_rules.h"
#include "paris_time.h"

#include "base/banned.h"

static void test_outline_order(void)
{
	/* Given out of order, as a database might. */
	const struct outline_chapter ch[] = {
		{3, "loops", "Loops", 3}, {1, "welcome", "Welcome", 1}, {2, "variables", "Variables", 2}};
	const struct outline_exercise ex[] = {
		{11, "final", "Final", "quiz", "", 4},
		{12, "essay", "Essay", "homework", "loops", 3},
		{13, "basics", "Basics", "quiz", "variables", 1},
		{14, "more", "More", "quiz", "variables", 2},
		{15, "orphan", "Orphan", "quiz", "no-such-chapter", 0},
	};
	struct outline_item out[8];
	size_t n = learn_outline(ch, 3, ex, 5, out);
	g_assert_cmpuint(n, ==, 8);
	const char *want[] = {"welcome", "variables", "basics", "more", "loops", "essay", "orphan", "final"};
	for (size_t i = 0; i < n; i++)
		g_assert_cmpstr(out[i].slug, ==, want[i]);
	g_assert_cmpint(out[0].kind, ==, OUTLINE_CHAPTER);
	g_assert_cmpint(out[2].kind, ==, OUTLINE_QUIZ);
	g_assert_cmpint(out[5].kind, ==, OUTLINE_HOMEWORK);
	g_assert_cmpint(out[5].id, ==, 12);
	g_assert_cmpint(learn_outline_find(out, n, OUTLINE_QUIZ, "more"), ==, 3);
	/* A chapter and a quiz may share a slug: the kind tells them apart. */
	g_assert_cmpint(learn_outline_find(out, n, OUTLINE_CHAPTER, "more"), ==, -1);
	struct arena *a = arena_new();
	g_assert_cmpstr(learn_item_path(a, "intro-to-c", &out[0]), ==,
			"/courses/intro-to-c/chapters/welcome");
	g_assert_cmpstr(learn_item_path(a, "intro-to-c", &out[2]), ==, "/courses/intro-to-c/quizzes/basics");
	g_assert_cmpstr(learn_item_path(a, "intro-to-c", &out[5]), ==, "/courses/intro-to-c/homework/essay");
	arena_free(a);
	/* No chapters: the exercises alone, in order; nothing at all. */
	g_assert_cmpuint(learn_outline(NULL, 0, ex, 2, out), ==, 2);
	g_assert_cmpstr(out[0].slug, ==, "essay");
	g_assert_cmpuint(learn_outline(NULL, 0, NULL, 0, out), ==, 0);
}

static void test_percent(void)
{
	g_assert_cmpint(learn_percent(0, 0), ==, 0);
	g_assert_cmpint(learn_percent(0, 7), ==, 0);
	g_assert_cmpint(learn_percent(1, 3), ==, 33);
	g_assert_cmpint(learn_percent(2, 3), ==, 66); /* rounded down */
	/* 100 only when everything is done: 199/200 is 99. */
	g_assert_cmpint(learn_percent(199, 200), ==, 99);
	g_assert_cmpint(learn_percent(200, 200), ==, 100);
	g_assert_cmpint(learn_percent(9, 5), ==, 100);
	g_assert_cmpint(learn_percent(-1, 5), ==, 0);
}

static void test_retry_wait(void)
{
	const int64_t t = 1800000000;
	/* No attempt yet, or the last one passed: no wait. */
	g_assert_cmpint(learn_retry_wait_left(false, false, 0, 10, t), ==, 0);
	g_assert_cmpint(learn_retry_wait_left(true, true, t, 10, t + 1), ==, 0);
	/* Failed: 10 minutes from the attempt, the last second included. */
	g_assert_cmpint(learn_retry_wait_left(true, false, t, 10, t), ==, 600);
	g_assert_cmpint(learn_retry_wait_left(true, false, t, 10, t + 1), ==, 599);
	g_assert_cmpint(learn_retry_wait_left(true, false, t, 10, t + 599), ==, 1);
	g_assert_cmpint(learn_retry_wait_left(true, false, t, 10, t + 600), ==, 0);
	g_assert_cmpint(learn_retry_wait_left(true, false, t, 10, t + 601), ==, 0);
	/* A wait of 0 minutes: never refused. */
	g_assert_cmpint(learn_retry_wait_left(true, false, t, 0, t), ==, 0);
	/* A clock that went backwards still counts from the attempt. */
	g_assert_cmpint(learn_retry_wait_left(true, false, t, 1, t - 30), ==, 90);
}

/* CRS-4: readable from the projected date on, in the platform zone. */
static void test_course_open(void)
{
	g_assert_true(learn_course_is_open("", 2026, 1, 1));
	g_assert_true(learn_course_is_open(NULL, 2026, 1, 1));
	g_assert_false(learn_course_is_open("2027-03-01", 2027, 2, 28));
	g_assert_true(learn_course_is_open("2027-03-01", 2027, 3, 1));
	g_assert_true(learn_course_is_open("2027-03-01", 2028, 1, 1));
	g_assert_false(learn_course_is_open("2027-02-30", 2030, 1, 1));
	g_assert_false(learn_course_is_open("soon", 2030, 1, 1));
}

static void test_day_buckets(void)
{
	/* Now: Paris noon on Tuesday 31 March 2026, two days after the spring
	 * change (Sunday 29 March 2026, a 23-hour day). */
	int64_t now = local(2026, 3, 31, 12, 0, 0);
	g_assert_cmpint(learn_day_index(paris, now, now, 56), ==, 55);
	g_assert_cmpint(learn_day_index(paris, now, local(2026, 3, 31, 0, 0, 0), 56), ==, 55);
	g_assert_cmpint(learn_day_index(paris, now, local(2026, 3, 30, 23, 59, 59), 56), ==, 54);
	/* Both ends of the 23-hour day fall in one bucket. */
	g_assert_cmpint(learn_day_index(paris, now, local(2026, 3, 29, 0, 0, 0), 56), ==, 53);
	g_assert_cmpint(learn_day_index(paris, now, local(2026, 3, 29, 23, 59, 59), 56), ==, 53);
	g_assert_cmpint(learn_day_index(paris, now, local(2026, 3, 28, 23, 59, 59), 56), ==, 52);
	/* 22:30 UTC on the 30th is already the 31st in Paris (UTC+2). */
	g_assert_cmpint(learn_day_index(paris, now, utc(2026, 3, 30, 22, 30, 0), 56), ==, 55);
	g_assert_cmpint(learn_day_index(paris, now, utc(2026, 3, 30, 21, 59, 59), 56), ==, 54);
	/* The window: 56 days back is out, 55 is the first bucket; the future is out. */
	g_assert_cmpint(learn_day_index(paris, now, local(2026, 2, 4, 0, 0, 0), 56), ==, 0);
	g_assert_cmpint(learn_day_index(paris, now, local(2026, 2, 3, 23, 59, 59), 56), ==, -1);
	g_assert_cmpint(learn_day_index(paris, now, local(2026, 4, 1, 0, 0, 0), 56), ==, -1);
	/* Autumn: the 25-hour day of Sunday 25 October 2026 is one bucket,
	 * including both 02:30s. */
	now = local(2026, 10, 26, 9, 0, 0);
	g_assert_cmpint(learn_day_index(paris, now, utc(2026, 10, 25, 0, 30, 0), 7), ==, 5); /* 02:30 CEST */
	g_assert_cmpint(learn_day_index(paris, now, utc(2026, 10, 25, 1, 30, 0), 7), ==, 5); /* 02:30 CET */
	g_assert_cmpint(learn_day_index(paris, now, utc(2026, 10, 25, 22, 59, 59), 7), ==, 5);
	g_assert_cmpint(learn_day_index(paris, now, utc(2026, 10, 25, 23, 0, 0), 7), ==, 6);
	g_assert_cmpint(learn_day_index(paris, now, now, 0), ==, -1);
}

static const char quiz_src[] = "::Q1:: 2+2 = ? {=4#Right. ~5#No, five.}\n"
			       "\n"
			       "::Q2:: C is compiled. {T#It is!}\n"
			       "\n"
			       "::Q3:: Pick the primes {~%50%2#two ~%50%3#three ~%-100%4#four}\n"
			       "\n"
			       "::Q4:: Name the language {=C#yes}\n"
			       "\n"
			       "::Q5:: Pi {#3.14:0.01}\n"
			       "\n"
			       "::Q6:: Match {=cat -> meow =dog -> woof}\n"
			       "\n"
			       "::Q7:: Tell us {}\n";

static struct gift_question **parse_quiz(struct arena *a, int *n)
{
	struct gift_question **qs = NULL;
	g_assert_cmpint(gift_parse(a, "t.gift", quiz_src, strlen(quiz_src), &qs, n, NULL), ==, ST_OK);
	g_assert_cmpint(*n, ==, 7);
	return qs;
}

#define V(...) ((const char *[]){__VA_ARGS__})
#define ANS(...)                                                                                             \
	{                                                                                                    \
		V(__VA_ARGS__), (int)(sizeof(V(__VA_ARGS__)) / sizeof(const char *))                         \
	}

static void test_quiz_mark_all_right(void)
{
	struct arena *a = arena_new();
	int n = 0, score = -1;
	struct gift_question **qs = parse_quiz(a, &n);
	struct quiz_answer ans[7] = {ANS("0"),     ANS("true"),   ANS("0", "1"), ANS(" c "),
				     ANS("3.145"), ANS("0", "1"), {NULL, 0}};
	struct quiz_result res[7];
	g_assert_cmpint(learn_quiz_mark(a, qs, n, ans, res, &score, NULL), ==, ST_OK);
	g_assert_cmpint(score, ==, 100);
	for (int i = 0; i < 6; i++) {
		g_assert_true(res[i].marked);
		g_assert_true(res[i].answered);
		g_assert_cmpint(res[i].score, ==, 100);
	}
	g_assert_false(res[6].marked); /* the essay is not counted */
	g_assert_cmpstr(res[0].feedback, ==, "Right.");
	g_assert_cmpstr(res[3].feedback, ==, "yes");
	arena_free(a);
}

static void test_quiz_mark_mixed(void)
{
	struct arena *a = arena_new();
	int n = 0, score = -1;
	struct gift_question **qs = parse_quiz(a, &n);
	/* Q1 wrong, Q2 unanswered, Q3 half, Q4 wrong, Q5 wrong, Q6 half. */
	struct quiz_answer ans[7] = {ANS("1"), {NULL, 0},     ANS("0"), ANS("Pascal"),
				     ANS("3"), ANS("0", "0"), {NULL, 0}};
	struct quiz_result res[7];
	g_assert_cmpint(learn_quiz_mark(a, qs, n, ans, res, &score, NULL), ==, ST_OK);
	g_assert_cmpint(res[0].score, ==, 0);
	g_assert_cmpstr(res[0].feedback, ==, "No, five.");
	g_assert_false(res[1].answered);
	g_assert_cmpint(res[2].score, ==, 50);
	g_assert_cmpint(res[5].score, ==, 50);
	/* (0 + 0 + 50 + 0 + 0 + 50) / 6 = 16.67, rounded to 17. */
	g_assert_cmpint(score, ==, 17);
	arena_free(a);
}

static void test_quiz_mark_refuses(void)
{
	struct arena *a = arena_new();
	int n = 0, score = -1;
	struct gift_question **qs = parse_quiz(a, &n);
	struct quiz_result res[7];
	GString *err = g_string_new(NULL);
	struct {
		struct quiz_answer ans[7];
		const char *msg;
	} cases[] = {
		{{ANS("2")}, "question 1: not an answer"}, /* Q1 has two answers */
		{{ANS("0", "1")}, "question 1: not an answer"}, /* one choice only */
		{{ANS("x")}, "question 1: not an answer"},
		{{{NULL, 0}, {NULL, 0}, ANS("0", "0")}, "question 3: not an answer"}, /* repeated */
		{{{NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, ANS("pi")}, "question 5: not a number"},
		{{{NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, ANS("0", "1", "0")},
		 "question 6: not an answer"},
		{{{NULL, 0}, {NULL, 0}, {NULL, 0}, ANS("\xff")}, "question 4: an answer is longer"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_string_truncate(err, 0);
		g_assert_cmpint(learn_quiz_mark(a, qs, n, cases[i].ans, res, &score, err), ==, ST_INVALID);
		g_assert_true(g_str_has_prefix(err->str, cases[i].msg));
	}
	char *big = g_strnfill(QUIZ_MAX_VALUE_BYTES + 1, 'a');
	struct quiz_answer long_one[7] = {{NULL, 0}, {NULL, 0}, {NULL, 0}, {(const char *[]){big}, 1}};
	g_assert_cmpint(learn_quiz_mark(a, qs, n, long_one, res, &score, err), ==, ST_INVALID);
	g_free(big);
	g_string_free(err, TRUE);
	arena_free(a);
}

/* The calendar agrees with learn_day_index on every quarter hour of its
 * window and around it: in Paris across both DST changes, and in a zone
 * whose spring change skips midnight (Havana, 00:00 -> 01:00). */
static void calendar_agrees(GTimeZone *tz, int64_t now, int ndays)
{
	struct learn_calendar cal;
	learn_calendar_make(tz, now, ndays, &cal);
	g_assert_cmpint(cal.start[ndays - 1], <=, now);
	g_assert_cmpint(now, <, cal.start[ndays]);
	for (int64_t t = cal.start[0] - 2 * 86400; t < cal.start[ndays] + 2 * 86400; t += 900) {
		g_assert_cmpint(learn_calendar_index(&cal, t), ==, learn_day_index(tz, now, t, ndays));
		g_assert_cmpint(learn_calendar_index(&cal, t - 1), ==,
				learn_day_index(tz, now, t - 1, ndays));
	}
	for (int k = 0; k < ndays; k++) {
		g_assert_cmpint(learn_calendar_index(&cal, cal.noon[k]), ==, k);
		int y, m, d;
		dates_local_ymd(tz, cal.noon[k], &y, &m, &d);
		g_assert_cmpint(y * 10000 + m * 100 + d, ==, cal.y[k] * 10000 + cal.m[k] * 100 + cal.d[k]);
	}
}

static void test_calendar(void)
{
	calendar_agrees(paris, local(2026, 3, 31, 12, 0, 0), 56);
	calendar_agrees(paris, local(2026, 10, 26, 0, 0, 0), 56);
	calendar_agrees(paris, local(2026, 10, 26, 23, 59, 59), 7);
	calendar_agrees(paris, local(2026, 5, 1, 8, 0, 0), 1);
	GTimeZone *havana = g_time_zone_new_identifier("America/Havana");
	g_assert_nonnull(havana);
	/* 8 March 2026 in Havana starts at 01:00 (UTC-4). */
	calendar_agrees(havana, utc(2026, 3, 9, 12, 0, 0), 7);
	struct learn_calendar cal;
	learn_calendar_make(havana, utc(2026, 3, 9, 12, 0, 0), 7, &cal);
	g_assert_cmpint(cal.start[5], ==, utc(2026, 3, 8, 5, 0, 0));
	g_time_zone_unref(havana);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	paris_time_init();
	g_test_add_func("/learn/outline-order", test_outline_order);
	g_test_add_func("/learn/percent", test_percent);
	g_test_add_func("/learn/retry-wait-edges", test_retry_wait);
	g_test_add_func("/learn/crs4-course-open", test_course_open);
	g_test_add_func("/learn/day-buckets-dst", test_day_buckets);
	g_test_add_func("/learn/calendar-dst", test_calendar);
	g_test_add_func("/learn/quiz-mark-all-right", test_quiz_mark_all_right);
	g_test_add_func("/learn/quiz-mark-mixed", test_quiz_mark_mixed);
	g_test_add_func("/learn/quiz-mark-refuses", test_quiz_mark_refuses);
	return g_test_run();
}
