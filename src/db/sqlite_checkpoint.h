/* Checkpoints of a SQLite WAL database in a background thread (perf).
 *
 * By default SQLite checkpoints in the thread that commits, once the WAL
 * holds 1,000 pages: that commit then copies the pages into the database
 * file and waits for its fsyncs, a stall of a request in `serve` and a
 * third of a large billing run (200,000 renewals: 82 s with the
 * checkpoints in the run, 57 s without). Instead, each connection's
 * commits wake one thread per database file and process, which runs the
 * same PASSIVE checkpoints on its own connection (on the second core).
 * PASSIVE never blocks readers or writers; the crash safety is SQLite's
 * (a checkpoint interrupted at any point is redone from the WAL). */
#pragma once

#include <sqlite3.h>

struct sq_checkpointer;

/* Hands the checkpoints of h (a connection in WAL mode) to the checkpointer
 * of its database file, shared by every connection of the process on that
 * file; its thread starts at the first checkpoint due. If the WAL still
 * grows past SQ_CHECKPOINT_SELF_FRAMES (the thread lags or could not
 * start), the committing connection checkpoints itself, as SQLite would.
 * Returns the checkpointer to give back to sq_checkpoint_detach, or NULL
 * (h then keeps SQLite's own checkpoints). Thread-safe. */
struct sq_checkpointer *sq_checkpoint_attach(sqlite3 *h);

/* Undoes sq_checkpoint_attach for h, before h is closed; the last
 * connection of a file stops its thread (after the checkpoint under way)
 * and closes its connection. cp may be NULL. Thread-safe. */
void sq_checkpoint_detach(struct sq_checkpointer *cp, sqlite3 *h);

enum {
	SQ_CHECKPOINT_FRAMES = 1000, /* SQLite's default threshold */
	SQ_CHECKPOINT_SELF_FRAMES = 64000, /* 250 MiB of WAL with 4 KiB pages */
};
