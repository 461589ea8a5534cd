/* The outbox: work for the outside world, committed with its cause and
 * delivered at least once by a worker that leases items. */
#include <stdlib.h>

#include "store/store.h"
#include "store/store_int.h"

#include "base/banned.h"

enum status store_outbox_add(struct db *db, const char *topic, const char *payload, int64_t now, GString *err)
{
	if (!topic || !*topic || !payload)
		return invalid(err, "outbox: topic and payload required");
	return db_exec(db, SQL_OUTBOX_ADD, DB_ARGS(DB_TEXT(topic), DB_TEXT(payload), DB_INT(now)), err);
}

static int outbox_cmp(const void *x, const void *y)
{
	const struct outbox_item *a = *(const struct outbox_item *const *)x;
	const struct outbox_item *b = *(const struct outbox_item *const *)y;
	return (a->id > b->id) - (a->id < b->id);
}

/* Leases items until now + lease: another claim before then skips them, and
 * after then (the worker died) takes them again. *out is an arena array of
 * *n items in id order (RETURNING has no order of its own). */
enum status store_outbox_claim(struct db *db, struct arena *a, int64_t now, int lease, int limit,
			       struct outbox_item ***out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = claim_leased(db, SQL_OUTBOX_CLAIM, "outbox claim", now, lease, limit, &r, err);
	if (st != ST_OK)
		return st;
	struct outbox_item **list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++) {
		struct outbox_item *it = arena_alloc(a, sizeof(*it));
		it->id = db_int(r, i, 0);
		it->topic = row_str(a, r, i, 1);
		it->payload = row_str(a, r, i, 2);
		it->attempts = (int)db_int(r, i, 3);
		list[i] = it;
	}
	qsort(list, (size_t)r->nrows, sizeof(*list), outbox_cmp);
	*out = list;
	*n = r->nrows;
	db_rows_free(r);
	return ST_OK;
}

/* ST_NOTFOUND for an unknown id. */
enum status store_outbox_done(struct db *db, int64_t id, int64_t now, GString *err)
{
	return exec_changed(db, SQL_OUTBOX_DONE, DB_ARGS(DB_INT(id), DB_INT(now)), "outbox item", id, err);
}

/* Makes the item available again at retry_at, noting why it failed;
 * ST_NOTFOUND for an unknown or delivered item. */
enum status store_outbox_retry(struct db *db, int64_t id, int64_t retry_at, const char *error, GString *err)
{
	return exec_changed(db, SQL_OUTBOX_RETRY,
			    DB_ARGS(DB_INT(id), DB_INT(retry_at), DB_TEXT(error ? error : "")),
			    "pending outbox item", id, err);
}

enum status store_outbox_pending(struct db *db, int64_t *count, GString *err)
{
	return query_int(db, SQL_OUTBOX_PENDING, DB_NOARGS, count, err);
}
