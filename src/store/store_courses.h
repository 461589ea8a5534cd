/* Course content (migration 2): courses, chapters, exercises, videos, and
 * the watchers of coming-soon courses (CRS-4). Read functions serve every
 * learning capability; write functions are for the course import
 * (catalog/course_import.c) only.
 *
 * Conventions of store.h: results are allocated from the caller's arena,
 * lists are arena arrays of *n pointers (NULL-terminated), ST_NOTFOUND
 * when a single thing asked for does not exist. */
#ifndef CAMPUS_STORE_COURSES_H
#define CAMPUS_STORE_COURSES_H

#include "store/store.h"

struct course {
	int64_t id;
	char *slug; /* [a-z0-9-]{1,64}, unique */
	char *lang; /* "en" | "fr" */
	char *title, *summary;
	char *level; /* beginner | intermediate | advanced */
	char *category; /* [a-z-]{1,32} */
	int duration_minutes;
	char *author;
	char *licence; /* CC-BY-NC-SA-4.0 | CC-BY-SA-4.0 (CRS-3) */
	int pass_mark; /* percent; 0: the platform's certificate_pass_mark (CERT-1) */
	char *opens_on; /* YYYY-MM-DD projected opening (CRS-4); "" when open */
	char *previous_opens_on; /* CRS-4: the projected date before the last change; "" none */
	char *source_digest; /* hex SHA-256 of the imported folder */
	int64_t imported_at, updated_at;
};

struct chapter {
	int64_t id, course_id;
	char *slug;
	int position; /* 1, 2, ... in the outline */
	char *title;
	char *body_md;
	char *body_html; /* safe HTML rendered at import (md4c, no raw HTML) */
	int minutes; /* estimated reading time */
};

struct exercise {
	int64_t id, course_id;
	char *slug;
	int position;
	char *kind; /* "quiz" | "homework" */
	char *title;
	char *after_chapter; /* chapter slug it follows; "" at the end */
	int weight; /* in the overall score (CERT-1) */
	int pass_mark; /* percent to pass this exercise */
	char *source; /* quiz: GIFT text; homework: Markdown statement */
	char *rubric; /* homework: JSON [{"criterion":"...","points":n}]; "[]" for quizzes */
};

struct video {
	int64_t id, course_id;
	char *slug;
	char *chapter_slug; /* chapter it belongs to ("" none) */
	char *title;
	char *path; /* relative to DATA/media: "<course slug>/media/x.webm" */
	char *mime; /* video/webm | video/mp4 */
	int64_t bytes;
};

/* ---- reading ---- */
enum status store_course_by_slug(struct db *db, struct arena *a, const char *slug, struct course **out,
				 GString *err);
enum status store_course_by_id(struct db *db, struct arena *a, int64_t id, struct course **out, GString *err);
/* Every course, by slug. */
enum status store_course_list(struct db *db, struct arena *a, struct course ***out, int *n, GString *err);

/* Chapters in outline order; with_bodies false leaves body_md and body_html
 * "" (the outline of a course page needs no bodies). */
enum status store_chapters_of_course(struct db *db, struct arena *a, int64_t course_id, bool with_bodies,
				     struct chapter ***out, int *n, GString *err);
enum status store_chapter_by_slug(struct db *db, struct arena *a, int64_t course_id, const char *slug,
				  struct chapter **out, GString *err);
enum status store_chapter_by_id(struct db *db, struct arena *a, int64_t id, struct chapter **out,
				GString *err);

/* Exercises in the order of the manifest. */
enum status store_exercises_of_course(struct db *db, struct arena *a, int64_t course_id,
				      struct exercise ***out, int *n, GString *err);
enum status store_exercise_by_slug(struct db *db, struct arena *a, int64_t course_id, const char *slug,
				   struct exercise **out, GString *err);
enum status store_exercise_by_id(struct db *db, struct arena *a, int64_t id, struct exercise **out,
				 GString *err);

enum status store_videos_of_course(struct db *db, struct arena *a, int64_t course_id, struct video ***out,
				   int *n, GString *err);
enum status store_video_by_id(struct db *db, struct arena *a, int64_t id, struct video **out, GString *err);
enum status store_video_by_slug(struct db *db, struct arena *a, int64_t course_id, const char *slug,
				struct video **out, GString *err);

/* The catalogue: q is the visitor's search text ("" none); other filters ""
 * for none; durations in [min_minutes, max_minutes). */
struct course_query {
	const char *q, *category, *level, *lang;
	int min_minutes, max_minutes;
	int limit, offset;
};
/* One page of matching courses in a stable order (relevance first when q
 * is given, then title, then id) and the number of all matches. */
enum status store_course_search(struct db *db, struct arena *a, const struct course_query *query,
				struct course ***out, int *n, int64_t *total, GString *err);
/* The categories that have courses, sorted; *out holds *n arena strings. */
enum status store_course_categories(struct db *db, struct arena *a, char ***out, int *n, GString *err);

/* ---- writing (the import only; inside its transaction) ---- */
/* Inserts (c->id == 0) or updates (by c->id) the course row. */
enum status store_course_save(struct db *db, struct course *c, GString *err);
/* Replaces the search document of a course (title, summary, body text). */
enum status store_course_search_set(struct db *db, int64_t course_id, const char *title, const char *summary,
				    const char *body, GString *err);
/* Insert when id == 0 (sets id), else update by id. */
enum status store_chapter_save(struct db *db, struct chapter *ch, GString *err);
enum status store_chapter_delete(struct db *db, int64_t id, GString *err);
enum status store_exercise_save(struct db *db, struct exercise *ex, GString *err);
enum status store_exercise_delete(struct db *db, int64_t id, GString *err);
enum status store_video_save(struct db *db, struct video *v, GString *err);
enum status store_video_delete(struct db *db, int64_t id, GString *err);

/* ---- CRS-4 watchers ---- */
/* Adds a watcher; *added false when that email already watches the course.
 * ip: of a visitor's request ("" when signed in or unknown). */
enum status store_watcher_add(struct db *db, int64_t course_id, const char *email, int64_t user_id,
			      const char *lang, const char *ip, int64_t now, bool *added, GString *err);
/* Watchers added by visitors from ip since the instant since. */
enum status store_watcher_count_ip(struct db *db, const char *ip, int64_t since, int64_t *count, GString *err);
enum status store_watcher_exists(struct db *db, int64_t course_id, const char *email, bool *exists,
				 GString *err);
struct watcher {
	int64_t id;
	char *email;
	char *lang; /* of the account when signed in, else as asked */
};
/* Watchers not yet told of the opening. */
enum status store_watchers_pending(struct db *db, struct arena *a, int64_t course_id, struct watcher ***out,
				   int *n, GString *err);
enum status store_watcher_mark_opened(struct db *db, int64_t id, int64_t at, GString *err);
/* Ids of courses with opens_on <= today (YYYY-MM-DD) that have watchers
 * still to tell; *out is an arena array of *n ids. */
enum status store_courses_opening(struct db *db, struct arena *a, const char *today, int64_t **out, int *n,
				  GString *err);

#endif
