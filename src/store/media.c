/* Videos and the staff grants listing (store/store_media.h). */
#include "store/store_media.h"
#include "store/store_int.h"

#include "base/banned.h"

static struct media_video *video_of(struct arena *a, const struct db_rows *r)
{
	struct media_video *v = arena_alloc(a, sizeof(*v));
	v->id = db_int(r, 0, 0);
	v->course_id = db_int(r, 0, 1);
	v->slug = row_str(a, r, 0, 2);
	v->chapter_slug = row_str(a, r, 0, 3);
	v->title = row_str(a, r, 0, 4);
	v->path = row_str(a, r, 0, 5);
	v->mime = row_str(a, r, 0, 6);
	v->bytes = db_int(r, 0, 7);
	v->course_slug = row_str(a, r, 0, 8);
	v->course_title = row_str(a, r, 0, 9);
	v->course_opens_on = row_str(a, r, 0, 10);
	v->course_lang = row_str(a, r, 0, 11);
	return v;
}

static enum status one_video(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
			     size_t nargs, struct media_video **out, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st == ST_OK) {
		if (r->nrows == 0) {
			if (err)
				g_string_assign(err, "no such video");
			st = ST_NOTFOUND;
		} else {
			*out = video_of(a, r);
		}
	}
	db_rows_free(r);
	return st;
}

enum status store_media_video_by_id(struct db *db, struct arena *a, int64_t id, struct media_video **out,
				    GString *err)
{
	return one_video(db, a, SQL_MEDIA_VIDEO_BY_ID, DB_ARGS(DB_INT(id)), out, err);
}

enum status store_media_video_by_slug(struct db *db, struct arena *a, const char *course_slug,
				      const char *video_slug, struct media_video **out, GString *err)
{
	return one_video(db, a, SQL_MEDIA_VIDEO_BY_SLUG, DB_ARGS(DB_TEXT(course_slug), DB_TEXT(video_slug)),
			 out, err);
}

enum status store_media_chapter_title(struct db *db, struct arena *a, int64_t course_id, const char *slug,
				      char **title, GString *err)
{
	struct db_rows *r = NULL;
	enum status st =
		db_query(db, SQL_MEDIA_CHAPTER_TITLE, DB_ARGS(DB_INT(course_id), DB_TEXT(slug)), &r, err);
	if (st == ST_OK)
		*title = r->nrows ? row_str(a, r, 0, 0) : NULL;
	db_rows_free(r);
	return st;
}

enum status store_media_grants_current(struct db *db, struct arena *a, int64_t now, int limit, int offset,
				       struct media_grant **out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_MEDIA_GRANTS_CURRENT,
				  DB_ARGS(DB_INT(now), DB_INT(limit), DB_INT(offset)), &r, err);
	if (st == ST_OK) {
		*n = r->nrows;
		*out = arena_alloc(a, sizeof(**out) * (size_t)(r->nrows ? r->nrows : 1));
		for (int i = 0; i < r->nrows; i++) {
			struct media_grant *g = &(*out)[i];
			g->id = db_int(r, i, 0);
			g->user_id = db_int(r, i, 1);
			g->email = row_str(a, r, i, 2);
			g->name = row_str(a, r, i, 3);
			g->reason = row_str(a, r, i, 4);
			g->starts_at = db_int(r, i, 5);
			g->ends_at = db_int(r, i, 6);
			g->granted_by = row_str(a, r, i, 7);
		}
	}
	db_rows_free(r);
	return st;
}
