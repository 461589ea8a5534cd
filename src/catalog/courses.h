/* Course use cases (database, clock, mail through struct ctx): importing a
 * course folder or zip, the opening date (CRS-4) and its watchers. */
#ifndef CAMPUS_COURSES_H
#define CAMPUS_COURSES_H

#include <glib.h>
#include <stdbool.h>

#include "ops/ctx.h"
#include "store/store_courses.h"

/* What an import did, or why it could not. */
struct course_import_report {
	GPtrArray *problems; /* "path:line: message" arena strings; owned by the caller (g_ptr_array_new) */
	struct course *course; /* the stored course (arena), on success */
	bool created; /* a new course, not a re-import */
	bool unchanged; /* the folder is the one imported last time: nothing was written */
	int chapters, exercises, videos, media_files;
	int removed; /* chapters, exercises and videos no longer in the folder */
	int watchers_told; /* CRS-4 emails queued for a changed date or an opening */
};

/* Imports the course folder dir: validates everything (every problem, with
 * file and line, goes to rep->problems and the result is ST_INVALID with
 * nothing changed), copies its media into DATA/media/<slug>/, and stores
 * the course in one transaction with audit_record "course.import". A
 * re-import matches the course by slug and its chapters, exercises and
 * videos by (course, slug), so ids and learners' progress survive; those
 * gone from the folder are deleted. When the projected date changes,
 * watchers are emailed (CRS-4). Allowed to the operator (ctx->actor NULL)
 * and to admins. */
enum status course_import_dir(struct ctx *c, const char *dir, struct course_import_report *rep, GString *err);

/* Validates the course folder dir without storing anything: every problem
 * ("path:line: message", arena strings of a) is appended to problems.
 * ST_OK when there is none. No database, no clock. */
enum status course_validate_dir(struct arena *a, const char *dir, GPtrArray *problems);

/* The same from a zip archive in memory (the admin upload): course.ini at
 * the root or in a single top folder. Entries escaping the folder
 * (zip-slip), links, too many entries or too many bytes once inflated are
 * refused before anything is written. */
enum status course_import_zip(struct ctx *c, const void *zip, size_t len, struct course_import_report *rep,
			      GString *err);

/* Limits of an uploaded zip. */
enum { COURSE_ZIP_MAX_ENTRIES = 1000 };
#define COURSE_ZIP_MAX_TOTAL ((gint64)512 * 1024 * 1024)

/* CRS-4: true when the course can be read at ctx->now (no projected date,
 * or the date has come in the platform's time zone). Chapters, quizzes,
 * homework and videos of a course that is not open are not readable. */
bool course_is_open(struct ctx *c, const struct course *co);
/* Today's date in the platform's time zone, YYYY-MM-DD (arena string). */
char *course_today(struct ctx *c);
/* "1 March 2027" / "1er mars 2027" for a YYYY-MM-DD date (arena string). */
char *course_date_label(struct arena *a, const char *tz_name, const char *ymd, const char *lang);

/* How many addresses visitors from one IP may add per hour. */
enum { COURSE_WATCHES_PER_IP_HOUR = 10 };

/* CRS-4: "tell me when it opens". email may be NULL when ctx->actor is set
 * (their address is used). Idempotent: *added is false when that address
 * already watches the course. ST_CONFLICT when the course is already open,
 * ST_INVALID for a bad address, ST_NOTFOUND for an unknown course,
 * ST_TOOMANY past COURSE_WATCHES_PER_IP_HOUR new addresses from ctx->ip. */
enum status course_watch(struct ctx *c, const char *slug, const char *email, const char *lang, bool *added,
			 GString *err);
/* Whether the signed-in actor already watches the course. */
bool course_watching(struct ctx *c, const struct course *co);

/* The daily job "courses.open": emails every watcher of each course whose
 * date has come, once, in their language, then schedules itself for the
 * next local midnight. */
enum status courses_open_job(struct ctx *c, const char *payload, GString *err);
/* The first run of that job (for scheduler_seed). */
enum status courses_open_seed(struct db *db, int64_t now, GString *err);

#endif
