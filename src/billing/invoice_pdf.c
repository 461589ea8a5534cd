/* Invoice and credit-note PDF (INV-1, PAY-1, PAY-4): validation, totals,
 * formatting and the one-page A4 layout. See invoice_pdf.h for who owns
 * what. Layout in PDF points (1/72 inch), measured with pango before
 * anything is drawn so that a document that does not fit is refused
 * instead of overflowing. */
#include "billing/invoice_pdf.h"

#include <cairo.h>
#include <inttypes.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "base/dates.h"
#include "base/i18n.h"
#include "base/pdf_text.h"
#include "billing/money.h"

#include "base/banned.h"

#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */

/* --- formatting -------------------------------------------------------- */

static bool is_fr(const char *lang)
{
	return lang && !strcmp(lang, "fr");
}

void invoice_format_amount(const char *lang, const char *currency, int64_t amount, char *buf, size_t len)
{
	bool fr = is_fr(lang);
	const char *code = money_currency_valid(currency) ? currency : "XXX";
	const char *symbol = !strcmp(code, "EUR") ? "\xe2\x82\xac" : NULL; /* € */
	uint64_t a = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	uint64_t units = a / 100;
	unsigned cents = (unsigned)(a % 100);

	/* The whole units with a thousands separator every three digits. */
	char rev[24], whole[64];
	size_t n = 0, w = 0;
	do {
		rev[n++] = (char)('0' + units % 10);
		units /= 10;
	} while (units);
	const char *sep = fr ? NNBSP : ",";
	size_t sep_len = strlen(sep);
	for (size_t i = n; i-- > 0;) {
		whole[w++] = rev[i];
		if (i > 0 && i % 3 == 0) {
			memcpy(whole + w, sep, sep_len);
			w += sep_len;
		}
	}
	whole[w] = '\0';

	const char *sign = amount < 0 ? "-" : "";
	if (fr)
		g_snprintf(buf, len, "%s%s,%02u" NNBSP "%s", sign, whole, cents, symbol ? symbol : code);
	else if (symbol)
		g_snprintf(buf, len, "%s%s%s.%02u", sign, symbol, whole, cents);
	else
		g_snprintf(buf, len, "%s%s %s.%02u", sign, code, whole, cents);
}

void invoice_format_rate(const char *lang, int rate_bp, char *buf, size_t len)
{
	bool fr = is_fr(lang);
	const char *sign = rate_bp < 0 ? "-" : "";
	unsigned bp = rate_bp < 0 ? 0u - (unsigned)rate_bp : (unsigned)rate_bp;
	unsigned whole = bp / 100, frac = bp % 100;
	char num[32];
	if (frac == 0)
		g_snprintf(num, sizeof num, "%s%u", sign, whole);
	else if (frac % 10 == 0)
		g_snprintf(num, sizeof num, "%s%u%s%u", sign, whole, fr ? "," : ".", frac / 10);
	else
		g_snprintf(num, sizeof num, "%s%u%s%02u", sign, whole, fr ? "," : ".", frac);
	g_snprintf(buf, len, fr ? "%s" NNBSP "%%" : "%s%%", num);
}

/* --- validation and totals --------------------------------------------- */

enum {
	MAX_NUMBER_LEN = 40,
	MAX_VAT_RATE_BP = 10000, /* 100 % */
	MAX_LATE_RATE = 100, /* percent per month */
};

/* 0001-01-01 .. 9999-12-31: the instants GDateTime can show. */
static const int64_t MIN_INSTANT = -62135596800LL, MAX_INSTANT = 253402300799LL;

static enum status invalid(GString *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static enum status invalid(GString *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		g_string_append(err, "invoice: ");
		g_string_append_vprintf(err, fmt, ap);
		va_end(ap);
	}
	return ST_INVALID;
}

/* A string field: present when required, valid UTF-8, not too long, no
 * control characters (but '\n' when multiline). */
static enum status check_text(GString *err, const char *field, const char *s, bool required, bool multiline)
{
	if (!s || !*s)
		return required ? invalid(err, "%s is missing", field) : ST_OK;
	size_t len = strlen(s);
	if (len > INVOICE_PDF_MAX_TEXT)
		return invalid(err, "%s is too long (%zu bytes, at most %d)", field, len,
			       INVOICE_PDF_MAX_TEXT);
	if (!g_utf8_validate(s, (gssize)len, NULL))
		return invalid(err, "%s is not valid UTF-8", field);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if ((*c < 0x20 && !(multiline && *c == '\n')) || *c == 0x7f)
			return invalid(err, "%s contains a control character", field);
	return ST_OK;
}

