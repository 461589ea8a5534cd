/* Unit tests of src/learning/peer_rules.c: the pure rules of peer-reviewed
 * homework (CRS-1): rubric, strict review check, grade rounding, which
 * submission a reviewer gets, claim expiry, staff fallback, file sniffing. */
#include <glib.h>
#include <string.h>

#include "learning/peer_rules.h"

#include "base/banned.h"

static const char *RUBRIC = "[{\"criterion\":\"Correctness\",\"points\":4},{\"criterion\":\"Clarity\","
			    "\"points\":3},{\"criterion\":\"Style\",\"points\":3}]";

static void test_crs_1_rubric_parse(void)
{
	struct arena *a = arena_new();
	struct peer_rubric rb;
	g_assert_null(peer_rubric_parse(a, RUBRIC, &rb));
	g_assert_cmpint(rb.n, ==, 3);
	g_assert_cmpint(rb.total, ==, 10);
	g_assert_cmpstr(rb.names[1], ==, "Clarity");
	g_assert_cmpint(rb.points[0], ==, 4);
	static const char *const bad[] = {
		"",
		"{}",
		"[]",
		"[{\"criterion\":\"X\"}]",
		"[{\"criterion\":\"X\",\"points\":0}]",
		"[{\"criterion\":\"X\",\"points\":101}]",
		"[{\"criterion\":\"X\",\"points\":\"3\"}]",
		"[{\"criterion\":\"\",\"points\":3}]",
		"[{\"criterion\":3,\"points\":3}]",
		"[{\"criterion\":\"X\",\"points\":2.5}]",
		"[{\"criterion\":\"X\",\"criterion\":\"Y\",\"points\":2}]",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_test_message("refuses %s", bad[i]);
		g_assert_nonnull(peer_rubric_parse(a, bad[i], &rb));
		g_assert_cmpint(rb.n, ==, 0);
	}
	GString *many = g_string_new("[");
	for (int i = 0; i < PEER_CRITERIA_MAX + 1; i++)
		g_string_append_printf(many, "%s{\"criterion\":\"C%d\",\"points\":1}", i ? "," : "", i);
	g_string_append(many, "]");
	g_assert_nonnull(peer_rubric_parse(a, many->str, &rb));
	g_string_free(many, TRUE);
	arena_free(a);
}

#define LONG "A comment of more than twenty characters."

static void test_crs_1_review_check(void)
{
	struct arena *a = arena_new();
	struct peer_rubric rb;
	g_assert_null(peer_rubric_parse(a, RUBRIC, &rb));
	int scores[3];
	struct peer_review_problem pb[3];
	struct peer_review_input ok[3] = {{"4", LONG}, {"0", LONG}, {"3", "  " LONG "  "}};
	g_assert_cmpint(peer_review_check(&rb, ok, scores, pb), ==, 0);
	g_assert_cmpint(scores[0], ==, 4);
	g_assert_cmpint(scores[1], ==, 0);
	g_assert_cmpint(scores[2], ==, 3);
	/* Each bad score alone, on the first criterion (4 points). */
	static const char *const bad_scores[] = {"5",   "-1",  "+1", " 1", "1 ",  "01",
						 "1.0", "1e0", "x",  "",   "0x1", "1000"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad_scores); i++) {
		struct peer_review_input in[3] = {{bad_scores[i], LONG}, {"1", LONG}, {"1", LONG}};
		g_test_message("score \"%s\"", bad_scores[i]);
		g_assert_cmpint(peer_review_check(&rb, in, scores, pb), ==, 1);
		g_assert_nonnull(pb[0].score);
		g_assert_null(pb[0].comment);
	}
	struct peer_review_input missing[3] = {{NULL, NULL}, {"1", LONG}, {"3", LONG}};
	g_assert_cmpint(peer_review_check(&rb, missing, scores, pb), ==, 2);
	/* Comments: at least 20 characters once trimmed, counted as characters. */
	struct peer_review_input c19[3] = {{"1", "   1234567890123456789   "}, {"1", LONG}, {"1", LONG}};
	g_assert_cmpint(peer_review_check(&rb, c19, scores, pb), ==, 1);
	g_assert_nonnull(pb[0].comment);
	struct peer_review_input c20[3] = {{"1", "éééééééééééééééééééé"}, {"1", LONG}, {"1", LONG}};
	g_assert_cmpint(peer_review_check(&rb, c20, scores, pb), ==, 0);
	char *huge = g_strnfill(PEER_COMMENT_MAX + 1, 'x');
	struct peer_review_input big[3] = {{"1", huge}, {"1", LONG}, {"1", LONG}};
	g_assert_cmpint(peer_review_check(&rb, big, scores, pb), ==, 1);
	g_free(huge);
	struct peer_review_input badutf[3] = {
		{"1", "\xff\xfe not text at all, really"}, {"1", LONG}, {"1", LONG}};
	g_assert_cmpint(peer_review_check(&rb, badutf, scores, pb), ==, 1);
	arena_free(a);
}

