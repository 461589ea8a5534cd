/* billweb: the finance page (issue 4 §6): the invoices and credit notes of
 * a year (INV-1) and the downloads of the CSV export and the French FEC
 * file, which the billing JSON API produces (web/api_billing.c). Finance
 * and administrators only (the route checks it, and again here). */
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "web/layout.h"
#include "web/page_premium.h"
#include "web/pages.h"
#include "web/pages_billing.h"

#include "base/banned.h"

enum { FINANCE_LIST_MAX = 2000 };

/* GET /finance?year=2026 */
void finance_page(struct req *r)
{
	if (!bw_require(r, ROLE_FINANCE | ROLE_ADMIN))
		return;
	GString *o = r->h->out;
	int y, this_year;
	int64_t from, to;
	if (!bw_year(r, &y, &this_year, &from, &to))
		return respond_error_page(r, 400, T(r, "Bad request"),
					  T(r, "The year is a year such as 2026."));
	GString *err = g_string_new(NULL);
	struct bl_invoice *v = NULL;
	int n = 0;
	enum status st = store_bl_invoice_range(req_db(r), r->a, from, to, FINANCE_LIST_MAX, &v, &n, err);
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
		html_put(o, "<option value=\"%d\"%s>%d</option>", k, k == y ? " selected" : "", k);
	html_put(o,
		 "</select></div><div class=\"field actions\"><button "
		 "type=\"submit\">%s</button></div></form>",
		 T(r, "Show"));
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-exp\"><h2 id=\"h-exp\">%s</h2><ul>",
		 T(r, "Exports"));
	html_put(o, "<li><a href=\"/api/v1/finance/invoices.csv?year=%d\">%s</a></li>", y,
		 arena_printf(r->a, T(r, "Invoices and credit notes of %d (CSV)"), y));
	html_put(o, "<li><a href=\"/api/v1/finance/fec?year=%d\">%s</a></li></ul></section>", y,
		 arena_printf(r->a, T(r, "Sales journal of %d in the FEC format (euros)"), y));
	int64_t total = 0, credits = 0;
	int ncredit = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(v[i].currency, "EUR"))
			continue;
		if (!strcmp(v[i].kind, "credit_note")) {
			ncredit++;
			credits += v[i].gross;
		} else {
			total += v[i].gross;
		}
	}
	html_put(o, "<section class=\"panel bw\" aria-labelledby=\"h-inv\"><h2 id=\"h-inv\">%s</h2>",
		 arena_printf(r->a, T(r, "Invoices of %d"), y));
	html_put(o, "<p>%s</p>",
		 arena_printf(r->a, T(r, "%d documents; invoiced in euros %s; %d credit notes (%s)."), n,
			      bw_money(r, total, "EUR"), ncredit, bw_money(r, credits, "EUR")));
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
			bool credit = !strcmp(v[i].kind, "credit_note");
			html_put(o, "<tr%s><td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
				 credit ? " class=\"credit\"" : "", v[i].number, bw_date(r, v[i].issued_at),
				 credit ? T(r, "Credit note") : T(r, "Invoice"), v[i].buyer_name);
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
	page_end(r);
}
