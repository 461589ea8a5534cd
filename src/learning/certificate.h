/* CERT-1: who gets a Certificate of achievement for a course. Pure: the
 * caller gathers the learner's results and subscription status. */
#ifndef CAMPUS_CERTIFICATE_H
#define CAMPUS_CERTIFICATE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

/* One exercise of the course as the learner stands with it: a quiz (best
 * attempt) or a homework (its grade). */
struct exercise_result {
	bool passed; /* the exercise's own bar is met */
	int score_bp; /* best score, basis points of the maximum: 0..10000 */
	int weight; /* its share of the overall score, >= 1 */
};

enum cert_decision {
	CERT_ISSUE, /* a subscriber who meets the bar: issue the certificate */
	CERT_PREVIEW, /* meets the bar without a subscription: show what they
		       * would get, issue nothing */
	CERT_NOT_YET, /* the bar is not met */
};

struct cert_input {
	bool subscriber; /* Premium Solo or Plus, entitled now */
	int course_pass_mark; /* percent set by the course, 0 for none */
	int default_pass_mark; /* cfg->certificate_pass_mark, percent */
	const struct exercise_result *exercises;
	size_t n_exercises;
};

struct cert_outcome {
	enum cert_decision decision;
	int pass_mark; /* the percent that applied */
	int overall_bp; /* weighted overall score, basis points, rounded down */
	size_t not_passed; /* exercises whose own bar is not met */
};

/* Decides CERT-1: every exercise passed and the weighted overall score at
 * or above the pass mark (the course's, else the default). A course with
 * no exercise assesses nothing and gives no certificate. The comparison is
 * exact (no rounding): 70 % of the weights is enough for a 70 % mark.
 * ST_INVALID, with err (may be NULL) naming the field, on a pass mark
 * outside 1..100, a score outside 0..10000 or a weight below 1. */
enum status cert_decide(const struct cert_input *in, struct cert_outcome *out, GString *err);

#endif
