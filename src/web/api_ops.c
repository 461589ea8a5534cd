/* GET /api/v1/openapi.json and POST /api/v1/test-clock. */
#include <stdlib.h>
#include <string.h>

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

/* GET /api/v1/audit?subject_type=user&subject_id=N&limit=50 — the
 * append-only audit log (DATA-1), newest first, for admins. */
void audit_api(struct req *r)
{
	const char *type = http_query(r->h, "subject_type"), *id = http_query(r->h, "subject_id");
	const char *lim = http_query(r->h, "limit");
	char *end = NULL;
	long long subject = id ? strtoll(id, &end, 10) : 0;
	long limit = lim ? strtol(lim, NULL, 10) : 50;
	if ((id && (*end || subject < 0)) || (type && (!*type || strlen(type) > 40)) || limit < 1 ||
	    limit > 200) {
		respond_problem_code(
			r, 400, "Bad query",
			"subject_type is a word, subject_id a whole number, limit from 1 to 200.");
		return;
	}
	GString *err = g_string_new(NULL);
	struct audit_entry **list = NULL;
	int n = 0;
	enum status st = store_audit_list(req_db(r), r->a, type, subject, (int)limit, &list, &n, err);
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return;
	}
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		const struct audit_entry *e = list[i];
		char at[32];
		dates_format_rfc3339(e->at, at, sizeof(at));
		json_t *before = *e->before_json ? json_loads(e->before_json, 0, NULL) : NULL;
		json_t *after = *e->after_json ? json_loads(e->after_json, 0, NULL) : NULL;
		json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:s}",
						     "id", (json_int_t)e->id, "at", at, "actor_id",
						     (json_int_t)e->actor_id, "actor", e->actor, "action",
						     e->action, "subject_type", e->subject_type, "subject_id",
						     (json_int_t)e->subject_id, "before",
						     before ? before : json_null(), "after",
						     after ? after : json_null(), "ip", e->ip));
	}
	respond_json(r, 200, json_pack("{s:o}", "entries", arr));
	g_string_free(err, TRUE);
}
