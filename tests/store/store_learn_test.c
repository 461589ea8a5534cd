/* The store of learning (store/store_learn.h) on SQLite and PostgreSQL:
 * chapters done, resume position, quiz attempts, progress
 * and activity. Backend as in fixture.h. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "db/db.h"
#include "store/store.h"
#include "store/store_learn.h"

#include "fixture.h"

#include "base/banned.h"

struct fx {
	struct fixture_db t;
	struct db *db; /* t.db */
	struct arena *a;
	GString *err;
	int64_t user, other, course, ch[3], quiz, homework;
};

static int64_t add_user(struct fx *fx, const char *email)
{
	struct user u = {
		.email = (char *)email, .name = "T", .lang = "en", .roles = ROLE_LEARNER, .created_at = 1};
	OK(fx, store_user_insert(fx->db, &u, fx->err));
	return u.id;
}

/* Content rows as the course import would write them (ids 1.., in order). */
static const char content_sql[] =
	"INSERT INTO courses (slug, lang, title, level, category, duration_minutes, author, licence, "
	"pass_mark,"
	" opens_on, imported_at, updated_at) VALUES"
	" ('intro', 'en', 'Intro', 'beginner', 'programming', 60, 'A', 'CC-BY-SA-4.0', NULL, '', 1, 1),"
	" ('later', 'fr', 'Plus tard', 'beginner', 'programming', 60, 'A', 'CC-BY-SA-4.0', 80, '2030-01-01', "
	"1, 1);"
	"INSERT INTO chapters (course_id, slug, position, title, body_md, body_html, minutes) VALUES"
	" (1, 'welcome', 1, 'Welcome', '# Welcome', '<h1>Welcome</h1>', 5),"
	" (1, 'variables', 2, 'Variables', '# Variables', '<h1>Variables</h1>', 10),"
	" (1, 'loops', 3, 'Loops', '# Loops', '<h1>Loops</h1>', 10);"
	"INSERT INTO exercises (course_id, slug, position, kind, title, after_chapter, weight, pass_mark, "
	"source)"
	" VALUES (1, 'basics', 1, 'quiz', 'Basics', 'variables', 2, 60, '::Q:: x {=a ~b}'),"
	" (1, 'essay', 2, 'homework', 'Essay', 'loops', 1, 50, 'Write.');";

static void setup(struct fx *fx, gconstpointer data)
{
	(void)data;
	fx->err = g_string_new(NULL);
	fx->a = arena_new();
	fx->db = fixture_open(&fx->t, true);
	fx->user = add_user(fx, "a@example.org");
	fx->other = add_user(fx, "b@example.org");
	OK(fx, fx->db->be->exec_script(fx->db, content_sql, fx->err));
	fx->course = 1;
	fx->ch[0] = 1, fx->ch[1] = 2, fx->ch[2] = 3;
	fx->quiz = 1, fx->homework = 2;
}

static void teardown(struct fx *fx, gconstpointer data)
{
	(void)data;
	fixture_close(&fx->t);
	arena_free(fx->a);
	g_string_free(fx->err, TRUE);
}

static void test_done_and_position(struct fx *fx, gconstpointer data)
{
	(void)data;
	OK(fx, store_learn_done(fx->db, fx->user, fx->course, fx->ch[0], 100, fx->err));
	OK(fx,
	   store_learn_done(fx->db, fx->user, fx->course, fx->ch[0], 200, fx->err)); /* again: no change */
	OK(fx, store_learn_done(fx->db, fx->user, fx->course, fx->ch[2], 300, fx->err));
	int64_t *ids = NULL;
	size_t n = 0;
	OK(fx, store_learn_done_list(fx->db, fx->a, fx->user, fx->course, &ids, &n, fx->err));
	g_assert_cmpuint(n, ==, 2);
	OK(fx, store_learn_done_list(fx->db, fx->a, fx->other, fx->course, &ids, &n, fx->err));
	g_assert_cmpuint(n, ==, 0);
	/* A chapter that does not exist breaks the foreign key. */
	CHECK(fx, store_learn_done(fx->db, fx->user, fx->course, 99, 1, fx->err), ST_DB);

	char *kind = NULL, *slug = NULL;
	OK(fx, store_learn_position_get(fx->db, fx->a, fx->user, fx->course, &kind, &slug, fx->err));
	g_assert_null(kind);
	OK(fx, store_learn_position_set(fx->db, fx->user, fx->course, "chapter", "welcome", 10, fx->err));
	OK(fx, store_learn_position_set(fx->db, fx->user, fx->course, "quiz", "basics", 20, fx->err));
	OK(fx, store_learn_position_get(fx->db, fx->a, fx->user, fx->course, &kind, &slug, fx->err));
	g_assert_cmpstr(kind, ==, "quiz");
	g_assert_cmpstr(slug, ==, "basics");
	OK(fx, store_learn_position_get(fx->db, fx->a, fx->other, fx->course, &kind, &slug, fx->err));
	g_assert_null(slug);

	struct learn_progress_row *p = NULL;
	OK(fx, store_learn_progress_one(fx->db, fx->a, fx->user, fx->course, &p, fx->err));
	g_assert_cmpint(p->chapters, ==, 3);
	g_assert_cmpint(p->chapters_done, ==, 2);
	g_assert_cmpint(p->quizzes, ==, 1);
	g_assert_cmpint(p->quizzes_passed, ==, 0);
	g_assert_cmpint(p->visited_at, ==, 20);
	g_assert_cmpstr(p->pos_slug, ==, "basics");
	OK(fx, store_learn_progress_one(fx->db, fx->a, fx->other, fx->course, &p, fx->err));
	g_assert_cmpint(p->chapters_done, ==, 0);
	g_assert_cmpstr(p->pos_kind, ==, "");
	CHECK(fx, store_learn_progress_one(fx->db, fx->a, fx->user, 99, &p, fx->err), ST_NOTFOUND);

	size_t nc = 0;
	struct learn_progress_row *all = NULL;
	OK(fx, store_learn_progress_all(fx->db, fx->a, fx->user, &all, &nc, fx->err));
	g_assert_cmpuint(nc, ==, 1);
	g_assert_cmpstr(all[0].slug, ==, "intro");
	OK(fx, store_learn_progress_all(fx->db, fx->a, fx->other, &all, &nc, fx->err));
	g_assert_cmpuint(nc, ==, 0);
}

