/* See sqlite_checkpoint.h. */
#include "db/sqlite_checkpoint.h"

#include <glib.h>
#include <stdbool.h>

#include "base/banned.h"

struct sq_checkpointer {
	char *path; /* the database file: the key of the registry */
	int users; /* connections attached, under registry_lock */
	GMutex lock; /* guards what follows */
	GCond wake;
	bool due, stop;
	GThread *thread; /* NULL until the first checkpoint is due */
};

/* The checkpointers of the process, one per database file (a pool, like the
 * connections': the only state shared by the threads). */
static GMutex registry_lock;
static GHashTable *registry; /* path -> struct sq_checkpointer, owned */

/* The thread: its own connection, a PASSIVE checkpoint each time it is
 * woken, until stopped. */
static gpointer checkpoint_thread(gpointer data)
{
	struct sq_checkpointer *cp = data;
	sqlite3 *h = NULL;
	/* A connection sees the WAL once it has read the database: until then
	 * its checkpoints do nothing. */
	bool open = sqlite3_open_v2(cp->path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
			    SQLITE_OK &&
		    sqlite3_exec(h, "PRAGMA journal_mode", NULL, NULL, NULL) == SQLITE_OK;
	g_mutex_lock(&cp->lock);
	for (;;) {
		while (!cp->due && !cp->stop)
			g_cond_wait(&cp->wake, &cp->lock);
		if (cp->stop)
			break;
		cp->due = false;
		g_mutex_unlock(&cp->lock);
		/* Failures (busy, I/O) leave the frames in the WAL: the next
		 * commit wakes the thread again, and the committing
		 * connections take over past SQ_CHECKPOINT_SELF_FRAMES. */
		if (open)
			sqlite3_wal_checkpoint_v2(h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		g_mutex_lock(&cp->lock);
	}
	g_mutex_unlock(&cp->lock);
	sqlite3_close_v2(h); /* the last connection of the file checkpoints it whole */
	return NULL;
}

/* sqlite3_wal_hook: after each commit of an attached connection, with the
 * number of frames in the WAL. */
static int on_commit(void *data, sqlite3 *h, const char *db, int frames)
{
	struct sq_checkpointer *cp = data;
	if (frames < SQ_CHECKPOINT_FRAMES)
		return SQLITE_OK;
	bool running = false;
	g_mutex_lock(&cp->lock);
	if (!cp->thread && !cp->stop)
		cp->thread = g_thread_try_new("campus-ckpt", checkpoint_thread, cp, NULL);
	if (cp->thread) {
		cp->due = true;
		g_cond_signal(&cp->wake);
		running = true;
	}
	g_mutex_unlock(&cp->lock);
	if (!running || frames >= SQ_CHECKPOINT_SELF_FRAMES)
		sqlite3_wal_checkpoint_v2(h, db, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

static void checkpointer_free(gpointer data)
{
	struct sq_checkpointer *cp = data;
	g_mutex_clear(&cp->lock);
	g_cond_clear(&cp->wake);
	g_free(cp->path);
	g_free(cp);
}

struct sq_checkpointer *sq_checkpoint_attach(sqlite3 *h)
{
	const char *path = sqlite3_db_filename(h, "main");
	if (!path || !*path)
		return NULL; /* a temporary or in-memory database */
	g_mutex_lock(&registry_lock);
	if (!registry)
		registry = g_hash_table_new(g_str_hash, g_str_equal);
	struct sq_checkpointer *cp = g_hash_table_lookup(registry, path);
	if (!cp) {
		cp = g_new0(struct sq_checkpointer, 1);
		cp->path = g_strdup(path);
		g_mutex_init(&cp->lock);
		g_cond_init(&cp->wake);
		g_hash_table_insert(registry, cp->path, cp);
	}
	cp->users++;
	g_mutex_unlock(&registry_lock);
	sqlite3_wal_hook(h, on_commit, cp); /* replaces SQLite's own checkpoints */
	return cp;
}

void sq_checkpoint_detach(struct sq_checkpointer *cp, sqlite3 *h)
{
	if (!cp)
		return;
	sqlite3_wal_hook(h, NULL, NULL);
	g_mutex_lock(&registry_lock);
	bool last = --cp->users == 0;
	if (last)
		g_hash_table_remove(registry, cp->path);
	g_mutex_unlock(&registry_lock);
	if (!last)
		return;
	g_mutex_lock(&cp->lock);
	cp->stop = true;
	g_cond_signal(&cp->wake);
	GThread *t = cp->thread;
	g_mutex_unlock(&cp->lock);
	if (t)
		g_thread_join(t);
	checkpointer_free(cp);
}
