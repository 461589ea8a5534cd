#include "ops/jobs.h"

#include "billing/billing.h"
#include "billing/billing_debts.h"
#include "payments/payments.h"

#include <stdio.h>
#include <string.h>

#include "catalog/courses.h"
#include "learning/peer.h"

#include "base/banned.h"

enum { LEASE_SECONDS = 300, BATCH = 64, MAX_ROUNDS = 10000, DAY = 86400 };

struct scheduler {
	struct db_pool *pool;
	const struct config *cfg;
	struct clock *clock;
	struct mailer *mailer;
	struct payment_provider *provider; /* for jobs that pay; may be NULL */
	GMutex run_lock; /* one run_due at a time in this process */
	GThread *thread;
	GMutex wait_lock;
	GCond wake;
	bool stopping;
};

/* sessions.purge: deletes idle and expired sessions and sign-in attempts
 * older than a day (the throttle looks back 15 minutes), then schedules
 * itself for the next day. */
static enum status purge_sessions(struct ctx *c, const char *payload, GString *err)
{
	(void)payload;
	int64_t deleted = 0;
	int64_t idle_before = c->now - (int64_t)c->cfg->session_idle_minutes * 60;
	enum status st = store_session_purge(c->db, idle_before, c->now, &deleted, err);
	if (st == ST_OK)
		st = store_signin_purge(c->db, c->now - DAY, err);
	if (st != ST_OK)
		return st;
	char key[64];
	g_snprintf(key, sizeof(key), "sessions.purge:%lld", (long long)((c->now + DAY) / DAY));
	return store_job_add(c->db, "sessions.purge", "", c->now + DAY, key, err);
}

/* peer.fallback (CRS-1): submissions that waited peer_review_fallback_days
 * without their reviews go to the staff queue. Queued per submission at
 * its due time, and daily ("daily" payload) as a safety net that
 * reschedules itself. */
static enum status peer_fallback(struct ctx *c, const char *payload, GString *err)
{
	enum status st = peer_fallback_run(c, err);
	if (st != ST_OK || strcmp(payload, "daily"))
		return st;
	char key[64];
	g_snprintf(key, sizeof(key), "peer.fallback:%lld", (long long)((c->now + DAY) / DAY));
	return store_job_add(c->db, "peer.fallback", "daily", c->now + DAY, key, err);
}

static const struct {
	const char *kind;
	job_fn run;
} job_table[] = {
	{"sessions.purge", purge_sessions},
	{"billing.run", billing_job_run}, /* renewals, dunning, reminders (billing/billing_run.c) */
	{"billing.debts", billing_debts_job}, /* billfix: PAY-4 interest after the end */
	{"payments.notifications", payments_notifications_job}, /* payments */
	{"sim.notify", payments_sim_notify_job}, /* payments: the simulator's deliveries */
	{"sim.notify.batch", payments_sim_notify_batch_job}, /* billspeed2: a billing batch's */
	{"payments.reconcile", payments_reconcile_job}, /* payments */
	/* CRS-4: tells watchers that a course opened (catalog/courses.c). */
	{"courses.open", courses_open_job},
	{"peer.fallback", peer_fallback},
};

static job_fn find_job(const char *kind)
{
	for (size_t i = 0; i < G_N_ELEMENTS(job_table); i++)
		if (!strcmp(job_table[i].kind, kind))
			return job_table[i].run;
	return NULL;
}

enum status scheduler_seed(struct db *db, int64_t now, GString *err)
{
	char key[64];
	g_snprintf(key, sizeof(key), "sessions.purge:%lld", (long long)(now / DAY));
	enum status st = store_job_add(db, "sessions.purge", "", now, key, err);
	g_snprintf(key, sizeof(key), "billing.run:%lld", (long long)(now / 3600));
	if (st == ST_OK)
		st = store_job_add(db, "billing.run", "", now, key, err);
	if (st == ST_OK)
		st = billing_debts_seed(db, now, err); /* billfix */
	if (st == ST_OK)
		st = payments_seed_jobs(db, now, err); /* payments */
	if (st == ST_OK)
		st = courses_open_seed(db, now, err);
	if (st != ST_OK)
		return st;
	g_snprintf(key, sizeof(key), "peer.fallback:%lld", (long long)(now / DAY));
	return store_job_add(db, "peer.fallback", "daily", now, key, err);
}

static int64_t backoff(int attempts)
{
	int64_t s = 60;
	for (int i = 1; i < attempts && s < 6 * 3600; i++)
		s *= 2;
	return s;
}

