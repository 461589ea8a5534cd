/* Staff grants of Premium access (premium_grants, migration 2). */
#include "store/store.h"
#include "store/store_int.h"

#include "base/banned.h"

enum status store_premium_grant_active(struct db *db, int64_t user_id, int64_t now, int64_t *grant_id,
				       int64_t *ends_at, GString *err)
{
	struct db_rows *r = NULL;
	enum status st =
		db_query(db, SQL_PREMIUM_GRANT_ACTIVE, DB_ARGS(DB_INT(user_id), DB_INT(now)), &r, err);
	if (st == ST_OK) {
		*grant_id = r->nrows ? db_int(r, 0, 0) : 0;
		*ends_at = r->nrows ? db_int(r, 0, 1) : 0;
	}
	db_rows_free(r);
	return st;
}

enum status store_premium_grant_insert(struct db *db, int64_t user_id, int64_t granted_by, const char *reason,
				       int64_t starts_at, int64_t ends_at, int64_t *id, GString *err)
{
	return query_int(db, SQL_PREMIUM_GRANT_INSERT,
			 DB_ARGS(DB_INT(user_id), granted_by ? DB_INT(granted_by) : DB_NULL, DB_TEXT(reason),
				 DB_INT(starts_at), ends_at ? DB_INT(ends_at) : DB_NULL),
			 id, err);
}

enum status store_premium_grant_revoke(struct db *db, int64_t user_id, int64_t at, int64_t *revoked,
				       GString *err)
{
	struct db_rows *r = NULL;
	enum status st =
		db_query(db, SQL_PREMIUM_GRANT_REVOKE, DB_ARGS(DB_INT(user_id), DB_INT(at)), &r, err);
	if (st == ST_OK && revoked)
		*revoked = r->changes;
	db_rows_free(r);
	return st;
}
