/* Peer-reviewed homework (CRS-1), a Premium feature ("Solo subscriber: +
 * peer-reviewed homework", DESIGN.md): submissions with an optional file,
 * the assignment of anonymous reviews to other learners of the same
 * homework, grading after cfg->peer_reviews_required reviews, and the staff
 * queue for submissions that waited cfg->peer_review_fallback_days.
 *
 * Decisions (the issue is silent on them):
 * - one current submission per learner and homework; it can be replaced
 *   until the first reviewer claims it, never after (peer_can_resubmit);
 *   a replacement without a new file keeps the previous file;
 * - a learner reviews only a homework they submitted themselves, holds at
 *   most one open claim per homework, and never gets the same submission
 *   twice (not even after letting a claim expire);
 * - the grade is the mean of the reviews' percent totals, computed exactly
 *   and rounded half-up once (peer_percent); in the staff queue, the staff
 *   review completes the submission and the peer reviews already done
 *   count in the mean with it;
 * - the fallback delay counts from the first submission.
 *
 * Authorisation is checked here; results are owned by ctx->a. */
#ifndef CAMPUS_PEER_H
#define CAMPUS_PEER_H

#include <glib.h>
#include <stdbool.h>

#include "learning/peer_rules.h"
#include "ops/ctx.h"
#include "store/store_peer.h"

/* The homework page: what the asking learner (0: a visitor) sees. */
struct peer_view {
	struct peer_homework *hw;
	struct peer_rubric rubric;
	bool premium; /* the learner may submit and review */
	struct peer_submission *sub; /* the learner's submission, or NULL */
	struct peer_review **reviews; /* its done reviews, anonymous, in order */
	int n_reviews;
	bool can_submit; /* premium and (no submission or peer_can_resubmit) */
	int64_t fallback_at; /* when it goes to staff if still short of reviews (0: n/a) */
	int64_t upload_max; /* bytes accepted for a file */
};
enum status peer_homework_view(struct ctx *c, const char *course, const char *slug, int64_t user_id,
			       struct peer_view *out, GString *err);

/* The effective upload limit in bytes: homework_upload_max_kb, within the
 * upload routes' body limit (upload_max_kib) less room for the rest of the form. */
int64_t peer_upload_max(const struct config *cfg);

struct peer_upload {
	const char *name; /* as the browser sent it */
	const unsigned char *data;
	size_t len;
};
/* Submits (or replaces) c->actor's answer: text and/or file (file may be
 * NULL). ST_FORBIDDEN without Premium; ST_INVALID with field errors
 * ("answer", "file"); ST_CONFLICT when it can no longer change. The file
 * is stored under DATA/uploads/ with a random name. */
enum status peer_submit(struct ctx *c, const char *course, const char *slug, const char *text,
			const struct peer_upload *file, struct peer_submission **out, GArray *errs,
			GString *err);

/* A reviewer's claim: gives the pending review of c->actor on exercise_id
 * (0: any homework they submitted), or assigns a new one (peer_pick).
 * ST_NOTFOUND with a message when there is nothing to review; ST_FORBIDDEN
 * without Premium. */
enum status peer_claim(struct ctx *c, int64_t exercise_id, int64_t *review_id, GString *err);
/* Staff: claims the staff review of a submission in the staff queue. */
enum status peer_staff_claim(struct ctx *c, int64_t submission_id, int64_t *review_id, GString *err);

/* A review as its reviewer sees it: the submission without its author. */
struct peer_review_view {
	struct peer_review *rev;
	struct peer_submission *sub;
	struct peer_homework *hw;
	struct peer_rubric rubric;
	int *scores; /* rubric.n, when done */
	char **comments;
};
/* Only the review's own reviewer may open it (others: ST_NOTFOUND, so
 * that ids tell nothing). */
enum status peer_review_open(struct ctx *c, int64_t review_id, struct peer_review_view *out, GString *err);
/* Records the review (in: rubric.n criteria); field errors "score_I" and
 * "comment_I" (I from 0) with ST_INVALID. Grades the submission and emails
 * its author when it has its reviews. ST_CONFLICT when the claim expired or
 * was sent already. */
enum status peer_review_submit(struct ctx *c, int64_t review_id, const struct peer_review_input *in, int n_in,
			       GArray *errs, GString *err);

/* One line of the learner's review list. */
struct peer_review_item {
	struct peer_review *rev;
	struct peer_homework *hw;
};
/* c->actor's pending and done reviews, newest first; *homeworks gets the
 * homeworks they submitted (where they can ask for work); *premium whether
 * they may review now. */
enum status peer_my_reviews(struct ctx *c, struct peer_review_item **out, int *n,
			    struct peer_homework ***homeworks, int *n_homeworks, bool *premium, GString *err);

/* One line of the staff queue. */
struct peer_queue_item {
	struct peer_submission *sub;
	struct peer_homework *hw;
	int64_t staff_claim; /* a live staff claim's review id, or 0 */
};
enum status peer_staff_queue(struct ctx *c, struct peer_queue_item **out, int *n, GString *err);

/* A submission as its author sees it (API): own only, else ST_NOTFOUND;
 * reviews are the done ones, anonymous. */
enum status peer_submission_get(struct ctx *c, int64_t id, struct peer_submission **sub,
				struct peer_homework **hw, struct peer_review ***reviews, int *n,
				GString *err);

/* The file of a submission for download: its author, a reviewer holding a
 * claim on it, or staff; others ST_NOTFOUND. *path is the absolute path. */
enum status peer_file(struct ctx *c, int64_t submission_id, struct peer_submission **sub, char **path,
		      GString *err);

/* The job peer.fallback: expires stale claims, then moves every open
 * submission that waited cfg->peer_review_fallback_days without its
 * reviews to the staff queue and emails its author. Runs in the caller's
 * transaction. */
enum status peer_fallback_run(struct ctx *c, GString *err);

/* CERT-1 input: the learner's grade (percent) on a homework and whether it
 * is graded; *pct is 0 and *graded false when not (yet). */
enum status peer_homework_grade(struct ctx *c, int64_t user_id, int64_t exercise_id, int *pct, bool *graded,
				GString *err);

/* The scores and comments of a done review (rubric n entries each), parsed
 * from its JSON; false when it does not match the rubric. */
bool peer_review_parse_scores(struct arena *a, const char *json, int n, int **scores, char ***comments);

#endif
