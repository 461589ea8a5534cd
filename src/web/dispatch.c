/* From an HTTP request to a handler: route, security headers, language,
 * who is asking (session cookie or API token), CSRF, roles, JSON body. */
#include <microhttpd.h>
#include <string.h>

#include "base/i18n.h"
#include "base/secrets.h"
#include "web/app.h"

#include "base/banned.h"

enum { MAX_PARAMS = 4, ANON_COOKIE_AGE = 30 * 86400 };

static void put_db(void *data)
{
	struct req *r = data;
	if (r->ctx.db) {
		/* A handler that failed half-way may leave a transaction
		 * open: never return a connection in that state. */
		db_rollback(r->ctx.db);
		db_pool_put(r->app->pool, r->ctx.db);
		r->ctx.db = NULL;
	}
}

struct db *req_db(struct req *r)
{
	if (!r->ctx.db) {
		r->ctx.db = db_pool_get(r->app->pool);
		arena_on_free(r->a, put_db, r);
	}
	return r->ctx.db;
}

struct ctx *req_ctx(struct req *r)
{
	req_db(r);
	r->ctx.actor = r->user;
	return &r->ctx;
}

const char *T(struct req *r, const char *msgid)
{
	return i18n_get(r->lang, msgid);
}

const char *json_str(struct req *r, const char *key)
{
	json_t *v = r->json ? json_object_get(r->json, key) : NULL;
	return json_is_string(v) ? arena_strdup(r->a, json_string_value(v)) : NULL;
}

const char *json_field(struct req *r, const char *key, GArray *errs)
{
	json_t *v = r->json ? json_object_get(r->json, key) : NULL;
	if (v && !json_is_string(v)) {
		field_error_add(errs, key, N_("This field must be a string."));
		return NULL;
	}
	return v ? arena_strdup(r->a, json_string_value(v)) : NULL;
}

static bool match(const char *pattern, const char *path, const char **params, struct arena *a)
{
	int np = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			const char *se = strchr(s, '/');
			if (!se)
				se = s + strlen(s);
			if (se == s || np >= MAX_PARAMS)
				return false;
			if (params)
				params[np] = arena_strndup(a, s, (size_t)(se - s));
			np++;
			p = pe + 1;
			s = se;
		} else if (*p == '*') {
			if (params)
				params[np] = arena_strdup(a, s);
			return true;
		} else if (*p++ != *s++) {
			return false;
		}
	}
	return *p == '\0' && *s == '\0';
}

