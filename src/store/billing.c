/* Storage of billing (migration 7, store/store_billing.h). */
#include "store/store_billing.h"
#include "store/store_int.h"

#include <string.h>

#include "base/banned.h"

#define S(col) row_str(a, r, i, (col))
#define I(col) db_int(r, i, (col))
#define OPT(v) ((v) ? DB_INT(v) : DB_NULL)

/* A single row into out via fill; ST_NOTFOUND (err: what) when none. */
#define ONE_ROW(id, args, fill, what)                                                                        \
	do {                                                                                                 \
		struct db_rows *r = NULL;                                                                    \
		enum status st_ = db_query(db, id, args, &r, err);                                           \
		if (st_ == ST_OK && r->nrows == 0) {                                                         \
			if (err)                                                                             \
				g_string_assign(err, what " not found");                                     \
			st_ = ST_NOTFOUND;                                                                   \
		}                                                                                            \
		if (st_ == ST_OK)                                                                            \
			fill(a, r, 0, out);                                                                  \
		db_rows_free(r);                                                                             \
		return st_;                                                                                  \
	} while (0)

/* Every row into an arena array. */
#define ALL_ROWS(id, args, type, fill)                                                                       \
	do {                                                                                                 \
		struct db_rows *r = NULL;                                                                    \
		enum status st_ = db_query(db, id, args, &r, err);                                           \
		if (st_ == ST_OK) {                                                                          \
			*out = arena_alloc(a, sizeof(type) * (size_t)(r->nrows ? r->nrows : 1));             \
			for (int k = 0; k < r->nrows; k++)                                                   \
				fill(a, r, k, &(*out)[k]);                                                   \
			*n = r->nrows;                                                                       \
		}                                                                                            \
		db_rows_free(r);                                                                             \
		return st_;                                                                                  \
	} while (0)

/* --- Offers and prices ------------------------------------------------------ */

static void offer_fill(struct arena *a, const struct db_rows *r, int i, struct bl_offer *o)
{
	*o = (struct bl_offer){.id = I(0),
			       .code = S(1),
			       .months = (int)I(2),
			       .name_en = S(3),
			       .name_fr = S(4),
			       .active = I(5) != 0};
}

enum status store_bl_offer_count(struct db *db, int64_t *n, GString *err)
{
	return query_int(db, SQL_BILLING_OFFER_COUNT, DB_NOARGS, n, err);
}

enum status store_bl_offer_insert(struct db *db, const struct bl_offer *o, int64_t now, int64_t *id,
				  GString *err)
{
	return query_int(db, SQL_BILLING_OFFER_INSERT,
			 DB_ARGS(DB_TEXT(o->code), DB_INT(o->months), DB_TEXT(o->name_en),
				 DB_TEXT(o->name_fr), DB_BOOL(o->active), DB_INT(now)),
			 id, err);
}

enum status store_bl_offer_update(struct db *db, const struct bl_offer *o, GString *err)
{
	return exec_changed(
		db, SQL_BILLING_OFFER_UPDATE,
		DB_ARGS(DB_INT(o->id), DB_TEXT(o->name_en), DB_TEXT(o->name_fr), DB_BOOL(o->active)), "offer",
		o->id, err);
}

enum status store_bl_offer_list(struct db *db, struct arena *a, struct bl_offer **out, int *n, GString *err)
{
	ALL_ROWS(SQL_BILLING_OFFER_LIST, DB_NOARGS, struct bl_offer, offer_fill);
}

enum status store_bl_offer_by_id(struct db *db, struct arena *a, int64_t id, struct bl_offer *out,
				 GString *err)
{
	ONE_ROW(SQL_BILLING_OFFER_BY_ID, DB_ARGS(DB_INT(id)), offer_fill, "offer");
}

enum status store_bl_offer_by_code(struct db *db, struct arena *a, const char *code, struct bl_offer *out,
				   GString *err)
{
	ONE_ROW(SQL_BILLING_OFFER_BY_CODE, DB_ARGS(DB_TEXT(code)), offer_fill, "offer");
}

enum status store_bl_price_insert(struct db *db, int64_t offer_id, const char *currency, int64_t amount,
				  int64_t valid_from, int64_t now, GString *err)
{
	return query_int(
		db, SQL_BILLING_PRICE_INSERT,
		DB_ARGS(DB_INT(offer_id), DB_TEXT(currency), DB_INT(amount), DB_INT(valid_from), DB_INT(now)),
		NULL, err);
}

enum status store_bl_price_at(struct db *db, int64_t offer_id, const char *currency, int64_t at,
			      int64_t *amount, int64_t *valid_from, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_BILLING_PRICE_AT,
				  DB_ARGS(DB_INT(offer_id), DB_TEXT(currency), DB_INT(at)), &r, err);
	if (st == ST_OK && r->nrows == 0) {
		if (err)
			g_string_printf(err, "offer %lld has no price in %s", (long long)offer_id, currency);
		st = ST_NOTFOUND;
	}
	if (st == ST_OK) {
		*amount = db_int(r, 0, 0);
		if (valid_from)
			*valid_from = db_int(r, 0, 1);
	}
	db_rows_free(r);
	return st;
}

static void price_fill(struct arena *a, const struct db_rows *r, int i, struct bl_price *p)
{
	*p = (struct bl_price){.offer_id = I(0), .currency = S(1), .amount = I(2), .valid_from = I(3)};
}

