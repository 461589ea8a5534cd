/* finance: the documents (invoices and credit notes, INV-1) of a period as
 * the finance page and the exports read them (store/finance.c). Strings
 * are in the arena a given; amounts in minor units. */
#ifndef CAMPUS_STORE_FINANCE_H
#define CAMPUS_STORE_FINANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "db/db.h"

struct fin_doc {
	int64_t id;
	char *number;
	bool credit_note; /* else an invoice */
	int64_t user_id, issued_at;
	char *currency;
	int64_t net, vat, gross;
	char *buyer_name, *buyer_email;
	int vat_rate_bp; /* of the first line: 2000 = 20 % */
};

/* Count and sums of one kind of document in one currency. */
struct fin_total {
	bool credit_note;
	char *currency;
	int64_t count, net, vat, gross;
};

/* Subscriptions of one state, currency and period length. */
struct fin_subs {
	char *state; /* billing_subscriptions.state */
	bool cancel_at_term;
	char *currency;
	int months;
	int64_t count, prices; /* prices: the sum of their period prices */
};

/* At most limit documents issued in [from, to) that come after
 * (after_at, after_id) in the order (issued_at, id); (from, 0) starts at
 * the first. *out is an arena array of *n. */
enum status store_fin_doc_page(struct db *db, struct arena *a, int64_t from, int64_t to, int64_t after_at,
			       int64_t after_id, int limit, struct fin_doc **out, int *n, GString *err);

/* The latest limit documents issued in [from, to), newest first. */
enum status store_fin_doc_latest(struct db *db, struct arena *a, int64_t from, int64_t to, int limit,
				 struct fin_doc **out, int *n, GString *err);

/* The totals of [from, to) by kind then currency. */
enum status store_fin_totals(struct db *db, struct arena *a, int64_t from, int64_t to, struct fin_total **out,
			     int *n, GString *err);

/* The subscriptions by state, cancellation at term, currency and months. */
enum status store_fin_sub_states(struct db *db, struct arena *a, struct fin_subs **out, int *n, GString *err);

#endif
