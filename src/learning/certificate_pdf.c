/* Certificate of achievement PDF (CERT-1): validation, the one-page A4
 * landscape design and the QR code. See certificate_pdf.h for who owns
 * what. Layout in PDF points (1/72 inch); every line is centred on the
 * page except the footer's three columns. */
#include "learning/certificate_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "base/dates.h"
#include "base/i18n.h"

#include "base/banned.h"

#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */

static bool is_fr(const char *lang)
{
	return lang && !strcmp(lang, "fr");
}

void certificate_format_score(const char *lang, int score_bp, char *buf, size_t len)
{
	if (score_bp < 0)
		score_bp = 0;
	int whole = score_bp / 100, tenth = (score_bp % 100) / 10;
	bool fr = is_fr(lang);
	if (tenth)
		g_snprintf(buf, len, fr ? "%d,%d" NNBSP "%%" : "%d.%d%%", whole, tenth);
	else
		g_snprintf(buf, len, fr ? "%d" NNBSP "%%" : "%d%%", whole);
}

/* --- validation ---------------------------------------------------------- */

static enum status invalid(GString *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static enum status invalid(GString *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		g_string_append(err, "certificate: ");
		g_string_append_vprintf(err, fmt, ap);
		va_end(ap);
	}
	return ST_INVALID;
}

static enum status check_text(GString *err, const char *field, const char *s)
{
	if (!s || !*s)
		return invalid(err, "%s is required", field);
	size_t n = strlen(s);
	if (n > CERTIFICATE_PDF_MAX_TEXT)
		return invalid(err, "%s is longer than %d bytes", field, CERTIFICATE_PDF_MAX_TEXT);
	if (!g_utf8_validate(s, (gssize)n, NULL))
		return invalid(err, "%s is not valid UTF-8", field);
	for (const char *c = s; *c; c = g_utf8_next_char(c))
		if (g_unichar_iscntrl(g_utf8_get_char(c)))
			return invalid(err, "%s contains a control character", field);
	return ST_OK;
}