static bool amount_ok(int64_t a)
{
	return a >= -INVOICE_PDF_MAX_AMOUNT && a <= INVOICE_PDF_MAX_AMOUNT;
}

static enum status check_instant(GString *err, const char *field, int64_t t)
{
	if (t < MIN_INSTANT || t > MAX_INSTANT)
		return invalid(err, "%s is out of range (%" PRId64 ")", field, t);
	return ST_OK;
}

static bool valid_country(const char *s)
{
	return s && g_ascii_isupper(s[0]) && g_ascii_isupper(s[1]) && !s[2];
}

static enum status check_party(GString *err, const char *who, const struct invoice_party *p, bool seller)
{
	char field[32];
	enum status st;
#define CHECK(member, required, multiline)                                                                   \
	do {                                                                                                 \
		g_snprintf(field, sizeof field, "%s.%s", who, #member);                                      \
		if ((st = check_text(err, field, p->member, required, multiline)) != ST_OK)                  \
			return st;                                                                           \
	} while (0)
	CHECK(name, true, false);
	CHECK(address, seller, true);
	CHECK(email, !seller, false);
	CHECK(vat_number, seller, false);
	CHECK(country, !seller, false);
#undef CHECK
	if (p->country && *p->country && !valid_country(p->country))
		return invalid(err,
			       "%s.country must be an ISO 3166-1 alpha-2 code in upper case (got \"%s\")",
			       who, p->country);
	return ST_OK;
}

static enum status check_doc(const struct invoice_doc *d, GString *err)
{
	enum status st;
	if (!d)
		return invalid(err, "no document");
	if (d->kind != INVOICE_KIND_INVOICE && d->kind != INVOICE_KIND_CREDIT_NOTE)
		return invalid(err, "kind %d is unknown", (int)d->kind);
	if (!d->lang || !i18n_supported(d->lang))
		return invalid(err, "lang \"%s\" is not supported (en or fr)", d->lang ? d->lang : "(null)");
	if ((st = check_text(err, "number", d->number, true, false)) != ST_OK)
		return st;
	if (strlen(d->number) > MAX_NUMBER_LEN)
		return invalid(err, "number is too long (at most %d bytes)", MAX_NUMBER_LEN);
	if (d->kind == INVOICE_KIND_CREDIT_NOTE) {
		if (!d->refers_to || !*d->refers_to)
			return invalid(err, "refers_to is missing (a credit note refers to its invoice)");
		if ((st = check_text(err, "refers_to", d->refers_to, true, false)) != ST_OK)
			return st;
		if (strlen(d->refers_to) > MAX_NUMBER_LEN)
			return invalid(err, "refers_to is too long (at most %d bytes)", MAX_NUMBER_LEN);
	} else if (d->refers_to) {
		return invalid(err,
			       "refers_to is set on an invoice (only a credit note refers to an invoice)");
	}
	if (!money_currency_valid(d->currency))
		return invalid(err, "currency \"%s\" is not an ISO 4217 code",
			       d->currency ? d->currency : "(null)");
	if ((st = check_party(err, "seller", &d->seller, true)) != ST_OK)
		return st;
	if ((st = check_party(err, "buyer", &d->buyer, false)) != ST_OK)
		return st;
	if (!d->tz)
		return invalid(err, "tz is missing");
	if ((st = check_instant(err, "issued_at", d->issued_at)) != ST_OK ||
	    (st = check_instant(err, "period_start", d->period_start)) != ST_OK ||
	    (st = check_instant(err, "period_end", d->period_end)) != ST_OK)
		return st;
	if (d->period_end < d->period_start)
		return invalid(err, "period_end is before period_start");
	switch (d->status) {
	case INVOICE_PAYMENT_DUE:
		if ((st = check_instant(err, "due_at", d->due_at)) != ST_OK)
			return st;
		break;
	case INVOICE_PAYMENT_PAID:
	case INVOICE_PAYMENT_REFUNDED:
		if ((d->status == INVOICE_PAYMENT_PAID) != (d->kind == INVOICE_KIND_INVOICE))
			return invalid(err, "status: an invoice is paid, a credit note is refunded");
		if ((st = check_instant(err, "paid_at", d->paid_at)) != ST_OK)
			return st;
		break;
	default: return invalid(err, "status %d is unknown", (int)d->status);
	}
	if ((unsigned)d->method > INVOICE_METHOD_VOUCHER)
		return invalid(err, "method %d is unknown", (int)d->method);
	if (d->late_fixed_fee < 0 || !amount_ok(d->late_fixed_fee))
		return invalid(err, "late_fixed_fee %" PRId64 " is out of range", d->late_fixed_fee);
	if (d->late_monthly_rate < 0 || d->late_monthly_rate > MAX_LATE_RATE)
		return invalid(err, "late_monthly_rate %d is out of range (0 to %d %%)", d->late_monthly_rate,
			       MAX_LATE_RATE);
	if (d->n_lines == 0 || !d->lines)
		return invalid(err, "a document has at least one line");
	if (d->n_lines > INVOICE_PDF_MAX_LINES)
		return invalid(err, "%zu lines, at most %d fit on the page", d->n_lines,
			       INVOICE_PDF_MAX_LINES);
	return ST_OK;
}

enum status invoice_doc_totals(const struct invoice_doc *d, struct invoice_totals *t, GString *err)
{
	enum status st = check_doc(d, err);
	if (st != ST_OK)
		return st;
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < d->n_lines; i++) {
		const struct invoice_line *l = &d->lines[i];
		char field[32];
		g_snprintf(field, sizeof field, "lines[%zu].description", i);
		if ((st = check_text(err, field, l->description, true, false)) != ST_OK)
			return st;
		if (l->quantity < 1 || l->quantity > INVOICE_PDF_MAX_QUANTITY)
			return invalid(err, "lines[%zu].quantity must be between 1 and %d (got %" PRId64 ")",
				       i, INVOICE_PDF_MAX_QUANTITY, l->quantity);
		if (!amount_ok(l->unit_price))
			return invalid(err, "lines[%zu].unit_price is out of range", i);
		if (l->vat_rate_bp < 0 || l->vat_rate_bp > MAX_VAT_RATE_BP)
			return invalid(err, "lines[%zu].vat_rate_bp must be between 0 and %d (got %d)", i,
				       MAX_VAT_RATE_BP, l->vat_rate_bp);
		/* |quantity * unit_price| <= 1e5 * 1e13: no overflow. */
		int64_t gross = l->quantity * l->unit_price;
		if (!amount_ok(gross))
			return invalid(err, "lines[%zu]: the line total is out of range", i);
		size_t r = 0;
		while (r < t->n_rates && t->rates[r].vat_rate_bp != l->vat_rate_bp)
			r++;
		if (r == t->n_rates)
			t->rates[t->n_rates++].vat_rate_bp = l->vat_rate_bp;
		t->rates[r].gross += gross; /* at most 16 * 1e13 */
	}
	for (size_t r = 0; r < t->n_rates; r++) {
		struct invoice_rate_total *rt = &t->rates[r];
		if (!amount_ok(rt->gross))
			return invalid(err, "the total at one VAT rate is out of range");
		money_vat_split(rt->gross, rt->vat_rate_bp, &rt->net, &rt->vat);
		t->net += rt->net;
		t->vat += rt->vat;
		t->gross += rt->gross;
	}
	if (!amount_ok(t->gross))
		return invalid(err, "the total is out of range");
	if (d->kind == INVOICE_KIND_INVOICE && t->gross < 0)
		return invalid(err, "an invoice's total is negative (a refund is a credit note)");
	if (d->kind == INVOICE_KIND_CREDIT_NOTE && t->gross > 0)
		return invalid(err, "a credit note's total is positive (its prices are negative)");
	return ST_OK;
}

