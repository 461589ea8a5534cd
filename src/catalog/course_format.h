/* The course folder format (docs/course-format.md): the course.ini manifest,
 * Markdown chapters rendered to safe HTML, and the small rules the
 * catalogue shows (licences of CRS-3, the opening date of CRS-4).
 *
 * Pure code: no I/O, no clock. Results live in the caller's arena; every
 * problem found is appended to problems as an arena string
 * "file:line: message" so that an author sees all of them at once. */
#ifndef CAMPUS_COURSE_FORMAT_H
#define CAMPUS_COURSE_FORMAT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"

/* Size limits of a course folder (the import refuses more). */
enum {
	COURSE_MAX_MANIFEST = 64 * 1024,
	COURSE_MAX_MARKDOWN = 512 * 1024, /* a chapter or a homework statement */
	COURSE_MAX_GIFT = 512 * 1024,
	COURSE_MAX_CHAPTERS = 200,
	COURSE_MAX_EXERCISES = 200,
	COURSE_MAX_VIDEOS = 100,
	COURSE_MAX_MEDIA_FILES = 500,
	COURSE_MAX_IMAGE = 5 * 1024 * 1024,
};
#define COURSE_MAX_VIDEO ((gint64)1024 * 1024 * 1024) /* 1 GiB */
#define COURSE_MAX_TOTAL ((gint64)4 * 1024 * 1024 * 1024) /* everything in the folder */

enum manifest_kind { MANIFEST_QUIZ, MANIFEST_HOMEWORK };

struct manifest_exercise {
	enum manifest_kind kind;
	const char *slug, *title;
	const char *after; /* chapter slug, "" at the end */
	int weight, pass_mark;
	const char *rubric_json; /* homework: [{"criterion":..,"points":n}]; quiz: "[]" */
	int line; /* of its [group] header */
};

struct manifest_video {
	const char *slug, *title;
	const char *file; /* "media/x.webm" as written */
	const char *chapter; /* chapter slug */
	int line;
};

struct course_manifest {
	const char *slug, *title, *lang, *summary, *level, *category, *author, *licence;
	int duration_minutes;
	int pass_mark; /* 0: not set */
	const char *opens_on; /* "" when absent */
	struct manifest_exercise *exercises;
	int n_exercises;
	struct manifest_video *videos;
	int n_videos;
};

/* Parses and validates course.ini (text[0..len)). *out is set even with
 * problems (fields that failed are ""), so that later checks can still run.
 * ST_INVALID when at least one problem was appended. */
enum status course_manifest_parse(struct arena *a, const char *file, const char *text, size_t len,
				  struct course_manifest **out, GPtrArray *problems);

/* A chapter file name "NN-slug.md": the slug as an arena string, or NULL. */
char *course_chapter_slug(struct arena *a, const char *file_name);
/* [a-z0-9-]{1,64} */
bool course_slug_valid(const char *s);
/* A media path as written in a course ("media/b.svg"): a file directly in
 * media/ (the URL /courses/<slug>/media/<file> has one segment), named with
 * [A-Za-z0-9._-] and not starting with '.'. */
bool course_media_path_valid(const char *path);

/* Renders a Markdown chapter (CommonMark + tables, md4c) to HTML that
 * cannot carry raw HTML or script: raw HTML is shown as text
 * (MD_FLAG_NOHTML), links must be http(s):, mailto:, #fragments or
 * relative, images must be media/ paths of the course and are rewritten to
 * media_url_prefix ("/courses/<slug>/"). The first "# " heading gives
 * *title (NULL when there is none). Each media path referenced is appended
 * once to media_refs (arena strings) so that the caller checks they exist.
 * Returns ST_INVALID with problems (file:line) on a refused link or image. */
enum status course_markdown_render(struct arena *a, const char *file, const char *md, size_t len,
				   const char *media_url_prefix, char **html, char **title,
				   GPtrArray *media_refs, GPtrArray *problems);
/* The words of a Markdown text, for the reading time and the search index. */
int course_markdown_words(const char *md);

/* CRS-3: the human name and the deed URL of a licence id; NULL when the id
 * is not one campus accepts. */
const char *course_licence_name(const char *id);
const char *course_licence_url(const char *id);

/* CRS-4: a course is open when it has no projected date or when today
 * (YYYY-MM-DD in the platform's time zone) has reached it. */
bool course_open_on(const char *opens_on, const char *today);

#endif
