/* DATA-1: the append-only audit log (triggers refuse UPDATE and DELETE). */
#include "store/store.h"
#include "store/store_int.h"

#include "base/banned.h"

enum status store_audit_append(struct db *db, const struct audit_entry *e, GString *err)
{
	if (!e->action || !*e->action)
		return invalid(err, "audit: action required");
	return db_exec(db, SQL_AUDIT_APPEND,
		       DB_ARGS(DB_INT(e->at), DB_INT(e->actor_id), DB_TEXT(e->actor ? e->actor : "system"),
			       DB_TEXT(e->action), DB_TEXT(e->subject_type ? e->subject_type : ""),
			       DB_INT(e->subject_id), DB_TEXT(e->before_json ? e->before_json : ""),
			       DB_TEXT(e->after_json ? e->after_json : ""), DB_TEXT(e->ip ? e->ip : "")),
		       err);
}

/* Newest first. subject_type NULL lists everything; subject_id 0 (with a
 * subject_type) every subject of that type. *out is an arena array of *n. */
enum status store_audit_list(struct db *db, struct arena *a, const char *subject_type, int64_t subject_id,
			     int limit, struct audit_entry ***out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st;

	if (limit <= 0)
		return invalid(err, "audit list: limit must be positive");
	if (!subject_type)
		st = db_query(db, SQL_AUDIT_LIST_ALL, DB_ARGS(DB_INT(limit)), &r, err);
	else if (subject_id == 0)
		st = db_query(db, SQL_AUDIT_LIST_TYPE, DB_ARGS(DB_TEXT(subject_type), DB_INT(limit)), &r,
			      err);
	else
		st = db_query(db, SQL_AUDIT_LIST_SUBJECT,
			      DB_ARGS(DB_TEXT(subject_type), DB_INT(subject_id), DB_INT(limit)), &r, err);
	if (st != ST_OK)
		return st;
	struct audit_entry **list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++) {
		struct audit_entry *e = arena_alloc(a, sizeof(*e));
		e->id = db_int(r, i, 0);
		e->at = db_int(r, i, 1);
		e->actor_id = db_int(r, i, 2);
		e->actor = row_str(a, r, i, 3);
		e->action = row_str(a, r, i, 4);
		e->subject_type = row_str(a, r, i, 5);
		e->subject_id = db_int(r, i, 6);
		e->before_json = row_str(a, r, i, 7);
		e->after_json = row_str(a, r, i, 8);
		e->ip = row_str(a, r, i, 9);
		list[i] = e;
	}
	*out = list;
	*n = r->nrows;
	db_rows_free(r);
	return ST_OK;
}
