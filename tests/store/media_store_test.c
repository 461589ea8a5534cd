/* The media suite on a real database, run on SQLite and on PostgreSQL like
 * store_test.c (same environment variables): the Premium rights port
 * (ops/premium.c: premium_get, premium_use, premium_grant, premium_revoke
 * with their audit entries), the staff grants use cases (media/grants.c)
 * and the videos' access and signed links (media/media.c) over
 * store/media.c. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/config.h"
#include "base/secrets.h"
#include "db/db.h"
#include "media/grants.h"
#include "media/media.h"
#include "ops/premium.h"
#include "store/store_media.h"

#include "base/banned.h"

static const char *test_url; /* NULL: a temp SQLite file per test */
static bool test_pg;

enum { T0 = 1800000000 }; /* 2027-01-15, the tests' now */

struct fx {
	struct db *db;
	struct arena *a;
	GString *err;
	char *dir, *path;
	struct config cfg;
	struct ctx c;
	struct user *staff, *learner;
};

#define CHECK(fx, expr, want)                                                                                \
	do {                                                                                                 \
		enum status st_ = (expr);                                                                    \
		if (st_ != (want))                                                                           \
			g_error("%s:%d: %s gave %s (want %s): %s", __FILE__, __LINE__, #expr,                \
				status_name(st_), status_name(want), (fx)->err->str);                        \
	} while (0)
#define OK(fx, expr) CHECK(fx, expr, ST_OK)

static struct user *add_user(struct fx *fx, const char *email, int roles)
{
	struct user *u = arena_alloc(fx->a, sizeof(*u));
	*u = (struct user){
		.email = (char *)email, .name = "Test", .lang = "en", .roles = roles, .created_at = 1000};
	OK(fx, store_user_insert(fx->db, u, fx->err));
	return u;
}

static void setup(struct fx *fx, gconstpointer data)
{
	(void)data;
	fx->err = g_string_new(NULL);
	fx->a = arena_new();
	char *url;
	if (test_pg) {
		url = g_strdup(test_url);
	} else {
		GError *gerr = NULL;
		fx->dir = g_dir_make_tmp("campus-media-XXXXXX", &gerr);
		g_assert_no_error(gerr);
		fx->path = g_build_filename(fx->dir, "test.db", NULL);
		url = g_strconcat("sqlite:", fx->path, NULL);
	}
	fx->db = db_open(url, fx->err);
	if (!fx->db)
		g_error("db_open %s: %s", url, fx->err->str);
	g_free(url);
	if (test_pg)
		OK(fx, fx->db->be->exec_script(fx->db,
					       "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
					       fx->err));
	OK(fx, db_migrate(fx->db, fx->err));
	config_defaults(&fx->cfg, fx->dir ? fx->dir : "/nonexistent");
	fx->c = (struct ctx){.db = fx->db, .a = fx->a, .now = T0, .cfg = &fx->cfg};
	fx->staff = add_user(fx, "staff@x.test", ROLE_STAFF);
	fx->learner = add_user(fx, "learner@x.test", ROLE_LEARNER);
	fx->c.actor = fx->staff;
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
	}
	if (fx->dir)
		g_rmdir(fx->dir);
	g_free(fx->dir);
	g_free(fx->path);
	config_clear(&fx->cfg);
	arena_free(fx->a);
	g_string_free(fx->err, TRUE);
}

static struct premium get(struct fx *fx, int64_t user, int64_t at)
{
	struct premium p;
	int64_t keep = fx->c.now;
	fx->c.now = at;
	OK(fx, premium_get(&fx->c, user, &p, fx->err));
	fx->c.now = keep;
	return p;
}

static int audit_count(struct fx *fx, int64_t user, const char *action)
{
	struct audit_entry **list = NULL;
	int n = 0, k = 0;
	OK(fx, store_audit_list(fx->db, fx->a, "user", user, 100, &list, &n, fx->err));
	for (int i = 0; i < n; i++)
		if (!strcmp(list[i]->action, action)) {
			g_assert_cmpstr(list[i]->actor, ==, "staff@x.test");
			k++;
		}
	return k;
}

/* CRS-2 + DATA-1: a grant gives Premium from now until its end, audited;
 * revoking ends it at once, audited. */
