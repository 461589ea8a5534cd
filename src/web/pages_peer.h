/* Page and API handlers of peer (routes in web/routes_peer.inc):
 * homework submission and peer review (CRS-1). */
#ifndef CAMPUS_PAGES_PEER_H
#define CAMPUS_PAGES_PEER_H

#include "learning/peer.h"
#include "web/app.h"

/* page_homework.c: /courses/{slug}/homework/{exercise}, /submissions/{id}/file */
void homework_page(struct req *r);
void homework_post(struct req *r);
void submission_file_page(struct req *r);
/* page_reviews.c: /reviews, /reviews/{id}, /staff/reviews */
void reviews_page(struct req *r);
void reviews_post(struct req *r);
void review_page(struct req *r);
void review_post(struct req *r);
void staff_reviews_page(struct req *r);
void staff_reviews_post(struct req *r);
/* api_peer.c */
void submissions_api_create(struct req *r);
void submission_api_get(struct req *r);
void reviews_api_claim(struct req *r);
void review_api_get(struct req *r);
void review_api_post(struct req *r);

/* peer_html.c: pieces shared by the peer pages. */
/* A homework statement (Markdown source) as safe HTML, images from the
 * course's media. */
void peer_statement_html(struct req *r, const char *course_slug, const char *lang, const char *markdown);
/* A date in the platform's time zone and the request's language. */
const char *peer_date(struct req *r, int64_t t);
/* The done reviews of a submission, anonymous ("Reviewer 1", "Teacher"). */
void peer_reviews_html(struct req *r, const struct peer_rubric *rb, struct peer_review **revs, int n);
/* An id path parameter (decimal, > 0), or 0. */
int64_t peer_param_id(struct req *r, int i);

#endif
