/* The billing store (store/store_billing.h) on the backend named by the
 * environment, like store_test.c: CAMPUS_TEST_BACKEND=sqlite (a temporary
 * file) or postgresql (CAMPUS_TEST_PG_URL; skipped, exit 77, without it).
 *
 * INV-1: invoice numbers are gapless per series with several connections
 * racing (threads with their own connections, as several `serve`
 * processes would), a rolled-back invoicing transaction gives its number
 * back, and an issued invoice or its lines can be neither changed nor
 * deleted (database triggers). */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "db/db.h"
#include "store/store.h"
#include "store/store_billing.h"

#include "base/banned.h"

static char *url;
static bool pg;

#define OK(expr)                                                                                             \
	do {                                                                                                 \
		enum status st_ = (expr);                                                                    \
		if (st_ != ST_OK)                                                                            \
			g_error("%s:%d: %s gave %s: %s", __FILE__, __LINE__, #expr, status_name(st_),        \
				err->str);                                                                   \
	} while (0)

static struct db *fresh(GString *err)
{
	struct db *db = db_open(url, err);
	if (!db)
		g_error("db_open %s: %s", url, err->str);
	if (pg)
		OK(db->be->exec_script(db, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
				       err));
	OK(db_migrate(db, err));
	return db;
}

enum { THREADS = 6, PER_THREAD = 40 };

struct racer {
	int n;
	int64_t got[PER_THREAD];
	GString *err;
	enum status st;
};

/* Takes numbers in transactions of its own connection; every third
 * transaction is rolled back (its number must come back). */