static void test_premium_grant_revoke(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t id = fx->learner->id;
	g_assert_false(get(fx, id, T0).active);
	OK(fx, premium_grant(&fx->c, id, "scholarship", T0 + 100, fx->err));
	struct premium p = get(fx, id, T0);
	g_assert_true(p.active);
	g_assert_cmpstr(p.source, ==, "grant");
	g_assert_cmpint(p.until, ==, T0 + 100);
	g_assert_true(get(fx, id, T0 + 99).active);
	g_assert_false(get(fx, id, T0 + 100).active); /* ends_at is exclusive */
	g_assert_false(get(fx, id, T0 - 1).active); /* not before it starts */
	g_assert_false(get(fx, fx->staff->id, T0).active); /* for that user only */
	OK(fx, premium_use(&fx->c, id, "download", &p, fx->err));
	g_assert_true(p.active);
	g_assert_cmpint(audit_count(fx, id, "premium.grant"), ==, 1);

	OK(fx, premium_grant(&fx->c, id, "open-ended", 0, fx->err));
	p = get(fx, id, T0 + 1000000);
	g_assert_true(p.active);
	g_assert_cmpint(p.until, ==, 0); /* the open-ended grant wins */

	fx->c.now = T0 + 10;
	OK(fx, premium_revoke(&fx->c, id, "left", fx->err));
	g_assert_false(get(fx, id, T0 + 10).active);
	g_assert_false(get(fx, id, T0 + 1000000).active);
	g_assert_cmpint(audit_count(fx, id, "premium.revoke"), ==, 1);
	CHECK(fx, premium_revoke(&fx->c, id, "again", fx->err), ST_NOTFOUND);
	g_assert_cmpint(audit_count(fx, id, "premium.revoke"), ==, 1);
}

static void test_premium_grant_invalid(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t id = fx->learner->id;
	CHECK(fx, premium_grant(&fx->c, id, "", 0, fx->err), ST_INVALID);
	CHECK(fx, premium_grant(&fx->c, id, NULL, 0, fx->err), ST_INVALID);
	CHECK(fx, premium_grant(&fx->c, id, "why", T0, fx->err), ST_INVALID);
	CHECK(fx, premium_grant(&fx->c, id, "why", T0 - 1, fx->err), ST_INVALID);
	g_assert_false(get(fx, id, T0).active);
	g_assert_cmpint(audit_count(fx, id, "premium.grant"), ==, 0);
}

/* The staff use cases: staff only, one active grant at a time, listing and
 * paging, and all or nothing. */
