/* The PostgreSQL backend (libpq). Each statement is prepared on first use
 * as "s<id>" and remembered in a per-connection bitmap; parameters are sent
 * as text (blobs binary) and results read as text. URL: any libpq
 * connection URI ("postgresql://user@host:port/db?..."). libpq is loaded
 * at the first connection (db/pq_api.h). */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "db/db.h"
#include "db/pq_api.h"

#include "base/banned.h"

enum { PG_MAX_ARGS = 32, PG_BYTEA_OID = 17 };

struct pg_db {
	struct db base;
	const struct pq_api *pq;
	PGconn *conn;
	bool in_txn;
	uint64_t prepared[(SQL_COUNT_ + 63) / 64];
};

static struct pg_db *pg(struct db *db)
{
	return (struct pg_db *)db;
}

static bool is_prepared(const struct pg_db *p, enum sql_id id)
{
	return (p->prepared[id / 64] >> (id % 64)) & 1u;
}

static void set_prepared(struct pg_db *p, enum sql_id id)
{
	p->prepared[id / 64] |= (uint64_t)1 << (id % 64);
}

/* Notices (e.g. "relation already exists, skipping") are not errors. */
static void pg_notice(void *arg, const char *message)
{
	(void)arg;
	g_debug("postgresql: %s", message);
}

/* err = "postgresql: [what: ]message" without the trailing newline. */
static void pg_set_err(GString *err, const char *what, const char *msg)
{
	if (!err)
		return;
	g_string_printf(err, "postgresql: %s%s%s", what ? what : "", what ? ": " : "",
			msg ? msg : "unknown error");
	while (err->len && (err->str[err->len - 1] == '\n' || err->str[err->len - 1] == ' '))
		g_string_truncate(err, err->len - 1);
}

static enum status pg_status_of(const struct pq_api *pq, const PGresult *res)
{
	const char *state = pq->PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state && strcmp(state, "23505") == 0)
		return ST_CONFLICT; /* unique_violation */
	return ST_DB;
}

static void pg_close(struct db *db)
{
	struct pg_db *p = pg(db);
	if (p->pq)
		p->pq->PQfinish(p->conn);
	g_free(p);
}

static struct db *pg_open(const char *url, GString *err)
{
	const struct pq_api *pq = pq_api(err);
	if (!pq)
		return NULL;
	struct pg_db *p = g_new0(struct pg_db, 1);
	p->base.be = &db_pg_backend;
	p->pq = pq;
	p->conn = pq->PQconnectdb(url);
	if (pq->PQstatus(p->conn) != CONNECTION_OK) {
		pg_set_err(err, "cannot connect", pq->PQerrorMessage(p->conn));
		pg_close(&p->base);
		return NULL;
	}
	pq->PQsetNoticeProcessor(p->conn, pg_notice, NULL);
	return &p->base;
}

/* Reconnects a broken connection, unless a transaction was open on it
 * (its statements would silently run outside the transaction): that one
 * fails until the caller rolls back. Prepared statements are lost. */
static enum status pg_check_conn(struct pg_db *p, GString *err)
{
	const struct pq_api *pq = p->pq;
	if (pq->PQstatus(p->conn) == CONNECTION_OK)
		return ST_OK;
	if (!p->in_txn) {
		pq->PQreset(p->conn);
		memset(p->prepared, 0, sizeof(p->prepared));
		if (pq->PQstatus(p->conn) == CONNECTION_OK)
			return ST_OK;
	}
	pg_set_err(err, "connection lost", pq->PQerrorMessage(p->conn));
	return ST_DB;
}

/* Runs literal SQL (several statements allowed); when out is not NULL it
 * receives the last result (the caller PQclears it). */
