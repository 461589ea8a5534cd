/* The Certificate of achievement as a PDF (CERT-1): a pure renderer from
 * plain data to the bytes of a one-page A4 landscape PDF in the learner's
 * language (cairo PDF surface, pango text layout, DejaVu Serif and Sans),
 * with a QR code (libqrencode, drawn as cairo rectangles) pointing to the
 * public verification page.
 *
 * Owned here: the design, the wording (through i18n_get; the French is in
 * po/fr.po), the formatting of the score and of the date. Owned by the
 * caller: who gets a certificate (cert_decide), its code and verification
 * URL, the organisation's name (config), loading the catalogues
 * (i18n_load_mo) before rendering.
 *
 * No I/O, no clock, no global state of its own: the same certificate gives
 * the same bytes (the PDF creation date is the issue date). Thread-safe as
 * far as cairo, pango, fontconfig and libqrencode are. */
#ifndef CAMPUS_LEARNING_CERTIFICATE_PDF_H
#define CAMPUS_LEARNING_CERTIFICATE_PDF_H

#include <glib.h>
#include <stdint.h>

#include "base/status.h"

enum {
	/* Longest accepted string (bytes) of a name, a title or the
	 * organisation; the URL may be as long. */
	CERTIFICATE_PDF_MAX_TEXT = 300,
};

struct certificate_doc {
	const char *lang; /* "en" or "fr" */
	const char *holder_name; /* the learner, as shown */
	const char *course_title;
	const char *organisation; /* the issuer, from config */
	const char *code; /* the unique code, [A-Z0-9-]{4,32} */
	const char *verify_url; /* BASE/certificates/CODE: in the QR code and in text */
	int score_bp; /* overall score, basis points 0..10000 */
	int64_t issued_at; /* UTC unix seconds, shown as a local date in tz */
	GTimeZone *tz;
};

/* Appends to out the PDF of doc: one A4 landscape page. ST_INVALID with err
 * (may be NULL) naming the field when doc is not valid (a missing or
 * over-long string, a control character, a bad code, a score out of range,
 * a URL too long for a QR code); out is then left as it was. ST_IO when
 * cairo fails. */
enum status certificate_pdf(const struct certificate_doc *doc, GByteArray *out, GString *err);

/* Formats a score in basis points for lang: "87%", "87.5%" in English,
 * "87 %", "87,5 %" in French (U+202F); rounded down to a tenth. buf holds
 * at least 32 bytes. */
void certificate_format_score(const char *lang, int score_bp, char *buf, size_t len);

/* Frees the font caches (as invoice_pdf_release_fonts): for leak-checked
 * tests, at exit, when no other thread renders. */
void certificate_pdf_release_fonts(void);

#endif
