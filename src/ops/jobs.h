/* The scheduler: a thread inside `campus serve` that, every second (and at
 * once when the test clock moves), delivers the outbox and runs the durable
 * jobs that are due. Safe with several processes on one PostgreSQL: items
 * are leased with FOR UPDATE SKIP LOCKED (store/outbox.c, store/jobs.c).
 *
 * Job kinds are registered in the explicit table of ops/jobs.c. */
#ifndef CAMPUS_JOBS_H
#define CAMPUS_JOBS_H

#include <glib.h>
#include <stdbool.h>

#include "base/clock.h"
#include "db/db.h"
#include "mail/mail.h"
#include "ops/ctx.h"

/* A job handler: runs in its own transaction (the scheduler opens and
 * commits it); a non-OK status rolls back and retries later. */
typedef enum status (*job_fn)(struct ctx *c, const char *payload, GString *err);

struct scheduler;

/* A scheduler over the pool; with a thread when background is true. The
 * pool, config, clock and mailer must outlive it. */
struct scheduler *scheduler_new(struct db_pool *pool, const struct config *cfg, struct clock *clock,
				struct mailer *mailer, bool background);
/* Runs everything due at the clock's now until nothing is left (bounded):
 * jobs, then the outbox. Returns how many items ran; serialised with the
 * background thread. */
int scheduler_run_due(struct scheduler *s);
/* Makes sure the recurring jobs exist (idempotent). */
enum status scheduler_seed(struct db *db, int64_t now, GString *err);
/* The payment provider jobs get in their ctx (set before jobs run). */
void scheduler_set_provider(struct scheduler *s, struct payment_provider *p);
void scheduler_free(struct scheduler *s);

#endif
