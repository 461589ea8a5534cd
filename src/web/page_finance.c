/* The finance page (issue 4 §6, INV-1): a year of invoices and credit
 * notes at a glance (a chart and the table of the months, in euros, the
 * books' currency; other currencies summed apart), the latest documents,
 * and the downloads of the complete CSV export and the French FEC file
 * (web/api_finance.c). Totals are sums made by the database, so they are
 * right however many documents the year has. Finance and administrators
 * only (the route checks it, and again here). */
#include <string.h>

#include "base/dates.h"
#include "billing/subscription.h"
#include "billing/finance_export.h"
#include "store/store_finance.h"
#include "web/layout.h"
#include "web/page_premium.h"
#include "web/pages.h"
#include "web/pages_billing.h"

#include "base/banned.h"

enum { LATEST = 20, CURRENCIES_MAX = 8 };

static const char *const month_abbr[] = {N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
					 N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")};

/* The documents of one month (or of the year) in one currency. */
struct fin_month {
	int64_t invoices, net, vat, gross; /* invoices */
	int64_t credit_notes, credited; /* credit notes: count and amount (> 0) */
};

struct fin_year {
	int year;
	struct fin_month eur[12], eur_year;
	struct {
		char code[4];
		struct fin_month sums;
	} other[CURRENCIES_MAX];
	int n_other;
	int64_t documents;
};

static void add(struct fin_month *m, const struct fin_total *t)
{
	if (t->credit_note) {
		m->credit_notes += t->count;
		m->credited += t->gross < 0 ? -t->gross : t->gross; /* stored negative */
	} else {
		m->invoices += t->count;
		m->net += t->net;
		m->vat += t->vat;
		m->gross += t->gross;
	}
}

/* Twelve sums by the database, one per month of the platform's zone. */
static enum status load_year(struct req *r, struct fin_year *y, GString *err)
{
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	if (!tz)
		tz = g_time_zone_new_utc();
	enum status st = ST_OK;
	for (int m = 0; m < 12 && st == ST_OK; m++) {
		GDateTime *a = g_date_time_new(tz, y->year, m + 1, 1, 0, 0, 0);
		GDateTime *b = m == 11 ? g_date_time_new(tz, y->year + 1, 1, 1, 0, 0, 0)
				       : g_date_time_new(tz, y->year, m + 2, 1, 0, 0, 0);
		struct fin_total *t = NULL;
		int n = 0;
		st = store_fin_totals(req_db(r), r->a, g_date_time_to_unix(a), g_date_time_to_unix(b), &t, &n,
				      err);
		g_date_time_unref(a);
		g_date_time_unref(b);
		for (int i = 0; st == ST_OK && i < n; i++) {
			y->documents += t[i].count;
			if (!strcmp(t[i].currency, "EUR")) {
				add(&y->eur[m], &t[i]);
				add(&y->eur_year, &t[i]);
				continue;
			}
			int k = 0;
			while (k < y->n_other && strcmp(y->other[k].code, t[i].currency))
				k++;
			if (k == y->n_other && k < CURRENCIES_MAX)
				g_strlcpy(y->other[y->n_other++].code, t[i].currency,
					  sizeof(y->other[k].code));
			if (k < y->n_other)
				add(&y->other[k].sums, &t[i]);
		}
	}
	g_time_zone_unref(tz);
	return st;
}

enum { CH_LEFT = 64, CH_TOP = 14, CH_H = 150, CH_AXIS = 24, BAR = 13, PAIR_GAP = 2, MONTH_W = 44 };

/* Invoiced and credited per month, in euros: two bars a month. */
static void chart(struct req *r, const struct fin_year *y)
{
	GString *o = r->h->out;
	int64_t top = 0;
	for (int m = 0; m < 12; m++) {
		if (y->eur[m].gross > top)
			top = y->eur[m].gross;
		if (y->eur[m].credited > top)
			top = y->eur[m].credited;
	}
	int width = CH_LEFT + 12 * MONTH_W, height = CH_TOP + CH_H + CH_AXIS;
	html_put(o,
		 "<svg class=\"chart fin-chart\" role=\"img\" aria-labelledby=\"fin-chart-t fin-chart-d\" "
		 "viewBox=\"0 0 %d %d\" width=\"100%%\" preserveAspectRatio=\"xMinYMin meet\" "
		 "xmlns=\"http://www.w3.org/2000/svg\">",
		 width, height);
	html_put(o, "<title id=\"fin-chart-t\">%s</title>",
		 arena_printf(r->a, T(r, "Invoiced and credited per month in %d, in euros"), y->year));
	html_put(o, "<desc id=\"fin-chart-d\">%s</desc>",
		 arena_printf(
			 r->a,
			 T(r, "Invoiced in the year: %s; credited: %s. The table below gives each month."),
			 bw_money(r, y->eur_year.gross, "EUR"), bw_money(r, y->eur_year.credited, "EUR")));
	int base = CH_TOP + CH_H;
	html_put(o, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", CH_LEFT - 2, base,
		 width, base);
	html_put(o, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", CH_LEFT - 6,
		 CH_TOP + 4, bw_money(r, top, "EUR"));
	html_put(o, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>", CH_LEFT - 6, base);
	for (int m = 0; m < 12; m++) {
		int x = CH_LEFT + m * MONTH_W + 6;
		const int64_t v[2] = {y->eur[m].gross, y->eur[m].credited};
		for (int k = 0; k < 2; k++) {
			int h = top > 0 ? (int)(v[k] * CH_H / top) : 0;
			if (v[k] > 0 && h < 2)
				h = 2; /* a month with little is still seen */
			if (h > 0) /* the amount shows on hover */
				html_put(o,
					 "<rect class=\"bar%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\">"
					 "<title>%s %s: %s</title></rect>",
					 k ? " credit" : "", x + k * (BAR + PAIR_GAP), base - h, BAR, h,
					 dates_month_name(m + 1, r->lang),
					 k ? T(r, "credited") : T(r, "invoiced"), bw_money(r, v[k], "EUR"));
		}
		html_put(o, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
			 x + BAR, base + 16, T(r, month_abbr[m]));
	}
	html_lit(o, "</svg>");
	html_put(o,
		 "<p class=\"legend\"><span><span class=\"swatch\" aria-hidden=\"true\"></span>%s</span>"
		 "<span><span class=\"swatch credit\" aria-hidden=\"true\"></span>%s</span></p>",
		 T(r, "Invoiced (VAT included)"), T(r, "Credit notes"));
}

static void month_row(struct req *r, const char *label, const struct fin_month *m, const char *currency,
		      bool head)
{
	html_put(r->h->out,
		 "<tr%s><th scope=\"row\">%s</th><td class=\"num\">%lld</td><td class=\"num\">%s</td>"
		 "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%lld</td>"
		 "<td class=\"num\">%s</td></tr>",
		 head ? " class=\"total\"" : "", label, (long long)m->invoices, bw_money(r, m->net, currency),
		 bw_money(r, m->vat, currency), bw_money(r, m->gross, currency), (long long)m->credit_notes,
		 bw_money(r, m->credited, currency));
}

static void months_table_head(struct req *r, const char *caption, const char *first)
{
	html_put(r->h->out,
		 "<div class=\"table-wrap\"><table class=\"data\"><caption>%s</caption><thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		 "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		 "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		 "<th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
		 caption, first, T(r, "Invoices"), T(r, "Net"), T(r, "VAT"), T(r, "Total"),
		 T(r, "Credit notes"), T(r, "Credited"));
}

static void year_section(struct req *r, const struct fin_year *y)
{
	GString *o = r->h->out;
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-year\"><h2 id=\"h-year\">%s</h2>",
		 arena_printf(r->a, T(r, "%d at a glance"), y->year));
	if (!y->documents) {
		html_put(o, "<p>%s</p></section>", T(r, "No invoice or credit note was issued this year."));
		return;
	}
	chart(r, y);
	months_table_head(r, T(r, "Documents in euros by month of issue"), T(r, "Month"));
	for (int m = 0; m < 12; m++)
		month_row(r, dates_month_name(m + 1, r->lang), &y->eur[m], "EUR", false);
	month_row(r, arena_printf(r->a, T(r, "Year %d"), y->year), &y->eur_year, "EUR", true);
	html_lit(o, "</tbody></table></div>");
	if (y->n_other) {
		months_table_head(
			r, T(r, "Documents in other currencies (not in the FEC file, which is in euros)"),
			T(r, "Currency"));
		for (int k = 0; k < y->n_other; k++)
			month_row(r, y->other[k].code, &y->other[k].sums, y->other[k].code, false);
		html_lit(o, "</tbody></table></div>");
	}
	html_lit(o, "</section>");
}

static void latest_section(struct req *r, const struct fin_year *y, const struct fin_doc *v, int n)
{
	GString *o = r->h->out;
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-inv\"><h2 id=\"h-inv\">%s</h2>",
		 T(r, "Latest documents"));
	html_put(o, "<p>%s</p>",
		 arena_printf(
			 r->a,
			 T(r, "The %d most recent of the %lld documents of %d; the exports list them all."),
			 n, (long long)y->documents, y->year));
	if (n) {
		html_put(
			o,
			"<div class=\"table-wrap\"><table class=\"data\"><thead><tr><th scope=\"col\">%s</th>"
			"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			"<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
			"<th scope=\"col\" class=\"num\">%s</th><th "
			"scope=\"col\">%s</th></tr></thead><tbody>",
			T(r, "Number"), T(r, "Date"), T(r, "Document"), T(r, "Customer"), T(r, "Net"),
			T(r, "VAT"), T(r, "Total"), T(r, "PDF"));
		for (int i = 0; i < n; i++) {
			html_put(o, "<tr%s><td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
				 v[i].credit_note ? " class=\"credit\"" : "", v[i].number,
				 bw_date(r, v[i].issued_at),
				 v[i].credit_note ? T(r, "Credit note") : T(r, "Invoice"), v[i].buyer_name);
			html_put(
				o,
				"<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>",
				bw_money(r, v[i].net, v[i].currency), bw_money(r, v[i].vat, v[i].currency),
				bw_money(r, v[i].gross, v[i].currency));
			html_put(o,
				 "<td><a href=\"/api/v1/invoices/%s/pdf\">%s<span class=\"sr\"> "
				 "%s</span></a></td></tr>",
				 v[i].number, T(r, "PDF"), v[i].number);
		}
		html_lit(o, "</tbody></table></div>");
	}
	html_lit(o, "</section>");
}

