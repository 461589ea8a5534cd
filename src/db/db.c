/* The backend-independent half of the storage interface: dispatch by URL,
 * thin wrappers over the backend table, result-set accessors and the
 * connection pool. */
#include "db/db.h"

#include <assert.h>
#include <string.h>

#include "base/banned.h"

/* Picks the backend from the URL scheme; NULL with err set when the scheme
 * is unknown or the connection fails. The caller owns the connection and
 * closes it with db_close. */
struct db *db_open(const char *url, GString *err)
{
	const struct db_backend *be = NULL;

	if (!url) {
		if (err)
			g_string_assign(err, "no database URL");
		return NULL;
	}
	if (g_str_has_prefix(url, "sqlite:"))
		be = &db_sqlite_backend;
	else if (g_str_has_prefix(url, "postgresql://") || g_str_has_prefix(url, "postgres://"))
		be = &db_pg_backend;
	if (!be) {
		if (err)
			g_string_printf(err,
					"unsupported database URL \"%s\" "
					"(expected sqlite:PATH or postgresql://...)",
					url);
		return NULL;
	}
	return be->open(url, err);
}

void db_close(struct db *db)
{
	if (db)
		db->be->close(db);
}

const char *db_backend_name(const struct db *db)
{
	return db->be->name;
}

bool db_is_pg(const struct db *db)
{
	return db->be == &db_pg_backend;
}

bool db_commit_stamp(struct db *db, char *buf, size_t len)
{
	return db->be->commit_stamp && db->be->commit_stamp(db, buf, len);
}

enum status db_query(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs,
		     struct db_rows **rows, GString *err)
{
	assert(id >= 0 && id < SQL_COUNT_);
	if (rows)
		*rows = NULL;
	return db->be->query(db, id, args, nargs, rows, err);
}

enum status db_exec(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs, GString *err)
{
	return db_query(db, id, args, nargs, NULL, err);
}

enum status db_begin_snapshot(struct db *db, GString *err)
{
	return db->be->begin_snapshot(db, err);
}

enum status db_begin(struct db *db, GString *err)
{
	return db->be->begin(db, err);
}

enum status db_commit(struct db *db, GString *err)
{
	return db->be->commit(db, err);
}

enum status db_rollback(struct db *db)
{
	return db->be->rollback(db);
}

void db_read_begin(struct db *db)
{
	if (db->be->read_begin)
		db->be->read_begin(db);
}

void db_read_end(struct db *db)
{
	if (db->be->read_end)
		db->be->read_end(db);
}

void db_rows_free(struct db_rows *rows)
{
	if (!rows)
		return;
	size_t n = (size_t)rows->nrows * (size_t)rows->ncols;
	for (size_t i = 0; !rows->text && i < n; i++)
		g_free(rows->cells[i]);
	g_free(rows->text);
	g_free(rows->cells);
	g_free(rows->lens);
	g_free(rows);
}

static size_t cell_index(const struct db_rows *r, int row, int col)
{
	assert(row >= 0 && row < r->nrows && col >= 0 && col < r->ncols);
	return (size_t)row * (size_t)r->ncols + (size_t)col;
}

const char *db_text(const struct db_rows *r, int row, int col)
{
	return r->cells[cell_index(r, row, col)];
}

/* The cell as an integer: 0 for NULL; PostgreSQL booleans ("t"/"f") as 1/0. */
int64_t db_int(const struct db_rows *r, int row, int col)
{
	const char *s = r->cells[cell_index(r, row, col)];
	if (!s)
		return 0;
	if (s[0] == 't' && s[1] == '\0')
		return 1;
	return g_ascii_strtoll(s, NULL, 10);
}

bool db_is_null(const struct db_rows *r, int row, int col)
{
	return r->cells[cell_index(r, row, col)] == NULL;
}

/* The pool: up to size connections, the first opened up front (so that a
 * wrong URL fails at start), the others when a thread asks while every open
 * one is busy (idle RSS: each SQLite connection holds its parsed schema and
 * page cache, 100+ KiB, and a server on one core never uses most of them).
 * Handed out LIFO, so the same few stay warm. */
struct db_pool {
	GMutex mu;
	GCond cond;
	int size, nopen, nfree, opening;
	char *url;
	struct db **all; /* the nopen open connections */
	struct db **free; /* the nfree idle ones */
};

/* A pool of up to size connections to url; NULL with err set when the
 * first cannot be opened. Free with db_pool_free once every connection has
 * been put back. */
struct db_pool *db_pool_new(const char *url, int size, GString *err)
{
	assert(size > 0);
	struct db *first = db_open(url, err);
	if (!first)
		return NULL;
	struct db_pool *p = g_new0(struct db_pool, 1);
	g_mutex_init(&p->mu);
	g_cond_init(&p->cond);
	p->url = g_strdup(url);
	p->all = g_new0(struct db *, (size_t)size);
	p->free = g_new0(struct db *, (size_t)size);
	p->all[0] = p->free[0] = first;
	p->size = size;
	p->nopen = p->nfree = 1;
	return p;
}

/* Blocks until a connection is idle (opening one more while the pool is
 * below its size); the caller gives it back with db_pool_put, outside any
 * transaction. When one more cannot be opened (the database refuses
 * more), the pool keeps the connections it has and the caller waits for
 * one of them. */
struct db *db_pool_get(struct db_pool *p)
{
	g_mutex_lock(&p->mu);
	while (p->nfree == 0) {
		if (p->nopen + p->opening < p->size) {
			p->opening++;
			g_mutex_unlock(&p->mu);
			GString *err = g_string_new(NULL);
			struct db *db = db_open(p->url, err); /* outside the lock: it may take a while */
			if (!db)
				g_warning("db pool: cannot open one more connection: %s", err->str);
			g_string_free(err, TRUE);
			g_mutex_lock(&p->mu);
			p->opening--;
			if (db) {
				p->all[p->nopen++] = db;
				g_mutex_unlock(&p->mu);
				return db;
			}
			p->size = p->nopen + p->opening; /* no more attempts */
		}
		if (p->nfree == 0)
			g_cond_wait(&p->cond, &p->mu);
	}
	struct db *db = p->free[--p->nfree];
	g_mutex_unlock(&p->mu);
	return db;
}

void db_pool_put(struct db_pool *p, struct db *db)
{
	g_mutex_lock(&p->mu);
	assert(p->nfree < p->nopen);
	p->free[p->nfree++] = db;
	g_cond_signal(&p->cond);
	g_mutex_unlock(&p->mu);
}

/* Closes every connection; they must all have been put back. */
void db_pool_free(struct db_pool *p)
{
	if (!p)
		return;
	assert(p->nfree == p->nopen && p->opening == 0);
	for (int i = 0; i < p->nopen; i++)
		db_close(p->all[i]);
	g_free(p->url);
	g_free(p->all);
	g_free(p->free);
	g_mutex_clear(&p->mu);
	g_cond_clear(&p->cond);
	g_free(p);
}
