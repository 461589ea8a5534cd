/* The in-process payment simulator under a renewal load: N ContAuth
 * charges of one stored method through provider->pay (each its own
 * transaction on the simulator's connection, as billing calls it), then
 * the notifications they queue delivered and applied (sim.notify ->
 * payments.notifications) with a billing port that accepts everything.
 * Prints charges per second and notifications per second.
 *   build/tests/unit/bench_sim_renewals [N] [DIR]  (SQLite file in DIR) */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/secrets.h"
#include "payments/payments.h"
#include "store/store_payments.h"

#include "base/banned.h"

static enum status accept_all(struct ctx *c, const struct pay_event *ev, GString *err)
{
	(void)c;
	(void)ev;
	(void)err;
	return ST_OK;
}

int main(int argc, char **argv)
{
	secrets_init();
	int n = argc > 1 ? atoi(argv[1]) : 10000;
	char *dir = argc > 2 ? g_strdup(argv[2]) : g_dir_make_tmp("campus-bench-XXXXXX", NULL);
	struct config cfg;
	config_defaults(&cfg, dir);
	g_free(cfg.adyen_hmac_key);
	cfg.adyen_hmac_key = g_strdup("44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056");
	GString *err = g_string_new(NULL);
	struct db *db = db_open(cfg.db_url, err);
	if (!db || db_migrate(db, err) != ST_OK) {
		fprintf(stderr, "bench: %s\n", err->str);
		return 1;
	}
	struct clock *clk = clock_manual_new(1795000000);
	struct payment_provider *p = payment_provider_new(&cfg, clk, err);
	payments_set_billing(&(struct payments_billing){.apply_event = accept_all});
	struct sim_method m = {.id = "BENCHMETHOD00001",
			       .shopper_reference = "user-1",
			       .method = "card",
			       .card_summary = "Visa 1111"};
	store_sim_method_insert(db, &m, 1795000000, err);

	gint64 t0 = g_get_monotonic_time();
	int ok = 0;
	for (int i = 0; i < n; i++) {
		char ref[32];
		g_snprintf(ref, sizeof(ref), "ren-%d", i);
		struct pay_request req = {.reference = ref,
					  .idempotency_key = ref,
					  .amount = 1900,
					  .currency = "EUR",
					  .shopper_reference = "user-1",
					  .stored_method_id = "BENCHMETHOD00001"};
		struct pay_response out;
		if (p->pay(p, &req, &out, err) == ST_OK && out.result == PAY_AUTHORISED)
			ok++;
	}
	gint64 t1 = g_get_monotonic_time();
	/* Deliver the queued notifications and apply them, as the scheduler
	 * would: jobs in batches, each in its own transaction. */
	struct arena *a = arena_new();
	int ran = 0;
	for (;;) {
		struct job **jobs = NULL;
		int nj = 0;
		if (store_job_claim(db, a, 1795000000, 300, 256, &jobs, &nj, err) != ST_OK || nj == 0)
			break;
		for (int i = 0; i < nj; i++) {
			struct ctx c = {.db = db, .a = a, .now = 1795000000, .cfg = &cfg};
			db_begin(db, err);
			enum status st = !strcmp(jobs[i]->kind, "sim.notify")
						 ? payments_sim_notify_job(&c, jobs[i]->payload, err)
					 : !strcmp(jobs[i]->kind, "payments.notifications")
						 ? payments_notifications_job(&c, "", err)
						 : ST_OK;
			if (st == ST_OK)
				st = store_job_done(db, jobs[i]->id, 1795000000, err);
			if (st == ST_OK)
				db_commit(db, err);
			else
				db_rollback(db);
			ran++;
		}
	}
	gint64 t2 = g_get_monotonic_time();
	int64_t pending = 0;
	store_pn_next(db, &pending, err);
	printf("sim renewals: %d charges (%d authorised) in %.2f s: %.0f/s; %d jobs (notifications) in %.2f "
	       "s: "
	       "%.0f renewals/s; pending left: %s\n",
	       n, ok, (double)(t1 - t0) / 1e6, n / ((double)(t1 - t0) / 1e6), ran, (double)(t2 - t1) / 1e6,
	       n / ((double)(t2 - t1) / 1e6), pending ? "yes" : "none");
	arena_free(a);
	p->free(p);
	clock_free(clk);
	db_close(db);
	g_string_free(err, TRUE);
	config_clear(&cfg);
	if (argc <= 2) {
		char *cmd[] = {"rm", "-rf", dir, NULL};
		g_spawn_sync(NULL, cmd, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
	}
	g_free(dir);
	return ok == n ? 0 : 1;
}