enum { SUB_STATES = SUB_WITHDRAWN + 1, ST_LABEL = 150, ST_ROW = 26, ST_BAR_W = 200 };

/* The subscriptions as they stand: a bar per state, and what renews each
 * month (the period price of the active ones spread over its months). */
static void subs_section(struct req *r, const struct fin_subs *s, int n)
{
	GString *o = r->h->out;
	int64_t count[SUB_STATES] = {0}, top = 0, total = 0;
	const char *title[SUB_STATES] = {0};
	struct mrr {
		const char *code;
		int64_t cents;
	} mrr[CURRENCIES_MAX];
	int n_mrr = 0;
	for (int i = 0; i < n; i++) {
		struct bl_sub b = {.state = s[i].state, .cancel_at_term = s[i].cancel_at_term};
		enum sub_state st = SUB_TERMINATED;
		if (!sub_state_parse(s[i].state, &st))
			st = SUB_TERMINATED;
		if (st == SUB_ACTIVE && s[i].cancel_at_term)
			st = SUB_CANCELLING;
		count[st] += s[i].count;
		total += s[i].count;
		title[st] = bw_state_title(r, &b);
		if (st != SUB_ACTIVE || s[i].months <= 0)
			continue;
		int k = 0;
		while (k < n_mrr && strcmp(mrr[k].code, s[i].currency))
			k++;
		if (k == n_mrr && k < CURRENCIES_MAX)
			mrr[n_mrr++] = (struct mrr){s[i].currency, 0};
		if (k < n_mrr)
			mrr[k].cents += s[i].prices / s[i].months;
	}
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-subs\"><h2 id=\"h-subs\">%s</h2>",
		 T(r, "Subscriptions now"));
	if (!total) {
		html_put(o, "<p>%s</p></section>", T(r, "No subscription yet."));
		return;
	}
	for (int k = 0; k < SUB_STATES; k++)
		if (count[k] > top)
			top = count[k];
	GString *desc = g_string_new(NULL);
	int shown = 0;
	for (int k = 0; k < SUB_STATES; k++)
		if (count[k])
			g_string_append_printf(desc, "%s%s: %lld", shown++ ? "; " : "", title[k],
					       (long long)count[k]);
	int height = shown * ST_ROW + 4, width = ST_LABEL + ST_BAR_W + 56;
	html_put(o,
		 "<svg class=\"chart fin-states\" role=\"img\" aria-labelledby=\"fin-st-t fin-st-d\" "
		 "viewBox=\"0 0 %d %d\" width=\"100%%\" preserveAspectRatio=\"xMinYMin meet\" "
		 "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"fin-st-t\">%s</title><desc "
		 "id=\"fin-st-d\">%s</desc>",
		 width, height, arena_printf(r->a, T(r, "%lld subscriptions by state"), (long long)total),
		 desc->str);
	g_string_free(desc, TRUE);
	int row = 0;
	for (int k = 0; k < SUB_STATES; k++) {
		if (!count[k])
			continue;
		int y = row++ * ST_ROW, w = (int)(count[k] * ST_BAR_W / top);
		html_put(o,
			 "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
			 "<rect class=\"bar state-%d\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
			 "<text class=\"label\" x=\"%d\" y=\"%d\">%lld</text>",
			 ST_LABEL - 8, y + 17, title[k], k, ST_LABEL, y + 4, w > 2 ? w : 2, ST_ROW - 8,
			 ST_LABEL + (w > 2 ? w : 2) + 6, y + 17, (long long)count[k]);
	}
	html_lit(o, "</svg>");
	for (int k = 0; k < n_mrr; k++)
		html_put(o, "<p class=\"fin-mrr\">%s</p>",
			 arena_printf(r->a, T(r, "Renewing every month, VAT included: %s"),
				      bw_money(r, mrr[k].cents, mrr[k].code)));
	html_lit(o, "</section>");
}

