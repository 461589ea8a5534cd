/* The store of learning (store/store_learn.h) on SQLite and PostgreSQL:
 * chapters done, resume position, quiz attempts, progress
 * and activity. Backend as in store_test.c (CAMPUS_TEST_BACKEND, and
 * CAMPUS_TEST_PG_URL for PostgreSQL, where this suite works in its own
 * database so that it can run beside store_test). */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "db/db.h"
#include "store/store.h"
#include "store/store_learn.h"

#include "base/banned.h"

static char *pg_url; /* this suite's own PostgreSQL database, or NULL */

struct fx {
	struct db *db;
	struct arena *a;
	GString *err;
	char *dir, *path;
	int64_t user, other, course, ch[3], quiz, homework;
};

#define CHECK(fx, expr, want)                                                                                \
	do {                                                                                                 \
		enum status st_ = (expr);                                                                    \
		if (st_ != (want))                                                                           \
			g_error("%s:%d: %s gave %s (want %s): %s", __FILE__, __LINE__, #expr,                \
				status_name(st_), status_name(want), (fx)->err->str);                        \
	} while (0)
#define OK(fx, expr) CHECK(fx, expr, ST_OK)

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
	char *url;
	if (pg_url) {
		url = g_strdup(pg_url);
	} else {
		GError *gerr = NULL;
		fx->dir = g_dir_make_tmp("campus-learn-XXXXXX", &gerr);
		g_assert_no_error(gerr);
		fx->path = g_build_filename(fx->dir, "test.db", NULL);
		url = g_strconcat("sqlite:", fx->path, NULL);
	}
	fx->db = db_open(url, fx->err);
	if (!fx->db)
		g_error("db_open %s: %s", url, fx->err->str);
	g_free(url);
	if (pg_url)
		OK(fx, fx->db->be->exec_script(fx->db,
					       "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
					       fx->err));
	OK(fx, db_migrate(fx->db, fx->err));
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
	db_close(fx->db);
	if (fx->path) {
		static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
		for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++) {
			char *p = g_strconcat(fx->path, suffixes[i], NULL);
			g_unlink(p);
			g_free(p);
		}
		g_rmdir(fx->dir);
	}
	g_free(fx->dir);
	g_free(fx->path);
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

/* Replaces the database name (the last path segment) of a PostgreSQL URL. */
static char *with_database(const char *url, const char *name)
{
	const char *q = strchr(url, '?');
	const char *end = q ? q : url + strlen(url);
	const char *slash = NULL;
	for (const char *p = url + strlen("postgresql://"); p < end; p++)
		if (*p == '/')
			slash = p;
	GString *s = g_string_new_len(url, slash ? slash - url : end - url);
	g_string_append_printf(s, "/%s%s", name, q ? q : "");
	return g_string_free(s, FALSE);
}

/* Creates (fresh) this suite's database; drop is its DROP statement. */
static int pg_prepare(const char *base, const char *name, bool drop_only)
{
	GString *err = g_string_new(NULL);
	struct db *db = db_open(base, err);
	if (!db) {
		fprintf(stderr, "store-learn: %s\n", err->str);
		g_string_free(err, TRUE);
		return 1;
	}
	char *drop = g_strdup_printf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	char *create = g_strdup_printf("CREATE DATABASE %s", name);
	enum status st = db->be->exec_script(db, drop, err);
	if (st == ST_OK && !drop_only)
		st = db->be->exec_script(db, create, err);
	if (st != ST_OK)
		fprintf(stderr, "store-learn: %s\n", err->str);
	g_free(drop);
	g_free(create);
	db_close(db);
	g_string_free(err, TRUE);
	return st == ST_OK ? 0 : 1;
}

#define ADD(path, fn) g_test_add(path, struct fx, NULL, setup, fn, teardown)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	const char *backend = g_getenv("CAMPUS_TEST_BACKEND");
	const char *base = g_getenv("CAMPUS_TEST_PG_URL");
	char name[64];
	if (backend && strcmp(backend, "postgresql") == 0) {
		if (!base || !*base) {
			const char *req = g_getenv("CAMPUS_REQUIRE_PG");
			bool ci = g_getenv("CI") && *g_getenv("CI");
			fprintf(stderr, "store-learn-postgresql: CAMPUS_TEST_PG_URL is not set\n");
			return ci || (req && strcmp(req, "1") == 0) ? 1 : 77;
		}
		g_snprintf(name, sizeof(name), "campus_learn_store_%d", (int)getpid());
		if (pg_prepare(base, name, false))
			return 1;
		pg_url = with_database(base, name);
	}
	ADD("/store/learn/done-and-position", test_done_and_position);
	ADD("/store/learn/attempts-best-activity", test_attempts);
	int rc = g_test_run();
	if (pg_url) {
		rc |= pg_prepare(base, name, true);
		g_free(pg_url);
	}
	return rc;
}
