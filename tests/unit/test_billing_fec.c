/* Unit tests of src/billing/fec.c, the FEC (Fichier des Écritures
 * Comptables, LPF art. A. 47 A-1) writer: the header line, 18 columns on
 * every record, amounts "1234,50" and dates YYYYMMDD, the entries of
 * invoices, credit notes, payments and refunds, continuous EcritureNum in
 * chronological order across journals, balance (including VAT rounding),
 * the checker's messages, refusals of bad documents and the file name. */
#include <glib.h>
#include <string.h>

#include "billing/fec.h"
#include "billing/money.h"

#include "paris_time.h"

#include "base/banned.h"

/* A document of total with no VAT part: a payment or a refund. */
static struct fec_doc money_move(enum fec_doc_kind kind, const char *number, int64_t at, int64_t customer_id,
				 const char *name, int64_t total)
{
	struct fec_doc d = {
		.kind = kind,
		.number = number,
		.at = at,
		.customer_id = customer_id,
		.customer_name = name,
		.total = total,
		.currency = "EUR",
	};
	return d;
}

/* An invoice or credit note of a tax-inclusive total at one VAT rate. */
static struct fec_doc sale(enum fec_doc_kind kind, const char *number, int64_t at, int64_t customer_id,
			   const char *name, int64_t total, int rate_bp)
{
	struct fec_doc d = money_move(kind, number, at, customer_id, name, total);
	d.n_vat = 1;
	money_vat_split(total, rate_bp, &d.net, &d.vat[0].vat);
	d.vat[0].rate_bp = rate_bp;
	return d;
}

static GArray *entries_new(void)
{
	return g_array_new(FALSE, TRUE, sizeof(struct fec_entry));
}

#define ENTRY(a, i) (&g_array_index((a), struct fec_entry, (i)))

static void assert_line(const struct fec_line *l, const char *account, const char *aux, int64_t debit,
			int64_t credit)
{
	g_assert_cmpstr(l->compte_num, ==, account);
	g_assert_cmpstr(l->comp_aux_num, ==, aux);
	g_assert_cmpint(l->debit, ==, debit);
	g_assert_cmpint(l->credit, ==, credit);
}

static void assert_balanced(const struct fec_entry *e)
{
	int64_t d = 0, c = 0;
	for (size_t i = 0; i < e->n_lines; i++) {
		d += e->lines[i].debit;
		c += e->lines[i].credit;
	}
	g_assert_cmpint(d, ==, c);
}

/* The records of a file, split on CR LF (the last, empty piece dropped). */
static gchar **records(const GString *s)
{
	g_assert_true(g_str_has_suffix(s->str, "\r\n"));
	gchar *body = g_strndup(s->str, s->len - 2);
	gchar **r = g_strsplit(body, "\r\n", -1);
	g_free(body);
	return r;
}

static void test_header_exact(void)
{
	g_assert_cmpstr(
		fec_header, ==,
		"JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t"
		"CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t"
		"ValidDate\tMontantdevise\tIdevise");
	gchar **cols = g_strsplit(fec_header, "\t", -1);
	g_assert_cmpuint(g_strv_length(cols), ==, FEC_COLUMNS);
	g_strfreev(cols);

	GString *out = g_string_new(NULL), *err = g_string_new(NULL);
	g_assert_cmpint(fec_write(out, NULL, 0, err), ==, ST_OK);
	g_assert_true(g_str_has_prefix(out->str, fec_header));
	g_assert_cmpstr(out->str + strlen(fec_header), ==, "\r\n");
	g_string_free(out, TRUE);
	g_string_free(err, TRUE);
}

static void check_amount(int64_t cents, const char *want)
{
	GString *s = g_string_new(NULL);
	fec_amount(s, cents);
	g_assert_cmpstr(s->str, ==, want);
	g_string_free(s, TRUE);
}

static void test_amounts(void)
{
	check_amount(123450, "1234,50");
	check_amount(0, "0,00");
	check_amount(5, "0,05");
	check_amount(100, "1,00");
	check_amount(99999999, "999999,99"); /* no thousands separator */
	check_amount(-307, "-3,07");
	check_amount(INT64_MIN, "-92233720368547758,08");
}

