/* Unit tests of src/billing/invoice_pdf.c: the invoice and credit-note PDF
 * (INV-1) with tax-inclusive prices and their VAT breakdown (PAY-1) and the
 * late-payment terms (PAY-4), in English and in French (the catalogue
 * embedded in the binary). The text of the PDF is read back with pdftotext
 * and its page count with pdfinfo (poppler-utils); the tests that need them
 * are skipped when they are missing.
 *
 * CAMPUS_INVOICE_SAMPLE=DIR writes the sample PDFs (en, fr, credit note) to
 * DIR, to look at them (pdftoppm -png -r 60). */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "billing/invoice_pdf.h"
#include "billing/money.h"
#include "web/assets.h"

#include "pdf_read.h"

#include "base/banned.h"

static GTimeZone *paris;

/* 1 × 999.00 at 20 % + 2 × 117.75 at 5.5 % = 1,234.50 */
static const struct invoice_line sample_lines[] = {
	{"Premium subscription, yearly", 1, 99900, 2000},
	{"Printed course book « Statistique descriptive »", 2, 11775, 550},
};

static const struct invoice_line refund_lines[] = {
	{"Refund: Premium subscription, yearly (unused months)", 1, -49950, 2000},
};

/* 2026-03-03 10:00 UTC and friends. */
static int64_t utc(int y, int m, int d, int h)
{
	GDateTime *dt = g_date_time_new_utc(y, m, d, h, 0, 0);
	int64_t t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

static struct invoice_doc sample(const char *lang, enum invoice_kind kind)
{
	struct invoice_doc d = {
		.kind = kind,
		.lang = lang,
		.number = kind == INVOICE_KIND_INVOICE ? "2026-000123" : "2026-000124",
		.refers_to = kind == INVOICE_KIND_INVOICE ? NULL : "2026-000123",
		.currency = "EUR",
		.seller = {.name = "Campus Learning SAS",
			   .address = "12 rue de la Paix\n75002 Paris\nFrance",
			   .vat_number = "FR12345678901"},
		.buyer = {.name = "Élodie Dupré",
			  .address = "3 place Bellecour\n69002 Lyon",
			  .country = "FR",
			  .email = "elodie.dupre@example.org"},
		.tz = paris,
		.issued_at = utc(2026, 3, 3, 10),
		.period_start = utc(2026, 3, 3, 10),
		.period_end = utc(2027, 3, 2, 10),
		.due_at = utc(2026, 3, 3, 10),
		.paid_at = utc(2026, 3, 3, 10),
		.status = kind == INVOICE_KIND_INVOICE ? INVOICE_PAYMENT_PAID : INVOICE_PAYMENT_REFUNDED,
		.method = INVOICE_METHOD_CARD,
		.late_fixed_fee = 4000,
		.late_monthly_rate = 10,
		.lines = kind == INVOICE_KIND_INVOICE ? sample_lines : refund_lines,
		.n_lines = kind == INVOICE_KIND_INVOICE ? G_N_ELEMENTS(sample_lines)
							: G_N_ELEMENTS(refund_lines),
	};
	return d;
}

/* --- reading the PDF back ------------------------------------------------ */

static bool have_poppler(void)
{
	static int have = -1;
	if (have < 0) {
		have = pdf_have("pdftotext") && pdf_have("pdfinfo");
	}
	if (!have)
		g_test_skip("pdftotext/pdfinfo (poppler-utils) not installed");
	return have;
}

/* Runs tool on the PDF (in a temporary file); returns its standard output. */
static char *run_on_pdf(const GByteArray *pdf, const char *tool, const char *opt)
{
	GError *e = NULL;
	char *path = NULL;
	int fd = g_file_open_tmp("test-invoice-XXXXXX.pdf", &path, &e);
	g_assert_no_error(e);
	close(fd);
	g_assert_true(g_file_set_contents(path, (const char *)pdf->data, pdf->len, &e));
	g_assert_no_error(e);
	const char *argv_text[] = {tool, "-enc", "UTF-8", path, "-", NULL};
	const char *argv_info[] = {tool, path, NULL};
	char *errout = NULL;
	char *out = pdf_run(opt ? argv_text : argv_info, &errout);
	g_assert_cmpstr(errout, ==, "");
	g_free(errout);
	g_unlink(path);
	g_free(path);
	return out;
}

static int pages_of(const GByteArray *pdf)
{
	char *info = run_on_pdf(pdf, "pdfinfo", NULL);
	const char *p = strstr(info, "\nPages:");
	g_assert_nonnull(p);
	int n = atoi(p + 7);
	g_free(info);
	return n;
}

/* Renders d, checks it is a one-page PDF and returns its text. */
static char *render_text(const struct invoice_doc *d)
{
	GByteArray *pdf = g_byte_array_new();
	GString *err = g_string_new(NULL);
	pdf_assert_rendered(invoice_pdf(d, pdf, err), err, pdf, "CAMPUS_INVOICE_SAMPLE", "invoice-%s-%s.pdf",
			    d->number, d->lang);
	g_assert_cmpint(pages_of(pdf), ==, 1);
	char *text = run_on_pdf(pdf, "pdftotext", "text");
	g_string_free(err, TRUE);
	g_byte_array_free(pdf, TRUE);
	return text;
}

/* The French catalogue embedded in the binary. */
static void load_fr(void)
{
	const struct asset *mo = asset_find("po/fr.mo");
	g_assert_nonnull(mo);
	g_assert_true(i18n_load_mo("fr", mo->data, mo->len));
}

/* --- formatting ---------------------------------------------------------- */

#define N "\xe2\x80\xaf" /* U+202F, the narrow no-break space */

static void test_format_amount(void)
{
	static const struct {
		const char *lang, *currency;
		int64_t amount;
		const char *want;
	} cases[] = {
		{"en", "EUR", 123450, "€1,234.50"},
		{"fr", "EUR", 123450, "1" N "234,50" N "€"},
		{"en", "EUR", 0, "€0.00"},
		{"fr", "EUR", 0, "0,00" N "€"},
		{"en", "EUR", 5, "€0.05"},
		{"en", "EUR", 99999, "€999.99"},
		{"en", "EUR", 100000, "€1,000.00"},
		{"en", "EUR", -1200, "-€12.00"},
		{"fr", "EUR", -1200, "-12,00" N "€"},
		{"en", "EUR", 123456789012, "€1,234,567,890.12"},
		{"fr", "EUR", 123456789012, "1" N "234" N "567" N "890,12" N "€"},
		{"en", "CZK", 123450, "CZK 1,234.50"},
		{"fr", "CZK", 123450, "1" N "234,50" N "CZK"},
		{"en", "eur", 100, "XXX 1.00"}, /* not a currency code */
		{"en", NULL, 100, "XXX 1.00"},
		{"en", "EUR", INT64_MAX, "€92,233,720,368,547,758.07"},
		{"en", "EUR", INT64_MIN, "-€92,233,720,368,547,758.08"},
		{"fr", "EUR", INT64_MIN, "-92" N "233" N "720" N "368" N "547" N "758,08" N "€"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char buf[INVOICE_AMOUNT_BUFSIZE];
		invoice_format_amount(cases[i].lang, cases[i].currency, cases[i].amount, buf, sizeof buf);
		g_assert_cmpstr(buf, ==, cases[i].want);
	}
}

static void test_format_rate(void)
{
	static const struct {
		const char *lang;
		int bp;
		const char *want;
	} cases[] = {
		{"en", 2000, "20%"},         {"fr", 2000, "20" N "%"}, {"en", 550, "5.5%"},
		{"fr", 550, "5,5" N "%"},    {"en", 210, "2.1%"},      {"en", 1705, "17.05%"},
		{"fr", 1705, "17,05" N "%"}, {"en", 0, "0%"},          {"en", 10000, "100%"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char buf[32];
		invoice_format_rate(cases[i].lang, cases[i].bp, buf, sizeof buf);
		g_assert_cmpstr(buf, ==, cases[i].want);
	}
}

/* --- PAY-1: totals ------------------------------------------------------- */

static void test_totals_vat_split(void)
{
	struct invoice_line lines[] = {
		{"A", 1, 1299, 2000},  {"B", 3, 999, 550}, {"C", 2, 1, 2000},
		{"D", 1, 10001, 2100}, {"E", 7, 333, 550},
	};
	struct invoice_doc d = sample("en", INVOICE_KIND_INVOICE);
	d.lines = lines;
	d.n_lines = G_N_ELEMENTS(lines);
	struct invoice_totals t;
	g_assert_cmpint(invoice_doc_totals(&d, &t, NULL), ==, ST_OK);
	g_assert_cmpuint(t.n_rates, ==, 3);
	/* in order of first appearance, each split on the sum of its lines */
	int want_rates[] = {2000, 550, 2100};
	int64_t want_gross[] = {1299 + 2, 3 * 999 + 7 * 333, 10001};
	int64_t net = 0, vat = 0, gross = 0;
	for (size_t r = 0; r < t.n_rates; r++) {
		g_assert_cmpint(t.rates[r].vat_rate_bp, ==, want_rates[r]);
		g_assert_cmpint(t.rates[r].gross, ==, want_gross[r]);
		g_assert_cmpint(t.rates[r].net + t.rates[r].vat, ==, t.rates[r].gross);
		int64_t n, v;
		money_vat_split(want_gross[r], want_rates[r], &n, &v);
		g_assert_cmpint(t.rates[r].net, ==, n);
		g_assert_cmpint(t.rates[r].vat, ==, v);
		net += n;
		vat += v;
		gross += want_gross[r];
	}
	g_assert_cmpint(t.net, ==, net);
	g_assert_cmpint(t.vat, ==, vat);
	g_assert_cmpint(t.gross, ==, gross);
	g_assert_cmpint(t.net + t.vat, ==, t.gross);
	/* 13.01 at 20 %: VAT 2.17, net 10.84 */
	g_assert_cmpint(t.rates[0].vat, ==, 217);
	g_assert_cmpint(t.rates[0].net, ==, 1084);

	/* A credit note mirrors the charge. */
	struct invoice_doc c = sample("en", INVOICE_KIND_CREDIT_NOTE);
	struct invoice_totals tc;
	g_assert_cmpint(invoice_doc_totals(&c, &tc, NULL), ==, ST_OK);
	int64_t n, v;
	money_vat_split(49950, 2000, &n, &v);
	g_assert_cmpint(tc.gross, ==, -49950);
	g_assert_cmpint(tc.vat, ==, -v);
	g_assert_cmpint(tc.net, ==, -n);
}

/* --- INV-1: the documents ------------------------------------------------ */

static void test_invoice_en(void)
{
	if (!have_poppler())
		return;
	struct invoice_doc d = sample("en", INVOICE_KIND_INVOICE);
	char *text = render_text(&d);
	assert_has(text, "INVOICE");
	assert_has(text, "2026-000123");
	assert_has(text, "Campus Learning SAS");
	assert_has(text, "12 rue de la Paix");
	assert_has(text, "VAT no.: FR12345678901");
	assert_has(text, "Élodie Dupré");
	assert_has(text, "elodie.dupre@example.org");
	assert_has(text, "69002 Lyon");
	assert_has(text, "3 March 2026");
	assert_has(text, "3 March 2026 to 2 March 2027");
	assert_has(text, "« Statistique descriptive »");
	assert_has(text, "€999.00");
	assert_has(text, "€117.75");
	assert_has(text, "€235.50");
	assert_has(text, "5.5%");
	assert_has(text, "€1,234.50"); /* total incl. VAT */
	/* 999.00 at 20 %: VAT 166.50; 235.50 at 5.5 %: VAT 12.28 */
	assert_has(text, "€166.50");
	assert_has(text, "€12.28");
	assert_has(text, "€1,055.72"); /* net */
	assert_has(text, "VAT 20% on €832.50");
	assert_has(text, "Total incl. VAT");
	assert_has(text, "Total excl. VAT");
	assert_has(text, "Paid on 3 March 2026");
	assert_has(text, "Payment method: card");
	assert_has(text, "Amounts in EUR, VAT included.");
	assert_has(text, "fixed recovery fee of €40.00");
	assert_has(text, "plus 10% of the unpaid principal");
	assert_has(text, "Page 1 of 1");
	g_free(text);
}

static void test_invoice_fr(void)
{
	if (!have_poppler())
		return;
	load_fr();
	struct invoice_doc d = sample("fr", INVOICE_KIND_INVOICE);
	char *text = render_text(&d);
	assert_has(text, "FACTURE");
	assert_has(text, "2026-000123");
	assert_has(text, "N°\u00a0TVA\u00a0: FR12345678901");
	assert_has(text, "Élodie Dupré");
	assert_has(text, "du 3 mars 2026 au 2 mars 2027");
	assert_has(text, "999,00" N "€");
	assert_has(text, "1" N "234,50" N "€");
	assert_has(text, "1" N "055,72" N "€");
	assert_has(text, "5,5" N "%");
	assert_has(text, "Total TTC");
	assert_has(text, "Total HT");
	assert_has(text, "Payée le 3 mars 2026");
	assert_has(text, "carte bancaire");
	assert_has(text, "TVA incluse");
	assert_has(text, "indemnité forfaitaire pour frais de recouvrement de 40,00" N "€");
	assert_has(text, "10" N "%");
	assert_has(text, "Pas d'escompte pour paiement anticipé.");
	g_free(text);
}

static void test_credit_note(void)
{
	if (!have_poppler())
		return;
	load_fr();
	struct invoice_doc d = sample("en", INVOICE_KIND_CREDIT_NOTE);
	char *text = render_text(&d);
	assert_has(text, "CREDIT NOTE");
	assert_has(text, "2026-000124");
	assert_has(text, "Refers to invoice 2026-000123");
	assert_has(text, "-€499.50");
	assert_has(text, "Refunded on 3 March 2026");
	g_free(text);

	d = sample("fr", INVOICE_KIND_CREDIT_NOTE);
	text = render_text(&d);
	assert_has(text, "AVOIR");
	assert_has(text, "Se rapporte à la facture n°\u00a02026-000123");
	assert_has(text, "-499,50" N "€");
	assert_has(text, "Remboursé le 3 mars 2026");
	g_free(text);
}

/* PAY-4: the figures come from the document (config), not the code. */
static void test_late_terms_from_doc(void)
{
	if (!have_poppler())
		return;
	load_fr();
	struct invoice_doc d = sample("en", INVOICE_KIND_INVOICE);
	d.late_fixed_fee = 5050;
	d.late_monthly_rate = 12;
	d.status = INVOICE_PAYMENT_DUE;
	d.method = INVOICE_METHOD_NONE;
	d.due_at = utc(2026, 3, 17, 10);
	char *text = render_text(&d);
	assert_has(text, "fixed recovery fee of €50.50");
	assert_has(text, "plus 12% of the unpaid principal");
	assert_has(text, "Due by 17 March 2026");
	g_assert_null(strstr(text, "€40.00"));
	g_assert_null(strstr(text, "Payment method"));
	g_free(text);
	d.lang = "fr";
	text = render_text(&d);
	assert_has(text, "recouvrement de 50,50" N "€");
	assert_has(text, "12" N "%");
	assert_has(text, "À payer au plus tard le 17 mars 2026");
	g_free(text);
}

/* A long description wraps in its column: still one page, all of it there. */
static void test_long_description_wraps(void)
{
	if (!have_poppler())
		return;
	GString *s = g_string_new("Premium subscription including");
	for (int i = 0; i < 40; i++)
		g_string_append_printf(s, " course%d", i);
	g_string_append(s, " Supercalifragilisticexpialidocious-averylongwordwithoutanybreakopportunity END");
	g_assert_cmpuint(s->len, <=, INVOICE_PDF_MAX_TEXT);
	struct invoice_line lines[] = {{s->str, 1, 1299, 2000}, {"Short", 1, 100, 2000}};
	struct invoice_doc d = sample("en", INVOICE_KIND_INVOICE);
	d.lines = lines;
	d.n_lines = G_N_ELEMENTS(lines);
	char *text = render_text(&d);
	assert_has(text, "course0");
	assert_has(text, "course39");
	assert_has(text, "END");
	assert_has(text, "€13.99");
	g_free(text);
	g_string_free(s, TRUE);
}

/* The most lines, short ones, fit. */
static void test_max_lines_fit(void)
{
	if (!have_poppler())
		return;
	struct invoice_line lines[INVOICE_PDF_MAX_LINES];
	for (size_t i = 0; i < G_N_ELEMENTS(lines); i++)
		lines[i] =
			(struct invoice_line){"Course certificate", 1, 1000 + (int64_t)i, i % 2 ? 2000 : 550};
	struct invoice_doc d = sample("en", INVOICE_KIND_INVOICE);
	d.lines = lines;
	d.n_lines = G_N_ELEMENTS(lines);
	char *text = render_text(&d);
	assert_has(text, "€10.15"); /* the last line */
	g_free(text);
}

static void test_deterministic(void)
{
	struct invoice_doc d = sample("en", INVOICE_KIND_INVOICE);
	GByteArray *a = g_byte_array_new(), *b = g_byte_array_new();
	g_byte_array_append(b, (const guint8 *)"prefix", 6); /* appends, keeps what is there */
	g_assert_cmpint(invoice_pdf(&d, a, NULL), ==, ST_OK);
	g_assert_cmpint(invoice_pdf(&d, b, NULL), ==, ST_OK);
	g_assert_cmpuint(b->len, ==, a->len + 6);
	g_assert_true(!memcmp(b->data, "prefix", 6));
	g_assert_true(!memcmp(a->data, b->data + 6, a->len));
	g_byte_array_free(a, TRUE);
	g_byte_array_free(b, TRUE);
}

/* --- what is kept from one document to the next --------------------------- */

static GByteArray *render_bytes(const struct invoice_doc *d)
{
	GByteArray *pdf = g_byte_array_new();
	g_assert_cmpint(invoice_pdf(d, pdf, NULL), ==, ST_OK);
	return pdf;
}

static void assert_same_bytes(const GByteArray *a, const GByteArray *b)
{
	g_assert_cmpuint(a->len, ==, b->len);
	g_assert_true(!memcmp(a->data, b->data, a->len));
}

static gpointer render_in_thread(gpointer doc)
{
	return render_bytes(doc); /* the thread's cache goes when it ends */
}

/* The context, fonts and labels each thread keeps (pdf_text_label) change
 * no byte: a document gives the same bytes after other documents, after
 * the labels were dropped (more sellers than the cache keeps), and in a
 * thread of its own. */
static void test_kept_labels_same_bytes(void)
{
	load_fr();
	struct invoice_doc en = sample("en", INVOICE_KIND_INVOICE);
	GByteArray *first = render_bytes(&en);

	struct invoice_doc fr = sample("fr", INVOICE_KIND_CREDIT_NOTE);
	g_byte_array_free(render_bytes(&fr), TRUE);
	GByteArray *again = render_bytes(&en);
	assert_same_bytes(first, again);
	g_byte_array_free(again, TRUE);

	/* 4 labels per seller (band, name, address, footer): 100 sellers are
	 * more than the 256 labels kept. */
	for (int i = 0; i < 100; i++) {
		char name[64];
		g_snprintf(name, sizeof name, "Seller number %d SAS", i);
		struct invoice_doc other = en;
		other.seller.name = name;
		g_byte_array_free(render_bytes(&other), TRUE);
	}
	again = render_bytes(&en);
	assert_same_bytes(first, again);
	g_byte_array_free(again, TRUE);

	GThread *t = g_thread_new("invoice-pdf", render_in_thread, &en);
	GByteArray *threaded = g_thread_join(t);
	assert_same_bytes(first, threaded);
	g_byte_array_free(threaded, TRUE);
	g_byte_array_free(first, TRUE);
}

static size_t count_of(const GByteArray *b, const char *needle)
{
	size_t n = strlen(needle), count = 0;
	for (size_t i = 0; i + n <= b->len; i++)
		if (!memcmp(b->data + i, needle, n))
			count++;
	return count;
}

/* For speed an invoice's streams are stored, not compressed
 * (pdf_text.uncompressed): the page's text operators are in the file as
 * they are. If the build stops routing cairo's deflateInit_ through
 * pdf_text.c, invoices are still right but three times slower to write:
 * this says so. */
static void test_streams_stored(void)
{
	struct invoice_doc d = sample("en", INVOICE_KIND_INVOICE);
	GByteArray *pdf = render_bytes(&d);
	g_assert_cmpuint(count_of(pdf, " Tf\n"), >=, 10);
	g_assert_cmpuint(count_of(pdf, "(Campus Learning SAS)Tj"), >=, 1);
	g_byte_array_free(pdf, TRUE);
}

/* --- bad input ------------------------------------------------------------ */

static void expect_invalid(const struct invoice_doc *d, const char *want)
{
	GByteArray *out = g_byte_array_new();
	g_byte_array_append(out, (const guint8 *)"keep", 4);
	GString *err = g_string_new(NULL);
	g_assert_cmpint(invoice_pdf(d, out, err), ==, ST_INVALID);
	g_test_message("%s", err->str);
	if (!strstr(err->str, want)) {
		g_test_message("want \"%s\" in \"%s\"", want, err->str);
		g_test_fail();
	}
	g_assert_cmpuint(out->len, ==, 4); /* left as it was */
	g_string_free(err, TRUE);
	g_byte_array_free(out, TRUE);
}

static void test_bad_input(void)
{
	expect_invalid(NULL, "no document");
	struct invoice_doc d;
#define BAD(change, want)                                                                                    \
	do {                                                                                                 \
		d = sample("en", INVOICE_KIND_INVOICE);                                                      \
		change;                                                                                      \
		expect_invalid(&d, want);                                                                    \
	} while (0)
	BAD(d.lang = "de", "lang \"de\" is not supported");
	BAD(d.lang = NULL, "lang \"(null)\" is not supported");
	BAD(d.number = NULL, "number is missing");
	BAD(d.number = "", "number is missing");
	BAD(d.seller.name = NULL, "seller.name is missing");
	BAD(d.seller.address = NULL, "seller.address is missing");
	BAD(d.seller.vat_number = NULL, "seller.vat_number is missing");
	BAD(d.buyer.name = NULL, "buyer.name is missing");
	BAD(d.buyer.email = NULL, "buyer.email is missing");
	BAD(d.buyer.country = NULL, "buyer.country is missing");
	BAD(d.buyer.country = "France", "buyer.country must be an ISO 3166-1 alpha-2 code");
	BAD(d.buyer.name = "\xc3\x28", "buyer.name is not valid UTF-8");
	BAD(d.buyer.name = "Eve\nMallory", "buyer.name contains a control character");
	BAD(d.currency = "euro", "currency \"euro\" is not an ISO 4217 code");
	BAD(d.currency = NULL, "currency \"(null)\" is not");
	BAD(d.tz = NULL, "tz is missing");
	BAD(d.period_end = d.period_start - 1, "period_end is before period_start");
	BAD(d.issued_at = INT64_MAX, "issued_at is out of range");
	BAD(d.refers_to = "2026-000001", "refers_to is set on an invoice");
	BAD(d.status = INVOICE_PAYMENT_REFUNDED, "an invoice is paid, a credit note is refunded");
	BAD(d.status = (enum invoice_payment_status)7, "status 7 is unknown");
	BAD(d.method = (enum invoice_payment_method)9, "method 9 is unknown");
	BAD(d.kind = (enum invoice_kind)5, "kind 5 is unknown");
	BAD(d.late_monthly_rate = -1, "late_monthly_rate -1 is out of range");
	BAD(d.late_fixed_fee = -1, "late_fixed_fee -1 is out of range");
	BAD(d.lines = NULL, "at least one line");
	BAD(d.n_lines = 0, "at least one line");
	BAD(d.n_lines = INVOICE_PDF_MAX_LINES + 1, "17 lines, at most 16 fit on the page");

	struct invoice_line l[1];
	static const struct {
		struct invoice_line line;
		const char *want;
	} bad_lines[] = {
		{{NULL, 1, 100, 2000}, "lines[0].description is missing"},
		{{"x", 0, 100, 2000}, "lines[0].quantity must be between 1 and 100000 (got 0)"},
		{{"x", 1, 100, -1}, "lines[0].vat_rate_bp must be between 0 and 10000 (got -1)"},
		{{"x", 1, INT64_MAX, 2000}, "lines[0].unit_price is out of range"},
		{{"x", 100000, INVOICE_PDF_MAX_AMOUNT, 2000}, "lines[0]: the line total is out of range"},
		{{"x", 1, -100, 2000}, "an invoice's total is negative"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad_lines); i++)
		BAD((l[0] = bad_lines[i].line, d.lines = l, d.n_lines = 1), bad_lines[i].want);

	d = sample("en", INVOICE_KIND_CREDIT_NOTE);
	d.refers_to = NULL;
	expect_invalid(&d, "refers_to is missing (a credit note refers to its invoice)");
	d = sample("en", INVOICE_KIND_CREDIT_NOTE);
	l[0] = (struct invoice_line){"x", 1, 100, 2000};
	d.lines = l;
	expect_invalid(&d, "a credit note's total is positive");

	/* Too long a string. */
	char *big = g_strnfill(INVOICE_PDF_MAX_TEXT + 1, 'a');
	BAD(d.seller.address = big, "seller.address is too long (601 bytes, at most 600)");
	g_free(big);

	/* Sixteen lines of long descriptions do not fit on one page. */
	GString *s = g_string_new(NULL);
	while (s->len + 10 < INVOICE_PDF_MAX_TEXT)
		g_string_append(s, "lorem ips ");
	struct invoice_line many[INVOICE_PDF_MAX_LINES];
	for (size_t i = 0; i < G_N_ELEMENTS(many); i++)
		many[i] = (struct invoice_line){s->str, 1, 100, 2000};
	BAD((d.lines = many, d.n_lines = G_N_ELEMENTS(many)), "the 16 lines do not fit on the page");
	g_string_free(s, TRUE);

	/* No output buffer. */
	d = sample("en", INVOICE_KIND_INVOICE);
	GString *err = g_string_new(NULL);
	g_assert_cmpint(invoice_pdf(&d, NULL, err), ==, ST_INVALID);
	g_assert_nonnull(strstr(err->str, "no output buffer"));
	g_string_free(err, TRUE);
#undef BAD
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	paris = g_time_zone_new_identifier("Europe/Paris");
	g_assert_nonnull(paris);
	g_test_add_func("/invoice_pdf/format_amount", test_format_amount);
	g_test_add_func("/invoice_pdf/format_rate", test_format_rate);
	g_test_add_func("/invoice_pdf/pay1_totals_net_plus_vat_is_gross_per_rate", test_totals_vat_split);
	g_test_add_func("/invoice_pdf/inv1_invoice_en", test_invoice_en);
	g_test_add_func("/invoice_pdf/inv1_invoice_fr", test_invoice_fr);
	g_test_add_func("/invoice_pdf/inv1_credit_note_refers_to_invoice", test_credit_note);
	g_test_add_func("/invoice_pdf/pay4_late_terms_from_doc", test_late_terms_from_doc);
	g_test_add_func("/invoice_pdf/long_description_wraps", test_long_description_wraps);
	g_test_add_func("/invoice_pdf/max_lines_fit", test_max_lines_fit);
	g_test_add_func("/invoice_pdf/deterministic", test_deterministic);
	g_test_add_func("/invoice_pdf/kept_labels_same_bytes", test_kept_labels_same_bytes);
	g_test_add_func("/invoice_pdf/streams_stored", test_streams_stored);
	g_test_add_func("/invoice_pdf/bad_input", test_bad_input);
	int rc = g_test_run();
	i18n_unload();
	invoice_pdf_release_fonts();
	g_time_zone_unref(paris);
	return rc;
}