enum status store_bl_price_list(struct db *db, struct arena *a, struct bl_price **out, int *n, GString *err)
{
	ALL_ROWS(SQL_BILLING_PRICE_LIST, DB_NOARGS, struct bl_price, price_fill);
}

/* --- Orders ------------------------------------------------------------------- */

static void order_fill(struct arena *a, const struct db_rows *r, int i, struct bl_order *o)
{
	*o = (struct bl_order){.id = I(0),
			       .public_id = S(1),
			       .user_id = I(2),
			       .offer_id = I(3),
			       .currency = S(4),
			       .country = S(5),
			       .vat_rate_bp = (int)I(6),
			       .price = I(7),
			       .amount_now = I(8),
			       .promo_id = I(9),
			       .sponsor_id = I(10),
			       .review_json = S(11),
			       .state = S(12),
			       .acceptance_id = I(13),
			       .guardian_email = S(14),
			       .guardian_consented_at = I(15),
			       .expires_at = I(16),
			       .created_at = I(17),
			       .confirmed_at = I(18),
			       .subscription_id = I(19)};
}

enum status store_bl_order_insert(struct db *db, struct bl_order *o, GString *err)
{
	return query_int(db, SQL_BILLING_ORDER_INSERT,
			 DB_ARGS(DB_TEXT(o->public_id), DB_INT(o->user_id), DB_INT(o->offer_id),
				 DB_TEXT(o->currency), DB_TEXT(o->country), DB_INT(o->vat_rate_bp),
				 DB_INT(o->price), DB_INT(o->amount_now), OPT(o->promo_id),
				 OPT(o->sponsor_id), DB_TEXT(o->review_json), DB_TEXT(o->state),
				 DB_INT(o->expires_at), DB_INT(o->created_at)),
			 &o->id, err);
}

enum status store_bl_order_by_public(struct db *db, struct arena *a, const char *public_id,
				     struct bl_order *out, GString *err)
{
	ONE_ROW(SQL_BILLING_ORDER_BY_PUBLIC, DB_ARGS(DB_TEXT(public_id)), order_fill, "order");
}

enum status store_bl_order_by_id(struct db *db, struct arena *a, int64_t id, struct bl_order *out,
				 GString *err)
{
	ONE_ROW(SQL_BILLING_ORDER_BY_ID, DB_ARGS(DB_INT(id)), order_fill, "order");
}

enum status store_bl_order_by_guardian(struct db *db, struct arena *a, const char *token_hash,
				       struct bl_order *out, GString *err)
{
	ONE_ROW(SQL_BILLING_ORDER_BY_GUARDIAN, DB_ARGS(DB_TEXT(token_hash)), order_fill, "consent link");
}

enum status store_bl_order_set_state(struct db *db, int64_t id, const char *state, int64_t acceptance_id,
				     int64_t confirmed_at, int64_t subscription_id, GString *err)
{
	return exec_changed(db, SQL_BILLING_ORDER_SET_STATE,
			    DB_ARGS(DB_INT(id), DB_TEXT(state), OPT(acceptance_id), OPT(confirmed_at),
				    OPT(subscription_id)),
			    "order", id, err);
}

enum status store_bl_order_set_guardian(struct db *db, int64_t id, const char *email, const char *token_hash,
					int64_t acceptance_id, int64_t expires_at, GString *err)
{
	return exec_changed(db, SQL_BILLING_ORDER_SET_GUARDIAN,
			    DB_ARGS(DB_INT(id), DB_TEXT(email), DB_TEXT(token_hash), OPT(acceptance_id),
				    DB_INT(expires_at)),
			    "order", id, err);
}

enum status store_bl_order_guardian_ok(struct db *db, int64_t id, int64_t at, GString *err)
{
	return exec_changed(db, SQL_BILLING_ORDER_GUARDIAN_OK, DB_ARGS(DB_INT(id), DB_INT(at)),
			    "waiting order", id, err);
}

enum status store_bl_order_expire(struct db *db, int64_t now, int64_t *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_BILLING_ORDER_EXPIRE, DB_ARGS(DB_INT(now)), &r, err);
	if (st == ST_OK && n)
		*n = r->changes;
	db_rows_free(r);
	return st;
}

/* --- Subscriptions --------------------------------------------------------- */

static void sub_fill(struct arena *a, const struct db_rows *r, int i, struct bl_sub *s)
{
	*s = (struct bl_sub){.id = I(0),
			     .user_id = I(1),
			     .order_id = I(2),
			     .offer_id = I(3),
			     .months = (int)I(4),
			     .currency = S(5),
			     .country = S(6),
			     .vat_rate_bp = (int)I(7),
			     .price = I(8),
			     .price_next = I(9),
			     .price_next_from = I(10),
			     .promo_id = I(11),
			     .free_first_month = I(12) != 0,
			     .state = S(13),
			     .cancel_at_term = I(14) != 0,
			     .anchor_day = (int)I(15),
			     .started_at = I(16),
			     .period = (int)I(17),
			     .period_start = I(18),
			     .period_end = I(19),
			     .cancelled_at = I(20),
			     .ended_at = I(21),
			     .end_reason = S(22),
			     .end_note = S(23),
			     .ordered_at = I(24),
			     .first_premium_use_at = I(25),
			     .stored_method_id = S(26),
			     .method = S(27),
			     .method_summary = S(28),
			     .reminded_period = (int)I(29),
			     .debt_due_at = I(30),
			     .dunning_done = (int)I(31),
			     .notice_at = I(32),
			     .suspended_at = I(33),
			     .next_due_at = I(34),
			     .created_at = I(35),
			     .updated_at = I(36)};
}