/* 9.99 at 20 %: VAT 1.665 rounds to 1.67, net 8.32; the entry balances. */
static void test_invoice_entry_vat_rounding(void)
{
	struct fec_doc d =
		sale(FEC_INVOICE, "F-2026-0001", local(2026, 5, 4, 10, 0, 0), 42, "Élodie Martin", 999, 2000);
	g_assert_cmpint(d.net, ==, 832);
	g_assert_cmpint(d.vat[0].vat, ==, 167);
	GArray *a = entries_new();
	GString *err = g_string_new(NULL);
	g_assert_cmpint(fec_build(&d, 1, paris, 1, a, err), ==, ST_OK);
	g_assert_cmpuint(a->len, ==, 1);
	const struct fec_entry *e = ENTRY(a, 0);
	g_assert_cmpstr(e->journal_code, ==, "VT");
	g_assert_cmpstr(e->journal_lib, ==, "Ventes");
	g_assert_cmpint(e->num, ==, 1);
	g_assert_cmpint(e->date, ==, 20260504);
	g_assert_cmpint(e->piece_date, ==, 20260504);
	g_assert_cmpint(e->valid_date, ==, 20260504);
	g_assert_cmpstr(e->piece_ref, ==, "F-2026-0001");
	g_assert_cmpstr(e->lib, ==, "Facture F-2026-0001");
	g_assert_cmpuint(e->n_lines, ==, 3);
	assert_line(&e->lines[0], "411", "42", 999, 0);
	g_assert_cmpstr(e->lines[0].comp_aux_lib, ==, "Élodie Martin");
	assert_line(&e->lines[1], "706", "", 0, 832);
	assert_line(&e->lines[2], "44571", "", 0, 167);
	g_assert_cmpstr(e->lines[2].compte_lib, ==, "TVA collectée 20 %");
	g_assert_cmpint(fec_check(e, 1, err), ==, ST_OK);
	g_array_free(a, TRUE);
	g_string_free(err, TRUE);
}

/* Every total from 0.01 to 30.00 at 20 %, 5.5 % and 2.1 %: balanced. */
static void test_every_entry_balanced_rounding(void)
{
	static const int rates[] = {2000, 550, 210, 0};
	GArray *a = entries_new();
	GString *err = g_string_new(NULL);
	for (size_t r = 0; r < G_N_ELEMENTS(rates); r++)
		for (int64_t total = 1; total <= 3000; total++) {
			struct fec_doc d =
				sale(total % 2 ? FEC_INVOICE : FEC_CREDIT_NOTE, "F-X",
				     local(2026, 1, 1, 0, 0, 0) + (int64_t)a->len, 7, "A", total, rates[r]);
			g_assert_cmpint(fec_build(&d, 1, paris, (int64_t)a->len + 1, a, err), ==, ST_OK);
		}
	g_assert_cmpuint(a->len, ==, 4 * 3000);
	for (guint i = 0; i < a->len; i++)
		assert_balanced(ENTRY(a, i));
	g_assert_cmpint(fec_check(ENTRY(a, 0), a->len, err), ==, ST_OK);
	/* a 0 % rate has no VAT line */
	g_assert_cmpuint(ENTRY(a, a->len - 1)->n_lines, ==, 2);
	g_assert_cmpstr(ENTRY(a, 3000 + 1999)->lines[2].compte_lib, ==, "TVA collectée 5,5 %");
	g_assert_cmpstr(ENTRY(a, 6000 + 1999)->lines[2].compte_lib, ==, "TVA collectée 2,1 %");
	g_array_free(a, TRUE);
	g_string_free(err, TRUE);
}

/* Two VAT rates on one invoice: one 44571 line per rate. */
static void test_two_vat_rates(void)
{
	struct fec_doc d = money_move(FEC_INVOICE, "F-2", local(2026, 2, 1, 9, 0, 0), 3, "B", 12055);
	d.net = 10000;
	d.n_vat = 2;
	d.vat[0] = (struct fec_vat_part){.rate_bp = 2000, .vat = 1000};
	d.vat[1] = (struct fec_vat_part){.rate_bp = 1055, .vat = 1055};
	GArray *a = entries_new();
	g_assert_cmpint(fec_build(&d, 1, paris, 1, a, NULL), ==, ST_OK);
	const struct fec_entry *e = ENTRY(a, 0);
	g_assert_cmpuint(e->n_lines, ==, 4);
	assert_line(&e->lines[2], "44571", "", 0, 1000);
	assert_line(&e->lines[3], "44571", "", 0, 1055);
	g_assert_cmpstr(e->lines[3].compte_lib, ==, "TVA collectée 10,55 %");
	assert_balanced(e);
	g_array_free(a, TRUE);
}

