/* Pure rules of peer-reviewed homework (CRS-1): the rubric, the strict
 * check of a review, the grade and its rounding, which submission a
 * reviewer gets, when a claim expires and when a submission falls back to
 * staff, and what an uploaded file really is. No I/O; instants are UTC
 * unix seconds given by the caller. Messages are msgids (N_) to translate. */
#ifndef CAMPUS_PEER_RULES_H
#define CAMPUS_PEER_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum {
	PEER_CRITERIA_MAX = 20, /* criteria in one rubric */
	PEER_POINTS_MAX = 100, /* points of one criterion */
	PEER_CRITERION_NAME_MAX = 200, /* bytes of a criterion's name */
	PEER_COMMENT_MIN = 20, /* characters of a review comment, after trimming */
	PEER_COMMENT_MAX = 4000,
	PEER_ANSWER_MAX = 50000, /* bytes of a text answer */
	PEER_FILE_NAME_MAX = 100, /* bytes of a cleaned file name */
};

/* A homework's rubric: n criteria, each scored 0..points[i]. */
struct peer_rubric {
	int n;
	const char **names; /* owned by the arena given to peer_rubric_parse */
	int *points;
	int total; /* sum of points, >= 1 */
};

/* Parses the JSON of exercises.rubric ([{"criterion":"Clarity","points":3}, ...]).
 * NULL on success, else a message (static English text, for operators: a
 * rubric comes from the course import, not from a learner). */
const char *peer_rubric_parse(struct arena *a, const char *json, struct peer_rubric *out);

/* One criterion of a review as sent: the score as text (a form or JSON
 * number printed) and the comment. */
struct peer_review_input {
	const char *score;
	const char *comment;
};
/* What is wrong with criterion i, NULL when nothing. */
struct peer_review_problem {
	const char *score; /* msgid or NULL */
	const char *comment; /* msgid or NULL */
};
/* Checks every criterion strictly: the score is a plain decimal integer
 * (no sign, blanks or leading zeros) from 0 to the criterion's points; the
 * comment has PEER_COMMENT_MIN..PEER_COMMENT_MAX characters once trimmed
 * and is valid UTF-8. Fills scores[i] (rb->n entries) and problems[i];
 * returns the number of problems (0: valid). */
int peer_review_check(const struct peer_rubric *rb, const struct peer_review_input *in, int *scores,
		      struct peer_review_problem *problems);

/* The percent of total points over n reviews of the same rubric, each a
 * sum of scores out of points: 100 * sum(totals) / (n * points), rounded
 * half-up to an integer (exact, in integers: 2/3 of the points is 67, 1/8
 * is 13 since 12.5 rounds up). One review gives that review's percent; the
 * grade is the mean over the reviews taken this way, without rounding each
 * review first. -1 when n < 1 or points < 1. */
int peer_percent(const int *totals, int n, int points);

/* A submission a reviewer could get. */
struct peer_candidate {
	int64_t submission_id;
	int64_t author_id;
	int64_t submitted_at;
	int reviews; /* done + pending (expired and cancelled claims do not count) */
	bool seen; /* the reviewer already has (or had) a claim on it */
};
/* The index of the submission to assign to reviewer, or -1 when none fits:
 * never their own, never one they already had, never one that has its
 * required reviews (done + pending); among the rest the one with the fewest
 * reviews, then the oldest, then the lowest id. */
int peer_pick(const struct peer_candidate *c, size_t n, int64_t reviewer, int required);

/* When a claim made at claimed_at expires (peer_review_claim_hours). */
int64_t peer_claim_expires(int64_t claimed_at, int hours);
/* When a submission made at submitted_at goes to the staff queue if it
 * still lacks reviews (peer_review_fallback_days). */
int64_t peer_fallback_due(int64_t submitted_at, int days);
/* Whether an open submission with done completed reviews moves to staff at now. */
bool peer_fallback_needed(int64_t submitted_at, int done, int required, int days, int64_t now);

/* What an uploaded file is, by its extension and its first bytes. */
enum peer_file_kind {
	PEER_FILE_OK,
	PEER_FILE_EMPTY,
	PEER_FILE_BAD_EXTENSION, /* not .pdf .png .jpg .jpeg .txt .zip */
	PEER_FILE_MISMATCH, /* the content is not what the extension says */
};
/* Sniffs data (len bytes) named name; *mime gets the type (static) when OK:
 * application/pdf, image/png, image/jpeg, text/plain (UTF-8 without control
 * characters but tab, CR, LF, FF), application/zip. */
enum peer_file_kind peer_sniff_file(const char *name, const unsigned char *data, size_t len,
				    const char **mime);
/* A name safe to show and to put in Content-Disposition: the last path
 * segment, ASCII letters, digits, '.', '-' and '_' kept, others '_', at most
 * PEER_FILE_NAME_MAX bytes keeping the extension; "file" when nothing is
 * left. Owned by the arena. */
char *peer_clean_file_name(struct arena *a, const char *name);

/* Resubmission is allowed until the first review is claimed (a reviewer
 * must not grade a moving target) and never once graded. */
bool peer_can_resubmit(const char *state, int claims);

#endif
