/* The store of peer-reviewed homework (store/store_peer.h, CRS-1), on the
 * backend named by the environment as tests/store/store_test.c does:
 * CAMPUS_TEST_BACKEND=sqlite (a temporary file per test) or postgresql
 * (CAMPUS_TEST_PG_URL; this suite uses its own database, <name>_peer, in
 * that cluster, so that it can run beside the main store suite). */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "db/db.h"
#include "learning/peer_rules.h"
#include "store/store_peer.h"

#include "base/banned.h"

static char *pg_url; /* NULL: SQLite */

struct fx {
	struct db *db;
	struct arena *a;
	GString *err;
	char *dir, *path;
	int64_t exercise, other_exercise;
};

#define CHECK(fx, expr, want)                                                                                \
	do {                                                                                                 \
		enum status st_ = (expr);                                                                    \
		if (st_ != (want))                                                                           \
			g_error("%s:%d: %s gave %s (want %s): %s", __FILE__, __LINE__, #expr,                \
				status_name(st_), status_name(want), (fx)->err->str);                        \
	} while (0)
#define OK(fx, expr) CHECK(fx, expr, ST_OK)

static void script(struct fx *fx, const char *sql)
{
	OK(fx, fx->db->be->exec_script(fx->db, sql, fx->err));
}

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
		fx->dir = g_dir_make_tmp("campus-peer-XXXXXX", &gerr);
		g_assert_no_error(gerr);
		fx->path = g_build_filename(fx->dir, "test.db", NULL);
		url = g_strconcat("sqlite:", fx->path, NULL);
	}
	fx->db = db_open(url, fx->err);
	if (!fx->db)
		g_error("db_open %s: %s", url, fx->err->str);
	g_free(url);
	if (pg_url)
		script(fx, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
	OK(fx, db_migrate(fx->db, fx->err));
	/* Course content is another capability's; rows by hand. */
	script(fx,
	       "INSERT INTO courses (slug, lang, title, level, category, duration_minutes, author, licence, "
	       "imported_at, updated_at) VALUES ('c1', 'en', 'Course 1', 'beginner', 'x', 10, 'A', "
	       "'CC-BY-SA-4.0', 1, 1);"
	       "INSERT INTO exercises (course_id, slug, position, kind, title, source, rubric) "
	       "SELECT id, 'essay', 1, 'homework', 'Essay', 'Write.', "
	       "'[{\"criterion\":\"A\",\"points\":4}]' FROM courses;"
	       "INSERT INTO exercises (course_id, slug, position, kind, title, source) "
	       "SELECT id, 'quiz', 2, 'quiz', 'Quiz', '::Q:: 1+1 {=2}' FROM courses;"
	       "INSERT INTO exercises (course_id, slug, position, kind, title, source, rubric) "
	       "SELECT id, 'second', 3, 'homework', 'Second', 'More.', "
	       "'[{\"criterion\":\"B\",\"points\":2}]' FROM courses;");
	struct peer_homework *hw = NULL;
	OK(fx, store_peer_homework(fx->db, fx->a, "c1", "essay", &hw, fx->err));
	fx->exercise = hw->exercise_id;
	OK(fx, store_peer_homework(fx->db, fx->a, "c1", "second", &hw, fx->err));
	fx->other_exercise = hw->exercise_id;
}