static enum status check_doc(const struct certificate_doc *d, GString *err)
{
	if (!d)
		return invalid(err, "no document");
	if (!d->lang || (strcmp(d->lang, "en") && strcmp(d->lang, "fr")))
		return invalid(err, "lang must be en or fr");
	enum status st;
	if ((st = check_text(err, "holder_name", d->holder_name)) != ST_OK ||
	    (st = check_text(err, "course_title", d->course_title)) != ST_OK ||
	    (st = check_text(err, "organisation", d->organisation)) != ST_OK ||
	    (st = check_text(err, "verify_url", d->verify_url)) != ST_OK)
		return st;
	size_t n = d->code ? strlen(d->code) : 0;
	if (n < 4 || n > 32 || strspn(d->code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != n)
		return invalid(err, "code must be 4 to 32 characters among A-Z, 0-9 and -");
	if ((!g_str_has_prefix(d->verify_url, "https://") && !g_str_has_prefix(d->verify_url, "http://")) ||
	    strchr(d->verify_url, ' '))
		return invalid(err, "verify_url must be an http(s) URL without spaces");
	if (d->score_bp < 0 || d->score_bp > 10000)
		return invalid(err, "score_bp must be within 0..10000");
	if (d->issued_at < 0 || d->issued_at > INT64_C(253402300799))
		return invalid(err, "issued_at is out of range");
	if (!d->tz)
		return invalid(err, "tz is required");
	return ST_OK;
}

/* --- layout -------------------------------------------------------------- */

/* A4 landscape in points, and the palette (0xRRGGBB). */
static const double PAGE_W = 841.8898, PAGE_H = 595.2756;
enum {
	C_PAPER = 0xfdfbf6,
	C_NAVY = 0x1f3a5f,
	C_GOLD = 0xb08d57,
	C_INK = 0x1f2933,
	C_MUTED = 0x5f6b7a,
	C_WHITE = 0xffffff,
};

enum font { F_ORG, F_TITLE, F_LEAD, F_NAME, F_COURSE, F_BODY, F_LABEL, F_VALUE, F_SMALL, F_CODE, F_N };

static const char *const fonts[F_N] = {
	[F_ORG] = "DejaVu Sans Bold 10.5",   [F_TITLE] = "DejaVu Serif Bold 34",
	[F_LEAD] = "DejaVu Serif Italic 13", [F_NAME] = "DejaVu Serif Bold 38",
	[F_COURSE] = "DejaVu Sans Bold 19",  [F_BODY] = "DejaVu Sans 12",
	[F_LABEL] = "DejaVu Sans Bold 7.5",  [F_VALUE] = "DejaVu Serif 12.5",
	[F_SMALL] = "DejaVu Sans 7.5",       [F_CODE] = "DejaVu Sans Mono Bold 11",
};

struct pdf {
	cairo_t *cr;
	PangoContext *ctx;
	PangoFontDescription *font[F_N];
	const char *lang;
};

static PangoLayout *mk(struct pdf *p, enum font f, double width, PangoAlignment align, const char *text)
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

static void size_of(PangoLayout *l, double *w, double *h)
{
	int iw, ih;
	pango_layout_get_size(l, &iw, &ih);
	if (w)
		*w = (double)iw / PANGO_SCALE;
	if (h)
		*h = (double)ih / PANGO_SCALE;
}

static void colour(struct pdf *p, unsigned rgb)
{
	cairo_set_source_rgb(p->cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
			     (rgb & 0xff) / 255.0);
}

/* Shows l at (x, y), takes its reference, returns its height. */
static double show(struct pdf *p, PangoLayout *l, double x, double y, unsigned rgb)
{
	double h;
	size_of(l, NULL, &h);
	colour(p, rgb);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
	return h;
}

/* A paragraph centred across width w starting at x. */
static double centred(struct pdf *p, enum font f, double x, double w, double y, unsigned rgb,
		      const char *text)
{
	return show(p, mk(p, f, w, PANGO_ALIGN_CENTER, text), x, y, rgb);
}

static void rect_stroke(struct pdf *p, double inset, double width, unsigned rgb)
{
	colour(p, rgb);
	cairo_set_line_width(p->cr, width);
	cairo_rectangle(p->cr, inset, inset, PAGE_W - 2 * inset, PAGE_H - 2 * inset);
	cairo_stroke(p->cr);
}

static void diamond(struct pdf *p, double cx, double cy, double r, unsigned rgb)
{
	colour(p, rgb);
	cairo_move_to(p->cr, cx, cy - r);
	cairo_line_to(p->cr, cx + r, cy);
	cairo_line_to(p->cr, cx, cy + r);
	cairo_line_to(p->cr, cx - r, cy);
	cairo_close_path(p->cr);
	cairo_fill(p->cr);
}

static void hrule(struct pdf *p, double x0, double x1, double y, double width, unsigned rgb)
{
	colour(p, rgb);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

/* The frame: a navy border, a fine gold one inside it, gold diamonds at the
 * inner corners. */
static void draw_frame(struct pdf *p)
{
	colour(p, C_PAPER);
	cairo_rectangle(p->cr, 0, 0, PAGE_W, PAGE_H);
	cairo_fill(p->cr);
	rect_stroke(p, 18, 5, C_NAVY);
	rect_stroke(p, 29, 0.9, C_GOLD);
	rect_stroke(p, 33, 0.4, C_GOLD);
	const double in = 31;
	diamond(p, in, in, 6, C_GOLD);
	diamond(p, PAGE_W - in, in, 6, C_GOLD);
	diamond(p, in, PAGE_H - in, 6, C_GOLD);
	diamond(p, PAGE_W - in, PAGE_H - in, 6, C_GOLD);
}

/* The learner's name: on one line at the largest size from 38 pt down to
 * 20 pt that fits; a name longer than that wraps to two lines at 20 pt
 * (ellipsised only past them, which CERTIFICATE_PDF_MAX_TEXT makes
 * theoretical for real names). */
static double draw_name(struct pdf *p, const char *name, double y, double width)
{
	PangoFontDescription *fd = pango_font_description_copy(p->font[F_NAME]);
	PangoLayout *l = pango_layout_new(p->ctx);
	pango_layout_set_text(l, name, -1);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	double w = 0;
	for (int size = 38; size >= 20; size -= 2) {
		pango_font_description_set_size(fd, size * PANGO_SCALE);
		pango_layout_set_font_description(l, fd);
		size_of(l, &w, NULL);
		if (w <= width)
			break;
	}
	pango_layout_set_width(l, pango_units_from_double(width));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_height(l, -2);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_font_description_free(fd);
	return show(p, l, (PAGE_W - width) / 2, y, C_INK);
}

/* The seal between the footer columns: a gold rosette with a check mark. */
static void draw_seal(struct pdf *p, double cx, double cy)
{
	cairo_t *cr = p->cr;
	colour(p, C_GOLD);
	const int teeth = 24;
	for (int i = 0; i <= 2 * teeth; i++) {
		double a = G_PI * i / teeth, r = i % 2 ? 36 : 40;
		if (i == 0)
			cairo_move_to(cr, cx + r * cos(a), cy + r * sin(a));
		else
			cairo_line_to(cr, cx + r * cos(a), cy + r * sin(a));
	}
	cairo_close_path(cr);
	cairo_fill(cr);
	colour(p, C_PAPER);
	cairo_set_line_width(cr, 1.2);
	cairo_arc(cr, cx, cy, 30, 0, 2 * G_PI);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 4.5);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_move_to(cr, cx - 13, cy + 1);
	cairo_line_to(cr, cx - 4, cy + 10);
	cairo_line_to(cr, cx + 14, cy - 10);
	cairo_stroke(cr);
}

/* The QR code of the verification URL, size points wide, on a white square
 * with its quiet zone; each row's dark runs are single rectangles of one
 * path so that no seam shows between modules. */
static void draw_qr(struct pdf *p, const QRcode *qr, double x, double y, double size)
{
	const int quiet = 3;
	double m = size / (qr->width + 2 * quiet);
	colour(p, C_WHITE);
	cairo_rectangle(p->cr, x, y, size, size);
	cairo_fill(p->cr);
	colour(p, C_INK);
	for (int row = 0; row < qr->width; row++) {
		const unsigned char *d = qr->data + (size_t)row * (size_t)qr->width;
		for (int col = 0; col < qr->width;) {
			if (!(d[col] & 1)) {
				col++;
				continue;
			}
			int end = col;
			while (end < qr->width && (d[end] & 1))
				end++;
			cairo_rectangle(p->cr, x + (quiet + col) * m, y + (quiet + row) * m, (end - col) * m,
					m);
			col = end;
		}
	}
	cairo_fill(p->cr);
}

/* A value over a fine rule with its label under it, as on a signed form;
 * the value stays on one line. */
static void footer_field(struct pdf *p, const char *value, const char *label_id, double x, double y, double w)
{
	PangoLayout *v = mk(p, F_VALUE, w, PANGO_ALIGN_LEFT, value);
	pango_layout_set_ellipsize(v, PANGO_ELLIPSIZE_END);
	show(p, v, x, y, C_INK);
	hrule(p, x, x + w, y + 20, 0.6, C_MUTED);
	char *label = g_utf8_strup(i18n_get(p->lang, label_id), -1);
	show(p, mk(p, F_LABEL, w, PANGO_ALIGN_LEFT, label), x, y + 24, C_MUTED);
	g_free(label);
}

static void render(struct pdf *p, const struct certificate_doc *d, const QRcode *qr)
{
	const double content = PAGE_W - 2 * 90;
	const double x = 90;
	draw_frame(p);

	char *org = g_utf8_strup(d->organisation, -1);
	PangoLayout *ol = mk(p, F_ORG, content, PANGO_ALIGN_CENTER, org);
	PangoAttrList *attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(3 * PANGO_SCALE));
	pango_layout_set_attributes(ol, attrs);
	pango_attr_list_unref(attrs);
	pango_layout_set_ellipsize(ol, PANGO_ELLIPSIZE_END);
	show(p, ol, x, 66, C_NAVY);
	g_free(org);