enum status store_bl_sub_insert(struct db *db, struct bl_sub *s, GString *err)
{
	return query_int(db, SQL_BILLING_SUB_INSERT,
			 DB_ARGS(DB_INT(s->user_id), DB_INT(s->order_id), DB_INT(s->offer_id),
				 DB_INT(s->months), DB_TEXT(s->currency), DB_TEXT(s->country),
				 DB_INT(s->vat_rate_bp), DB_INT(s->price), OPT(s->promo_id),
				 DB_BOOL(s->free_first_month), DB_TEXT(s->state), DB_INT(s->anchor_day),
				 DB_INT(s->started_at), DB_INT(s->period), DB_INT(s->period_start),
				 DB_INT(s->period_end), DB_INT(s->ordered_at),
				 DB_TEXT(s->stored_method_id ? s->stored_method_id : ""),
				 DB_TEXT(s->method ? s->method : ""),
				 DB_TEXT(s->method_summary ? s->method_summary : ""), DB_INT(s->next_due_at),
				 DB_INT(s->created_at)),
			 &s->id, err);
}

enum status store_bl_sub_by_id(struct db *db, struct arena *a, int64_t id, struct bl_sub *out, GString *err)
{
	ONE_ROW(SQL_BILLING_SUB_BY_ID, DB_ARGS(DB_INT(id)), sub_fill, "subscription");
}

enum status store_bl_sub_lock(struct db *db, struct arena *a, int64_t id, struct bl_sub *out, GString *err)
{
	ONE_ROW(SQL_BILLING_SUB_LOCK, DB_ARGS(DB_INT(id)), sub_fill, "subscription");
}

enum status store_bl_sub_latest_by_user(struct db *db, struct arena *a, int64_t user_id, struct bl_sub *out,
					GString *err)
{
	ONE_ROW(SQL_BILLING_SUB_LATEST_BY_USER, DB_ARGS(DB_INT(user_id)), sub_fill, "subscription");
}

enum status store_bl_sub_count_by_user(struct db *db, int64_t user_id, int64_t *n, GString *err)
{
	return query_int(db, SQL_BILLING_SUB_COUNT_BY_USER, DB_ARGS(DB_INT(user_id)), n, err);
}

enum status store_bl_sub_update(struct db *db, const struct bl_sub *s, int64_t now, GString *err)
{
	return store_bl_sub_update_from(db, s, NULL, now, err);
}

enum status store_bl_sub_update_from(struct db *db, const struct bl_sub *s, const char *was, int64_t now,
				     GString *err)
{
	enum status st = exec_changed(
		db, SQL_BILLING_SUB_UPDATE,
		DB_ARGS(DB_INT(s->id), DB_TEXT(s->state), DB_BOOL(s->cancel_at_term), DB_INT(s->period),
			DB_INT(s->period_start), DB_INT(s->period_end), DB_INT(s->cancelled_at),
			DB_INT(s->ended_at), DB_TEXT(s->end_reason), DB_TEXT(s->end_note),
			DB_INT(s->first_premium_use_at), DB_TEXT(s->stored_method_id), DB_TEXT(s->method),
			DB_TEXT(s->method_summary), DB_INT(s->reminded_period), DB_INT(s->debt_due_at),
			DB_INT(s->dunning_done), DB_INT(s->notice_at), DB_INT(s->suspended_at),
			DB_INT(s->next_due_at), DB_INT(s->price), OPT(s->price_next), OPT(s->price_next_from),
			DB_INT(now)),
		"subscription", s->id, err);
	if (st == ST_OK && !db_is_pg(db) && !(was && !strcmp(was, s->state))) /* see billing_sub_update */
		st = db_exec(db, SQL_BILLING_SUB_SET_STATE, DB_ARGS(DB_INT(s->id), DB_TEXT(s->state)), err);
	return st;
}

enum status store_bl_sub_due(struct db *db, struct arena *a, int64_t now, int64_t after, int limit,
			     int64_t **ids, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_BILLING_SUB_DUE, DB_ARGS(DB_INT(now), DB_INT(after), DB_INT(limit)),
				  &r, err);
	if (st == ST_OK) {
		*ids = arena_alloc(a, sizeof(int64_t) * (size_t)(r->nrows ? r->nrows : 1));
		for (int i = 0; i < r->nrows; i++)
			(*ids)[i] = db_int(r, i, 0);
		*n = r->nrows;
	}
	db_rows_free(r);
	return st;
}

enum status store_bl_sub_due_count(struct db *db, int64_t now, int64_t *n, GString *err)
{
	return query_int(db, SQL_BILLING_SUB_DUE_COUNT, DB_ARGS(DB_INT(now)), n, err);
}

enum status store_bl_sub_first_use(struct db *db, int64_t user_id, int64_t at, GString *err)
{
	return db_exec(db, SQL_BILLING_SUB_FIRST_USE, DB_ARGS(DB_INT(user_id), DB_INT(at)), err);
}

