/* finance: reading the documents of a period (store/store_finance.h). */
#include "store/store_finance.h"
#include "store/store_int.h"

#include <string.h>

#include "base/banned.h"

static void doc_fill(struct arena *a, const struct db_rows *r, int i, struct fin_doc *d)
{
	*d = (struct fin_doc){.id = db_int(r, i, 0),
			      .number = row_str(a, r, i, 1),
			      .credit_note = !strcmp(db_text(r, i, 2) ? db_text(r, i, 2) : "", "credit_note"),
			      .user_id = db_int(r, i, 3),
			      .issued_at = db_int(r, i, 4),
			      .currency = row_str(a, r, i, 5),
			      .net = db_int(r, i, 6),
			      .vat = db_int(r, i, 7),
			      .gross = db_int(r, i, 8),
			      .buyer_name = row_str(a, r, i, 9),
			      .buyer_email = row_str(a, r, i, 10),
			      .vat_rate_bp = (int)db_int(r, i, 11)};
}

static enum status docs(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
			size_t nargs, struct fin_doc **out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st == ST_OK) {
		*out = arena_alloc(a, sizeof(**out) * (size_t)(r->nrows ? r->nrows : 1));
		for (int k = 0; k < r->nrows; k++)
			doc_fill(a, r, k, &(*out)[k]);
		*n = r->nrows;
	}
	db_rows_free(r);
	return st;
}

enum status store_fin_doc_page(struct db *db, struct arena *a, int64_t from, int64_t to, int64_t after_at,
			       int64_t after_id, int limit, struct fin_doc **out, int *n, GString *err)
{
	if (after_at < from) {
		after_at = from;
		after_id = 0;
	}
	return docs(db, a, SQL_FINANCE_DOC_PAGE,
		    DB_ARGS(DB_INT(from), DB_INT(to), DB_INT(after_at), DB_INT(after_id), DB_INT(limit)), out,
		    n, err);
}

enum status store_fin_doc_latest(struct db *db, struct arena *a, int64_t from, int64_t to, int limit,
				 struct fin_doc **out, int *n, GString *err)
{
	return docs(db, a, SQL_FINANCE_DOC_LATEST, DB_ARGS(DB_INT(from), DB_INT(to), DB_INT(limit)), out, n,
		    err);
}

enum status store_fin_totals(struct db *db, struct arena *a, int64_t from, int64_t to, struct fin_total **out,
			     int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_FINANCE_TOTALS, DB_ARGS(DB_INT(from), DB_INT(to)), &r, err);
	if (st == ST_OK) {
		*out = arena_alloc(a, sizeof(**out) * (size_t)(r->nrows ? r->nrows : 1));
		for (int k = 0; k < r->nrows; k++)
			(*out)[k] = (struct fin_total){
				.credit_note =
					!strcmp(db_text(r, k, 0) ? db_text(r, k, 0) : "", "credit_note"),
				.currency = row_str(a, r, k, 1),
				.count = db_int(r, k, 2),
				.net = db_int(r, k, 3),
				.vat = db_int(r, k, 4),
				.gross = db_int(r, k, 5)};
		*n = r->nrows;
	}
	db_rows_free(r);
	return st;
}

enum status store_fin_sub_states(struct db *db, struct arena *a, struct fin_subs **out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_FINANCE_SUB_STATES, DB_NOARGS, &r, err);
	if (st == ST_OK) {
		*out = arena_alloc(a, sizeof(**out) * (size_t)(r->nrows ? r->nrows : 1));
		for (int k = 0; k < r->nrows; k++)
			(*out)[k] = (struct fin_subs){.state = row_str(a, r, k, 0),
						      .cancel_at_term = db_int(r, k, 1) != 0,
						      .currency = row_str(a, r, k, 2),
						      .months = (int)db_int(r, k, 3),
						      .count = db_int(r, k, 4),
						      .prices = db_int(r, k, 5)};
		*n = r->nrows;
	}
	db_rows_free(r);
	return st;
}
