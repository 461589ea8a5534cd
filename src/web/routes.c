/* The route table: every page and API resource of campus, in one place.
 * The OpenAPI document (docs/openapi.json) must list exactly the R_API
 * routes; tests/unit/test_openapi.c checks it. */
#include "web/pages.h"
#include "web/pages_courses.h"
#include "web/pages_learn.h"
#include "web/pages_media.h"
#include "web/pages_peer.h"
#include "web/pages_cert.h"
#include "web/pages_billing.h"
#include "web/pages_payments.h"

#include "base/banned.h"

#define ADMIN ROLE_ADMIN

const struct route app_routes[] = {
	{"GET", "/", home_page, 0, 0},
	{"GET", "/healthz", health_api, R_API | R_ANONYMOUS, 0},
	{"GET", "/static/{name}", static_page, R_ANONYMOUS | R_OWN_CACHE, 0},
	{"GET", "/signup", signup_page, 0, 0},
	{"POST", "/signup", signup_post, 0, 0},
	{"GET", "/signup/done", signup_done_page, 0, 0},
	{"GET", "/verify", verify_page, 0, 0},
	{"GET", "/signin", signin_page, 0, 0},
	{"POST", "/signin", signin_post, 0, 0},
	{"POST", "/signout", signout_post, 0, 0},
	{"GET", "/lang", lang_get, 0, 0},
	{"POST", "/lang", lang_post, 0, 0},
	{"GET", "/password/forgot", forgot_page, 0, 0},
	{"POST", "/password/forgot", forgot_post, 0, 0},
	{"GET", "/password/reset", reset_page, 0, 0},
	{"POST", "/password/reset", reset_post, 0, 0},
	{"GET", "/settings", settings_page, R_SIGNED_IN, 0},
	{"POST", "/settings/profile", settings_profile_post, R_SIGNED_IN, 0},
	{"GET", "/settings/security", settings_security_page, R_SIGNED_IN, 0},
	{"POST", "/settings/password", settings_password_post, R_SIGNED_IN, 0},
	{"GET", "/terms", terms_page, 0, 0},
	{"GET", "/terms/{version}", terms_version_page, 0, 0},
	{"GET", "/privacy", privacy_page, 0, 0},

	{"GET", "/api/v1/openapi.json", openapi_api, R_API, 0},
	{"POST", "/api/v1/accounts", accounts_api_create, R_API, 0},
	{"POST", "/api/v1/email-verifications", email_verifications_api, R_API, 0},
	{"POST", "/api/v1/tokens", tokens_api_create, R_API, 0},
	{"GET", "/api/v1/me", me_api_get, R_API | R_SIGNED_IN, 0},
	{"PATCH", "/api/v1/me", me_api_patch, R_API | R_SIGNED_IN, 0},
	{"POST", "/api/v1/me/password", me_password_api, R_API | R_SIGNED_IN, 0},
	{"POST", "/api/v1/password-resets", password_resets_api, R_API, 0},
	{"POST", "/api/v1/password-resets/confirm", password_resets_confirm_api, R_API, 0},
	{"GET", "/api/v1/terms", terms_api_list, R_API, 0},
	{"GET", "/api/v1/terms/{version}", terms_api_get, R_API, 0},
	{"POST", "/api/v1/test-clock", test_clock_api, R_API | R_MANUAL_CLOCK, ADMIN},
	{"GET", "/api/v1/audit", audit_api, R_API, ADMIN},

/* The routes of each capability, one file each. */
#include "web/routes_courses.inc"
#include "web/routes_learn.inc"
#include "web/routes_media.inc"
#include "web/routes_peer.inc"
#include "web/routes_cert.inc"
#include "web/routes_billing.inc"
#include "web/routes_payments.inc"
};
const size_t app_routes_len = G_N_ELEMENTS(app_routes);
