/* The SQLite backend: one connection per thread (SQLITE_OPEN_NOMUTEX), WAL
 * journal, foreign keys on, statements prepared on first use and cached for
 * the life of the connection. URL: "sqlite:PATH" ("sqlite://PATH" too). */
#include <inttypes.h>
#include <sqlite3.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "db/sqlite_checkpoint.h"

#include "base/banned.h"

struct sqlite_db {
	struct db base;
	sqlite3 *h;
	sqlite3_stmt *stmts[SQL_COUNT_];
	char *wal_path; /* the -wal file when in WAL mode, else NULL */
	int wal_fd; /* read-only, never locked, for fstat; -1 until opened */
	struct stat stamp_st; /* the -wal file when stamp was made */
	char stamp[96]; /* "" or the last stamp given */
	sqlite3_stmt *read_begin, *read_end; /* BEGIN DEFERRED, COMMIT: prepared on first use */
	bool in_read; /* a read transaction of sq_read_begin is open */
	struct sq_checkpointer *ckpt; /* NULL unless in WAL mode */
};

static struct sqlite_db *sq(struct db *db)
{
	return (struct sqlite_db *)db;
}

static void sq_close(struct db *db)
{
	struct sqlite_db *s = sq(db);
	sq_checkpoint_detach(s->ckpt, s->h);
	for (int i = 0; i < SQL_COUNT_; i++)
		sqlite3_finalize(s->stmts[i]);
	sqlite3_finalize(s->read_begin);
	sqlite3_finalize(s->read_end);
	sqlite3_close_v2(s->h);
	g_free(s->wal_path);
	if (s->wal_fd >= 0)
		close(s->wal_fd);
	g_free(s);
}

