/* Course content and the watchers of coming-soon courses (migration 2). */
#include "store/store_courses.h"
#include "store/store_int.h"

#include "base/banned.h"

static void *course_from_row(struct arena *a, const struct db_rows *r, int row)
{
	struct course *c = arena_alloc(a, sizeof(*c));
	c->id = db_int(r, row, 0);
	c->slug = row_str(a, r, row, 1);
	c->lang = row_str(a, r, row, 2);
	c->title = row_str(a, r, row, 3);
	c->summary = row_str(a, r, row, 4);
	c->level = row_str(a, r, row, 5);
	c->category = row_str(a, r, row, 6);
	c->duration_minutes = (int)db_int(r, row, 7);
	c->author = row_str(a, r, row, 8);
	c->licence = row_str(a, r, row, 9);
	c->pass_mark = (int)db_int(r, row, 10);
	c->opens_on = row_str(a, r, row, 11);
	c->source_digest = row_str(a, r, row, 12);
	c->imported_at = db_int(r, row, 13);
	c->updated_at = db_int(r, row, 14);
	c->previous_opens_on = row_str(a, r, row, 15);
	return c;
}

static void *chapter_from_row(struct arena *a, const struct db_rows *r, int row)
{
	struct chapter *c = arena_alloc(a, sizeof(*c));
	c->id = db_int(r, row, 0);
	c->course_id = db_int(r, row, 1);
	c->slug = row_str(a, r, row, 2);
	c->position = (int)db_int(r, row, 3);
	c->title = row_str(a, r, row, 4);
	c->body_md = row_str(a, r, row, 5);
	c->body_html = row_str(a, r, row, 6);
	c->minutes = (int)db_int(r, row, 7);
	return c;
}

static void *exercise_from_row(struct arena *a, const struct db_rows *r, int row)
{
	struct exercise *e = arena_alloc(a, sizeof(*e));
	e->id = db_int(r, row, 0);
	e->course_id = db_int(r, row, 1);
	e->slug = row_str(a, r, row, 2);
	e->position = (int)db_int(r, row, 3);
	e->kind = row_str(a, r, row, 4);
	e->title = row_str(a, r, row, 5);
	e->after_chapter = row_str(a, r, row, 6);
	e->weight = (int)db_int(r, row, 7);
	e->pass_mark = (int)db_int(r, row, 8);
	e->source = row_str(a, r, row, 9);
	e->rubric = row_str(a, r, row, 10);
	return e;
}

static void *video_from_row(struct arena *a, const struct db_rows *r, int row)
{
	struct video *v = arena_alloc(a, sizeof(*v));
	v->id = db_int(r, row, 0);
	v->course_id = db_int(r, row, 1);
	v->slug = row_str(a, r, row, 2);
	v->chapter_slug = row_str(a, r, row, 3);
	v->title = row_str(a, r, row, 4);
	v->path = row_str(a, r, row, 5);
	v->mime = row_str(a, r, row, 6);
	v->bytes = db_int(r, row, 7);
	return v;
}

typedef void *(*from_row_fn)(struct arena *a, const struct db_rows *r, int row);

/* One row through from_row, ST_NOTFOUND naming what when there is none. */
static enum status one(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
		       size_t nargs, from_row_fn from_row, void **out, const char *what, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = query_row(db, id, args, nargs, what, &r, err);
	if (st == ST_OK)
		*out = from_row(a, r, 0);
	db_rows_free(r);
	return st;
}

/* Every row through from_row into a NULL-terminated arena array. */
static enum status many(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
			size_t nargs, from_row_fn from_row, void ***out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st != ST_OK) {
		db_rows_free(r);
		return st;
	}
	void **list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++)
		list[i] = from_row(a, r, i);
	list[r->nrows] = NULL;
	*out = list;
	*n = r->nrows;
	db_rows_free(r);
	return ST_OK;
}

enum status store_course_by_slug(struct db *db, struct arena *a, const char *slug, struct course **out,
				 GString *err)
{
	return one(db, a, SQL_COURSE_BY_SLUG, DB_ARGS(DB_TEXT(slug)), course_from_row, (void **)out, "course",
		   err);
}

enum status store_course_by_id(struct db *db, struct arena *a, int64_t id, struct course **out, GString *err)
{
	return one(db, a, SQL_COURSE_BY_ID, DB_ARGS(DB_INT(id)), course_from_row, (void **)out, "course",
		   err);
}

enum status store_course_list(struct db *db, struct arena *a, struct course ***out, int *n, GString *err)
{
	return many(db, a, SQL_COURSE_LIST_ALL, DB_NOARGS, course_from_row, (void ***)out, n, err);
}

