/* The certificate use cases (learning/certificates.h) on a SQLite database,
 * with the learner's results given by a fixture (struct cert_scores): the
 * homework path (graded or not, under its own pass mark), the overall pass
 * mark at its edge, issue once (the same certificate on a second claim and
 * after the results or the subscription change), the preview without
 * Premium, a course without exercises, a failing results source (nothing
 * issued), the audit record and the email of an issue, and the issuer key
 * in DATA (created 0600 once, the badge verifies with it). */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/config.h"
#include "learning/badge.h"
#include "learning/certificates.h"
#include "ops/premium.h"

#include "base/banned.h"

struct fx {
	struct db *db;
	struct arena *a;
	struct config cfg;
	struct ctx c;
	GString *err;
	char *dir, *path;
	struct user learner, staff;
};

#define OK(fx, expr)                                                                                         \
	do {                                                                                                 \
		enum status st_ = (expr);                                                                    \
		if (st_ != ST_OK)                                                                            \
			g_error("%s:%d: %s gave %s: %s", __FILE__, __LINE__, #expr, status_name(st_),        \
				(fx)->err->str);                                                             \
	} while (0)

/* Course 1: a quiz (weight 1, bar 50) and a homework (weight 1, bar 50),
 * pass mark 70. Course 2: no exercise. */
static const char content_sql[] =
	"INSERT INTO courses (slug, lang, title, level, category, duration_minutes, author, licence, "
	"pass_mark, opens_on, imported_at, updated_at) VALUES"
	" ('intro', 'en', 'Intro to things', 'beginner', 'programming', 60, 'A', 'CC-BY-SA-4.0', 70, '', 1, "
	"1),"
	" ('empty', 'en', 'Nothing to assess', 'beginner', 'programming', 60, 'A', 'CC-BY-SA-4.0', NULL, '', "
	"1, "
	"1);"
	"INSERT INTO exercises (course_id, slug, position, kind, title, after_chapter, weight, pass_mark, "
	"source) VALUES (1, 'basics', 1, 'quiz', 'Basics', '', 1, 50, '::Q:: x {=a ~b}'),"
	" (1, 'essay', 2, 'homework', 'Essay', '', 1, 50, 'Write.');";

/* The fixture's results: quiz (exercise 1) and homework (exercise 2). */
struct results {
	int quiz_pct;
	bool quiz_passed;
	int hw_pct;
	bool hw_graded;
	enum status fail; /* returned by the homework source when not ST_OK */
};
static struct results res;

static enum status quiz_best(struct ctx *c, int64_t user_id, int64_t exercise_id, int *pct, bool *passed,
			     GString *err)
{
	(void)c, (void)user_id, (void)err;
	g_assert_cmpint(exercise_id, ==, 1);
	*pct = res.quiz_pct;
	*passed = res.quiz_passed;
	return ST_OK;
}

static enum status homework_grade(struct ctx *c, int64_t user_id, int64_t exercise_id, int *pct, bool *graded,
				  GString *err)
{
	(void)c, (void)user_id;
	g_assert_cmpint(exercise_id, ==, 2);
	if (res.fail != ST_OK) {
		g_string_assign(err, "grades unavailable");
		return res.fail;
	}
	*pct = res.hw_graded ? res.hw_pct : 0;
	*graded = res.hw_graded;
	return ST_OK;
}

static const struct cert_scores fixture = {quiz_best, homework_grade};

static void add_user(struct fx *fx, struct user *u, const char *email, const char *lang, int roles)
{
	*u = (struct user){.email = (char *)email,
			   .name = "Ada Lovelace",
			   .lang = (char *)lang,
			   .roles = roles,
			   .created_at = 1};
	OK(fx, store_user_insert(fx->db, u, fx->err));
}

static void setup(struct fx *fx, gconstpointer data)
{
	(void)data;
	memset(&res, 0, sizeof res);
	fx->err = g_string_new(NULL);
	fx->a = arena_new();
	GError *gerr = NULL;
	fx->dir = g_dir_make_tmp("campus-cert-uc-XXXXXX", &gerr);
	g_assert_no_error(gerr);
	fx->path = g_build_filename(fx->dir, "test.db", NULL);
	char *url = g_strconcat("sqlite:", fx->path, NULL);
	fx->db = db_open(url, fx->err);
	g_free(url);
	g_assert_nonnull(fx->db);
	OK(fx, db_migrate(fx->db, fx->err));
	OK(fx, fx->db->be->exec_script(fx->db, content_sql, fx->err));
	add_user(fx, &fx->learner, "ada@example.org", "fr", ROLE_LEARNER);
	add_user(fx, &fx->staff, "staff@example.org", "en", ROLE_STAFF);
	config_defaults(&fx->cfg, fx->dir);
	fx->c = (struct ctx){
		.db = fx->db, .a = fx->a, .now = 1800000000, .cfg = &fx->cfg, .actor = &fx->learner};
}