enum status store_bl_sub_list(struct db *db, struct arena *a, int limit, struct bl_sub **out, int *n,
			      GString *err)
{
	ALL_ROWS(SQL_BILLING_SUB_LIST, DB_ARGS(DB_INT(limit)), struct bl_sub, sub_fill);
}

enum status store_bl_sub_price_notice(struct db *db, int64_t offer_id, const char *currency, int64_t price,
				      int64_t from, int64_t *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st =
		db_query(db, SQL_BILLING_SUB_PRICE_NOTICE,
			 DB_ARGS(DB_INT(offer_id), DB_TEXT(currency), DB_INT(price), DB_INT(from)), &r, err);
	if (st == ST_OK && n)
		*n = r->changes;
	db_rows_free(r);
	return st;
}

/* --- Payments ------------------------------------------------------------------ */

static void pay_fill(struct arena *a, const struct db_rows *r, int i, struct bl_payment *p)
{
	*p = (struct bl_payment){.id = I(0),
				 .reference = S(1),
				 .idempotency_key = S(2),
				 .user_id = I(3),
				 .order_id = I(4),
				 .subscription_id = I(5),
				 .invoice_id = I(6),
				 .kind = S(7),
				 .amount = I(8),
				 .currency = S(9),
				 .state = S(10),
				 .psp_reference = S(11),
				 .attempt = (int)I(12),
				 .reason = S(13),
				 .redirect_url = S(14),
				 .created_at = I(15),
				 .updated_at = I(16)};
}

enum status store_bl_pay_insert(struct db *db, struct bl_payment *p, GString *err)
{
	return query_int(db, SQL_BILLING_PAY_INSERT,
			 DB_ARGS(DB_TEXT(p->reference), DB_TEXT(p->idempotency_key), DB_INT(p->user_id),
				 OPT(p->order_id), OPT(p->subscription_id), OPT(p->invoice_id),
				 DB_TEXT(p->kind), DB_INT(p->amount), DB_TEXT(p->currency),
				 DB_INT(p->attempt), DB_INT(p->created_at)),
			 &p->id, err);
}

enum status store_bl_pay_by_ref(struct db *db, struct arena *a, const char *ref, struct bl_payment *out,
				GString *err)
{
	ONE_ROW(SQL_BILLING_PAY_BY_REF, DB_ARGS(DB_TEXT(ref)), pay_fill, "payment");
}

static void charge_fill(struct arena *a, const struct db_rows *r, int i, struct bl_charge_info *out)
{
	pay_fill(a, r, i, &out->pay);
	out->email = S(17);
	out->lang = S(18);
	out->country = S(19);
	out->stored_method_id = db_is_null(r, i, 20) ? NULL : S(20);
}

enum status store_bl_pay_charge_info(struct db *db, struct arena *a, const char *ref,
				     struct bl_charge_info *out, GString *err)
{
	ONE_ROW(SQL_BILLING_PAY_CHARGE_INFO, DB_ARGS(DB_TEXT(ref)), charge_fill, "payment");
}

enum status store_bl_pay_by_psp(struct db *db, struct arena *a, const char *psp, struct bl_payment *out,
				GString *err)
{
	ONE_ROW(SQL_BILLING_PAY_BY_PSP, DB_ARGS(DB_TEXT(psp)), pay_fill, "payment");
}

enum status store_bl_pay_update(struct db *db, const struct bl_payment *p, int64_t now, GString *err)
{
	return exec_changed(db, SQL_BILLING_PAY_UPDATE,
			    DB_ARGS(DB_INT(p->id), DB_TEXT(p->state), DB_TEXT(p->psp_reference),
				    DB_TEXT(p->reason), DB_TEXT(p->redirect_url), DB_INT(now)),
			    "payment", p->id, err);
}

enum status store_bl_pay_set_sub(struct db *db, int64_t id, int64_t sub_id, GString *err)
{
	return exec_changed(db, SQL_BILLING_PAY_SET_SUB, DB_ARGS(DB_INT(id), DB_INT(sub_id)), "payment", id,
			    err);
}

static enum status refs_query(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
			      size_t nargs, char ***refs, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st == ST_OK) {
		*refs = arena_alloc(a, sizeof(char *) * (size_t)(r->nrows + 1));
		for (int i = 0; i < r->nrows; i++)
			(*refs)[i] = row_str(a, r, i, 0);
		(*refs)[r->nrows] = NULL;
		*n = r->nrows;
	}
	db_rows_free(r);
	return st;
}

enum status store_bl_pay_unresolved(struct db *db, struct arena *a, int64_t before, int limit, char ***refs,
				    int *n, GString *err)
{
	return refs_query(db, a, SQL_BILLING_PAY_UNRESOLVED, DB_ARGS(DB_INT(before), DB_INT(limit)), refs, n,
			  err);
}

enum status store_bl_pay_open_for_sub(struct db *db, struct arena *a, int64_t sub_id, char ***refs, int *n,
				      GString *err)
{
	return refs_query(db, a, SQL_BILLING_PAY_OPEN_FOR_SUB, DB_ARGS(DB_INT(sub_id)), refs, n, err);
}