static void security_headers(struct http_req *h)
{
	http_add_header_static(
		h, "Content-Security-Policy",
		"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	http_add_header_static(h, "X-Content-Type-Options", "nosniff");
	http_add_header_static(h, "Referrer-Policy", "same-origin");
	http_add_header_static(h, "X-Frame-Options", "DENY");
}

static const char *bearer(struct req *r)
{
	const char *auth = http_header(r->h, MHD_HTTP_HEADER_AUTHORIZATION);
	if (auth && !g_ascii_strncasecmp(auth, "Bearer ", 7))
		return auth + 7;
	return NULL;
}

/* Who is asking: an API token wins over a session cookie. */
static void authenticate(struct req *r)
{
	const char *tok = bearer(r);
	const char *sess = tok ? NULL : http_cookie(r->h, "campus_session");
	if (!tok && !sess)
		return; /* a visitor: no database round trip */
	GString *err = g_string_new(NULL);
	struct ctx *c = req_ctx(r);
	if (tok) {
		if (accounts_token_user(c, tok, &r->user, err) == ST_OK)
			r->via_api_token = true;
	} else {
		accounts_session_user(c, sess, &r->user, &r->session_hash, err);
	}
	g_string_free(err, TRUE);
}

static bool has_session_cookie(struct req *r)
{
	return http_cookie(r->h, "campus_session") != NULL;
}

/* The CSRF token: an HMAC of the session (or of an anonymous cookie for
 * visitors' forms, such as sign-in), so nothing needs storing. Made on
 * first use (perf: the anonymous cookie and the HMAC cost a visitor's
 * cached page more than the page itself). */
const char *req_csrf(struct req *r)
{
	if (r->csrf || !r->csrf_on)
		return r->csrf;
	const char *basis;
	if (r->session_hash) {
		basis = arena_printf(r->a, "s:%s", r->session_hash);
	} else {
		const char *anon = http_cookie(r->h, "campus_anon");
		if (!anon || strlen(anon) < 20 || strlen(anon) > 64) {
			anon = secrets_token(r->a, NULL);
			http_set_cookie(r->h, "campus_anon", anon, ANON_COOKIE_AGE,
					r->app->cfg->secure_cookies);
		}
		basis = arena_printf(r->a, "a:%s", anon);
	}
	r->csrf = secrets_hmac_hex(r->a, r->app->secret, SECRET_BYTES, basis);
	return r->csrf;
}

static bool csrf_ok(struct req *r)
{
	const char *sent = http_form(r->h, "csrf");
	if (!sent)
		sent = http_header(r->h, "X-CSRF-Token");
	const char *want = req_csrf(r);
	return sent && want && secrets_equal(sent, want);
}

static bool is_write(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

static const struct route *find_route(struct req *r, bool *path_known)
{
	const char *method = !strcmp(r->h->method, "HEAD") ? "GET" : r->h->method;
	*path_known = false;
	for (size_t i = 0; i < r->app->nroutes; i++) {
		const struct route *rt = &r->app->routes[i];
		const char *params[MAX_PARAMS] = {0};
		if (!match(rt->pattern, r->h->path, params, r->a))
			continue;
		if ((rt->flags & R_MANUAL_CLOCK) && !clock_is_manual(r->app->clock))
			continue;
		*path_known = true;
		if (strcmp(rt->method, method))
			continue;
		memcpy(r->params, params, sizeof(params));
		return rt;
	}
	return NULL;
}

size_t app_body_limit(void *appv, const char *method, const char *path)
{
	const struct app *app = appv;
	for (size_t i = 0; i < app->nroutes; i++) {
		const struct route *rt = &app->routes[i];
		if ((rt->flags & R_UPLOAD) && !strcmp(rt->method, method) &&
		    match(rt->pattern, path, NULL, NULL))
			return (size_t)app->cfg->upload_max_kib * 1024;
	}
	return 0;
}

/* GLib caches a time zone only while something holds a reference to it, and
 * reads and parses its tzfile (with every rule year) otherwise: pages that
 * take the platform zone and drop it at the end of the request paid that
 * each time (most of the dashboard's time in a profile). One reference kept
 * for the life of the process makes every later g_time_zone_new_identifier
 * of the platform zone a table lookup (perf). */
static void keep_platform_zone(const struct app *app)
{
	static gsize once;
	if (g_once_init_enter(&once)) {
		/* Never unreferenced: it must outlive every request. NULL for
		 * a name GLib does not know (then nothing is cached anyway). */
		GTimeZone *tz = g_time_zone_new_identifier(app->cfg->timezone);
		(void)tz;
		g_once_init_leave(&once, 1);
	}
}

void app_dispatch(struct http_req *h, void *appv)
{
	struct app *app = appv;
	keep_platform_zone(app);
	struct req *r = arena_alloc(h->arena, sizeof(*r));
	r->h = h;
	r->app = app;
	r->a = h->arena;
	h->app_data = r;
	r->ctx.a = h->arena;
	r->ctx.now = clock_now(app->clock);
	r->ctx.cfg = app->cfg;
	r->ctx.provider = app->provider;
	r->ctx.ip = h->ip;
	r->ctx.user_agent = http_header(h, MHD_HTTP_HEADER_USER_AGENT);
	security_headers(h);

	const char *lc = http_cookie(h, "campus_lang");
	r->lang = i18n_supported(lc) ? lc
				     : i18n_negotiate(http_header(h, MHD_HTTP_HEADER_ACCEPT_LANGUAGE),
						      app->cfg->default_lang);

	bool path_known;
	const struct route *rt = find_route(r, &path_known);
	bool api = g_str_has_prefix(h->path, "/api/") || (rt && (rt->flags & R_API));
	r->api = api;

	if (!rt) {
		if (path_known) {
			if (api)
				respond_problem_code(r, 405, "Method not allowed",
						     "This resource does not accept that method.");
			else
				respond_error_page(r, 405, T(r, "Method not allowed"),
						   T(r, "This page does not accept that request."));
		} else if (api) {
			respond_problem_code(r, 404, "Not found", "There is no such resource.");
		} else {
			respond_error_page(r, 404, T(r, "Page not found"),
					   T(r, "There is no page at this address. Check the link, or start "
						"again from the home page."));
		}
		return;
	}
	/* Pages and API answers are personal or change often: no cache may
	 * keep them (a token, a signed-in page). Static assets set their own. */
	if (!(rt->flags & R_OWN_CACHE))
		http_add_header_static(h, "Cache-Control", "no-store");
	if (h->body_too_large) {
		if (api)
			respond_problem_code(r, 413, "Content too large",
					     "The request body is larger than this server accepts.");
		else
			respond_error_page(r, 413, T(r, "Too much data"),
					   T(r, "What you sent is larger than this site accepts."));
		return;
	}
	if (h->body_malformed) {
		if (api)
			respond_problem_code(r, 400, "Malformed form", "The form data could not be read.");
		else
			respond_error_page(r, 400, T(r, "Bad request"),
					   T(r, "The form data could not be read."));
		return;
	}
	if (!(rt->flags & R_ANONYMOUS)) {
		authenticate(r);
		if (r->user)
			r->lang = r->user->lang; /* ACC-4 */
		r->csrf_on = !r->via_api_token; /* req_csrf makes it when needed */
	}
	if (is_write(h->method) && !r->via_api_token && !(rt->flags & R_NO_CSRF) &&
	    (!(rt->flags & R_API) || has_session_cookie(r)) && !csrf_ok(r)) {
		if (api)
			respond_problem_code(
				r, 403, "CSRF token missing or wrong",
				"Send the X-CSRF-Token header of your session, or use an API token.");
		else
			respond_error_page(r, 403, T(r, "This form has expired"),
					   T(r, "For your security, the form could not be accepted. Go back, "
						"reload the page and try again."));
		return;
	}
	if ((rt->flags & R_SIGNED_IN || rt->roles) && !r->user) {
		if (api) {
			respond_problem_code(r, 401, "Sign-in required",
					     "Send Authorization: Bearer with a personal API token.");
		} else {
			GString *loc = g_string_new("/signin?next=");
			g_string_append_uri_escaped(loc, h->path, NULL, FALSE);
			http_redirect(h, 303, loc->str);
			g_string_free(loc, TRUE);
		}
		return;
	}
	if (rt->roles && !(r->user->roles & rt->roles)) {
		respond_error(r, ST_FORBIDDEN, T(r, "Your account does not have access to this."));
		return;
	}
	if ((rt->flags & R_API) && is_write(h->method) && (h->body->len || g_hash_table_size(h->form)) &&
	    (!h->content_type || !g_str_has_prefix(h->content_type, "application/json"))) {
		respond_problem_code(r, 415, "Unsupported media type", "Send the body as application/json.");
		return;
	}
	if ((rt->flags & R_API) && is_write(h->method) && h->body->len) {
		json_error_t jerr;
		r->json = json_loadb(h->body->str, h->body->len, JSON_REJECT_DUPLICATES, &jerr);
		if (!r->json || !json_is_object(r->json)) {
			char *detail =
				r->json ? arena_strdup(r->a, "The body must be a JSON object.")
					: arena_printf(r->a,
						       "The body is not valid JSON: %s (line %d, column %d).",
						       jerr.text, jerr.line, jerr.column);
			if (r->json)
				json_decref(r->json);
			r->json = NULL;
			respond_problem_code(r, 400, "Malformed JSON", detail);
			return;
		}
		arena_on_free(r->a, (void (*)(void *))json_decref, r->json);
	}
	rt->handler(r);
}
