/* Unit tests of src/media/range.c: RFC 9110 byte ranges for streaming and
 * downloads (CRS-2), conditional headers (If-Range, If-None-Match). */
#include <glib.h>

#include "media/range.h"

#include "base/banned.h"

#define LEN 10000u

static void want_partial(const char *hdr, uint64_t len, uint64_t first, uint64_t last)
{
	struct range r = range_parse(hdr, len);
	if (r.kind != RANGE_PARTIAL || r.first != first || r.last != last)
		g_error("Range \"%s\" of %" G_GUINT64_FORMAT ": kind %d [%" G_GUINT64_FORMAT
			", %" G_GUINT64_FORMAT "], want 206 [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "]",
			hdr, len, r.kind, r.first, r.last, first, last);
}

static void want_kind(const char *hdr, uint64_t len, enum range_kind kind)
{
	struct range r = range_parse(hdr, len);
	if (r.kind != kind)
		g_error("Range \"%s\" of %" G_GUINT64_FORMAT ": kind %d, want %d", hdr ? hdr : "(null)", len,
			r.kind, kind);
}

static void test_crs2_no_range_is_full(void)
{
	want_kind(NULL, LEN, RANGE_FULL);
	want_kind("", LEN, RANGE_FULL);
}

static void test_crs2_first_byte(void)
{
	want_partial("bytes=0-0", LEN, 0, 0);
	want_partial("bytes=0-", LEN, 0, LEN - 1); /* open-ended from 0: still a 206 */
}

static void test_crs2_middle(void)
{
	want_partial("bytes=500-999", LEN, 500, 999);
	want_partial("bytes=9999-9999", LEN, 9999, 9999); /* the last byte */
}

static void test_crs2_open_ended(void)
{
	want_partial("bytes=9000-", LEN, 9000, LEN - 1);
}

static void test_crs2_suffix(void)
{
	want_partial("bytes=-500", LEN, LEN - 500, LEN - 1);
	want_partial("bytes=-1", LEN, LEN - 1, LEN - 1);
	/* A suffix longer than the file is the whole file (RFC 9110 §14.1.1). */
	want_partial("bytes=-20000", LEN, 0, LEN - 1);
	want_partial("bytes=-10000", LEN, 0, LEN - 1);
}

static void test_crs2_past_end_clamped(void)
{
	want_partial("bytes=500-99999", LEN, 500, LEN - 1);
	want_partial("bytes=0-10000", LEN, 0, LEN - 1);
}

static void test_crs2_unsatisfiable(void)
{
	want_kind("bytes=10000-", LEN, RANGE_UNSATISFIABLE);
	want_kind("bytes=10000-10001", LEN, RANGE_UNSATISFIABLE);
	want_kind("bytes=20000-30000", LEN, RANGE_UNSATISFIABLE);
	want_kind("bytes=-0", LEN, RANGE_UNSATISFIABLE);
	want_kind("bytes=10000-,-0", LEN, RANGE_UNSATISFIABLE);
	/* One satisfiable range among unsatisfiable ones is served alone. */
	want_partial("bytes=10000-, 5-9", LEN, 5, 9);
}