enum status store_chapters_of_course(struct db *db, struct arena *a, int64_t course_id, bool with_bodies,
				     struct chapter ***out, int *n, GString *err)
{
	return many(db, a, with_bodies ? SQL_CHAPTERS_OF_COURSE : SQL_CHAPTER_OUTLINE,
		    DB_ARGS(DB_INT(course_id)), chapter_from_row, (void ***)out, n, err);
}

enum status store_chapter_by_slug(struct db *db, struct arena *a, int64_t course_id, const char *slug,
				  struct chapter **out, GString *err)
{
	return one(db, a, SQL_CHAPTER_BY_SLUG, DB_ARGS(DB_INT(course_id), DB_TEXT(slug)), chapter_from_row,
		   (void **)out, "chapter", err);
}

enum status store_chapter_by_id(struct db *db, struct arena *a, int64_t id, struct chapter **out,
				GString *err)
{
	return one(db, a, SQL_CHAPTER_BY_ID, DB_ARGS(DB_INT(id)), chapter_from_row, (void **)out, "chapter",
		   err);
}

enum status store_exercises_of_course(struct db *db, struct arena *a, int64_t course_id,
				      struct exercise ***out, int *n, GString *err)
{
	return many(db, a, SQL_EXERCISES_OF_COURSE, DB_ARGS(DB_INT(course_id)), exercise_from_row,
		    (void ***)out, n, err);
}

enum status store_exercise_by_slug(struct db *db, struct arena *a, int64_t course_id, const char *slug,
				   struct exercise **out, GString *err)
{
	return one(db, a, SQL_EXERCISE_BY_SLUG, DB_ARGS(DB_INT(course_id), DB_TEXT(slug)), exercise_from_row,
		   (void **)out, "exercise", err);
}

enum status store_exercise_by_id(struct db *db, struct arena *a, int64_t id, struct exercise **out,
				 GString *err)
{
	return one(db, a, SQL_EXERCISE_BY_ID, DB_ARGS(DB_INT(id)), exercise_from_row, (void **)out,
		   "exercise", err);
}

enum status store_videos_of_course(struct db *db, struct arena *a, int64_t course_id, struct video ***out,
				   int *n, GString *err)
{
	return many(db, a, SQL_VIDEOS_OF_COURSE, DB_ARGS(DB_INT(course_id)), video_from_row, (void ***)out, n,
		    err);
}

enum status store_video_by_id(struct db *db, struct arena *a, int64_t id, struct video **out, GString *err)
{
	return one(db, a, SQL_VIDEO_BY_ID, DB_ARGS(DB_INT(id)), video_from_row, (void **)out, "video", err);
}

enum status store_video_by_slug(struct db *db, struct arena *a, int64_t course_id, const char *slug,
				struct video **out, GString *err)
{
	return one(db, a, SQL_VIDEO_BY_SLUG, DB_ARGS(DB_INT(course_id), DB_TEXT(slug)), video_from_row,
		   (void **)out, "video", err);
}

enum status store_course_search(struct db *db, struct arena *a, const struct course_query *q,
				struct course ***out, int *n, int64_t *total, GString *err)
{
	bool text = q->q && *q->q;
	const struct db_arg args[] = {
		DB_TEXT(text ? q->q : ""),
		DB_TEXT(q->category ? q->category : ""),
		DB_TEXT(q->level ? q->level : ""),
		DB_TEXT(q->lang ? q->lang : ""),
		DB_INT(q->min_minutes),
		DB_INT(q->max_minutes),
		DB_INT(q->limit),
		DB_INT(q->offset),
	};
	struct db_rows *r = NULL;
	enum status st = db_query(db, text ? SQL_COURSE_SEARCH_TEXT : SQL_COURSE_SEARCH, args,
				  G_N_ELEMENTS(args), &r, err);
	if (st != ST_OK) {
		db_rows_free(r);
		return st;
	}
	struct course **list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
	for (int i = 0; i < r->nrows; i++)
		list[i] = course_from_row(a, r, i);
	list[r->nrows] = NULL;
	*out = list;
	*n = r->nrows;
	db_rows_free(r);
	/* A first page that is not full holds every match. */
	if (q->offset == 0 && *n < q->limit) {
		*total = *n;
		return ST_OK;
	}
	return query_int(db, text ? SQL_COURSE_SEARCH_TEXT_COUNT : SQL_COURSE_SEARCH_COUNT, args, 6, total,
			 err);
}