static void attempt(struct fx *fx, int64_t user, int score, bool passed, int64_t at)
{
	struct learn_attempt a = {
		.score = score, .passed = passed, .answers = "[[0]]", .results = "[100]", .created_at = at};
	int64_t id = 0;
	OK(fx, store_learn_attempt_insert(fx->db, user, fx->quiz, fx->course, &a, &id, fx->err));
	g_assert_cmpint(id, >, 0);
}

static void test_attempts(struct fx *fx, gconstpointer data)
{
	(void)data;
	bool found = true, passed = true;
	int64_t at = 0;
	int best = 0, count = 0;
	OK(fx, store_learn_attempt_last(fx->db, fx->user, fx->quiz, &found, &at, &passed, fx->err));
	g_assert_false(found);
	OK(fx, store_learn_attempt_best(fx->db, fx->user, fx->quiz, &best, &count, fx->err));
	g_assert_cmpint(best, ==, -1);
	g_assert_cmpint(count, ==, 0);

	OK(fx, db_begin(fx->db, fx->err));
	OK(fx, store_learn_lock_user(fx->db, fx->user, fx->err));
	attempt(fx, fx->user, 40, false, 1000);
	OK(fx, db_commit(fx->db, fx->err));
	attempt(fx, fx->user, 90, true, 2000);
	attempt(fx, fx->user, 70, true, 3000); /* a retake with a lower score */
	attempt(fx, fx->other, 100, true, 3000);
	OK(fx, store_learn_attempt_last(fx->db, fx->user, fx->quiz, &found, &at, &passed, fx->err));
	g_assert_true(found);
	g_assert_cmpint(at, ==, 3000);
	OK(fx, store_learn_attempt_best(fx->db, fx->user, fx->quiz, &best, &count, fx->err));
	g_assert_cmpint(best, ==, 90); /* the best is kept */
	g_assert_cmpint(count, ==, 3);

	struct learn_attempt *list = NULL;
	size_t n = 0;
	OK(fx, store_learn_attempt_list(fx->db, fx->a, fx->user, fx->quiz, 2, &list, &n, fx->err));
	g_assert_cmpuint(n, ==, 2);
	g_assert_cmpint(list[0].created_at, ==, 3000); /* newest first */
	g_assert_cmpint(list[1].score, ==, 90);
	g_assert_cmpstr(list[1].answers, ==, "[[0]]");

	int64_t *ids = NULL;
	int *bests = NULL;
	OK(fx, store_learn_quiz_bests(fx->db, fx->a, fx->user, fx->course, &ids, &bests, &n, fx->err));
	g_assert_cmpuint(n, ==, 1);
	g_assert_cmpint(ids[0], ==, fx->quiz);
	g_assert_cmpint(bests[0], ==, 90);

	struct learn_progress_row *p = NULL;
	OK(fx, store_learn_progress_one(fx->db, fx->a, fx->user, fx->course, &p, fx->err));
	g_assert_cmpint(p->quizzes_passed, ==, 1);
	/* A score out of 0..100 is refused by the database. */
	struct learn_attempt bad = {.score = 101, .answers = "[]", .results = "[]", .created_at = 1};
	CHECK(fx, store_learn_attempt_insert(fx->db, fx->user, fx->quiz, fx->course, &bad, &at, fx->err),
	      ST_DB);

	int64_t *times = NULL;
	OK(fx, store_learn_done(fx->db, fx->user, fx->course, fx->ch[0], 2500, fx->err));
	OK(fx, store_learn_activity(fx->db, fx->a, fx->user, 1500, &times, &n, fx->err));
	g_assert_cmpuint(n, ==, 3); /* 2000, 3000 and the chapter at 2500; not 1000 */
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += times[i];
	g_assert_cmpint(sum, ==, 7500);
}

#define ADD(path, fn) g_test_add(path, struct fx, NULL, setup, fn, teardown)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	int code = fixture_start("store_learn");
	if (code >= 0)
		return code;
	ADD("/store/learn/done-and-position", test_done_and_position);
	ADD("/store/learn/attempts-best-activity", test_attempts);
	return fixture_end(g_test_run());
}
