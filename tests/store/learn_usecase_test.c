/* The use cases of learning (learning/learn.h) on a SQLite database:
 * the wait between failed attempts at its edges, the best score kept, and
 * learn_quiz_best (CERT-1 input) with who may read it. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "base/config.h"
#include "learning/learn.h"

#include "base/banned.h"

struct fx {
	struct db *db;
	struct arena *a;
	struct config cfg;
	struct ctx c;
	GString *err;
	char *dir, *path;
	struct user learner, other, staff;
};

#define OK(fx, expr)                                                                                         \
	do {                                                                                                 \
		enum status st_ = (expr);                                                                    \
		if (st_ != ST_OK)                                                                            \
			g_error("%s:%d: %s gave %s: %s", __FILE__, __LINE__, #expr, status_name(st_),        \
				(fx)->err->str);                                                             \
	} while (0)

static const char content_sql[] =
	"INSERT INTO courses (slug, lang, title, level, category, duration_minutes, author, licence, "
	"pass_mark,"
	" opens_on, imported_at, updated_at) VALUES"
	" ('intro', 'en', 'Intro', 'beginner', 'programming', 60, 'A', 'CC-BY-SA-4.0', NULL, '', 1, 1);"
	"INSERT INTO chapters (course_id, slug, position, title, body_md, body_html, minutes) VALUES"
	" (1, 'welcome', 1, 'Welcome', '# Welcome', '<h1>Welcome</h1>', 5);"
	"INSERT INTO exercises (course_id, slug, position, kind, title, after_chapter, weight, pass_mark, "
	"source)"
	" VALUES (1, 'basics', 1, 'quiz', 'Basics', 'welcome', 1, 50, "
	"'::Q1:: one {=a ~b}\n\n::Q2:: two {=c ~d}\n'),"
	" (1, 'essay', 2, 'homework', 'Essay', '', 1, 50, 'Write.');";

static void add_user(struct fx *fx, struct user *u, const char *email, int roles)
{
	*u = (struct user){
		.email = (char *)email, .name = "T", .lang = "en", .roles = roles, .created_at = 1};
	OK(fx, store_user_insert(fx->db, u, fx->err));
}

static void setup(struct fx *fx, gconstpointer data)
{
	(void)data;
	fx->err = g_string_new(NULL);
	fx->a = arena_new();
	GError *gerr = NULL;
	fx->dir = g_dir_make_tmp("campus-learn-uc-XXXXXX", &gerr);
	g_assert_no_error(gerr);
	fx->path = g_build_filename(fx->dir, "test.db", NULL);
	char *url = g_strconcat("sqlite:", fx->path, NULL);
	fx->db = db_open(url, fx->err);
	g_free(url);
	g_assert_nonnull(fx->db);
	OK(fx, db_migrate(fx->db, fx->err));
	OK(fx, fx->db->be->exec_script(fx->db, content_sql, fx->err));
	add_user(fx, &fx->learner, "a@example.org", ROLE_LEARNER);
	add_user(fx, &fx->other, "b@example.org", ROLE_LEARNER);
	add_user(fx, &fx->staff, "s@example.org", ROLE_STAFF);
	config_defaults(&fx->cfg, fx->dir);
	fx->c = (struct ctx){
		.db = fx->db, .a = fx->a, .now = 1800000000, .cfg = &fx->cfg, .actor = &fx->learner};
}

static void teardown(struct fx *fx, gconstpointer data)
{
	(void)data;
	db_close(fx->db);
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++) {
		char *p = g_strconcat(fx->path, suffixes[i], NULL);
		g_unlink(p);
		g_free(p);
	}
	g_rmdir(fx->dir);
	g_free(fx->dir);
	g_free(fx->path);
	config_clear(&fx->cfg);
	arena_free(fx->a);
	g_string_free(fx->err, TRUE);
}

/* One attempt of the actor: Q1 and Q2 answered with those indices. */
static enum status attempt(struct fx *fx, const char *q1, const char *q2, struct learn_attempt_outcome *out)
{
	struct learn_quiz_view *v = NULL;
	OK(fx, learn_quiz_open(&fx->c, "intro", "basics", &v, fx->err));
	g_assert_cmpint(v->n_questions, ==, 2);
	struct quiz_answer ans[2] = {{(const char *[]){q1}, 1}, {(const char *[]){q2}, 1}};
	g_string_truncate(fx->err, 0);
	return learn_quiz_attempt(&fx->c, v, ans, 2, out, fx->err);
}

