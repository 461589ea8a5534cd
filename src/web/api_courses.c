/* GET /api/v1/courses (the catalogue: search, filters, pages) and
 * GET /api/v1/courses/{slug} (a course with its outline). */
#include <string.h>

#include "catalog/course_format.h"
#include "catalog/courses.h"
#include "web/pages_courses.h"

#include "base/banned.h"

static json_t *course_json(struct req *r, const struct course *c)
{
	bool open = course_is_open(req_ctx(r), c);
	json_t *j =
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:{s:s, s:s, s:s}, s:i, s:b}", "slug",
			  c->slug, "title", c->title, "summary", c->summary, "lang", c->lang, "level",
			  c->level, "category", c->category, "duration_minutes", c->duration_minutes,
			  "author", c->author, "licence", "id", c->licence, "name",
			  course_licence_name(c->licence), "url", course_licence_url(c->licence), "pass_mark",
			  c->pass_mark > 0 ? c->pass_mark : r->app->cfg->certificate_pass_mark, "open", open);
	json_object_set_new(j, "opens_on", *c->opens_on ? json_string(c->opens_on) : json_null()); /* CRS-4 */
	json_object_set_new(j, "previous_opens_on",
			    *c->previous_opens_on ? json_string(c->previous_opens_on) : json_null());
	json_object_set_new(j, "url", json_sprintf("/courses/%s", c->slug));
	return j;
}

void courses_api_list(struct req *r)
{
	struct catalogue_params p;
	const char *bad = NULL;
	if (!catalogue_params_read(r, &p, &bad)) {
		respond_problem_code(
			r, 422, "Invalid query parameter",
			arena_printf(r->a,
				     "The parameter %s is not acceptable (level: beginner, intermediate, "
				     "advanced; lang: en, fr; duration: short, medium, long; page: 1 or "
				     "more; q: at most 200 characters).",
				     bad));
		return;
	}
	GString *err = g_string_new(NULL);
	struct course **list = NULL;
	int n = 0;
	int64_t total = 0;
	enum status st = catalogue_search(r, &p, &list, &n, &total, err);
	if (st == ST_OK) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, course_json(r, list[i]));
		respond_json(
			r, 200,
			json_pack("{s:o, s:I, s:i, s:i, s:I}", "courses", arr, "total", (json_int_t)total,
				  "page", p.page, "page_size", CATALOGUE_PAGE_SIZE, "pages",
				  (json_int_t)((total + CATALOGUE_PAGE_SIZE - 1) / CATALOGUE_PAGE_SIZE)));
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

static json_t *exercise_json(const struct course *c, const struct exercise *e)
{
	bool quiz = !strcmp(e->kind, "quiz");
	json_t *j =
		json_pack("{s:s, s:I, s:s, s:s, s:i, s:i}", "type", e->kind, "id", (json_int_t)e->id, "slug",
			  e->slug, "title", e->title, "weight", e->weight, "pass_mark", e->pass_mark);
	json_object_set_new(
		j, "url", json_sprintf("/courses/%s/%s/%s", c->slug, quiz ? "quizzes" : "homework", e->slug));
	if (!quiz)
		json_object_set_new(j, "rubric", json_loads(e->rubric, 0, NULL));
	return j;
}

static json_t *video_json(const struct course *c, const struct video *v)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)v->id, "slug", v->slug, "title",
			      v->title, "mime", v->mime, "bytes", (json_int_t)v->bytes);
	json_object_set_new(j, "url", json_sprintf("/courses/%s/videos/%s", c->slug, v->slug));
	return j;
}

void courses_api_get(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct outline *ol = NULL;
	enum status st = course_outline_load(r, r->params[0], &ol, err);
	if (st != ST_OK) {
		respond_error(r, st, "There is no such course.");
		g_string_free(err, TRUE);
		return;
	}
	const struct course *c = ol->course;
	json_t *j = course_json(r, c);
	/* The outline: chapters in order, each with its videos, followed by the
	 * exercises placed after it; then exercises placed at the end. */
	json_t *outline = json_array();
	for (int i = 0; i < ol->n_chapters; i++) {
		const struct chapter *ch = ol->chapters[i];
		json_t *videos = json_array();
		for (int v = 0; v < ol->n_videos; v++)
			if (!strcmp(ol->videos[v]->chapter_slug, ch->slug))
				json_array_append_new(videos, video_json(c, ol->videos[v]));
		json_t *cj = json_pack("{s:s, s:I, s:s, s:s, s:i, s:o}", "type", "chapter", "id",
				       (json_int_t)ch->id, "slug", ch->slug, "title", ch->title, "minutes",
				       ch->minutes, "videos", videos);
		json_object_set_new(cj, "url", json_sprintf("/courses/%s/chapters/%s", c->slug, ch->slug));
		json_array_append_new(outline, cj);
		for (int e = 0; e < ol->n_exercises; e++)
			if (!strcmp(ol->exercises[e]->after_chapter, ch->slug))
				json_array_append_new(outline, exercise_json(c, ol->exercises[e]));
	}
	for (int e = 0; e < ol->n_exercises; e++) {
		bool placed = false;
		for (int i = 0; i < ol->n_chapters; i++)
			placed = placed || !strcmp(ol->exercises[e]->after_chapter, ol->chapters[i]->slug);
		if (!placed)
			json_array_append_new(outline, exercise_json(c, ol->exercises[e]));
	}
	json_object_set_new(j, "outline", outline);
	respond_json(r, 200, j);
	g_string_free(err, TRUE);
}