static void test_crs2_invalid_syntax_ignored(void)
{
	static const char *const bad[] = {
		"bytes",        "bytes=",      "bytes=,",       "bytes=-",     "bytes=a-b",
		"bytes=1-a",    "bytes=5-4",   "bytes=0-1;x",   "bytes=--5",   "bytes=1--2",
		"bytes = 0-1",  "bytes=0 -1",  "bytes=0- 1",    "bytes=+1-2",  "bytes=0x10-20",
		"items=0-1",    "0-1",         "bytes=0-1,5-4", "bytes=1-2-3", "bytes=-5-",
		"bytes=\xff-1", "bytes=1.5-2", "bytes=0-1,x",   "byte=0-1",    "bytesx=0-1",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		want_kind(bad[i], LEN, RANGE_FULL);
}

static void test_crs2_unit_case_and_spaces(void)
{
	want_partial("BYTES=1-2", LEN, 1, 2);
	want_partial("  bytes=1-2  ", LEN, 1, 2);
	want_partial("bytes=1-2 , ", LEN, 1, 2); /* empty list elements are allowed */
	want_partial("bytes=,1-2", LEN, 1, 2);
}

static void test_crs2_multiple_ranges(void)
{
	/* Overlapping or adjacent ranges become one part. */
	want_partial("bytes=0-99,50-199", LEN, 0, 199);
	want_partial("bytes=100-199,0-99", LEN, 0, 199);
	want_partial("bytes=0-0,0-0,0-0", LEN, 0, 0);
	want_partial("bytes=0-99,150-199", LEN, 0, 199); /* a gap under 80 bytes */
	want_partial("bytes=500-999,-9500", LEN, 500, LEN - 1);
	/* Disjoint parts: the whole file with 200, never multipart. */
	want_kind("bytes=0-0,-1", LEN, RANGE_FULL);
	want_kind("bytes=0-99,1000-1099", LEN, RANGE_FULL);
	/* More than RANGE_MAX_SPECS specs: ignored (a cheap denial of service). */
	GString *many = g_string_new("bytes=");
	for (int i = 0; i < RANGE_MAX_SPECS + 1; i++)
		g_string_append_printf(many, "%s%d-%d", i ? "," : "", i, i);
	want_kind(many->str, LEN, RANGE_FULL);
	g_string_truncate(many, 0);
	g_string_append(many, "bytes=");
	for (int i = 0; i < RANGE_MAX_SPECS; i++)
		g_string_append_printf(many, "%s%d-%d", i ? "," : "", i, i);
	want_partial(many->str, LEN, 0, RANGE_MAX_SPECS - 1);
	g_string_free(many, TRUE);
}

static void test_crs2_huge_numbers(void)
{
	/* Beyond 64 bits: saturated, never wrapped around to small values. */
	want_kind("bytes=99999999999999999999999999-", LEN, RANGE_UNSATISFIABLE);
	want_kind("bytes=18446744073709551616-18446744073709551617", LEN, RANGE_UNSATISFIABLE);
	want_partial("bytes=5-99999999999999999999999999", LEN, 5, LEN - 1);
	want_partial("bytes=-99999999999999999999999999", LEN, 0, LEN - 1);
	want_partial("bytes=0-18446744073709551615", LEN, 0, LEN - 1);
	/* 2^64 + 5 must not read as 5. */
	want_kind("bytes=18446744073709551621-18446744073709551625", LEN, RANGE_UNSATISFIABLE);
	/* A representation of the largest size. */
	want_partial("bytes=-1", UINT64_MAX, UINT64_MAX - 1, UINT64_MAX - 1);
}

static void test_crs2_empty_representation(void)
{
	want_kind("bytes=0-", 0, RANGE_FULL);
	want_kind("bytes=-5", 0, RANGE_FULL);
	want_partial("bytes=0-", 1, 0, 0);
}

static void test_crs2_etag(void)
{
	char a[48], b[48], c[48];
	range_etag(LEN, 1700000000123456789, a, sizeof(a));
	range_etag(LEN, 1700000000123456790, b, sizeof(b));
	range_etag(LEN + 1, 1700000000123456789, c, sizeof(c));
	g_assert_true(a[0] == '"' && a[strlen(a) - 1] == '"');
	g_assert_cmpstr(a, !=, b);
	g_assert_cmpstr(a, !=, c);
}

static void test_http_date(void)
{
	char buf[40];
	range_http_date(784111777, buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "Sun, 06 Nov 1994 08:49:37 GMT"); /* RFC 9110's example */
	range_http_date(1709164800, buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "Thu, 29 Feb 2024 00:00:00 GMT");
}

static void test_crs2_if_range(void)
{
	const char *etag = "\"2710-1\"", *lm = "Tue, 14 Nov 2023 22:13:20 GMT";
	g_assert_true(range_if_range_ok(NULL, etag, lm));
	g_assert_true(range_if_range_ok("", etag, lm));
	g_assert_true(range_if_range_ok(etag, etag, lm));
	g_assert_false(range_if_range_ok("\"2710-2\"", etag, lm));
	g_assert_false(range_if_range_ok("W/\"2710-1\"", etag, lm)); /* weak never matches */
	g_assert_true(range_if_range_ok(lm, etag, lm));
	g_assert_false(range_if_range_ok("Tue, 14 Nov 2023 22:13:21 GMT", etag, lm));
	g_assert_false(range_if_range_ok("garbage", etag, lm));
}

static void test_crs2_if_none_match(void)
{
	const char *etag = "\"2710-1\"";
	g_assert_false(range_if_none_match(NULL, etag));
	g_assert_true(range_if_none_match("*", etag));
	g_assert_true(range_if_none_match(etag, etag));
	g_assert_true(range_if_none_match("W/\"2710-1\"", etag)); /* weak comparison */
	g_assert_true(range_if_none_match("\"a\", \"2710-1\"", etag));
	g_assert_false(range_if_none_match("\"a\", \"b\"", etag));
	g_assert_false(range_if_none_match("\"2710-1", etag));
	g_assert_false(range_if_none_match("\"2710-10\"", etag));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/media/range/crs2-no-range", test_crs2_no_range_is_full);
	g_test_add_func("/media/range/crs2-first-byte", test_crs2_first_byte);
	g_test_add_func("/media/range/crs2-middle", test_crs2_middle);
	g_test_add_func("/media/range/crs2-open-ended", test_crs2_open_ended);
	g_test_add_func("/media/range/crs2-suffix", test_crs2_suffix);
	g_test_add_func("/media/range/crs2-past-end-clamped", test_crs2_past_end_clamped);
	g_test_add_func("/media/range/crs2-unsatisfiable", test_crs2_unsatisfiable);
	g_test_add_func("/media/range/crs2-invalid-ignored", test_crs2_invalid_syntax_ignored);
	g_test_add_func("/media/range/crs2-unit-case-spaces", test_crs2_unit_case_and_spaces);
	g_test_add_func("/media/range/crs2-multiple", test_crs2_multiple_ranges);
	g_test_add_func("/media/range/crs2-huge-numbers", test_crs2_huge_numbers);
	g_test_add_func("/media/range/crs2-empty", test_crs2_empty_representation);
	g_test_add_func("/media/range/crs2-etag", test_crs2_etag);
	g_test_add_func("/media/range/http-date", test_http_date);
	g_test_add_func("/media/range/crs2-if-range", test_crs2_if_range);
	g_test_add_func("/media/range/crs2-if-none-match", test_crs2_if_none_match);
	return g_test_run();
}