/* --- layout ------------------------------------------------------------- */

/* A4 in points, margins and colours (0xRRGGBB). */
static const double PAGE_W = 595.2756, PAGE_H = 841.8898, MARGIN = 48.0;
static const double BAND_H = 92.0, FOOTER_TOP = 841.8898 - 58.0;
enum {
	C_BRAND = 0x1f3a5f,
	C_INK = 0x222222,
	C_MUTED = 0x6b7280,
	C_RULE = 0xd5d9de,
	C_BOX = 0xf3f5f8,
	C_WHITE = 0xffffff,
	C_BAND_SUB = 0xc9d6e8,
};

enum font { F_BODY, F_BOLD, F_SMALL, F_LABEL, F_TITLE, F_BRAND, F_TOTAL, F_N };

static const char *const fonts[F_N] = {
	[F_BODY] = "DejaVu Sans 9",          [F_BOLD] = "DejaVu Sans Bold 9",
	[F_SMALL] = "DejaVu Sans 7",         [F_LABEL] = "DejaVu Sans Bold 7",
	[F_TITLE] = "DejaVu Sans Bold 18",   [F_BRAND] = "DejaVu Sans Bold 20",
	[F_TOTAL] = "DejaVu Sans Bold 10.5",
};

struct pdf {
	struct pdf_text t;
	const char *lang;
	GPtrArray *made; /* the layouts of this document's own text, unreferenced at the end */
};

/* A layout of text that belongs to this document (the number, the buyer,
 * dates, amounts, descriptions); kept until the document is written. */
