/* Sign-in attempts, counted per (email, ip) pair so that nobody elsewhere
 * can lock an account out. */
#include "store/store.h"
#include "store/store_int.h"

#include "base/banned.h"

/* The email is lower-cased as in users, so that case changes do not reset
 * the count. */
enum status store_signin_attempt_add(struct db *db, const char *email, const char *ip, int64_t at, bool ok,
				     GString *err)
{
	if (!email || !ip)
		return invalid(err, "sign-in attempt: email and ip required");
	char *key = g_utf8_strdown(email, -1);
	enum status st =
		db_exec(db, SQL_SIGNIN_ADD, DB_ARGS(DB_TEXT(key), DB_TEXT(ip), DB_INT(at), DB_BOOL(ok)), err);
	g_free(key);
	return st;
}

/* Failed attempts of the pair at or after since. */
enum status store_signin_failures(struct db *db, const char *email, const char *ip, int64_t since,
				  int64_t *count, GString *err)
{
	if (!email || !ip)
		return invalid(err, "sign-in attempt: email and ip required");
	char *key = g_utf8_strdown(email, -1);
	enum status st = query_int(db, SQL_SIGNIN_FAILURES, DB_ARGS(DB_TEXT(key), DB_TEXT(ip), DB_INT(since)),
				   count, err);
	g_free(key);
	return st;
}

/* Deletes the attempts older than before (they no longer count). */
enum status store_signin_purge(struct db *db, int64_t before, GString *err)
{
	return db_exec(db, SQL_SIGNIN_PURGE, DB_ARGS(DB_INT(before)), err);
}