enum status store_course_categories(struct db *db, struct arena *a, char ***out, int *n, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_COURSE_CATEGORIES, DB_NOARGS, &r, err);
	if (st == ST_OK) {
		char **list = arena_alloc(a, sizeof(*list) * ((size_t)r->nrows + 1));
		for (int i = 0; i < r->nrows; i++)
			list[i] = row_str(a, r, i, 0);
		list[r->nrows] = NULL;
		*out = list;
		*n = r->nrows;
	}
	db_rows_free(r);
	return st;
}

enum status store_course_save(struct db *db, struct course *c, GString *err)
{
	struct db_arg pass = c->pass_mark > 0 ? DB_INT(c->pass_mark) : DB_NULL;
	if (c->id == 0)
		return query_int(db, SQL_COURSE_INSERT,
				 DB_ARGS(DB_TEXT(c->slug), DB_TEXT(c->lang), DB_TEXT(c->title),
					 DB_TEXT(c->summary), DB_TEXT(c->level), DB_TEXT(c->category),
					 DB_INT(c->duration_minutes), DB_TEXT(c->author), DB_TEXT(c->licence),
					 pass, DB_TEXT(c->opens_on), DB_TEXT(c->source_digest),
					 DB_INT(c->updated_at), DB_TEXT(c->previous_opens_on)),
				 &c->id, err);
	return exec_changed(db, SQL_COURSE_UPDATE,
			    DB_ARGS(DB_INT(c->id), DB_TEXT(c->lang), DB_TEXT(c->title), DB_TEXT(c->summary),
				    DB_TEXT(c->level), DB_TEXT(c->category), DB_INT(c->duration_minutes),
				    DB_TEXT(c->author), DB_TEXT(c->licence), pass, DB_TEXT(c->opens_on),
				    DB_TEXT(c->source_digest), DB_INT(c->updated_at),
				    DB_TEXT(c->previous_opens_on)),
			    "course", c->id, err);
}

enum status store_course_search_set(struct db *db, int64_t course_id, const char *title, const char *summary,
				    const char *body, GString *err)
{
	enum status st = db_exec(db, SQL_COURSE_SEARCH_DELETE, DB_ARGS(DB_INT(course_id)), err);
	if (st == ST_OK)
		st = db_exec(db, SQL_COURSE_SEARCH_SET,
			     DB_ARGS(DB_INT(course_id), DB_TEXT(title), DB_TEXT(summary), DB_TEXT(body)),
			     err);
	return st;
}

enum status store_chapter_save(struct db *db, struct chapter *ch, GString *err)
{
	if (ch->id == 0)
		return query_int(db, SQL_CHAPTER_INSERT,
				 DB_ARGS(DB_INT(ch->course_id), DB_TEXT(ch->slug), DB_INT(ch->position),
					 DB_TEXT(ch->title), DB_TEXT(ch->body_md), DB_TEXT(ch->body_html),
					 DB_INT(ch->minutes)),
				 &ch->id, err);
	return exec_changed(db, SQL_CHAPTER_UPDATE,
			    DB_ARGS(DB_INT(ch->id), DB_INT(ch->position), DB_TEXT(ch->title),
				    DB_TEXT(ch->body_md), DB_TEXT(ch->body_html), DB_INT(ch->minutes)),
			    "chapter", ch->id, err);
}

enum status store_chapter_delete(struct db *db, int64_t id, GString *err)
{
	return exec_changed(db, SQL_CHAPTER_DELETE, DB_ARGS(DB_INT(id)), "chapter", id, err);
}

enum status store_exercise_save(struct db *db, struct exercise *ex, GString *err)
{
	if (ex->id == 0)
		return query_int(db, SQL_EXERCISE_INSERT,
				 DB_ARGS(DB_INT(ex->course_id), DB_TEXT(ex->slug), DB_INT(ex->position),
					 DB_TEXT(ex->kind), DB_TEXT(ex->title), DB_TEXT(ex->after_chapter),
					 DB_INT(ex->weight), DB_INT(ex->pass_mark), DB_TEXT(ex->source),
					 DB_TEXT(ex->rubric)),
				 &ex->id, err);
	return exec_changed(db, SQL_EXERCISE_UPDATE,
			    DB_ARGS(DB_INT(ex->id), DB_INT(ex->position), DB_TEXT(ex->kind),
				    DB_TEXT(ex->title), DB_TEXT(ex->after_chapter), DB_INT(ex->weight),
				    DB_INT(ex->pass_mark), DB_TEXT(ex->source), DB_TEXT(ex->rubric)),
			    "exercise", ex->id, err);
}

enum status store_exercise_delete(struct db *db, int64_t id, GString *err)
{
	return exec_changed(db, SQL_EXERCISE_DELETE, DB_ARGS(DB_INT(id)), "exercise", id, err);
}

