/* Unit tests of src/learning/certificate.c: the CERT-1 eligibility rule. */
#include <glib.h>

#include "learning/certificate.h"

#include "base/banned.h"

static struct cert_outcome decide(bool subscriber, int course_mark, const struct exercise_result *ex,
				  size_t n)
{
	struct cert_input in = {subscriber, course_mark, 70, ex, n};
	struct cert_outcome out;
	g_assert_cmpint(cert_decide(&in, &out, NULL), ==, ST_OK);
	return out;
}

/* CERT-1: a subscriber who passed every exercise with an overall score at
 * or above 70 % gets the certificate; exactly 70.00 % is enough. */
static void test_cert1_subscriber_at_the_mark(void)
{
	const struct exercise_result ex[] = {{true, 7000, 1}, {true, 7000, 1}};
	struct cert_outcome o = decide(true, 0, ex, 2);
	g_assert_cmpint(o.decision, ==, CERT_ISSUE);
	g_assert_cmpint(o.pass_mark, ==, 70);
	g_assert_cmpint(o.overall_bp, ==, 7000);
}

/* One basis point under the mark is not enough, and a weighted average
 * that would round up to the mark is not enough either. */
static void test_cert1_just_under_the_mark(void)
{
	const struct exercise_result one[] = {{true, 6999, 1}};
	g_assert_cmpint(decide(true, 0, one, 1).decision, ==, CERT_NOT_YET);
	/* (7000 + 6999) / 2 = 6999.5: exactly compared, it is under 7000. */
	const struct exercise_result two[] = {{true, 7000, 1}, {true, 6999, 1}};
	struct cert_outcome o = decide(true, 0, two, 2);
	g_assert_cmpint(o.decision, ==, CERT_NOT_YET);
	g_assert_cmpint(o.overall_bp, ==, 6999);
}

/* CERT-1: every exercise must be passed, whatever the overall score. */
static void test_cert1_every_exercise_passed(void)
{
	const struct exercise_result ex[] = {{true, 10000, 5}, {false, 9000, 1}, {true, 10000, 5}};
	struct cert_outcome o = decide(true, 0, ex, 3);
	g_assert_cmpint(o.decision, ==, CERT_NOT_YET);
	g_assert_cmpuint(o.not_passed, ==, 1);
	g_assert_cmpint(o.overall_bp, >=, 9000);
}

/* CERT-1: the course's own pass mark replaces the default, both ways. */
static void test_cert1_course_pass_mark(void)
{
	const struct exercise_result ex[] = {{true, 6000, 1}};
	g_assert_cmpint(decide(true, 60, ex, 1).decision, ==, CERT_ISSUE);
	g_assert_cmpint(decide(true, 0, ex, 1).decision, ==, CERT_NOT_YET);
	const struct exercise_result good[] = {{true, 8500, 1}};
	struct cert_outcome o = decide(true, 90, good, 1);
	g_assert_cmpint(o.decision, ==, CERT_NOT_YET);
	g_assert_cmpint(o.pass_mark, ==, 90);
	const struct exercise_result full[] = {{true, 10000, 1}};
	g_assert_cmpint(decide(true, 100, full, 1).decision, ==, CERT_ISSUE);
}

/* The overall score is weighted: a heavy exercise counts more. */
static void test_cert1_weights(void)
{
	/* (10000 * 3 + 4000 * 1) / 4 = 8500 */
	const struct exercise_result ex[] = {{true, 10000, 3}, {true, 4000, 1}};
	struct cert_outcome o = decide(true, 0, ex, 2);
	g_assert_cmpint(o.overall_bp, ==, 8500);
	g_assert_cmpint(o.decision, ==, CERT_ISSUE);
	/* Swapped weights: (10000 + 4000 * 3) / 4 = 5500 */
	const struct exercise_result sw[] = {{true, 10000, 1}, {true, 4000, 3}};
	g_assert_cmpint(decide(true, 0, sw, 2).decision, ==, CERT_NOT_YET);
}

