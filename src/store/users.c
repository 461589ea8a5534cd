/* Users: accounts identified by a lower-cased, unique email address. */
#include "store/store.h"
#include "store/store_int.h"

#include "base/banned.h"

/* The email as stored: lower-cased (Unicode-aware). Caller g_frees. */
static char *email_key(const char *email)
{
	return g_utf8_strdown(email, -1);
}

struct user *store_user_from_row(struct arena *a, const struct db_rows *r, int row, int col)
{
	struct user *u = arena_alloc(a, sizeof(*u));
	u->id = db_int(r, row, col + 0);
	u->email = row_str(a, r, row, col + 1);
	u->name = row_str(a, r, row, col + 2);
	u->password_hash = row_str(a, r, row, col + 3);
	u->lang = row_str(a, r, row, col + 4);
	u->country = row_str(a, r, row, col + 5);
	u->birth_date = row_str(a, r, row, col + 6);
	u->roles = (int)db_int(r, row, col + 7);
	u->created_at = db_int(r, row, col + 8);
	u->verified_at = db_int(r, row, col + 9);
	return u;
}

/* Inserts u (email lower-cased; NULL strings stored as "", lang "en" by
 * default, verified_at 0 as unverified) and sets u->id. ST_CONFLICT when
 * the email is taken, ST_INVALID without an email. */
enum status store_user_insert(struct db *db, struct user *u, GString *err)
{
	if (!u->email || !*u->email)
		return invalid(err, "email: required");
	char *email = email_key(u->email);
	int64_t id = 0;
	enum status st = query_int(
		db, SQL_USER_INSERT,
		DB_ARGS(DB_TEXT(email), DB_TEXT(u->name ? u->name : ""),
			DB_TEXT(u->password_hash ? u->password_hash : ""),
			DB_TEXT(u->lang && *u->lang ? u->lang : "en"), DB_TEXT(u->country ? u->country : ""),
			DB_TEXT(u->birth_date ? u->birth_date : ""), DB_INT(u->roles), DB_INT(u->created_at),
			u->verified_at ? DB_INT(u->verified_at) : DB_NULL),
		&id, err);
	if (st == ST_OK)
		u->id = id;
	else if (st == ST_CONFLICT && err)
		g_string_printf(err, "email: %s is already registered", email);
	g_free(email);
	return st;
}

static enum status user_get(struct db *db, struct arena *a, enum sql_id id, struct db_arg key,
			    struct user **out, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, &key, 1, &r, err);
	if (st != ST_OK)
		goto cleanup;
	if (r->nrows == 0) {
		if (err)
			g_string_assign(err, "user not found");
		st = ST_NOTFOUND;
		goto cleanup;
	}
	*out = store_user_from_row(a, r, 0, 0);
cleanup:
	db_rows_free(r);
	return st;
}

/* The user with this email, whatever its case; *out is owned by a. */
enum status store_user_by_email(struct db *db, struct arena *a, const char *email, struct user **out,
				GString *err)
{
	if (!email)
		return invalid(err, "email: required");
	char *key = email_key(email);
	enum status st = user_get(db, a, SQL_USER_BY_EMAIL, DB_TEXT(key), out, err);
	g_free(key);
	return st;
}

enum status store_user_by_id(struct db *db, struct arena *a, int64_t id, struct user **out, GString *err)
{
	return user_get(db, a, SQL_USER_BY_ID, DB_INT(id), out, err);
}

/* The setters give ST_NOTFOUND when no user has this id. */
enum status store_user_set_password(struct db *db, int64_t id, const char *hash, GString *err)
{
	return exec_changed(db, SQL_USER_SET_PASSWORD, DB_ARGS(DB_INT(id), DB_TEXT(hash ? hash : "")), "user",
			    id, err);
}

enum status store_user_set_profile(struct db *db, int64_t id, const char *name, const char *country,
				   const char *lang, GString *err)
{
	return exec_changed(db, SQL_USER_SET_PROFILE,
			    DB_ARGS(DB_INT(id), DB_TEXT(name ? name : ""), DB_TEXT(country ? country : ""),
				    DB_TEXT(lang && *lang ? lang : "en")),
			    "user", id, err);
}

enum status store_user_set_lang(struct db *db, int64_t id, const char *lang, GString *err)
{
	return exec_changed(db, SQL_USER_SET_LANG, DB_ARGS(DB_INT(id), DB_TEXT(lang && *lang ? lang : "en")),
			    "user", id, err);
}

enum status store_user_set_roles(struct db *db, int64_t id, int roles, GString *err)
{
	return exec_changed(db, SQL_USER_SET_ROLES, DB_ARGS(DB_INT(id), DB_INT(roles)), "user", id, err);
}

enum status store_user_mark_verified(struct db *db, int64_t id, int64_t at, GString *err)
{
	return exec_changed(db, SQL_USER_MARK_VERIFIED, DB_ARGS(DB_INT(id), DB_INT(at)), "user", id, err);
}

enum status store_user_count(struct db *db, int64_t *count, GString *err)
{
	return query_int(db, SQL_USER_COUNT, DB_NOARGS, count, err);
}
