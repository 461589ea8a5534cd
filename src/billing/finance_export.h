/* Finance exports (issue 4 §6, INV-1): every invoice and credit note of a
 * year, as CSV (billing/csv.h) or as the French FEC sales journal
 * (billing/fec.h), written to a file descriptor a page of documents at a
 * time, so that a year of a million invoices is complete and needs no
 * more memory than a page. Used by the finance API (streamed from a
 * temporary file) and by `campus finance export`. */
#ifndef CAMPUS_BILLING_FINANCE_EXPORT_H
#define CAMPUS_BILLING_FINANCE_EXPORT_H

#include <glib.h>
#include <stdint.h>

#include "base/config.h"
#include "ops/ctx.h"

enum finance_format { FINANCE_CSV, FINANCE_FEC };

struct finance_export_stats {
	int64_t documents; /* read from the database */
	int64_t written; /* exported (the FEC keeps the EUR ones only) */
	int64_t bytes;
};

/* The first and last instants [*from, *to) of year in the platform time
 * zone cfg->timezone. False when year is outside 2000..9999. */
bool finance_year_bounds(const struct config *cfg, int year, int64_t *from, int64_t *to);

/* Parses a year query ("2026"): false unless it is 2000..9999. */
bool finance_parse_year(const char *s, int *year);

/* Writes the export of year to fd (which stays open): the CSV header and
 * one record per document, or the FEC header and one entry per EUR
 * document numbered 1, 2, ... in order of issue (ISO 8859-15). Reads in
 * one read transaction when the database allows it (a consistent year).
 * progress (may be NULL) is told the documents done out of the total
 * after each page. ST_INVALID (err: the document and why) when a document
 * cannot go into the FEC, ST_IO when writing fails; what was written
 * before is then incomplete and the caller discards it. */
enum status finance_export(struct ctx *c, enum finance_format f, int year, int fd,
			   void (*progress)(void *data, int64_t done, int64_t total), void *data,
			   struct finance_export_stats *stats, GString *err);

/* The file name of the export: "invoices-2026.csv", or the FEC name
 * "<SIREN>FEC20261231.txt" where the SIREN is the last 9 digits of the
 * seller's VAT number (FRkk + SIREN; nine zeros when it has none). The
 * caller frees it (g_free). */
char *finance_export_filename(const struct config *cfg, enum finance_format f, int year);

#endif
