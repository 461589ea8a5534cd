/* Homework submissions and peer reviews (migration 5, CRS-1). */
#include "store/store_peer.h"

#include "learning/peer_rules.h"
#include "store/store_int.h"

#include "base/banned.h"

static struct peer_homework *hw_from_row(struct arena *a, const struct db_rows *r, int row)
{
	struct peer_homework *h = arena_alloc(a, sizeof(*h));
	h->exercise_id = db_int(r, row, 0);
	h->course_id = db_int(r, row, 1);
	h->course_slug = row_str(a, r, row, 2);
	h->course_title = row_str(a, r, row, 3);
	h->course_lang = row_str(a, r, row, 4);
	h->slug = row_str(a, r, row, 5);
	h->title = row_str(a, r, row, 6);
	h->statement_md = row_str(a, r, row, 7);
	h->rubric_json = row_str(a, r, row, 8);
	h->pass_mark = (int)db_int(r, row, 9);
	h->weight = (int)db_int(r, row, 10);
	return h;
}

static enum status hw_one(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
			  size_t nargs, struct peer_homework **out, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st == ST_OK && r->nrows == 0) {
		if (err)
			g_string_assign(err, "no such homework");
		st = ST_NOTFOUND;
	}
	if (st == ST_OK)
		*out = hw_from_row(a, r, 0);
	db_rows_free(r);
	return st;
}

enum status store_peer_homework(struct db *db, struct arena *a, const char *course_slug, const char *slug,
				struct peer_homework **out, GString *err)
{
	return hw_one(db, a, SQL_PEER_HOMEWORK, DB_ARGS(DB_TEXT(course_slug), DB_TEXT(slug)), out, err);
}

enum status store_peer_homework_by_id(struct db *db, struct arena *a, int64_t exercise_id,
				      struct peer_homework **out, GString *err)
{
	return hw_one(db, a, SQL_PEER_HOMEWORK_BY_ID, DB_ARGS(DB_INT(exercise_id)), out, err);
}

static struct peer_submission *sub_from_row(struct arena *a, const struct db_rows *r, int row)
{
	struct peer_submission *s = arena_alloc(a, sizeof(*s));
	s->id = db_int(r, row, 0);
	s->exercise_id = db_int(r, row, 1);
	s->user_id = db_int(r, row, 2);
	s->body = row_str(a, r, row, 3);
	s->file_name = row_str(a, r, row, 4);
	s->file_path = row_str(a, r, row, 5);
	s->file_type = row_str(a, r, row, 6);
	s->file_bytes = db_int(r, row, 7);
	s->submitted_at = db_int(r, row, 8);
	s->updated_at = db_int(r, row, 9);
	s->state = row_str(a, r, row, 10);
	s->staff_at = db_int(r, row, 11);
	s->grade_pct = (int)db_int(r, row, 12);
	s->graded_at = db_int(r, row, 13);
	s->claims = (int)db_int(r, row, 14);
	s->done = (int)db_int(r, row, 15);
	return s;
}

static enum status sub_list(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
			    size_t nargs, struct peer_submission ***out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st != ST_OK)
		return st;
	struct peer_submission **list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++)
		list[i] = sub_from_row(a, r, i);
	*out = list;
	*n = r->nrows;
	db_rows_free(r);
	return ST_OK;
}

static enum status sub_one(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
			   size_t nargs, struct peer_submission **out, GString *err)
{
	struct peer_submission **list = NULL;
	int n = 0;
	enum status st = sub_list(db, a, id, args, nargs, &list, &n, err);
	if (st == ST_OK && n == 0) {
		if (err)
			g_string_assign(err, "no such submission");
		st = ST_NOTFOUND;
	}
	if (st == ST_OK)
		*out = list[0];
	return st;
}

enum status store_peer_sub_get(struct db *db, struct arena *a, int64_t id, struct peer_submission **out,
			       GString *err)
{
	return sub_one(db, a, SQL_PEER_SUB_GET, DB_ARGS(DB_INT(id)), out, err);
}

enum status store_peer_sub_of(struct db *db, struct arena *a, int64_t exercise_id, int64_t user_id,
			      struct peer_submission **out, GString *err)
{
	return sub_one(db, a, SQL_PEER_SUB_OF, DB_ARGS(DB_INT(exercise_id), DB_INT(user_id)), out, err);
}