/* Runs literal SQL; errors as ST_DB (ST_CONFLICT for uniqueness). */
static enum status sq_exec_sql(struct sqlite_db *s, const char *sql, GString *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->h, sql, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		return ST_OK;
	if (err)
		g_string_printf(err, "sqlite: %s", msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	rc = sqlite3_extended_errcode(s->h);
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return ST_CONFLICT;
	return ST_DB;
}

/* Opens the file named by url, creating it if missing, and sets the
 * connection up. NULL with err set on failure. */
static struct db *sq_open(const char *url, GString *err)
{
	static gsize configured;
	if (g_once_init_enter(&configured)) {
		/* No up-front page cache per connection (SQLite's default
		 * allocates room for 20 pages, 87 KiB, at the first read):
		 * pages are allocated as they are read, so idle connections
		 * cost what they hold (idle RSS). Must run before SQLite
		 * initialises; harmless (SQLITE_MISUSE) if it already has. */
		sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
		/* No memory statistics: they take a global mutex around
		 * every allocation of every connection (a tenth of a billing
		 * run's instructions with the mutexes and counters). */
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		g_once_init_leave(&configured, 1);
	}
	const char *path = url + strlen("sqlite:");
	if (g_str_has_prefix(path, "//"))
		path += 2;
	if (!*path) {
		if (err)
			g_string_printf(err, "sqlite: no file name in \"%s\"", url);
		return NULL;
	}

	struct sqlite_db *s = g_new0(struct sqlite_db, 1);
	s->base.be = &db_sqlite_backend;
	s->wal_fd = -1;
	int rc = sqlite3_open_v2(path, &s->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (err)
			g_string_printf(err, "sqlite: cannot open %s: %s", path,
					s->h ? sqlite3_errmsg(s->h) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(s->h, 1);
	/* The busy timeout first: switching to WAL needs a lock that another
	 * connection opening at the same moment may hold. */
	sqlite3_busy_timeout(s->h, 5000);
	if (sq_exec_sql(s,
			"PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
			"PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 67108864;",
			err) != ST_OK)
		goto fail;
	/* The commit stamp needs WAL mode (a file system without shared
	 * memory keeps the rollback journal): ask what the mode is. */
	sqlite3_stmt *jm = NULL;
	if (sqlite3_prepare_v2(s->h, "PRAGMA journal_mode", -1, &jm, NULL) == SQLITE_OK &&
	    sqlite3_step(jm) == SQLITE_ROW && !g_strcmp0((const char *)sqlite3_column_text(jm, 0), "wal")) {
		const char *file = sqlite3_db_filename(s->h, "main");
		if (file && *file)
			s->wal_path = g_strconcat(file, "-wal", NULL);
		s->ckpt = sq_checkpoint_attach(s->h);
	}
	sqlite3_finalize(jm);
	return &s->base;
fail:
	sq_close(&s->base);
	return NULL;
}

/* The cached statement for id, prepared on first use with $N rewritten as
 * ?N (outside string literals). NULL with err set on failure. */
static sqlite3_stmt *sq_stmt(struct sqlite_db *s, enum sql_id id, GString *err)
{
	if (s->stmts[id])
		return s->stmts[id];

	const char *text = sql_text(id, "sqlite");
	GString *sql = g_string_sized_new(strlen(text) + 1);
	bool quoted = false;
	for (const char *p = text; *p; p++) {
		if (*p == '\'')
			quoted = !quoted;
		if (!quoted && *p == '$' && g_ascii_isdigit(p[1]))
			g_string_append_c(sql, '?');
		else
			g_string_append_c(sql, *p);
	}
	sqlite3_stmt *stmt = NULL;
	int rc =
		sqlite3_prepare_v3(s->h, sql->str, (int)sql->len + 1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK) {
		if (err)
			g_string_printf(err, "sqlite: prepare %s: %s", sql_name(id), sqlite3_errmsg(s->h));
		sqlite3_finalize(stmt);
		stmt = NULL;
	}
	g_string_free(sql, TRUE);
	s->stmts[id] = stmt;
	return stmt;
}

static enum status sq_bind(struct sqlite_db *s, sqlite3_stmt *stmt, enum sql_id id, const struct db_arg *args,
			   size_t nargs, GString *err)
{
	if ((size_t)sqlite3_bind_parameter_count(stmt) != nargs) {
		if (err)
			g_string_printf(err, "sqlite: %s takes %d parameters, %zu given", sql_name(id),
					sqlite3_bind_parameter_count(stmt), nargs);
		return ST_DB;
	}
	for (size_t i = 0; i < nargs; i++) {
		int col = (int)i + 1, rc;
		const struct db_arg *a = &args[i];
		switch (a->type) {
		case DB_T_INT: rc = sqlite3_bind_int64(stmt, col, a->i); break;
		case DB_T_TEXT: rc = sqlite3_bind_text(stmt, col, a->s, -1, SQLITE_STATIC); break;
		case DB_T_BLOB: rc = sqlite3_bind_blob64(stmt, col, a->s, a->len, SQLITE_STATIC); break;
		case DB_T_NULL:
		default: rc = sqlite3_bind_null(stmt, col); break;
		}
		if (rc != SQLITE_OK) {
			if (err)
				g_string_printf(err, "sqlite: %s: bind $%d: %s", sql_name(id), col,
						sqlite3_errmsg(s->h));
			return ST_DB;
		}
	}
	return ST_OK;
}

/* v in decimal into buf (at least 21 bytes), NUL-terminated; returns its
 * length. billspeed2: g_snprintf was a tenth of a billing run's CPU. */
static size_t int_text(char *buf, int64_t v)
{
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char rev[20];
	size_t n = 0, k = 0;
	do {
		rev[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (v < 0)
		buf[k++] = '-';
	while (n)
		buf[k++] = rev[--n];
	buf[k] = '\0';
	return k;
}

/* The cells of a result while it is read: their bytes one after the
 * other in one block (perf: one allocation per cell was a twentieth of a
 * billing run's instructions, with its free), each cell an offset into it,
 * made pointers by rows_done once the block stops moving. */
struct row_reader {
	GString *text;
	size_t *offs; /* NO_CELL for SQL NULL */
	int cap; /* rows room was made for */
};

static const size_t NO_CELL = (size_t)-1;

/* Copies the current row of stmt onto the end of r (room grown by
 * doubling). */
static void sq_take_row(sqlite3_stmt *stmt, struct db_rows *r, struct row_reader *rd)
{
	if (r->nrows == rd->cap) {
		rd->cap = rd->cap ? rd->cap * 2 : 8;
		size_t n = (size_t)rd->cap * (size_t)r->ncols;
		rd->offs = g_renew(size_t, rd->offs, n);
		r->lens = g_renew(size_t, r->lens, n);
	}
	size_t base = (size_t)r->nrows * (size_t)r->ncols;
	for (int c = 0; c < r->ncols; c++) {
		size_t off = rd->text->len, len = 0;
		char buf[40];
		switch (sqlite3_column_type(stmt, c)) {
		case SQLITE_INTEGER:
			len = int_text(buf, (int64_t)sqlite3_column_int64(stmt, c));
			g_string_append_len(rd->text, buf, (gssize)len);
			break;
		case SQLITE_FLOAT:
			g_ascii_dtostr(buf, sizeof(buf), sqlite3_column_double(stmt, c));
			len = strlen(buf);
			g_string_append_len(rd->text, buf, (gssize)len);
			break;
		case SQLITE_TEXT:
		case SQLITE_BLOB: {
			/* text before bytes, as the SQLite documentation advises */
			const void *p = sqlite3_column_type(stmt, c) == SQLITE_TEXT
						? (const void *)sqlite3_column_text(stmt, c)
						: sqlite3_column_blob(stmt, c);
			len = (size_t)sqlite3_column_bytes(stmt, c);
			if (len)
				g_string_append_len(rd->text, p, (gssize)len);
			break;
		}
		case SQLITE_NULL:
		default: off = NO_CELL; break;
		}
		if (off != NO_CELL)
			g_string_append_c(rd->text, '\0');
		rd->offs[base + (size_t)c] = off;
		r->lens[base + (size_t)c] = len;
	}
	r->nrows++;
}

/* The cells of r made pointers into its text block, which r now owns. */
static void rows_done(struct db_rows *r, struct row_reader *rd)
{
	size_t n = (size_t)r->nrows * (size_t)r->ncols;
	r->text = g_string_free(rd->text, FALSE);
	rd->text = NULL;
	r->cells = g_new(char *, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		r->cells[i] = rd->offs[i] == NO_CELL ? NULL : r->text + rd->offs[i];
}

static enum status sq_query(struct db *db, enum sql_id id, const struct db_arg *args, size_t nargs,
			    struct db_rows **rows, GString *err)
{
	struct sqlite_db *s = sq(db);
	struct db_rows *r = NULL;
	enum status st = ST_DB;
	struct row_reader rd = {0};
	int rc;

	sqlite3_stmt *stmt = sq_stmt(s, id, err);
	if (!stmt)
		return ST_DB;
	st = sq_bind(s, stmt, id, args, nargs, err);
	if (st != ST_OK)
		goto cleanup;
	if (rows) {
		r = g_new0(struct db_rows, 1);
		r->ncols = sqlite3_column_count(stmt);
		rd.text = g_string_sized_new(256);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (r && r->ncols > 0)
			sq_take_row(stmt, r, &rd);
	}
	if (rc != SQLITE_DONE) {
		if (err)
			g_string_printf(err, "sqlite: %s: %s", sql_name(id), sqlite3_errmsg(s->h));
		st = (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) ? ST_CONFLICT
											    : ST_DB;
		goto cleanup;
	}
	if (r) {
		r->changes = sqlite3_stmt_readonly(stmt) ? 0 : sqlite3_changes(s->h);
		rows_done(r, &rd);
	}
	st = ST_OK;
cleanup:
	if (rd.text)
		g_string_free(rd.text, TRUE);
	g_free(rd.offs);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt); /* the bound strings are the caller's */
	if (st != ST_OK) {
		if (r && !r->cells)
			r->nrows = 0; /* its cells were never made */
		db_rows_free(r);
		r = NULL;
	}
	if (rows)
		*rows = r;
	return st;
}

static enum status sq_exec_script(struct db *db, const char *sql, GString *err)
{
	return sq_exec_sql(sq(db), sql, err);
}

/* IMMEDIATE takes the write lock now, so that two transactions that read
 * then write cannot deadlock on the upgrade (busy_timeout waits instead). */
static enum status sq_begin(struct db *db, GString *err)
{
	return sq_exec_sql(sq(db), "BEGIN IMMEDIATE", err);
}

/* DEFERRED: the first read takes a snapshot of the WAL and no lock that
 * stops writers. */
static enum status sq_begin_snapshot(struct db *db, GString *err)
{
	return sq_exec_sql(sq(db), "BEGIN DEFERRED", err);
}

/* On failure the transaction is rolled back, as PostgreSQL does. */
static enum status sq_commit(struct db *db, GString *err)
{
	struct sqlite_db *s = sq(db);
	s->in_read = false;
	enum status st = sq_exec_sql(s, "COMMIT", err);
	if (st != ST_OK && !sqlite3_get_autocommit(s->h))
		sq_exec_sql(s, "ROLLBACK", NULL);
	return st;
}

static enum status sq_rollback(struct db *db)
{
	struct sqlite_db *s = sq(db);
	s->in_read = false; /* a read transaction ends too */
	if (sqlite3_get_autocommit(s->h))
		return ST_OK; /* nothing open (SQLite may have rolled back itself) */
	return sq_exec_sql(s, "ROLLBACK", NULL);
}

/* Runs a cached parameterless statement (prepared on first use); false on
 * any failure. */
static bool sq_run_cached(struct sqlite_db *s, sqlite3_stmt **stmt, const char *sql)
{
	if (!*stmt && sqlite3_prepare_v3(s->h, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK) {
		sqlite3_finalize(*stmt);
		*stmt = NULL;
		return false;
	}
	int rc = sqlite3_step(*stmt);
	sqlite3_reset(*stmt);
	return rc == SQLITE_DONE;
}

/* A deferred transaction: the first statement takes the WAL read lock and
 * snapshot, the others reuse them, COMMIT releases them. Only outside any
 * transaction (autocommit), so it never nests. */
static void sq_read_begin(struct db *db)
{
	struct sqlite_db *s = sq(db);
	if (sqlite3_get_autocommit(s->h))
		s->in_read = sq_run_cached(s, &s->read_begin, "BEGIN DEFERRED");
}

static void sq_read_end(struct db *db)
{
	struct sqlite_db *s = sq(db);
	if (!s->in_read)
		return;
	s->in_read = false;
	if (!sqlite3_get_autocommit(s->h) && !sq_run_cached(s, &s->read_end, "COMMIT"))
		sq_rollback(db);
}

/* In WAL mode every commit, by any connection of any process, writes the
 * -wal file: its inode, size and modification time change. A stat costs a
 * fraction of the shared lock that any statement takes. File times come
 * from a clock that ticks every few milliseconds, so two commits within one
 * tick may leave the same time (and, after a WAL restart, the same size):
 * a stamp is only given once the last change is older than a margin of
 * several ticks, after which any later commit shows. A file system that
 * keeps whole seconds (no nanoseconds) gets a margin of two seconds. */
enum { STAMP_MARGIN_NS = 50 * 1000 * 1000, STAMP_MARGIN_COARSE_NS = 2000 * 1000 * 1000 };

/* The -wal file's status through a descriptor kept open (perf: no path
 * lookup per call). SQLite takes no lock on the -wal file (WAL locks live
 * in -shm), so this descriptor cannot release one when closed. A file
 * unlinked since it was opened (st_nlink 0: the last connection of every
 * process closed, or it was replaced) is opened again by name. */
static bool wal_status(struct sqlite_db *s, struct stat *st)
{
	if (s->wal_fd >= 0 && fstat(s->wal_fd, st) == 0 && st->st_nlink > 0)
		return true;
	if (s->wal_fd >= 0)
		close(s->wal_fd);
	s->wal_fd = open(s->wal_path, O_RDONLY | O_CLOEXEC);
	return s->wal_fd >= 0 && fstat(s->wal_fd, st) == 0 && st->st_nlink > 0;
}

static bool sq_commit_stamp(struct db *db, char *buf, size_t len)
{
	struct sqlite_db *s = sq(db);
	struct stat st;
	struct timespec now;
	if (!s->wal_path || !wal_status(s, &st) || clock_gettime(CLOCK_REALTIME, &now) != 0)
		return false;
	int64_t mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	int64_t t = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	int64_t margin = st.st_mtim.tv_nsec ? STAMP_MARGIN_NS : STAMP_MARGIN_COARSE_NS;
	if (t - mtime < margin) /* recent, or a clock set back */
		return false;
	/* The same file state as last time: the same stamp, without
	 * formatting it again. */
	if (!s->stamp[0] || st.st_dev != s->stamp_st.st_dev || st.st_ino != s->stamp_st.st_ino ||
	    st.st_size != s->stamp_st.st_size || st.st_mtim.tv_sec != s->stamp_st.st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != s->stamp_st.st_mtim.tv_nsec) {
		g_snprintf(s->stamp, sizeof(s->stamp), "%ju:%ju:%jd:%" PRId64, (uintmax_t)st.st_dev,
			   (uintmax_t)st.st_ino, (intmax_t)st.st_size, mtime);
		s->stamp_st = st;
	}
	g_strlcpy(buf, s->stamp, len);
	return true;
}

const struct db_backend db_sqlite_backend = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.query = sq_query,
	.exec_script = sq_exec_script,
	.begin = sq_begin,
	.begin_snapshot = sq_begin_snapshot,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.commit_stamp = sq_commit_stamp,
	.read_begin = sq_read_begin,
	.read_end = sq_read_end,
};