enum status store_video_save(struct db *db, struct video *v, GString *err)
{
	if (v->id == 0)
		return query_int(db, SQL_VIDEO_INSERT,
				 DB_ARGS(DB_INT(v->course_id), DB_TEXT(v->slug), DB_TEXT(v->chapter_slug),
					 DB_TEXT(v->title), DB_TEXT(v->path), DB_TEXT(v->mime),
					 DB_INT(v->bytes)),
				 &v->id, err);
	return exec_changed(db, SQL_VIDEO_UPDATE,
			    DB_ARGS(DB_INT(v->id), DB_TEXT(v->chapter_slug), DB_TEXT(v->title),
				    DB_TEXT(v->path), DB_TEXT(v->mime), DB_INT(v->bytes)),
			    "video", v->id, err);
}

enum status store_video_delete(struct db *db, int64_t id, GString *err)
{
	return exec_changed(db, SQL_VIDEO_DELETE, DB_ARGS(DB_INT(id)), "video", id, err);
}

enum status store_watcher_add(struct db *db, int64_t course_id, const char *email, int64_t user_id,
			      const char *lang, const char *ip, int64_t now, bool *added, GString *err)
{
	struct db_rows *r = NULL;
	enum status st =
		db_query(db, SQL_WATCHER_ADD,
			 DB_ARGS(DB_INT(course_id), DB_TEXT(email), user_id ? DB_INT(user_id) : DB_NULL,
				 DB_TEXT(lang), DB_INT(now), DB_TEXT(ip ? ip : "")),
			 &r, err);
	if (st == ST_OK && added)
		*added = r->changes > 0;
	db_rows_free(r);
	return st;
}

enum status store_watcher_count_ip(struct db *db, const char *ip, int64_t since, int64_t *count, GString *err)
{
	return query_int(db, SQL_WATCHER_COUNT_IP, DB_ARGS(DB_TEXT(ip), DB_INT(since)), count, err);
}

enum status store_watcher_exists(struct db *db, int64_t course_id, const char *email, bool *exists,
				 GString *err)
{
	int64_t count = 0;
	enum status st =
		query_int(db, SQL_WATCHER_EXISTS, DB_ARGS(DB_INT(course_id), DB_TEXT(email)), &count, err);
	*exists = count > 0;
	return st;
}

static void *watcher_from_row(struct arena *a, const struct db_rows *r, int row)
{
	struct watcher *w = arena_alloc(a, sizeof(*w));
	w->id = db_int(r, row, 0);
	w->email = row_str(a, r, row, 1);
	w->lang = row_str(a, r, row, 2);
	return w;
}

enum status store_watchers_pending(struct db *db, struct arena *a, int64_t course_id, struct watcher ***out,
				   int *n, GString *err)
{
	return many(db, a, SQL_WATCHERS_PENDING, DB_ARGS(DB_INT(course_id)), watcher_from_row, (void ***)out,
		    n, err);
}

enum status store_watcher_mark_opened(struct db *db, int64_t id, int64_t at, GString *err)
{
	return exec_changed(db, SQL_WATCHER_MARK_OPENED, DB_ARGS(DB_INT(id), DB_INT(at)), "watcher", id, err);
}

enum status store_courses_opening(struct db *db, struct arena *a, const char *today, int64_t **out, int *n,
				  GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, SQL_COURSES_OPENING, DB_ARGS(DB_TEXT(today)), &r, err);
	if (st == ST_OK) {
		int64_t *ids = arena_alloc(a, sizeof(*ids) * ((size_t)r->nrows + 1));
		for (int i = 0; i < r->nrows; i++)
			ids[i] = db_int(r, i, 0);
		*out = ids;
		*n = r->nrows;
	}
	db_rows_free(r);
	return st;
}

/* perf: one row, one column: the version string. */
static enum status version_of(struct db *db, struct arena *a, enum sql_id id, const struct db_arg *args,
			      size_t nargs, char **out, GString *err)
{
	struct db_rows *r = NULL;
	enum status st = db_query(db, id, args, nargs, &r, err);
	if (st == ST_OK && r->nrows == 0)
		st = ST_NOTFOUND;
	if (st == ST_OK)
		*out = row_str(a, r, 0, 0);
	db_rows_free(r);
	return st;
}

enum status store_course_catalogue_version(struct db *db, struct arena *a, char **out, GString *err)
{
	return version_of(db, a, SQL_COURSE_CATALOGUE_VERSION, DB_NOARGS, out, err);
}

enum status store_course_page_version(struct db *db, struct arena *a, const char *slug, char **out,
				      GString *err)
{
	return version_of(db, a, SQL_COURSE_PAGE_VERSION, DB_ARGS(DB_TEXT(slug)), out, err);
}
