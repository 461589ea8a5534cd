/* See fixture.h. */
#include "fixture.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/banned.h"

static char *suite_name;
static char *pg_base; /* CAMPUS_TEST_PG_URL: where the suite's database is created */
static char *pg_name; /* the suite's database */
static char *pg_url; /* its URL; NULL: SQLite */

static bool env_set(const char *name)
{
	const char *v = g_getenv(name);
	return v && *v;
}

/* Where the database name of a PostgreSQL URL starts ('/', or NULL when
 * it has none) and ends (at '?' or the end). */
static const char *database_slash(const char *url, const char **end)
{
	const char *q = strchr(url, '?');
	*end = q ? q : url + strlen(url);
	const char *host = strstr(url, "://");
	const char *slash = NULL;
	for (const char *p = host ? host + 3 : url; p < *end; p++)
		if (*p == '/')
			slash = p;
	return slash;
}

/* base with its database name replaced by name. Returns a new string
 * (g_free). */
static char *with_database(const char *base, const char *name)
{
	const char *end;
	const char *slash = database_slash(base, &end);
	GString *s = g_string_new_len(base, slash ? slash - base : end - base);
	g_string_append_printf(s, "/%s%s", name, end);
	return g_string_free(s, FALSE);
}

/* The database name in base, "postgres" when it has none. Returns a new
 * string (g_free). */
static char *database_of(const char *base)
{
	const char *end;
	const char *slash = database_slash(base, &end);
	if (!slash || slash + 1 == end)
		return g_strdup("postgres");
	return g_strndup(slash + 1, (size_t)(end - slash - 1));
}

/* Runs sql on the database at CAMPUS_TEST_PG_URL. Returns false (said on
 * stderr) on failure. */
static bool on_base(const char *sql)
{
	GString *err = g_string_new(NULL);
	struct db *db = db_open(pg_base, err);
	enum status st = db ? db->be->exec_script(db, sql, err) : ST_DB;
	if (st != ST_OK)
		fprintf(stderr, "%s-postgresql: %s: %s\n", suite_name, sql, err->str);
	if (db)
		db_close(db);
	g_string_free(err, TRUE);
	return st == ST_OK;
}

int fixture_start(const char *suite)
{
	suite_name = g_strdup(suite);
	const char *backend = g_getenv("CAMPUS_TEST_BACKEND");
	if (!backend || strcmp(backend, "postgresql") != 0) {
		g_test_message("backend: a temporary SQLite file per test");
		return -1;
	}
	if (!env_set("CAMPUS_TEST_PG_URL")) {
		const char *req = g_getenv("CAMPUS_REQUIRE_PG");
		if (env_set("CI") || (req && strcmp(req, "1") == 0)) {
			fprintf(stderr,
				"%s-postgresql: FAILED: CAMPUS_TEST_PG_URL is not set but PostgreSQL is "
				"required (CI or CAMPUS_REQUIRE_PG=1); start one with: "
				"scripts/pg-test-cluster start /tmp/pgt 55432\n",
				suite);
			return 1;
		}
		fprintf(stderr,
			"%s-postgresql: skipped: set CAMPUS_TEST_PG_URL "
			"(scripts/pg-test-cluster start /tmp/pgt 55432 prints one)\n",
			suite);
		return 77;
	}
	pg_base = g_strdup(g_getenv("CAMPUS_TEST_PG_URL"));
	char *db = database_of(pg_base);
	pg_name = g_strdup_printf("%s_%s_%d", db, suite, (int)getpid());
	g_free(db);
	char *create = g_strdup_printf("CREATE DATABASE \"%s\"", pg_name);
	bool ok = on_base(create);
	g_free(create);
	if (!ok)
		return 1;
	pg_url = with_database(pg_base, pg_name);
	g_test_message("backend: PostgreSQL, database %s", pg_name);
	return -1;
}

int fixture_end(int code)
{
	if (pg_url) {
		char *drop = g_strdup_printf("DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", pg_name);
		if (!on_base(drop))
			code = 1;
		g_free(drop);
	}
	g_clear_pointer(&pg_url, g_free);
	g_clear_pointer(&pg_name, g_free);
	g_clear_pointer(&pg_base, g_free);
	g_clear_pointer(&suite_name, g_free);
	return code;
}

bool fixture_pg(void)
{
	return pg_url != NULL;
}

struct db *fixture_open(struct fixture_db *t, bool migrate)
{
	GError *gerr = NULL;
	char *tmpl = g_strdup_printf("campus-%s-XXXXXX", suite_name ? suite_name : "store");
	t->dir = g_dir_make_tmp(tmpl, &gerr);
	g_free(tmpl);
	g_assert_no_error(gerr);
	if (pg_url) {
		t->url = g_strdup(pg_url);
	} else {
		char *path = g_build_filename(t->dir, "test.db", NULL);
		t->url = g_strconcat("sqlite:", path, NULL);
		g_free(path);
	}
	GString *err = g_string_new(NULL);
	t->db = db_open(t->url, err);
	if (!t->db)
		g_error("db_open %s: %s", t->url, err->str);
	/* The suite's database is its own: a fresh schema for each test. */
	if (pg_url &&
	    t->db->be->exec_script(t->db, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
				   err) != ST_OK)
		g_error("fresh schema: %s", err->str);
	if (migrate && db_migrate(t->db, err) != ST_OK)
		g_error("db_migrate: %s", err->str);
	g_string_free(err, TRUE);
	config_defaults(&t->cfg, t->dir);
	return t->db;
}

/* Removes path and, for a directory, what is in it. */
static void rm_rf(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	if (d) {
		const char *name;
		while ((name = g_dir_read_name(d))) {
			char *p = g_build_filename(path, name, NULL);
			rm_rf(p);
			g_free(p);
		}
		g_dir_close(d);
		g_rmdir(path);
	} else {
		g_unlink(path);
	}
}

void fixture_close(struct fixture_db *t)
{
	if (t->db)
		db_close(t->db);
	t->db = NULL;
	config_clear(&t->cfg);
	if (t->dir)
		rm_rf(t->dir);
	g_clear_pointer(&t->dir, g_free);
	g_clear_pointer(&t->url, g_free);
}

struct ctx fixture_ctx(struct fixture_db *t, struct arena *a, int64_t now)
{
	return (struct ctx){.db = t->db, .a = a, .now = now, .cfg = &t->cfg};
}
