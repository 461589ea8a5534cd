/* Pure rules of learning: the course outline (chapters and exercises in
 * reading order), percent complete, the wait between failed quiz attempts,
 * whether a course is open (CRS-4), day buckets of the activity chart in
 * the platform zone, and the marking of a whole quiz attempt.
 *
 * No I/O, no clock reads: instants come as arguments. Whatever is returned
 * is allocated from the caller's arena or written to caller buffers. */
#ifndef CAMPUS_LEARN_RULES_H
#define CAMPUS_LEARN_RULES_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "catalog/gift.h"

/* The outline's raw material, as stored (position orders each list). */
struct outline_chapter {
	int64_t id;
	const char *slug, *title;
	int position;
};
struct outline_exercise {
	int64_t id;
	const char *slug, *title;
	const char *kind; /* "quiz" or "homework" */
	const char *after; /* chapter slug it follows; "" or unknown: at the end */
	int position;
};

enum outline_kind { OUTLINE_CHAPTER, OUTLINE_QUIZ, OUTLINE_HOMEWORK };

struct outline_item {
	enum outline_kind kind;
	int64_t id;
	const char *slug, *title; /* borrowed from the input */
};

/* Orders chapters by position, each followed by the exercises placed after
 * it (by position); exercises placed after no known chapter come last.
 * out must have room for nch + nex items; returns how many were written
 * (always nch + nex). Inputs are not modified. */
size_t learn_outline(const struct outline_chapter *ch, size_t nch, const struct outline_exercise *ex,
		     size_t nex, struct outline_item *out);
/* The index of the item of that kind and slug, or -1. */
int learn_outline_find(const struct outline_item *items, size_t n, enum outline_kind kind, const char *slug);
/* The site path of an item of course course_slug ("/courses/c/chapters/x",
 * ".../quizzes/x", ".../homework/x"), allocated from a. Slugs are
 * [a-z0-9-] by the import, so they need no escaping in a path. */
char *learn_item_path(struct arena *a, const char *course_slug, const struct outline_item *it);

/* Percent complete of done items out of total, rounded down so that 100
 * means everything is done; 0 when total is 0. done is clamped to total. */
int learn_percent(int done, int total);

/* The wait between failed quiz attempts: after a failed attempt at
 * last_at, no new attempt before last_at + wait_minutes (inclusive end: at
 * that second it is allowed again). Returns the seconds left, 0 when an
 * attempt is allowed (no attempt yet, the last one passed, or the wait is
 * over). */
int64_t learn_retry_wait_left(bool has_last, bool last_passed, int64_t last_at, int wait_minutes,
			      int64_t now);

/* CRS-4: a course with a projected opening date "YYYY-MM-DD" is readable
 * from that local date on; "" (or NULL) means open. A malformed date keeps
 * the course closed. today is the local date (y, m, d). */
bool learn_course_is_open(const char *opens_on, int y, int m, int d);

/* The bucket of instant t in a chart of ndays local days ending with the
 * local day of now (index ndays - 1): 0..ndays-1, or -1 when t falls
 * outside. Days are calendar days in tz, so 23- and 25-hour days around a
 * DST change are one bucket each. */
int learn_day_index(GTimeZone *tz, int64_t now, int64_t t, int ndays);

enum { LEARN_CALENDAR_MAX_DAYS = 64 };

/* The local days of a chart, computed once for many instants (perf: the
 * dashboard converted every activity and every date label through the
 * zone, most of its time in a profile): ndays calendar days in tz ending
 * with the local day of now. start[k] is the first instant of day k
 * (start[ndays] that of the next day, so day k is [start[k], start[k+1]):
 * 23- and 25-hour days stay one day each), noon[k] an instant inside it,
 * y/m/d its date. Valid for every now in [start[ndays - 1], start[ndays]). */
struct learn_calendar {
	int ndays;
	int64_t start[LEARN_CALENDAR_MAX_DAYS + 1];
	int64_t noon[LEARN_CALENDAR_MAX_DAYS];
	int y[LEARN_CALENDAR_MAX_DAYS], m[LEARN_CALENDAR_MAX_DAYS], d[LEARN_CALENDAR_MAX_DAYS];
};

/* Fills cal for ndays (1..LEARN_CALENDAR_MAX_DAYS) ending today in tz. */
void learn_calendar_make(GTimeZone *tz, int64_t now, int ndays, struct learn_calendar *cal);
/* learn_day_index from a calendar, without the zone: the day of t, or -1. */
int learn_calendar_index(const struct learn_calendar *cal, int64_t t);

/* A learner's answer to one question, as strings from a form or JSON:
 * MULTICHOICE/TRUEFALSE: at most one value, the answer index (TRUEFALSE
 * also "true"/"false"); MULTIANSWER: answer indices; SHORTANSWER and
 * NUMERIC: one typed value; MATCHING: one value per answer, the index of
 * the answer whose right item is put against that left item ("" or "-1"
 * for none; distractor entries are ignored). No value: unanswered. */
struct quiz_answer {
	const char **values;
	int n_values;
};

enum { QUIZ_MAX_QUESTIONS = 200, QUIZ_MAX_VALUES = 64, QUIZ_MAX_VALUE_BYTES = 1000 };

struct quiz_result {
	int score; /* 0..100 */
	bool marked; /* false for an essay (marked by a teacher, not counted) */
	bool answered;
	const char *feedback; /* of the answer(s) given, NULL when none */
};

/* Marks an attempt: answers[i] answers questions[i] (n of each). results
 * (n entries, caller-owned) get each question's score and feedback;
 * *score is the mean of the marked questions rounded to the nearest
 * percent (0 when none is marked). ST_INVALID, with err naming the
 * question ("question 3: ..."), when an answer cannot be read: a value
 * that is not an index of that question, too many values, a value over
 * QUIZ_MAX_VALUE_BYTES, text that is not UTF-8. Nothing is kept on error. */
enum status learn_quiz_mark(struct arena *a, struct gift_question *const *questions, int n,
			    const struct quiz_answer *answers, struct quiz_result *results, int *score,
			    GString *err);

#endif