/* Invoices, credit notes, payments and a refund given out of order come out
 * in chronological order, numbered 12, 13, ... without gaps across the two
 * journals; each has the expected lines. */
static void test_mixed_sequence_continuous(void)
{
	struct fec_doc docs[] = {
		money_move(FEC_PAYMENT, "pi_2", local(2026, 3, 5, 9, 0, 0), 2, "Bruno", 6000),
		sale(FEC_INVOICE, "F-2026-0001", local(2026, 3, 1, 10, 0, 0), 1, "Alice", 12000, 2000),
		sale(FEC_CREDIT_NOTE, "A-2026-0001", local(2026, 3, 10, 8, 0, 0), 1, "Alice", 999, 2000),
		money_move(FEC_PAYMENT, "pi_1", local(2026, 3, 2, 10, 0, 0), 1, "Alice", 12000),
		sale(FEC_INVOICE, "F-2026-0002", local(2026, 3, 1, 11, 0, 0), 2, "Bruno", 6000, 2000),
		money_move(FEC_REFUND, "re_1", local(2026, 3, 10, 9, 0, 0), 1, "Alice", 999),
	};
	GArray *a = entries_new();
	GString *err = g_string_new(NULL);
	g_assert_cmpint(fec_build(docs, G_N_ELEMENTS(docs), paris, 12, a, err), ==, ST_OK);
	g_assert_cmpuint(a->len, ==, 6);
	static const char *const refs[] = {"F-2026-0001", "F-2026-0002", "pi_1",
					   "pi_2",        "A-2026-0001", "re_1"};
	static const char *const journals[] = {"VT", "VT", "BQ", "BQ", "VT", "BQ"};
	static const int32_t dates[] = {20260301, 20260301, 20260302, 20260305, 20260310, 20260310};
	for (guint i = 0; i < a->len; i++) {
		const struct fec_entry *e = ENTRY(a, i);
		g_assert_cmpint(e->num, ==, 12 + (int64_t)i);
		g_assert_cmpstr(e->piece_ref, ==, refs[i]);
		g_assert_cmpstr(e->journal_code, ==, journals[i]);
		g_assert_cmpint(e->date, ==, dates[i]);
		assert_balanced(e);
	}
	/* payment: debit 512, credit 411 of the customer */
	const struct fec_entry *pay = ENTRY(a, 2);
	g_assert_cmpstr(pay->journal_lib, ==, "Banque");
	g_assert_cmpstr(pay->lib, ==, "Règlement pi_1");
	assert_line(&pay->lines[0], "512", "", 12000, 0);
	assert_line(&pay->lines[1], "411", "1", 0, 12000);
	/* credit note: the reverse of an invoice */
	const struct fec_entry *cn = ENTRY(a, 4);
	g_assert_cmpstr(cn->lib, ==, "Avoir A-2026-0001");
	assert_line(&cn->lines[0], "411", "1", 0, 999);
	assert_line(&cn->lines[1], "706", "", 832, 0);
	assert_line(&cn->lines[2], "44571", "", 167, 0);
	/* refund: debit 411, credit 512 */
	const struct fec_entry *re = ENTRY(a, 5);
	g_assert_cmpstr(re->lib, ==, "Remboursement re_1");
	assert_line(&re->lines[0], "512", "", 0, 999);
	assert_line(&re->lines[1], "411", "1", 999, 0);
	g_assert_cmpint(fec_check(ENTRY(a, 0), a->len, err), ==, ST_OK);

	/* the file: header, 3+3+2+2+3+2 records of 18 columns each */
	GString *out = g_string_new(NULL);
	g_assert_cmpint(fec_write(out, ENTRY(a, 0), a->len, err), ==, ST_OK);
	gchar **r = records(out);
	g_assert_cmpuint(g_strv_length(r), ==, 1 + 15);
	g_assert_cmpstr(r[0], ==, fec_header);
	for (guint i = 0; r[i]; i++) {
		gchar **cols = g_strsplit(r[i], "\t", -1);
		g_assert_cmpuint(g_strv_length(cols), ==, FEC_COLUMNS);
		g_assert_null(strchr(r[i], '\n'));
		g_strfreev(cols);
	}
	g_assert_cmpstr(r[1], ==,
			"VT\tVentes\t12\t20260301\t411\tClients\t1\tAlice\tF-2026-0001\t20260301\t"
			"Facture F-2026-0001\t120,00\t0,00\t\t\t20260301\t\t");
	g_assert_cmpstr(r[2], ==,
			"VT\tVentes\t12\t20260301\t706\tPrestations de services\t\t\tF-2026-0001\t20260301\t"
			"Facture F-2026-0001\t0,00\t100,00\t\t\t20260301\t\t");
	g_assert_cmpstr(r[3], ==,
			"VT\tVentes\t12\t20260301\t44571\tTVA collectée 20 %\t\t\tF-2026-0001\t20260301\t"
			"Facture F-2026-0001\t0,00\t20,00\t\t\t20260301\t\t");
	g_assert_cmpstr(r[7], ==,
			"BQ\tBanque\t14\t20260302\t512\tBanque\t\t\tpi_1\t20260302\t"
			"Règlement pi_1\t120,00\t0,00\t\t\t20260302\t\t");
	g_strfreev(r);
	g_string_free(out, TRUE);
	g_array_free(a, TRUE);
	g_string_free(err, TRUE);
}