static void test_grants_use_cases(struct fx *fx, gconstpointer data)
{
	(void)data;
	GArray *errs = field_errors_new();
	int64_t id = fx->learner->id;
	struct media_grant *g = NULL;
	int n = -1;
	bool more = true;

	fx->c.actor = fx->learner;
	CHECK(fx, grants_grant(&fx->c, id, "self-service", 0, errs, fx->err), ST_FORBIDDEN);
	CHECK(fx, grants_list(&fx->c, 0, &g, &n, &more, fx->err), ST_FORBIDDEN);
	CHECK(fx, grants_revoke(&fx->c, id, NULL, fx->err), ST_FORBIDDEN);
	fx->c.actor = NULL;
	CHECK(fx, grants_grant(&fx->c, id, "nobody", 0, errs, fx->err), ST_UNAUTHORIZED);
	g_assert_false(get(fx, id, T0).active);

	fx->c.actor = fx->staff;
	CHECK(fx, grants_grant(&fx->c, id, "  ", T0 - 5, errs, fx->err), ST_INVALID);
	g_assert_cmpuint(errs->len, ==, 2); /* reason and ends_on */
	g_array_set_size(errs, 0);
	CHECK(fx, grants_grant(&fx->c, 999999, "ghost", 0, errs, fx->err), ST_NOTFOUND);
	OK(fx, grants_grant(&fx->c, id, "partner", T0 + 86400, errs, fx->err));
	CHECK(fx, grants_grant(&fx->c, id, "twice", 0, errs, fx->err), ST_CONFLICT);

	struct user *u = NULL;
	struct premium p;
	OK(fx, grants_find(&fx->c, " LEARNER@x.test ", &u, &p, fx->err));
	g_assert_cmpint(u->id, ==, id);
	g_assert_true(p.active);
	CHECK(fx, grants_find(&fx->c, "none@x.test", &u, &p, fx->err), ST_NOTFOUND);

	OK(fx, grants_list(&fx->c, 0, &g, &n, &more, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_false(more);
	g_assert_cmpstr(g[0].email, ==, "learner@x.test");
	g_assert_cmpstr(g[0].reason, ==, "partner");
	g_assert_cmpstr(g[0].granted_by, ==, "staff@x.test");
	g_assert_cmpint(g[0].starts_at, ==, T0);
	g_assert_cmpint(g[0].ends_at, ==, T0 + 86400);

	/* Paging: GRANTS_PAGE + 2 grants give a full page and a second one. */
	for (int i = 0; i < GRANTS_PAGE + 1; i++) {
		char *email = arena_printf(fx->a, "u%d@x.test", i);
		struct user *x = add_user(fx, email, ROLE_LEARNER);
		fx->c.now = T0 + 1 + i;
		OK(fx, grants_grant(&fx->c, x->id, "bulk", 0, errs, fx->err));
	}
	OK(fx, grants_list(&fx->c, 0, &g, &n, &more, fx->err));
	g_assert_cmpint(n, ==, GRANTS_PAGE);
	g_assert_true(more);
	g_assert_cmpstr(g[0].email, ==, arena_printf(fx->a, "u%d@x.test", GRANTS_PAGE)); /* newest first */
	OK(fx, grants_list(&fx->c, 1, &g, &n, &more, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_false(more);
	g_assert_cmpstr(g[1].email, ==, "learner@x.test");

	/* Revoked and ended grants leave the list. */
	OK(fx, grants_revoke(&fx->c, id, "done", fx->err));
	CHECK(fx, grants_revoke(&fx->c, id, "done", fx->err), ST_NOTFOUND);
	OK(fx, grants_list(&fx->c, 1, &g, &n, &more, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_array_free(errs, TRUE);
}

static int64_t add_video(struct fx *fx, const char *course, const char *opens_on)
{
	char *sql = g_strdup_printf(
		"INSERT INTO courses (slug, lang, title, level, category, duration_minutes, author, licence, "
		"opens_on, imported_at, updated_at) VALUES ('%s', 'en', 'Course', 'beginner', 'testing', 10, "
		"'A', 'CC-BY-SA-4.0', '%s', 1, 1);"
		"INSERT INTO chapters (course_id, slug, position, title, body_md, body_html) SELECT id, "
		"'intro', "
		"1, 'Introduction', '', '' FROM courses WHERE slug = '%s';"
		"INSERT INTO videos (course_id, slug, chapter_slug, title, path, mime, bytes) SELECT id, "
		"'welcome', 'intro', 'Welcome', '%s/welcome.webm', 'video/webm', 10 FROM courses WHERE slug "
		"= "
		"'%s';",
		course, opens_on, course, course, course);
	OK(fx, fx->db->be->exec_script(fx->db, sql, fx->err));
	g_free(sql);
	struct media_video *v = NULL;
	char *chapter = NULL;
	OK(fx, media_video_find(&fx->c, course, "welcome", &v, &chapter, fx->err));
	return v->id;
}

/* CRS-2, CRS-4: anyone streams an open course's videos; a coming-soon
 * course shows them to staff only. */
static void test_videos_access(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t open = add_video(fx, "open-course", "");
	int64_t soon = add_video(fx, "soon-course", "2027-02-01");
	struct media_video *v = NULL;
	char *chapter = NULL;

	fx->c.actor = NULL;
	OK(fx, media_video_get(&fx->c, open, &v, fx->err));
	g_assert_cmpstr(v->course_slug, ==, "open-course");
	g_assert_cmpstr(v->path, ==, "open-course/welcome.webm");
	g_assert_cmpstr(v->mime, ==, "video/webm");
	OK(fx, media_video_find(&fx->c, "open-course", "welcome", &v, &chapter, fx->err));
	g_assert_cmpstr(chapter, ==, "Introduction");
	CHECK(fx, media_video_find(&fx->c, "open-course", "nope", &v, &chapter, fx->err), ST_NOTFOUND);
	CHECK(fx, media_video_get(&fx->c, 999999, &v, fx->err), ST_NOTFOUND);
	CHECK(fx, media_video_get(&fx->c, soon, &v, fx->err), ST_NOTFOUND);
	fx->c.actor = fx->learner;
	CHECK(fx, media_video_get(&fx->c, soon, &v, fx->err), ST_NOTFOUND);
	fx->c.actor = fx->staff;
	OK(fx, media_video_get(&fx->c, soon, &v, fx->err));
	/* The day it opens (Paris time), everyone sees it. */
	fx->c.actor = NULL;
	fx->c.now = 1801436400; /* 2027-01-31T23:00:00Z = 1 February, midnight in Paris */
	OK(fx, media_video_get(&fx->c, soon, &v, fx->err));
	fx->c.now = 1801436399;
	CHECK(fx, media_video_get(&fx->c, soon, &v, fx->err), ST_NOTFOUND);
}

/* CRS-2: links for Premium users only, bound to them, re-checked. */
static void test_download_links(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t vid = add_video(fx, "open-course", "");
	unsigned char secret[32] = {42};
	char *path = NULL;
	int64_t exp = 0;
	struct media_video *v = NULL;
	enum link_check why;

	fx->c.actor = NULL;
	CHECK(fx, media_download_link(&fx->c, secret, 32, vid, &path, &exp, fx->err), ST_UNAUTHORIZED);
	fx->c.actor = fx->learner;
	CHECK(fx, media_download_link(&fx->c, secret, 32, vid, &path, &exp, fx->err), ST_FORBIDDEN);
	g_assert_nonnull(strstr(fx->err->str, "Premium"));

	fx->c.actor = fx->staff;
	OK(fx, premium_grant(&fx->c, fx->learner->id, "test", 0, fx->err));
	fx->c.actor = fx->learner;
	OK(fx, media_download_link(&fx->c, secret, 32, vid, &path, &exp, fx->err));
	g_assert_cmpint(exp, ==, T0 + 60 * 60); /* download_link_minutes = 60 */
	CHECK(fx, media_download_link(&fx->c, secret, 32, 999999, &path, &exp, fx->err), ST_NOTFOUND);

	/* Parse the query back. */
	OK(fx, media_download_link(&fx->c, secret, 32, vid, &path, &exp, fx->err));
	gchar **kv = g_strsplit(strchr(path, '?') + 1, "&", -1);
	const char *u = kv[0] + 2, *e = kv[1] + 4, *sig = kv[2] + 4;
	g_assert_true(g_str_has_prefix(kv[0], "u=") && g_str_has_prefix(kv[1], "exp=") &&
		      g_str_has_prefix(kv[2], "sig="));
	fx->c.actor = NULL; /* a bearer link: no session */
	OK(fx, media_download_check(&fx->c, secret, 32, vid, u, e, sig, &v, &why, fx->err));
	g_assert_cmpint(v->id, ==, vid);
	unsigned char other[32] = {43};
	CHECK(fx, media_download_check(&fx->c, other, 32, vid, u, e, sig, &v, &why, fx->err), ST_FORBIDDEN);
	g_assert_cmpint(why, ==, LINK_BAD_SIGNATURE);
	CHECK(fx, media_download_check(&fx->c, secret, 32, vid + 1, u, e, sig, &v, &why, fx->err),
	      ST_FORBIDDEN);
	fx->c.now = exp;
	CHECK(fx, media_download_check(&fx->c, secret, 32, vid, u, e, sig, &v, &why, fx->err), ST_FORBIDDEN);
	g_assert_cmpint(why, ==, LINK_EXPIRED);
	fx->c.now = exp - 1;
	OK(fx, media_download_check(&fx->c, secret, 32, vid, u, e, sig, &v, &why, fx->err));
	fx->c.actor = fx->staff;
	OK(fx, premium_revoke(&fx->c, fx->learner->id, "over", fx->err));
	CHECK(fx, media_download_check(&fx->c, secret, 32, vid, u, e, sig, &v, &why, fx->err), ST_FORBIDDEN);
	g_assert_cmpint(why, ==, LINK_VALID); /* genuine, but its user lost Premium */
	g_strfreev(kv);
}

static bool env_set(const char *name)
{
	const char *v = g_getenv(name);
	return v && *v;
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (!secrets_init())
		return 1;
	const char *backend = g_getenv("CAMPUS_TEST_BACKEND");
	if (backend && !strcmp(backend, "postgresql")) {
		test_url = g_getenv("CAMPUS_TEST_PG_URL");
		if (!env_set("CAMPUS_TEST_PG_URL")) {
			const char *req = g_getenv("CAMPUS_REQUIRE_PG");
			if (env_set("CI") || (req && !strcmp(req, "1"))) {
				fprintf(stderr,
					"media-store-postgresql: FAILED: CAMPUS_TEST_PG_URL is not set\n");
				return 1;
			}
			fprintf(stderr, "media-store-postgresql: skipped: set CAMPUS_TEST_PG_URL\n");
			return 77;
		}
		test_pg = true;
	}
#define ADD(path, fn) g_test_add(path, struct fx, NULL, setup, fn, teardown)
	ADD("/media-store/premium/crs2-grant-revoke-audited", test_premium_grant_revoke);
	ADD("/media-store/premium/grant-invalid", test_premium_grant_invalid);
	ADD("/media-store/grants/use-cases", test_grants_use_cases);
	ADD("/media-store/videos/crs2-crs4-access", test_videos_access);
	ADD("/media-store/videos/crs2-download-links", test_download_links);
	return g_test_run();
}
