/* Unit tests of src/learning/certificate_pdf.c: the Certificate of
 * achievement (CERT-1) is a one-page PDF in the learner's language with the
 * learner's name, the course, the score, the date, the issuer, the code and
 * a QR code of the verification URL. The text is read back with pdftotext,
 * the page count with pdfinfo (poppler-utils), and the QR code is decoded
 * from a pdftoppm rendering by zbarimg (zbar-tools): an independent reader
 * of what libqrencode drew. Tests that need a missing tool are skipped.
 *
 * CAMPUS_CERT_SAMPLE=DIR writes the sample PDFs to DIR, to look at them. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "learning/certificate_pdf.h"
#include "web/assets.h"

#include "pdf_read.h"

#include "base/banned.h"

static GTimeZone *paris;

#define URL "https://campus.example/certificates/Q7K2M9X4B6TZ"

static struct certificate_doc sample(const char *lang)
{
	return (struct certificate_doc){
		.lang = lang,
		.holder_name = "Élodie Dupré",
		.course_title = "Introduction à la statistique",
		.organisation = "Campus Académie",
		.code = "Q7K2M9X4B6TZ",
		.verify_url = URL,
		.score_bp = 8750,
		.issued_at = 1772535600, /* 2026-03-03 11:00 UTC */
		.tz = paris,
	};
}

/* A temporary directory holding the PDF as cert.pdf; free with drop_dir. */
static char *write_tmp(const GByteArray *pdf)
{
	GError *e = NULL;
	char *dir = g_dir_make_tmp("campus-cert-XXXXXX", &e);
	g_assert_no_error(e);
	char *path = g_build_filename(dir, "cert.pdf", NULL);
	g_assert_true(g_file_set_contents(path, (const char *)pdf->data, pdf->len, &e));
	g_assert_no_error(e);
	g_free(path);
	return dir;
}

static void drop_dir(char *dir)
{
	const char *names[] = {"cert.pdf", "cert.png", "cert-1.png", "cert-01.png"};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		char *p = g_build_filename(dir, names[i], NULL);
		g_unlink(p);
		g_free(p);
	}
	g_rmdir(dir);
	g_free(dir);
}

/* Renders d, checks the PDF header and returns it. */
static GByteArray *render(const struct certificate_doc *d)
{
	GByteArray *pdf = g_byte_array_new();
	GString *err = g_string_new(NULL);
	pdf_assert_rendered(certificate_pdf(d, pdf, err), err, pdf, "CAMPUS_CERT_SAMPLE",
			    "certificate-%s.pdf", d->lang);
	g_string_free(err, TRUE);
	return pdf;
}

static int pages_of(const char *dir)
{
	char *path = g_build_filename(dir, "cert.pdf", NULL);
	const char *argv[] = {"pdfinfo", path, NULL};
	char *info = pdf_run(argv, NULL);
	const char *p = strstr(info, "\nPages:");
	g_assert_nonnull(p);
	int n = atoi(p + 7);
	const char *size = strstr(info, "Page size:");
	g_assert_nonnull(size);
	/* A4 landscape: 841.89 x 595.276 pts */
	g_assert_true(g_str_has_prefix(size + strspn(size + 10, " ") + 10, "841.89 x 595.27"));
	g_free(info);
	g_free(path);
	return n;
}

static char *text_of(const char *dir)
{
	char *path = g_build_filename(dir, "cert.pdf", NULL);
	const char *argv[] = {"pdftotext", "-enc", "UTF-8", path, "-", NULL};
	char *t = pdf_run(argv, NULL);
	g_free(path);
	return t;
}

static void check_lang(const char *lang, const char *const *want)
{
	if (!pdf_have("pdftotext") || !pdf_have("pdfinfo")) {
		g_test_skip("poppler-utils (pdftotext, pdfinfo) is not installed");
		return;
	}
	struct certificate_doc d = sample(lang);
	GByteArray *pdf = render(&d);
	char *dir = write_tmp(pdf);
	g_assert_cmpint(pages_of(dir), ==, 1);
	char *text = text_of(dir);
	for (const char *const *w = want; *w; w++)
		assert_has(text, *w);
	g_free(text);
	drop_dir(dir);
	g_byte_array_free(pdf, TRUE);
}

static void test_english(void)
{
	static const char *const want[] = {"Certificate of achievement",
					   "This is to certify that",
					   "Élodie Dupré",
					   "has successfully completed the course",
					   "Introduction à la statistique",
					   "with an overall score of 87.5%",
					   "3 March 2026",
					   "CAMPUS ACADÉMIE",
					   "Q7K2M9X4B6TZ",
					   URL,
					   NULL};
	check_lang("en", want);
}

static void test_french(void)
{
	static const char *const want[] = {"Certificat de réussite",
					   "Élodie Dupré",
					   "Introduction à la statistique",
					   "87,5 %",
					   "3 mars 2026",
					   "Q7K2M9X4B6TZ",
					   URL,
					   NULL};
	check_lang("fr", want);
}