static enum status pg_exec_sql(struct pg_db *p, const char *sql, GString *err, PGresult **out)
{
	const struct pq_api *pq = p->pq;
	enum status st = pg_check_conn(p, err);
	if (st != ST_OK)
		return st;
	PGresult *res = pq->PQexec(p->conn, sql);
	ExecStatusType es = pq->PQresultStatus(res);
	if (es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK || es == PGRES_EMPTY_QUERY) {
		st = ST_OK;
	} else {
		st = res ? pg_status_of(pq, res) : ST_DB;
		pg_set_err(err, NULL, res ? pq->PQresultErrorMessage(res) : pq->PQerrorMessage(p->conn));
	}
	if (out)
		*out = res;
	else
		pq->PQclear(res);
	return st;
}

static enum status pg_prepare(struct pg_db *p, enum sql_id id, const char *name, GString *err)
{
	const struct pq_api *pq = p->pq;
	PGresult *res = pq->PQprepare(p->conn, name, sql_text(id, "postgresql"), 0, NULL);
	enum status st = ST_OK;
	if (pq->PQresultStatus(res) != PGRES_COMMAND_OK) {
		GString *what = g_string_new(NULL);
		g_string_printf(what, "prepare %s", sql_name(id));
		pg_set_err(err, what->str, res ? pq->PQresultErrorMessage(res) : pq->PQerrorMessage(p->conn));
		g_string_free(what, TRUE);
		st = ST_DB;
	} else {
		set_prepared(p, id);
	}
	pq->PQclear(res);
	return st;
}

/* Copies a result set into a struct db_rows (owned by the caller). */
static struct db_rows *pg_rows(const struct pq_api *pq, PGresult *res)
{
	struct db_rows *r = g_new0(struct db_rows, 1);
	r->nrows = pq->PQntuples(res);
	r->ncols = pq->PQnfields(res);
	size_t n = (size_t)r->nrows * (size_t)r->ncols;
	r->cells = g_new0(char *, n ? n : 1);
	r->lens = g_new0(size_t, n ? n : 1);
	for (int row = 0; row < r->nrows; row++) {
		for (int c = 0; c < r->ncols; c++) {
			size_t i = (size_t)row * (size_t)r->ncols + (size_t)c;
			if (pq->PQgetisnull(res, row, c))
				continue;
			const char *v = pq->PQgetvalue(res, row, c);
			size_t len = (size_t)pq->PQgetlength(res, row, c);
			if (pq->PQftype(res, c) == PG_BYTEA_OID) {
				unsigned char *raw = pq->PQunescapeBytea((const unsigned char *)v, &len);
				r->cells[i] = g_malloc(len + 1);
				if (len)
					memcpy(r->cells[i], raw, len);
				r->cells[i][len] = '\0';
				pq->PQfreemem(raw);
			} else {
				r->cells[i] = g_strndup(v, len);
			}
			r->lens[i] = len;
		}
	}
	const char *tuples = pq->PQcmdTuples(res);
	r->changes = (tuples && *tuples) ? g_ascii_strtoll(tuples, NULL, 10) : 0;
	return r;
}

/* Prepares id if this connection has not yet, runs it with args and, when
 * rows is not NULL, materialises the result (caller frees, db_rows_free). */
static enum status pg_query(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs,
			    struct db_rows **rows, GString *err)
{
	struct pg_db *p = pg(db);
	const struct pq_api *pq = p->pq;
	const char *values[PG_MAX_ARGS];
	int lengths[PG_MAX_ARGS], formats[PG_MAX_ARGS];
	char ints[PG_MAX_ARGS][24];
	char name[16];
	enum status st;

	if (nargs > PG_MAX_ARGS) {
		if (err)
			g_string_printf(err, "postgresql: %s: too many parameters (%zu)", sql_name(id),
					nargs);
		return ST_DB;
	}
	st = pg_check_conn(p, err);
	if (st != ST_OK)
		return st;
	g_snprintf(name, sizeof(name), "s%d", (int)id);
	if (!is_prepared(p, id) && (st = pg_prepare(p, id, name, err)) != ST_OK)
		return st;

