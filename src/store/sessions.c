/* Server-side sessions, looked up by the hash of the cookie token. */
#include "store/store.h"
#include "store/store_int.h"
#include "store/store_webperf.h"

#include "base/banned.h"

/* Inserts s and sets s->id; ST_CONFLICT if the hash exists already. */
enum status store_session_insert(struct db *db, struct session *s, GString *err)
{
	if (!s->token_hash || !*s->token_hash)
		return invalid(err, "session: token hash required");
	int64_t id = 0;
	enum status st =
		query_int(db, SQL_SESSION_INSERT,
			  DB_ARGS(DB_TEXT(s->token_hash), DB_INT(s->user_id), DB_INT(s->created_at),
				  DB_INT(s->last_seen_at), DB_INT(s->expires_at), DB_TEXT(s->ip ? s->ip : ""),
				  DB_TEXT(s->user_agent ? s->user_agent : "")),
			  &id, err);
	if (st == ST_OK)
		s->id = id;
	return st;
}

/* The session with this token hash, expired or not (the caller decides);
 * *out is owned by a. ST_NOTFOUND. */
static struct session *session_from_row(struct arena *a, const struct db_rows *r)
{
	struct session *s = arena_alloc(a, sizeof(*s));
	s->id = db_int(r, 0, 0);
	s->token_hash = row_str(a, r, 0, 1);
	s->user_id = db_int(r, 0, 2);
	s->created_at = db_int(r, 0, 3);
	s->last_seen_at = db_int(r, 0, 4);
	s->expires_at = db_int(r, 0, 5);
	s->ip = row_str(a, r, 0, 6);
	s->user_agent = row_str(a, r, 0, 7);
	return s;
}

enum status store_session_by_hash(struct db *db, struct arena *a, const char *hash, struct session **out,
				  GString *err)
{
	struct db_rows *r = NULL;
	enum status st = query_row(db, SQL_SESSION_BY_HASH, DB_ARGS(DB_TEXT(hash)), "session", &r, err);
	if (st == ST_OK)
		*out = session_from_row(a, r);
	db_rows_free(r);
	return st;
}

/* webperf: one statement instead of two on every signed-in request. */
enum status store_session_user_by_hash(struct db *db, struct arena *a, const char *hash,
				       struct session **session, struct user **user, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = query_row(db, SQL_WEBPERF_SESSION_USER, DB_ARGS(DB_TEXT(hash)), "session", &r, err);
	if (st == ST_OK) {
		*session = session_from_row(a, r);
		*user = store_user_from_row(a, r, 0, 8);
	}
	db_rows_free(r);
	return st;
}

/* Records activity at at; ST_NOTFOUND when the session is gone. */
enum status store_session_touch(struct db *db, int64_t id, int64_t at, GString *err)
{
	return exec_changed(db, SQL_SESSION_TOUCH, DB_ARGS(DB_INT(id), DB_INT(at)), "session", id, err);
}

/* Deleting a session that does not exist is not an error (sign-out twice). */
enum status store_session_delete(struct db *db, const char *hash, GString *err)
{
	return db_exec(db, SQL_SESSION_DELETE, DB_ARGS(DB_TEXT(hash)), err);
}

enum status store_session_delete_user(struct db *db, int64_t user_id, const char *keep_hash, GString *err)
{
	if (keep_hash)
		return db_exec(db, SQL_SESSION_DELETE_USER_EXCEPT,
			       DB_ARGS(DB_INT(user_id), DB_TEXT(keep_hash)), err);
	return db_exec(db, SQL_SESSION_DELETE_USER, DB_ARGS(DB_INT(user_id)), err);
}

/* *deleted (may be NULL) gets the number of sessions removed. */
enum status store_session_purge(struct db *db, int64_t idle_before, int64_t now, int64_t *deleted,
				GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_SESSION_PURGE, DB_ARGS(DB_INT(idle_before), DB_INT(now)), &r, err);
	if (st == ST_OK && deleted)
		*deleted = r->changes;
	db_rows_free(r);
	return st;
}