static PangoLayout *mk(struct pdf *p, enum font f, double width, PangoAlignment align, const char *text)
{
	PangoLayout *l = pdf_text_layout(&p->t, (int)f, width, align, text);
	g_ptr_array_add(p->made, l);
	return l;
}

/* A layout of text that recurs from one document to the next: the wording,
 * and what comes from the configuration (the seller, the PAY-4 terms).
 * Laid out once per thread (pdf_text_label). */
static PangoLayout *lbl(struct pdf *p, enum font f, double width, PangoAlignment align, const char *text)
{
	return pdf_text_label(&p->t, (int)f, width, align, false, text);
}

static double height_of(PangoLayout *l)
{
	double h;
	pdf_text_size(l, NULL, &h);
	return h;
}

/* Draws l at (x, y); returns its height. */
static double put(struct pdf *p, PangoLayout *l, double x, double y, unsigned rgb)
{
	pdf_text_show(&p->t, l, x, y, rgb);
	return height_of(l);
}

/* A label in capitals (the small grey headings). */
static PangoLayout *lbl_up(struct pdf *p, enum font f, double width, PangoAlignment align, const char *text)
{
	char *up = g_utf8_strup(text, -1);
	PangoLayout *l = lbl(p, f, width, align, up);
	g_free(up);
	return l;
}

static void fill_rect(struct pdf *p, double x, double y, double w, double h, unsigned rgb)
{
	pdf_text_colour(&p->t, rgb);
	cairo_rectangle(p->t.cr, x, y, w, h);
	cairo_fill(p->t.cr);
}

static void human_date(const struct invoice_doc *d, int64_t t, char *buf, size_t len)
{
	dates_format_human(d->tz, t, d->lang, buf, len);
}

/* --- the blocks of the page ---------------------------------------------- */

static const char *kind_title(const struct pdf *p, const struct invoice_doc *d)
{
	return d->kind == INVOICE_KIND_INVOICE ? i18n_get(p->lang, "Invoice")
					       : i18n_get(p->lang, "Credit note");
}

static void draw_band(struct pdf *p, const struct invoice_doc *d)
{
	fill_rect(p, 0, 0, PAGE_W, BAND_H, C_BRAND);
	double right_w = 200, left_w = PAGE_W - 2 * MARGIN - right_w - 12;
	/* one line; the full name is below */
	PangoLayout *brand = pdf_text_label(&p->t, F_BRAND, left_w, PANGO_ALIGN_LEFT, true, d->seller.name);
	pdf_text_show(&p->t, brand, MARGIN, 30, C_WHITE);

	double x = PAGE_W - MARGIN - right_w;
	double h = put(p, lbl_up(p, F_TITLE, right_w, PANGO_ALIGN_RIGHT, kind_title(p, d)), x, 24, C_WHITE);
	char buf[96];
	g_snprintf(buf, sizeof buf, i18n_get(p->lang, "No. %s"), d->number);
	put(p, mk(p, F_BODY, right_w, PANGO_ALIGN_RIGHT, buf), x, 24 + h + 2, C_BAND_SUB);
}

/* A party's block: label, name, address lines, then the extra lines. The
 * seller's is the same on every document (recurs). */
static double draw_party(struct pdf *p, const struct invoice_party *party, const char *label, double x,
			 double y, double w, bool recurs)
{
	PangoLayout *(*text)(struct pdf *, enum font, double, PangoAlignment, const char *) =
		recurs ? lbl : mk;
	double y0 = y;
	y += put(p, lbl_up(p, F_LABEL, w, PANGO_ALIGN_LEFT, label), x, y, C_MUTED) + 4;
	y += put(p, text(p, F_BOLD, w, PANGO_ALIGN_LEFT, party->name), x, y, C_INK) + 1;
	GString *s = g_string_new(NULL);
	if (party->address && *party->address)
		g_string_append(s, party->address);
	char buf[INVOICE_PDF_MAX_TEXT + 64];
	if (party->country && *party->country) {
		g_snprintf(buf, sizeof buf, i18n_get(p->lang, "Country: %s"), party->country);
		g_string_append_printf(s, "%s%s", s->len ? "\n" : "", buf);
	}
	if (party->email && *party->email) {
		g_snprintf(buf, sizeof buf, i18n_get(p->lang, "Email: %s"), party->email);
		g_string_append_printf(s, "%s%s", s->len ? "\n" : "", buf);
	}
	if (party->vat_number && *party->vat_number) {
		g_snprintf(buf, sizeof buf, i18n_get(p->lang, "VAT no.: %s"), party->vat_number);
		g_string_append_printf(s, "%s%s", s->len ? "\n" : "", buf);
	}
	if (s->len)
		y += put(p, text(p, F_BODY, w, PANGO_ALIGN_LEFT, s->str), x, y, C_INK);
	g_string_free(s, TRUE);
	return y - y0;
}

