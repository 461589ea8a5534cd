/* Finance exports (billing/finance_export.h): pages of documents read in
 * order of issue, turned into CSV records or FEC entries, written to a
 * file descriptor. */
#include "billing/finance_export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "billing/csv.h"
#include "billing/fec.h"
#include "store/store_finance.h"

#include "base/banned.h"

/* Documents per page: a page of FEC entries is about 2 KiB each in memory. */
enum { EXPORT_PAGE = 2000 };

bool finance_parse_year(const char *s, int *year)
{
	if (!s || !*s || strlen(s) > 4 || strspn(s, "0123456789") != strlen(s))
		return false;
	int v = atoi(s);
	if (v < 2000 || v > 9999)
		return false;
	*year = v;
	return true;
}

bool finance_year_bounds(const struct config *cfg, int year, int64_t *from, int64_t *to)
{
	if (year < 2000 || year > 9999)
		return false;
	GTimeZone *tz = g_time_zone_new_identifier(cfg->timezone);
	if (!tz)
		tz = g_time_zone_new_utc();
	GDateTime *a = g_date_time_new(tz, year, 1, 1, 0, 0, 0),
		  *b = g_date_time_new(tz, year + 1, 1, 1, 0, 0, 0);
	*from = g_date_time_to_unix(a);
	*to = g_date_time_to_unix(b);
	g_date_time_unref(a);
	g_date_time_unref(b);
	g_time_zone_unref(tz);
	return true;
}

char *finance_export_filename(const struct config *cfg, enum finance_format f, int year)
{
	if (f == FINANCE_CSV)
		return g_strdup_printf("invoices-%d.csv", year);
	/* The SIREN is the last 9 digits of a French VAT number (FRkk + SIREN). */
	const char *vat = cfg->seller_vat_number ? cfg->seller_vat_number : "";
	size_t len = strlen(vat);
	char siren[10] = "000000000";
	if (len >= 9 && strspn(vat + len - 9, "0123456789") == 9)
		memcpy(siren, vat + len - 9, 9);
	return fec_filename(siren, year * 10000 + 1231);
}

static enum status write_all(int fd, const void *buf, size_t len, struct finance_export_stats *s,
			     GString *err)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			g_string_printf(err, "writing the export: %s",
					w < 0 ? g_strerror(errno) : "no space");
			return ST_IO;
		}
		p += w;
		len -= (size_t)w;
		s->bytes += w;
	}
	return ST_OK;
}

static void csv_page(GString *out, const struct fin_doc *d, int n, GTimeZone *tz, struct arena *a)
{
	struct csv_invoice *rows = arena_alloc(a, sizeof(*rows) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		rows[i] = (struct csv_invoice){.number = d[i].number,
					       .issued_at = d[i].issued_at,
					       .customer = d[i].buyer_name,
					       .email = d[i].buyer_email,
					       .net = d[i].net,
					       .vat = d[i].vat,
					       .total = d[i].gross,
					       .currency = d[i].currency,
					       .status = d[i].credit_note ? "credit_note" : "invoice"};
	csv_invoice_records(out, rows, (size_t)n, tz);
}

/* The FEC entries of the EUR documents of a page, numbered from *next_num,
 * in UTF-8 into out; *last_date carries the date order across pages. */
static enum status fec_page(GString *out, const struct fin_doc *d, int n, GTimeZone *tz, struct arena *a,
			    int64_t *next_num, int32_t *last_date, int64_t *written, GString *err)
{
	struct fec_doc *docs = arena_alloc(a, sizeof(*docs) * (size_t)(n ? n : 1));
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(d[i].currency, FEC_CURRENCY))
			continue; /* the books are kept in euros */
		int64_t sign = d[i].credit_note ? -1 : 1;
		struct fec_doc *f = &docs[k++];
		*f = (struct fec_doc){.kind = d[i].credit_note ? FEC_CREDIT_NOTE : FEC_INVOICE,
				      .number = d[i].number,
				      .at = d[i].issued_at,
				      .customer_id = d[i].user_id,
				      .customer_name = d[i].buyer_name,
				      .total = sign * d[i].gross,
				      .net = sign * d[i].net,
				      .n_vat = 1};
		f->vat[0] = (struct fec_vat_part){.rate_bp = d[i].vat_rate_bp, .vat = sign * d[i].vat};
		g_strlcpy(f->currency, FEC_CURRENCY, sizeof(f->currency));
	}
	GArray *entries = g_array_new(FALSE, FALSE, sizeof(struct fec_entry));
	enum status st = fec_build(docs, k, tz, *next_num, entries, err);
	const struct fec_entry *e = (const struct fec_entry *)(void *)entries->data;
	if (st == ST_OK && entries->len > 0 && e[0].date < *last_date) {
		g_string_printf(err,
				"entry %" G_GINT64_FORMAT " is dated %08d, before the previous page (%08d)",
				e[0].num, (int)e[0].date, (int)*last_date);
		st = ST_INVALID;
	}
	if (st == ST_OK)
		st = fec_write_records(out, e, entries->len, err);
	if (st == ST_OK && entries->len > 0) {
		*next_num += entries->len;
		*last_date = e[entries->len - 1].date;
		*written += entries->len;
	}
	g_array_free(entries, TRUE);
	return st;
}

