/* Storage of the payments capability: provider notifications as received
 * (payment_notifications) and the state of the built-in simulator
 * (sim_payments, sim_stored_methods). Strings returned are owned by the
 * arena given. */
#ifndef CAMPUS_STORE_PAYMENTS_H
#define CAMPUS_STORE_PAYMENTS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "billing/provider.h"
#include "db/db.h"

/* One stored notification item. */
struct pay_notification {
	int64_t id;
	struct pay_event ev;
	char *merchant_account;
	char *status; /* pending | applied | unknown_reference | failed */
	int attempts;
	int64_t received_at;
	char *last_error;
	char *raw_json; /* the item as received (billfix: its card summary) */
};

/* Stores a verified item; *id is its row id, 0 when the same (pspReference,
 * eventCode, success) was stored before (nothing changes then). */
enum status store_pn_insert(struct db *db, const struct pay_event *ev, const char *merchant_account,
			    const char *raw_json, int64_t now, int64_t *id, GString *err);
/* Up to limit pending items due at now, in order of event date. */
enum status store_pn_due(struct db *db, struct arena *a, int64_t now, int limit,
			 struct pay_notification ***out, int *n, GString *err);
enum status store_pn_set(struct db *db, int64_t id, const char *status, int attempts, int64_t next_at,
			 const char *last_error, int64_t processed_at, GString *err);
enum status store_pn_auth_applied(struct db *db, const char *psp_reference, bool *applied, GString *err);
/* The newest limit items, newest first. */
enum status store_pn_list(struct db *db, struct arena *a, int limit, struct pay_notification ***out, int *n,
			  GString *err);
/* A savepoint in the caller's transaction: begin, then end with keep =
 * true (release) or false (roll back to it, then release). */
enum status store_pn_savepoint(struct db *db, GString *err);
enum status store_pn_savepoint_end(struct db *db, bool keep, GString *err);
/* The earliest next_at of a pending item, 0 when none. */
enum status store_pn_next(struct db *db, int64_t *next_at, GString *err);

/* A payment or refund known to the simulator. */
struct sim_payment {
	int64_t id;
	char *psp_reference;
	char *idempotency_key; /* "" when none */
	char *request_digest; /* SHA-256 hex of what was asked: a reused key must ask the same */
	char *kind; /* payment | refund */
	char *original_psp;
	char *merchant_account;
	char *reference;
	int64_t amount;
	char *currency;
	char *shopper_reference;
	char *shopper_email;
	char *shopper_locale;
	char *return_url;
	bool store_method;
	char *session_token; /* "" when none */
	char *result_code;
	char *refusal_reason;
	char *stored_method_id;
	char *method;
	char *card_summary;
	int64_t created_at;
};

enum status store_sim_insert(struct db *db, const struct sim_payment *p, int64_t now, GString *err);
/* ST_NOTFOUND when none. by: "key", "psp", "session" or "reference". */
enum status store_sim_get(struct db *db, struct arena *a, const char *by, const char *value,
			  struct sim_payment **out, GString *err);
/* Settles a payment still waiting for the shopper; *changed false when it
 * was settled before. */
enum status store_sim_settle(struct db *db, const char *psp, const char *result_code, const char *refusal,
			     const char *stored_method_id, const char *method, const char *card_summary,
			     int64_t now, bool *changed, GString *err);
enum status store_sim_challenge(struct db *db, const char *psp, const char *card_summary, int64_t now,
				GString *err);
enum status store_sim_refunded(struct db *db, const char *psp, int64_t *total, GString *err);

struct sim_method {
	char *id;
	char *shopper_reference;
	char *method;
	char *card_summary;
	bool declines;
};
enum status store_sim_method_insert(struct db *db, const struct sim_method *m, int64_t now, GString *err);
enum status store_sim_method_get(struct db *db, struct arena *a, const char *id, struct sim_method **out,
				 GString *err);
enum status store_sim_method_decline(struct db *db, const char *id, GString *err);

#endif