/* The grey box with number, dates and, for a credit note, its invoice. */
static double draw_meta(struct pdf *p, const struct invoice_doc *d, double y)
{
	char issued[64], from[64], to[64], period[160], ref[96];
	human_date(d, d->issued_at, issued, sizeof issued);
	human_date(d, d->period_start, from, sizeof from);
	human_date(d, d->period_end, to, sizeof to);
	g_snprintf(period, sizeof period, i18n_get(p->lang, "%s to %s"), from, to);
	const char *labels[3] = {
		d->kind == INVOICE_KIND_INVOICE ? i18n_get(p->lang, "Invoice number")
						: i18n_get(p->lang, "Credit note number"),
		i18n_get(p->lang, "Issue date"),
		i18n_get(p->lang, "Service period"),
	};
	const char *values[3] = {d->number, issued, period};
	double widths[3] = {130, 130, PAGE_W - 2 * MARGIN - 260 - 3 * 12};
	double pad = 10, inner = 0;
	PangoLayout *ll[3], *vl[3];
	for (int i = 0; i < 3; i++) {
		ll[i] = lbl_up(p, F_LABEL, widths[i], PANGO_ALIGN_LEFT, labels[i]);
		vl[i] = mk(p, F_BOLD, widths[i], PANGO_ALIGN_LEFT, values[i]);
		double h = height_of(ll[i]) + 3 + height_of(vl[i]);
		inner = h > inner ? h : inner;
	}
	PangoLayout *refl = NULL;
	if (d->kind == INVOICE_KIND_CREDIT_NOTE) {
		g_snprintf(ref, sizeof ref, i18n_get(p->lang, "Refers to invoice %s"), d->refers_to);
		refl = mk(p, F_BODY, PAGE_W - 2 * MARGIN - 2 * pad, PANGO_ALIGN_LEFT, ref);
		inner += 6 + height_of(refl);
	}
	double box_h = inner + 2 * pad;
	fill_rect(p, MARGIN, y, PAGE_W - 2 * MARGIN, box_h, C_BOX);
	double x = MARGIN + pad;
	double row_h = 0;
	for (int i = 0; i < 3; i++) {
		pdf_text_show(&p->t, ll[i], x, y + pad, C_MUTED);
		double lh = height_of(ll[i]);
		pdf_text_show(&p->t, vl[i], x, y + pad + lh + 3, C_INK);
		double h = lh + 3 + height_of(vl[i]);
		row_h = h > row_h ? h : row_h;
		x += widths[i] + 12;
	}
	if (refl)
		pdf_text_show(&p->t, refl, MARGIN + pad, y + pad + row_h + 6, C_INK);
	return box_h;
}

/* The table: five columns, amounts right-aligned. */
enum { COLS = 5 };
static const struct {
	double x, w; /* from the left margin */
	PangoAlignment align;
} cols[COLS] = {
	{0, 214, PANGO_ALIGN_LEFT},   {222, 36, PANGO_ALIGN_RIGHT},      {266, 92, PANGO_ALIGN_RIGHT},
	{366, 40, PANGO_ALIGN_RIGHT}, {414, 85.2756, PANGO_ALIGN_RIGHT},
};
static const double CELL_PAD = 5.0;

struct row {
	PangoLayout *cell[COLS];
	double h;
};

static void row_measure(struct row *r)
{
	double h = 0;
	for (int c = 0; c < COLS; c++) {
		double ch = height_of(r->cell[c]);
		h = ch > h ? ch : h;
	}
	r->h = h + 2 * CELL_PAD;
}

static void row_draw(struct pdf *p, const struct row *r, double y, unsigned rgb)
{
	for (int c = 0; c < COLS; c++)
		pdf_text_show(&p->t, r->cell[c], MARGIN + cols[c].x, y + CELL_PAD, rgb);
}

static void header_row(struct pdf *p, struct row *r)
{
	const char *h[COLS] = {i18n_get(p->lang, "Description"), i18n_get(p->lang, "Qty"),
			       i18n_get(p->lang, "Unit price incl. VAT"), i18n_get(p->lang, "VAT"),
			       i18n_get(p->lang, "Total incl. VAT")};
	for (int c = 0; c < COLS; c++)
		r->cell[c] = lbl(p, F_LABEL, cols[c].w, cols[c].align, h[c]);
	row_measure(r);
}