static void test_wait_and_best(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct learn_attempt_outcome out;
	const int64_t t0 = fx->c.now;
	OK(fx, attempt(fx, "1", "1", &out)); /* 0 %: failed */
	g_assert_cmpint(out.score, ==, 0);
	g_assert_false(out.passed);
	g_assert_cmpint(out.wait_left, ==, 600);
	/* One second before the end of the wait: refused, nothing recorded. */
	fx->c.now = t0 + 599;
	g_assert_cmpint(attempt(fx, "0", "0", &out), ==, ST_CONFLICT);
	g_assert_cmpint(out.wait_left, ==, 1);
	g_assert_nonnull(strstr(fx->err->str, "1 more seconds"));
	int pct = -1;
	bool passed = true;
	OK(fx, learn_quiz_best(&fx->c, fx->learner.id, 1, &pct, &passed, fx->err));
	g_assert_cmpint(pct, ==, 0);
	g_assert_false(passed);
	/* At the end of the wait: accepted. 50 % meets the pass mark of 50. */
	fx->c.now = t0 + 600;
	OK(fx, attempt(fx, "0", "1", &out));
	g_assert_cmpint(out.score, ==, 50);
	g_assert_true(out.passed);
	g_assert_cmpint(out.wait_left, ==, 0);
	/* Passed: retaken at once, 100 %, then a worse score keeps the best. */
	OK(fx, attempt(fx, "0", "0", &out));
	g_assert_cmpint(out.best, ==, 100);
	OK(fx, attempt(fx, "1", "1", &out));
	g_assert_cmpint(out.best, ==, 100);
	g_assert_true(out.best_passed);
	/* That failed retake starts a wait too. */
	g_assert_cmpint(attempt(fx, "0", "0", &out), ==, ST_CONFLICT);
	OK(fx, learn_quiz_best(&fx->c, fx->learner.id, 1, &pct, &passed, fx->err));
	g_assert_cmpint(pct, ==, 100);
	g_assert_true(passed);
	/* A wait of 0 minutes: never refused. */
	fx->cfg.quiz_retry_wait_minutes = 0;
	OK(fx, attempt(fx, "1", "1", &out));
	OK(fx, attempt(fx, "1", "1", &out));
}

/* CERT-1 inputs: the learner's own, staff's view, nobody else's. */
static void test_quiz_best_access(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct learn_attempt_outcome out;
	OK(fx, attempt(fx, "0", "1", &out));
	int pct = -1;
	bool passed = false;
	fx->c.actor = &fx->staff;
	OK(fx, learn_quiz_best(&fx->c, fx->learner.id, 1, &pct, &passed, fx->err));
	g_assert_cmpint(pct, ==, 50);
	g_assert_true(passed);
	fx->c.actor = NULL; /* the system (a job) */
	OK(fx, learn_quiz_best(&fx->c, fx->learner.id, 1, &pct, &passed, fx->err));
	fx->c.actor = &fx->other;
	g_assert_cmpint(learn_quiz_best(&fx->c, fx->learner.id, 1, &pct, &passed, fx->err), ==, ST_FORBIDDEN);
	OK(fx, learn_quiz_best(&fx->c, fx->other.id, 1, &pct, &passed, fx->err));
	g_assert_cmpint(pct, ==, 0);
	g_assert_false(passed);
	/* A homework is not a quiz; an unknown id neither. */
	g_assert_cmpint(learn_quiz_best(&fx->c, fx->other.id, 2, &pct, &passed, fx->err), ==, ST_NOTFOUND);
	g_assert_cmpint(learn_quiz_best(&fx->c, fx->other.id, 99, &pct, &passed, fx->err), ==, ST_NOTFOUND);
	/* Visitors keep no progress. */
	fx->c.actor = NULL;
	g_assert_cmpint(attempt(fx, "0", "0", &out), ==, ST_UNAUTHORIZED);
	g_assert_cmpint(learn_chapter_done(&fx->c, "intro", "welcome", fx->err), ==, ST_UNAUTHORIZED);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/learn/usecase/wait-and-best", struct fx, NULL, setup, test_wait_and_best, teardown);
	g_test_add("/learn/usecase/quiz-best-access", struct fx, NULL, setup, test_quiz_best_access,
		   teardown);
	return g_test_run();
}