	double y = 94;
	y += centred(p, F_TITLE, x, content, y, C_NAVY, i18n_get(p->lang, "Certificate of achievement"));
	y += 10;
	hrule(p, PAGE_W / 2 - 90, PAGE_W / 2 - 10, y, 0.8, C_GOLD);
	hrule(p, PAGE_W / 2 + 10, PAGE_W / 2 + 90, y, 0.8, C_GOLD);
	diamond(p, PAGE_W / 2, y, 4, C_GOLD);
	y += 22;
	y += centred(p, F_LEAD, x, content, y, C_MUTED, i18n_get(p->lang, "This is to certify that"));
	y += 8;
	y += draw_name(p, d->holder_name, y, content);
	y += 6;
	hrule(p, PAGE_W / 2 - 170, PAGE_W / 2 + 170, y, 0.6, C_GOLD);
	y += 14;
	y += centred(p, F_LEAD, x, content, y, C_MUTED,
		     i18n_get(p->lang, "has successfully completed the course"));
	y += 8;
	/* The course title: two lines at the largest size from 19 pt down to
	 * 15 pt, else three lines at 15 pt, then an ellipsis. */
	PangoLayout *cl = mk(p, F_COURSE, content - 60, PANGO_ALIGN_CENTER, d->course_title);
	PangoFontDescription *cfd = pango_font_description_copy(p->font[F_COURSE]);
	for (int size = 19; size >= 15; size -= 2) {
		pango_font_description_set_size(cfd, size * PANGO_SCALE);
		pango_layout_set_font_description(cl, cfd);
		if (pango_layout_get_line_count(cl) <= 2)
			break;
	}
	pango_font_description_free(cfd);
	pango_layout_set_height(cl, -3);
	pango_layout_set_ellipsize(cl, PANGO_ELLIPSIZE_END);
	y += show(p, cl, x + 30, y, C_NAVY);
	y += 10;
	char score[32], line[128];
	certificate_format_score(d->lang, d->score_bp, score, sizeof score);
	g_snprintf(line, sizeof line, i18n_get(p->lang, "with an overall score of %s"), score);
	centred(p, F_BODY, x, content, y, C_INK, line);

