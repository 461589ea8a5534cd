/* Time to render one Certificate of achievement PDF
 * (src/learning/certificate_pdf.c). Renders N certificates (default 500)
 * one after the other on one thread, alternating English and French, and
 * prints
 *   certificate_pdf: N in X s = Y per second, Z ms each (C ms of CPU each)
 * The CPU time is the fairer figure on a machine that other work shares.
 * Usage: bench_certificate_pdf [N]. Not a test: run it pinned to one core
 * for a stable figure (taskset -c 0); bench/run does. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "learning/certificate_pdf.h"

#include "base/banned.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 500;
	if (n < 1) {
		fprintf(stderr, "usage: bench_certificate_pdf [N >= 1]\n");
		return 2;
	}
	GTimeZone *tz = g_time_zone_new_identifier("Europe/Paris");
	if (!tz)
		tz = g_time_zone_new_utc();
	struct certificate_doc doc = {
		.holder_name = "Élodie Dupré-Łukasiewicz",
		.course_title = "Introduction to statistics: from descriptive measures to hypothesis tests",
		.organisation = "Campus Learning",
		.score_bp = 8750,
		.issued_at = 1772535600, /* 2026-03-03 11:00 UTC */
		.tz = tz,
	};
	GByteArray *out = g_byte_array_new();
	GString *err = g_string_new(NULL);
	char code[16], url[64];
	size_t bytes = 0;
	gint64 t0 = g_get_monotonic_time();
	struct timespec c0, c1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	for (long i = 0; i < n; i++) {
		g_snprintf(code, sizeof code, "K7Q%09ld", i);
		g_snprintf(url, sizeof url, "https://campus.example/certificates/%s", code);
		doc.code = code;
		doc.verify_url = url;
		doc.lang = i % 2 ? "fr" : "en";
		g_byte_array_set_size(out, 0);
		if (certificate_pdf(&doc, out, err) != ST_OK) {
			fprintf(stderr, "bench_certificate_pdf: %s\n", err->str);
			return 1;
		}
		bytes += out->len;
	}
	double s = (double)(g_get_monotonic_time() - t0) / 1e6;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	double cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
	printf("certificate_pdf: %ld in %.2f s = %.0f per second, %.2f ms each (%.2f ms of CPU each; %.1f "
	       "KiB a "
	       "PDF on average)\n",
	       n, s, (double)n / s, s * 1000.0 / (double)n, cpu * 1000.0 / (double)n,
	       (double)bytes / (double)n / 1024.0);
	g_string_free(err, TRUE);
	g_byte_array_free(out, TRUE);
	g_time_zone_unref(tz);
	return 0;
}
