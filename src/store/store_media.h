/* Storage of media: videos (table of migration 2, filled by the course
 * import) read with their course, and the listing of staff Premium grants
 * for the grants page (rights themselves are asked through ops/premium.h).
 * Conventions of store/store.h: results from the caller's arena, no
 * transactions opened here. */
#ifndef CAMPUS_STORE_MEDIA_H
#define CAMPUS_STORE_MEDIA_H

#include "store/store.h"

struct media_video {
	int64_t id, course_id;
	char *slug, *chapter_slug, *title;
	char *path; /* relative to DATA/media, as the import wrote it */
	char *mime;
	int64_t bytes;
	char *course_slug, *course_title;
	char *course_opens_on; /* YYYY-MM-DD or "" (CRS-4) */
	char *course_lang;
};

/* ST_NOTFOUND when there is no such video. */
enum status store_media_video_by_id(struct db *db, struct arena *a, int64_t id, struct media_video **out,
				    GString *err);
enum status store_media_video_by_slug(struct db *db, struct arena *a, const char *course_slug,
				      const char *video_slug, struct media_video **out, GString *err);
/* The title of a chapter, or NULL when the course has no such chapter. */
enum status store_media_chapter_title(struct db *db, struct arena *a, int64_t course_id, const char *slug,
				      char **title, GString *err);

struct media_grant {
	int64_t id, user_id;
	char *email, *name, *reason;
	int64_t starts_at, ends_at; /* ends_at 0: until revoked */
	char *granted_by; /* email of the staff member, "" for the system */
};
/* Grants active at now, newest first: at most limit from offset. */
enum status store_media_grants_current(struct db *db, struct arena *a, int64_t now, int limit, int offset,
				       struct media_grant **out, int *n, GString *err);

#endif
