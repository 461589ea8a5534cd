/* Schema migrations: applies the entries of store/migrations.c that the
 * database has not seen, each in its own transaction together with its row
 * in schema_migrations. Concurrent migrators (several campus processes
 * starting at once) are serialised by a transaction-scoped advisory lock on
 * PostgreSQL and by BEGIN IMMEDIATE on SQLite; the loser then finds the
 * work done. */
#include <time.h>

#include "db/db.h"
#include "store/migrations.h"

#include "base/banned.h"

/* The applied version, read inside the caller's transaction. */
static enum status read_version(struct db *db, int *version, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_SCHEMA_VERSION, DB_NOARGS, &r, err);
	if (st == ST_OK)
		*version = r->nrows ? (int)db_int(r, 0, 0) : 0;
	db_rows_free(r);
	return st;
}

/* Applies at most one pending migration; *applied says whether it did. */
static enum status migrate_step(struct db *db, bool *applied, GString *err)
{
	const bool is_pg = db_is_pg(db);
	const struct migration *next = NULL;
	int version = 0;
	enum status st;

	*applied = false;
	st = db_begin(db, err);
	if (st != ST_OK)
		return st;
	st = db_exec(db, SQL_MIGRATE_LOCK, DB_NOARGS, err);
	if (st != ST_OK)
		goto cleanup;
	st = db->be->exec_script(db, migrations_bootstrap, err);
	if (st != ST_OK)
		goto cleanup;
	st = read_version(db, &version, err);
	if (st != ST_OK)
		goto cleanup;
	for (size_t i = 0; i < migrations_count; i++) {
		if (migrations[i].version > version) {
			next = &migrations[i];
			break;
		}
	}
	if (!next) {
		if (migrations_count && version > migrations[migrations_count - 1].version) {
			if (err)
				g_string_printf(err,
						"the database schema (version %d) is newer "
						"than this program (version %d)",
						version, migrations[migrations_count - 1].version);
			st = ST_DB;
			goto cleanup;
		}
		return db_commit(db, err);
	}
	st = db->be->exec_script(db, is_pg ? next->pg : next->sqlite, err);
	if (st != ST_OK) {
		if (err)
			g_string_prepend(err, "migration failed: ");
		goto cleanup;
	}
	st = db_exec(db, SQL_SCHEMA_RECORD, DB_ARGS(DB_INT(next->version), DB_INT(time(NULL))), err);
	if (st != ST_OK)
		goto cleanup;
	st = db_commit(db, err);
	if (st == ST_OK) {
		*applied = true;
		g_debug("database: applied migration %d (%s)", next->version, next->name);
	}
	return st;
cleanup:
	db_rollback(db);
	return st;
}

/* Brings the schema to the newest version; err says which migration failed.
 * Running it on an up-to-date database changes nothing. */
enum status db_migrate(struct db *db, GString *err)
{
	bool applied = true;
	enum status st = ST_OK;
	while (applied && st == ST_OK)
		st = migrate_step(db, &applied, err);
	return st;
}

/* The applied schema version: 0 for an empty database, -1 on error. */
int db_schema_version(struct db *db)
{
	struct db_rows *r = NULL;
	int version = -1;

	if (db_query(db, SQL_SCHEMA_EXISTS, DB_NOARGS, &r, NULL) != ST_OK)
		goto cleanup;
	if (r->nrows == 0 || db_int(r, 0, 0) == 0) {
		version = 0;
		goto cleanup;
	}
	db_rows_free(r);
	r = NULL;
	if (read_version(db, &version, NULL) != ST_OK)
		version = -1;
cleanup:
	db_rows_free(r);
	return version;
}
