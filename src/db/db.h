/* The storage interface: one table of function pointers (struct db_backend),
 * two implementations chosen at run time by URL: SQLite ("sqlite:PATH",
 * db_sqlite.c) and PostgreSQL ("postgresql://...", db_pg.c).
 *
 * Callers never write SQL: they name a statement (enum sql_id, store/sql.h)
 * and bind parameters. The SQL text of each statement lives in store/sql.c,
 * written once with $1..$N placeholders, with a per-backend variant where the
 * dialects differ. Drivers prepare each statement once per connection.
 *
 * A struct db is one connection, used by one thread at a time; a struct
 * db_pool hands connections to worker threads. */
#ifndef CAMPUS_DB_H
#define CAMPUS_DB_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"
#include "store/sql.h"

enum db_type { DB_T_NULL, DB_T_INT, DB_T_TEXT, DB_T_BLOB };

/* A bound parameter. Text and blobs are borrowed for the call only. */
struct db_arg {
	enum db_type type;
	int64_t i;
	const char *s;
	size_t len; /* blobs only */
};

#define DB_INT(v) ((struct db_arg){.type = DB_T_INT, .i = (int64_t)(v)})
#define DB_TEXT(v) ((struct db_arg){.type = (v) ? DB_T_TEXT : DB_T_NULL, .s = (v)})
#define DB_BLOB(p, n) ((struct db_arg){.type = DB_T_BLOB, .s = (const char *)(p), .len = (n)})
#define DB_NULL ((struct db_arg){.type = DB_T_NULL})
#define DB_BOOL(v) DB_INT((v) ? 1 : 0)
/* DB_ARGS(a, b, c) expands to "array, count" for db_query/db_exec. */
#define DB_ARGS(...)                                                                                         \
	(const struct db_arg[]){__VA_ARGS__},                                                                \
		(sizeof((const struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg))
#define DB_NOARGS NULL, 0

struct db;
struct db_rows;

struct db_backend {
	const char *name; /* "sqlite" or "postgresql" */
	/* Opens a connection; NULL with err set on failure. */
	struct db *(*open)(const char *url, GString *err);
	void (*close)(struct db *db);
	/* Runs a statement; rows (may be NULL when unwanted) receive the
	 * result set, to be freed by db_rows_free. ST_CONFLICT on a
	 * uniqueness violation, ST_DB otherwise, err says what. */
	enum status (*query)(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs,
			     struct db_rows **rows, GString *err);
	/* Runs literal SQL with no parameters (migrations only). */
	enum status (*exec_script)(struct db *db, const char *sql, GString *err);
	enum status (*begin)(struct db *db, GString *err);
	enum status (*begin_snapshot)(struct db *db, GString *err);
	enum status (*commit)(struct db *db, GString *err);
	enum status (*rollback)(struct db *db);
	/* Optional (NULL: never): see db_commit_stamp. */
	bool (*commit_stamp)(struct db *db, char *buf, size_t len);
	/* Optional (NULL: nothing to do): see db_read_begin / db_read_end. */
	void (*read_begin)(struct db *db);
	void (*read_end)(struct db *db);
};

/* Every connection starts with a pointer to its backend. */
struct db {
	const struct db_backend *be;
};

extern const struct db_backend db_sqlite_backend;
extern const struct db_backend db_pg_backend;

/* Picks the backend by URL prefix and opens a connection. */
struct db *db_open(const char *url, GString *err);
void db_close(struct db *db);
/* "sqlite" or "postgresql". */
const char *db_backend_name(const struct db *db);
bool db_is_pg(const struct db *db);
/* A fingerprint of the database's last commit by any connection of any
 * process, read without a query (for caches: while it stays the same,
 * nothing was committed). true with buf set when there is one that can be
 * trusted now; false when the backend has none (PostgreSQL) or when it may
 * not tell the next commit apart (then ask the database). */
bool db_commit_stamp(struct db *db, char *buf, size_t len);

enum status db_query(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs,
		     struct db_rows **rows, GString *err);
/* db_query without rows (use db_query for the affected row count). */
enum status db_exec(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs, GString *err);
enum status db_begin(struct db *db, GString *err);
/* A transaction that only reads, on one snapshot of the database: a long
 * report (a year of invoices) sees one consistent state and holds no write
 * lock. End it with db_commit or db_rollback. */
enum status db_begin_snapshot(struct db *db, GString *err);
enum status db_commit(struct db *db, GString *err);
enum status db_rollback(struct db *db);
/* A hint that the statements up to db_read_end only read (perf): on SQLite
 * they share one read transaction (one snapshot and one lock of the WAL
 * instead of one per statement); on PostgreSQL nothing is done (a
 * transaction would cost two round trips: each statement keeps its own
 * snapshot, as without the hint). Never around a write or db_begin; not
 * inside a transaction. Failures are not errors: the statements then run
 * as they would without it. */
void db_read_begin(struct db *db);
void db_read_end(struct db *db);

/* A materialised result set (small by design: every listing is paged).
 * Values stay valid until db_rows_free. */
struct db_rows {
	int nrows, ncols;
	int64_t changes; /* rows affected by INSERT/UPDATE/DELETE */
	char **cells; /* nrows*ncols strings, NULL for SQL NULL */
	size_t *lens; /* byte length of each cell (blobs) */
	char *text; /* when not NULL, every cell points into this one block
		       (owned), else each cell is its own allocation */
};
void db_rows_free(struct db_rows *rows);
/* Cell accessors; row and col must be in range. */
const char *db_text(const struct db_rows *r, int row, int col);
int64_t db_int(const struct db_rows *r, int row, int col);
bool db_is_null(const struct db_rows *r, int row, int col);

/* A fixed-size pool of connections for worker threads. Thread-safe. */
struct db_pool;
struct db_pool *db_pool_new(const char *url, int size, GString *err);
struct db *db_pool_get(struct db_pool *p); /* blocks until one is free */
void db_pool_put(struct db_pool *p, struct db *db);
void db_pool_free(struct db_pool *p);

/* Brings the schema to the newest version (store/migrations.c), in one
 * transaction per migration; safe to run by several processes at once. */
enum status db_migrate(struct db *db, GString *err);
/* The schema version applied (0 for an empty database). */
int db_schema_version(struct db *db);

#endif