/* Dates are Paris calendar dates: 30 April 23:30 UTC is 1 May in Paris;
 * equal instants keep the input order. */
static void test_local_dates_and_ties(void)
{
	int64_t t = utc(2026, 4, 30, 23, 30, 0);
	struct fec_doc docs[] = {
		sale(FEC_INVOICE, "F-B", t, 1, "A", 100, 2000),
		sale(FEC_INVOICE, "F-A", t, 1, "A", 100, 2000),
	};
	GArray *a = entries_new();
	g_assert_cmpint(fec_build(docs, 2, paris, 1, a, NULL), ==, ST_OK);
	g_assert_cmpint(ENTRY(a, 0)->date, ==, 20260501);
	g_assert_cmpstr(ENTRY(a, 0)->piece_ref, ==, "F-B");
	g_assert_cmpstr(ENTRY(a, 1)->piece_ref, ==, "F-A");
	g_array_free(a, TRUE);
}

static struct fec_entry two_line_entry(int64_t num, int32_t date, int64_t debit, int64_t credit)
{
	struct fec_entry e = {.num = num, .date = date, .piece_date = date, .valid_date = date, .n_lines = 2};
	g_strlcpy(e.journal_code, "VT", sizeof e.journal_code);
	g_strlcpy(e.lines[0].compte_num, "411", sizeof e.lines[0].compte_num);
	g_strlcpy(e.lines[1].compte_num, "706", sizeof e.lines[1].compte_num);
	e.lines[0].debit = debit;
	e.lines[1].credit = credit;
	return e;
}

static void expect_invalid(const struct fec_entry *e, size_t n, const char *msg)
{
	GString *err = g_string_new(NULL), *out = g_string_new("x");
	g_assert_cmpint(fec_check(e, n, err), ==, ST_INVALID);
	g_assert_cmpstr(err->str, ==, msg);
	g_assert_cmpint(fec_write(out, e, n, err), ==, ST_INVALID);
	g_assert_cmpstr(out->str, ==, "x"); /* nothing written */
	g_string_free(out, TRUE);
	g_string_free(err, TRUE);
}

