/* See pdf_text.h. */
#include "base/pdf_text.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include "base/dates.h"

#include "base/banned.h"

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

void pdf_text_begin(struct pdf_text *p, GByteArray *out, double w, double h, const char *title,
		    const char *author, int64_t created_at, const char *const *font_desc, int n_fonts)
{
	p->surface = cairo_pdf_surface_create_for_stream(write_out, out, w, h);
	cairo_pdf_surface_restrict_to_version(p->surface, CAIRO_PDF_VERSION_1_5);
	char date[32];
	dates_format_rfc3339(created_at, date, sizeof date);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_AUTHOR, author);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "campus");
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);

	p->cr = cairo_create(p->surface);
	p->ctx = pango_cairo_create_context(p->cr);
	pango_cairo_context_set_resolution(p->ctx, 72.0); /* 1 pt of font size = 1 unit */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(p->ctx, FALSE);
	p->n_fonts = n_fonts;
	p->font = g_new(PangoFontDescription *, (gsize)n_fonts);
	for (int f = 0; f < n_fonts; f++)
		p->font[f] = pango_font_description_from_string(font_desc[f]);
}

cairo_status_t pdf_text_end(struct pdf_text *p)
{
	for (int f = 0; f < p->n_fonts; f++)
		pango_font_description_free(p->font[f]);
	g_free(p->font);
	g_object_unref(p->ctx);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	cairo_status_t cs = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	*p = (struct pdf_text){0};
	return cs;
}

PangoLayout *pdf_text_layout(const struct pdf_text *p, int f, double width, PangoAlignment align,
			     const char *text)
{
	PangoLayout *l = pango_layout_new(p->ctx);
	pango_layout_set_font_description(l, p->font[f]);
	if (width > 0) {
		pango_layout_set_width(l, pango_units_from_double(width));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text, -1);
	return l;
}

void pdf_text_size(PangoLayout *l, double *w, double *h)
{
	int iw, ih;
	pango_layout_get_size(l, &iw, &ih);
	if (w)
		*w = (double)iw / PANGO_SCALE;
	if (h)
		*h = (double)ih / PANGO_SCALE;
}

void pdf_text_colour(const struct pdf_text *p, unsigned rgb)
{
	cairo_set_source_rgb(p->cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
			     (rgb & 0xff) / 255.0);
}

void pdf_text_show(const struct pdf_text *p, PangoLayout *l, double x, double y, unsigned rgb)
{
	pdf_text_colour(p, rgb);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

void pdf_text_hrule(const struct pdf_text *p, double x0, double x1, double y, double width, unsigned rgb)
{
	pdf_text_colour(p, rgb);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

void pdf_text_release_fonts(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