static enum status export_pages(struct ctx *c, enum finance_format f, int64_t from, int64_t to, int fd,
				void (*progress)(void *, int64_t, int64_t), void *data,
				struct finance_export_stats *s, GString *err)
{
	int64_t total = 0;
	struct fin_total *t = NULL;
	int nt = 0;
	enum status st = store_fin_totals(c->db, c->a, from, to, &t, &nt, err);
	for (int i = 0; st == ST_OK && i < nt; i++)
		total += t[i].count;
	GTimeZone *tz = g_time_zone_new_identifier(c->cfg->timezone);
	if (!tz)
		tz = g_time_zone_new_utc();
	GString *out = g_string_sized_new(1 << 20);
	if (st == ST_OK) {
		g_string_append(out, f == FINANCE_CSV ? csv_invoices_header : fec_header);
		g_string_append(out, "\r\n");
	}
	int64_t at = from, id = 0, next_num = 1;
	int32_t last_date = 0;
	while (st == ST_OK) {
		/* A page's strings live in their own arena, freed before the next. */
		struct arena *a = arena_new();
		struct fin_doc *d = NULL;
		int n = 0;
		st = store_fin_doc_page(c->db, a, from, to, at, id, EXPORT_PAGE, &d, &n, err);
		if (st == ST_OK && n > 0) {
			if (f == FINANCE_CSV) {
				csv_page(out, d, n, tz, a);
				s->written += n;
			} else {
				st = fec_page(out, d, n, tz, a, &next_num, &last_date, &s->written, err);
			}
			at = d[n - 1].issued_at;
			id = d[n - 1].id;
			s->documents += n;
		}
		if (st == ST_OK && f == FINANCE_FEC) {
			/* The file is ISO 8859-15 (A. 47 A-1). */
			GByteArray *bytes = g_byte_array_sized_new((guint)out->len);
			st = fec_encode_latin9(out->str, bytes, err);
			if (st == ST_OK)
				st = write_all(fd, bytes->data, bytes->len, s, err);
			g_byte_array_free(bytes, TRUE);
		} else if (st == ST_OK) {
			st = write_all(fd, out->str, out->len, s, err);
		}
		g_string_truncate(out, 0);
		arena_free(a);
		if (st == ST_OK && progress)
			progress(data, s->documents, total > s->documents ? total : s->documents);
		if (n < EXPORT_PAGE)
			break;
	}
	g_string_free(out, TRUE);
	g_time_zone_unref(tz);
	return st;
}

enum status finance_export(struct ctx *c, enum finance_format f, int year, int fd,
			   void (*progress)(void *data, int64_t done, int64_t total), void *data,
			   struct finance_export_stats *stats, GString *err)
{
	*stats = (struct finance_export_stats){0};
	int64_t from, to;
	if (!finance_year_bounds(c->cfg, year, &from, &to)) {
		g_string_assign(err, "year: a year from 2000 to 9999");
		return ST_INVALID;
	}
	enum status st = db_begin_snapshot(c->db, err);
	if (st != ST_OK)
		return st;
	st = export_pages(c, f, from, to, fd, progress, data, stats, err);
	if (st == ST_OK)
		st = db_commit(c->db, err);
	else
		db_rollback(c->db);
	return st;
}