enum status store_peer_sub_insert(struct db *db, struct peer_submission *s, GString *err)
{
	if (!s->body || !s->file_name || !s->file_path || !s->file_type)
		return invalid(err, "submission: body and file fields required (\"\" for none)");
	return query_int(db, SQL_PEER_SUB_INSERT,
			 DB_ARGS(DB_INT(s->exercise_id), DB_INT(s->user_id), DB_TEXT(s->body),
				 DB_TEXT(s->file_name), DB_TEXT(s->file_path), DB_TEXT(s->file_type),
				 DB_INT(s->file_bytes), DB_INT(s->submitted_at)),
			 &s->id, err);
}

/* ST_CONFLICT, with err, when a guarded UPDATE changed nothing. */
static enum status exec_guarded(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs,
				const char *why, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st == ST_OK && r->changes == 0) {
		if (err)
			g_string_assign(err, why);
		st = ST_CONFLICT;
	}
	db_rows_free(r);
	return st;
}

enum status store_peer_sub_replace(struct db *db, const struct peer_submission *s, int64_t now, GString *err)
{
	return exec_guarded(db, SQL_PEER_SUB_REPLACE,
			    DB_ARGS(DB_INT(s->id), DB_TEXT(s->body), DB_TEXT(s->file_name),
				    DB_TEXT(s->file_path), DB_TEXT(s->file_type), DB_INT(s->file_bytes),
				    DB_INT(now)),
			    "the submission is under review or graded: it can no longer change", err);
}

enum status store_peer_sub_to_staff(struct db *db, int64_t id, int64_t at, GString *err)
{
	return exec_guarded(db, SQL_PEER_SUB_TO_STAFF, DB_ARGS(DB_INT(id), DB_INT(at)),
			    "the submission is not waiting for peers", err);
}

enum status store_peer_sub_grade(struct db *db, int64_t id, int pct, int64_t at, GString *err)
{
	return exec_guarded(db, SQL_PEER_SUB_GRADE, DB_ARGS(DB_INT(id), DB_INT(pct), DB_INT(at)),
			    "the submission is graded already", err);
}

enum status store_peer_sub_fallback_due(struct db *db, struct arena *a, int64_t before, int required,
					struct peer_submission ***out, int *n, GString *err)
{
	return sub_list(db, a, SQL_PEER_SUB_FALLBACK_DUE, DB_ARGS(DB_INT(before), DB_INT(required)), out, n,
			err);
}

enum status store_peer_sub_staff_queue(struct db *db, struct arena *a, struct peer_submission ***out, int *n,
				       GString *err)
{
	return sub_list(db, a, SQL_PEER_SUB_STAFF_QUEUE, DB_NOARGS, out, n, err);
}

enum status store_peer_sub_exercises_of(struct db *db, struct arena *a, int64_t user_id, int64_t **out,
					int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_PEER_SUB_EXERCISES_OF, DB_ARGS(DB_INT(user_id)), &r, err);
	if (st != ST_OK)
		return st;
	int64_t *ids = arena_alloc(a, sizeof(*ids) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++)
		ids[i] = db_int(r, i, 0);
	*out = ids;
	*n = r->nrows;
	db_rows_free(r);
	return ST_OK;
}

enum status store_peer_candidates(struct db *db, struct arena *a, int64_t exercise_id, int64_t reviewer,
				  struct peer_candidate **out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st =
		db_query(db, SQL_PEER_CANDIDATES, DB_ARGS(DB_INT(exercise_id), DB_INT(reviewer)), &r, err);
	if (st != ST_OK)
		return st;
	struct peer_candidate *c = arena_alloc(a, sizeof(*c) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++) {
		c[i].submission_id = db_int(r, i, 0);
		c[i].author_id = db_int(r, i, 1);
		c[i].submitted_at = db_int(r, i, 2);
		c[i].reviews = (int)db_int(r, i, 3);
		c[i].seen = db_int(r, i, 4) > 0;
	}
	*out = c;
	*n = r->nrows;
	db_rows_free(r);
	return ST_OK;
}

enum status store_peer_rev_insert(struct db *db, int64_t submission_id, int64_t reviewer, bool staff,
				  int64_t claimed_at, int64_t expires_at, int64_t *id, GString *err)
{
	return query_int(db, SQL_PEER_REV_INSERT,
			 DB_ARGS(DB_INT(submission_id), DB_INT(reviewer), DB_BOOL(staff), DB_INT(claimed_at),
				 DB_INT(expires_at)),
			 id, err);
}

enum status store_peer_rev_reopen_staff(struct db *db, int64_t submission_id, int64_t reviewer,
					int64_t claimed_at, int64_t expires_at, int64_t *id, GString *err)
{
	return query_int(
		db, SQL_PEER_REV_REOPEN_STAFF,
		DB_ARGS(DB_INT(submission_id), DB_INT(reviewer), DB_INT(claimed_at), DB_INT(expires_at)), id,
		err);
}

