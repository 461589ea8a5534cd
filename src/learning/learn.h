/* Use cases of learning: reading chapters, marking them done, resuming,
 * quizzes with attempts marked at once, progress per course, the learner's
 * dashboard; and the best quiz score that certificates gather (CERT-1).
 *
 * Each works through a struct ctx (database, arena, now, actor). What they
 * return is allocated from c->a and lives as long as it. Errors:
 * ST_NOTFOUND (no such course, chapter or quiz, or a course not open yet:
 * err says when it opens), ST_UNAUTHORIZED (progress needs a signed-in
 * learner), ST_INVALID (answers that cannot be read), ST_CONFLICT (an
 * attempt inside the wait after a failed one), ST_FORBIDDEN, ST_DB. */
#ifndef CAMPUS_LEARN_H
#define CAMPUS_LEARN_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "learning/learn_rules.h"
#include "ops/ctx.h"
#include "store/store_courses.h"
#include "store/store_learn.h"

/* A course as the learner sees it: its outline in reading order. */
struct learn_course_view {
	struct course *course; /* store_courses.h */
	struct outline_item *items;
	size_t n_items;
	struct exercise **exercises; /* in manifest order */
	size_t n_exercises;
	bool open; /* CRS-4: false while opens_on is in the future */
};

/* The neighbours of an item in the outline (NULL at either end). */
struct learn_nav {
	const struct outline_item *prev, *next;
	const char *prev_path, *next_path;
};

struct learn_chapter_view {
	struct learn_course_view *cv;
	const struct outline_item *item;
	int index; /* in cv->items */
	char *body_html; /* rendered and sanitised by the import */
	int minutes;
	bool done; /* by the actor; false for a visitor */
	struct video **videos; /* of this chapter (media pages play them) */
	int n_videos;
	struct learn_nav nav;
};

/* Loads the course of that slug and its outline. ST_OK also for a course
 * not open yet (see ->open). */
enum status learn_course_load(struct ctx *c, const char *slug, struct learn_course_view **out, GString *err);

/* Opens a chapter for reading; a signed-in actor's position in the course
 * is recorded (resume). Visitors may read. A course not open yet gives
 * ST_NOTFOUND with *out set (cv->open false) and err naming the date. */
enum status learn_chapter_open(struct ctx *c, const char *course_slug, const char *chapter_slug,
			       struct learn_chapter_view **out, GString *err);

/* Marks the chapter done for the actor (idempotent). */
enum status learn_chapter_done(struct ctx *c, const char *course_slug, const char *chapter_slug,
			       GString *err);

/* Where the actor should go on in the course: the last chapter or quiz
 * they opened, else the first item (visitors too); the course page when
 * the course has no content. *path is an arena string. */
enum status learn_resume(struct ctx *c, const char *course_slug, char **path, GString *err);

struct learn_progress {
	struct learn_course_view *cv;
	int chapters, chapters_done, quizzes, quizzes_passed;
	int percent; /* of chapters done and quizzes passed */
	bool *item_done; /* per outline item: chapter done, quiz passed */
	int *item_best; /* per outline item: quiz best score, -1 when none */
	char *resume_path;
};

/* The actor's progress in a course (only their own: no user argument). */
enum status learn_progress(struct ctx *c, const char *course_slug, struct learn_progress **out, GString *err);

struct learn_quiz_view {
	struct learn_course_view *cv;
	const struct outline_item *item;
	int index;
	const struct exercise *ex; /* its source is the GIFT text */
	struct gift_question **questions;
	int n_questions;
	/* The actor's standing (zeros and -1 for a visitor). */
	int best; /* -1: no attempt */
	int attempts;
	bool passed; /* best >= the quiz's pass mark */
	int64_t wait_left; /* seconds before the next attempt is accepted */
	struct learn_nav nav;
};

/* Opens a quiz (its questions parsed from the stored GIFT text); records a
 * signed-in actor's position. Closed course: as learn_chapter_open. */
enum status learn_quiz_open(struct ctx *c, const char *course_slug, const char *quiz_slug,
			    struct learn_quiz_view **out, GString *err);

struct learn_attempt_outcome {
	int64_t id;
	int score;
	bool passed;
	struct quiz_result *results; /* one per question of the view */
	int best; /* after this attempt */
	bool best_passed;
	int64_t wait_left; /* ST_CONFLICT: seconds to wait; else the wait this attempt starts */
};

/* Records and marks an attempt of the actor at the quiz of view:
 * answers[i] answers question i (n_answers <= the number of questions;
 * missing ones are unanswered). After a failed attempt, a new attempt
 * inside quiz_retry_wait_minutes is refused (ST_CONFLICT, out->wait_left
 * set) and changes nothing; a passed quiz can be retaken at once. The
 * best score is the highest of all attempts. */
enum status learn_quiz_attempt(struct ctx *c, struct learn_quiz_view *view, const struct quiz_answer *answers,
			       int n_answers, struct learn_attempt_outcome *out, GString *err);

/* The actor's attempts at a quiz, newest first (at most 50). */
enum status learn_quiz_attempts(struct ctx *c, const struct learn_quiz_view *view, struct learn_attempt **out,
				size_t *n, GString *err);

/* CERT-1 input: the best score (percent, 0 when no attempt) of user_id at
 * the quiz exercise_id and whether it meets the quiz's pass mark. The
 * actor must be that user, staff, or the system (NULL actor). ST_NOTFOUND
 * when exercise_id is not a quiz. */
enum status learn_quiz_best(struct ctx *c, int64_t user_id, int64_t exercise_id, int *pct, bool *passed,
			    GString *err);

enum { LEARN_CHART_DAYS = 56 }; /* 8 weeks */

struct learn_course_progress {
	struct learn_progress_row row;
	int percent;
	bool open;
	char *resume_path;
};

struct learn_dashboard {
	struct learn_course_progress *courses; /* last visited first */
	size_t n_courses;
	/* Activity per local day (chapters done + quiz attempts), oldest
	 * first, the last being today in the platform zone; noon[i] is an
	 * instant inside day i, for formatting its date. */
	int counts[LEARN_CHART_DAYS];
	int64_t noon[LEARN_CHART_DAYS];
	int max_count, total;
	/* The chart's days (dates, bounds) in the platform zone. */
	struct learn_calendar cal;
};

/* The actor's dashboard. */
enum status learn_dashboard(struct ctx *c, struct learn_dashboard **out, GString *err);

#endif
