/* Storage of learning (see store_learn.h). */
#include "store/store_learn.h"
#include "store/store_int.h"

#include "base/banned.h"

enum status store_learn_done(struct db *db, int64_t user_id, int64_t course_id, int64_t chapter_id,
			     int64_t now, GString *err)
{
	return db_exec(db, SQL_LEARN_DONE_INSERT,
		       DB_ARGS(DB_INT(user_id), DB_INT(chapter_id), DB_INT(course_id), DB_INT(now)), err);
}

/* The first column of every row as an arena array of integers. */
static enum status int_column(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
			      size_t nargs, int64_t **out, size_t *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st != ST_OK)
		return st;
	int64_t *list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++)
		list[i] = db_int(r, i, 0);
	*out = list;
	*n = (size_t)r->nrows;
	db_rows_free(r);
	return ST_OK;
}

enum status store_learn_done_list(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
				  int64_t **ids, size_t *n, GString *err)
{
	return int_column(db, a, SQL_LEARN_DONE_LIST, DB_ARGS(DB_INT(user_id), DB_INT(course_id)), ids, n,
			  err);
}

enum status store_learn_position_set(struct db *db, int64_t user_id, int64_t course_id, const char *kind,
				     const char *slug, int64_t now, GString *err)
{
	return db_exec(db, SQL_LEARN_POSITION_SET,
		       DB_ARGS(DB_INT(user_id), DB_INT(course_id), DB_TEXT(kind), DB_TEXT(slug), DB_INT(now)),
		       err);
}

enum status store_learn_position_get(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
				     char **kind, char **slug, GString *err)
{
	struct db_rows *r = NULL;
	*kind = *slug = NULL;
	enum status st =
		db_query(db, SQL_LEARN_POSITION_GET, DB_ARGS(DB_INT(user_id), DB_INT(course_id)), &r, err);
	if (st == ST_OK && r->nrows > 0) {
		*kind = row_str(a, r, 0, 0);
		*slug = row_str(a, r, 0, 1);
	}
	db_rows_free(r);
	return st;
}

enum status store_learn_lock_user(struct db *db, int64_t user_id, GString *err)
{
	return db_exec(db, SQL_LEARN_LOCK_USER, DB_ARGS(DB_INT(user_id)), err);
}

enum status store_learn_attempt_insert(struct db *db, int64_t user_id, int64_t exercise_id, int64_t course_id,
				       const struct learn_attempt *at, int64_t *id, GString *err)
{
	return query_int(db, SQL_LEARN_ATTEMPT_INSERT,
			 DB_ARGS(DB_INT(user_id), DB_INT(exercise_id), DB_INT(course_id), DB_INT(at->score),
				 DB_BOOL(at->passed), DB_TEXT(at->answers), DB_TEXT(at->results),
				 DB_INT(at->created_at)),
			 id, err);
}

enum status store_learn_attempt_last(struct db *db, int64_t user_id, int64_t exercise_id, bool *found,
				     int64_t *at, bool *passed, GString *err)
{
	struct db_rows *r = NULL;
	*found = false;
	enum status st =
		db_query(db, SQL_LEARN_ATTEMPT_LAST, DB_ARGS(DB_INT(user_id), DB_INT(exercise_id)), &r, err);
	if (st == ST_OK && r->nrows > 0) {
		*found = true;
		*at = db_int(r, 0, 0);
		*passed = db_int(r, 0, 1) != 0;
	}
	db_rows_free(r);
	return st;
}

enum status store_learn_attempt_best(struct db *db, int64_t user_id, int64_t exercise_id, int *best,
				     int *count, GString *err)
{
	struct db_rows *r = NULL;
	enum status st =
		db_query(db, SQL_LEARN_ATTEMPT_BEST, DB_ARGS(DB_INT(user_id), DB_INT(exercise_id)), &r, err);
	if (st == ST_OK) {
		*best = r->nrows ? (int)db_int(r, 0, 0) : -1;
		if (count)
			*count = r->nrows ? (int)db_int(r, 0, 1) : 0;
	}
	db_rows_free(r);
	return st;
}

