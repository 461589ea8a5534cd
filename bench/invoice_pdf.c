/* Throughput of the invoice PDF renderer (src/billing/invoice_pdf.c)
 * against DESIGN.md "Performance targets": >= 200 invoice PDFs per second
 * per core. Renders N invoices (default 2000) one after the other on one
 * thread, alternating English and French and one to three lines, and prints
 *   invoice_pdf: N in X s = Y per second
 * Usage: bench_invoice_pdf [N]. Not a test: run it by hand, pinned to one
 * core for a stable figure (taskset -c 0). */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "billing/invoice_pdf.h"

#include "base/banned.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
	if (n < 1) {
		fprintf(stderr, "usage: bench_invoice_pdf [N >= 1]\n");
		return 2;
	}
	GTimeZone *tz = g_time_zone_new_identifier("Europe/Paris");
	if (!tz)
		tz = g_time_zone_new_utc();
	static const struct invoice_line lines[] = {
		{"Premium subscription, monthly (March 2026)", 1, 1299, 2000},
		{"Certificate of completion: Introduction to statistics, with the proctored final exam", 2,
		 4950, 2000},
		{"Printed course book (reduced rate)", 1, 2110, 550},
	};
	struct invoice_doc doc = {
		.kind = INVOICE_KIND_INVOICE,
		.currency = "EUR",
		.seller = {.name = "Campus Learning SAS",
			   .address = "12 rue de la Paix\n75002 Paris\nFrance",
			   .vat_number = "FR12345678901"},
		.buyer = {.name = "Élodie Dupré",
			  .address = "3 place Bellecour\n69002 Lyon",
			  .country = "FR",
			  .email = "elodie.dupre@example.org"},
		.tz = tz,
		.issued_at = 1772535600, /* 2026-03-03 11:00 UTC */
		.period_start = 1772535600,
		.period_end = 1775124000,
		.paid_at = 1772535600,
		.status = INVOICE_PAYMENT_PAID,
		.method = INVOICE_METHOD_CARD,
		.late_fixed_fee = 4000,
		.late_monthly_rate = 10,
		.lines = lines,
	};
	GByteArray *out = g_byte_array_new();
	GString *err = g_string_new(NULL);
	char number[32];
	size_t bytes = 0;
	gint64 t0 = g_get_monotonic_time();
	for (long i = 0; i < n; i++) {
		g_snprintf(number, sizeof number, "2026-%06ld", i + 1);
		doc.number = number;
		doc.lang = i % 2 ? "fr" : "en";
		doc.n_lines = (size_t)(i % 3) + 1;
		g_byte_array_set_size(out, 0);
		if (invoice_pdf(&doc, out, err) != ST_OK) {
			fprintf(stderr, "bench_invoice_pdf: %s\n", err->str);
			return 1;
		}
		bytes += out->len;
	}
	double s = (double)(g_get_monotonic_time() - t0) / 1e6;
	printf("invoice_pdf: %ld in %.2f s = %.0f per second (%.1f KiB a PDF on average)\n", n, s,
	       (double)n / s, (double)bytes / (double)n / 1024.0);
	g_string_free(err, TRUE);
	g_byte_array_free(out, TRUE);
	g_time_zone_unref(tz);
	return 0;
}