static int run_jobs(struct scheduler *s, struct db *db, int64_t now)
{
	int ran = 0;
	for (int round = 0; round < MAX_ROUNDS; round++) {
		struct arena *a = arena_new();
		GString *err = g_string_new(NULL);
		struct job **jobs = NULL;
		int n = 0;
		if (store_job_claim(db, a, now, LEASE_SECONDS, BATCH, &jobs, &n, err) != ST_OK) {
			g_printerr("campus: jobs: %s\n", err->str);
			n = 0;
		}
		for (int i = 0; i < n; i++) {
			struct job *j = jobs[i];
			job_fn fn = find_job(j->kind);
			struct ctx c = {.db = db, .a = a, .now = now, .cfg = s->cfg, .provider = s->provider};
			g_string_truncate(err, 0);
			enum status st = ST_INVALID;
			if (!fn) {
				g_string_printf(err, "unknown job kind %s", j->kind);
			} else if ((st = db_begin(db, err)) == ST_OK) {
				st = fn(&c, j->payload, err);
				if (st == ST_OK)
					st = store_job_done(db, j->id, now, err);
				if (st == ST_OK)
					st = db_commit(db, err);
				else
					db_rollback(db);
			}
			if (st != ST_OK) {
				g_printerr("campus: job %lld (%s) failed: %s\n", (long long)j->id, j->kind,
					   err->str);
				GString *e2 = g_string_new(NULL);
				store_job_retry(db, j->id, now + backoff(j->attempts), err->str, e2);
				g_string_free(e2, TRUE);
			}
			ran++;
		}
		g_string_free(err, TRUE);
		arena_free(a);
		if (n < BATCH)
			break;
	}
	return ran;
}

static int deliver_outbox(struct scheduler *s, struct db *db, int64_t now)
{
	int sent = 0;
	for (int round = 0; round < MAX_ROUNDS; round++) {
		struct arena *a = arena_new();
		GString *err = g_string_new(NULL);
		struct outbox_item **items = NULL;
		int n = 0;
		if (store_outbox_claim(db, a, now, LEASE_SECONDS, BATCH, &items, &n, err) != ST_OK) {
			g_printerr("campus: outbox: %s\n", err->str);
			n = 0;
		}
		for (int i = 0; i < n; i++) {
			struct outbox_item *it = items[i];
			struct mail_message m;
			g_string_truncate(err, 0);
			enum status st = ST_INVALID;
			if (strcmp(it->topic, "email"))
				g_string_printf(err, "unknown outbox topic %s", it->topic);
			else if ((st = mail_from_payload(a, it->payload, &m, err)) == ST_OK)
				st = mailer_send(s->mailer, &m, now, err);
			GString *e2 = g_string_new(NULL);
			if (st == ST_OK) {
				store_outbox_done(db, it->id, now, e2);
				sent++;
			} else {
				/* A message the relay refuses for good is parked far
				 * in the future rather than retried every minute. */
				int64_t retry =
					st == ST_IO ? now + backoff(it->attempts) : now + 365 * (int64_t)DAY;
				g_printerr("campus: outbox %lld: %s\n", (long long)it->id, err->str);
				store_outbox_retry(db, it->id, retry, err->str, e2);
			}
			g_string_free(e2, TRUE);
		}
		g_string_free(err, TRUE);
		arena_free(a);
		if (n < BATCH)
			break;
	}
	return sent;
}

int scheduler_run_due(struct scheduler *s)
{
	g_mutex_lock(&s->run_lock);
	struct db *db = db_pool_get(s->pool);
	int64_t now = clock_now(s->clock);
	int ran = run_jobs(s, db, now);
	ran += deliver_outbox(s, db, now);
	db_pool_put(s->pool, db);
	g_mutex_unlock(&s->run_lock);
	return ran;
}

static gpointer loop(gpointer data)
{
	struct scheduler *s = data;
	g_mutex_lock(&s->wait_lock);
	while (!s->stopping) {
		g_mutex_unlock(&s->wait_lock);
		scheduler_run_due(s);
		g_mutex_lock(&s->wait_lock);
		if (!s->stopping)
			g_cond_wait_until(&s->wake, &s->wait_lock,
					  g_get_monotonic_time() + G_TIME_SPAN_SECOND);
	}
	g_mutex_unlock(&s->wait_lock);
	return NULL;
}

struct scheduler *scheduler_new(struct db_pool *pool, const struct config *cfg, struct clock *clock,
				struct mailer *mailer, bool background)
{
	struct scheduler *s = g_new0(struct scheduler, 1);
	s->pool = pool;
	s->cfg = cfg;
	s->clock = clock;
	s->mailer = mailer;
	g_mutex_init(&s->run_lock);
	g_mutex_init(&s->wait_lock);
	g_cond_init(&s->wake);
	if (background)
		s->thread = g_thread_new("scheduler", loop, s);
	return s;
}

void scheduler_set_provider(struct scheduler *s, struct payment_provider *p)
{
	g_mutex_lock(&s->run_lock); /* never in the middle of a run */
	s->provider = p;
	g_mutex_unlock(&s->run_lock);
}

void scheduler_free(struct scheduler *s)
{
	if (!s)
		return;
	if (s->thread) {
		g_mutex_lock(&s->wait_lock);
		s->stopping = true;
		g_cond_signal(&s->wake);
		g_mutex_unlock(&s->wait_lock);
		g_thread_join(s->thread);
	}
	g_mutex_clear(&s->run_lock);
	g_mutex_clear(&s->wait_lock);
	g_cond_clear(&s->wake);
	g_free(s);
}
