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

static inline enum status invalid(GString *err, const char *msg)
{
	if (err)
		g_string_assign(err, msg);
	return ST_INVALID;
}

#endif
