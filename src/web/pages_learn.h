/* Page and API handlers of learn (routes in web/routes_learn.inc). */
#ifndef CAMPUS_PAGES_LEARN_H
#define CAMPUS_PAGES_LEARN_H

#include "web/app.h"

/* page_chapter.c: reading, marking done, resuming. */
void chapter_page(struct req *r);
void chapter_done_post(struct req *r);
void resume_page(struct req *r);
/* page_quiz.c: a GIFT quiz as a form; an attempt marked at once. */
void quiz_page(struct req *r);
void quiz_post(struct req *r);
/* page_dashboard.c: progress per course and the activity chart. */
void dashboard_page(struct req *r);
/* api_learn.c */
void progress_api(struct req *r);
void chapter_done_api(struct req *r);
void quiz_attempts_api_create(struct req *r);
void quiz_attempts_api_list(struct req *r);

/* page_chapter.c, for the learning pages: the 404 of a course, chapter or
 * quiz that does not exist or does not open yet (CRS-4: with its date). */
struct learn_course_view;
void learn_not_found(struct req *r, const struct learn_course_view *cv, enum status st, const char *detail);
/* Breadcrumbs: courses › course › here. */
void learn_breadcrumbs(struct req *r, const struct learn_course_view *cv, const char *here);
/* The course page's panel (page_courses.c): a signed-in learner's progress
 * in the course with a resume link; a start link for visitors. */
void learn_course_progress_panel(struct req *r, const char *course_slug);
/* Previous / next links through the outline. */
struct learn_nav;
void learn_pager(struct req *r, const struct learn_nav *nav);

#endif