	/* Footer: date and issuer on the left, the seal in the middle, the
	 * verification (QR code, URL, code) on the right. */
	const double top = 410, col_w = 230;
	char date[64];
	dates_format_human(d->tz, d->issued_at, d->lang, date, sizeof date);
	footer_field(p, date, N_("Date of issue"), 70, top + 28, col_w - 40);
	footer_field(p, d->organisation, N_("Issued by"), 70, top + 74, col_w - 40);

	draw_seal(p, PAGE_W / 2, top + 50);

	const double qr_size = 100, qr_x = PAGE_W - 70 - qr_size, qr_y = top;
	draw_qr(p, qr, qr_x, qr_y, qr_size);
	const double tx = qr_x - 12 - 190;
	double ty = top + 8;
	char *label = g_utf8_strup(i18n_get(p->lang, "Certificate code"), -1);
	ty += show(p, mk(p, F_LABEL, 190, PANGO_ALIGN_RIGHT, label), tx, ty, C_MUTED);
	g_free(label);
	ty += 2 + show(p, mk(p, F_CODE, 190, PANGO_ALIGN_RIGHT, d->code), tx, ty + 2, C_INK);
	ty += 12;
	label = g_utf8_strup(i18n_get(p->lang, "Scan or visit to verify"), -1);
	show(p, mk(p, F_LABEL, 190, PANGO_ALIGN_RIGHT, label), tx, ty, C_MUTED);
	g_free(label);
	/* The URL on one line under the QR code, right-aligned with it; a URL
	 * longer than the column (rare: BASE is short) wraps. */
	const double url_w = 330;
	PangoLayout *ul = mk(p, F_SMALL, url_w, PANGO_ALIGN_RIGHT, d->verify_url);
	pango_layout_set_wrap(ul, PANGO_WRAP_CHAR);
	show(p, ul, qr_x + qr_size - url_w, qr_y + qr_size + 6, C_NAVY);
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

enum status certificate_pdf(const struct certificate_doc *doc, GByteArray *out, GString *err)
{
	if (!out)
		return invalid(err, "no output buffer");
	enum status st = check_doc(doc, err);
	if (st != ST_OK)
		return st;
	/* Medium error correction (15 %): survives a crease or a smudge on
	 * paper without making the code too dense to scan from a screen. */
	errno = 0;
	QRcode *qr = QRcode_encodeString(doc->verify_url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		if (errno == ERANGE)
			return invalid(err, "verify_url is too long for a QR code");
		if (err)
			g_string_append_printf(err, "certificate: qrencode: %s", g_strerror(errno));
		return ST_IO;
	}

	guint start = out->len;
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_out, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
	struct pdf p = {.lang = doc->lang};
	char date[32], title[CERTIFICATE_PDF_MAX_TEXT * 2 + 64];
	dates_format_rfc3339(doc->issued_at, date, sizeof date);
	g_snprintf(title, sizeof title, "%s: %s (%s)", i18n_get(p.lang, "Certificate of achievement"),
		   doc->course_title, doc->holder_name);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, doc->organisation);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "campus");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);

	p.cr = cairo_create(surface);
	p.ctx = pango_cairo_create_context(p.cr);
	pango_cairo_context_set_resolution(p.ctx, 72.0); /* 1 pt of font size = 1 unit */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p.ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(p.ctx, FALSE);
	for (int f = 0; f < F_N; f++)
		p.font[f] = pango_font_description_from_string(fonts[f]);

	render(&p, doc, qr);

	for (int f = 0; f < F_N; f++)
		pango_font_description_free(p.font[f]);
	g_object_unref(p.ctx);
	cairo_destroy(p.cr);
	cairo_surface_finish(surface);
	cairo_status_t cs = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	QRcode_free(qr);
	if (cs != CAIRO_STATUS_SUCCESS) {
		if (err)
			g_string_append_printf(err, "certificate: cairo: %s", cairo_status_to_string(cs));
		g_byte_array_set_size(out, start);
		return ST_IO;
	}
	return ST_OK;
}

void certificate_pdf_release_fonts(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
