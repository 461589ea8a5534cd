/* Unit tests of src/billing/csv.c: RFC 4180 quoting (comma, double quote,
 * CR, LF), spreadsheet formula-injection neutralisation (= + - @ TAB CR),
 * UTF-8 passed through, amounts "1234.50", and the invoice export with
 * its header, ISO 8601 dates in the platform zone and CR LF records. */
#include <glib.h>
#include <string.h>

#include "billing/csv.h"

#include "paris_time.h"

#include "base/banned.h"

static void check_field(const char *in, const char *want)
{
	GString *s = g_string_new(NULL);
	csv_field(s, in);
	g_assert_cmpstr(s->str, ==, want);
	g_string_free(s, TRUE);
}

static void test_field_quoting(void)
{
	check_field("plain", "plain");
	check_field("", "");
	check_field(NULL, "");
	check_field("Dupont, Jean", "\"Dupont, Jean\"");
	check_field("say \"hi\"", "\"say \"\"hi\"\"\"");
	check_field("\"", "\"\"\"\"");
	check_field("two\nlines", "\"two\nlines\"");
	check_field("cr\rhere", "\"cr\rhere\"");
	check_field("crlf\r\nhere", "\"crlf\r\nhere\"");
	check_field("semi;colon", "semi;colon"); /* not the separator */
	check_field("a'b", "a'b");
}

static void test_field_formula_injection(void)
{
	check_field("=1+1", "'=1+1");
	check_field("+33 6 12 34 56 78", "'+33 6 12 34 56 78");
	check_field("-2", "'-2");
	check_field("@SUM(A1:A2)", "'@SUM(A1:A2)");
	check_field("\t=1", "'\t=1");
	check_field("\r=1", "\"'\r=1\""); /* CR: neutralised and quoted */
	check_field("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	check_field("a=1", "a=1"); /* only a leading character counts */
	check_field("'=1", "'=1"); /* already text */
}

static void test_field_utf8(void)
{
	check_field("Élodie Crème-Brûlée", "Élodie Crème-Brûlée");
	check_field("Zoë, «ça»", "\"Zoë, «ça»\"");
	check_field("日本語", "日本語");
}

static void check_amount(int64_t cents, const char *want)
{
	GString *s = g_string_new(NULL);
	csv_amount(s, cents);
	g_assert_cmpstr(s->str, ==, want);
	g_string_free(s, TRUE);
}

static void test_amounts(void)
{
	check_amount(123450, "1234.50");
	check_amount(0, "0.00");
	check_amount(7, "0.07");
	check_amount(100000000, "1000000.00");
	check_amount(-1250, "-12.50");
}

static void test_invoices_export(void)
{
	struct csv_invoice rows[] = {
		{
			.number = "F-2026-0001",
			.issued_at = utc(2026, 4, 30, 23, 30, 0), /* 1 May in Paris */
			.customer = "Dupont, Jean",
			.email = "jean@example.org",
			.net = 102875,
			.vat = 20575,
			.total = 123450,
			.currency = "EUR",
			.status = "paid",
		},
		{
			.number = "A-2026-0001",
			.issued_at = local(2026, 12, 31, 23, 59, 0),
			.customer = "=cmd|' /C calc'!A0",
			.email = "élodie@exemple.fr",
			.net = -832,
			.vat = -167,
			.total = -999,
			.currency = "EUR",
			.status = "refunded",
		},
	};
	GString *out = g_string_new(NULL);
	csv_invoices(out, rows, G_N_ELEMENTS(rows), paris);
	g_assert_cmpstr(
		out->str, ==,
		"number,date,customer,email,net,vat,total,currency,status\r\n"
		"F-2026-0001,2026-05-01,\"Dupont, Jean\",jean@example.org,1028.75,205.75,1234.50,EUR,paid\r\n"
		"A-2026-0001,2026-12-31,'=cmd|' /C calc'!A0,élodie@exemple.fr,-8.32,-1.67,-9.99,EUR,"
		"refunded\r\n");
	g_assert_cmpstr(csv_invoices_header, ==, "number,date,customer,email,net,vat,total,currency,status");

	/* no rows: the header alone */
	g_string_truncate(out, 0);
	csv_invoices(out, NULL, 0, paris);
	g_assert_cmpstr(out->str, ==, "number,date,customer,email,net,vat,total,currency,status\r\n");
	g_string_free(out, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	paris_time_init();

	g_test_add_func("/billing/csv/field_quoting", test_field_quoting);
	g_test_add_func("/billing/csv/field_formula_injection", test_field_formula_injection);
	g_test_add_func("/billing/csv/field_utf8", test_field_utf8);
	g_test_add_func("/billing/csv/amounts_dot", test_amounts);
	g_test_add_func("/billing/csv/invoices_export_crlf", test_invoices_export);

	int rc = g_test_run();
	g_time_zone_unref(paris);
	return rc;
}
