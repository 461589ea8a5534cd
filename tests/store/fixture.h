/* The shared fixture of the store suites: which backend a suite runs on,
 * a fresh database per test, and a use-case context over it.
 *
 * Environment (meson sets the first):
 *   CAMPUS_TEST_BACKEND  "postgresql": run on the cluster of
 *                        CAMPUS_TEST_PG_URL, in a database of this suite's
 *                        own (<db>_<suite>_<pid>, created at start and
 *                        dropped at the end) so that suites run in parallel
 *                        without dropping each other's schema; without the
 *                        URL the suite is skipped (exit 77), or fails when
 *                        CI or CAMPUS_REQUIRE_PG=1 is set.
 *                        Anything else: a temporary SQLite file per test. */
#ifndef CAMPUS_TESTS_STORE_FIXTURE_H
#define CAMPUS_TESTS_STORE_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "base/arena.h"
#include "base/config.h"
#include "db/db.h"
#include "ops/ctx.h"

/* Aborts the test when expr (an enum status) is not want, saying where, what
 * and (fx)->err. */
#define CHECK(fx, expr, want)                                                                                \
	do {                                                                                                 \
		enum status st_ = (expr);                                                                    \
		if (st_ != (want))                                                                           \
			g_error("%s:%d: %s gave %s (want %s): %s", __FILE__, __LINE__, #expr,                \
				status_name(st_), status_name(want), (fx)->err->str);                        \
	} while (0)
#define OK(fx, expr) CHECK(fx, expr, ST_OK)

/* One test's database. */
struct fixture_db {
	struct db *db;
	char *url; /* where db is (owned) */
	char *dir; /* a temporary directory (owned), removed with its content at close:
		      the SQLite file, and the data directory of cfg */
	struct config cfg; /* defaults with dir as the data directory */
};

/* Chooses the backend from the environment and, on PostgreSQL, creates the
 * suite's database; suite: [a-z0-9_]+. Returns -1 to go on, or the exit
 * code to return from main (77: skipped, 1: failure). */
int fixture_start(const char *suite);

/* Drops the suite's PostgreSQL database, if any. Returns code, or 1 if the
 * drop failed. */
int fixture_end(int code);

/* True when the suite runs on PostgreSQL. */
bool fixture_pg(void);

/* A fresh database in t (empty schema on PostgreSQL, a new file on SQLite),
 * migrated when migrate; aborts the test on failure. Returns t->db. */
struct db *fixture_open(struct fixture_db *t, bool migrate);

/* Closes t->db and frees and removes what fixture_open made. */
void fixture_close(struct fixture_db *t);

/* A use-case context on t's database and configuration at now (no actor). */
struct ctx fixture_ctx(struct fixture_db *t, struct arena *a, int64_t now);

#endif
