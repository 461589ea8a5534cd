/* See pdf_text.h. */
#include "base/pdf_text.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <zlib.h>

#include "base/dates.h"

#include "base/banned.h"

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* What a thread keeps from one document to the next: laying text out with
 * a new context and new font descriptions for every document, and shaping
 * the same labels again, was a large part of the time of an invoice. */
struct cache {
	PangoContext *ctx; /* NULL until the thread's first document */
	GHashTable *fonts; /* pango description string -> PangoFontDescription */
	GHashTable *labels; /* label_key -> PangoLayout of ctx */
};

/* The most labels kept; past it the cache is emptied when the next document
 * begins (never during one: its labels are borrowed until pdf_text_end). A
 * label costs a few KiB, and an invoice has about 30 distinct ones per
 * language and seller. */
enum { MAX_LABELS = 256 };

static void cache_free(gpointer data)
{
	struct cache *c = data;
	if (!c)
		return;
	g_hash_table_destroy(c->labels); /* before the context the layouts hold */
	g_hash_table_destroy(c->fonts);
	if (c->ctx)
		g_object_unref(c->ctx);
	g_free(c);
}

static GPrivate cache_key = G_PRIVATE_INIT(cache_free);

static struct cache *cache_get(void)
{
	struct cache *c = g_private_get(&cache_key);
	if (!c) {
		c = g_new0(struct cache, 1);
		c->fonts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						 (GDestroyNotify)pango_font_description_free);
		c->labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
		g_private_set(&cache_key, c);
	}
	return c;
}

/* When a document is uncompressed (struct pdf_text), the streams cairo
 * writes while this thread finishes it (its page, the font subsets, their
 * character maps) are deflated with stored blocks: cairo 1.16 has no
 * setting for it and deflates them at zlib's default level. The PDF reads
 * the same everywhere (/FlateDecode of stored blocks) and stays as
 * deterministic.
 *
 * How: cairo calls zlib's deflateInit_ (the deflateInit macro) through the
 * dynamic linker, and a program that defines deflateInit_ itself (this
 * file, linked into it) is asked first. Otherwise, or if the linker binds
 * cairo elsewhere, it is zlib's deflateInit_ exactly (the same call to
 * deflateInit2_ as in zlib's deflate.c): documents are then only bigger
 * and slower. */
static _Thread_local bool finishing;

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	/* Storing needs no match finding: the smallest hash (memory level 1)
	 * spares clearing 64 KiB for each of the 8 streams of an invoice. */
	if (finishing)
		return deflateInit2_(strm, Z_NO_COMPRESSION, Z_DEFLATED, MAX_WBITS, 1, Z_DEFAULT_STRATEGY,
				     version, stream_size);
	return deflateInit2_(strm, level, Z_DEFLATED, MAX_WBITS, 8 /* zlib's DEF_MEM_LEVEL */,
			     Z_DEFAULT_STRATEGY, version, stream_size);
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

	p->uncompressed = false;
	p->cr = cairo_create(p->surface);
	struct cache *c = cache_get();
	if (!c->ctx) {
		c->ctx = pango_cairo_create_context(p->cr);
		pango_cairo_context_set_resolution(c->ctx, 72.0); /* 1 pt of font size = 1 unit */
		cairo_font_options_t *fo = cairo_font_options_create();
		cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
		cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
		pango_cairo_context_set_font_options(c->ctx, fo);
		cairo_font_options_destroy(fo);
		pango_context_set_round_glyph_positions(c->ctx, FALSE);
	}
	/* Not pango_cairo_update_context(p->cr, c->ctx) for the next documents:
	 * what it takes from cr (the identity matrix, the PDF surface's font
	 * options) is the same for every document, but it would still mark the
	 * context changed and every label would be laid out again. */
	if (g_hash_table_size(c->labels) > MAX_LABELS)
		g_hash_table_remove_all(c->labels);
	p->ctx = c->ctx;
	p->n_fonts = n_fonts;
	p->font = g_new(PangoFontDescription *, (gsize)n_fonts);
	for (int f = 0; f < n_fonts; f++) {
		p->font[f] = g_hash_table_lookup(c->fonts, font_desc[f]);
		if (!p->font[f]) {
			p->font[f] = pango_font_description_from_string(font_desc[f]);
			g_hash_table_insert(c->fonts, g_strdup(font_desc[f]), p->font[f]);
		}
	}
}

cairo_status_t pdf_text_end(struct pdf_text *p)
{
	g_free(p->font);
	cairo_destroy(p->cr);
	finishing = p->uncompressed;
	cairo_surface_finish(p->surface);
	finishing = false;
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

PangoLayout *pdf_text_label(const struct pdf_text *p, int f, double width, PangoAlignment align,
			    bool one_line, const char *text)
{
	struct cache *c = g_private_get(&cache_key);
	/* The font by its description (one object per description and thread),
	 * then the box, then the text. */
	char *key = g_strdup_printf("%p %d %d %d\n%s", (void *)p->font[f], pango_units_from_double(width),
				    (int)align, (int)one_line, text);
	PangoLayout *l = g_hash_table_lookup(c->labels, key);
	if (l) {
		g_free(key);
		return l;
	}
	l = pdf_text_layout(p, f, width, align, text);
	if (one_line)
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	/* Laid out now, once, rather than at its first use. */
	pdf_text_size(l, NULL, NULL);
	g_hash_table_insert(c->labels, key, l);
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
	g_private_replace(&cache_key, NULL); /* frees it */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
