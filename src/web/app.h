/* The application: what every request and job shares, the per-request
 * state handlers see (struct req), and the route table. */
#ifndef CAMPUS_APP_H
#define CAMPUS_APP_H

#include <glib.h>
#include <jansson.h>
#include <stdbool.h>

#include "accounts/accounts.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "db/db.h"
#include "http/http.h"
#include "mail/mail.h"
#include "ops/ctx.h"
#include "ops/jobs.h"

enum { SECRET_BYTES = 32 };

/* Long-lived, shared by every thread; read-only after start-up but for the
 * thread-safe parts (pool, clock, scheduler). */
struct app {
	struct config *cfg;
	struct db_pool *pool;
	struct clock *clock;
	struct mailer *mailer;
	struct scheduler *sched;
	struct payment_provider *provider; /* payments/payments.h: payment_provider_new */
	unsigned char secret[SECRET_BYTES]; /* CSRF HMAC key, from DATA/secret.key */
	const struct route *routes;
	size_t nroutes;
};

/* Per request; everything is owned by the request arena. */
struct req {
	struct http_req *h;
	struct app *app;
	struct arena *a;
	struct ctx ctx; /* ctx.db is acquired lazily by req_db() */
	const char *lang; /* "en" or "fr" for this response */
	struct user *user; /* NULL for a visitor */
	char *session_hash; /* of the signed-in browser session */
	bool via_api_token; /* Authorization: Bearer: no CSRF needed */
	/* The token forms must send back: read it with req_csrf(), which
	 * makes it on first use (NULL until then, and always NULL when
	 * csrf_on is false: API tokens and R_ANONYMOUS routes). */
	const char *csrf;
	bool csrf_on;
	const char *params[4]; /* {name} segments of the matched route */
	json_t *json; /* parsed JSON body of API calls, or NULL */
	bool api; /* answer errors as problem+json */
};

enum route_flags {
	R_API = 1 << 0, /* JSON in and out; problem+json errors */
	R_SIGNED_IN = 1 << 1, /* needs a user (else 303 to /signin or 401) */
	R_NO_CSRF = 1 << 2, /* POST accepted without a CSRF token (API without a session) */
	R_MANUAL_CLOCK = 1 << 3, /* exists only with --clock manual */
	R_ANONYMOUS = 1 << 4, /* never looks at who asks: no session, no CSRF token */
	R_OWN_CACHE = 1 << 5, /* sets its own Cache-Control (else no-store) */
	R_UPLOAD = 1 << 6, /* a file upload: body limit upload_max_kib, not max_body_kib */
};

typedef void (*handler_fn)(struct req *r);

struct route {
	const char *method;
	const char *pattern; /* "/terms/{version}" */
	handler_fn handler;
	int flags;
	int roles; /* any of these role bits is required (0: none) */
};

/* web/routes.c */
extern const struct route app_routes[];
extern const size_t app_routes_len;

/* web/dispatch.c: the CSRF token of this request (an HMAC of the session,
 * or of the visitor's anonymous cookie, set now if missing), made on first
 * use so that pages without a form (cached visitors' pages) cost no HMAC
 * and set no cookie; NULL when the request has none (API token,
 * R_ANONYMOUS route). Owned by the request. */
const char *req_csrf(struct req *r);

/* web/dispatch.c: the http_dispatch_fn of campus. */
void app_dispatch(struct http_req *h, void *app);
/* web/dispatch.c: the http_options.body_limit of campus (R_UPLOAD routes). */
size_t app_body_limit(void *app, const char *method, const char *path);

/* The connection of this request (taken from the pool on first use). */
struct db *req_db(struct req *r);
/* ctx for a use case: the request's connection, arena, now, actor. */
struct ctx *req_ctx(struct req *r);
/* Translation in the request's language. */
const char *T(struct req *r, const char *msgid) __attribute__((format_arg(2)));
/* An arena copy of a JSON string member, or NULL when absent. A member of
 * another type (null included) adds a field error to errs when errs is
 * given. */
const char *json_str(struct req *r, const char *key);
const char *json_field(struct req *r, const char *key, GArray *errs);

/* web/respond.c: the one place statuses become HTTP codes. */
unsigned http_status_of(enum status st);
/* RFC 9457 problem body; errs (may be NULL) become "errors". */
void respond_problem(struct req *r, enum status st, const char *detail, GArray *errs);
void respond_problem_code(struct req *r, unsigned code, const char *title, const char *detail);
/* Takes the reference of j. */
void respond_json(struct req *r, unsigned code, json_t *j);
/* An HTML error page in the request's language. */
void respond_error_page(struct req *r, unsigned code, const char *title, const char *detail);
/* Answers an error in the style of the route (JSON or HTML). */
void respond_error(struct req *r, enum status st, const char *detail);

#endif