enum status store_bl_pay_open_in_range(struct db *db, struct arena *a, int64_t from, int64_t to,
				       int64_t **subs, char ***refs, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st =
		db_query(db, SQL_BILLING_PAY_OPEN_IN_RANGE, DB_ARGS(DB_INT(from), DB_INT(to)), &r, err);
	if (st == ST_OK) {
		*subs = arena_alloc(a, sizeof(int64_t) * (size_t)(r->nrows + 1));
		*refs = arena_alloc(a, sizeof(char *) * (size_t)(r->nrows + 1));
		for (int i = 0; i < r->nrows; i++) {
			(*subs)[i] = db_int(r, i, 0);
			(*refs)[i] = row_str(a, r, i, 1);
		}
		*n = r->nrows;
	}
	db_rows_free(r);
	return st;
}

enum status store_bl_pay_count_for_sub(struct db *db, int64_t sub_id, int64_t *n, GString *err)
{
	return query_int(db, SQL_BILLING_PAY_COUNT_FOR_SUB, DB_ARGS(DB_INT(sub_id)), n, err);
}

enum status store_bl_pay_first_for_sub(struct db *db, struct arena *a, int64_t sub_id, struct bl_payment *out,
				       GString *err)
{
	ONE_ROW(SQL_BILLING_PAY_FIRST_FOR_SUB, DB_ARGS(DB_INT(sub_id)), pay_fill, "first payment");
}

enum status store_bl_pay_last_authorised(struct db *db, struct arena *a, int64_t sub_id,
					 struct bl_payment *out, GString *err)
{
	ONE_ROW(SQL_BILLING_PAY_AUTHORISED_FOR_SUB, DB_ARGS(DB_INT(sub_id)), pay_fill, "authorised payment");
}

/* --- Invoices (INV-1) ---------------------------------------------------------- */

enum status store_bl_counter_take(struct db *db, const char *series, int64_t *number, GString *err)
{
	enum status st = db_exec(db, SQL_BILLING_COUNTER_ENSURE, DB_ARGS(DB_TEXT(series)), err);
	if (st == ST_OK)
		st = query_int(db, SQL_BILLING_COUNTER_TAKE, DB_ARGS(DB_TEXT(series)), number, err);
	return st;
}

static void inv_fill(struct arena *a, const struct db_rows *r, int i, struct bl_invoice *v)
{
	*v = (struct bl_invoice){.id = I(0),
				 .number = S(1),
				 .series = S(2),
				 .kind = S(3),
				 .uniq_key = S(4),
				 .refers_to = I(5),
				 .user_id = I(6),
				 .subscription_id = I(7),
				 .period = (int)I(8),
				 .period_start = I(9),
				 .period_end = I(10),
				 .issued_at = I(11),
				 .currency = S(12),
				 .net = I(13),
				 .vat = I(14),
				 .gross = I(15),
				 .buyer_name = S(16),
				 .buyer_email = S(17),
				 .buyer_country = S(18),
				 .lang = S(19)};
}

enum status store_bl_invoice_insert(struct db *db, struct bl_invoice *v, const struct bl_invoice_line *lines,
				    int n_lines, GString *err)
{
	enum status st =
		query_int(db, SQL_BILLING_INV_INSERT,
			  DB_ARGS(DB_TEXT(v->number), DB_TEXT(v->series), DB_TEXT(v->kind),
				  DB_TEXT(v->uniq_key), OPT(v->refers_to), DB_INT(v->user_id),
				  DB_INT(v->subscription_id), DB_INT(v->period), DB_INT(v->period_start),
				  DB_INT(v->period_end), DB_INT(v->issued_at), DB_TEXT(v->currency),
				  DB_INT(v->net), DB_INT(v->vat), DB_INT(v->gross), DB_TEXT(v->buyer_name),
				  DB_TEXT(v->buyer_email), DB_TEXT(v->buyer_country), DB_TEXT(v->lang)),
			  &v->id, err);
	for (int i = 0; st == ST_OK && i < n_lines; i++) {
		const struct bl_invoice_line *l = &lines[i];
		st = db_exec(db, SQL_BILLING_LINE_INSERT,
			     DB_ARGS(DB_INT(v->id), DB_INT(i + 1), DB_TEXT(l->description),
				     DB_INT(l->quantity), DB_INT(l->unit_price), DB_INT(l->net),
				     DB_INT(l->vat_rate_bp), DB_INT(l->vat), DB_INT(l->gross)),
			     err);
	}
	return st;
}

enum status store_bl_invoice_by_number(struct db *db, struct arena *a, const char *number,
				       struct bl_invoice *out, GString *err)
{
	ONE_ROW(SQL_BILLING_INV_BY_NUMBER, DB_ARGS(DB_TEXT(number)), inv_fill, "invoice");
}

enum status store_bl_invoice_by_id(struct db *db, struct arena *a, int64_t id, struct bl_invoice *out,
				   GString *err)
{
	ONE_ROW(SQL_BILLING_INV_BY_ID, DB_ARGS(DB_INT(id)), inv_fill, "invoice");
}

enum status store_bl_invoice_by_uniq(struct db *db, struct arena *a, const char *key, struct bl_invoice *out,
				     GString *err)
{
	ONE_ROW(SQL_BILLING_INV_BY_UNIQ, DB_ARGS(DB_TEXT(key)), inv_fill, "invoice");
}

enum status store_bl_invoice_by_user(struct db *db, struct arena *a, int64_t user_id, int limit,
				     struct bl_invoice **out, int *n, GString *err)
{
	ALL_ROWS(SQL_BILLING_INV_BY_USER, DB_ARGS(DB_INT(user_id), DB_INT(limit)), struct bl_invoice,
		 inv_fill);
}

