/* db/sqlite_checkpoint.c: the checkpoints of a WAL database run in a
 * background thread of the process, not in the committing thread. */
#include <dirent.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "db/db.h"
#include "db/sqlite_checkpoint.h"

/* Whether a thread of this process is named name. */
static bool thread_named(const char *name)
{
	GDir *d = g_dir_open("/proc/self/task", 0, NULL);
	bool found = false;
	const char *tid;
	while (d && !found && (tid = g_dir_read_name(d))) {
		char *path = g_strdup_printf("/proc/self/task/%s/comm", tid), *comm = NULL;
		if (g_file_get_contents(path, &comm, NULL, NULL))
			found = !strcmp(g_strstrip(comm), name);
		g_free(comm);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
	return found;
}

static goffset file_size(const char *path)
{
	GStatBuf st;
	return g_stat(path, &st) == 0 ? (goffset)st.st_size : -1;
}

/* 40 transactions of 100 rows of 2 KiB: about 2,000 pages of WAL, twice
 * the threshold. */
static void write_pages(struct db *db)
{
	GString *err = g_string_new(NULL);
	g_assert_cmpint(db->be->exec_script(db, "CREATE TABLE t (v BLOB)", err), ==, ST_OK);
	for (int i = 0; i < 40; i++)
		g_assert_cmpint(db->be->exec_script(db,
						    "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
						    "SELECT i + 1 FROM n WHERE i < 100) "
						    "INSERT INTO t SELECT randomblob(2048) FROM n; COMMIT;",
						    err),
				==, ST_OK);
	g_string_free(err, TRUE);
}

static void test_background(void)
{
	char *dir = g_dir_make_tmp("campus-ckpt-XXXXXX", NULL);
	char *file = g_build_filename(dir, "t.db", NULL), *wal = g_strconcat(file, "-wal", NULL);
	char *url = g_strconcat("sqlite:", file, NULL);
	GString *err = g_string_new(NULL);
	struct db *db = db_open(url, err);
	g_assert_nonnull(db);
	g_assert_false(thread_named("campus-ckpt")); /* started when first due */
	goffset before = file_size(file);
	write_pages(db);
	g_assert_true(thread_named("campus-ckpt"));
	/* The pages reach the database file without a checkpoint by this
	 * connection (its commits only wake the thread). */
	for (int i = 0; i < 500 && file_size(file) < before + 2 * 1024 * 1024; i++)
		g_usleep(10000);
	g_assert_cmpint(file_size(file), >=, before + 2 * 1024 * 1024);
	db_close(db);
	/* The last connection stops the thread; SQLite's last close checkpoints
	 * the file whole and removes the WAL. */
	g_assert_false(thread_named("campus-ckpt"));
	g_assert_cmpint(file_size(wal), ==, -1);
	g_string_free(err, TRUE);
	g_unlink(file);
	g_rmdir(dir);
	g_free(url);
	g_free(wal);
	g_free(file);
	g_free(dir);
}

/* Two connections on one file share one thread, stopped by the last. */
static void test_shared(void)
{
	char *dir = g_dir_make_tmp("campus-ckpt-XXXXXX", NULL);
	char *file = g_build_filename(dir, "t.db", NULL);
	char *url = g_strconcat("sqlite:", file, NULL);
	GString *err = g_string_new(NULL);
	struct db *a = db_open(url, err), *b = db_open(url, err);
	g_assert_nonnull(a);
	g_assert_nonnull(b);
	write_pages(a);
	g_assert_true(thread_named("campus-ckpt"));
	db_close(a);
	g_assert_true(thread_named("campus-ckpt")); /* b still uses it */
	g_assert_cmpint(b->be->exec_script(b, "INSERT INTO t VALUES (x'00')", err), ==, ST_OK);
	db_close(b);
	g_assert_false(thread_named("campus-ckpt"));
	g_string_free(err, TRUE);
	g_unlink(file);
	g_rmdir(dir);
	g_free(url);
	g_free(file);
	g_free(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/sqlite-checkpoint/background", test_background);
	g_test_add_func("/sqlite-checkpoint/shared", test_shared);
	return g_test_run();
}
