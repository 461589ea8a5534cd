/* Page and API handlers of courses (routes in web/routes_courses.inc). */
#ifndef CAMPUS_PAGES_COURSES_H
#define CAMPUS_PAGES_COURSES_H

#include "store/store_courses.h"
#include "web/app.h"

/* page_courses.c */
void catalogue_page(struct req *r);
void course_page(struct req *r);
void course_notify_post(struct req *r);
void course_media_page(struct req *r);
/* page_admin_courses.c */
void admin_courses_page(struct req *r);
void admin_courses_post(struct req *r);
/* api_courses.c */
void courses_api_list(struct req *r);
void courses_api_get(struct req *r);

/* Shared by the catalogue page and the API (page_courses.c). */
enum { CATALOGUE_PAGE_SIZE = 12 };
struct catalogue_params {
	const char *q, *category, *level, *lang, *duration; /* "" for none */
	int page; /* from 1 */
};
/* Reads q, category, level, lang, duration (short|medium|long) and page
 * from the query string; false with *bad naming the first unacceptable
 * parameter (which is then left out). */
bool catalogue_params_read(struct req *r, struct catalogue_params *p, const char **bad);
/* One page of the catalogue and the number of all matches. */
enum status catalogue_search(struct req *r, const struct catalogue_params *p, struct course ***out, int *n,
			     int64_t *total, GString *err);
/* A course and its outline (chapters without bodies, exercises, videos). */
struct outline {
	struct course *course;
	struct chapter **chapters;
	int n_chapters;
	struct exercise **exercises;
	int n_exercises;
	struct video **videos;
	int n_videos;
};
enum status course_outline_load(struct req *r, const char *slug, struct outline **out, GString *err);
const char *course_level_label(struct req *r, const char *level);
/* A catalogue card (<li>) of a course. */
void course_card(struct req *r, const struct course *c);

#endif