static void test_crs_1_grade_rounding(void)
{
	/* One review: 7/10 = 70 %. */
	g_assert_cmpint(peer_percent((int[]){7}, 1, 10), ==, 70);
	/* 2/3 of the points: 66.67 -> 67; 1/3: 33.33 -> 33. */
	g_assert_cmpint(peer_percent((int[]){2}, 1, 3), ==, 67);
	g_assert_cmpint(peer_percent((int[]){1}, 1, 3), ==, 33);
	/* Exactly half a percent rounds up: 1/8 = 12.5 -> 13; 5/8 = 62.5 -> 63. */
	g_assert_cmpint(peer_percent((int[]){1}, 1, 8), ==, 13);
	g_assert_cmpint(peer_percent((int[]){5}, 1, 8), ==, 63);
	/* The mean is exact, rounded once: reviews of 1/3, 1/3, 2/3 of 3 points
	 * give 44.44 -> 44 (rounding each first would give 33+33+67 = 44.33). */
	g_assert_cmpint(peer_percent((int[]){1, 1, 2}, 3, 3), ==, 44);
	/* 10, 7, 5 of 10: 73.33 -> 73; 10, 7, 6: 76.67 -> 77. */
	g_assert_cmpint(peer_percent((int[]){10, 7, 5}, 3, 10), ==, 73);
	g_assert_cmpint(peer_percent((int[]){10, 7, 6}, 3, 10), ==, 77);
	/* Two reviews 12.5 % apart on the half: 1/4 and 0/4 -> 12.5 -> 13. */
	g_assert_cmpint(peer_percent((int[]){1, 0}, 2, 4), ==, 13);
	g_assert_cmpint(peer_percent((int[]){0, 0, 0}, 3, 10), ==, 0);
	g_assert_cmpint(peer_percent((int[]){10, 10, 10}, 3, 10), ==, 100);
	g_assert_cmpint(peer_percent((int[]){1}, 0, 10), ==, -1);
	g_assert_cmpint(peer_percent((int[]){1}, 1, 0), ==, -1);
	/* Exhaustive against the definition for small rubrics. */
	for (int points = 1; points <= 12; points++)
		for (int x = 0; x <= points; x++)
			for (int y = 0; y <= points; y++)
				for (int z = 0; z <= points; z++) {
					double mean = 100.0 * (x + y + z) / (3.0 * points);
					int want = (int)(mean + 0.5 + 1e-9);
					g_assert_cmpint(peer_percent((int[]){x, y, z}, 3, points), ==, want);
				}
}

static void test_crs_1_pick_fewest_oldest_never_own(void)
{
	struct peer_candidate c[] = {
		{.submission_id = 10, .author_id = 1, .submitted_at = 100, .reviews = 1},
		{.submission_id = 11, .author_id = 2, .submitted_at = 50, .reviews = 2},
		{.submission_id = 12, .author_id = 3, .submitted_at = 200, .reviews = 1},
		{.submission_id = 13, .author_id = 4, .submitted_at = 300, .reviews = 0},
	};
	/* Fewest reviews first. */
	g_assert_cmpint(peer_pick(c, 4, 9, 3), ==, 3);
	/* Never one's own: reviewer 4 gets the oldest of those with one review. */
	g_assert_cmpint(peer_pick(c, 4, 4, 3), ==, 0);
	/* Never twice the same. */
	c[0].seen = true;
	g_assert_cmpint(peer_pick(c, 4, 4, 3), ==, 2);
	/* Not beyond the required reviews (done + pending). */
	c[2].reviews = 3;
	g_assert_cmpint(peer_pick(c, 4, 4, 3), ==, 1);
	c[1].reviews = 3;
	g_assert_cmpint(peer_pick(c, 4, 4, 3), ==, -1);
	g_assert_cmpint(peer_pick(c, 0, 4, 3), ==, -1);
	/* Ties on reviews and time: the lowest id. */
	struct peer_candidate t[] = {
		{.submission_id = 8, .author_id = 1, .submitted_at = 100},
		{.submission_id = 7, .author_id = 2, .submitted_at = 100},
	};
	g_assert_cmpint(peer_pick(t, 2, 5, 3), ==, 1);
}

static void test_crs_1_claim_and_fallback_dates(void)
{
	g_assert_cmpint(peer_claim_expires(1000, 48), ==, 1000 + 48 * 3600);
	g_assert_cmpint(peer_fallback_due(1000, 7), ==, 1000 + 7 * 86400);
	int64_t t = 1700000000;
	g_assert_false(peer_fallback_needed(t, 0, 3, 7, t + 7 * 86400 - 1));
	g_assert_true(peer_fallback_needed(t, 0, 3, 7, t + 7 * 86400));
	g_assert_true(peer_fallback_needed(t, 2, 3, 7, t + 8 * 86400));
	g_assert_false(peer_fallback_needed(t, 3, 3, 7, t + 30 * 86400));
	g_assert_true(peer_can_resubmit("open", 0));
	g_assert_false(peer_can_resubmit("open", 1));
	g_assert_false(peer_can_resubmit("staff", 0));
	g_assert_false(peer_can_resubmit("graded", 0));
}