static void teardown(struct fx *fx, gconstpointer data)
{
	(void)data;
	db_close(fx->db);
	static const char *const files[] = {"test.db", "test.db-wal", "test.db-shm", "test.db-journal",
					    "issuer.key"};
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *p = g_build_filename(fx->dir, files[i], NULL);
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

static void grant(struct fx *fx)
{
	struct ctx sc = fx->c;
	sc.actor = &fx->staff;
	OK(fx, premium_grant(&sc, fx->learner.id, "tests", 0, fx->err));
}

static struct cert_claim claim(struct fx *fx)
{
	struct cert_claim cl;
	g_string_truncate(fx->err, 0);
	OK(fx, certificates_claim(&fx->c, &fx->learner, "intro", &fixture, &cl, fx->err));
	return cl;
}

static int64_t count_pending_mail(struct fx *fx)
{
	int64_t n = -1;
	OK(fx, store_outbox_pending(fx->db, &n, fx->err));
	return n;
}

/* 60 % on the quiz and 80 % on the homework: 70 % overall, exactly the bar. */
static void test_issue_once(struct fx *fx, gconstpointer data)
{
	(void)data;
	res = (struct results){.quiz_pct = 60, .quiz_passed = true, .hw_pct = 80, .hw_graded = true};
	grant(fx);
	int64_t mail0 = count_pending_mail(fx);
	struct cert_claim cl = claim(fx);
	g_assert_true(cl.issued);
	g_assert_true(cl.issued_now);
	g_assert_cmpint(cl.outcome.decision, ==, CERT_ISSUE);
	g_assert_cmpint(cl.cert.score_bp, ==, 7000);
	g_assert_cmpint(cl.cert.pass_mark, ==, 70);
	g_assert_cmpstr(cl.cert.lang, ==, "fr");
	g_assert_cmpstr(cl.cert.holder_name, ==, "Ada Lovelace");
	g_assert_cmpstr(cl.cert.course_title, ==, "Intro to things");
	g_assert_true(certificates_code_valid(cl.cert.code));
	g_assert_cmpint(count_pending_mail(fx), ==, mail0 + 1);
	struct audit_entry **au = NULL;
	int n = 0;
	OK(fx, store_audit_list(fx->db, fx->a, "certificate", cl.cert.id, 10, &au, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpstr(au[0]->action, ==, "certificate.issue");
	g_assert_nonnull(strstr(au[0]->after_json, cl.cert.code));
	char *code = g_strdup(cl.cert.code);

	/* Again, after the results fell and the grant was revoked: the same
	 * certificate, no second email. */
	res.quiz_pct = 0;
	res.quiz_passed = false;
	struct ctx sc = fx->c;
	sc.actor = &fx->staff;
	OK(fx, premium_revoke(&sc, fx->learner.id, "tests", fx->err));
	cl = claim(fx);
	g_assert_true(cl.issued);
	g_assert_false(cl.issued_now);
	g_assert_cmpstr(cl.cert.code, ==, code);
	g_assert_cmpint(count_pending_mail(fx), ==, mail0 + 1);
	struct certificate *list = NULL;
	size_t nl = 0;
	OK(fx, certificates_mine(&fx->c, &fx->learner, &list, &nl, fx->err));
	g_assert_cmpuint(nl, ==, 1);
	struct certificate got;
	OK(fx, certificates_get(&fx->c, code, &got, fx->err));
	g_assert_cmpint(got.user_id, ==, fx->learner.id);
	g_free(code);
}

/* One basis point below the bar: every exercise passed, not issued. */
static void test_overall_below_bar(struct fx *fx, gconstpointer data)
{
	(void)data;
	res = (struct results){.quiz_pct = 60, .quiz_passed = true, .hw_pct = 79, .hw_graded = true};
	grant(fx);
	struct cert_claim cl = claim(fx);
	g_assert_false(cl.issued);
	g_assert_cmpint(cl.outcome.decision, ==, CERT_NOT_YET);
	g_assert_cmpint(cl.outcome.not_passed, ==, 0);
	g_assert_cmpint(cl.outcome.overall_bp, ==, 6950);
	g_assert_cmpint(cl.outcome.pass_mark, ==, 70);
}

/* The homework: not graded yet, or graded under its own bar. */
static void test_homework(struct fx *fx, gconstpointer data)
{
	(void)data;
	grant(fx);
	res = (struct results){.quiz_pct = 100, .quiz_passed = true, .hw_graded = false};
	struct cert_claim cl = claim(fx);
	g_assert_cmpint(cl.outcome.decision, ==, CERT_NOT_YET);
	g_assert_cmpuint(cl.n_lines, ==, 2);
	g_assert_false(cl.lines[1].attempted);
	g_assert_false(cl.lines[1].passed);
	g_assert_cmpint(cl.outcome.not_passed, ==, 1);

	res = (struct results){.quiz_pct = 100, .quiz_passed = true, .hw_pct = 49, .hw_graded = true};
	cl = claim(fx);
	g_assert_cmpint(cl.outcome.decision, ==, CERT_NOT_YET);
	g_assert_true(cl.lines[1].attempted);
	g_assert_false(cl.lines[1].passed);

	res.hw_pct = 50;
	cl = claim(fx);
	g_assert_cmpint(cl.outcome.decision, ==, CERT_ISSUE);
	g_assert_true(cl.issued_now);
	g_assert_cmpint(cl.cert.score_bp, ==, 7500);
}

/* Without Premium: the preview, nothing stored, no email. */
static void test_preview(struct fx *fx, gconstpointer data)
{
	(void)data;
	res = (struct results){.quiz_pct = 100, .quiz_passed = true, .hw_pct = 100, .hw_graded = true};
	int64_t mail0 = count_pending_mail(fx);
	struct cert_claim cl = claim(fx);
	g_assert_false(cl.issued);
	g_assert_false(cl.subscriber);
	g_assert_cmpint(cl.outcome.decision, ==, CERT_PREVIEW);
	g_assert_cmpint(cl.outcome.overall_bp, ==, 10000);
	struct certificate *list = NULL;
	size_t n = 9;
	OK(fx, certificates_mine(&fx->c, &fx->learner, &list, &n, fx->err));
	g_assert_cmpuint(n, ==, 0);
	g_assert_cmpint(count_pending_mail(fx), ==, mail0);
}

static void test_edges(struct fx *fx, gconstpointer data)
{
	(void)data;
	grant(fx);
	struct cert_claim cl;
	/* A course without exercises assesses nothing. */
	OK(fx, certificates_claim(&fx->c, &fx->learner, "empty", &fixture, &cl, fx->err));
	g_assert_cmpint(cl.outcome.decision, ==, CERT_NOT_YET);
	g_assert_cmpuint(cl.n_lines, ==, 0);
	g_assert_false(cl.issued);
	g_assert_cmpint(certificates_claim(&fx->c, &fx->learner, "nope", &fixture, &cl, fx->err), ==,
			ST_NOTFOUND);
	g_assert_cmpint(certificates_claim(&fx->c, NULL, "intro", &fixture, &cl, fx->err), ==,
			ST_UNAUTHORIZED);
	/* A results source that fails: its error, nothing issued. */
	res = (struct results){.quiz_pct = 100, .quiz_passed = true, .fail = ST_DB};
	g_string_truncate(fx->err, 0);
	g_assert_cmpint(certificates_claim(&fx->c, &fx->learner, "intro", &fixture, &cl, fx->err), ==, ST_DB);
	g_assert_cmpstr(fx->err->str, ==, "grades unavailable");
	struct certificate *list = NULL;
	size_t n = 9;
	OK(fx, certificates_mine(&fx->c, &fx->learner, &list, &n, fx->err));
	g_assert_cmpuint(n, ==, 0);
	/* Codes: shape checked before any lookup. */
	struct certificate got;
	g_assert_cmpint(certificates_get(&fx->c, "abc", &got, fx->err), ==, ST_NOTFOUND);
	g_assert_cmpint(certificates_get(&fx->c, "AAAAAAAAAAA1", &got, fx->err), ==, ST_NOTFOUND);
	g_assert_cmpint(certificates_get(&fx->c, "AAAAAAAAAAAA", &got, fx->err), ==, ST_NOTFOUND);
	g_assert_false(certificates_code_valid("AAAAAAAAAAA8"));
	g_assert_true(certificates_code_valid("ABCDEFGHJK27"));
}

/* The issuer key: made once in DATA, 0600, stable; the badge verifies with
 * it and a damaged key file is an error, not a new key. */
static void test_issuer_key(struct fx *fx, gconstpointer data)
{
	(void)data;
	res = (struct results){.quiz_pct = 100, .quiz_passed = true, .hw_pct = 100, .hw_graded = true};
	grant(fx);
	struct cert_claim cl = claim(fx);
	g_assert_true(cl.issued_now);
	struct badge_issuer a, b;
	OK(fx, certificates_issuer(&fx->c, &a, fx->err));
	char *key = g_build_filename(fx->dir, "issuer.key", NULL);
	GStatBuf sb;
	g_assert_cmpint(g_stat(key, &sb), ==, 0);
	g_assert_cmpint(sb.st_mode & 0777, ==, 0600);
	OK(fx, certificates_issuer(&fx->c, &b, fx->err));
	unsigned char pa[crypto_sign_PUBLICKEYBYTES], pb[crypto_sign_PUBLICKEYBYTES];
	badge_issuer_public_key(&a, pa);
	badge_issuer_public_key(&b, pb);
	g_assert_cmpmem(pa, sizeof pa, pb, sizeof pb);
	g_assert_cmpstr(a.key_url, ==, "http://127.0.0.1:8080/issuer#key-1");
	char *jwt = NULL;
	OK(fx, certificates_badge(&fx->c, &cl.cert, &jwt, fx->err));
	json_t *payload = NULL;
	g_assert_true(badge_verify_jwt(jwt, pa, &payload));
	json_t *vc = json_object_get(payload, "vc");
	g_assert_cmpstr(json_string_value(json_object_get(payload, "jti")), ==,
			certificates_url(&fx->c, &cl.cert));
	char *vc_text = json_dumps(vc, 0);
	g_assert_null(strstr(vc_text, "ada@example.org"));
	free(vc_text);
	json_decref(payload);
	char *profile = NULL;
	OK(fx, certificates_issuer_profile(&fx->c, &profile, fx->err));
	g_assert_nonnull(strstr(profile, "\"kty\":\"OKP\""));
	g_assert_null(strstr(profile, "\"d\""));
	badge_issuer_wipe(&a);
	badge_issuer_wipe(&b);
	g_assert_true(g_file_set_contents(key, "not hex\n", -1, NULL));
	struct badge_issuer c;
	g_assert_cmpint(certificates_issuer(&fx->c, &c, fx->err), ==, ST_IO);
	g_assert_nonnull(strstr(fx->err->str, "damaged"));
	g_free(key);
}

/* Revocation: staff or the system only, with a reason, once; audited and
 * emailed. */
static void test_revoke(struct fx *fx, gconstpointer data)
{
	(void)data;
	res = (struct results){.quiz_pct = 100, .quiz_passed = true, .hw_pct = 100, .hw_graded = true};
	grant(fx);
	struct cert_claim cl = claim(fx);
	g_assert_true(cl.issued_now);
	g_assert_cmpint(certificates_revoke(&fx->c, cl.cert.code, "fraud", fx->err), ==, ST_FORBIDDEN);
	struct ctx sc = fx->c;
	sc.actor = &fx->staff;
	g_assert_cmpint(certificates_revoke(&sc, cl.cert.code, "", fx->err), ==, ST_INVALID);
	int64_t mail0 = count_pending_mail(fx);
	OK(fx, certificates_revoke(&sc, cl.cert.code, "Copied answers", fx->err));
	g_assert_cmpint(count_pending_mail(fx), ==, mail0 + 1);
	g_assert_cmpint(certificates_revoke(&sc, cl.cert.code, "again", fx->err), ==, ST_CONFLICT);
	struct certificate got;
	OK(fx, certificates_get(&fx->c, cl.cert.code, &got, fx->err));
	g_assert_cmpint(got.revoked_at, ==, fx->c.now);
	struct audit_entry **au = NULL;
	int n = 0;
	OK(fx, store_audit_list(fx->db, fx->a, "certificate", got.id, 10, &au, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_cmpstr(au[0]->action, ==, "certificate.revoke");
	g_assert_nonnull(strstr(au[0]->after_json, "Copied answers"));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_assert_true(sodium_init() >= 0);
	g_test_add("/cert/usecase/cert1-issue-once", struct fx, NULL, setup, test_issue_once, teardown);
	g_test_add("/cert/usecase/cert1-overall-below-bar", struct fx, NULL, setup, test_overall_below_bar,
		   teardown);
	g_test_add("/cert/usecase/cert1-homework", struct fx, NULL, setup, test_homework, teardown);
	g_test_add("/cert/usecase/cert1-preview", struct fx, NULL, setup, test_preview, teardown);
	g_test_add("/cert/usecase/edges", struct fx, NULL, setup, test_edges, teardown);
	g_test_add("/cert/usecase/issuer-key", struct fx, NULL, setup, test_issuer_key, teardown);
	g_test_add("/cert/usecase/revoke", struct fx, NULL, setup, test_revoke, teardown);
	return g_test_run();
}