static void line_row(struct pdf *p, const struct invoice_doc *d, const struct invoice_line *l, struct row *r)
{
	char qty[32], unit[INVOICE_AMOUNT_BUFSIZE], rate[32], total[INVOICE_AMOUNT_BUFSIZE];
	g_snprintf(qty, sizeof qty, "%" PRId64, l->quantity);
	invoice_format_amount(d->lang, d->currency, l->unit_price, unit, sizeof unit);
	invoice_format_rate(d->lang, l->vat_rate_bp, rate, sizeof rate);
	invoice_format_amount(d->lang, d->currency, l->quantity * l->unit_price, total, sizeof total);
	const char *v[COLS] = {l->description, qty, unit, rate, total};
	for (int c = 0; c < COLS; c++)
		r->cell[c] = mk(p, F_BODY, cols[c].w, cols[c].align, v[c]);
	row_measure(r);
}

/* The totals (right) and the payment (left), side by side: laid out once by
 * totals_make, which measures them, and drawn by totals_draw. */
struct totals {
	size_t n; /* the rows above the rule: the net total and one per VAT rate */
	PangoLayout *label[INVOICE_PDF_MAX_LINES + 1], *value[INVOICE_PDF_MAX_LINES + 1];
	PangoLayout *total_label, *total_value; /* below the rule */
	PangoLayout *pay_label, *pay_text; /* on the left */
	double h; /* the height of the block */
};

static const double TOTALS_LABEL_W = 150, TOTALS_VALUE_W = 100, PAY_W = 220;

/* Positions the rows starting at y (the same sums when measuring and when
 * drawing, so that the drawing is where it was measured); draws when draw.
 * Returns the height. */
static double totals_place(struct pdf *p, const struct totals *tl, double y, bool draw)
{
	double label_x = PAGE_W - MARGIN - 250, value_x = PAGE_W - MARGIN - 100;
	double ty = y;
	for (size_t i = 0; i < tl->n; i++) {
		double h = MAX(height_of(tl->label[i]), height_of(tl->value[i]));
		if (draw) {
			pdf_text_show(&p->t, tl->label[i], label_x, ty, C_MUTED);
			pdf_text_show(&p->t, tl->value[i], value_x, ty, C_INK);
		}
		ty += h + 4;
	}
	if (draw)
		pdf_text_hrule(&p->t, label_x, PAGE_W - MARGIN, ty + 1, 1.0, C_BRAND);
	ty += 6;
	if (draw) {
		pdf_text_show(&p->t, tl->total_label, label_x, ty, C_BRAND);
		pdf_text_show(&p->t, tl->total_value, value_x, ty, C_BRAND);
	}
	ty += MAX(height_of(tl->total_label), height_of(tl->total_value));

	double py = y;
	if (draw)
		pdf_text_show(&p->t, tl->pay_label, MARGIN, py, C_MUTED);
	py += height_of(tl->pay_label) + 3;
	if (draw)
		pdf_text_show(&p->t, tl->pay_text, MARGIN, py, C_INK);
	py += height_of(tl->pay_text);
	return MAX(ty, py) - y;
}

static void totals_make(struct pdf *p, const struct invoice_doc *d, const struct invoice_totals *t,
			struct totals *tl)
{
	char value[INVOICE_AMOUNT_BUFSIZE], rate[32], base[INVOICE_AMOUNT_BUFSIZE], label[128];
	size_t n = 0;
	invoice_format_amount(d->lang, d->currency, t->net, value, sizeof value);
	tl->label[n] = lbl(p, F_BODY, TOTALS_LABEL_W, PANGO_ALIGN_LEFT, i18n_get(p->lang, "Total excl. VAT"));
	tl->value[n] = mk(p, F_BODY, TOTALS_VALUE_W, PANGO_ALIGN_RIGHT, value);
	n++;
	for (size_t r = 0; r < t->n_rates; r++, n++) {
		invoice_format_rate(d->lang, t->rates[r].vat_rate_bp, rate, sizeof rate);
		if (t->n_rates == 1) {
			/* "VAT 20%": the same on many documents */
			g_snprintf(label, sizeof label, i18n_get(p->lang, "VAT %s"), rate);
			tl->label[n] = lbl(p, F_BODY, TOTALS_LABEL_W, PANGO_ALIGN_LEFT, label);
		} else {
			invoice_format_amount(d->lang, d->currency, t->rates[r].net, base, sizeof base);
			g_snprintf(label, sizeof label, i18n_get(p->lang, "VAT %s on %s"), rate, base);
			tl->label[n] = mk(p, F_BODY, TOTALS_LABEL_W, PANGO_ALIGN_LEFT, label);
		}
		invoice_format_amount(d->lang, d->currency, t->rates[r].vat, value, sizeof value);
		tl->value[n] = mk(p, F_BODY, TOTALS_VALUE_W, PANGO_ALIGN_RIGHT, value);
	}
	tl->n = n;
	invoice_format_amount(d->lang, d->currency, t->gross, value, sizeof value);
	tl->total_label =
		lbl(p, F_TOTAL, TOTALS_LABEL_W, PANGO_ALIGN_LEFT, i18n_get(p->lang, "Total incl. VAT"));
	tl->total_value = mk(p, F_TOTAL, TOTALS_VALUE_W, PANGO_ALIGN_RIGHT, value);