/* CERT-1: a non-subscriber who meets the bar sees what they would get but
 * gets no certificate; one who does not meet it sees nothing special. */
static void test_cert1_non_subscriber_preview(void)
{
	const struct exercise_result ex[] = {{true, 9000, 1}};
	g_assert_cmpint(decide(false, 0, ex, 1).decision, ==, CERT_PREVIEW);
	const struct exercise_result low[] = {{true, 5000, 1}};
	g_assert_cmpint(decide(false, 0, low, 1).decision, ==, CERT_NOT_YET);
}

/* A course without exercises assesses nothing: no certificate. */
static void test_cert1_no_exercise(void)
{
	struct cert_outcome o = decide(true, 0, NULL, 0);
	g_assert_cmpint(o.decision, ==, CERT_NOT_YET);
	g_assert_cmpint(o.overall_bp, ==, 0);
}

/* Every combination of passed flags, scores around the mark and the
 * subscription: the decision follows the rule's three clauses. */
static void test_cert1_exhaustive(void)
{
	const int scores[] = {0, 6999, 7000, 7001, 10000};
	for (int mask = 0; mask < 8; mask++)
		for (size_t a = 0; a < G_N_ELEMENTS(scores); a++)
			for (size_t b = 0; b < G_N_ELEMENTS(scores); b++)
				for (int sub = 0; sub < 2; sub++) {
					const struct exercise_result ex[] = {{mask & 1, scores[a], 1},
									     {(mask >> 1) & 1, scores[b], 2},
									     {(mask >> 2) & 1, 10000, 1}};
					struct cert_outcome o = decide(sub, 0, ex, 3);
					long long sum = (long long)scores[a] + 2LL * scores[b] + 10000;
					gboolean meets = mask == 7 && sum >= 7000LL * 4;
					enum cert_decision want = !meets ? CERT_NOT_YET
								  : sub  ? CERT_ISSUE
									 : CERT_PREVIEW;
					g_assert_cmpint(o.decision, ==, want);
				}
}

static void test_cert1_invalid_input(void)
{
	GString *err = g_string_new(NULL);
	struct cert_outcome o;
	const struct exercise_result ok[] = {{true, 8000, 1}};
	const struct exercise_result bad_score[] = {{true, 10001, 1}};
	const struct exercise_result neg_score[] = {{true, -1, 1}};
	const struct exercise_result zero_weight[] = {{true, 8000, 0}};
	const struct cert_input cases[] = {
		{true, 101, 70, ok, 1},      {true, -5, 70, ok, 1},       {true, 0, 0, ok, 1},
		{true, 0, 70, bad_score, 1}, {true, 0, 70, neg_score, 1}, {true, 0, 70, zero_weight, 1},
		{true, 0, 70, NULL, 2},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_string_truncate(err, 0);
		g_assert_cmpint(cert_decide(&cases[i], &o, err), ==, ST_INVALID);
		g_assert_cmpuint(err->len, >, 0);
	}
	g_string_free(err, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/learning/cert1_subscriber_at_the_mark", test_cert1_subscriber_at_the_mark);
	g_test_add_func("/learning/cert1_just_under_the_mark", test_cert1_just_under_the_mark);
	g_test_add_func("/learning/cert1_every_exercise_passed", test_cert1_every_exercise_passed);
	g_test_add_func("/learning/cert1_course_pass_mark", test_cert1_course_pass_mark);
	g_test_add_func("/learning/cert1_weights", test_cert1_weights);
	g_test_add_func("/learning/cert1_non_subscriber_preview", test_cert1_non_subscriber_preview);
	g_test_add_func("/learning/cert1_no_exercise", test_cert1_no_exercise);
	g_test_add_func("/learning/cert1_exhaustive", test_cert1_exhaustive);
	g_test_add_func("/learning/cert1_invalid_input", test_cert1_invalid_input);
	return g_test_run();
}
