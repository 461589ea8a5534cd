/* Invoice and credit-note PDF documents (INV-1, PAY-1, PAY-4): a pure
 * renderer from plain data to the bytes of a one-page A4 PDF in the
 * subscriber's language (cairo PDF surface, pango text layout, DejaVu Sans).
 *
 * Owned here: the layout, the wording (every string goes through i18n_get;
 * the French is in po/fr.po), the formatting of amounts, VAT rates and
 * dates, and the VAT breakdown of the totals. Owned by the caller: the
 * numbering of the series (INV-1), the immutability of issued documents,
 * the seller identity and the PAY-4 figures (from struct config), loading
 * the catalogues (i18n_load_mo) before rendering.
 *
 * No I/O, no clock: the same document gives the same bytes (the PDF
 * creation date is the issue date). Thread-safe as far as cairo, pango and
 * fontconfig are: what is kept between documents for speed (the pango
 * context, fonts and recurring labels, base/pdf_text.h) is kept per thread
 * and changes no byte. Money is int64_t minor units (cents),
 * never floating point. */
#ifndef CAMPUS_BILLING_INVOICE_PDF_H
#define CAMPUS_BILLING_INVOICE_PDF_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

enum {
	/* The most lines a document may have; fewer may fit when the
	 * descriptions wrap (invoice_pdf then says so). */
	INVOICE_PDF_MAX_LINES = 16,
	/* Longest accepted string (bytes), descriptions and addresses included. */
	INVOICE_PDF_MAX_TEXT = 600,
	/* Largest accepted quantity of a line. */
	INVOICE_PDF_MAX_QUANTITY = 100000,
	/* Size of a buffer that holds any amount formatted by invoice_format_amount. */
	INVOICE_AMOUNT_BUFSIZE = 64,
};

/* Largest absolute amount (cents) of a unit price, a line, a total or the
 * late fee: 100 billion, far beyond any real invoice and far from overflow. */
#define INVOICE_PDF_MAX_AMOUNT INT64_C(10000000000000)

enum invoice_kind {
	INVOICE_KIND_INVOICE,
	INVOICE_KIND_CREDIT_NOTE, /* a refund; refers to its invoice (INV-1) */
};

enum invoice_payment_status {
	INVOICE_PAYMENT_DUE, /* not paid yet: due_at applies */
	INVOICE_PAYMENT_PAID, /* paid on paid_at (invoices) */
	INVOICE_PAYMENT_REFUNDED, /* refunded on paid_at (credit notes) */
};

enum invoice_payment_method {
	INVOICE_METHOD_NONE, /* not stated (nothing paid yet) */
	INVOICE_METHOD_CARD,
	INVOICE_METHOD_PAYPAL,
	INVOICE_METHOD_VOUCHER,
};

/* A line of the document. Prices are tax-inclusive (PAY-1): the line total
 * is quantity * unit_price, and the VAT is split out of the totals per
 * rate. Credit notes carry negative unit prices (they mirror the charge). */
struct invoice_line {
	const char *description; /* UTF-8, wrapped to the column */
	int64_t quantity; /* 1..INVOICE_PDF_MAX_QUANTITY */
	int64_t unit_price; /* cents, VAT included */
	int vat_rate_bp; /* basis points: 2000 = 20 %, 550 = 5.5 % */
};

/* A party. The seller's fields come from config (seller_name,
 * seller_address, seller_vat_number); address may hold several lines
 * separated by '\n'. */
struct invoice_party {
	const char *name; /* required */
	const char *address; /* required for the seller, optional for the buyer */
	const char *country; /* ISO 3166-1 alpha-2, required for the buyer */
	const char *email; /* required for the buyer, optional for the seller */
	const char *vat_number; /* required for the seller, optional for the buyer */
};

/* The document. Every string is UTF-8, without control characters except
 * '\n' in addresses, and at most INVOICE_PDF_MAX_TEXT bytes. */
struct invoice_doc {
	enum invoice_kind kind;
	const char *lang; /* "en" or "fr" */
	const char *number; /* "2026-000123" */
	const char *refers_to; /* credit notes: the number of the invoice; else NULL */
	const char *currency; /* ISO 4217 ("EUR"); amounts have 2 decimals */

	struct invoice_party seller, buyer;

	/* Dates are UTC unix seconds, shown as local dates in tz. */
	GTimeZone *tz;
	int64_t issued_at;
	int64_t period_start, period_end; /* the service period, shown as given */
	int64_t due_at; /* shown when status is INVOICE_PAYMENT_DUE */
	int64_t paid_at; /* shown when paid or refunded */
	enum invoice_payment_status status;
	enum invoice_payment_method method;

	/* PAY-4, from config: late_fixed_fee (cents of EUR) and late_monthly_rate. */
	int64_t late_fixed_fee;
	int late_monthly_rate; /* percent per full month */

	const struct invoice_line *lines;
	size_t n_lines; /* 1..INVOICE_PDF_MAX_LINES */
};

/* The totals of a document, one entry per VAT rate (in order of first
 * appearance). For each rate, gross is the sum of its line totals and
 * net + vat == gross exactly (money_vat_split); the document totals are
 * the sums over the rates. */
struct invoice_totals {
	struct invoice_rate_total {
		int vat_rate_bp;
		int64_t net, vat, gross;
	} rates[INVOICE_PDF_MAX_LINES];
	size_t n_rates;
	int64_t net, vat, gross;
};

/* Checks doc (the rules of the structures above; an invoice's total is not
 * negative and a credit note's is not positive) and computes its totals.
 * ST_INVALID with err (may be NULL) naming the field and the reason. */
enum status invoice_doc_totals(const struct invoice_doc *doc, struct invoice_totals *totals, GString *err);

/* Appends to out the PDF of doc: one A4 page. ST_INVALID with err (may be
 * NULL) naming the field and the reason when doc is not valid (see
 * invoice_doc_totals) or its lines do not fit on the page; out is then left
 * as it was. ST_IO when cairo fails. */
enum status invoice_pdf(const struct invoice_doc *doc, GByteArray *out, GString *err);

/* Formats amount (cents of currency, 2 decimals) for lang into buf (at least
 * INVOICE_AMOUNT_BUFSIZE bytes): "€1,234.50", "-€12.00", "CZK 1,234.50" in
 * English, "1 234,50 €", "-12,00 €", "1 234,50 CZK" in French (narrow
 * no-break spaces, U+202F). Integer arithmetic only; any int64_t works. */
void invoice_format_amount(const char *lang, const char *currency, int64_t amount, char *buf, size_t len);

/* Formats a rate in basis points for lang: "20%", "5.5%" in English,
 * "20 %", "5,5 %" in French (U+202F). buf holds at least 32 bytes. */
void invoice_format_rate(const char *lang, int rate_bp, char *buf, size_t len);

/* Frees the font caches (the labels and pango's font map of the calling
 * thread, fontconfig's configuration, cairo's static data): for
 * leak-checked tests, at exit, when no other thread renders and none will.
 * Other threads' labels and font maps go when those threads end. */
void invoice_pdf_release_fonts(void);

#endif
