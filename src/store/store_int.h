/* Helpers shared by the files of src/store; private to that folder. */
#ifndef CAMPUS_STORE_INT_H
#define CAMPUS_STORE_INT_H

#include <glib.h>

#include "base/arena.h"
#include "db/db.h"

/* The cell as an arena string; SQL NULL gives "". */
static inline char *row_str(struct arena *a, const struct db_rows *r, int row, int col)
{
	const char *s = db_text(r, row, col);
	return arena_strdup(a, s ? s : "");
}

/* The user whose USER_COLS (store/sql.c) start at column col of row
 * (users.c); owned by a. */
struct user *store_user_from_row(struct arena *a, const struct db_rows *r, int row, int col);

/* Runs a statement that must change at least one row: ST_NOTFOUND, with
 * err naming what (e.g. "user 42"), when it changed none. */
static inline enum status exec_changed(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs,
				       const char *what, int64_t key, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st == ST_OK && r->changes == 0) {
		if (err)
			g_string_printf(err, "%s %lld not found", what, (long long)key);
		st = ST_NOTFOUND;
	}
	db_rows_free(r);
	return st;
}

/* A single integer result (COUNT, MIN, RETURNING id): ST_NOTFOUND when the
 * statement gave no row. */
static inline enum status query_int(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs,
				    int64_t *out, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st == ST_OK) {
		if (r->nrows == 0) {
			if (err)
				g_string_printf(err, "%s: no row", sql_name(id));
			st = ST_NOTFOUND;
		} else if (out) {
			*out = db_int(r, 0, 0);
		}
	}
	db_rows_free(r);
	return st;
}

/* Runs a query that must give a row: ST_NOTFOUND, with err "<what> not
 * found", when it gives none. The caller frees *r in every case. */
static inline enum status query_row(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs,
				    const char *what, struct db_rows **r, GString *err)
{
	enum status st = db_query(db, id, args, nargs, r, err);
	if (st == ST_OK && (*r)->nrows == 0) {
		if (err)
			g_string_printf(err, "%s not found", what);
		st = ST_NOTFOUND;
	}
	return st;
}

static inline enum status invalid(GString *err, const char *msg)
{
	if (err)
		g_string_assign(err, msg);
	return ST_INVALID;
}

/* Claims rows of a leased queue (the outbox, jobs) with statement id, whose
 * arguments are (now, lease end, limit): at most limit rows, each leased
 * until now + lease, so that another claim skips them until then. what
 * names the claim in the error of a lease or limit that is not positive
 * ("job claim"). The caller frees *r. */
static inline enum status claim_leased(struct db *db, enum sql_id id, const char *what, int64_t now,
				       int lease, int limit, struct db_rows **r, GString *err)
{
	if (lease <= 0 || limit <= 0) {
		if (err)
			g_string_printf(err, "%s: lease and limit must be positive", what);
		return ST_INVALID;
	}
	return db_query(db, id, DB_ARGS(DB_INT(now), DB_INT(now + lease), DB_INT(limit)), r, err);
}

#endif
