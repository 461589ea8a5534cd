/* Terms of service versions and their acceptances (ACC-1, ACC-2). */
#include "store/store.h"
#include "store/store_int.h"

#include "base/banned.h"

static struct terms *terms_from_row(struct arena *a, const struct db_rows *r, int row)
{
	struct terms *t = arena_alloc(a, sizeof(*t));
	t->version = (int)db_int(r, row, 0);
	t->title = row_str(a, r, row, 1);
	t->body_en = row_str(a, r, row, 2);
	t->body_fr = row_str(a, r, row, 3);
	t->published_at = db_int(r, row, 4);
	return t;
}

/* Publishes the next version (1 for the first) and gives its number.
 * ST_CONFLICT if another publication took the same number meanwhile. */
enum status store_terms_publish(struct db *db, const char *title, const char *body_en, const char *body_fr,
				int64_t now, int *version, GString *err)
{
	if (!title || !body_en || !body_fr)
		return invalid(err, "terms: title and both bodies required");
	int64_t v = 0;
	enum status st =
		query_int(db, SQL_TERMS_PUBLISH,
			  DB_ARGS(DB_TEXT(title), DB_TEXT(body_en), DB_TEXT(body_fr), DB_INT(now)), &v, err);
	if (st == ST_OK && version)
		*version = (int)v;
	return st;
}

static enum status terms_one(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
			     size_t nargs, struct terms **out, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st != ST_OK)
		goto cleanup;
	if (r->nrows == 0) {
		if (err)
			g_string_assign(err, "terms version not found");
		st = ST_NOTFOUND;
		goto cleanup;
	}
	*out = terms_from_row(a, r, 0);
cleanup:
	db_rows_free(r);
	return st;
}

enum status store_terms_current(struct db *db, struct arena *a, struct terms **out, GString *err)
{
	return terms_one(db, a, SQL_TERMS_CURRENT, DB_NOARGS, out, err);
}

enum status store_terms_get(struct db *db, struct arena *a, int version, struct terms **out, GString *err)
{
	return terms_one(db, a, SQL_TERMS_GET, DB_ARGS(DB_INT(version)), out, err);
}

enum status store_terms_list(struct db *db, struct arena *a, struct terms ***out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_TERMS_LIST, DB_NOARGS, &r, err);
	if (st != ST_OK)
		return st;
	struct terms **list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++)
		list[i] = terms_from_row(a, r, i);
	*out = list;
	*n = r->nrows;
	db_rows_free(r);
	return ST_OK;
}

enum status store_acceptance_insert(struct db *db, const struct acceptance *acc, GString *err)
{
	if (!acc->kind || !*acc->kind)
		return invalid(err, "acceptance: kind required");
	return db_exec(db, SQL_ACCEPTANCE_INSERT,
		       DB_ARGS(DB_INT(acc->user_id), DB_TEXT(acc->kind), DB_INT(acc->version),
			       DB_INT(acc->accepted_at), DB_TEXT(acc->ip ? acc->ip : ""),
			       DB_TEXT(acc->user_agent ? acc->user_agent : "")),
		       err);
}

/* The user's acceptances, oldest first; *out is an arena array of *n. */
enum status store_acceptance_list(struct db *db, struct arena *a, int64_t user_id, struct acceptance ***out,
				  int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_ACCEPTANCE_LIST, DB_ARGS(DB_INT(user_id)), &r, err);
	if (st != ST_OK)
		return st;
	struct acceptance **list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++) {
		struct acceptance *acc = arena_alloc(a, sizeof(*acc));
		acc->id = db_int(r, i, 0);
		acc->user_id = db_int(r, i, 1);
		acc->kind = row_str(a, r, i, 2);
		acc->version = (int)db_int(r, i, 3);
		acc->accepted_at = db_int(r, i, 4);
		acc->ip = row_str(a, r, i, 5);
		acc->user_agent = row_str(a, r, i, 6);
		list[i] = acc;
	}
	*out = list;
	*n = r->nrows;
	db_rows_free(r);
	return ST_OK;
}