/* The QR code, rendered by poppler and read by zbar, is the URL. */
static void test_qr_decodes_to_url(void)
{
	if (!pdf_have("pdftoppm") || !pdf_have("zbarimg")) {
		g_test_skip("pdftoppm (poppler-utils) or zbarimg (zbar-tools) is not installed");
		return;
	}
	struct certificate_doc d = sample("en");
	GByteArray *pdf = render(&d);
	char *dir = write_tmp(pdf);
	char *in = g_build_filename(dir, "cert.pdf", NULL), *png = g_build_filename(dir, "cert", NULL);
	const char *conv[] = {"pdftoppm", "-r", "110", "-png", "-singlefile", in, png, NULL};
	g_free(pdf_run(conv, NULL));
	char *png_file = g_strconcat(png, ".png", NULL);
	const char *scan[] = {"zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png_file, NULL};
	char *decoded = pdf_run(scan, NULL);
	g_assert_cmpstr(g_strstrip(decoded), ==, URL);
	g_free(decoded);
	g_free(png_file);
	g_free(in);
	g_free(png);
	drop_dir(dir);
	g_byte_array_free(pdf, TRUE);
}

/* A long name shrinks to one line, a long course title wraps; still one page. */
static void test_long_texts_fit(void)
{
	if (!pdf_have("pdfinfo")) {
		g_test_skip("pdfinfo is not installed");
		return;
	}
	struct certificate_doc d = sample("en");
	d.holder_name = "Maximiliane Apollonia Konstantinopoulou-Vanderbilt de la Tour d'Auvergne";
	d.course_title =
		"Advanced topics in the statistical analysis of longitudinal data with mixed models, "
		"survival analysis and causal inference for observational studies in public health";
	GByteArray *pdf = render(&d);
	char *dir = write_tmp(pdf);
	g_assert_cmpint(pages_of(dir), ==, 1);
	if (pdf_have("pdftotext")) {
		/* The whole name and the whole title are in the text. */
		char *text = text_of(dir);
		assert_has(text, d.holder_name);
		assert_has(text, d.course_title);
		g_free(text);
	}
	drop_dir(dir);
	g_byte_array_free(pdf, TRUE);
}

static void test_same_bytes(void)
{
	struct certificate_doc d = sample("fr");
	GByteArray *a = render(&d), *b = render(&d);
	g_assert_cmpuint(a->len, ==, b->len);
	g_assert_true(!memcmp(a->data, b->data, a->len));
	g_byte_array_free(a, TRUE);
	g_byte_array_free(b, TRUE);
}

static void test_format_score(void)
{
	char buf[32];
	certificate_format_score("en", 10000, buf, sizeof buf);
	g_assert_cmpstr(buf, ==, "100%");
	certificate_format_score("en", 7059, buf, sizeof buf);
	g_assert_cmpstr(buf, ==, "70.5%");
	certificate_format_score("fr", 7000, buf, sizeof buf);
	g_assert_cmpstr(buf, ==, "70\xe2\x80\xaf%");
	certificate_format_score("fr", 7099, buf, sizeof buf);
	g_assert_cmpstr(buf, ==, "70,9\xe2\x80\xaf%");
	certificate_format_score("en", 0, buf, sizeof buf);
	g_assert_cmpstr(buf, ==, "0%");
}

static void test_bad_input(void)
{
	GByteArray *out = g_byte_array_new();
	GString *err = g_string_new(NULL);
	struct certificate_doc d;
#define BAD(change, want)                                                                                    \
	do {                                                                                                 \
		d = sample("en");                                                                            \
		change;                                                                                      \
		g_string_truncate(err, 0);                                                                   \
		g_assert_cmpint(certificate_pdf(&d, out, err), ==, ST_INVALID);                              \
		if (!strstr(err->str, want))                                                                 \
			g_test_message("got \"%s\", want \"%s\"", err->str, want);                           \
		g_assert_nonnull(strstr(err->str, want));                                                    \
		g_assert_cmpuint(out->len, ==, 0);                                                           \
	} while (0)
	BAD(d.lang = "de", "lang must be en or fr");
	BAD(d.holder_name = "", "holder_name is required");
	BAD(d.holder_name = NULL, "holder_name is required");
	BAD(d.course_title = "a\nb", "course_title contains a control character");
	BAD(d.organisation = "\xff", "organisation is not valid UTF-8");
	BAD(d.code = "abc", "code must be");
	BAD(d.code = "ABCD EFGH", "code must be");
	BAD(d.verify_url = "ftp://x", "verify_url must be an http(s) URL");
	BAD(d.score_bp = 10001, "score_bp");
	BAD(d.score_bp = -1, "score_bp");
	BAD(d.issued_at = -5, "issued_at");
	BAD(d.tz = NULL, "tz is required");
	char *long_name = g_strnfill(CERTIFICATE_PDF_MAX_TEXT + 1, 'x');
	BAD(d.holder_name = long_name, "holder_name is longer than");
	g_free(long_name);
#undef BAD
	d = sample("en");
	g_assert_cmpint(certificate_pdf(&d, NULL, err), ==, ST_INVALID);
	g_string_free(err, TRUE);
	g_byte_array_free(out, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	paris = g_time_zone_new_identifier("Europe/Paris");
	g_assert_nonnull(paris);
	const struct asset *mo = asset_find("po/fr.mo");
	g_assert_nonnull(mo);
	g_assert_true(i18n_load_mo("fr", mo->data, mo->len));
	g_test_add_func("/certificate_pdf/cert1_english_one_page_with_name", test_english);
	g_test_add_func("/certificate_pdf/cert1_french_one_page_with_name", test_french);
	g_test_add_func("/certificate_pdf/cert1_qr_decodes_to_verification_url", test_qr_decodes_to_url);
	g_test_add_func("/certificate_pdf/long_texts_fit_one_page", test_long_texts_fit);
	g_test_add_func("/certificate_pdf/deterministic", test_same_bytes);
	g_test_add_func("/certificate_pdf/format_score", test_format_score);
	g_test_add_func("/certificate_pdf/bad_input", test_bad_input);
	int rc = g_test_run();
	i18n_unload();
	certificate_pdf_release_fonts();
	g_time_zone_unref(paris);
	return rc;
}