/* GET /finance?year=2026 */
void finance_page(struct req *r)
{
	if (!bw_require(r, ROLE_FINANCE | ROLE_ADMIN))
		return;
	GString *o = r->h->out;
	int this_year;
	int64_t from, to;
	struct fin_year *y = arena_alloc(r->a, sizeof(*y));
	*y = (struct fin_year){0};
	if (!bw_year(r, &y->year, &this_year, &from, &to))
		return respond_error_page(r, 400, T(r, "Bad request"),
					  T(r, "The year is a year such as 2026."));
	GString *err = g_string_new(NULL);
	struct fin_doc *v = NULL;
	struct fin_subs *subs = NULL;
	int n = 0, n_subs = 0;
	enum status st = load_year(r, y, err);
	if (st == ST_OK)
		st = store_fin_doc_latest(req_db(r), r->a, from, to, LATEST, &v, &n, err);
	if (st == ST_OK)
		st = store_fin_sub_states(req_db(r), r->a, &subs, &n_subs, err);
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return;
	}
	g_string_free(err, TRUE);
	page_ok(r);
	page_begin(r, T(r, "Finance"));
	html_put(o, "<h1>%s</h1>", T(r, "Finance"));
	html_lit(o, "<form class=\"panel bw filters\" method=\"get\" action=\"/finance\">");
	html_put(o,
		 "<div class=\"field\"><label for=\"f-year\">%s</label><select id=\"f-year\" name=\"year\">",
		 T(r, "Year"));
	for (int k = this_year; k >= this_year - 10; k--)
		html_put(o, "<option value=\"%d\"%s>%d</option>", k, k == y->year ? " selected" : "", k);
	html_put(o,
		 "</select></div><div class=\"field actions\"><button "
		 "type=\"submit\">%s</button></div></form>",
		 T(r, "Show"));
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-exp\"><h2 id=\"h-exp\">%s</h2><ul>",
		 T(r, "Exports"));
	html_put(o, "<li><a href=\"/api/v1/finance/invoices.csv?year=%d\">%s</a></li>", y->year,
		 arena_printf(r->a, T(r, "Invoices and credit notes of %d (CSV)"), y->year));
	html_put(o, "<li><a href=\"/api/v1/finance/fec?year=%d\">%s</a></li></ul></section>", y->year,
		 arena_printf(r->a, T(r, "Sales journal of %d in the FEC format (euros)"), y->year));
	subs_section(r, subs, n_subs);
	year_section(r, y);
	latest_section(r, y, v, n);
	page_end(r);
}
