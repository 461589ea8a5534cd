/* Videos (CRS-2): who may watch which video, the file behind it, and the
 * personal, expiring download links of Premium users. Use cases over
 * struct ctx; the pure parts are media/range.h and media/link.h. */
#ifndef CAMPUS_MEDIA_H
#define CAMPUS_MEDIA_H

#include <glib.h>
#include <stdint.h>

#include "media/link.h"
#include "ops/ctx.h"
#include "store/store_media.h"

/* Whether the course of v is still "coming soon" at c->now (CRS-4: its
 * opens_on date, in the platform time zone, is after today). */
bool media_course_coming_soon(struct ctx *c, const struct media_video *v);

/* The video for a reader. Anyone who can read the course may stream its
 * videos, subscriber or not (CRS-2); a course that is coming soon (CRS-4)
 * shows its videos only to staff and admins: ST_NOTFOUND for others, as
 * for a video that does not exist. *out is owned by c->a. */
enum status media_video_get(struct ctx *c, int64_t id, struct media_video **out, GString *err);
/* The same by course and video slug; *chapter_title (owned by c->a) is the
 * title of the video's chapter, or NULL when it has none. */
enum status media_video_find(struct ctx *c, const char *course_slug, const char *video_slug,
			     struct media_video **out, char **chapter_title, GString *err);

/* An open video file and its validators. */
struct media_file {
	int fd; /* owned by the caller (http_respond_file takes it over) */
	uint64_t size;
	char etag[48]; /* strong entity tag, quoted */
	char last_modified[40]; /* IMF-fixdate */
};
/* Opens the file of v under DATA/media. The path comes from the videos
 * table, never from the URL, and is refused when it could leave that
 * folder (absolute, "..", a symbolic link at the end). ST_IO when the file
 * is missing or unreadable (the catalogue and the disk disagree). */
enum status media_file_open(struct ctx *c, const struct media_video *v, struct media_file *f, GString *err);

/* CRS-2: a personal download link for the actor (a Premium user, asked
 * through premium_use "download"), valid cfg->download_link_minutes.
 * secret is the server secret the link key is derived from. *path is the
 * link's path and query (owned by c->a). ST_UNAUTHORIZED without an
 * actor, ST_FORBIDDEN (err says why) without Premium, ST_NOTFOUND for a
 * video the actor cannot see. */
enum status media_download_link(struct ctx *c, const unsigned char *secret, size_t secret_len,
				int64_t video_id, char **path, int64_t *expires_at, GString *err);

/* Checks a download link for video_id at c->now: signature (constant
 * time), expiry, the video, and that the link's user still has Premium
 * (re-checked at every download: a revoked grant ends the link). Links are
 * bearer links bound to their user: no session is needed. *why tells the
 * link check (LINK_EXPIRED: answer 410); ST_FORBIDDEN for a bad or
 * expired link or a user without Premium, ST_NOTFOUND for no video. */
enum status media_download_check(struct ctx *c, const unsigned char *secret, size_t secret_len,
				 int64_t video_id, const char *u, const char *exp, const char *sig,
				 struct media_video **out, enum link_check *why, GString *err);

#endif
