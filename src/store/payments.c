/* Provider notifications and the simulator's state (store_payments.h). */
#include <string.h>

#include "store/sql.h"
#include "store/store_int.h"
#include "store/store_payments.h"

#include "base/banned.h"

static void copy(char *dst, size_t size, const char *src)
{
	g_strlcpy(dst, src ? src : "", size);
}

static struct pay_notification *pn_from_row(struct arena *a, const struct db_rows *r, int i)
{
	struct pay_notification *p = arena_alloc(a, sizeof(*p));
	memset(p, 0, sizeof(*p));
	p->id = db_int(r, i, 0);
	copy(p->ev.psp_reference, sizeof(p->ev.psp_reference), db_text(r, i, 1));
	copy(p->ev.event_code, sizeof(p->ev.event_code), db_text(r, i, 2));
	p->ev.success = db_int(r, i, 3) != 0;
	copy(p->ev.original_reference, sizeof(p->ev.original_reference), db_text(r, i, 4));
	p->merchant_account = row_str(a, r, i, 5);
	copy(p->ev.merchant_reference, sizeof(p->ev.merchant_reference), db_text(r, i, 6));
	p->ev.amount = db_int(r, i, 7);
	copy(p->ev.currency, sizeof(p->ev.currency), db_text(r, i, 8));
	copy(p->ev.reason, sizeof(p->ev.reason), db_text(r, i, 9));
	copy(p->ev.stored_method_id, sizeof(p->ev.stored_method_id), db_text(r, i, 10));
	copy(p->ev.method, sizeof(p->ev.method), db_text(r, i, 11));
	p->ev.event_date = db_int(r, i, 12);
	p->status = row_str(a, r, i, 13);
	p->attempts = (int)db_int(r, i, 14);
	p->received_at = db_int(r, i, 15);
	p->last_error = row_str(a, r, i, 16);
	p->raw_json = row_str(a, r, i, 17);
	return p;
}

enum status store_pn_insert(struct db *db, const struct pay_event *ev, const char *merchant_account,
			    const char *raw_json, int64_t now, int64_t *id, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(
		db, SQL_PN_INSERT,
		DB_ARGS(DB_TEXT(ev->psp_reference), DB_TEXT(ev->event_code), DB_BOOL(ev->success),
			DB_TEXT(ev->original_reference), DB_TEXT(merchant_account ? merchant_account : ""),
			DB_TEXT(ev->merchant_reference), DB_INT(ev->amount), DB_TEXT(ev->currency),
			DB_TEXT(ev->reason), DB_TEXT(ev->stored_method_id), DB_TEXT(ev->method),
			DB_INT(ev->event_date), DB_TEXT(raw_json), DB_INT(now)),
		&r, err);
	if (st == ST_OK)
		*id = r->nrows > 0 ? db_int(r, 0, 0) : 0;
	db_rows_free(r);
	return st;
}

static enum status pn_list(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
			   size_t nargs, struct pay_notification ***out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st != ST_OK)
		return st;
	struct pay_notification **list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++)
		list[i] = pn_from_row(a, r, i);
	*out = list;
	*n = r->nrows;
	db_rows_free(r);
	return ST_OK;
}

enum status store_pn_due(struct db *db, struct arena *a, int64_t now, int limit,
			 struct pay_notification ***out, int *n, GString *err)
{
	return pn_list(db, a, SQL_PN_DUE, DB_ARGS(DB_INT(now), DB_INT(limit)), out, n, err);
}

enum status store_pn_list(struct db *db, struct arena *a, int limit, struct pay_notification ***out, int *n,
			  GString *err)
{
	return pn_list(db, a, SQL_PN_LIST, DB_ARGS(DB_INT(limit)), out, n, err);
}

enum status store_pn_set(struct db *db, int64_t id, const char *status, int attempts, int64_t next_at,
			 const char *last_error, int64_t processed_at, GString *err)
{
	return exec_changed(db, SQL_PN_SET,
			    DB_ARGS(DB_INT(id), DB_TEXT(status), DB_INT(attempts), DB_INT(next_at),
				    DB_TEXT(last_error ? last_error : ""),
				    processed_at ? DB_INT(processed_at) : DB_NULL),
			    "payment notification", id, err);
}

enum status store_pn_auth_applied(struct db *db, const char *psp_reference, bool *applied, GString *err)
{
	int64_t n = 0;
	enum status st = query_int(db, SQL_PN_AUTH_APPLIED, DB_ARGS(DB_TEXT(psp_reference)), &n, err);
	*applied = n > 0;
	return st;
}

enum status store_pn_savepoint(struct db *db, GString *err)
{
	return db_exec(db, SQL_PN_SAVEPOINT, DB_NOARGS, err);
}

enum status store_pn_savepoint_end(struct db *db, bool keep, GString *err)
{
	enum status st = keep ? ST_OK : db_exec(db, SQL_PN_ROLLBACK_TO, DB_NOARGS, err);
	if (st == ST_OK)
		st = db_exec(db, SQL_PN_RELEASE, DB_NOARGS, err);
	return st;
}

enum status store_pn_next(struct db *db, int64_t *next_at, GString *err)
{
	return query_int(db, SQL_PN_NEXT, DB_NOARGS, next_at, err);
}

