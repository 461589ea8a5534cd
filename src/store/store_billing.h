/* Storage of billing (migration 7): offers and prices, orders, Premium Solo
 * subscriptions, payments, invoices and credit notes with gapless numbers,
 * the ledger, debts and late fees, promo codes, invitations and vouchers.
 * Strings of returned rows are owned by the arena given. Functions never
 * open transactions: the billing use cases do. */
#ifndef CAMPUS_STORE_BILLING_H
#define CAMPUS_STORE_BILLING_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "db/db.h"

struct bl_offer {
	int64_t id;
	char *code; /* "monthly", "annual" */
	int months;
	char *name_en, *name_fr;
	bool active;
};

struct bl_price {
	int64_t offer_id;
	char *currency;
	int64_t amount; /* tax included */
	int64_t valid_from;
};

struct bl_order {
	int64_t id;
	char *public_id;
	int64_t user_id, offer_id;
	char *currency, *country;
	int vat_rate_bp;
	int64_t price, amount_now;
	int64_t promo_id, sponsor_id; /* 0: none */
	char *review_json;
	char *state; /* open|awaiting_guardian|awaiting_payment|paid|failed|expired */
	int64_t acceptance_id;
	char *guardian_email;
	int64_t guardian_consented_at, expires_at, created_at, confirmed_at, subscription_id;
};

struct bl_sub {
	int64_t id, user_id, order_id, offer_id;
	int months;
	char *currency, *country;
	int vat_rate_bp;
	int64_t price, price_next, price_next_from, promo_id;
	bool free_first_month;
	char *state;
	bool cancel_at_term;
	int anchor_day;
	int64_t started_at;
	int period;
	int64_t period_start, period_end, cancelled_at, ended_at;
	char *end_reason, *end_note;
	int64_t ordered_at, first_premium_use_at;
	char *stored_method_id, *method, *method_summary;
	int reminded_period;
	int64_t debt_due_at;
	int dunning_done;
	int64_t notice_at, suspended_at, next_due_at, created_at, updated_at;
};

struct bl_payment {
	int64_t id;
	char *reference, *idempotency_key;
	int64_t user_id, order_id, subscription_id, invoice_id;
	char *kind; /* first | renewal | settle */
	int64_t amount;
	char *currency, *state, *psp_reference;
	int attempt;
	char *reason, *redirect_url;
	int64_t created_at, updated_at;
};

struct bl_invoice_line {
	int position;
	char *description;
	int64_t quantity, unit_price, net;
	int vat_rate_bp;
	int64_t vat, gross;
};

struct bl_invoice {
	int64_t id;
	char *number, *series, *kind, *uniq_key;
	int64_t refers_to, user_id, subscription_id;
	int period;
	int64_t period_start, period_end, issued_at;
	char *currency;
	int64_t net, vat, gross;
	char *buyer_name, *buyer_email, *buyer_country, *lang;
};

struct bl_tx {
	int64_t id;
	char *kind;
	int64_t at, amount;
	char *currency, *status, *reference;
	int64_t invoice_id;
};

struct bl_debt {
	int64_t id, invoice_id;
	char *reason;
	int64_t principal;
	char *currency;
	int64_t due_at;
};

struct bl_promo {
	int64_t id;
	char *code;
	int64_t starts_at, ends_at;
	char *offer_ids; /* "1,2" */
	char *kind; /* percent | fixed */
	int percent_bp;
	int64_t amount_off;
	char *currency;
	int periods, max_redemptions, redemptions;
	bool new_only;
};

struct bl_voucher {
	int64_t id, earned_at, amount, remaining;
	char *currency;
};

/* Offers and prices. */
enum status store_bl_offer_count(struct db *db, int64_t *n, GString *err);
enum status store_bl_offer_insert(struct db *db, const struct bl_offer *o, int64_t now, int64_t *id,
				  GString *err);
enum status store_bl_offer_update(struct db *db, const struct bl_offer *o, GString *err);
enum status store_bl_offer_list(struct db *db, struct arena *a, struct bl_offer **out, int *n, GString *err);
enum status store_bl_offer_by_id(struct db *db, struct arena *a, int64_t id, struct bl_offer *out,
				 GString *err);
