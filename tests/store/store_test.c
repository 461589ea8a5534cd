/* The store suite: every function of store/store.h and the db layer under
 * it, on the backend that meson names (CAMPUS_TEST_BACKEND, see fixture.h):
 * a temporary SQLite file per test, or a fresh schema in this suite's own
 * PostgreSQL database. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "db/db.h"
#include "store/migrations.h"
#include "store/store.h"
#include "store/store_webperf.h"
#include "fixture.h"

#include "base/banned.h"

struct fx {
	struct fixture_db t;
	struct db *db; /* t.db */
	struct arena *a;
	GString *err;
	const char *url; /* t.url: the URL this test's database is at */
};

/* A fresh, empty database; migrated unless data is non-NULL. */
static void setup(struct fx *fx, gconstpointer data)
{
	fx->err = g_string_new(NULL);
	fx->a = arena_new();
	fx->db = fixture_open(&fx->t, !data);
	fx->url = fx->t.url;
}

static void teardown(struct fx *fx, gconstpointer data)
{
	(void)data;
	fixture_close(&fx->t);
	arena_free(fx->a);
	g_string_free(fx->err, TRUE);
}

static int64_t add_user(struct fx *fx, const char *email)
{
	struct user u = {.email = (char *)email,
			 .name = "Test",
			 .lang = "en",
			 .roles = ROLE_LEARNER,
			 .created_at = 1000};
	OK(fx, store_user_insert(fx->db, &u, fx->err));
	g_assert_cmpint(u.id, >, 0);
	return u.id;
}

/* ---- db layer ---- */

static void test_db_basics(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct db_rows *r = NULL;

	g_assert_cmpstr(db_backend_name(fx->db), ==, fixture_pg() ? "postgresql" : "sqlite");
	g_assert_true(db_is_pg(fx->db) == fixture_pg());
	OK(fx, db_query(fx->db, SQL_PING, DB_NOARGS, &r, fx->err));
	g_assert_cmpint(r->nrows, ==, 1);
	g_assert_cmpint(r->ncols, ==, 1);
	g_assert_cmpint(db_int(r, 0, 0), ==, 1);
	g_assert_cmpstr(db_text(r, 0, 0), ==, "1");
	db_rows_free(r);

	/* NULL cells, large integers, text with quotes, accents and a '$1' */
	struct user u = {.email = "o'brien$1@example.org",
			 .name = "Zoë \"$2\" O'Brien",
			 .created_at = INT64_C(9007199254740993)};
	OK(fx, store_user_insert(fx->db, &u, fx->err));
	OK(fx, db_query(fx->db, SQL_USER_BY_ID, DB_ARGS(DB_INT(u.id)), &r, fx->err));
	g_assert_cmpint(r->nrows, ==, 1);
	g_assert_cmpint(r->ncols, ==, 10);
	g_assert_cmpstr(db_text(r, 0, 1), ==, "o'brien$1@example.org");
	g_assert_cmpstr(db_text(r, 0, 2), ==, "Zoë \"$2\" O'Brien");
	g_assert_cmpuint(r->lens[2], ==, strlen("Zoë \"$2\" O'Brien"));
	g_assert_cmpint(db_int(r, 0, 8), ==, INT64_C(9007199254740993));
	g_assert_true(db_is_null(r, 0, 9));
	g_assert_cmpint(db_int(r, 0, 9), ==, 0);
	g_assert_false(db_is_null(r, 0, 0));
	db_rows_free(r);
	db_rows_free(NULL);

	/* a wrong parameter count is an error, not a crash */
	CHECK(fx, db_query(fx->db, SQL_USER_BY_ID, DB_NOARGS, &r, fx->err), ST_DB);
	g_assert_null(r);
	g_assert_cmpuint(fx->err->len, >, 0);
}

