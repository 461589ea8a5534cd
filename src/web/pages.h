/* Every page and API handler, one file per page or resource; the route
 * table (web/routes.c) names them. */
#ifndef CAMPUS_PAGES_H
#define CAMPUS_PAGES_H

#include "web/app.h"

/* page_home.c */
void home_page(struct req *r);
/* page_static.c */
void static_page(struct req *r);
void health_api(struct req *r);
/* page_signup.c */
void signup_page(struct req *r);
void signup_post(struct req *r);
void signup_done_page(struct req *r);
void verify_page(struct req *r);
/* page_signin.c */
void signin_page(struct req *r);
void signin_post(struct req *r);
void signout_post(struct req *r);
void lang_get(struct req *r);
void lang_post(struct req *r);
/* page_password.c */
void forgot_page(struct req *r);
void forgot_post(struct req *r);
void reset_page(struct req *r);
void reset_post(struct req *r);
/* page_settings.c */
void settings_page(struct req *r);
void settings_profile_post(struct req *r);
void settings_security_page(struct req *r);
void settings_password_post(struct req *r);
/* The tabs of the settings pages (billweb: the Premium tab uses them). */
void settings_tabs(struct req *r, const char *current);
/* page_terms.c */
void terms_page(struct req *r);
void terms_version_page(struct req *r);
void privacy_page(struct req *r);
/* api_accounts.c */
void accounts_api_create(struct req *r);
void email_verifications_api(struct req *r);
void tokens_api_create(struct req *r);
void me_api_get(struct req *r);
void me_api_patch(struct req *r);
void me_password_api(struct req *r);
void password_resets_api(struct req *r);
void password_resets_confirm_api(struct req *r);
/* api_terms.c */
void terms_api_list(struct req *r);
void terms_api_get(struct req *r);
/* api_ops.c */
void openapi_api(struct req *r);
void test_clock_api(struct req *r);
void audit_api(struct req *r);

#endif
