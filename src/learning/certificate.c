#include "learning/certificate.h"

#include <stdint.h>

#include "base/banned.h"

static enum status invalid(GString *err, const char *msg)
{
	if (err)
		g_string_assign(err, msg);
	return ST_INVALID;
}

enum status cert_decide(const struct cert_input *in, struct cert_outcome *out, GString *err)
{
	int mark = in->course_pass_mark ? in->course_pass_mark : in->default_pass_mark;
	if (in->course_pass_mark < 0 || in->course_pass_mark > 100)
		return invalid(err, "the course's pass mark must be from 1 to 100 (or 0 for the default)");
	if (mark < 1 || mark > 100)
		return invalid(err, "the pass mark must be from 1 to 100");
	if (in->n_exercises && !in->exercises)
		return invalid(err, "exercises missing");
	/* Weights and scores are bounded, so these sums cannot overflow for
	 * any realistic course (1e6 exercises of weight 1e6 still fit). */
	int64_t weighted = 0, weights = 0;
	size_t not_passed = 0;
	for (size_t i = 0; i < in->n_exercises; i++) {
		const struct exercise_result *e = &in->exercises[i];
		if (e->score_bp < 0 || e->score_bp > 10000)
			return invalid(err, "an exercise score must be from 0 to 10000 basis points");
		if (e->weight < 1 || e->weight > 1000000)
			return invalid(err, "an exercise weight must be from 1 to 1000000");
		weighted += (int64_t)e->score_bp * e->weight;
		weights += e->weight;
		if (!e->passed)
			not_passed++;
	}
	out->pass_mark = mark;
	out->not_passed = not_passed;
	out->overall_bp = weights ? (int)(weighted / weights) : 0;
	/* CERT-1: every exercise passed, and overall >= mark, compared
	 * exactly: weighted / weights >= mark * 100. */
	bool meets = weights > 0 && not_passed == 0 && weighted >= (int64_t)mark * 100 * weights;
	if (!meets)
		out->decision = CERT_NOT_YET;
	else
		out->decision = in->subscriber ? CERT_ISSUE : CERT_PREVIEW;
	return ST_OK;
}