static gpointer race(gpointer data)
{
	struct racer *r = data;
	struct db *db = db_open(url, r->err);
	if (!db) {
		r->st = ST_DB;
		return NULL;
	}
	for (int i = 0; r->n < PER_THREAD && i < PER_THREAD * 3; i++) {
		int64_t num = 0;
		enum status st = db_begin(db, r->err);
		for (int tries = 0; st == ST_DB && tries < 200; tries++) { /* SQLite: busy */
			g_usleep(2000);
			g_string_truncate(r->err, 0);
			st = db_begin(db, r->err);
		}
		if (st == ST_OK)
			st = store_bl_counter_take(db, "2026", &num, r->err);
		if (st == ST_OK && i % 3 == 2) {
			db_rollback(db);
			continue;
		}
		if (st == ST_OK)
			st = db_commit(db, r->err);
		else
			db_rollback(db);
		if (st != ST_OK) {
			r->st = st;
			break;
		}
		r->got[r->n++] = num;
	}
	db_close(db);
	return NULL;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void test_inv_1_gapless_counter_under_concurrency(void)
{
	GString *err = g_string_new(NULL);
	struct db *db = fresh(err);
	struct racer rs[THREADS];
	GThread *th[THREADS];
	for (int i = 0; i < THREADS; i++) {
		rs[i] = (struct racer){.err = g_string_new(NULL), .st = ST_OK};
		th[i] = g_thread_new("race", race, &rs[i]);
	}
	int64_t all[THREADS * PER_THREAD];
	int n = 0;
	for (int i = 0; i < THREADS; i++) {
		g_thread_join(th[i]);
		if (rs[i].st != ST_OK)
			g_error("racer %d: %s", i, rs[i].err->str);
		for (int k = 0; k < rs[i].n; k++)
			all[n++] = rs[i].got[k];
		g_string_free(rs[i].err, TRUE);
	}
	g_assert_cmpint(n, ==, THREADS * PER_THREAD);
	qsort(all, (size_t)n, sizeof(all[0]), cmp64);
	for (int i = 0; i < n; i++)
		g_assert_cmpint(all[i], ==, i + 1); /* 1..n: no gap, no duplicate */
	/* Another series starts at 1 on its own. */
	int64_t num = 0;
	OK(db_begin(db, err));
	OK(store_bl_counter_take(db, "AV-2026", &num, err));
	OK(db_commit(db, err));
	g_assert_cmpint(num, ==, 1);
	db_close(db);
	g_string_free(err, TRUE);
}

static void test_inv_1_issued_invoice_is_immutable(void)
{
	GString *err = g_string_new(NULL);
	struct db *db = fresh(err);
	struct arena *a = arena_new();
	struct user u = {
		.email = "buyer@example.test", .name = "Buyer", .lang = "en", .roles = 1, .created_at = 1};
	OK(store_user_insert(db, &u, err));
	struct bl_offer o = {.code = "monthly", .months = 1, .name_en = "M", .name_fr = "M", .active = true};
	int64_t offer = 0;
	OK(store_bl_offer_insert(db, &o, 1, &offer, err));
	struct bl_order ord = {.public_id = "ord_x",
			       .user_id = u.id,
			       .offer_id = offer,
			       .currency = "EUR",
			       .country = "FR",
			       .vat_rate_bp = 2000,
			       .price = 1900,
			       .amount_now = 1900,
			       .review_json = "{}",
			       .state = "paid",
			       .expires_at = 10,
			       .created_at = 1};
	OK(store_bl_order_insert(db, &ord, err));
	struct bl_sub s = {.user_id = u.id,
			   .order_id = ord.id,
			   .offer_id = offer,
			   .months = 1,
			   .currency = "EUR",
			   .country = "FR",
			   .vat_rate_bp = 2000,
			   .price = 1900,
			   .state = "active",
			   .anchor_day = 1,
			   .started_at = 1,
			   .period_end = 100,
			   .ordered_at = 1,
			   .next_due_at = 100,
			   .created_at = 1};
	OK(store_bl_sub_insert(db, &s, err));
	/* A second live subscription of the same user is refused. */
	struct bl_sub s2 = s;
	g_assert_cmpint(store_bl_sub_insert(db, &s2, err), ==, ST_CONFLICT);
	struct bl_invoice_line line = {.description = "Premium Solo",
				       .quantity = 1,
				       .unit_price = 1900,
				       .net = 1583,
				       .vat_rate_bp = 2000,
				       .vat = 317,
				       .gross = 1900};
	struct bl_invoice v = {.number = "2026-000001",
			       .series = "2026",
			       .kind = "invoice",
			       .uniq_key = "sub:1:p0",
			       .user_id = u.id,
			       .subscription_id = s.id,
			       .issued_at = 5,
			       .currency = "EUR",
			       .net = 1583,
			       .vat = 317,
			       .gross = 1900,
			       .buyer_name = "Buyer",
			       .buyer_email = "buyer@example.test",
			       .buyer_country = "FR",
			       .lang = "en"};
	OK(store_bl_invoice_insert(db, &v, &line, 1, err));
	/* One invoice per subscription period (uniq_key). */
	struct bl_invoice dup = v;
	dup.number = "2026-000002";
	g_assert_cmpint(store_bl_invoice_insert(db, &dup, &line, 1, err), ==, ST_CONFLICT);
	for (int how = 0; how < 3; how++) {
		g_string_truncate(err, 0);
		g_assert_cmpint(store_bl_test_tamper(db, v.id, how, err), !=, ST_OK);
		g_assert_nonnull(strstr(err->str, "immutable"));
	}
	struct bl_invoice back;
	OK(store_bl_invoice_by_number(db, a, "2026-000001", &back, err));
	g_assert_cmpint(back.gross, ==, 1900);
	struct bl_invoice_line *ls = NULL;
	int n = 0;
	OK(store_bl_invoice_lines(db, a, v.id, &ls, &n, err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(ls[0].gross, ==, 1900);
	arena_free(a);
	db_close(db);
	g_string_free(err, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	const char *backend = g_getenv("CAMPUS_TEST_BACKEND");
	if (backend && !strcmp(backend, "postgresql")) {
		const char *u = g_getenv("CAMPUS_TEST_PG_URL");
		if (!u || !*u) {
			fprintf(stderr, "store-billing-postgresql: skipped: set CAMPUS_TEST_PG_URL\n");
			return 77;
		}
		url = g_strdup(u);
		pg = true;
	} else {
		GError *gerr = NULL;
		char *dir = g_dir_make_tmp("campus-billing-XXXXXX", &gerr);
		g_assert_no_error(gerr);
		url = g_strconcat("sqlite:", dir, "/test.db", NULL);
		g_free(dir);
	}
	g_test_add_func("/store/billing/inv-1-gapless-counter-concurrency",
			test_inv_1_gapless_counter_under_concurrency);
	g_test_add_func("/store/billing/inv-1-immutable", test_inv_1_issued_invoice_is_immutable);
	int rc = g_test_run();
	if (!pg) {
		const char *path = url + strlen("sqlite:");
		for (const char *suf = ""; suf; suf = !*suf ? "-wal" : !strcmp(suf, "-wal") ? "-shm" : NULL) {
			char *p = g_strconcat(path, suf, NULL);
			g_unlink(p);
			g_free(p);
		}
		char *dir = g_path_get_dirname(path);
		g_rmdir(dir);
		g_free(dir);
	}
	g_free(url);
	return rc;
}