static struct sim_payment *sim_from_row(struct arena *a, const struct db_rows *r, int i)
{
	struct sim_payment *p = arena_alloc(a, sizeof(*p));
	p->id = db_int(r, i, 0);
	p->psp_reference = row_str(a, r, i, 1);
	p->idempotency_key = row_str(a, r, i, 2);
	p->request_digest = row_str(a, r, i, 3);
	p->kind = row_str(a, r, i, 4);
	p->original_psp = row_str(a, r, i, 5);
	p->merchant_account = row_str(a, r, i, 6);
	p->reference = row_str(a, r, i, 7);
	p->amount = db_int(r, i, 8);
	p->currency = row_str(a, r, i, 9);
	p->shopper_reference = row_str(a, r, i, 10);
	p->shopper_email = row_str(a, r, i, 11);
	p->shopper_locale = row_str(a, r, i, 12);
	p->return_url = row_str(a, r, i, 13);
	p->store_method = db_int(r, i, 14) != 0;
	p->session_token = row_str(a, r, i, 15);
	p->result_code = row_str(a, r, i, 16);
	p->refusal_reason = row_str(a, r, i, 17);
	p->stored_method_id = row_str(a, r, i, 18);
	p->method = row_str(a, r, i, 19);
	p->card_summary = row_str(a, r, i, 20);
	p->created_at = db_int(r, i, 21);
	return p;
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

enum status store_sim_insert(struct db *db, const struct sim_payment *p, int64_t now, GString *err)
{
	return query_int(db, SQL_SIM_INSERT,
			 DB_ARGS(DB_TEXT(p->psp_reference), DB_TEXT(nonempty(p->idempotency_key)),
				 DB_TEXT(p->request_digest), DB_TEXT(p->kind), DB_TEXT(p->original_psp),
				 DB_TEXT(p->merchant_account), DB_TEXT(p->reference), DB_INT(p->amount),
				 DB_TEXT(p->currency), DB_TEXT(p->shopper_reference),
				 DB_TEXT(p->shopper_email), DB_TEXT(p->shopper_locale),
				 DB_TEXT(p->return_url), DB_BOOL(p->store_method),
				 DB_TEXT(nonempty(p->session_token)), DB_TEXT(p->result_code),
				 DB_TEXT(p->refusal_reason), DB_TEXT(p->stored_method_id), DB_TEXT(p->method),
				 DB_TEXT(p->card_summary), DB_INT(now)),
			 NULL, err);
}

enum status store_sim_get(struct db *db, struct arena *a, const char *by, const char *value,
			  struct sim_payment **out, GString *err)
{
	enum sql_id id = !strcmp(by, "key")       ? SQL_SIM_BY_KEY
			 : !strcmp(by, "psp")     ? SQL_SIM_BY_PSP
			 : !strcmp(by, "session") ? SQL_SIM_BY_SESSION
						  : SQL_SIM_BY_REFERENCE;
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, DB_ARGS(DB_TEXT(value)), &r, err);
	if (st == ST_OK && r->nrows == 0) {
		if (err)
			g_string_printf(err, "no simulated payment with that %s", by);
		st = ST_NOTFOUND;
	} else if (st == ST_OK) {
		*out = sim_from_row(a, r, 0);
	}
	db_rows_free(r);
	return st;
}

enum status store_sim_settle(struct db *db, const char *psp, const char *result_code, const char *refusal,
			     const char *stored_method_id, const char *method, const char *card_summary,
			     int64_t now, bool *changed, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_SIM_SETTLE,
				  DB_ARGS(DB_TEXT(psp), DB_TEXT(result_code), DB_TEXT(refusal),
					  DB_TEXT(stored_method_id), DB_TEXT(method), DB_TEXT(card_summary),
					  DB_INT(now)),
				  &r, err);
	if (st == ST_OK)
		*changed = r->changes > 0;
	db_rows_free(r);
	return st;
}

enum status store_sim_challenge(struct db *db, const char *psp, const char *card_summary, int64_t now,
				GString *err)
{
	return exec_changed(db, SQL_SIM_CHALLENGE, DB_ARGS(DB_TEXT(psp), DB_TEXT(card_summary), DB_INT(now)),
			    "waiting simulated payment", 0, err);
}

enum status store_sim_refunded(struct db *db, const char *psp, int64_t *total, GString *err)
{
	return query_int(db, SQL_SIM_REFUNDED, DB_ARGS(DB_TEXT(psp)), total, err);
}

enum status store_sim_method_insert(struct db *db, const struct sim_method *m, int64_t now, GString *err)
{
	return db_exec(db, SQL_SIM_METHOD_INSERT,
		       DB_ARGS(DB_TEXT(m->id), DB_TEXT(m->shopper_reference), DB_TEXT(m->method),
			       DB_TEXT(m->card_summary), DB_BOOL(m->declines), DB_INT(now)),
		       err);
}

enum status store_sim_method_get(struct db *db, struct arena *a, const char *id, struct sim_method **out,
				 GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_SIM_METHOD_GET, DB_ARGS(DB_TEXT(id)), &r, err);
	if (st == ST_OK && r->nrows == 0) {
		if (err)
			g_string_assign(err, "no such stored payment method");
		st = ST_NOTFOUND;
	} else if (st == ST_OK) {
		struct sim_method *m = arena_alloc(a, sizeof(*m));
		m->id = row_str(a, r, 0, 0);
		m->shopper_reference = row_str(a, r, 0, 1);
		m->method = row_str(a, r, 0, 2);
		m->card_summary = row_str(a, r, 0, 3);
		m->declines = db_int(r, 0, 4) != 0;
		*out = m;
	}
	db_rows_free(r);
	return st;
}

enum status store_sim_method_decline(struct db *db, const char *id, GString *err)
{
	return exec_changed(db, SQL_SIM_METHOD_DECLINE, DB_ARGS(DB_TEXT(id)), "stored method", 0, err);
}