static void test_check_messages(void)
{
	struct fec_entry e[3] = {
		two_line_entry(11, 20260301, 500, 500),
		two_line_entry(12, 20260302, 12000, 11999),
		two_line_entry(13, 20260302, 100, 100),
	};
	expect_invalid(e, 3, "entry 12 is not balanced: debit 120,00 credit 119,99");
	e[1].lines[1].credit = 12000;
	g_assert_cmpint(fec_check(e, 3, NULL), ==, ST_OK);

	e[2].num = 14;
	expect_invalid(e, 3, "entry 14 follows entry 12: EcritureNum must be continuous");
	e[2].num = 13;

	e[2].date = 20260301;
	expect_invalid(e, 3, "entry 13 is dated 20260301, before entry 12 (20260302)");
	e[2].date = 20260230;
	expect_invalid(e, 3, "entry 13 has a date that is not YYYYMMDD");
	e[2].date = 20260302;

	e[2].n_lines = 1;
	expect_invalid(e, 3, "entry 13 has 1 line(s); an entry needs 2 to 6");
	e[2].n_lines = 2;

	e[2].lines[0].credit = 5;
	e[2].lines[1].credit = 95;
	expect_invalid(e, 3, "entry 13 line 1 has both a debit and a credit");
	e[2].lines[0].credit = 0;
	e[2].lines[1].credit = 100;

	e[2].lines[0].debit = -100;
	e[2].lines[1].credit = -100;
	expect_invalid(e, 3, "entry 13 line 1 has an amount out of range");
	e[2].lines[0].debit = 100;
	e[2].lines[1].credit = 100;

	e[0].num = 0;
	expect_invalid(e, 1, "entry 0: EcritureNum must be >= 1");
}

static void expect_refused(struct fec_doc d, const char *msg)
{
	GArray *a = entries_new();
	GString *err = g_string_new(NULL);
	struct fec_doc ok = sale(FEC_INVOICE, "F-OK", 0, 1, "A", 100, 2000);
	struct fec_doc both[] = {ok, d};
	g_assert_cmpint(fec_build(both, 2, paris, 1, a, err), ==, ST_INVALID);
	g_assert_cmpstr(err->str, ==, msg);
	g_assert_cmpuint(a->len, ==, 0); /* nothing appended, not even F-OK */
	g_array_free(a, TRUE);
	g_string_free(err, TRUE);
}

static void test_build_refusals(void)
{
	int64_t t = local(2026, 3, 1, 10, 0, 0);
	struct fec_doc d = sale(FEC_INVOICE, "F-1", t, 1, "A", 999, 2000);
	d.vat[0].vat += 1;
	expect_refused(d, "Facture F-1: total is not net + VAT");
	d.vat[0].vat -= 2;
	expect_refused(d, "Facture F-1: total is not net + VAT");

	d = sale(FEC_CREDIT_NOTE, "A-1", t, 1, "A", 999, 2000);
	g_strlcpy(d.currency, "USD", sizeof d.currency);
	expect_refused(d, "Avoir A-1: the currency is not the books' currency EUR");

	d = sale(FEC_INVOICE, "F-1", t, 1, "A", -999, 2000);
	expect_refused(d, "Facture F-1: total out of range (amounts are magnitudes >= 0)");

	d = sale(FEC_INVOICE, NULL, t, 1, "A", 999, 2000);
	expect_refused(d, "Facture (no number): a document needs a number (PieceRef)");

	d = money_move(FEC_PAYMENT, "pi_1", t, 1, "A", FEC_AMOUNT_MAX + 1);
	expect_refused(d, "Règlement pi_1: total out of range (amounts are magnitudes >= 0)");

	d = sale(FEC_INVOICE, "F-1", t, 1, "\xff", 999, 2000);
	expect_refused(d, "Facture F-1: the customer name is not UTF-8");

	d = sale(FEC_INVOICE, "F-1", t, 1, "A", 999, 2000);
	d.n_vat = FEC_MAX_VAT_RATES + 1;
	expect_refused(d, "Facture F-1: too many VAT rates");

	GString *err = g_string_new(NULL);
	GArray *a = entries_new();
	g_assert_cmpint(fec_build(&d, 1, paris, 0, a, err), ==, ST_INVALID);
	g_assert_cmpstr(err->str, ==, "the first EcritureNum must be >= 1");
	g_array_free(a, TRUE);
	g_string_free(err, TRUE);
}

/* Text with TAB / CR / LF cannot break a record; a long name is cut on a
 * character boundary. */
