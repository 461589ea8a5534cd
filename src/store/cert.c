/* Certificates (migration 6) and the course data CERT-1 reads (migration 2). */
#include "store/store_cert.h"

#include "store/store_int.h"

#include "base/banned.h"

enum status store_cert_course(struct db *db, struct arena *a, const char *slug, struct cert_course *out,
			      GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_CERT_COURSE_BY_SLUG, DB_ARGS(DB_TEXT(slug)), &r, err);
	if (st == ST_OK && r->nrows == 0) {
		if (err)
			g_string_printf(err, "course %s not found", slug);
		st = ST_NOTFOUND;
	} else if (st == ST_OK) {
		out->id = db_int(r, 0, 0);
		out->slug = row_str(a, r, 0, 1);
		out->title = row_str(a, r, 0, 2);
		out->lang = row_str(a, r, 0, 3);
		out->pass_mark = (int)db_int(r, 0, 4);
		out->opens_on = row_str(a, r, 0, 5);
	}
	db_rows_free(r);
	return st;
}

enum status store_cert_exercises(struct db *db, struct arena *a, int64_t course_id,
				 struct cert_exercise **out, size_t *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_CERT_EXERCISES, DB_ARGS(DB_INT(course_id)), &r, err);
	if (st == ST_OK && r->nrows > CERT_MAX_EXERCISES) {
		st = invalid(err, "the course has more exercises than a certificate can weigh");
	} else if (st == ST_OK) {
		*n = (size_t)r->nrows;
		*out = arena_alloc(a, sizeof **out * (*n ? *n : 1));
		for (int i = 0; i < r->nrows; i++)
			(*out)[i] = (struct cert_exercise){
				.id = db_int(r, i, 0),
				.slug = row_str(a, r, i, 1),
				.kind = row_str(a, r, i, 2),
				.title = row_str(a, r, i, 3),
				.weight = (int)db_int(r, i, 4),
				.pass_mark = (int)db_int(r, i, 5),
			};
	}
	db_rows_free(r);
	return st;
}

enum status store_cert_insert(struct db *db, struct certificate *c, GString *err)
{
	return query_int(db, SQL_CERT_INSERT,
			 DB_ARGS(DB_TEXT(c->code), DB_INT(c->user_id), DB_INT(c->course_id),
				 DB_TEXT(c->course_slug), DB_TEXT(c->course_title), DB_TEXT(c->holder_name),
				 DB_TEXT(c->lang), DB_INT(c->score_bp), DB_INT(c->pass_mark),
				 DB_INT(c->issued_at)),
			 &c->id, err);
}

static void row_cert(struct arena *a, const struct db_rows *r, int i, struct certificate *c)
{
	*c = (struct certificate){
		.id = db_int(r, i, 0),
		.code = row_str(a, r, i, 1),
		.user_id = db_int(r, i, 2),
		.course_id = db_int(r, i, 3),
		.course_slug = row_str(a, r, i, 4),
		.course_title = row_str(a, r, i, 5),
		.holder_name = row_str(a, r, i, 6),
		.lang = row_str(a, r, i, 7),
		.score_bp = (int)db_int(r, i, 8),
		.pass_mark = (int)db_int(r, i, 9),
		.issued_at = db_int(r, i, 10),
		.revoked_at = db_int(r, i, 11),
	};
}

static enum status one(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
		       size_t nargs, const char *what, struct certificate *out, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = query_row(db, id, args, nargs, what, &r, err);
	if (st == ST_OK)
		row_cert(a, r, 0, out);
	db_rows_free(r);
	return st;
}

enum status store_cert_by_user_course(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
				      struct certificate *out, GString *err)
{
	return one(db, a, SQL_CERT_BY_USER_COURSE, DB_ARGS(DB_INT(user_id), DB_INT(course_id)), "certificate",
		   out, err);
}

enum status store_cert_by_code(struct db *db, struct arena *a, const char *code, struct certificate *out,
			       GString *err)
{
	return one(db, a, SQL_CERT_BY_CODE, DB_ARGS(DB_TEXT(code)), "certificate", out, err);
}

enum status store_cert_by_user(struct db *db, struct arena *a, int64_t user_id, struct certificate **out,
			       size_t *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st =
		db_query(db, SQL_CERT_BY_USER, DB_ARGS(DB_INT(user_id), DB_INT(CERT_MAX_LIST)), &r, err);
	if (st == ST_OK) {
		*n = (size_t)r->nrows;
		*out = arena_alloc(a, sizeof **out * (*n ? *n : 1));
		for (int i = 0; i < r->nrows; i++)
			row_cert(a, r, i, &(*out)[i]);
	}
	db_rows_free(r);
	return st;
}

enum status store_cert_revoke(struct db *db, int64_t id, int64_t at, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_CERT_REVOKE, DB_ARGS(DB_INT(id), DB_INT(at)), &r, err);
	if (st == ST_OK && r->changes == 0) {
		if (err)
			g_string_printf(err, "certificate %lld is already revoked", (long long)id);
		st = ST_CONFLICT;
	}
	db_rows_free(r);
	return st;
}