enum status store_bl_offer_by_code(struct db *db, struct arena *a, const char *code, struct bl_offer *out,
				   GString *err);
enum status store_bl_price_insert(struct db *db, int64_t offer_id, const char *currency, int64_t amount,
				  int64_t valid_from, int64_t now, GString *err);
/* The price in force at `at`; ST_NOTFOUND when the offer has none in currency. */
enum status store_bl_price_at(struct db *db, int64_t offer_id, const char *currency, int64_t at,
			      int64_t *amount, int64_t *valid_from, GString *err);
enum status store_bl_price_list(struct db *db, struct arena *a, struct bl_price **out, int *n, GString *err);

/* Orders. */
enum status store_bl_order_insert(struct db *db, struct bl_order *o, GString *err); /* sets o->id */
enum status store_bl_order_by_public(struct db *db, struct arena *a, const char *public_id,
				     struct bl_order *out, GString *err);
enum status store_bl_order_by_id(struct db *db, struct arena *a, int64_t id, struct bl_order *out,
				 GString *err);
enum status store_bl_order_by_guardian(struct db *db, struct arena *a, const char *token_hash,
				       struct bl_order *out, GString *err);
/* acceptance_id, confirmed_at, subscription_id: 0 keeps the stored value. */
enum status store_bl_order_set_state(struct db *db, int64_t id, const char *state, int64_t acceptance_id,
				     int64_t confirmed_at, int64_t subscription_id, GString *err);
enum status store_bl_order_set_guardian(struct db *db, int64_t id, const char *email, const char *token_hash,
					int64_t acceptance_id, int64_t expires_at, GString *err);
/* ST_NOTFOUND when the order no longer waits for its guardian. */
enum status store_bl_order_guardian_ok(struct db *db, int64_t id, int64_t at, GString *err);
enum status store_bl_order_expire(struct db *db, int64_t now, int64_t *n, GString *err);

/* Subscriptions. */
enum status store_bl_sub_insert(struct db *db, struct bl_sub *s, GString *err); /* sets s->id */
enum status store_bl_sub_by_id(struct db *db, struct arena *a, int64_t id, struct bl_sub *out, GString *err);
/* Reads and, on PostgreSQL, locks the row until the transaction ends. */
enum status store_bl_sub_lock(struct db *db, struct arena *a, int64_t id, struct bl_sub *out, GString *err);
enum status store_bl_sub_latest_by_user(struct db *db, struct arena *a, int64_t user_id, struct bl_sub *out,
					GString *err);
enum status store_bl_sub_count_by_user(struct db *db, int64_t user_id, int64_t *n, GString *err);
/* Writes every mutable column of s. */
enum status store_bl_sub_update(struct db *db, const struct bl_sub *s, int64_t now, GString *err);
/* billspeed2: store_bl_sub_update of a row read with state `was` (NULL:
 * unknown); on SQLite the state is only written when it changed. */
enum status store_bl_sub_update_from(struct db *db, const struct bl_sub *s, const char *was, int64_t now,
				     GString *err);
/* Ids of live subscriptions with next_due_at <= now and id > after, by id. */
enum status store_bl_sub_due(struct db *db, struct arena *a, int64_t now, int64_t after, int limit,
			     int64_t **ids, int *n, GString *err);
enum status store_bl_sub_due_count(struct db *db, int64_t now, int64_t *n, GString *err);
/* A billing run's claim on subscription id while it processes it, provider
 * calls included: *got false when another process holds it (skip it).
 * Outside transactions; released by store_bl_sub_unclaim or when the
 * connection ends (PostgreSQL advisory lock; always got on SQLite). */
enum status store_bl_sub_claim(struct db *db, int64_t id, bool *got, GString *err);
enum status store_bl_sub_unclaim(struct db *db, int64_t id, GString *err);
/* One item inside a batch transaction: a savepoint; its end keeps the
 * item's writes (keep) or undoes them, the batch going on either way. */
enum status store_bl_item_begin(struct db *db, GString *err);
/* billspeed: tunes connection db for batches of writes (statement journals
 * in memory, a larger page cache on SQLite; nothing on PostgreSQL). For
 * the connection's life; outside transactions. */