	for (size_t i = 0; i < nargs; i++) {
		const struct db_arg *a = &args[i];
		values[i] = NULL;
		lengths[i] = 0;
		formats[i] = 0;
		switch (a->type) {
		case DB_T_INT:
			g_snprintf(ints[i], sizeof(ints[i]), "%lld", (long long)a->i);
			values[i] = ints[i];
			break;
		case DB_T_TEXT: values[i] = a->s; break;
		case DB_T_BLOB:
			values[i] = a->s;
			lengths[i] = (int)a->len;
			formats[i] = 1;
			break;
		case DB_T_NULL:
		default: break;
		}
	}

	PGresult *res = pq->PQexecPrepared(p->conn, name, (int)nargs, values, lengths, formats, 0);
	ExecStatusType es = pq->PQresultStatus(res);
	if (es != PGRES_TUPLES_OK && es != PGRES_COMMAND_OK) {
		st = res ? pg_status_of(pq, res) : ST_DB;
		pg_set_err(err, sql_name(id),
			   res ? pq->PQresultErrorMessage(res) : pq->PQerrorMessage(p->conn));
		goto cleanup;
	}
	if (rows)
		*rows = pg_rows(pq, res);
	st = ST_OK;
cleanup:
	pq->PQclear(res);
	return st;
}

static enum status pg_exec_script(struct db *db, const char *sql, GString *err)
{
	return pg_exec_sql(pg(db), sql, err, NULL);
}

static enum status pg_begin(struct db *db, GString *err)
{
	struct pg_db *p = pg(db);
	const struct pq_api *pq = p->pq;
	if (p->in_txn && pq->PQstatus(p->conn) != CONNECTION_OK)
		p->in_txn = false; /* the caller forgot to roll back a lost one */
	enum status st = pg_exec_sql(p, "BEGIN", err, NULL);
	if (st == ST_OK)
		p->in_txn = true;
	return st;
}

/* REPEATABLE READ: every statement of the transaction sees the snapshot
 * of its first one. */
static enum status pg_begin_snapshot(struct db *db, GString *err)
{
	struct pg_db *p = pg(db);
	const struct pq_api *pq = p->pq;
	if (p->in_txn && pq->PQstatus(p->conn) != CONNECTION_OK)
		p->in_txn = false;
	enum status st = pg_exec_sql(p, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err, NULL);
	if (st == ST_OK)
		p->in_txn = true;
	return st;
}

/* COMMIT of a transaction aborted by an earlier error "succeeds" with the
 * tag ROLLBACK: that is a failure for the caller. */
static enum status pg_commit(struct db *db, GString *err)
{
	struct pg_db *p = pg(db);
	const struct pq_api *pq = p->pq;
	PGresult *res = NULL;
	enum status st = pg_exec_sql(p, "COMMIT", err, &res);
	p->in_txn = false;
	if (st == ST_OK && strcmp(pq->PQcmdStatus(res), "ROLLBACK") == 0) {
		pg_set_err(err, NULL,
			   "the transaction was aborted by an earlier error "
			   "and has been rolled back");
		st = ST_DB;
	}
	pq->PQclear(res);
	return st;
}

static enum status pg_rollback(struct db *db)
{
	struct pg_db *p = pg(db);
	const struct pq_api *pq = p->pq;
	p->in_txn = false;
	if (pq->PQstatus(p->conn) != CONNECTION_OK)
		return ST_DB; /* the server rolled back when the connection died */
	/* Known locally, without a round trip: the web layer rolls back every
	 * connection it returns to the pool, most of which are idle. */
	if (pq->PQtransactionStatus(p->conn) == PQTRANS_IDLE)
		return ST_OK;
	return pg_exec_sql(p, "ROLLBACK", NULL, NULL);
}

const struct db_backend db_pg_backend = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.query = pg_query,
	.exec_script = pg_exec_script,
	.begin = pg_begin,
	.begin_snapshot = pg_begin_snapshot,
	.commit = pg_commit,
	.rollback = pg_rollback,
};
