/* Finance export: the French FEC (Fichier des Écritures Comptables) that
 * article L. 47 A of the Livre des procédures fiscales (LPF) requires, in
 * the flat-file form of article A. 47 A-1 (commented in BOFiP
 * BOI-CF-IOR-60-40-20).
 *
 * What this writer relies on (A. 47 A-1 and BOI-CF-IOR-60-40-20):
 *  - one file per financial year, entries in chronological order of
 *    validation, numbered on a continuous sequence (EcritureNum);
 *  - the 18 mandatory columns, in this order, and a first line naming
 *    them: JournalCode JournalLib EcritureNum EcritureDate CompteNum
 *    CompteLib CompAuxNum CompAuxLib PieceRef PieceDate EcritureLib Debit
 *    Credit EcritureLet DateLet ValidDate Montantdevise Idevise;
 *  - one field separator, unique in the file: here TAB (text fields have
 *    their TAB, CR and LF replaced by a space so the separator stays
 *    unambiguous); records end with CR LF;
 *  - dates YYYYMMDD; amounts in decimal characters with a comma as the
 *    decimal separator and no thousands separator ("1234,50", "0,00");
 *  - file name SIREN + "FEC" + closing date YYYYMMDD + ".txt";
 *  - encoding: the text of A. 47 A-1 lists ASCII, ISO 8859-15 and EBCDIC;
 *    fec_write builds UTF-8 and fec_encode_latin9 turns it into the
 *    ISO 8859-15 bytes of the file handed over.
 *
 * The campus model (books kept in EUR; amounts int64_t cents, no floating
 * point):
 *  - an invoice (tax-inclusive) is one entry in the sales journal "VT":
 *    debit 411 (customer, auxiliary account = customer id) the total,
 *    credit 706 the net, credit 44571 the VAT of each rate;
 *  - a credit note is the reverse entry in "VT";
 *  - a payment received is one entry in the bank journal "BQ": debit 512,
 *    credit 411; a refund paid out is the reverse;
 *  - EcritureDate, PieceDate and ValidDate are the local date (in the
 *    platform time zone) of the document: campus documents are final when
 *    issued, so the entry is validated the day it is recorded;
 *  - lettering (EcritureLet, DateLet) and foreign currency (Montantdevise,
 *    Idevise) are left empty: every document is in EUR.
 *
 * Pure: no I/O, no clock; the entries are plain data (no pointers). */
#ifndef CAMPUS_BILLING_FEC_H
#define CAMPUS_BILLING_FEC_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

enum {
	FEC_COLUMNS = 18,
	FEC_MAX_VAT_RATES = 4, /* VAT rates on one document */
	FEC_MAX_LINES = 2 + FEC_MAX_VAT_RATES, /* lines of one entry */
	FEC_TEXT_MAX = 128, /* bytes of a text field, NUL included */
};

/* The largest amount accepted, in cents (10^13 EUR): sums of the lines of
 * an entry then never overflow int64_t. */
#define FEC_AMOUNT_MAX INT64_C(1000000000000000)

/* The books' currency: documents in another currency are refused (convert
 * them first; Montantdevise/Idevise are not produced). */
#define FEC_CURRENCY "EUR"

/* Accounts of the French chart of accounts (PCG) used. */
#define FEC_ACCOUNT_CUSTOMERS "411"
#define FEC_ACCOUNT_SERVICES "706"
#define FEC_ACCOUNT_VAT_COLLECTED "44571"
#define FEC_ACCOUNT_BANK "512"

/* The header line (without its CR LF), TAB-separated. */
extern const char fec_header[];

/* --- The source documents --------------------------------------------- */

enum fec_doc_kind {
	FEC_INVOICE = 0, /* sales journal, debit 411 / credit 706 + 44571 */
	FEC_CREDIT_NOTE, /* sales journal, the reverse of an invoice */
	FEC_PAYMENT, /* bank journal, debit 512 / credit 411 */
	FEC_REFUND, /* bank journal, debit 411 / credit 512 */
};

struct fec_vat_part {
	int rate_bp; /* 2000 = 20 % */
	int64_t vat; /* cents, >= 0 */
};

/* An invoice, credit note, payment or refund. Amounts are magnitudes
 * (>= 0): the direction comes from kind (a credit note of 10.00 has
 * total 1000). For an invoice or credit note total == net + the sum of
 * vat[].vat; a payment or refund uses total only. */
