/* GET /static/{name} — embedded assets with ETags; GET /healthz. */
#include <string.h>

#include "base/dates.h"
#include "web/assets.h"
#include "web/pages.h"

#include "base/banned.h"

const struct asset *asset_find(const char *name)
{
	for (size_t i = 0; i < assets_len; i++)
		if (!strcmp(assets[i].name, name))
			return &assets[i];
	return NULL;
}

void static_page(struct req *r)
{
	const struct asset *a = asset_find(arena_printf(r->a, "static/%s", r->params[0]));
	if (!a) {
		respond_problem_code(r, 404, "Not found", "There is no such file.");
		return;
	}
	http_add_header(r->h, "ETag", a->etag);
	/* Pages link the stylesheet with ?v=<etag>: such URLs never change
	 * content and may be cached for a year. */
	http_add_header(r->h, "Cache-Control",
			http_query(r->h, "v") ? "public, max-age=31536000, immutable"
					      : "public, max-age=3600");
	const char *inm = http_header(r->h, "If-None-Match");
	if (inm && strstr(inm, a->etag)) {
		r->h->status = 304;
		return;
	}
	r->h->resp_type = a->type;
	r->h->resp_static = a->data;
	r->h->resp_static_len = a->len;
}

void health_api(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct db *db = req_db(r);
	enum status st = db_exec(db, SQL_PING, DB_NOARGS, err);
	char now[32];
	dates_format_rfc3339(r->ctx.now, now, sizeof(now));
	json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "status", st == ST_OK ? "ok" : "degraded", "version",
			      CAMPUS_VERSION, "database", db_backend_name(db), "time", now);
	respond_json(r, st == ST_OK ? 200 : 503, j);
	g_string_free(err, TRUE);
}
