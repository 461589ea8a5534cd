/* Videos: access, files and signed download links (CRS-2). */
#include "media/media.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog/courses.h"
#include "media/range.h"
#include "ops/premium.h"

#include "base/banned.h"

static bool is_staff(const struct ctx *c)
{
	return c->actor && (c->actor->roles & (ROLE_STAFF | ROLE_ADMIN));
}

bool media_course_coming_soon(struct ctx *c, const struct media_video *v)
{
	/* The catalogue's rule, so that a course opens for its videos when it
	 * opens for its chapters. */
	return !course_is_open(c, &(struct course){.opens_on = v->course_opens_on}); /* CRS-4 */
}

static enum status readable(struct ctx *c, struct media_video *v, GString *err)
{
	if (media_course_coming_soon(c, v) && !is_staff(c)) { /* CRS-4 */
		if (err)
			g_string_assign(err, "no such video");
		return ST_NOTFOUND;
	}
	return ST_OK;
}

enum status media_video_get(struct ctx *c, int64_t id, struct media_video **out, GString *err)
{
	enum status st = store_media_video_by_id(c->db, c->a, id, out, err);
	return st == ST_OK ? readable(c, *out, err) : st;
}

enum status media_video_find(struct ctx *c, const char *course_slug, const char *video_slug,
			     struct media_video **out, char **chapter_title, GString *err)
{
	*chapter_title = NULL;
	enum status st = store_media_video_by_slug(c->db, c->a, course_slug, video_slug, out, err);
	if (st == ST_OK)
		st = readable(c, *out, err);
	if (st == ST_OK && *(*out)->chapter_slug)
		st = store_media_chapter_title(c->db, c->a, (*out)->course_id, (*out)->chapter_slug,
					       chapter_title, err);
	return st;
}

/* A relative path of plain segments: no "", ".", ".." or backslash, so
 * that it stays inside DATA/media. */
static bool safe_relative(const char *p)
{
	if (!p || !*p || *p == '/' || strchr(p, '\\') || strlen(p) > 1024)
		return false;
	gchar **parts = g_strsplit(p, "/", -1);
	bool ok = true;
	for (gchar **s = parts; *s && ok; s++)
		ok = **s && strcmp(*s, ".") && strcmp(*s, "..");
	g_strfreev(parts);
	return ok;
}

enum status media_file_open(struct ctx *c, const struct media_video *v, struct media_file *f, GString *err)
{
	f->fd = -1;
	if (!safe_relative(v->path)) {
		g_string_printf(err, "video %lld: unsafe path in the catalogue", (long long)v->id);
		return ST_IO;
	}
	char *full = g_build_filename(c->cfg->data_dir, "media", v->path, NULL);
	int fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat sb;
	enum status st = ST_OK;
	if (fd < 0) {
		g_string_printf(err, "video %lld: cannot open %s: %s", (long long)v->id, full,
				g_strerror(errno));
		st = ST_IO;
	} else if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		g_string_printf(err, "video %lld: %s is not a regular file", (long long)v->id, full);
		close(fd);
		st = ST_IO;
	} else {
		f->fd = fd;
		f->size = (uint64_t)sb.st_size;
		range_etag(f->size, (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec, f->etag,
			   sizeof(f->etag));
		range_http_date(sb.st_mtim.tv_sec, f->last_modified, sizeof(f->last_modified));
	}
	g_free(full);
	return st;
}

enum status media_download_link(struct ctx *c, const unsigned char *secret, size_t secret_len,
				int64_t video_id, char **path, int64_t *expires_at, GString *err)
{
	if (!c->actor) {
		g_string_assign(err, "sign in to download videos");
		return ST_UNAUTHORIZED;
	}
	struct media_video *v = NULL;
	enum status st = media_video_get(c, video_id, &v, err);
	if (st != ST_OK)
		return st;
	/* premium_use records the first use of a Premium service (SOLO-6
	 * once billing lands), so it runs in a transaction of its own. */
	struct premium p;
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = premium_use(c, c->actor->id, "download", &p, err);
	if (st == ST_OK && !p.active) {
		g_string_assign(err, "Downloading videos for offline viewing is a Premium feature. You can "
				     "stream every video without Premium.");
		st = ST_FORBIDDEN; /* CRS-2 */
	}
	if (st != ST_OK) {
		db_rollback(c->db);
		return st;
	}
	if ((st = db_commit(c->db, err)) != ST_OK)
		return st;
	unsigned char key[LINK_KEY_BYTES];
	char sig[LINK_SIG_HEX + 1];
	int64_t exp = c->now + (int64_t)c->cfg->download_link_minutes * 60;
	link_derive_key(secret, secret_len, key);
	link_sign(key, v->id, c->actor->id, exp, sig);
	*path = arena_printf(c->a, "/videos/%lld/download?u=%lld&exp=%lld&sig=%s", (long long)v->id,
			     (long long)c->actor->id, (long long)exp, sig);
	*expires_at = exp;
	return ST_OK;
}

enum status media_download_check(struct ctx *c, const unsigned char *secret, size_t secret_len,
				 int64_t video_id, const char *u, const char *exp, const char *sig,
				 struct media_video **out, enum link_check *why, GString *err)
{
	unsigned char key[LINK_KEY_BYTES];
	int64_t uid = 0, e = 0;
	link_derive_key(secret, secret_len, key);
	*why = link_verify(key, video_id, u, exp, sig, c->now, &uid, &e);
	switch (*why) {
	case LINK_VALID: break;
	case LINK_EXPIRED:
		g_string_assign(err, "This download link has expired. Open the video page again to get a "
				     "new one.");
		return ST_FORBIDDEN;
	case LINK_MALFORMED:
	case LINK_BAD_SIGNATURE:
		g_string_assign(err, "This download link is not valid. Download links are personal: open the "
				     "video page to get your own.");
		return ST_FORBIDDEN;
	}
	/* The link's user, not whoever holds it, decides what it may see. */
	struct user *holder = NULL;
	enum status st = store_user_by_id(c->db, c->a, uid, &holder, err);
	if (st == ST_NOTFOUND) {
		g_string_assign(err, "This download link is not valid any more.");
		return ST_FORBIDDEN;
	}
	if (st != ST_OK)
		return st;
	struct ctx as = *c;
	as.actor = holder;
	if ((st = media_video_get(&as, video_id, out, err)) != ST_OK)
		return st;
	struct premium p;
	if ((st = premium_get(c, uid, &p, err)) != ST_OK)
		return st;
	if (!p.active) {
		g_string_assign(err, "This download link belongs to an account that no longer has Premium. "
				     "Downloads for offline viewing are a Premium feature; streaming stays "
				     "open to everyone.");
		return ST_FORBIDDEN; /* CRS-2 */
	}
	return ST_OK;
}
