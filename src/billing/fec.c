/* The FEC writer: documents -> balanced entries -> the A. 47 A-1 flat file.
 * See fec.h for the format facts and the accounting model. */
#include "billing/fec.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"

#include "base/banned.h"

const char fec_header[] = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\t"
			  "CompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\t"
			  "EcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise";

void fec_amount(GString *out, int64_t cents)
{
	uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	g_string_append_printf(out, "%s%" G_GUINT64_FORMAT ",%02u", cents < 0 ? "-" : "", mag / 100,
			       (unsigned)(mag % 100));
}

static bool date_valid(int32_t ymd)
{
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= dates_days_in_month(y, m);
}

static int32_t local_date(GTimeZone *tz, int64_t t)
{
	int y = 0, m = 0, d = 0;
	dates_local_ymd(tz, t, &y, &m, &d);
	return (int32_t)(y * 10000 + m * 100 + d);
}

/* Copies src into dst[cap]; when it does not fit, cuts it at a UTF-8
 * character boundary if cut, else returns false (dst then empty). */
static bool copy_text(char *dst, size_t cap, const char *src, bool cut)
{
	size_t len = strlen(src);
	if (len >= cap) {
		if (!cut) {
			dst[0] = '\0';
			return false;
		}
		len = cap - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--; /* src[len] is the first byte not copied: not a continuation */
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
	return true;
}

/* The VAT account label for a rate: "TVA collectée 20 %", "... 5,5 %". */
static void vat_label(char *buf, size_t cap, int rate_bp)
{
	int whole = rate_bp / 100, frac = rate_bp % 100;
	if (frac == 0)
		g_snprintf(buf, cap, "TVA collectée %d %%", whole);
	else if (frac % 10 == 0)
		g_snprintf(buf, cap, "TVA collectée %d,%d %%", whole, frac / 10);
	else
		g_snprintf(buf, cap, "TVA collectée %d,%02d %%", whole, frac);
}

static const char *kind_word(enum fec_doc_kind k)
{
	switch (k) {
	case FEC_INVOICE: return "Facture";
	case FEC_CREDIT_NOTE: return "Avoir";
	case FEC_PAYMENT: return "Règlement";
	case FEC_REFUND: return "Remboursement";
	}
	return "?";
}

static const char *doc_name(const struct fec_doc *d)
{
	return d->number && d->number[0] ? d->number : "(no number)";
}

static enum status doc_invalid(GString *err, const struct fec_doc *d, const char *why)
{
	if (err)
		g_string_printf(err, "%s %s: %s", kind_word(d->kind), doc_name(d), why);
	return ST_INVALID;
}

static enum status doc_check(const struct fec_doc *d, GString *err)
{
	if ((unsigned)d->kind > FEC_REFUND)
		return doc_invalid(err, d, "unknown document kind");
	if (!d->number || !d->number[0])
		return doc_invalid(err, d, "a document needs a number (PieceRef)");
	if (!g_utf8_validate(d->number, -1, NULL) || strlen(d->number) >= FEC_TEXT_MAX - 16)
		return doc_invalid(err, d, "the number is not UTF-8 or too long");
	if (d->customer_name && !g_utf8_validate(d->customer_name, -1, NULL))
		return doc_invalid(err, d, "the customer name is not UTF-8");
	if (strcmp(d->currency, FEC_CURRENCY) != 0)
		return doc_invalid(err, d, "the currency is not the books' currency " FEC_CURRENCY);
	if (d->customer_id < 0)
		return doc_invalid(err, d, "negative customer id");
	if (d->total < 0 || d->total > FEC_AMOUNT_MAX)
		return doc_invalid(err, d, "total out of range (amounts are magnitudes >= 0)");
	if (d->kind == FEC_PAYMENT || d->kind == FEC_REFUND)
		return ST_OK;
	if (d->n_vat > FEC_MAX_VAT_RATES)
		return doc_invalid(err, d, "too many VAT rates");
	if (d->net < 0 || d->net > d->total)
		return doc_invalid(err, d, "net out of range (0 <= net <= total)");
	/* total == net + sum(vat), without overflow: subtract from the rest */
	int64_t rest = d->total - d->net;
	for (size_t i = 0; i < d->n_vat; i++) {
		if (d->vat[i].rate_bp < 0 || d->vat[i].rate_bp > 10000)
			return doc_invalid(err, d, "VAT rate out of range");
		if (d->vat[i].vat < 0 || d->vat[i].vat > rest)
			return doc_invalid(err, d, "total is not net + VAT");
		rest -= d->vat[i].vat;
	}
	if (rest != 0)
		return doc_invalid(err, d, "total is not net + VAT");
	return ST_OK;
}

static struct fec_line *add_line(struct fec_entry *e, const char *num, const char *lib, int64_t debit,
				 int64_t credit)
{
	struct fec_line *l = &e->lines[e->n_lines++];
	memset(l, 0, sizeof *l);
	copy_text(l->compte_num, sizeof l->compte_num, num, false);
	copy_text(l->compte_lib, sizeof l->compte_lib, lib, true);
	l->debit = debit;
	l->credit = credit;
	return l;
}

static void add_customer_line(struct fec_entry *e, const struct fec_doc *d, int64_t debit, int64_t credit)
{
	struct fec_line *l = add_line(e, FEC_ACCOUNT_CUSTOMERS, "Clients", debit, credit);
	g_snprintf(l->comp_aux_num, sizeof l->comp_aux_num, "%" G_GINT64_FORMAT, d->customer_id);
	copy_text(l->comp_aux_lib, sizeof l->comp_aux_lib, d->customer_name ? d->customer_name : "", true);
}

/* The entry of a checked document. */
static void doc_entry(const struct fec_doc *d, GTimeZone *tz, int64_t num, struct fec_entry *e)
{
	memset(e, 0, sizeof *e);
	bool sales = d->kind == FEC_INVOICE || d->kind == FEC_CREDIT_NOTE;
	copy_text(e->journal_code, sizeof e->journal_code, sales ? "VT" : "BQ", false);
	copy_text(e->journal_lib, sizeof e->journal_lib, sales ? "Ventes" : "Banque", false);
	e->num = num;
	e->date = e->piece_date = e->valid_date = local_date(tz, d->at);
	copy_text(e->piece_ref, sizeof e->piece_ref, d->number, false);
	g_snprintf(e->lib, sizeof e->lib, "%s %s", kind_word(d->kind), d->number);

	/* in_ = the direction of an invoice / a payment; reversed otherwise */
	bool in_ = d->kind == FEC_INVOICE || d->kind == FEC_PAYMENT;
	if (sales) {
		add_customer_line(e, d, in_ ? d->total : 0, in_ ? 0 : d->total);
		add_line(e, FEC_ACCOUNT_SERVICES, "Prestations de services", in_ ? 0 : d->net,
			 in_ ? d->net : 0);
		for (size_t i = 0; i < d->n_vat; i++) {
			int64_t v = d->vat[i].vat;
			if (v == 0)
				continue; /* a 0 % rate or a VAT rounded to nothing */
			char lib[64];
			vat_label(lib, sizeof lib, d->vat[i].rate_bp);
			add_line(e, FEC_ACCOUNT_VAT_COLLECTED, lib, in_ ? 0 : v, in_ ? v : 0);
		}
	} else {
		add_line(e, FEC_ACCOUNT_BANK, "Banque", in_ ? d->total : 0, in_ ? 0 : d->total);
		add_customer_line(e, d, in_ ? 0 : d->total, in_ ? d->total : 0);
	}
}

struct order {
	int64_t at;
	size_t idx;
};

static int order_cmp(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

enum status fec_build(const struct fec_doc *docs, size_t n, GTimeZone *tz, int64_t first_num, GArray *out,
		      GString *err)
{
	if (first_num < 1 || (n > 0 && first_num > INT64_MAX - (int64_t)n)) {
		if (err)
			g_string_assign(err, "the first EcritureNum must be >= 1");
		return ST_INVALID;
	}
	for (size_t i = 0; i < n; i++) {
		enum status st = doc_check(&docs[i], err);
		if (st != ST_OK)
			return st;
	}
	struct order *ord = g_new(struct order, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		ord[i] = (struct order){.at = docs[i].at, .idx = i};
	qsort(ord, n, sizeof *ord, order_cmp);
	for (size_t i = 0; i < n; i++) {
		struct fec_entry e;
		doc_entry(&docs[ord[i].idx], tz, first_num + (int64_t)i, &e);
		g_array_append_val(out, e);
	}
	g_free(ord);
	return ST_OK;
}

static enum status entry_invalid(GString *err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static enum status entry_invalid(GString *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		g_string_vprintf(err, fmt, ap);
		va_end(ap);
	}
	return ST_INVALID;
}

static enum status entry_check(const struct fec_entry *e, GString *err)
{
	if (!date_valid(e->date) || !date_valid(e->piece_date) || !date_valid(e->valid_date))
		return entry_invalid(err, "entry %" G_GINT64_FORMAT " has a date that is not YYYYMMDD",
				     e->num);
	if (e->n_lines < 2 || e->n_lines > FEC_MAX_LINES)
		return entry_invalid(err,
				     "entry %" G_GINT64_FORMAT " has %zu line(s); an entry needs 2 to %d",
				     e->num, e->n_lines, FEC_MAX_LINES);
	int64_t debit = 0, credit = 0;
	for (size_t i = 0; i < e->n_lines; i++) {
		const struct fec_line *l = &e->lines[i];
		if (l->debit < 0 || l->credit < 0 || l->debit > FEC_AMOUNT_MAX || l->credit > FEC_AMOUNT_MAX)
			return entry_invalid(err,
					     "entry %" G_GINT64_FORMAT " line %zu has an amount out of range",
					     e->num, i + 1);
		if (l->debit != 0 && l->credit != 0)
			return entry_invalid(
				err, "entry %" G_GINT64_FORMAT " line %zu has both a debit and a credit",
				e->num, i + 1);
		debit += l->debit; /* <= FEC_MAX_LINES * FEC_AMOUNT_MAX: no overflow */
		credit += l->credit;
	}
	if (debit != credit) {
		GString *d = g_string_new(NULL), *c = g_string_new(NULL);
		fec_amount(d, debit);
		fec_amount(c, credit);
		entry_invalid(err, "entry %" G_GINT64_FORMAT " is not balanced: debit %s credit %s", e->num,
			      d->str, c->str);
		g_string_free(d, TRUE);
		g_string_free(c, TRUE);
		return ST_INVALID;
	}
	return ST_OK;
}

enum status fec_check(const struct fec_entry *entries, size_t n, GString *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct fec_entry *e = &entries[i];
		if (e->num < 1)
			return entry_invalid(err, "entry %" G_GINT64_FORMAT ": EcritureNum must be >= 1",
					     e->num);
		if (i > 0 && (entries[i - 1].num == INT64_MAX || e->num != entries[i - 1].num + 1))
			return entry_invalid(err,
					     "entry %" G_GINT64_FORMAT " follows entry %" G_GINT64_FORMAT
					     ": EcritureNum must be continuous",
					     e->num, entries[i - 1].num);
		enum status st = entry_check(e, err);
		if (st != ST_OK)
			return st;
		if (i > 0 && e->date < entries[i - 1].date)
			return entry_invalid(err,
					     "entry %" G_GINT64_FORMAT
					     " is dated %d, before entry %" G_GINT64_FORMAT " (%d)",
					     e->num, (int)e->date, entries[i - 1].num,
					     (int)entries[i - 1].date);
	}
	return ST_OK;
}

/* Appends a text field of at most cap bytes, TAB/CR/LF made spaces so that
 * the separator and the record end stay unambiguous. */
static void put_text(GString *out, const char *s, size_t cap)
{
	for (size_t i = 0; i < cap && s[i]; i++) {
		char c = s[i];
		g_string_append_c(out, c == '\t' || c == '\r' || c == '\n' ? ' ' : c);
	}
}

/* The records of entries[0..n), already checked. */
static void put_records(GString *out, const struct fec_entry *entries, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct fec_entry *e = &entries[i];
		for (size_t j = 0; j < e->n_lines; j++) {
			const struct fec_line *l = &e->lines[j];
			put_text(out, e->journal_code, sizeof e->journal_code);
			g_string_append_c(out, '\t');
			put_text(out, e->journal_lib, sizeof e->journal_lib);
			g_string_append_printf(out, "\t%" G_GINT64_FORMAT "\t%08d\t", e->num, (int)e->date);
			put_text(out, l->compte_num, sizeof l->compte_num);
			g_string_append_c(out, '\t');
			put_text(out, l->compte_lib, sizeof l->compte_lib);
			g_string_append_c(out, '\t');
			put_text(out, l->comp_aux_num, sizeof l->comp_aux_num);
			g_string_append_c(out, '\t');
			put_text(out, l->comp_aux_lib, sizeof l->comp_aux_lib);
			g_string_append_c(out, '\t');
			put_text(out, e->piece_ref, sizeof e->piece_ref);
			g_string_append_printf(out, "\t%08d\t", (int)e->piece_date);
			put_text(out, e->lib, sizeof e->lib);
			g_string_append_c(out, '\t');
			fec_amount(out, l->debit);
			g_string_append_c(out, '\t');
			fec_amount(out, l->credit);
			/* EcritureLet, DateLet empty; ValidDate; Montantdevise, Idevise empty */
			g_string_append_printf(out, "\t\t\t%08d\t\t\r\n", (int)e->valid_date);
		}
	}
}

enum status fec_write(GString *out, const struct fec_entry *entries, size_t n, GString *err)
{
	enum status st = fec_check(entries, n, err);
	if (st != ST_OK)
		return st;
	g_string_append(out, fec_header);
	g_string_append(out, "\r\n");
	put_records(out, entries, n);
	return ST_OK;
}

enum status fec_write_records(GString *out, const struct fec_entry *entries, size_t n, GString *err)
{
	enum status st = fec_check(entries, n, err);
	if (st == ST_OK)
		put_records(out, entries, n);
	return st;
}

char *fec_filename(const char *siren, int32_t closing_date)
{
	if (!siren || strlen(siren) != 9)
		return NULL;
	for (size_t i = 0; i < 9; i++)
		if (siren[i] < '0' || siren[i] > '9')
			return NULL;
	if (!date_valid(closing_date))
		return NULL;
	return g_strdup_printf("%sFEC%08d.txt", siren, (int)closing_date);
}

enum status fec_encode_latin9(const char *text, GByteArray *out, GString *err)
{
	GError *gerr = NULL;
	gsize written = 0;
	gchar *bytes = g_convert_with_fallback(text, -1, "ISO-8859-15", "UTF-8", "?", NULL, &written, &gerr);
	if (!bytes) {
		if (err)
			g_string_printf(err, "FEC: the text cannot be encoded in ISO 8859-15: %s",
					gerr->message);
		g_error_free(gerr);
		return ST_INVALID;
	}
	g_byte_array_append(out, (const guint8 *)bytes, (guint)written);
	g_free(bytes);
	return ST_OK;
}