enum status store_bl_invoice_range(struct db *db, struct arena *a, int64_t from, int64_t to, int limit,
				   struct bl_invoice **out, int *n, GString *err)
{
	ALL_ROWS(SQL_BILLING_INV_RANGE, DB_ARGS(DB_INT(from), DB_INT(to), DB_INT(limit)), struct bl_invoice,
		 inv_fill);
}

static void line_fill(struct arena *a, const struct db_rows *r, int i, struct bl_invoice_line *l)
{
	*l = (struct bl_invoice_line){.position = (int)I(0),
				      .description = S(1),
				      .quantity = I(2),
				      .unit_price = I(3),
				      .net = I(4),
				      .vat_rate_bp = (int)I(5),
				      .vat = I(6),
				      .gross = I(7)};
}

enum status store_bl_invoice_lines(struct db *db, struct arena *a, int64_t invoice_id,
				   struct bl_invoice_line **out, int *n, GString *err)
{
	ALL_ROWS(SQL_BILLING_LINES_OF, DB_ARGS(DB_INT(invoice_id)), struct bl_invoice_line, line_fill);
}

/* --- Ledger, debts, fees --------------------------------------------------------- */

enum status store_bl_tx_add(struct db *db, int64_t user_id, int64_t sub_id, const char *kind, int64_t at,
			    int64_t amount, const char *currency, const char *status, const char *reference,
			    int64_t invoice_id, const char *uniq_key, GString *err)
{
	return db_exec(db, SQL_BILLING_TX_INSERT,
		       DB_ARGS(DB_INT(user_id), OPT(sub_id), DB_TEXT(kind), DB_INT(at), DB_INT(amount),
			       DB_TEXT(currency), DB_TEXT(status), DB_TEXT(reference ? reference : ""),
			       OPT(invoice_id), DB_TEXT(uniq_key)),
		       err);
}

enum status store_bl_tx_put(struct db *db, int64_t user_id, int64_t sub_id, const char *kind, int64_t at,
			    int64_t amount, const char *currency, const char *status, const char *reference,
			    int64_t invoice_id, const char *uniq_key, GString *err)
{
	return db_exec(db, SQL_BILLING_TX_PUT,
		       DB_ARGS(DB_INT(user_id), OPT(sub_id), DB_TEXT(kind), DB_INT(at), DB_INT(amount),
			       DB_TEXT(currency), DB_TEXT(status), DB_TEXT(reference ? reference : ""),
			       OPT(invoice_id), DB_TEXT(uniq_key)),
		       err);
}

enum status store_bl_tx_set_status(struct db *db, const char *uniq_key, const char *status, GString *err)
{
	return db_exec(db, SQL_BILLING_TX_SET_STATUS, DB_ARGS(DB_TEXT(uniq_key), DB_TEXT(status)), err);
}

enum status store_bl_tx_fees_paid(struct db *db, int64_t sub_id, GString *err)
{
	return db_exec(db, SQL_BILLING_TX_FEES_PAID, DB_ARGS(DB_INT(sub_id)), err);
}

static void tx_fill(struct arena *a, const struct db_rows *r, int i, struct bl_tx *t)
{
	*t = (struct bl_tx){.id = I(0),
			    .kind = S(1),
			    .at = I(2),
			    .amount = I(3),
			    .currency = S(4),
			    .status = S(5),
			    .reference = S(6),
			    .invoice_id = I(7)};
}

enum status store_bl_tx_by_user(struct db *db, struct arena *a, int64_t user_id, int limit,
				struct bl_tx **out, int *n, GString *err)
{
	ALL_ROWS(SQL_BILLING_TX_BY_USER, DB_ARGS(DB_INT(user_id), DB_INT(limit)), struct bl_tx, tx_fill);
}

enum status store_bl_debt_add(struct db *db, int64_t sub_id, int64_t invoice_id, const char *reason,
			      int64_t principal, const char *currency, int64_t due_at, const char *uniq_key,
			      GString *err)
{
	return db_exec(db, SQL_BILLING_DEBT_INSERT,
		       DB_ARGS(DB_INT(sub_id), OPT(invoice_id), DB_TEXT(reason), DB_INT(principal),
			       DB_TEXT(currency), DB_INT(due_at), DB_TEXT(uniq_key)),
		       err);
}

static void debt_fill(struct arena *a, const struct db_rows *r, int i, struct bl_debt *d)
{
	*d = (struct bl_debt){.id = I(0),
			      .invoice_id = I(1),
			      .reason = S(2),
			      .principal = I(3),
			      .currency = S(4),
			      .due_at = I(5)};
}

enum status store_bl_debt_open(struct db *db, struct arena *a, int64_t sub_id, struct bl_debt **out, int *n,
			       GString *err)
{
	ALL_ROWS(SQL_BILLING_DEBT_OPEN, DB_ARGS(DB_INT(sub_id)), struct bl_debt, debt_fill);
}

enum status store_bl_debt_pay_all(struct db *db, int64_t sub_id, int64_t at, GString *err)
{
	return db_exec(db, SQL_BILLING_DEBT_PAY_ALL, DB_ARGS(DB_INT(sub_id), DB_INT(at)), err);
}

