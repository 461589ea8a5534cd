/* Storage of homework submissions and peer reviews (migration 5, CRS-1),
 * with the homework read from the course tables (migration 2). Functions
 * follow store.h: an enum status, err on failure, results owned by the
 * caller's arena, no transactions of their own. */
#ifndef CAMPUS_STORE_PEER_H
#define CAMPUS_STORE_PEER_H

#include "store/store.h"

/* A homework exercise with its course. */
struct peer_homework {
	int64_t exercise_id, course_id;
	char *course_slug, *course_title, *course_lang;
	char *slug, *title;
	char *statement_md; /* exercises.source */
	char *rubric_json;
	int pass_mark, weight;
};
/* ST_NOTFOUND when the course or the homework does not exist (a quiz of
 * that slug is not a homework). */
enum status store_peer_homework(struct db *db, struct arena *a, const char *course_slug, const char *slug,
				struct peer_homework **out, GString *err);
enum status store_peer_homework_by_id(struct db *db, struct arena *a, int64_t exercise_id,
				      struct peer_homework **out, GString *err);

struct peer_submission {
	int64_t id, exercise_id, user_id;
	char *body;
	char *file_name, *file_path, *file_type; /* "" without a file */
	int64_t file_bytes;
	int64_t submitted_at, updated_at;
	char *state; /* "open", "staff", "graded" */
	int64_t staff_at; /* 0 when never moved to staff */
	int grade_pct; /* -1 until graded */
	int64_t graded_at;
	int claims; /* pending + done reviews */
	int done; /* done reviews */
};
enum status store_peer_sub_get(struct db *db, struct arena *a, int64_t id, struct peer_submission **out,
			       GString *err);
/* The learner's submission to the homework; ST_NOTFOUND when none. */
enum status store_peer_sub_of(struct db *db, struct arena *a, int64_t exercise_id, int64_t user_id,
			      struct peer_submission **out, GString *err);
/* Inserts s (sets s->id); ST_CONFLICT when the learner already submitted. */
enum status store_peer_sub_insert(struct db *db, struct peer_submission *s, GString *err);
/* Replaces the content of an open, unclaimed submission; ST_CONFLICT when
 * it is claimed, graded or gone meanwhile. */
enum status store_peer_sub_replace(struct db *db, const struct peer_submission *s, int64_t now, GString *err);
/* open -> staff at at; ST_CONFLICT when it was not open. */
enum status store_peer_sub_to_staff(struct db *db, int64_t id, int64_t at, GString *err);
/* -> graded with pct at at; ST_CONFLICT when already graded. */
enum status store_peer_sub_grade(struct db *db, int64_t id, int pct, int64_t at, GString *err);
/* Open submissions made at or before before with fewer than required
 * done reviews, oldest first (at most 500). */
enum status store_peer_sub_fallback_due(struct db *db, struct arena *a, int64_t before, int required,
					struct peer_submission ***out, int *n, GString *err);
/* Submissions in the staff queue, oldest move first (at most 200). */
enum status store_peer_sub_staff_queue(struct db *db, struct arena *a, struct peer_submission ***out, int *n,
				       GString *err);
/* Exercise ids the learner submitted to, in submission order (at most 200). */
enum status store_peer_sub_exercises_of(struct db *db, struct arena *a, int64_t user_id, int64_t **out,
					int *n, GString *err);

/* Open submissions of the homework by others than reviewer, as
 * learning/peer_rules.h candidates (arena array). */
struct peer_candidate;
enum status store_peer_candidates(struct db *db, struct arena *a, int64_t exercise_id, int64_t reviewer,
				  struct peer_candidate **out, int *n, GString *err);

struct peer_review {
	int64_t id, submission_id, reviewer_id;
	bool staff;
	char *state; /* "pending", "done", "expired", "cancelled" */
	int64_t claimed_at, expires_at, done_at;
	char *scores_json; /* "" until done */
	int pct; /* -1 until done */
	int64_t exercise_id, author_id; /* of the submission */
};
/* A new pending claim (sets *id); ST_CONFLICT when reviewer already had one
 * on that submission. */
enum status store_peer_rev_insert(struct db *db, int64_t submission_id, int64_t reviewer, bool staff,
				  int64_t claimed_at, int64_t expires_at, int64_t *id, GString *err);
/* Takes again an expired or cancelled staff claim of reviewer (sets *id);
 * ST_NOTFOUND when there is none. */
enum status store_peer_rev_reopen_staff(struct db *db, int64_t submission_id, int64_t reviewer,
					int64_t claimed_at, int64_t expires_at, int64_t *id, GString *err);
enum status store_peer_rev_get(struct db *db, struct arena *a, int64_t id, struct peer_review **out,
			       GString *err);
/* Done reviews of a submission in the order they were done. */
enum status store_peer_rev_of_sub(struct db *db, struct arena *a, int64_t submission_id,
				  struct peer_review ***out, int *n, GString *err);
/* Pending and done reviews of a reviewer, newest first (at most 200). */
enum status store_peer_rev_of_reviewer(struct db *db, struct arena *a, int64_t reviewer,
				       struct peer_review ***out, int *n, GString *err);
/* The reviewer's live pending claim on the homework; *id 0 when none. */
enum status store_peer_rev_pending_of(struct db *db, int64_t reviewer, int64_t exercise_id, int64_t now,
				      int64_t *id, GString *err);
/* A live pending staff claim on the submission; *id 0 when none. */
enum status store_peer_rev_staff_pending(struct db *db, int64_t submission_id, int64_t now, int64_t *id,
					 GString *err);
/* pending -> done at at with the scores and percent; ST_CONFLICT when the
 * claim is no longer pending or expired at at. */
enum status store_peer_rev_complete(struct db *db, int64_t id, int64_t at, const char *scores_json, int pct,
				    GString *err);
/* Pending claims past their expiry at now become expired; *n how many (may be NULL). */
enum status store_peer_rev_expire(struct db *db, int64_t now, int64_t *n, GString *err);
/* The pending claims of a submission become cancelled (it is graded). */
enum status store_peer_rev_cancel_pending(struct db *db, int64_t submission_id, GString *err);
/* Whether user holds a pending or done claim on the submission. */
enum status store_peer_rev_access(struct db *db, int64_t submission_id, int64_t user_id, bool *yes,
				  GString *err);

#endif
