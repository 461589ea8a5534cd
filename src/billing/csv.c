/* CSV writer (RFC 4180) with formula-injection neutralisation; see csv.h. */
#include "billing/csv.h"

#include <stdbool.h>
#include <string.h>

#include "base/dates.h"

#include "base/banned.h"

const char csv_invoices_header[] = "number,date,customer,email,net,vat,total,currency,status";

void csv_field(GString *out, const char *s)
{
	if (!s)
		s = "";
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	bool neutralise = s[0] && strchr("=+-@\t\r", s[0]) != NULL;
	if (quote)
		g_string_append_c(out, '"');
	if (neutralise)
		g_string_append_c(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *p);
	}
	if (quote)
		g_string_append_c(out, '"');
}

void csv_amount(GString *out, int64_t cents)
{
	uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	g_string_append_printf(out, "%s%" G_GUINT64_FORMAT ".%02u", cents < 0 ? "-" : "", mag / 100,
			       (unsigned)(mag % 100));
}

void csv_invoices(GString *out, const struct csv_invoice *rows, size_t n, GTimeZone *tz)
{
	g_string_append(out, csv_invoices_header);
	g_string_append(out, "\r\n");
	csv_invoice_records(out, rows, n, tz);
}

void csv_invoice_records(GString *out, const struct csv_invoice *rows, size_t n, GTimeZone *tz)
{
	for (size_t i = 0; i < n; i++) {
		const struct csv_invoice *r = &rows[i];
		int y = 0, m = 0, d = 0;
		dates_local_ymd(tz, r->issued_at, &y, &m, &d);
		csv_field(out, r->number);
		g_string_append_printf(out, ",%04d-%02d-%02d,", y, m, d);
		csv_field(out, r->customer);
		g_string_append_c(out, ',');
		csv_field(out, r->email);
		g_string_append_c(out, ',');
		csv_amount(out, r->net);
		g_string_append_c(out, ',');
		csv_amount(out, r->vat);
		g_string_append_c(out, ',');
		csv_amount(out, r->total);
		g_string_append_c(out, ',');
		csv_field(out, r->currency);
		g_string_append_c(out, ',');
		csv_field(out, r->status);
		g_string_append(out, "\r\n");
	}
}