enum status store_bl_fee_add(struct db *db, int64_t sub_id, int64_t debt_due_at, const char *kind, int month,
			     int64_t amount, const char *currency, int64_t at, bool *added, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_BILLING_FEE_INSERT,
				  DB_ARGS(DB_INT(sub_id), DB_INT(debt_due_at), DB_TEXT(kind), DB_INT(month),
					  DB_INT(amount), DB_TEXT(currency), DB_INT(at)),
				  &r, err);
	if (st == ST_OK && added)
		*added = r->changes > 0;
	db_rows_free(r);
	return st;
}

enum status store_bl_fee_open_sum(struct db *db, int64_t sub_id, int64_t *sum, GString *err)
{
	return query_int(db, SQL_BILLING_FEE_OPEN_SUM, DB_ARGS(DB_INT(sub_id)), sum, err);
}

enum status store_bl_fee_pay_all(struct db *db, int64_t sub_id, int64_t at, GString *err)
{
	return db_exec(db, SQL_BILLING_FEE_PAY_ALL, DB_ARGS(DB_INT(sub_id), DB_INT(at)), err);
}

/* --- Promo codes --------------------------------------------------------------------- */

static void promo_fill(struct arena *a, const struct db_rows *r, int i, struct bl_promo *p)
{
	*p = (struct bl_promo){.id = I(0),
			       .code = S(1),
			       .starts_at = I(2),
			       .ends_at = I(3),
			       .offer_ids = S(4),
			       .kind = S(5),
			       .percent_bp = (int)I(6),
			       .amount_off = I(7),
			       .currency = S(8),
			       .periods = (int)I(9),
			       .max_redemptions = (int)I(10),
			       .redemptions = (int)I(11),
			       .new_only = I(12) != 0};
}

enum status store_bl_promo_insert(struct db *db, struct bl_promo *p, int64_t now, GString *err)
{
	return query_int(db, SQL_BILLING_PROMO_INSERT,
			 DB_ARGS(DB_TEXT(p->code), DB_INT(p->starts_at), DB_INT(p->ends_at),
				 DB_TEXT(p->offer_ids), DB_TEXT(p->kind), DB_INT(p->percent_bp),
				 DB_INT(p->amount_off), DB_TEXT(p->currency ? p->currency : ""),
				 DB_INT(p->periods), DB_INT(p->max_redemptions), DB_BOOL(p->new_only),
				 DB_INT(now)),
			 &p->id, err);
}

enum status store_bl_promo_by_code(struct db *db, struct arena *a, const char *code, struct bl_promo *out,
				   GString *err)
{
	ONE_ROW(SQL_BILLING_PROMO_BY_CODE, DB_ARGS(DB_TEXT(code)), promo_fill, "promo code");
}

enum status store_bl_promo_by_id(struct db *db, struct arena *a, int64_t id, struct bl_promo *out,
				 GString *err)
{
	ONE_ROW(SQL_BILLING_PROMO_BY_ID, DB_ARGS(DB_INT(id)), promo_fill, "promo code");
}

enum status store_bl_promo_list(struct db *db, struct arena *a, struct bl_promo **out, int *n, GString *err)
{
	ALL_ROWS(SQL_BILLING_PROMO_LIST, DB_NOARGS, struct bl_promo, promo_fill);
}

enum status store_bl_promo_redeem(struct db *db, int64_t promo_id, int64_t user_id, int64_t sub_id,
				  int64_t at, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_BILLING_PROMO_REDEEM, DB_ARGS(DB_INT(promo_id)), &r, err);
	if (st == ST_OK && r->changes == 0) {
		if (err)
			g_string_assign(err, "the promo code has no redemptions left");
		st = ST_CONFLICT;
	}
	db_rows_free(r);
	if (st == ST_OK)
		st = db_exec(db, SQL_BILLING_PROMO_REDEMPTION,
			     DB_ARGS(DB_INT(promo_id), DB_INT(user_id), DB_INT(sub_id), DB_INT(at)), err);
	return st;
}

/* --- Referral ------------------------------------------------------------------------- */

enum status store_bl_invite_code(struct db *db, struct arena *a, int64_t user_id, const char *new_code,
				 int64_t now, char **code, GString *err)
{
	enum status st = db_exec(db, SQL_BILLING_INVITE_INSERT,
				 DB_ARGS(DB_INT(user_id), DB_TEXT(new_code), DB_INT(now)), err);
	struct db_rows *r = NULL;
	if (st == ST_OK)
		st = db_query(db, SQL_BILLING_INVITE_BY_USER, DB_ARGS(DB_INT(user_id)), &r, err);
	if (st == ST_OK && r->nrows == 0) {
		if (err)
			g_string_assign(err, "invitation code not stored");
		st = ST_DB;
	}
	if (st == ST_OK)
		*code = row_str(a, r, 0, 0);
	db_rows_free(r);
	return st;
}

enum status store_bl_invite_user(struct db *db, const char *code, int64_t *user_id, GString *err)
{
	return query_int(db, SQL_BILLING_INVITE_BY_CODE, DB_ARGS(DB_TEXT(code)), user_id, err);
}

enum status store_bl_referral_count_invitee(struct db *db, int64_t invitee_id, int64_t *n, GString *err)
{
	return query_int(db, SQL_BILLING_REFERRAL_COUNT_INVITEE, DB_ARGS(DB_INT(invitee_id)), n, err);
}

enum status store_bl_referral_insert(struct db *db, int64_t sponsor_id, int64_t invitee_id, int64_t at,
				     int64_t *id, GString *err)
{
	return query_int(db, SQL_BILLING_REFERRAL_INSERT,
			 DB_ARGS(DB_INT(sponsor_id), DB_INT(invitee_id), DB_INT(at)), id, err);
}