struct fec_doc {
	enum fec_doc_kind kind;
	const char *number; /* PieceRef: "F-2026-0001", payment reference */
	int64_t at; /* instant issued / received (UTC unix seconds) */
	int64_t customer_id; /* CompAuxNum */
	const char *customer_name; /* CompAuxLib (UTF-8) */
	int64_t total; /* tax included */
	int64_t net;
	struct fec_vat_part vat[FEC_MAX_VAT_RATES];
	size_t n_vat;
	char currency[4]; /* must be FEC_CURRENCY */
};

/* --- The entries ------------------------------------------------------- */

/* Dates are calendar dates as the number YYYYMMDD (20261231). */

struct fec_line {
	char compte_num[16]; /* CompteNum */
	char compte_lib[FEC_TEXT_MAX]; /* CompteLib */
	char comp_aux_num[24]; /* CompAuxNum, "" when none */
	char comp_aux_lib[FEC_TEXT_MAX]; /* CompAuxLib, "" when none */
	int64_t debit, credit; /* cents, >= 0 */
};

/* One écriture: its lines share the journal, number, dates and labels. */
struct fec_entry {
	char journal_code[8]; /* "VT", "BQ" */
	char journal_lib[32];
	int64_t num; /* EcritureNum */
	int32_t date; /* EcritureDate */
	char piece_ref[FEC_TEXT_MAX]; /* PieceRef */
	int32_t piece_date; /* PieceDate */
	char lib[FEC_TEXT_MAX]; /* EcritureLib */
	int32_t valid_date; /* ValidDate */
	struct fec_line lines[FEC_MAX_LINES];
	size_t n_lines;
};

/* Turns docs[0..n) into entries appended to out (a GArray of struct
 * fec_entry), one per document, in chronological order (by `at`; equal
 * instants keep the order of docs), numbered first_num, first_num + 1, ...
 * without gaps across journals. Dates are local dates in tz. Refuses
 * (ST_INVALID, err names the document and the reason, out unchanged) a
 * document with no number, a negative amount, total != net + VAT, more
 * than FEC_MAX_VAT_RATES rates, an amount above FEC_AMOUNT_MAX, a currency
 * other than FEC_CURRENCY, text that is not UTF-8, a number too long for
 * its field (FEC_TEXT_MAX; a customer name too long is cut at a character
 * boundary instead). */
enum status fec_build(const struct fec_doc *docs, size_t n, GTimeZone *tz, int64_t first_num, GArray *out,
		      GString *err);

/* Checks entries[0..n): every entry has two to FEC_MAX_LINES lines, each
 * with amounts in [0, FEC_AMOUNT_MAX] and not both a debit and a credit,
 * and balances (its debits sum to its credits: "entry 12 is not
 * balanced: debit 120,00 credit 119,99"); numbers are continuous (each one
 * more than the previous: "entry 14 follows entry 12: EcritureNum must be
 * continuous"); dates never go back ("entry 13 is dated 20260301, before
 * entry 12 (20260302)"); dates are real calendar dates. ST_OK or
 * ST_INVALID with the first problem in err. */
enum status fec_check(const struct fec_entry *entries, size_t n, GString *err);

/* Appends the FEC file text to out: the header line then one record per
 * line of every entry, fields TAB-separated, records ending in CR LF,
 * UTF-8. Runs fec_check first: on ST_INVALID nothing is appended. */
enum status fec_write(GString *out, const struct fec_entry *entries, size_t n, GString *err);

/* fec_write without the header line, for a file written a page of entries
 * at a time: the caller numbers each page from where the previous one
 * ended and keeps the pages in date order (fec_check sees one page). */
enum status fec_write_records(GString *out, const struct fec_entry *entries, size_t n, GString *err);

/* The ISO 8859-15 bytes of a UTF-8 FEC text, appended to out; a character
 * that ISO 8859-15 lacks becomes "?" (names only: codes, numbers and
 * amounts are ASCII). ST_INVALID when text is not UTF-8. */
enum status fec_encode_latin9(const char *text, GByteArray *out, GString *err);

/* Appends an amount in cents in the FEC form: "1234,50", "0,00",
 * "-3,07" (comma, two decimals, no thousands separator). */
void fec_amount(GString *out, int64_t cents);

/* The file name "<SIREN>FEC<closing date>.txt" ("123456789FEC20261231.txt")
 * in a new string (g_free), or NULL when siren is not 9 digits or
 * closing_date (YYYYMMDD) is not a calendar date. */
char *fec_filename(const char *siren, int32_t closing_date);

#endif