	/* The payment, on the left. */
	char date[64], status[160], method[128];
	switch (d->status) {
	case INVOICE_PAYMENT_PAID:
		human_date(d, d->paid_at, date, sizeof date);
		g_snprintf(status, sizeof status, i18n_get(p->lang, "Paid on %s"), date);
		break;
	case INVOICE_PAYMENT_REFUNDED:
		human_date(d, d->paid_at, date, sizeof date);
		g_snprintf(status, sizeof status, i18n_get(p->lang, "Refunded on %s"), date);
		break;
	default:
		human_date(d, d->due_at, date, sizeof date);
		if (d->kind == INVOICE_KIND_INVOICE)
			g_snprintf(status, sizeof status, i18n_get(p->lang, "Due by %s"), date);
		else
			g_snprintf(status, sizeof status, i18n_get(p->lang, "To be refunded by %s"), date);
		break;
	}
	const char *m = NULL;
	switch (d->method) {
	case INVOICE_METHOD_CARD: m = i18n_get(p->lang, "card"); break;
	case INVOICE_METHOD_PAYPAL: m = i18n_get(p->lang, "PayPal"); break;
	case INVOICE_METHOD_VOUCHER: m = i18n_get(p->lang, "voucher"); break;
	default: break;
	}
	tl->pay_label = lbl_up(p, F_LABEL, PAY_W, PANGO_ALIGN_LEFT, i18n_get(p->lang, "Payment"));
	GString *s = g_string_new(status);
	if (m) {
		g_snprintf(method, sizeof method, i18n_get(p->lang, "Payment method: %s"), m);
		g_string_append_printf(s, "\n%s", method);
	}
	tl->pay_text = mk(p, F_BODY, PAY_W, PANGO_ALIGN_LEFT, s->str);
	g_string_free(s, TRUE);
	tl->h = totals_place(p, tl, 0, false);
}

/* The terms above the footer: VAT included, PAY-4, no discount. The same
 * on every document of a currency and language (the figures are config). */
static PangoLayout *terms_layout(struct pdf *p, const struct invoice_doc *d)
{
	char fee[INVOICE_AMOUNT_BUFSIZE], rate[32], buf[1024];
	invoice_format_amount(d->lang, "EUR", d->late_fixed_fee, fee, sizeof fee);
	invoice_format_rate(d->lang, d->late_monthly_rate * BILLING_BP_PER_PERCENT, rate, sizeof rate);
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, i18n_get(p->lang, "Amounts in %s, VAT included."), d->currency);
	g_string_append_c(s, ' ');
	g_string_append(s, i18n_get(p->lang, "No discount for early payment."));
	g_string_append_c(s, '\n');
	g_snprintf(buf, sizeof buf,
		   i18n_get(p->lang, "Late payment: from its due date, an unpaid amount incurs a fixed "
				     "recovery fee of %s, "
				     "plus %s of the unpaid principal for every full month it remains unpaid "
				     "(not compounded)."),
		   fee, rate);
	g_string_append(s, buf);
	PangoLayout *l = lbl(p, F_SMALL, PAGE_W - 2 * MARGIN, PANGO_ALIGN_LEFT, s->str);
	g_string_free(s, TRUE);
	return l;
}

