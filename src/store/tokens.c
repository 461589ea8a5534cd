/* Single-use email tokens and personal API tokens; only hashes are stored. */
#include "store/store.h"
#include "store/store_int.h"

#include "base/banned.h"

enum status store_token_insert(struct db *db, int64_t user_id, const char *purpose, const char *hash,
			       int64_t created_at, int64_t expires_at, GString *err)
{
	if (!purpose || !*purpose || !hash || !*hash)
		return invalid(err, "token: purpose and hash required");
	return db_exec(db, SQL_TOKEN_INSERT,
		       DB_ARGS(DB_INT(user_id), DB_TEXT(purpose), DB_TEXT(hash), DB_INT(created_at),
			       DB_INT(expires_at)),
		       err);
}

/* One UPDATE ... RETURNING: of two concurrent consumers, exactly one gets
 * the user, the other ST_NOTFOUND. */
enum status store_token_consume(struct db *db, const char *purpose, const char *hash, int64_t now,
				int64_t *user_id, GString *err)
{
	if (!purpose || !hash)
		return invalid(err, "token: purpose and hash required");
	enum status st = query_int(db, SQL_TOKEN_CONSUME,
				   DB_ARGS(DB_TEXT(purpose), DB_TEXT(hash), DB_INT(now)), user_id, err);
	if (st == ST_NOTFOUND && err)
		g_string_assign(err, "token unknown, used or expired");
	return st;
}

/* Sets *id (may be NULL) to the new token's id. */
enum status store_api_token_insert(struct db *db, int64_t user_id, const char *name, const char *hash,
				   int64_t now, int64_t *id, GString *err)
{
	if (!hash || !*hash)
		return invalid(err, "api token: hash required");
	return query_int(db, SQL_API_TOKEN_INSERT,
			 DB_ARGS(DB_INT(user_id), DB_TEXT(name ? name : ""), DB_TEXT(hash), DB_INT(now)), id,
			 err);
}

enum status store_api_token_user(struct db *db, const char *hash, int64_t now, int64_t *user_id, GString *err)
{
	if (!hash)
		return invalid(err, "api token: hash required");
	enum status st = query_int(db, SQL_API_TOKEN_USER, DB_ARGS(DB_TEXT(hash), DB_INT(now)), user_id, err);
	if (st == ST_NOTFOUND && err)
		g_string_assign(err, "api token unknown or revoked");
	return st;
}