static void teardown(struct fx *fx, gconstpointer data)
{
	(void)data;
	db_close(fx->db);
	if (fx->path) {
		static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
		for (size_t i = 0; i < G_N_ELEMENTS(sfx); i++) {
			char *p = g_strconcat(fx->path, sfx[i], NULL);
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

static int64_t user(struct fx *fx, const char *email)
{
	struct user u = {
		.email = (char *)email, .name = "T", .lang = "en", .roles = ROLE_LEARNER, .created_at = 1};
	OK(fx, store_user_insert(fx->db, &u, fx->err));
	return u.id;
}

static int64_t submit(struct fx *fx, int64_t exercise, int64_t uid, int64_t at)
{
	struct peer_submission s = {.exercise_id = exercise,
				    .user_id = uid,
				    .body = "answer",
				    .file_name = "",
				    .file_path = "",
				    .file_type = "",
				    .submitted_at = at};
	OK(fx, store_peer_sub_insert(fx->db, &s, fx->err));
	g_assert_cmpint(s.id, >, 0);
	return s.id;
}

static void test_homework_lookup(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct peer_homework *hw = NULL;
	OK(fx, store_peer_homework(fx->db, fx->a, "c1", "essay", &hw, fx->err));
	g_assert_cmpstr(hw->title, ==, "Essay");
	g_assert_cmpstr(hw->course_title, ==, "Course 1");
	g_assert_cmpstr(hw->statement_md, ==, "Write.");
	g_assert_cmpint(hw->pass_mark, ==, 50);
	CHECK(fx, store_peer_homework(fx->db, fx->a, "c1", "quiz", &hw, fx->err), ST_NOTFOUND);
	CHECK(fx, store_peer_homework(fx->db, fx->a, "c2", "essay", &hw, fx->err), ST_NOTFOUND);
	OK(fx, store_peer_homework_by_id(fx->db, fx->a, fx->exercise, &hw, fx->err));
	g_assert_cmpstr(hw->slug, ==, "essay");
}

static void test_submission_lifecycle(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t u1 = user(fx, "a@x.test"), u2 = user(fx, "b@x.test");
	int64_t s1 = submit(fx, fx->exercise, u1, 100);
	/* One current submission per learner and homework. */
	struct peer_submission dup = {.exercise_id = fx->exercise,
				      .user_id = u1,
				      .body = "",
				      .file_name = "",
				      .file_path = "",
				      .file_type = "",
				      .submitted_at = 5};
	CHECK(fx, store_peer_sub_insert(fx->db, &dup, fx->err), ST_CONFLICT);
	struct peer_submission *s = NULL;
	OK(fx, store_peer_sub_of(fx->db, fx->a, fx->exercise, u1, &s, fx->err));
	g_assert_cmpint(s->id, ==, s1);
	g_assert_cmpstr(s->state, ==, "open");
	g_assert_cmpint(s->grade_pct, ==, -1);
	g_assert_cmpint(s->claims, ==, 0);
	CHECK(fx, store_peer_sub_of(fx->db, fx->a, fx->exercise, u2, &s, fx->err), ST_NOTFOUND);
	/* Replace while unclaimed. */
	struct peer_submission rep = {.id = s1,
				      .body = "new",
				      .file_name = "f.txt",
				      .file_path = "x.txt",
				      .file_type = "text/plain",
				      .file_bytes = 3};
	OK(fx, store_peer_sub_replace(fx->db, &rep, 150, fx->err));
	OK(fx, store_peer_sub_get(fx->db, fx->a, s1, &s, fx->err));
	g_assert_cmpstr(s->body, ==, "new");
	g_assert_cmpstr(s->file_type, ==, "text/plain");
	g_assert_cmpint(s->submitted_at, ==, 100);
	g_assert_cmpint(s->updated_at, ==, 150);
	/* Claimed: no longer replaceable. */
	int64_t r1 = 0;
	OK(fx, store_peer_rev_insert(fx->db, s1, u2, false, 200, 300, &r1, fx->err));
	CHECK(fx, store_peer_sub_replace(fx->db, &rep, 210, fx->err), ST_CONFLICT);
	/* Never twice the same reviewer. */
	int64_t again = 0;
	CHECK(fx, store_peer_rev_insert(fx->db, s1, u2, false, 220, 320, &again, fx->err), ST_CONFLICT);
	bool yes = false;
	OK(fx, store_peer_rev_access(fx->db, s1, u2, &yes, fx->err));
	g_assert_true(yes);
	OK(fx, store_peer_rev_access(fx->db, s1, u1, &yes, fx->err));
	g_assert_false(yes);
	int64_t pend = 0;
	OK(fx, store_peer_rev_pending_of(fx->db, u2, fx->exercise, 250, &pend, fx->err));
	g_assert_cmpint(pend, ==, r1);
	OK(fx, store_peer_rev_pending_of(fx->db, u2, fx->exercise, 300, &pend, fx->err));
	g_assert_cmpint(pend, ==, 0);
	OK(fx, store_peer_rev_pending_of(fx->db, u2, fx->other_exercise, 250, &pend, fx->err));
	g_assert_cmpint(pend, ==, 0);
	/* Complete it; a second completion or a late one is refused. */
	CHECK(fx, store_peer_rev_complete(fx->db, r1, 300, "[]", 50, fx->err), ST_CONFLICT);
	OK(fx, store_peer_rev_complete(fx->db, r1, 260, "[{\"score\":2,\"comment\":\"c\"}]", 50, fx->err));
	CHECK(fx, store_peer_rev_complete(fx->db, r1, 261, "[]", 50, fx->err), ST_CONFLICT);
	struct peer_review *v = NULL;
	OK(fx, store_peer_rev_get(fx->db, fx->a, r1, &v, fx->err));
	g_assert_cmpstr(v->state, ==, "done");
	g_assert_cmpint(v->pct, ==, 50);
	g_assert_cmpint(v->author_id, ==, u1);
	g_assert_cmpint(v->exercise_id, ==, fx->exercise);
	OK(fx, store_peer_sub_get(fx->db, fx->a, s1, &s, fx->err));
	g_assert_cmpint(s->claims, ==, 1);
	g_assert_cmpint(s->done, ==, 1);
	struct peer_review **list = NULL;
	int n = 0;
	OK(fx, store_peer_rev_of_sub(fx->db, fx->a, s1, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	OK(fx, store_peer_rev_of_reviewer(fx->db, fx->a, u2, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	/* Grade once. */
	OK(fx, store_peer_sub_grade(fx->db, s1, 50, 400, fx->err));
	CHECK(fx, store_peer_sub_grade(fx->db, s1, 60, 401, fx->err), ST_CONFLICT);
	OK(fx, store_peer_sub_get(fx->db, fx->a, s1, &s, fx->err));
	g_assert_cmpstr(s->state, ==, "graded");
	g_assert_cmpint(s->grade_pct, ==, 50);
	g_assert_cmpint(s->graded_at, ==, 400);
	int64_t *ex = NULL;
	OK(fx, store_peer_sub_exercises_of(fx->db, fx->a, u1, &ex, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(ex[0], ==, fx->exercise);
}

static void test_candidates_and_expiry(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t u[4];
	for (int i = 0; i < 4; i++)
		u[i] = user(fx, arena_printf(fx->a, "u%d@x.test", i));
	int64_t s0 = submit(fx, fx->exercise, u[0], 100), s1 = submit(fx, fx->exercise, u[1], 200);
	submit(fx, fx->other_exercise, u[2], 50);
	int64_t r = 0;
	OK(fx, store_peer_rev_insert(fx->db, s0, u[2], false, 300, 400, &r, fx->err));
	struct peer_candidate *c = NULL;
	int n = 0;
	/* For u[1]: only u[0]'s (own excluded, other homework excluded). */
	OK(fx, store_peer_candidates(fx->db, fx->a, fx->exercise, u[1], &c, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(c[0].submission_id, ==, s0);
	g_assert_cmpint(c[0].reviews, ==, 1);
	g_assert_false(c[0].seen);
	/* For u[2]: both, the one already claimed marked seen. */
	OK(fx, store_peer_candidates(fx->db, fx->a, fx->exercise, u[2], &c, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_true(c[0].seen);
	g_assert_false(c[1].seen);
	g_assert_cmpint(c[1].submission_id, ==, s1);
	/* Expiry: the claim stops counting but stays seen. */
	int64_t expired = 0;
	OK(fx, store_peer_rev_expire(fx->db, 399, &expired, fx->err));
	g_assert_cmpint(expired, ==, 0);
	OK(fx, store_peer_rev_expire(fx->db, 400, &expired, fx->err));
	g_assert_cmpint(expired, ==, 1);
	OK(fx, store_peer_candidates(fx->db, fx->a, fx->exercise, u[2], &c, &n, fx->err));
	g_assert_cmpint(c[0].reviews, ==, 0);
	g_assert_true(c[0].seen);
	bool yes = true;
	OK(fx, store_peer_rev_access(fx->db, s0, u[2], &yes, fx->err));
	g_assert_false(yes);
	/* Fallback: open submissions of before or earlier with fewer done reviews. */
	struct peer_submission **due = NULL;
	OK(fx, store_peer_sub_fallback_due(fx->db, fx->a, 150, 3, &due, &n, fx->err));
	g_assert_cmpint(n, ==, 2); /* s0 and the other homework's, both before 150 */
	OK(fx, store_peer_sub_to_staff(fx->db, s0, 500, fx->err));
	CHECK(fx, store_peer_sub_to_staff(fx->db, s0, 501, fx->err), ST_CONFLICT);
	OK(fx, store_peer_sub_fallback_due(fx->db, fx->a, 250, 3, &due, &n, fx->err));
	g_assert_cmpint(n, ==, 2); /* s1 and the other homework's */
	g_assert_cmpint(due[0]->exercise_id, ==, fx->other_exercise);
	g_assert_cmpint(due[1]->id, ==, s1);
	OK(fx, store_peer_sub_staff_queue(fx->db, fx->a, &due, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(due[0]->id, ==, s0);
	g_assert_cmpint(due[0]->staff_at, ==, 500);
	/* A staff claim; taken again by the same person after it expired. */
	int64_t st1 = 0, st2 = 0, pend = 0;
	OK(fx, store_peer_rev_insert(fx->db, s0, u[3], true, 600, 700, &st1, fx->err));
	OK(fx, store_peer_rev_staff_pending(fx->db, s0, 650, &pend, fx->err));
	g_assert_cmpint(pend, ==, st1);
	OK(fx, store_peer_rev_expire(fx->db, 700, NULL, fx->err));
	OK(fx, store_peer_rev_staff_pending(fx->db, s0, 701, &pend, fx->err));
	g_assert_cmpint(pend, ==, 0);
	OK(fx, store_peer_rev_reopen_staff(fx->db, s0, u[3], 800, 900, &st2, fx->err));
	g_assert_cmpint(st2, ==, st1);
	CHECK(fx, store_peer_rev_reopen_staff(fx->db, s0, u[2], 800, 900, &st2, fx->err), ST_NOTFOUND);
	/* Grading cancels what is still pending. */
	OK(fx, store_peer_rev_cancel_pending(fx->db, s0, fx->err));
	struct peer_review *v = NULL;
	OK(fx, store_peer_rev_get(fx->db, fx->a, st1, &v, fx->err));
	g_assert_cmpstr(v->state, ==, "cancelled");
	g_assert_true(v->staff);
	CHECK(fx, store_peer_rev_get(fx->db, fx->a, 999999, &v, fx->err), ST_NOTFOUND);
	CHECK(fx, store_peer_sub_get(fx->db, fx->a, 999999, &due[0], fx->err), ST_NOTFOUND);
}

/* PostgreSQL: the suite's own database beside the main one's. */
static char *own_pg_database(const char *base)
{
	GString *err = g_string_new(NULL);
	struct db *db = db_open(base, err);
	if (!db)
		g_error("db_open %s: %s", base, err->str);
	const char *slash = strrchr(base, '/');
	const char *q = strchr(slash, '?');
	size_t n = q ? (size_t)(q - slash - 1) : strlen(slash + 1);
	char *name = g_strdup_printf("%.*s_peer", (int)n, slash + 1);
	char *sql = g_strdup_printf("CREATE DATABASE \"%s\"", name);
	/* Already there from an earlier run: fine. */
	db->be->exec_script(db, sql, err);
	db_close(db);
	char *url = g_strdup_printf("%.*s/%s%s", (int)(slash - base), base, name, q ? q : "");
	g_free(sql);
	g_free(name);
	g_string_free(err, TRUE);
	return url;
}

#define ADD(path, fn) g_test_add(path, struct fx, NULL, setup, fn, teardown)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	const char *backend = g_getenv("CAMPUS_TEST_BACKEND");
	if (backend && !strcmp(backend, "postgresql")) {
		const char *base = g_getenv("CAMPUS_TEST_PG_URL");
		if (!base || !*base) {
			const char *req = g_getenv("CAMPUS_REQUIRE_PG");
			if ((g_getenv("CI") && *g_getenv("CI")) || (req && !strcmp(req, "1"))) {
				fprintf(stderr,
					"store-peer-postgresql: FAILED: CAMPUS_TEST_PG_URL is not set\n");
				return 1;
			}
			fprintf(stderr, "store-peer-postgresql: skipped: set CAMPUS_TEST_PG_URL\n");
			return 77;
		}
		pg_url = own_pg_database(base);
	}
	ADD("/store/peer/homework-lookup", test_homework_lookup);
	ADD("/store/peer/submission-lifecycle", test_submission_lifecycle);
	ADD("/store/peer/candidates-expiry-fallback", test_candidates_and_expiry);
	int code = g_test_run();
	g_free(pg_url);
	return code;
}