static void test_crs_1_sniff(void)
{
	const char *mime;
	static const struct {
		const char *name, *data;
		size_t len;
		enum peer_file_kind want;
		const char *mime;
	} cases[] = {
		{"a.pdf", "%PDF-1.7\n...", 12, PEER_FILE_OK, "application/pdf"},
		{"A.PDF", "%PDF-1.4", 8, PEER_FILE_OK, "application/pdf"},
		{"a.png", "\x89PNG\r\n\x1a\n\0\0", 10, PEER_FILE_OK, "image/png"},
		{"a.jpg", "\xff\xd8\xff\xe0", 4, PEER_FILE_OK, "image/jpeg"},
		{"a.jpeg", "\xff\xd8\xff\xdb", 4, PEER_FILE_OK, "image/jpeg"},
		{"a.zip", "PK\x03\x04rest", 8, PEER_FILE_OK, "application/zip"},
		{"empty.zip", "PK\x05\x06", 4, PEER_FILE_OK, "application/zip"},
		{"a.txt", "héllo\tworld\r\n", 14, PEER_FILE_OK, "text/plain"},
		{"a.txt", "", 0, PEER_FILE_EMPTY, NULL},
		{"a.txt", "bin\0ary", 7, PEER_FILE_MISMATCH, NULL},
		{"a.txt", "\xff\xfe", 2, PEER_FILE_MISMATCH, NULL},
		{"a.txt", "esc \x1b[31m", 9, PEER_FILE_MISMATCH, NULL},
		{"a.png", "%PDF-1.7", 8, PEER_FILE_MISMATCH, NULL},
		{"a.pdf", "<html>", 6, PEER_FILE_MISMATCH, NULL},
		{"a.jpg", "\x89PNG\r\n\x1a\n", 8, PEER_FILE_MISMATCH, NULL},
		{"a.zip", "PK", 2, PEER_FILE_MISMATCH, NULL},
		{"a.exe", "MZ", 2, PEER_FILE_BAD_EXTENSION, NULL},
		{"a.html", "<p>", 3, PEER_FILE_BAD_EXTENSION, NULL},
		{"a.svg", "<svg>", 5, PEER_FILE_BAD_EXTENSION, NULL},
		{"noext", "%PDF-", 5, PEER_FILE_BAD_EXTENSION, NULL},
		{"a.pdf.exe", "%PDF-", 5, PEER_FILE_BAD_EXTENSION, NULL},
		{"a.exe.pdf", "MZ", 2, PEER_FILE_MISMATCH, NULL},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_test_message("%s (%zu bytes)", cases[i].name, cases[i].len);
		g_assert_cmpint(peer_sniff_file(cases[i].name, (const unsigned char *)cases[i].data,
						cases[i].len, &mime),
				==, cases[i].want);
		g_assert_cmpstr(mime, ==, cases[i].mime);
	}
}

static void test_clean_file_name(void)
{
	struct arena *a = arena_new();
	g_assert_cmpstr(peer_clean_file_name(a, "notes.txt"), ==, "notes.txt");
	g_assert_cmpstr(peer_clean_file_name(a, "../../etc/passwd"), ==, "passwd");
	g_assert_cmpstr(peer_clean_file_name(a, "C:\\Users\\me\\my essay.pdf"), ==, "my_essay.pdf");
	g_assert_cmpstr(peer_clean_file_name(a, "a\"b;c\r\n.pdf"), ==, "a_b_c__.pdf");
	g_assert_cmpstr(peer_clean_file_name(a, ".hidden"), ==, "hidden");
	g_assert_cmpstr(peer_clean_file_name(a, ""), ==, "file");
	g_assert_cmpstr(peer_clean_file_name(a, "..."), ==, "file");
	g_autofree char *n300 = g_strnfill(300, 'n');
	g_autofree char *longname = g_strdup_printf("%s.pdf", n300);
	char *c = peer_clean_file_name(a, longname);
	g_assert_cmpuint(strlen(c), ==, PEER_FILE_NAME_MAX);
	g_assert_true(g_str_has_suffix(c, ".pdf"));
	arena_free(a);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/peer/crs_1_rubric_parse", test_crs_1_rubric_parse);
	g_test_add_func("/peer/crs_1_review_check", test_crs_1_review_check);
	g_test_add_func("/peer/crs_1_grade_rounding", test_crs_1_grade_rounding);
	g_test_add_func("/peer/crs_1_pick_fewest_oldest_never_own", test_crs_1_pick_fewest_oldest_never_own);
	g_test_add_func("/peer/crs_1_claim_and_fallback_dates", test_crs_1_claim_and_fallback_dates);
	g_test_add_func("/peer/crs_1_sniff", test_crs_1_sniff);
	g_test_add_func("/peer/clean_file_name", test_clean_file_name);
	return g_test_run();
}
