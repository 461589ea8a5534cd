/* GET /api/v1/openapi.json and POST /api/v1/test-clock. */
#include "base/dates.h"
#include "ops/test_clock.h"
#include "web/assets.h"
#include "web/pages.h"

#include "base/banned.h"

void openapi_api(struct req *r)
{
	const struct asset *a = asset_find("openapi.json");
	r->h->resp_type = "application/json";
	r->h->resp_static = a->data;
	r->h->resp_static_len = a->len;
	http_add_header(r->h, "ETag", a->etag);
}

/* Moves the manual clock forward and runs every job that became due before
 * answering (DESIGN.md, "test clock"). The route exists only with
 * --clock manual, and only admins may call it. */
void test_clock_api(struct req *r)
{
	const char *now = json_str(r, "now");
	int64_t t;
	if (!now || !dates_parse_rfc3339(now, &t)) {
		GArray *errs = field_errors_new();
		field_error_add(errs, "now", N_("Give an RFC 3339 instant, such as 2027-01-31T09:00:00Z."));
		respond_problem(r, ST_INVALID, "now must be an RFC 3339 instant", errs);
		g_array_free(errs, TRUE);
		return;
	}
	GString *err = g_string_new(NULL);
	int ran = 0;
	enum status st = test_clock_advance(req_ctx(r), r->app->clock, r->app->sched, t, &ran, err);
	if (st != ST_OK) {
		respond_problem(r, st, err->str, NULL);
		g_string_free(err, TRUE);
		return;
	}
	char buf[32];
	dates_format_rfc3339(clock_now(r->app->clock), buf, sizeof(buf));
	respond_json(r, 200, json_pack("{s:s, s:i}", "now", buf, "jobs_run", ran));
	g_string_free(err, TRUE);
}
