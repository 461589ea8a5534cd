/* Durable jobs for the scheduler, leased like outbox items. */
#include <stdlib.h>

#include "store/store.h"
#include "store/store_int.h"

#include "base/banned.h"

enum status store_job_add(struct db *db, const char *kind, const char *payload, int64_t run_at,
			  const char *unique_key, GString *err)
{
	if (!kind || !*kind)
		return invalid(err, "job: kind required");
	return db_exec(
		db, SQL_JOB_ADD,
		DB_ARGS(DB_TEXT(kind), DB_TEXT(payload ? payload : ""), DB_INT(run_at), DB_TEXT(unique_key)),
		err);
}

static int job_cmp(const void *x, const void *y)
{
	const struct job *a = *(const struct job *const *)x;
	const struct job *b = *(const struct job *const *)y;
	if (a->run_at != b->run_at)
		return (a->run_at > b->run_at) - (a->run_at < b->run_at);
	return (a->id > b->id) - (a->id < b->id);
}

/* *out is an arena array of *n jobs in (run_at, id) order. */
enum status store_job_claim(struct db *db, struct arena *a, int64_t now, int lease, int limit,
			    struct job ***out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = claim_leased(db, SQL_JOB_CLAIM, "job claim", now, lease, limit, &r, err);
	if (st != ST_OK)
		return st;
	struct job **list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++) {
		struct job *j = arena_alloc(a, sizeof(*j));
		j->id = db_int(r, i, 0);
		j->kind = row_str(a, r, i, 1);
		j->payload = row_str(a, r, i, 2);
		j->run_at = db_int(r, i, 3);
		j->attempts = (int)db_int(r, i, 4);
		list[i] = j;
	}
	qsort(list, (size_t)r->nrows, sizeof(*list), job_cmp);
	*out = list;
	*n = r->nrows;
	db_rows_free(r);
	return ST_OK;
}

enum status store_job_done(struct db *db, int64_t id, int64_t now, GString *err)
{
	return exec_changed(db, SQL_JOB_DONE, DB_ARGS(DB_INT(id), DB_INT(now)), "job", id, err);
}

/* Runs the job again at retry_at (lease released); ST_NOTFOUND for an
 * unknown or finished job. */
enum status store_job_retry(struct db *db, int64_t id, int64_t retry_at, const char *error, GString *err)
{
	return exec_changed(db, SQL_JOB_RETRY,
			    DB_ARGS(DB_INT(id), DB_INT(retry_at), DB_TEXT(error ? error : "")), "pending job",
			    id, err);
}

/* When the scheduler should next wake: the earliest time an undone job can
 * be claimed (its run_at, or the end of a lease still held), 0 for none. */
enum status store_job_next(struct db *db, int64_t *run_at, GString *err)
{
	return query_int(db, SQL_JOB_NEXT, DB_NOARGS, run_at, err);
}