static void test_text_fields(void)
{
	GString *name = g_string_new("Jean\tDupont\r\nSARL ");
	while (name->len < 200)
		g_string_append(name, "é");
	struct fec_doc d = sale(FEC_INVOICE, "F-1", local(2026, 3, 1, 10, 0, 0), 9, name->str, 100, 2000);
	GArray *a = entries_new();
	GString *out = g_string_new(NULL);
	g_assert_cmpint(fec_build(&d, 1, paris, 1, a, NULL), ==, ST_OK);
	const char *aux = ENTRY(a, 0)->lines[0].comp_aux_lib;
	g_assert_cmpuint(strlen(aux), <, FEC_TEXT_MAX);
	g_assert_true(g_utf8_validate(aux, -1, NULL));
	g_assert_true(g_str_has_suffix(aux, "é"));
	g_assert_cmpint(fec_write(out, ENTRY(a, 0), 1, NULL), ==, ST_OK);
	gchar **r = records(out);
	g_assert_cmpuint(g_strv_length(r), ==, 4);
	for (guint i = 0; r[i]; i++) {
		gchar **cols = g_strsplit(r[i], "\t", -1);
		g_assert_cmpuint(g_strv_length(cols), ==, FEC_COLUMNS);
		g_assert_null(strchr(r[i], '\n'));
		if (i == 1)
			g_assert_true(g_str_has_prefix(cols[7], "Jean Dupont  SARL é"));
		g_strfreev(cols);
	}
	g_strfreev(r);
	g_string_free(out, TRUE);
	g_string_free(name, TRUE);
	g_array_free(a, TRUE);
}

/* The file handed over is ISO 8859-15: accents and the euro sign become
 * their single bytes; what Latin-9 lacks becomes "?". */
static void test_encode_latin9(void)
{
	GByteArray *b = g_byte_array_new();
	GString *err = g_string_new(NULL);
	g_assert_cmpint(fec_encode_latin9("Élodie Dupré 5 € Ωmega\r\n", b, err), ==, ST_OK);
	static const guint8 want[] = {0xC9, 'l', 'o', 'd',  'i', 'e', ' ', 'D', 'u', 'p', 'r',  0xE9,
				      ' ',  '5', ' ', 0xA4, ' ', '?', 'm', 'e', 'g', 'a', '\r', '\n'};
	g_assert_cmpmem(b->data, b->len, want, sizeof(want));
	g_byte_array_set_size(b, 0);
	g_assert_cmpint(fec_encode_latin9("bad \xff utf-8", b, err), ==, ST_INVALID);
	g_assert_cmpuint(b->len, ==, 0);
	g_assert_nonnull(strstr(err->str, "ISO 8859-15"));
	g_string_free(err, TRUE);
	g_byte_array_unref(b);
}

static void test_filename(void)
{
	char *f = fec_filename("123456789", 20261231);
	g_assert_cmpstr(f, ==, "123456789FEC20261231.txt");
	g_free(f);
	g_assert_null(fec_filename("12345678", 20261231));
	g_assert_null(fec_filename("1234567890", 20261231));
	g_assert_null(fec_filename("12345678A", 20261231));
	g_assert_null(fec_filename(NULL, 20261231));
	g_assert_null(fec_filename("123456789", 20260230));
	g_assert_null(fec_filename("123456789", 2026123));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	paris_time_init();

	g_test_add_func("/billing/fec/header_exact", test_header_exact);
	g_test_add_func("/billing/fec/amounts_comma_no_thousands", test_amounts);
	g_test_add_func("/billing/fec/invoice_entry_vat_rounding_9_99", test_invoice_entry_vat_rounding);
	g_test_add_func("/billing/fec/every_entry_balanced_rounding", test_every_entry_balanced_rounding);
	g_test_add_func("/billing/fec/two_vat_rates", test_two_vat_rates);
	g_test_add_func("/billing/fec/mixed_sequence_continuous_18_columns", test_mixed_sequence_continuous);
	g_test_add_func("/billing/fec/local_dates_and_ties", test_local_dates_and_ties);
	g_test_add_func("/billing/fec/check_messages", test_check_messages);
	g_test_add_func("/billing/fec/build_refusals", test_build_refusals);
	g_test_add_func("/billing/fec/text_fields_sanitised_cut", test_text_fields);
	g_test_add_func("/billing/fec/filename", test_filename);
	g_test_add_func("/billing/fec/encode_latin9", test_encode_latin9);

	int rc = g_test_run();
	g_time_zone_unref(paris);
	return rc;
}