enum status store_learn_attempt_list(struct db *db, struct arena *a, int64_t user_id, int64_t exercise_id,
				     int limit, struct learn_attempt **out, size_t *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_LEARN_ATTEMPT_LIST,
				  DB_ARGS(DB_INT(user_id), DB_INT(exercise_id), DB_INT(limit)), &r, err);
	if (st != ST_OK)
		return st;
	struct learn_attempt *list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++)
		list[i] = (struct learn_attempt){
			.id = db_int(r, i, 0),
			.score = (int)db_int(r, i, 1),
			.passed = db_int(r, i, 2) != 0,
			.answers = row_str(a, r, i, 3),
			.results = row_str(a, r, i, 4),
			.created_at = db_int(r, i, 5),
		};
	*out = list;
	*n = (size_t)r->nrows;
	db_rows_free(r);
	return ST_OK;
}

enum status store_learn_quiz_bests(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
				   int64_t **exercise_ids, int **bests, size_t *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st =
		db_query(db, SQL_LEARN_QUIZ_BESTS, DB_ARGS(DB_INT(user_id), DB_INT(course_id)), &r, err);
	if (st != ST_OK)
		return st;
	*exercise_ids = arena_alloc(a, sizeof(int64_t) * ((size_t)r->nrows + 1));
	*bests = arena_alloc(a, sizeof(int) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++) {
		(*exercise_ids)[i] = db_int(r, i, 0);
		(*bests)[i] = (int)db_int(r, i, 1);
	}
	*n = (size_t)r->nrows;
	db_rows_free(r);
	return ST_OK;
}

static void progress_from_row(struct arena *a, const struct db_rows *r, int i, struct learn_progress_row *p)
{
	p->course_id = db_int(r, i, 0);
	p->slug = row_str(a, r, i, 1);
	p->title = row_str(a, r, i, 2);
	p->lang = row_str(a, r, i, 3);
	p->opens_on = row_str(a, r, i, 4);
	p->chapters = (int)db_int(r, i, 5);
	p->chapters_done = (int)db_int(r, i, 6);
	p->quizzes = (int)db_int(r, i, 7);
	p->quizzes_passed = (int)db_int(r, i, 8);
	p->visited_at = db_int(r, i, 9);
	p->pos_kind = row_str(a, r, i, 10);
	p->pos_slug = row_str(a, r, i, 11);
}

enum status store_learn_progress_one(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
				     struct learn_progress_row **out, GString *err)
{
	struct db_rows *r = NULL;
	enum status st =
		db_query(db, SQL_LEARN_PROGRESS_ONE, DB_ARGS(DB_INT(user_id), DB_INT(course_id)), &r, err);
	if (st == ST_OK && r->nrows == 0) {
		if (err)
			g_string_assign(err, "no such course");
		st = ST_NOTFOUND;
	}
	if (st == ST_OK) {
		*out = arena_alloc(a, sizeof(**out));
		progress_from_row(a, r, 0, *out);
	}
	db_rows_free(r);
	return st;
}

enum status store_learn_progress_all(struct db *db, struct arena *a, int64_t user_id,
				     struct learn_progress_row **out, size_t *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_LEARN_PROGRESS_ALL, DB_ARGS(DB_INT(user_id)), &r, err);
	if (st != ST_OK)
		return st;
	struct learn_progress_row *list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++)
		progress_from_row(a, r, i, &list[i]);
	*out = list;
	*n = (size_t)r->nrows;
	db_rows_free(r);
	return ST_OK;
}

enum status store_learn_activity(struct db *db, struct arena *a, int64_t user_id, int64_t since, int64_t **at,
				 size_t *n, GString *err)
{
	return int_column(db, a, SQL_LEARN_ACTIVITY, DB_ARGS(DB_INT(user_id), DB_INT(since)), at, n, err);
}

enum status store_learn_quiz_pass_mark(struct db *db, int64_t exercise_id, int *pass_mark, GString *err)
{
	int64_t v = 0;
	enum status st = query_int(db, SQL_LEARN_QUIZ_PASS_MARK, DB_ARGS(DB_INT(exercise_id)), &v, err);
	if (st == ST_NOTFOUND && err)
		g_string_printf(err, "exercise %lld is not a quiz", (long long)exercise_id);
	if (st == ST_OK)
		*pass_mark = (int)v;
	return st;
}