static struct peer_review *rev_from_row(struct arena *a, const struct db_rows *r, int row)
{
	struct peer_review *v = arena_alloc(a, sizeof(*v));
	v->id = db_int(r, row, 0);
	v->submission_id = db_int(r, row, 1);
	v->reviewer_id = db_int(r, row, 2);
	v->staff = db_int(r, row, 3) != 0;
	v->state = row_str(a, r, row, 4);
	v->claimed_at = db_int(r, row, 5);
	v->expires_at = db_int(r, row, 6);
	v->done_at = db_int(r, row, 7);
	v->scores_json = row_str(a, r, row, 8);
	v->pct = (int)db_int(r, row, 9);
	v->exercise_id = db_int(r, row, 10);
	v->author_id = db_int(r, row, 11);
	return v;
}

static enum status rev_list(struct db *db, struct arena *a, enum sql_id id, int64_t key,
			    struct peer_review ***out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, DB_ARGS(DB_INT(key)), &r, err);
	if (st != ST_OK)
		return st;
	struct peer_review **list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++)
		list[i] = rev_from_row(a, r, i);
	*out = list;
	*n = r->nrows;
	db_rows_free(r);
	return ST_OK;
}

enum status store_peer_rev_get(struct db *db, struct arena *a, int64_t id, struct peer_review **out,
			       GString *err)
{
	struct peer_review **list = NULL;
	int n = 0;
	enum status st = rev_list(db, a, SQL_PEER_REV_GET, id, &list, &n, err);
	if (st == ST_OK && n == 0) {
		if (err)
			g_string_assign(err, "no such review");
		st = ST_NOTFOUND;
	}
	if (st == ST_OK)
		*out = list[0];
	return st;
}

enum status store_peer_rev_of_sub(struct db *db, struct arena *a, int64_t submission_id,
				  struct peer_review ***out, int *n, GString *err)
{
	return rev_list(db, a, SQL_PEER_REV_OF_SUB, submission_id, out, n, err);
}

enum status store_peer_rev_of_reviewer(struct db *db, struct arena *a, int64_t reviewer,
				       struct peer_review ***out, int *n, GString *err)
{
	return rev_list(db, a, SQL_PEER_REV_OF_REVIEWER, reviewer, out, n, err);
}

/* The first integer of the first row, 0 when there is no row. */
static enum status int_or_zero(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs,
			       int64_t *out, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st == ST_OK)
		*out = r->nrows ? db_int(r, 0, 0) : 0;
	db_rows_free(r);
	return st;
}

enum status store_peer_rev_pending_of(struct db *db, int64_t reviewer, int64_t exercise_id, int64_t now,
				      int64_t *id, GString *err)
{
	return int_or_zero(db, SQL_PEER_REV_PENDING_OF,
			   DB_ARGS(DB_INT(reviewer), DB_INT(exercise_id), DB_INT(now)), id, err);
}

enum status store_peer_rev_staff_pending(struct db *db, int64_t submission_id, int64_t now, int64_t *id,
					 GString *err)
{
	return int_or_zero(db, SQL_PEER_REV_STAFF_PENDING, DB_ARGS(DB_INT(submission_id), DB_INT(now)), id,
			   err);
}

enum status store_peer_rev_complete(struct db *db, int64_t id, int64_t at, const char *scores_json, int pct,
				    GString *err)
{
	return exec_guarded(db, SQL_PEER_REV_COMPLETE,
			    DB_ARGS(DB_INT(id), DB_INT(at), DB_TEXT(scores_json), DB_INT(pct)),
			    "this review is no longer open: it was sent already or its time ran out", err);
}

enum status store_peer_rev_expire(struct db *db, int64_t now, int64_t *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_PEER_REV_EXPIRE, DB_ARGS(DB_INT(now)), &r, err);
	if (st == ST_OK && n)
		*n = r->changes;
	db_rows_free(r);
	return st;
}

enum status store_peer_rev_cancel_pending(struct db *db, int64_t submission_id, GString *err)
{
	return db_exec(db, SQL_PEER_REV_CANCEL_PENDING, DB_ARGS(DB_INT(submission_id)), err);
}

enum status store_peer_rev_access(struct db *db, int64_t submission_id, int64_t user_id, bool *yes,
				  GString *err)
{
	int64_t n = 0;
	enum status st = int_or_zero(db, SQL_PEER_REV_ACCESS, DB_ARGS(DB_INT(submission_id), DB_INT(user_id)),
				     &n, err);
	*yes = n > 0;
	return st;
}