enum status store_bl_voucher_count(struct db *db, int64_t sub_id, int64_t *n, GString *err)
{
	return query_int(db, SQL_BILLING_VOUCHER_COUNT, DB_ARGS(DB_INT(sub_id)), n, err);
}

enum status store_bl_voucher_insert(struct db *db, int64_t sub_id, int64_t referral_id, int64_t at,
				    int64_t amount, const char *currency, GString *err)
{
	return db_exec(
		db, SQL_BILLING_VOUCHER_INSERT,
		DB_ARGS(DB_INT(sub_id), DB_INT(referral_id), DB_INT(at), DB_INT(amount), DB_TEXT(currency)),
		err);
}

static void voucher_fill(struct arena *a, const struct db_rows *r, int i, struct bl_voucher *v)
{
	*v = (struct bl_voucher){
		.id = I(0), .earned_at = I(1), .amount = I(2), .remaining = I(3), .currency = S(4)};
}

enum status store_bl_voucher_list(struct db *db, struct arena *a, int64_t sub_id, struct bl_voucher **out,
				  int *n, GString *err)
{
	ALL_ROWS(SQL_BILLING_VOUCHER_LIST, DB_ARGS(DB_INT(sub_id)), struct bl_voucher, voucher_fill);
}

enum status store_bl_voucher_set_remaining(struct db *db, int64_t id, int64_t remaining, GString *err)
{
	return db_exec(db, SQL_BILLING_VOUCHER_SET_REMAINING, DB_ARGS(DB_INT(id), DB_INT(remaining)), err);
}

enum status store_bl_test_tamper(struct db *db, int64_t invoice_id, int how, GString *err)
{
	enum sql_id id = how == 0   ? SQL_BILLING_TEST_INV_UPDATE
			 : how == 1 ? SQL_BILLING_TEST_INV_DELETE
				    : SQL_BILLING_TEST_LINE_UPDATE;
	return db_exec(db, id, DB_ARGS(DB_INT(invoice_id)), err);
}

/* billops: the claim of a subscription by a billing run (sql_billing.def). */
enum status store_bl_sub_claim(struct db *db, int64_t id, bool *got, GString *err)
{
	if (!db_is_pg(db)) { /* billspeed2: one writer at a time: nothing to ask */
		*got = true;
		return ST_OK;
	}
	int64_t v = 0;
	enum status st = query_int(db, SQL_BILLING_SUB_CLAIM, DB_ARGS(DB_INT(id)), &v, err);
	*got = st == ST_OK && v == 1;
	return st;
}

enum status store_bl_sub_unclaim(struct db *db, int64_t id, GString *err)
{
	if (!db_is_pg(db))
		return ST_OK;
	int64_t v = 0;
	return query_int(db, SQL_BILLING_SUB_UNCLAIM, DB_ARGS(DB_INT(id)), &v, err);
}

/* billops: one item of a batch transaction (billing_run.c). */
enum status store_bl_item_begin(struct db *db, GString *err)
{
	return db_exec(db, SQL_BILLING_ITEM_SAVEPOINT, DB_NOARGS, err);
}

enum status store_bl_item_end(struct db *db, bool keep, GString *err)
{
	enum status st = keep ? ST_OK : db_exec(db, SQL_BILLING_ITEM_ROLLBACK_TO, DB_NOARGS, err);
	if (st == ST_OK)
		st = db_exec(db, SQL_BILLING_ITEM_RELEASE, DB_NOARGS, err);
	return st;
}

enum status store_bl_batch_tune(struct db *db, GString *err)
{
	if (db_is_pg(db))
		return ST_OK;
	enum status st = db_exec(db, SQL_BILLING_RUN_TEMP_MEMORY, DB_NOARGS, err);
	if (st == ST_OK)
		st = db_exec(db, SQL_BILLING_RUN_CACHE, DB_NOARGS, err);
	return st;
}

/* billfix (store/store_billfix.h): here because it shares sub_fill. */
#include "store/store_billfix.h"

enum status store_bl_sub_price_noticed(struct db *db, struct arena *a, int64_t offer_id, const char *currency,
				       int64_t price, int64_t from, struct bl_sub **out, int *n, GString *err)
{
	ALL_ROWS(SQL_BILLFIX_SUB_PRICE_NOTICED,
		 DB_ARGS(DB_INT(offer_id), DB_TEXT(currency), DB_INT(price), DB_INT(from)), struct bl_sub,
		 sub_fill);
}

enum status store_bl_sub_ended_with_debt(struct db *db, struct arena *a, int64_t after_id, int limit,
					 int64_t **ids, int *n, GString *err)
{
	struct db_rows *r = NULL;
	*ids = NULL;
	*n = 0;
	enum status st = db_query(db, SQL_BILLFIX_SUB_ENDED_WITH_DEBT,
				  DB_ARGS(DB_INT(after_id), DB_INT(limit)), &r, err);
	if (st == ST_OK && r->nrows > 0) {
		*ids = arena_alloc(a, sizeof(int64_t) * (size_t)r->nrows);
		for (int i = 0; i < r->nrows; i++)
			(*ids)[i] = db_int(r, i, 0);
		*n = r->nrows;
	}
	db_rows_free(r);
	return st;
}
