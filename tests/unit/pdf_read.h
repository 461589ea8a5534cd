/* Reading a PDF back in the unit tests of the PDF documents
 * (test_invoice_pdf.c, test_certificate_pdf.c): running the poppler and zbar
 * tools, and finding text in what pdftotext gives whatever the wrapping.
 * Header only (static inline), so that each test links nothing more. */
#ifndef CAMPUS_TESTS_UNIT_PDF_READ_H
#define CAMPUS_TESTS_UNIT_PDF_READ_H

#include <glib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "base/status.h"

/* True when tool is in PATH. */
static inline bool pdf_have(const char *tool)
{
	char *p = g_find_program_in_path(tool);
	g_free(p);
	return p != NULL;
}

/* Runs argv (argv[0] found in PATH) and asserts that it succeeded. Returns
 * its standard output (g_free); its standard error too in *errout when
 * errout is not NULL (g_free), else it is only shown on failure. Never
 * inlined: inlined, GCC 12 takes the result for a pointer to the local out
 * (a false -Wdangling-pointer). */
__attribute__((unused, noinline)) static char *pdf_run(const char *const *argv, char **errout)
{
	char *out = NULL, *err = NULL;
	int wait = 0;
	GError *e = NULL;
	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
				   &wait, &e));
	g_assert_no_error(e);
	if (!g_spawn_check_wait_status(wait, NULL))
		g_test_message("%s failed: %s", argv[0], err);
	g_assert_true(g_spawn_check_wait_status(wait, NULL));
	if (errout)
		*errout = err;
	else
		g_free(err);
	return out;
}

/* Asserts that a renderer gave a PDF: st is ST_OK with no message in err,
 * and pdf is more than 1000 bytes starting "%PDF-". Then, when the
 * environment variable env names a folder, writes pdf there under the file
 * name fmt... gives, for a person to look at. */
G_GNUC_PRINTF(5, 6)
static inline void pdf_assert_rendered(enum status st, const GString *err, const GByteArray *pdf,
				       const char *env, const char *fmt, ...)
{
	if (st != ST_OK)
		g_test_message("err: %s", err->str);
	g_assert_cmpint(st, ==, ST_OK);
	g_assert_cmpstr(err->str, ==, "");
	g_assert_cmpuint(pdf->len, >, 1000);
	g_assert_true(!memcmp(pdf->data, "%PDF-", 5));
	const char *dir = g_getenv(env);
	if (!dir)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *base = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	char *name = g_build_filename(dir, base, NULL);
	g_assert_true(g_file_set_contents(name, (const char *)pdf->data, pdf->len, NULL));
	g_free(name);
	g_free(base);
}

/* s with every run of blanks (spaces, newlines, the no-break spaces U+00A0
 * and U+202F, which pdftotext turns into plain spaces) as one space.
 * Returns a new string (g_free). */
static inline char *pdf_squash(const char *s)
{
	GString *o = g_string_new(NULL);
	bool blank = false;
	for (const char *c = s; *c;) {
		gunichar u = g_utf8_get_char(c);
		const char *next = g_utf8_next_char(c);
		if (g_unichar_isspace(u) || u == 0xa0 || u == 0x202f) {
			blank = true;
		} else {
			if (blank && o->len)
				g_string_append_c(o, ' ');
			blank = false;
			g_string_append_len(o, c, next - c);
		}
		c = next;
	}
	return g_string_free(o, FALSE);
}

/* Fails the test unless want is in text, blanks aside (a wrapped line or a
 * no-break space). */
static inline void assert_has(const char *text, const char *want)
{
	char *t = pdf_squash(text), *w = pdf_squash(want);
	if (!strstr(t, w)) {
		g_test_message("missing \"%s\" in:\n%s", want, text);
		g_test_fail();
	}
	g_free(t);
	g_free(w);
}

#endif