static void test_db_bad_url(void)
{
	GString *err = g_string_new(NULL);
	g_assert_null(db_open("mysql://localhost/x", err));
	g_assert_nonnull(strstr(err->str, "unsupported"));
	g_assert_null(db_open("sqlite:", err));
	g_assert_null(db_open("sqlite:/nonexistent-dir-campus/x/y.db", err));
	g_assert_null(db_open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", err));
	g_assert_nonnull(strstr(err->str, "postgresql"));
	g_string_free(err, TRUE);
}

/* ---- migrations ---- */

static void test_migrate_idempotent(struct fx *fx, gconstpointer data)
{
	(void)data; /* an unmigrated database */
	g_assert_cmpint(db_schema_version(fx->db), ==, 0);
	const int newest = migrations[migrations_count - 1].version;
	OK(fx, db_migrate(fx->db, fx->err));
	g_assert_cmpint(db_schema_version(fx->db), ==, newest);
	OK(fx, db_migrate(fx->db, fx->err));
	g_assert_cmpint(db_schema_version(fx->db), ==, newest);
	add_user(fx, "a@example.org");
	OK(fx, db_migrate(fx->db, fx->err));
	int64_t n = 0;
	OK(fx, store_user_count(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
}

struct migrate_arg {
	const char *url;
	GString *err;
	enum status st;
};

static gpointer migrate_thread(gpointer data)
{
	struct migrate_arg *m = data;
	struct db *db = db_open(m->url, m->err);
	if (!db) {
		m->st = ST_DB;
		return NULL;
	}
	m->st = db_migrate(db, m->err);
	db_close(db);
	return NULL;
}

/* Several processes starting at once must not trip over each other. */
static void test_migrate_concurrent(struct fx *fx, gconstpointer data)
{
	(void)data;
	enum { N = 4 };
	struct migrate_arg args[N];
	GThread *threads[N];
	for (int i = 0; i < N; i++) {
		args[i] = (struct migrate_arg){.url = fx->url, .err = g_string_new(NULL)};
		threads[i] = g_thread_new("migrate", migrate_thread, &args[i]);
	}
	for (int i = 0; i < N; i++) {
		g_thread_join(threads[i]);
		if (args[i].st != ST_OK)
			g_error("migration %d: %s", i, args[i].err->str);
		g_string_free(args[i].err, TRUE);
	}
	g_assert_cmpint(db_schema_version(fx->db), ==, migrations[migrations_count - 1].version);
}

/* ---- users ---- */

static void test_users_insert_lookup(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct user u = {.email = "Alice@Example.COM",
			 .name = "Alice",
			 .password_hash = "$argon2id$x",
			 .lang = "fr",
			 .country = "FR",
			 .birth_date = "2001-02-03",
			 .roles = ROLE_LEARNER | ROLE_MENTOR,
			 .created_at = 1234};
	OK(fx, store_user_insert(fx->db, &u, fx->err));
	g_assert_cmpint(u.id, >, 0);

	struct user *got = NULL;
	OK(fx, store_user_by_email(fx->db, fx->a, "alice@example.com", &got, fx->err));
	g_assert_cmpint(got->id, ==, u.id);
	g_assert_cmpstr(got->email, ==, "alice@example.com");
	g_assert_cmpstr(got->name, ==, "Alice");
	g_assert_cmpstr(got->password_hash, ==, "$argon2id$x");
	g_assert_cmpstr(got->lang, ==, "fr");
	g_assert_cmpstr(got->country, ==, "FR");
	g_assert_cmpstr(got->birth_date, ==, "2001-02-03");
	g_assert_cmpint(got->roles, ==, ROLE_LEARNER | ROLE_MENTOR);
	g_assert_cmpint(got->created_at, ==, 1234);
	g_assert_cmpint(got->verified_at, ==, 0);

	got = NULL;
	OK(fx, store_user_by_email(fx->db, fx->a, "ALICE@EXAMPLE.COM", &got, fx->err));
	g_assert_cmpint(got->id, ==, u.id);
	OK(fx, store_user_by_id(fx->db, fx->a, u.id, &got, fx->err));
	g_assert_cmpstr(got->email, ==, "alice@example.com");

	/* defaults for missing strings */
	struct user v = {.email = "bob@example.com", .created_at = 1};
	OK(fx, store_user_insert(fx->db, &v, fx->err));
	OK(fx, store_user_by_id(fx->db, fx->a, v.id, &got, fx->err));
	g_assert_cmpstr(got->password_hash, ==, "");
	g_assert_cmpstr(got->lang, ==, "en");
	g_assert_cmpstr(got->name, ==, "");

	CHECK(fx, store_user_by_email(fx->db, fx->a, "nobody@example.com", &got, fx->err), ST_NOTFOUND);
	CHECK(fx, store_user_by_id(fx->db, fx->a, 999999, &got, fx->err), ST_NOTFOUND);
	struct user w = {.email = "", .created_at = 1};
	CHECK(fx, store_user_insert(fx->db, &w, fx->err), ST_INVALID);

	int64_t n = 0;
	OK(fx, store_user_count(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
}

static void test_users_duplicate(struct fx *fx, gconstpointer data)
{
	(void)data;
	add_user(fx, "carol@example.com");
	struct user u = {.email = "CAROL@example.COM", .created_at = 5};
	CHECK(fx, store_user_insert(fx->db, &u, fx->err), ST_CONFLICT);
	g_assert_cmpint(u.id, ==, 0);
	g_assert_nonnull(strstr(fx->err->str, "carol@example.com"));
	/* non-ASCII case folding */
	add_user(fx, "Élodie@example.fr");
	struct user e = {.email = "élodie@EXAMPLE.fr", .created_at = 5};
	CHECK(fx, store_user_insert(fx->db, &e, fx->err), ST_CONFLICT);
	int64_t n = 0;
	OK(fx, store_user_count(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
}

static void test_users_setters(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t id = add_user(fx, "dan@example.com");
	struct user *u = NULL;

	OK(fx, store_user_set_password(fx->db, id, "$argon2id$new", fx->err));
	OK(fx, store_user_set_profile(fx->db, id, "Daniel", "BE", "fr", fx->err));
	OK(fx, store_user_by_id(fx->db, fx->a, id, &u, fx->err));
	g_assert_cmpstr(u->password_hash, ==, "$argon2id$new");
	g_assert_cmpstr(u->name, ==, "Daniel");
	g_assert_cmpstr(u->country, ==, "BE");
	g_assert_cmpstr(u->lang, ==, "fr");

	OK(fx, store_user_set_lang(fx->db, id, "en", fx->err));
	OK(fx, store_user_set_roles(fx->db, id, ROLE_STAFF | ROLE_ADMIN, fx->err));
	OK(fx, store_user_mark_verified(fx->db, id, 4242, fx->err));
	OK(fx, store_user_by_id(fx->db, fx->a, id, &u, fx->err));
	g_assert_cmpstr(u->lang, ==, "en");
	g_assert_cmpint(u->roles, ==, ROLE_STAFF | ROLE_ADMIN);
	g_assert_cmpint(u->verified_at, ==, 4242);

	CHECK(fx, store_user_set_password(fx->db, id + 100, "x", fx->err), ST_NOTFOUND);
	CHECK(fx, store_user_set_profile(fx->db, id + 100, "x", "FR", "fr", fx->err), ST_NOTFOUND);
	CHECK(fx, store_user_set_lang(fx->db, id + 100, "fr", fx->err), ST_NOTFOUND);
	CHECK(fx, store_user_set_roles(fx->db, id + 100, 1, fx->err), ST_NOTFOUND);
	CHECK(fx, store_user_mark_verified(fx->db, id + 100, 1, fx->err), ST_NOTFOUND);
}

/* ---- sessions ---- */

static void add_session(struct fx *fx, int64_t uid, const char *hash, int64_t seen, int64_t expires)
{
	struct session s = {.token_hash = (char *)hash,
			    .user_id = uid,
			    .created_at = seen,
			    .last_seen_at = seen,
			    .expires_at = expires,
			    .ip = "192.0.2.1",
			    .user_agent = "test/1.0"};
	OK(fx, store_session_insert(fx->db, &s, fx->err));
	g_assert_cmpint(s.id, >, 0);
}

static void test_sessions_basic(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t uid = add_user(fx, "eve@example.com");
	struct session s = {.token_hash = "h1",
			    .user_id = uid,
			    .created_at = 100,
			    .last_seen_at = 110,
			    .expires_at = 1000,
			    .ip = "198.51.100.7",
			    .user_agent = "Mozilla/5.0"};
	OK(fx, store_session_insert(fx->db, &s, fx->err));
	g_assert_cmpint(s.id, >, 0);
	CHECK(fx, store_session_insert(fx->db, &s, fx->err), ST_CONFLICT);

	struct session *got = NULL;
	OK(fx, store_session_by_hash(fx->db, fx->a, "h1", &got, fx->err));
	g_assert_cmpint(got->id, ==, s.id);
	g_assert_cmpstr(got->token_hash, ==, "h1");
	g_assert_cmpint(got->user_id, ==, uid);
	g_assert_cmpint(got->created_at, ==, 100);
	g_assert_cmpint(got->last_seen_at, ==, 110);
	g_assert_cmpint(got->expires_at, ==, 1000);
	g_assert_cmpstr(got->ip, ==, "198.51.100.7");
	g_assert_cmpstr(got->user_agent, ==, "Mozilla/5.0");

	OK(fx, store_session_touch(fx->db, s.id, 500, fx->err));
	OK(fx, store_session_by_hash(fx->db, fx->a, "h1", &got, fx->err));
	g_assert_cmpint(got->last_seen_at, ==, 500);
	CHECK(fx, store_session_touch(fx->db, s.id + 100, 500, fx->err), ST_NOTFOUND);

	OK(fx, store_session_delete(fx->db, "h1", fx->err));
	CHECK(fx, store_session_by_hash(fx->db, fx->a, "h1", &got, fx->err), ST_NOTFOUND);
	OK(fx, store_session_delete(fx->db, "h1", fx->err)); /* twice is fine */

	/* a session must belong to a user (foreign keys are on) */
	struct session orphan = {.token_hash = "h9",
				 .user_id = uid + 100,
				 .created_at = 1,
				 .last_seen_at = 1,
				 .expires_at = 2};
	CHECK(fx, store_session_insert(fx->db, &orphan, fx->err), ST_DB);
}

/* webperf: the session and its user in one statement give what the two
 * lookups give (the column order of the join follows SESSION_COLS and
 * USER_COLS). */
static void test_sessions_with_user(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t uid = add_user(fx, "joined@example.com");
	OK(fx, store_user_set_profile(fx->db, uid, "Jo Ined", "BE", "fr", fx->err));
	OK(fx, store_user_set_roles(fx->db, uid, 5, fx->err));
	OK(fx, store_user_mark_verified(fx->db, uid, 777, fx->err));
	add_session(fx, uid, "hj", 300, 9000);
	struct session *s = NULL, *s2 = NULL;
	struct user *u = NULL, *u2 = NULL;
	OK(fx, store_session_user_by_hash(fx->db, fx->a, "hj", &s, &u, fx->err));
	OK(fx, store_session_by_hash(fx->db, fx->a, "hj", &s2, fx->err));
	OK(fx, store_user_by_id(fx->db, fx->a, uid, &u2, fx->err));
	g_assert_cmpint(s->id, ==, s2->id);
	g_assert_cmpstr(s->token_hash, ==, "hj");
	g_assert_cmpint(s->user_id, ==, uid);
	g_assert_cmpint(s->created_at, ==, 300);
	g_assert_cmpint(s->last_seen_at, ==, 300);
	g_assert_cmpint(s->expires_at, ==, 9000);
	g_assert_cmpstr(s->ip, ==, s2->ip);
	g_assert_cmpstr(s->user_agent, ==, s2->user_agent);
	g_assert_cmpint(u->id, ==, u2->id);
	g_assert_cmpstr(u->email, ==, u2->email);
	g_assert_cmpstr(u->name, ==, "Jo Ined");
	g_assert_cmpstr(u->password_hash, ==, u2->password_hash);
	g_assert_cmpstr(u->lang, ==, "fr");
	g_assert_cmpstr(u->country, ==, "BE");
	g_assert_cmpstr(u->birth_date, ==, u2->birth_date);
	g_assert_cmpint(u->roles, ==, 5);
	g_assert_cmpint(u->created_at, ==, u2->created_at);
	g_assert_cmpint(u->verified_at, ==, 777);
	CHECK(fx, store_session_user_by_hash(fx->db, fx->a, "nope", &s, &u, fx->err), ST_NOTFOUND);
	OK(fx, store_session_delete(fx->db, "hj", fx->err));
	CHECK(fx, store_session_user_by_hash(fx->db, fx->a, "hj", &s, &u, fx->err), ST_NOTFOUND);
}

static void test_sessions_delete_user(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t u1 = add_user(fx, "f1@example.com"), u2 = add_user(fx, "f2@example.com");
	struct session *got = NULL;
	add_session(fx, u1, "a1", 100, 1000);
	add_session(fx, u1, "a2", 100, 1000);
	add_session(fx, u1, "a3", 100, 1000);
	add_session(fx, u2, "b1", 100, 1000);

	OK(fx, store_session_delete_user(fx->db, u1, "a2", fx->err));
	OK(fx, store_session_by_hash(fx->db, fx->a, "a2", &got, fx->err));
	CHECK(fx, store_session_by_hash(fx->db, fx->a, "a1", &got, fx->err), ST_NOTFOUND);
	CHECK(fx, store_session_by_hash(fx->db, fx->a, "a3", &got, fx->err), ST_NOTFOUND);
	OK(fx, store_session_by_hash(fx->db, fx->a, "b1", &got, fx->err));

	OK(fx, store_session_delete_user(fx->db, u1, NULL, fx->err));
	CHECK(fx, store_session_by_hash(fx->db, fx->a, "a2", &got, fx->err), ST_NOTFOUND);
	OK(fx, store_session_by_hash(fx->db, fx->a, "b1", &got, fx->err));
}

static void test_sessions_purge(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t uid = add_user(fx, "g@example.com");
	struct session *got = NULL;
	add_session(fx, uid, "live", 500, 1000);
	add_session(fx, uid, "idle", 100, 2000);
	add_session(fx, uid, "expired", 650, 700);
	add_session(fx, uid, "edge", 300, 701); /* last seen exactly at the bound */

	int64_t deleted = -1;
	OK(fx, store_session_purge(fx->db, 300, 700, &deleted, fx->err));
	g_assert_cmpint(deleted, ==, 2);
	OK(fx, store_session_by_hash(fx->db, fx->a, "live", &got, fx->err));
	OK(fx, store_session_by_hash(fx->db, fx->a, "edge", &got, fx->err));
	CHECK(fx, store_session_by_hash(fx->db, fx->a, "idle", &got, fx->err), ST_NOTFOUND);
	CHECK(fx, store_session_by_hash(fx->db, fx->a, "expired", &got, fx->err), ST_NOTFOUND);
	OK(fx, store_session_purge(fx->db, 300, 700, &deleted, fx->err));
	g_assert_cmpint(deleted, ==, 0);
	OK(fx, store_session_purge(fx->db, 300, 700, NULL, fx->err));
}

/* ---- tokens ---- */

static void test_tokens_consume(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t uid = add_user(fx, "h@example.com"), got = 0;
	OK(fx, store_token_insert(fx->db, uid, "verify", "t1", 1000, 2000, fx->err));
	OK(fx, store_token_insert(fx->db, uid, "reset", "t2", 1000, 1200, fx->err));
	CHECK(fx, store_token_insert(fx->db, uid, "reset", "t1", 1000, 1200, fx->err), ST_CONFLICT);

	/* wrong purpose */
	CHECK(fx, store_token_consume(fx->db, "reset", "t1", 1500, &got, fx->err), ST_NOTFOUND);
	/* once */
	OK(fx, store_token_consume(fx->db, "verify", "t1", 1500, &got, fx->err));
	g_assert_cmpint(got, ==, uid);
	got = 0;
	CHECK(fx, store_token_consume(fx->db, "verify", "t1", 1501, &got, fx->err), ST_NOTFOUND);
	g_assert_cmpint(got, ==, 0);
	/* expired: expires_at is the first second it no longer works */
	CHECK(fx, store_token_consume(fx->db, "reset", "t2", 1200, &got, fx->err), ST_NOTFOUND);
	OK(fx, store_token_consume(fx->db, "reset", "t2", 1199, &got, fx->err));
	/* unknown */
	CHECK(fx, store_token_consume(fx->db, "verify", "nope", 1000, &got, fx->err), ST_NOTFOUND);
}

static void test_tokens_api(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t uid = add_user(fx, "i@example.com"), id = 0, id2 = 0, got = 0;
	OK(fx, store_api_token_insert(fx->db, uid, "backup script", "k1", 100, &id, fx->err));
	OK(fx, store_api_token_insert(fx->db, uid, "ci", "k2", 100, &id2, fx->err));
	g_assert_cmpint(id, >, 0);
	g_assert_cmpint(id2, >, id);
	CHECK(fx, store_api_token_insert(fx->db, uid, "dup", "k1", 100, NULL, fx->err), ST_CONFLICT);
	OK(fx, store_api_token_user(fx->db, "k1", 200, &got, fx->err));
	g_assert_cmpint(got, ==, uid);
	OK(fx, store_api_token_user(fx->db, "k1", 300, &got, fx->err)); /* reusable */
	CHECK(fx, store_api_token_user(fx->db, "k3", 300, &got, fx->err), ST_NOTFOUND);
}

/* ---- terms ---- */

static void test_terms(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct terms *t = NULL, **list = NULL;
	int v = 0, n = -1;

	CHECK(fx, store_terms_current(fx->db, fx->a, &t, fx->err), ST_NOTFOUND);
	OK(fx, store_terms_list(fx->db, fx->a, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 0);

	for (int i = 1; i <= 3; i++) {
		char title[32], en[32], fr[32];
		g_snprintf(title, sizeof(title), "Terms %d", i);
		g_snprintf(en, sizeof(en), "English %d", i);
		g_snprintf(fr, sizeof(fr), "Français %d", i);
		OK(fx, store_terms_publish(fx->db, title, en, fr, 1000 + i, &v, fx->err));
		g_assert_cmpint(v, ==, i);
	}
	OK(fx, store_terms_current(fx->db, fx->a, &t, fx->err));
	g_assert_cmpint(t->version, ==, 3);
	g_assert_cmpstr(t->title, ==, "Terms 3");
	g_assert_cmpint(t->published_at, ==, 1003);
	OK(fx, store_terms_get(fx->db, fx->a, 2, &t, fx->err));
	g_assert_cmpint(t->version, ==, 2);
	g_assert_cmpstr(t->body_en, ==, "English 2");
	g_assert_cmpstr(t->body_fr, ==, "Français 2");
	CHECK(fx, store_terms_get(fx->db, fx->a, 9, &t, fx->err), ST_NOTFOUND);

	OK(fx, store_terms_list(fx->db, fx->a, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 3);
	for (int i = 0; i < n; i++)
		g_assert_cmpint(list[i]->version, ==, 3 - i);
	g_assert_cmpstr(list[2]->title, ==, "Terms 1");
}

static void test_acceptances(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t uid = add_user(fx, "j@example.com"), other = add_user(fx, "k@example.com");
	struct acceptance **list = NULL;
	int n = -1;

	struct acceptance a1 = {.user_id = uid,
				.kind = "terms",
				.version = 1,
				.accepted_at = 500,
				.ip = "203.0.113.5",
				.user_agent = "UA"};
	struct acceptance a2 = {.user_id = uid, .kind = "regulations", .version = 2, .accepted_at = 600};
	struct acceptance a3 = {.user_id = other, .kind = "terms", .version = 1, .accepted_at = 550};
	OK(fx, store_acceptance_insert(fx->db, &a2, fx->err));
	OK(fx, store_acceptance_insert(fx->db, &a1, fx->err));
	OK(fx, store_acceptance_insert(fx->db, &a3, fx->err));

	OK(fx, store_acceptance_list(fx->db, fx->a, uid, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_cmpstr(list[0]->kind, ==, "terms");
	g_assert_cmpint(list[0]->version, ==, 1);
	g_assert_cmpint(list[0]->accepted_at, ==, 500);
	g_assert_cmpint(list[0]->user_id, ==, uid);
	g_assert_cmpint(list[0]->id, >, 0);
	g_assert_cmpstr(list[0]->ip, ==, "203.0.113.5");
	g_assert_cmpstr(list[0]->user_agent, ==, "UA");
	g_assert_cmpstr(list[1]->kind, ==, "regulations");
	g_assert_cmpint(list[1]->version, ==, 2);
	g_assert_cmpstr(list[1]->ip, ==, "");

	OK(fx, store_acceptance_list(fx->db, fx->a, other + 100, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 0);
}

/* ---- sign-in throttling ---- */

static void test_throttle(struct fx *fx, gconstpointer data)
{
	(void)data;
	const char *ip1 = "192.0.2.10", *ip2 = "192.0.2.20";
	int64_t n = -1;

	OK(fx, store_signin_attempt_add(fx->db, "a@x.org", ip1, 100, false, fx->err));
	OK(fx, store_signin_attempt_add(fx->db, "A@X.org", ip1, 200, false, fx->err));
	OK(fx, store_signin_attempt_add(fx->db, "a@x.org", ip1, 250, true, fx->err));
	OK(fx, store_signin_attempt_add(fx->db, "a@x.org", ip1, 300, false, fx->err));
	OK(fx, store_signin_attempt_add(fx->db, "a@x.org", ip2, 300, false, fx->err));
	OK(fx, store_signin_attempt_add(fx->db, "b@x.org", ip1, 300, false, fx->err));

	OK(fx, store_signin_failures(fx->db, "a@x.org", ip1, 0, &n, fx->err));
	g_assert_cmpint(n, ==, 3);
	OK(fx, store_signin_failures(fx->db, "A@X.ORG", ip1, 150, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	OK(fx, store_signin_failures(fx->db, "a@x.org", ip1, 200, &n, fx->err));
	g_assert_cmpint(n, ==, 2); /* the window includes its start */
	OK(fx, store_signin_failures(fx->db, "a@x.org", ip1, 301, &n, fx->err));
	g_assert_cmpint(n, ==, 0);
	OK(fx, store_signin_failures(fx->db, "a@x.org", ip2, 0, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	OK(fx, store_signin_failures(fx->db, "b@x.org", ip2, 0, &n, fx->err));
	g_assert_cmpint(n, ==, 0);

	/* The purge drops what is older than its bound, and only that. */
	OK(fx, store_signin_purge(fx->db, 250, fx->err));
	OK(fx, store_signin_failures(fx->db, "a@x.org", ip1, 0, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	OK(fx, store_signin_failures(fx->db, "b@x.org", ip1, 0, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
}

/* ---- outbox ---- */

static void test_outbox(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct outbox_item **it = NULL;
	int n = -1;
	int64_t pending = -1;

	OK(fx, store_outbox_add(fx->db, "email", "{\"to\":\"a@x.org\"}", 1000, fx->err));
	OK(fx, store_outbox_add(fx->db, "email", "{\"to\":\"b@x.org\"}", 1000, fx->err));
	OK(fx, store_outbox_add(fx->db, "webhook", "{}", 1000, fx->err));
	OK(fx, store_outbox_add(fx->db, "email", "{}", 2000, fx->err)); /* not yet */
	OK(fx, store_outbox_pending(fx->db, &pending, fx->err));
	g_assert_cmpint(pending, ==, 4);

	CHECK(fx, store_outbox_claim(fx->db, fx->a, 999, 30, 10, &it, &n, fx->err), ST_OK);
	g_assert_cmpint(n, ==, 0);
	OK(fx, store_outbox_claim(fx->db, fx->a, 1000, 30, 2, &it, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_cmpint(it[0]->id, <, it[1]->id);
	g_assert_cmpstr(it[0]->topic, ==, "email");
	g_assert_cmpstr(it[0]->payload, ==, "{\"to\":\"a@x.org\"}");
	g_assert_cmpstr(it[1]->payload, ==, "{\"to\":\"b@x.org\"}");
	g_assert_cmpint(it[0]->attempts, ==, 1);
	int64_t first = it[0]->id, second = it[1]->id;

	/* the lease keeps the first two from a second claim */
	OK(fx, store_outbox_claim(fx->db, fx->a, 1000, 30, 10, &it, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpstr(it[0]->topic, ==, "webhook");
	int64_t third = it[0]->id;
	OK(fx, store_outbox_claim(fx->db, fx->a, 1029, 30, 10, &it, &n, fx->err));
	g_assert_cmpint(n, ==, 0);

	OK(fx, store_outbox_done(fx->db, first, 1005, fx->err));
	OK(fx, store_outbox_retry(fx->db, second, 1100, "smtp: 421 try later", fx->err));
	CHECK(fx, store_outbox_retry(fx->db, first, 1100, "x", fx->err), ST_NOTFOUND);
	CHECK(fx, store_outbox_done(fx->db, 999999, 1005, fx->err), ST_NOTFOUND);
	OK(fx, store_outbox_pending(fx->db, &pending, fx->err));
	g_assert_cmpint(pending, ==, 3);

	/* after the lease the third comes back (its worker died); the second
	 * waits for its retry time */
	OK(fx, store_outbox_claim(fx->db, fx->a, 1030, 30, 10, &it, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(it[0]->id, ==, third);
	g_assert_cmpint(it[0]->attempts, ==, 2);
	OK(fx, store_outbox_claim(fx->db, fx->a, 1100, 30, 10, &it, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_cmpint(it[0]->id, ==, second);
	g_assert_cmpint(it[0]->attempts, ==, 2);
	g_assert_cmpint(it[1]->id, ==, third);
	g_assert_cmpint(it[1]->attempts, ==, 3);

	CHECK(fx, store_outbox_claim(fx->db, fx->a, 1100, 0, 10, &it, &n, fx->err), ST_INVALID);
}

/* PostgreSQL: a claim skips rows another transaction has claimed but not
 * committed, instead of waiting or taking them twice. */
static void test_outbox_skip_locked(struct fx *fx, gconstpointer data)
{
	(void)data;
	if (!fixture_pg()) {
		g_test_skip("SQLite serialises writers");
		return;
	}
	struct outbox_item **it = NULL;
	int n = -1;
	for (int i = 0; i < 3; i++)
		OK(fx, store_outbox_add(fx->db, "email", "{}", 1000, fx->err));

	struct db *other = db_open(fx->url, fx->err);
	g_assert_nonnull(other);
	OK(fx, db_begin(fx->db, fx->err));
	OK(fx, store_outbox_claim(fx->db, fx->a, 1000, 60, 1, &it, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	int64_t mine = it[0]->id;

	OK(fx, store_outbox_claim(other, fx->a, 1000, 60, 10, &it, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_cmpint(it[0]->id, !=, mine);
	g_assert_cmpint(it[1]->id, !=, mine);
	OK(fx, db_commit(fx->db, fx->err));

	OK(fx, store_outbox_claim(other, fx->a, 1000, 60, 10, &it, &n, fx->err));
	g_assert_cmpint(n, ==, 0);
	db_close(other);
}

/* ---- jobs ---- */

static void test_jobs_unique(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct job **jobs = NULL;
	int n = -1;

	OK(fx, store_job_add(fx->db, "renew", "{\"sub\":1}", 100, "renew:1:2026-03", fx->err));
	OK(fx, store_job_add(fx->db, "renew", "{\"sub\":1,\"dup\":true}", 50, "renew:1:2026-03", fx->err));
	OK(fx, store_job_add(fx->db, "purge", NULL, 100, NULL, fx->err));
	OK(fx, store_job_add(fx->db, "purge", NULL, 100, NULL, fx->err));
	OK(fx, store_job_claim(fx->db, fx->a, 1000, 60, 10, &jobs, &n, fx->err));
	g_assert_cmpint(n, ==, 3);
	g_assert_cmpstr(jobs[0]->kind, ==, "renew");
	g_assert_cmpstr(jobs[0]->payload, ==, "{\"sub\":1}");
	g_assert_cmpint(jobs[0]->run_at, ==, 100);
	g_assert_cmpstr(jobs[1]->payload, ==, "");

	/* a finished job keeps its key: adding it again is still a no-op */
	OK(fx, store_job_done(fx->db, jobs[0]->id, 1001, fx->err));
	OK(fx, store_job_add(fx->db, "renew", "{}", 2000, "renew:1:2026-03", fx->err));
	int64_t next = -1;
	OK(fx, store_job_next(fx->db, &next, fx->err));
	g_assert_cmpint(next, ==, 1060); /* the purges, leased until 1060 */
}

static void test_jobs_claim(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct job **jobs = NULL;
	int n = -1;

	OK(fx, store_job_add(fx->db, "b", "{}", 100, NULL, fx->err));
	OK(fx, store_job_add(fx->db, "a", "{}", 50, NULL, fx->err));
	OK(fx, store_job_add(fx->db, "c", "{}", 200, NULL, fx->err));
	OK(fx, store_job_add(fx->db, "d", "{}", 100, NULL, fx->err));

	OK(fx, store_job_claim(fx->db, fx->a, 150, 60, 10, &jobs, &n, fx->err));
	g_assert_cmpint(n, ==, 3); /* oldest first; c is not due */
	g_assert_cmpstr(jobs[0]->kind, ==, "a");
	g_assert_cmpstr(jobs[1]->kind, ==, "b");
	g_assert_cmpstr(jobs[2]->kind, ==, "d");
	g_assert_cmpint(jobs[0]->attempts, ==, 1);
	int64_t a = jobs[0]->id, b = jobs[1]->id, d = jobs[2]->id;

	OK(fx, store_job_claim(fx->db, fx->a, 150, 60, 10, &jobs, &n, fx->err));
	g_assert_cmpint(n, ==, 0);
	OK(fx, store_job_done(fx->db, a, 160, fx->err));
	OK(fx, store_job_retry(fx->db, b, 300, "provider timeout", fx->err));
	CHECK(fx, store_job_retry(fx->db, a, 300, "x", fx->err), ST_NOTFOUND);
	CHECK(fx, store_job_done(fx->db, 999999, 160, fx->err), ST_NOTFOUND);

	/* at 210: c is due, d's lease (until 210) is over; b waits for 300 */
	OK(fx, store_job_claim(fx->db, fx->a, 210, 60, 1, &jobs, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(jobs[0]->id, ==, d);
	g_assert_cmpint(jobs[0]->attempts, ==, 2);
	OK(fx, store_job_claim(fx->db, fx->a, 210, 60, 10, &jobs, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpstr(jobs[0]->kind, ==, "c");
	OK(fx, store_job_done(fx->db, jobs[0]->id, 220, fx->err));
	OK(fx, store_job_done(fx->db, d, 220, fx->err));
	OK(fx, store_job_claim(fx->db, fx->a, 299, 60, 10, &jobs, &n, fx->err));
	g_assert_cmpint(n, ==, 0);
	OK(fx, store_job_claim(fx->db, fx->a, 300, 60, 10, &jobs, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(jobs[0]->id, ==, b);
	g_assert_cmpint(jobs[0]->run_at, ==, 300);
	g_assert_cmpint(jobs[0]->attempts, ==, 2);
	CHECK(fx, store_job_claim(fx->db, fx->a, 300, 60, 0, &jobs, &n, fx->err), ST_INVALID);
}

static void test_jobs_next(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct job **jobs = NULL;
	int n = -1;
	int64_t next = -1;

	OK(fx, store_job_next(fx->db, &next, fx->err));
	g_assert_cmpint(next, ==, 0);
	OK(fx, store_job_add(fx->db, "x", "", 500, NULL, fx->err));
	OK(fx, store_job_add(fx->db, "y", "", 300, NULL, fx->err));
	OK(fx, store_job_next(fx->db, &next, fx->err));
	g_assert_cmpint(next, ==, 300);
	OK(fx, store_job_claim(fx->db, fx->a, 300, 60, 10, &jobs, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	OK(fx, store_job_next(fx->db, &next, fx->err));
	g_assert_cmpint(next, ==, 360); /* y leased until 360 */
	OK(fx, store_job_done(fx->db, jobs[0]->id, 310, fx->err));
	OK(fx, store_job_next(fx->db, &next, fx->err));
	g_assert_cmpint(next, ==, 500);
}

/* ---- audit ---- */

static void append_audit(struct fx *fx, int64_t at, const char *action, const char *type, int64_t subject)
{
	struct audit_entry e = {.at = at,
				.actor_id = 7,
				.actor = "admin@x.org",
				.action = (char *)action,
				.subject_type = (char *)type,
				.subject_id = subject,
				.before_json = "",
				.after_json = "{\"ok\":true}",
				.ip = "192.0.2.1"};
	OK(fx, store_audit_append(fx->db, &e, fx->err));
}

static void test_audit(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct audit_entry **list = NULL;
	int n = -1;

	append_audit(fx, 100, "user.signup", "user", 1);
	append_audit(fx, 110, "user.verify", "user", 1);
	append_audit(fx, 120, "course.publish", "course", 7);
	append_audit(fx, 130, "user.signup", "user", 2);
	struct audit_entry sys = {.at = 140, .action = "jobs.purge"};
	OK(fx, store_audit_append(fx->db, &sys, fx->err));

	OK(fx, store_audit_list(fx->db, fx->a, NULL, 0, 10, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 5);
	g_assert_cmpstr(list[0]->action, ==, "jobs.purge");
	g_assert_cmpstr(list[0]->actor, ==, "system");
	g_assert_cmpint(list[0]->actor_id, ==, 0);
	g_assert_cmpstr(list[4]->action, ==, "user.signup");
	g_assert_cmpint(list[4]->at, ==, 100);
	g_assert_cmpint(list[4]->actor_id, ==, 7);
	g_assert_cmpstr(list[4]->actor, ==, "admin@x.org");
	g_assert_cmpstr(list[4]->subject_type, ==, "user");
	g_assert_cmpint(list[4]->subject_id, ==, 1);
	g_assert_cmpstr(list[4]->before_json, ==, "");
	g_assert_cmpstr(list[4]->after_json, ==, "{\"ok\":true}");
	g_assert_cmpstr(list[4]->ip, ==, "192.0.2.1");

	OK(fx, store_audit_list(fx->db, fx->a, "user", 1, 10, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_cmpstr(list[0]->action, ==, "user.verify");
	OK(fx, store_audit_list(fx->db, fx->a, "user", 0, 10, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 3);
	OK(fx, store_audit_list(fx->db, fx->a, NULL, 0, 2, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	OK(fx, store_audit_list(fx->db, fx->a, "invoice", 0, 10, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 0);
}

/* DATA-1: the database itself refuses to change the past. */
static void test_audit_append_only(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct audit_entry **list = NULL;
	int n = -1;
	append_audit(fx, 100, "user.signup", "user", 1);
	OK(fx, store_audit_list(fx->db, fx->a, NULL, 0, 10, &list, &n, fx->err));
	int64_t id = list[0]->id;

	CHECK(fx, db_exec(fx->db, SQL_TEST_AUDIT_UPDATE, DB_ARGS(DB_INT(id)), fx->err), ST_DB);
	g_assert_nonnull(strstr(fx->err->str, "append-only"));
	CHECK(fx, db_exec(fx->db, SQL_TEST_AUDIT_DELETE, DB_ARGS(DB_INT(id)), fx->err), ST_DB);
	g_assert_nonnull(strstr(fx->err->str, "append-only"));
	CHECK(fx, fx->db->be->exec_script(fx->db, "DELETE FROM audit_log", fx->err), ST_DB);
	if (fixture_pg())
		CHECK(fx, fx->db->be->exec_script(fx->db, "TRUNCATE audit_log", fx->err), ST_DB);

	OK(fx, store_audit_list(fx->db, fx->a, NULL, 0, 10, &list, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpstr(list[0]->action, ==, "user.signup");
}

/* ---- transactions ---- */

/* webperf: db_read_begin/db_read_end. On SQLite the statements between
 * share one snapshot (a commit of another connection shows after
 * db_read_end); on PostgreSQL the hint does nothing. Inside a transaction
 * it neither nests nor commits it. */
static void test_read_hint(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t n0 = -1, n = -1;
	bool sqlite = !db_is_pg(fx->db);
	db_read_begin(fx->db);
	OK(fx, store_user_count(fx->db, &n0, fx->err));
	struct db *other = db_open(fx->url, fx->err);
	g_assert_nonnull(other);
	struct user u = {.email = "other@example.com", .lang = "en", .created_at = 1};
	OK(fx, store_user_insert(other, &u, fx->err));
	OK(fx, store_user_count(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, sqlite ? n0 : n0 + 1);
	db_read_end(fx->db);
	OK(fx, store_user_count(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, n0 + 1);
	db_close(other);

	/* Ended by a rollback (as a request's end does), then again. */
	db_read_begin(fx->db);
	OK(fx, store_user_count(fx->db, &n, fx->err));
	OK(fx, db_rollback(fx->db));
	db_read_begin(fx->db);
	OK(fx, store_user_count(fx->db, &n, fx->err));
	db_read_end(fx->db);
	OK(fx, db_begin(fx->db, fx->err)); /* nothing left open */
	OK(fx, db_rollback(fx->db));

	/* Inside a transaction: no effect, and db_read_end does not commit. */
	OK(fx, db_begin(fx->db, fx->err));
	db_read_begin(fx->db);
	add_user(fx, "inside@example.com");
	db_read_end(fx->db);
	OK(fx, db_rollback(fx->db));
	OK(fx, store_user_count(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, n0 + 1);
}

static void test_tx(struct fx *fx, gconstpointer data)
{
	(void)data;
	int64_t n = -1;

	OK(fx, db_begin(fx->db, fx->err));
	add_user(fx, "tx1@example.com");
	OK(fx, store_outbox_add(fx->db, "email", "{}", 1, fx->err));
	OK(fx, db_rollback(fx->db));
	OK(fx, store_user_count(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, 0);
	OK(fx, store_outbox_pending(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, 0);

	OK(fx, db_begin(fx->db, fx->err));
	add_user(fx, "tx1@example.com");
	OK(fx, store_outbox_add(fx->db, "email", "{}", 1, fx->err));
	OK(fx, db_commit(fx->db, fx->err));
	OK(fx, store_user_count(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	OK(fx, store_outbox_pending(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, 1);

	/* a conflict inside a transaction, then rollback: nothing of it stays
	 * and the connection is usable */
	OK(fx, db_begin(fx->db, fx->err));
	add_user(fx, "tx2@example.com");
	struct user dup = {.email = "TX1@example.com", .created_at = 1};
	CHECK(fx, store_user_insert(fx->db, &dup, fx->err), ST_CONFLICT);
	OK(fx, db_rollback(fx->db));
	OK(fx, store_user_count(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, 1);
	OK(fx, db_rollback(fx->db)); /* nothing open: harmless */

	/* committing after an error: PostgreSQL has aborted the transaction,
	 * and db_commit says so; SQLite undid only the failed statement */
	OK(fx, db_begin(fx->db, fx->err));
	add_user(fx, "tx3@example.com");
	CHECK(fx, store_user_insert(fx->db, &dup, fx->err), ST_CONFLICT);
	CHECK(fx, db_commit(fx->db, fx->err), fixture_pg() ? ST_DB : ST_OK);
	OK(fx, store_user_count(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, fixture_pg() ? 1 : 2);
}

/* ---- pool ---- */

struct pool_arg {
	struct db_pool *pool;
	int thread, count;
	GString *err;
	enum status st;
};

enum { POOL_THREADS = 8, POOL_SIZE = 3, POOL_INSERTS = 25 };

/* Each insert is a transaction with its audit entry, on a connection
 * borrowed from the pool for that transaction only. */
static gpointer pool_thread(gpointer data)
{
	struct pool_arg *p = data;
	for (int i = 0; i < p->count && p->st == ST_OK; i++) {
		struct db *db = db_pool_get(p->pool);
		char email[64];
		g_snprintf(email, sizeof(email), "t%d-%d@example.com", p->thread, i);
		struct user u = {.email = email, .created_at = i};
		p->st = db_begin(db, p->err);
		if (p->st == ST_OK)
			p->st = store_user_insert(db, &u, p->err);
		if (p->st == ST_OK) {
			struct audit_entry e = {
				.at = i, .action = "user.signup", .subject_type = "user", .subject_id = u.id};
			p->st = store_audit_append(db, &e, p->err);
		}
		if (p->st == ST_OK)
			p->st = db_commit(db, p->err);
		else
			db_rollback(db);
		db_pool_put(p->pool, db);
	}
	return NULL;
}

static void test_pool_concurrent(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct db_pool *pool = db_pool_new(fx->url, POOL_SIZE, fx->err);
	if (!pool)
		g_error("db_pool_new: %s", fx->err->str);
	struct pool_arg args[POOL_THREADS];
	GThread *threads[POOL_THREADS];
	for (int i = 0; i < POOL_THREADS; i++) {
		args[i] = (struct pool_arg){.pool = pool,
					    .thread = i,
					    .count = POOL_INSERTS,
					    .err = g_string_new(NULL),
					    .st = ST_OK};
		threads[i] = g_thread_new("pool", pool_thread, &args[i]);
	}
	for (int i = 0; i < POOL_THREADS; i++) {
		g_thread_join(threads[i]);
		if (args[i].st != ST_OK)
			g_error("thread %d: %s: %s", i, status_name(args[i].st), args[i].err->str);
		g_string_free(args[i].err, TRUE);
	}
	db_pool_free(pool);

	int64_t n = 0;
	OK(fx, store_user_count(fx->db, &n, fx->err));
	g_assert_cmpint(n, ==, POOL_THREADS * POOL_INSERTS);
	struct audit_entry **list = NULL;
	int k = 0;
	OK(fx, store_audit_list(fx->db, fx->a, "user", 0, 1000, &list, &k, fx->err));
	g_assert_cmpint(k, ==, POOL_THREADS * POOL_INSERTS);

	g_assert_null(db_pool_new("sqlite:/nonexistent-dir-campus/x.db", 2, fx->err));
}

/* ---- main ---- */

#define ADD(path, fn) g_test_add(path, struct fx, NULL, setup, fn, teardown)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	int code = fixture_start("store");
	if (code >= 0)
		return code;

	ADD("/store/db/basics", test_db_basics);
	g_test_add_func("/store/db/bad-url", test_db_bad_url);
	g_test_add("/store/migrate/idempotent", struct fx, "fresh", setup, test_migrate_idempotent, teardown);
	g_test_add("/store/migrate/concurrent", struct fx, "fresh", setup, test_migrate_concurrent, teardown);
	ADD("/store/users/insert-lookup", test_users_insert_lookup);
	ADD("/store/users/duplicate", test_users_duplicate);
	ADD("/store/users/setters", test_users_setters);
	ADD("/store/sessions/basic", test_sessions_basic);
	ADD("/store/sessions/with-user", test_sessions_with_user);
	ADD("/store/sessions/delete-user", test_sessions_delete_user);
	ADD("/store/sessions/purge", test_sessions_purge);
	ADD("/store/tokens/consume", test_tokens_consume);
	ADD("/store/tokens/api", test_tokens_api);
	ADD("/store/terms/versions", test_terms);
	ADD("/store/terms/acceptances", test_acceptances);
	ADD("/store/throttle/failures", test_throttle);
	ADD("/store/outbox/claim", test_outbox);
	ADD("/store/outbox/skip-locked", test_outbox_skip_locked);
	ADD("/store/jobs/unique", test_jobs_unique);
	ADD("/store/jobs/claim", test_jobs_claim);
	ADD("/store/jobs/next", test_jobs_next);
	ADD("/store/audit/list", test_audit);
	ADD("/store/audit/append-only", test_audit_append_only);
	ADD("/store/tx/rollback", test_tx);
	ADD("/store/tx/read-hint", test_read_hint);
	ADD("/store/pool/concurrent", test_pool_concurrent);
	return fixture_end(g_test_run());
}
