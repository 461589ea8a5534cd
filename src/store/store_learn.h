/* Storage of learning: the learner's progress (chapters done, the resume
 * position, quiz attempts, the activity of the dashboard). The course
 * content itself is read through store/store_courses.h.
 *
 * Every function takes a connection and, when it returns data, an arena
 * that owns it; errors are ST_DB (err says why) or ST_NOTFOUND. */
#ifndef CAMPUS_STORE_LEARN_H
#define CAMPUS_STORE_LEARN_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"

/* The pass mark of the quiz exercise_id; ST_NOTFOUND when it is no quiz. */
enum status store_learn_quiz_pass_mark(struct db *db, int64_t exercise_id, int *pass_mark, GString *err);

/* Marks a chapter done (already done: nothing changes, ST_OK). */
enum status store_learn_done(struct db *db, int64_t user_id, int64_t course_id, int64_t chapter_id,
			     int64_t now, GString *err);
/* The ids of the chapters of the course the user marked done. */
enum status store_learn_done_list(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
				  int64_t **ids, size_t *n, GString *err);
/* Records / reads where the user last was in the course (kind "chapter"
 * or "quiz"); store_learn_position_get gives NULLs when nowhere yet. */
enum status store_learn_position_set(struct db *db, int64_t user_id, int64_t course_id, const char *kind,
				     const char *slug, int64_t now, GString *err);
enum status store_learn_position_get(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
				     char **kind, char **slug, GString *err);

/* Takes the lock that serialises a user's attempts until the transaction
 * ends (PostgreSQL: a row lock on the user; SQLite: BEGIN IMMEDIATE). */
enum status store_learn_lock_user(struct db *db, int64_t user_id, GString *err);

struct learn_attempt {
	int64_t id, created_at;
	int score; /* percent */
	bool passed;
	char *answers, *results; /* JSON texts */
};
enum status store_learn_attempt_insert(struct db *db, int64_t user_id, int64_t exercise_id, int64_t course_id,
				       const struct learn_attempt *at, int64_t *id, GString *err);
/* The latest attempt; *found false when there is none. */
enum status store_learn_attempt_last(struct db *db, int64_t user_id, int64_t exercise_id, bool *found,
				     int64_t *at, bool *passed, GString *err);
/* The best score (-1 when no attempt) and the number of attempts. */
enum status store_learn_attempt_best(struct db *db, int64_t user_id, int64_t exercise_id, int *best,
				     int *count, GString *err);
/* The latest attempts, newest first, at most limit. */
enum status store_learn_attempt_list(struct db *db, struct arena *a, int64_t user_id, int64_t exercise_id,
				     int limit, struct learn_attempt **out, size_t *n, GString *err);
/* Best score per attempted quiz of the course: parallel arena arrays. */
enum status store_learn_quiz_bests(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
				   int64_t **exercise_ids, int **bests, size_t *n, GString *err);

struct learn_progress_row {
	int64_t course_id;
	char *slug, *title, *lang, *opens_on;
	int chapters, chapters_done, quizzes, quizzes_passed;
	int64_t visited_at; /* 0: never */
	char *pos_kind, *pos_slug; /* "" when no position */
};
/* The user's progress in one course (ST_NOTFOUND: no such course). */
enum status store_learn_progress_one(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
				     struct learn_progress_row **out, GString *err);
/* The courses the user started (a visit, a chapter done or an attempt),
 * last visited first, at most 200. */
enum status store_learn_progress_all(struct db *db, struct arena *a, int64_t user_id,
				     struct learn_progress_row **out, size_t *n, GString *err);
/* Instants of the user's activity since since (chapters done, attempts),
 * at most 20,000, unordered. */
enum status store_learn_activity(struct db *db, struct arena *a, int64_t user_id, int64_t since, int64_t **at,
				 size_t *n, GString *err);

#endif
