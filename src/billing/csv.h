/* Finance export: CSV files (RFC 4180) for spreadsheets and accountants.
 *
 * Format: UTF-8 (no byte order mark), comma separator, records ending in
 * CR LF (RFC 4180 section 2), a header line first. A field is quoted
 * ("...") when it contains a comma, a double quote, CR or LF; a double
 * quote inside a quoted field is doubled ("" ).
 *
 * Formula injection (CSV injection): a spreadsheet opening the file runs a
 * cell that starts with = + - @ as a formula (and TAB / CR can hide such a
 * start). csv_field therefore prefixes a text field that starts with one
 * of = + - @ TAB CR with a single quote ', which spreadsheets show as text:
 * a customer named "=HYPERLINK(...)" is exported as '=HYPERLINK(...). The
 * quote is part of the value for a program reading the CSV. Amounts are
 * written by csv_amount, not csv_field, so a negative amount (credit note)
 * stays a number ("-12.50").
 *
 * Pure: no I/O, no clock; amounts are int64_t cents, no floating point. */
#ifndef CAMPUS_BILLING_CSV_H
#define CAMPUS_BILLING_CSV_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/* Appends s (UTF-8; NULL is an empty field) as one CSV field: quoted when
 * needed, formula-neutralised (see above). No separator is appended. */
void csv_field(GString *out, const char *s);

/* Appends an amount in cents with a dot and two decimals, no thousands
 * separator: "1234.50", "0.00", "-12.50". */
void csv_amount(GString *out, int64_t cents);

/* One invoice (or credit note) of the invoice export. */
struct csv_invoice {
	const char *number; /* "F-2026-0001" */
	int64_t issued_at; /* instant (UTC unix seconds) */
	const char *customer; /* name */
	const char *email;
	int64_t net, vat, total; /* cents; a credit note may be negative */
	const char *currency; /* "EUR" */
	const char *status; /* "paid", "open", ... */
};

/* The header line (without its CR LF). */
extern const char csv_invoices_header[];

/* Appends the invoice export: the header
 * "number,date,customer,email,net,vat,total,currency,status" then one
 * record per row, the date being the local date of issued_at in tz in
 * ISO 8601 ("2026-05-01"), amounts as csv_amount, every record ending in
 * CR LF. */
void csv_invoices(GString *out, const struct csv_invoice *rows, size_t n, GTimeZone *tz);

/* The records of csv_invoices without the header line: an export written
 * a page of rows at a time calls it once per page. */
void csv_invoice_records(GString *out, const struct csv_invoice *rows, size_t n, GTimeZone *tz);

#endif