enum status store_bl_batch_tune(struct db *db, GString *err);
enum status store_bl_item_end(struct db *db, bool keep, GString *err);
enum status store_bl_sub_first_use(struct db *db, int64_t user_id, int64_t at, GString *err);
enum status store_bl_sub_list(struct db *db, struct arena *a, int limit, struct bl_sub **out, int *n,
			      GString *err);
enum status store_bl_sub_price_notice(struct db *db, int64_t offer_id, const char *currency, int64_t price,
				      int64_t from, int64_t *n, GString *err);

/* Payments. */
enum status store_bl_pay_insert(struct db *db, struct bl_payment *p, GString *err); /* sets p->id */
enum status store_bl_pay_by_ref(struct db *db, struct arena *a, const char *ref, struct bl_payment *out,
				GString *err);
/* billspeed2: a payment with what the provider is asked (strings in a;
 * stored_method_id NULL without a subscription). */
struct bl_charge_info {
	struct bl_payment pay;
	char *email, *lang, *country;
	char *stored_method_id;
};
enum status store_bl_pay_charge_info(struct db *db, struct arena *a, const char *ref,
				     struct bl_charge_info *out, GString *err);
enum status store_bl_pay_by_psp(struct db *db, struct arena *a, const char *psp, struct bl_payment *out,
				GString *err);
enum status store_bl_pay_update(struct db *db, const struct bl_payment *p, int64_t now, GString *err);
/* The subscription a first payment started. */
enum status store_bl_pay_set_sub(struct db *db, int64_t id, int64_t sub_id, GString *err);
enum status store_bl_pay_unresolved(struct db *db, struct arena *a, int64_t before, int limit, char ***refs,
				    int *n, GString *err);
/* billspeed2: the open renewal and settlement payments of the
 * subscriptions with ids from..to, by subscription then payment (arrays in
 * a, n rows). */
enum status store_bl_pay_open_in_range(struct db *db, struct arena *a, int64_t from, int64_t to,
				       int64_t **subs, char ***refs, int *n, GString *err);
enum status store_bl_pay_open_for_sub(struct db *db, struct arena *a, int64_t sub_id, char ***refs, int *n,
				      GString *err);
enum status store_bl_pay_count_for_sub(struct db *db, int64_t sub_id, int64_t *n, GString *err);
enum status store_bl_pay_first_for_sub(struct db *db, struct arena *a, int64_t sub_id, struct bl_payment *out,
				       GString *err);
enum status store_bl_pay_last_authorised(struct db *db, struct arena *a, int64_t sub_id,
					 struct bl_payment *out, GString *err);

/* INV-1: the next number of series, taken inside the caller's transaction
 * (the counter row stays locked until it ends, so numbers are gapless with
 * several processes; a rollback gives the number back). */
enum status store_bl_counter_take(struct db *db, const char *series, int64_t *number, GString *err);
/* Inserts an invoice and its lines (sets inv->id); ST_CONFLICT when uniq_key exists. */
enum status store_bl_invoice_insert(struct db *db, struct bl_invoice *inv,
				    const struct bl_invoice_line *lines, int n_lines, GString *err);
enum status store_bl_invoice_by_number(struct db *db, struct arena *a, const char *number,
				       struct bl_invoice *out, GString *err);
enum status store_bl_invoice_by_id(struct db *db, struct arena *a, int64_t id, struct bl_invoice *out,
				   GString *err);
enum status store_bl_invoice_by_uniq(struct db *db, struct arena *a, const char *key, struct bl_invoice *out,
				     GString *err);
enum status store_bl_invoice_by_user(struct db *db, struct arena *a, int64_t user_id, int limit,
				     struct bl_invoice **out, int *n, GString *err);
enum status store_bl_invoice_range(struct db *db, struct arena *a, int64_t from, int64_t to, int limit,
				   struct bl_invoice **out, int *n, GString *err);
enum status store_bl_invoice_lines(struct db *db, struct arena *a, int64_t invoice_id,
				   struct bl_invoice_line **out, int *n, GString *err);