static void draw_footer(struct pdf *p, const struct invoice_doc *d)
{
	pdf_text_hrule(&p->t, MARGIN, PAGE_W - MARGIN, FOOTER_TOP, 0.5, C_RULE);
	char vat[128];
	g_snprintf(vat, sizeof vat, i18n_get(p->lang, "VAT no.: %s"), d->seller.vat_number);
	char *address = g_strdup(d->seller.address);
	g_strdelimit(address, "\n", ',');
	GString *s = g_string_new(NULL);
	/* "a,b" from the newlines reads better as "a, b" */
	for (const char *c = address; *c; c++) {
		g_string_append_c(s, *c);
		if (*c == ',' && c[1] != ' ')
			g_string_append_c(s, ' ');
	}
	g_free(address);
	char *line = g_strdup_printf("%s \xc2\xb7 %s \xc2\xb7 %s", d->seller.name, s->str, vat);
	g_string_free(s, TRUE);
	/* The seller's line recurs; the document's own line has its number. */
	double h = put(p, lbl(p, F_SMALL, PAGE_W - 2 * MARGIN, PANGO_ALIGN_CENTER, line), MARGIN,
		       FOOTER_TOP + 6, C_MUTED);
	g_free(line);
	char page[128];
	g_snprintf(page, sizeof page, "%s %s \xc2\xb7 %s", kind_title(p, d), d->number,
		   i18n_get(p->lang, "Page 1 of 1"));
	put(p, mk(p, F_SMALL, PAGE_W - 2 * MARGIN, PANGO_ALIGN_CENTER, page), MARGIN, FOOTER_TOP + 6 + h + 2,
	    C_MUTED);
}

static enum status render(struct pdf *p, const struct invoice_doc *d, const struct invoice_totals *t,
			  GString *err)
{
	/* Measure the table and what must follow it before drawing anything. */
	struct row head, rows[INVOICE_PDF_MAX_LINES];
	header_row(p, &head);
	double table_h = head.h;
	for (size_t i = 0; i < d->n_lines; i++) {
		line_row(p, d, &d->lines[i], &rows[i]);
		table_h += rows[i].h;
	}
	PangoLayout *terms = terms_layout(p, d);
	double terms_h = height_of(terms);
	double terms_y = FOOTER_TOP - 12 - terms_h;

	draw_band(p, d);
	double y = BAND_H + 24;
	double half = (PAGE_W - 2 * MARGIN - 24) / 2;
	double hs = draw_party(p, &d->seller, i18n_get(p->lang, "Seller"), MARGIN, y, half, true);
	double hb =
		draw_party(p, &d->buyer, i18n_get(p->lang, "Customer"), MARGIN + half + 24, y, half, false);
	y += MAX(hs, hb) + 18;
	y += draw_meta(p, d, y) + 18;

	struct totals tl;
	totals_make(p, d, t, &tl);
	double totals_h = tl.h;
	double need = table_h + 14 + totals_h;
	double room = terms_y - 14 - y;
	if (need > room)
		return invalid(err,
			       "the %zu lines do not fit on the page (they need %.0f pt, %.0f pt are left); "
			       "shorten the descriptions or split the document",
			       d->n_lines, need - 14 - totals_h, room - 14 - totals_h);

	row_draw(p, &head, y, C_MUTED);
	y += head.h;
	pdf_text_hrule(&p->t, MARGIN, PAGE_W - MARGIN, y, 1.0, C_BRAND);
	for (size_t i = 0; i < d->n_lines; i++) {
		row_draw(p, &rows[i], y, C_INK);
		y += rows[i].h;
		pdf_text_hrule(&p->t, MARGIN, PAGE_W - MARGIN, y, 0.5, C_RULE);
	}
	y += 14;
	totals_place(p, &tl, y, true);
	pdf_text_show(&p->t, terms, MARGIN, terms_y, C_MUTED);
	draw_footer(p, d);
	return ST_OK;
}

enum status invoice_pdf(const struct invoice_doc *doc, GByteArray *out, GString *err)
{
	if (!out)
		return invalid(err, "no output buffer");
	struct invoice_totals totals;
	enum status st = invoice_doc_totals(doc, &totals, err);
	if (st != ST_OK)
		return st;

	guint start = out->len;
	/* The creation date is the issue date so that the same document always
	 * gives the same bytes. */
	struct pdf p = {.lang = doc->lang, .made = g_ptr_array_new_with_free_func(g_object_unref)};
	char title[128];
	g_snprintf(title, sizeof title, "%s %s", kind_title(&p, doc), doc->number);
	pdf_text_begin(&p.t, out, PAGE_W, PAGE_H, title, doc->seller.name, doc->issued_at, fonts, F_N);
	/* DESIGN.md asks for speed (>= 200 a second, >= 50x Chromium); 42 KiB
	 * instead of 30 is the price. */
	p.t.uncompressed = true;
	st = render(&p, doc, &totals, err);
	cairo_status_t cs = pdf_text_end(&p.t);
	g_ptr_array_free(p.made, TRUE);
	if (st == ST_OK && cs != CAIRO_STATUS_SUCCESS) {
		if (err)
			g_string_append_printf(err, "invoice: cairo: %s", cairo_status_to_string(cs));
		st = ST_IO;
	}
	if (st != ST_OK)
		g_byte_array_set_size(out, start);
	return st;
}

void invoice_pdf_release_fonts(void)
{
	pdf_text_release_fonts();
}
