/* campus finance export --year 2026 [--format csv|fec] [--out FILE]:
 * every invoice and credit note of a year as CSV or as the French FEC
 * file (billing/finance_export.h), the same bytes as the finance API, with
 * a progress bar on a terminal. Without --out the file gets its standard
 * name in the current directory ("invoices-2026.csv",
 * "123456789FEC20261231.txt"); "-" writes to standard output. The file
 * appears whole or not at all: it is written beside its name and renamed
 * when complete. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "billing/finance_export.h"
#include "cli/cli.h"

#include "base/banned.h"

static void show(void *data, int64_t done, int64_t total)
{
	cli_bar_draw(data, done, total);
}

int finance_cmd(int argc, char **argv)
{
	char *year_s = NULL, *format_s = NULL, *out_s = NULL;
	GOptionEntry entries[] = {
		{"year", 0, 0, G_OPTION_ARG_STRING, &year_s, "The year (default: the current one)", "YYYY"},
		{"format", 0, 0, G_OPTION_ARG_STRING, &format_s, "csv (default) or fec", "FORMAT"},
		{"out", 0, 0, G_OPTION_ARG_FILENAME, &out_s, "The file to write (- for standard output)",
		 "FILE"},
		G_OPTION_ENTRY_NULL,
	};
	cli_parse(
		&argc, &argv, "export",
		"Exports a year of invoices and credit notes: campus finance export --year 2026 --format fec",
		entries);
	if (argc < 2 || strcmp(argv[1], "export"))
		cli_die("usage: campus finance export [--year YYYY] [--format csv|fec] [--out FILE]");
	enum finance_format f = FINANCE_CSV;
	if (format_s && !strcmp(format_s, "fec"))
		f = FINANCE_FEC;
	else if (format_s && strcmp(format_s, "csv"))
		cli_die("--format: csv or fec, not %s", format_s);
	struct cli_env e;
	cli_env_open(&e);
	int year;
	if (year_s) {
		if (!finance_parse_year(year_s, &year))
			cli_die("--year: a year from 2000 to 9999, not %s", year_s);
	} else {
		GDateTime *now = g_date_time_new_from_unix_utc(e.ctx.now);
		GTimeZone *tz = g_time_zone_new_identifier(e.cfg.timezone);
		GDateTime *local = g_date_time_to_timezone(now, tz ? tz : g_time_zone_new_utc());
		year = g_date_time_get_year(local);
		g_date_time_unref(local);
		g_date_time_unref(now);
		if (tz)
			g_time_zone_unref(tz);
	}
	char *name = out_s ? g_strdup(out_s) : finance_export_filename(&e.cfg, f, year);
	bool to_stdout = !strcmp(name, "-");
	char *tmp = to_stdout ? NULL : g_strdup_printf("%s.part", name);
	int fd = to_stdout ? STDOUT_FILENO : g_open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		cli_die("%s: %s", tmp, g_strerror(errno));
	struct cli_bar bar;
	cli_bar_start(&bar);
	struct finance_export_stats s;
	gint64 t0 = g_get_monotonic_time();
	enum status st = finance_export(&e.ctx, f, year, fd, show, &bar, &s, e.err);
	cli_bar_end(&bar);
	if (!to_stdout && st == ST_OK && (fsync(fd) != 0 || close(fd) != 0)) {
		g_string_printf(e.err, "%s: %s", tmp, g_strerror(errno));
		st = ST_IO;
	} else if (!to_stdout && st != ST_OK) {
		close(fd);
	}
	if (!to_stdout && st == ST_OK && g_rename(tmp, name) != 0) {
		g_string_printf(e.err, "%s: %s", name, g_strerror(errno));
		st = ST_IO;
	}
	if (st != ST_OK) {
		if (tmp)
			g_unlink(tmp);
		cli_die("finance export: %s", e.err->str);
	}
	double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
	fprintf(to_stdout ? stderr : stdout,
		"campus: finance export: %lld documents of %d (%lld in the file) in %.2f s, %lld bytes -> "
		"%s\n",
		(long long)s.documents, year, (long long)s.written, secs, (long long)s.bytes,
		to_stdout ? "standard output" : name);
	g_free(tmp);
	g_free(name);
	g_free(year_s);
	g_free(format_s);
	g_free(out_s);
	cli_env_close(&e);
	return 0;
}
