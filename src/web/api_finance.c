/* The finance exports of the JSON API (issue 4 §6, INV-1):
 * GET /api/v1/finance/invoices.csv?year=2026 and /api/v1/finance/fec?year=.
 * The use case (billing/finance_export.c) writes the whole year into an
 * unlinked temporary file, which the server then streams from its
 * descriptor: a year of a million invoices is complete and the process
 * keeps one page of documents in memory, not the file. */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "billing/finance_export.h"
#include "web/pages.h"
#include "web/page_premium.h"
#include "web/pages_billing.h"

#include "base/banned.h"

static void export(struct req *r, enum finance_format f, const char *type)
{
	int year;
	int64_t from, to;
	if (!bw_year(r, &year, NULL, &from, &to))
		return respond_problem_code(r, 400, "Bad query",
					    "year is a year from 2000 to 9999, such as 2026.");
	GError *gerr = NULL;
	char *path = NULL;
	int fd = g_file_open_tmp("campus-export-XXXXXX", &path, &gerr);
	if (fd < 0) {
		respond_error(r, ST_IO, gerr ? gerr->message : "no temporary file");
		g_clear_error(&gerr);
		return;
	}
	g_unlink(path); /* the descriptor keeps it until the response is sent */
	g_free(path);
	GString *err = g_string_new(NULL);
	struct finance_export_stats s;
	enum status st = finance_export(req_ctx(r), f, year, fd, NULL, NULL, &s, err);
	if (st != ST_OK) {
		close(fd);
		respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return;
	}
	g_string_free(err, TRUE);
	char *name = finance_export_filename(r->app->cfg, f, year);
	r->h->status = 200;
	r->h->resp_type = type;
	http_add_header(r->h, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", name));
	g_free(name);
	http_respond_file(r->h, fd, 0, (uint64_t)s.bytes);
}

/* GET /api/v1/finance/invoices.csv?year=2026 */
void finance_csv_api(struct req *r)
{
	export(r, FINANCE_CSV, "text/csv; charset=utf-8");
}

/* GET /api/v1/finance/fec?year=2026: the sales journal of the year's EUR
 * invoices and credit notes, in ISO 8859-15. */
void finance_fec_api(struct req *r)
{
	export(r, FINANCE_FEC, "text/plain; charset=iso-8859-15");
}
