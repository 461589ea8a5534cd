/* Page and API handlers of cert (routes in web/routes_cert.inc). */
#ifndef CAMPUS_PAGES_CERT_H
#define CAMPUS_PAGES_CERT_H

#include "store/store_cert.h"
#include "web/app.h"

/* page_cert.c */
void certificate_claim_page(struct req *r);
void certificates_mine_page(struct req *r);
void certificate_verify_page(struct req *r);
void certificate_pdf_page(struct req *r);
void certificate_badge_page(struct req *r);
void issuer_page(struct req *r);
/* On the course page: the link to the learner's certificate page. */
void cert_course_link(struct req *r, const char *slug);
/* The issue date as a local date for people in lang; arena string. */
char *cert_human_date(struct req *r, int64_t t, const char *lang);
/* LinkedIn's "Add to profile" link with the certification prefilled. */
char *cert_linkedin_url(struct req *r, const struct certificate *cert);

/* api_cert.c */
void certificates_api_mine(struct req *r);
void certificate_api_claim(struct req *r);
void certificate_api_get(struct req *r);
/* The public JSON of a certificate (new reference). */
json_t *cert_json(struct req *r, const struct certificate *c);

#endif