/* The ledger (INV-2); uniq_key makes an entry idempotent (NULL: none). */
enum status store_bl_tx_add(struct db *db, int64_t user_id, int64_t sub_id, const char *kind, int64_t at,
			    int64_t amount, const char *currency, const char *status, const char *reference,
			    int64_t invoice_id, const char *uniq_key, GString *err);
/* store_bl_tx_add, or, when uniq_key was added before, its status set. */
enum status store_bl_tx_put(struct db *db, int64_t user_id, int64_t sub_id, const char *kind, int64_t at,
			    int64_t amount, const char *currency, const char *status, const char *reference,
			    int64_t invoice_id, const char *uniq_key, GString *err);
enum status store_bl_tx_set_status(struct db *db, const char *uniq_key, const char *status, GString *err);
/* The subscription's fees in the ledger are paid. */
enum status store_bl_tx_fees_paid(struct db *db, int64_t sub_id, GString *err);
enum status store_bl_tx_by_user(struct db *db, struct arena *a, int64_t user_id, int limit,
				struct bl_tx **out, int *n, GString *err);

/* Debts and late fees (PAY-4..6). */
enum status store_bl_debt_add(struct db *db, int64_t sub_id, int64_t invoice_id, const char *reason,
			      int64_t principal, const char *currency, int64_t due_at, const char *uniq_key,
			      GString *err);
enum status store_bl_debt_open(struct db *db, struct arena *a, int64_t sub_id, struct bl_debt **out, int *n,
			       GString *err);
enum status store_bl_debt_pay_all(struct db *db, int64_t sub_id, int64_t at, GString *err);
/* Adds a fee unless (sub, debt_due_at, kind, month) exists; *added says. */
enum status store_bl_fee_add(struct db *db, int64_t sub_id, int64_t debt_due_at, const char *kind, int month,
			     int64_t amount, const char *currency, int64_t at, bool *added, GString *err);
enum status store_bl_fee_open_sum(struct db *db, int64_t sub_id, int64_t *sum, GString *err);
enum status store_bl_fee_pay_all(struct db *db, int64_t sub_id, int64_t at, GString *err);

/* Promo codes (PROMO-1). */
enum status store_bl_promo_insert(struct db *db, struct bl_promo *p, int64_t now, GString *err);
enum status store_bl_promo_by_code(struct db *db, struct arena *a, const char *code, struct bl_promo *out,
				   GString *err);
enum status store_bl_promo_by_id(struct db *db, struct arena *a, int64_t id, struct bl_promo *out,
				 GString *err);
enum status store_bl_promo_list(struct db *db, struct arena *a, struct bl_promo **out, int *n, GString *err);
/* Counts a redemption; ST_CONFLICT when the code is exhausted or the user
 * already redeemed it. */
enum status store_bl_promo_redeem(struct db *db, int64_t promo_id, int64_t user_id, int64_t sub_id,
				  int64_t at, GString *err);

/* Referral (REF-1, REF-2). */
enum status store_bl_invite_code(struct db *db, struct arena *a, int64_t user_id, const char *new_code,
				 int64_t now, char **code, GString *err);
enum status store_bl_invite_user(struct db *db, const char *code, int64_t *user_id, GString *err);
enum status store_bl_referral_count_invitee(struct db *db, int64_t invitee_id, int64_t *n, GString *err);
enum status store_bl_referral_insert(struct db *db, int64_t sponsor_id, int64_t invitee_id, int64_t at,
				     int64_t *id, GString *err);
enum status store_bl_voucher_count(struct db *db, int64_t sub_id, int64_t *n, GString *err);
enum status store_bl_voucher_insert(struct db *db, int64_t sub_id, int64_t referral_id, int64_t at,
				    int64_t amount, const char *currency, GString *err);
enum status store_bl_voucher_list(struct db *db, struct arena *a, int64_t sub_id, struct bl_voucher **out,
				  int *n, GString *err);
enum status store_bl_voucher_set_remaining(struct db *db, int64_t id, int64_t remaining, GString *err);

/* Tests only: tries to change or delete an issued invoice (INV-1
 * triggers): how 0 updates it, 1 deletes it, 2 updates its lines. */
enum status store_bl_test_tamper(struct db *db, int64_t invoice_id, int how, GString *err);

#endif
