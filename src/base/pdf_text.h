/* What the PDF documents (billing/invoice_pdf.c, learning/certificate_pdf.c)
 * share: a one-page PDF written into memory with its metadata, a pango
 * context measuring in points without hinting (so that the same document
 * gives the same bytes and fits the same way everywhere), text layouts,
 * colours and rules. In its own library (campus-pdf-text) so that the rest
 * of base stays free of cairo and pango. */
#ifndef CAMPUS_BASE_PDF_TEXT_H
#define CAMPUS_BASE_PDF_TEXT_H

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdint.h>

struct pdf_text {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *ctx; /* the calling thread's, borrowed from its cache */
	PangoFontDescription **font; /* the n fonts of pdf_text_begin: the array is
					owned, the descriptions are the cache's */
	int n_fonts;
	/* Set after pdf_text_begin to write the streams without compression:
	 * faster (deflate was a third of an invoice's time), bigger (a 30 KiB
	 * invoice takes 42 KiB), the same for every reader. See pdf_text.c. */
	bool uncompressed;
};

/* Starts a PDF 1.5 document of w by h points appended to out, titled title,
 * by author, created by "campus" at created_at (UNIX seconds: the document's
 * own date, not now, so that its bytes do not change), with the fonts
 * described by font_desc[0..n_fonts) (pango descriptions).
 *
 * Speed: the pango context, the font descriptions and the layouts of
 * pdf_text_label are kept from one document to the next in a cache of the
 * calling thread (pango objects are not thread-safe, so nothing is shared
 * between threads), freed when the thread ends or by
 * pdf_text_release_fonts. Every document is measured and drawn with the
 * same context settings, so the cache changes no byte of the output. */
void pdf_text_begin(struct pdf_text *p, GByteArray *out, double w, double h, const char *title,
		    const char *author, int64_t created_at, const char *const *font_desc, int n_fonts);

/* Frees the fonts, the context and the surface after writing out the
 * document. Returns the cairo status (CAIRO_STATUS_SUCCESS or why the
 * document is incomplete). */
cairo_status_t pdf_text_end(struct pdf_text *p);

/* A layout of text in font f, wrapped (words, else characters) at width
 * points when width > 0, aligned as said. The caller owns it (g_object_unref). */
PangoLayout *pdf_text_layout(const struct pdf_text *p, int f, double width, PangoAlignment align,
			     const char *text);

/* Like pdf_text_layout for a text that recurs from one document to the next
 * (labels, the seller, the terms): laid out once per thread and reused.
 * When one_line, the text is ellipsized at width instead of wrapped. The
 * layout is the cache's: borrowed until pdf_text_end, not to be changed or
 * unreferenced. */
PangoLayout *pdf_text_label(const struct pdf_text *p, int f, double width, PangoAlignment align,
			    bool one_line, const char *text);

/* The width and height of l in points (either may be NULL). */
void pdf_text_size(PangoLayout *l, double *w, double *h);

/* Sets the source colour (0xRRGGBB). */
void pdf_text_colour(const struct pdf_text *p, unsigned rgb);

/* Draws l with its top left corner at (x, y) in colour rgb; l stays the
 * caller's. */
void pdf_text_show(const struct pdf_text *p, PangoLayout *l, double x, double y, unsigned rgb);

/* A horizontal rule from x0 to x1 at y, width points thick. */
void pdf_text_hrule(const struct pdf_text *p, double x0, double x1, double y, double width, unsigned rgb);

/* Frees the calling thread's cache (context, fonts, labels; those of other
 * threads go when their thread ends) and the process-wide font caches
 * (pango's font map, cairo's static data, fontconfig): for leak-checked
 * tests, at exit, after the last document, once no other thread renders. */
void pdf_text_release_fonts(void);

#endif
