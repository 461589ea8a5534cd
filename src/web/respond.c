#include <string.h>

#include "base/i18n.h"
#include "http/html.h"
#include "web/app.h"
#include "web/layout.h"

#include "base/banned.h"

unsigned http_status_of(enum status st)
{
	switch (st) {
	case ST_OK: return 200;
	case ST_NOTFOUND: return 404;
	case ST_INVALID: return 422;
	case ST_UNAUTHORIZED: return 401;
	case ST_FORBIDDEN: return 403;
	case ST_CONFLICT: return 409;
	case ST_TOOMANY: return 429;
	case ST_IO: return 502;
	case ST_DB: return 500;
	}
	return 500;
}

static const char *title_of(unsigned code)
{
	switch (code) {
	case 400: return N_("Bad request");
	case 401: return N_("Sign-in required");
	case 403: return N_("Forbidden");
	case 404: return N_("Not found");
	case 405: return N_("Method not allowed");
	case 409: return N_("Conflict");
	case 410: return N_("Gone");
	case 413: return N_("Content too large");
	case 422: return N_("Invalid input");
	case 429: return N_("Too many requests");
	case 502: return N_("Upstream failure");
	default: return N_("Internal error");
	}
}

void respond_json(struct req *r, unsigned code, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	r->h->status = code;
	r->h->resp_type = "application/json";
	g_string_assign(r->h->out, s ? s : "null");
	free(s);
	json_decref(j);
}

void respond_problem_code(struct req *r, unsigned code, const char *title, const char *detail)
{
	json_t *j = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", title, "status",
			      (int)code, "detail", detail ? detail : title);
	respond_json(r, code, j);
	r->h->resp_type = "application/problem+json";
}

void respond_problem(struct req *r, enum status st, const char *detail, GArray *errs)
{
	unsigned code = http_status_of(st);
	if (st == ST_TOOMANY)
		http_add_header(r->h, "Retry-After", "900"); /* the throttle window */
	json_t *j = json_pack("{s:s, s:s, s:i, s:s}", "type",
			      arena_printf(r->a, "/problems/%s", status_name(st)), "title", title_of(code),
			      "status", (int)code, "detail", detail ? detail : title_of(code));
	if (errs && errs->len) {
		json_t *arr = json_array();
		for (guint i = 0; i < errs->len; i++) {
			struct field_error *fe = &g_array_index(errs, struct field_error, i);
			json_array_append_new(arr, json_pack("{s:s, s:s}", "field", fe->field, "detail",
							     i18n_get(r->lang, fe->msgid)));
		}
		json_object_set_new(j, "errors", arr);
	}
	respond_json(r, code, j);
	r->h->resp_type = "application/problem+json";
}

void respond_error_page(struct req *r, unsigned code, const char *title, const char *detail)
{
	r->h->status = code;
	g_string_truncate(r->h->out, 0);
	page_begin(r, title);
	GString *o = r->h->out;
	html_put(o, "<div class=\"panel\"><h1>%s</h1><p>%s</p>", title, detail);
	html_put(o, "<p><a class=\"button secondary\" href=\"/\">%s</a></p></div>",
		 T(r, "Back to the home page"));
	page_end(r);
}

void respond_error(struct req *r, enum status st, const char *detail)
{
	unsigned code = http_status_of(st);
	if (st == ST_DB || st == ST_IO) {
		/* The details of an internal failure go to the log, not to
		 * the visitor. */
		g_printerr("campus: %s %s: %s\n", r->h->method, r->h->path, detail ? detail : "");
		detail = T(r, "Something went wrong on our side. Please try again in a moment.");
	}
	if (r->api)
		respond_problem(r, st, detail, NULL);
	else
		respond_error_page(r, code, T(r, title_of(code)), detail);
}
