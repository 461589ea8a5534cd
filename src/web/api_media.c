/* The media JSON API: /api/v1/videos/{id}/download-link (CRS-2) and
 * /api/v1/premium-grants (staff). */
#include <string.h>

#include "base/dates.h"
#include "media/grants.h"
#include "media/media.h"
#include "web/pages_media.h"

#include "base/banned.h"

static json_t *time_json(int64_t t)
{
	if (!t)
		return json_null();
	char buf[32];
	dates_format_rfc3339(t, buf, sizeof(buf));
	return json_string(buf);
}

void video_download_link_api(struct req *r)
{
	int64_t id, exp = 0;
	if (!link_parse_id(r->params[0], &id)) {
		respond_problem(r, ST_NOTFOUND, "There is no such video.", NULL);
		return;
	}
	char *path = NULL;
	GString *err = g_string_new(NULL);
	enum status st = media_download_link(req_ctx(r), r->app->secret, SECRET_BYTES, id, &path, &exp, err);
	if (st == ST_OK)
		respond_json(r, 201,
			     json_pack("{s:I, s:s, s:s, s:o}", "video_id", (json_int_t)id, "path", path,
				       "url", arena_printf(r->a, "%s%s", r->app->cfg->base_url, path),
				       "expires_at", time_json(exp)));
	else
		respond_problem(r, st, err->str, NULL);
	g_string_free(err, TRUE);
}

static json_t *premium_json(const struct premium *p)
{
	return json_pack("{s:b, s:o, s:o}", "active", p->active, "source",
			 p->source ? json_string(p->source) : json_null(), "until", time_json(p->until));
}

void premium_grants_api_list(struct req *r)
{
	const char *pg = http_query(r->h, "page");
	int64_t page = 0;
	if (pg && strcmp(pg, "0") && !link_parse_id(pg, &page)) {
		respond_problem_code(r, 400, "Bad page", "page must be a number from 0.");
		return;
	}
	struct media_grant *g = NULL;
	int n = 0;
	bool more = false;
	GString *err = g_string_new(NULL);
	enum status st = grants_list(req_ctx(r), page > 100000 ? 100000 : (int)page, &g, &n, &more, err);
	if (st == ST_OK) {
		json_t *items = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(
				items,
				json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s}", "user_id",
					  (json_int_t)g[i].user_id, "email", g[i].email, "name", g[i].name,
					  "reason", g[i].reason, "starts_at", time_json(g[i].starts_at),
					  "ends_at", time_json(g[i].ends_at), "granted_by", g[i].granted_by));
		respond_json(
			r, 200,
			json_pack("{s:o, s:I, s:b}", "items", items, "page", (json_int_t)page, "more", more));
	} else {
		respond_problem(r, st, err->str, NULL);
	}
	g_string_free(err, TRUE);
}

/* POST {"email"|"user_id", "reason", "ends_at"?: RFC 3339}. */
void premium_grants_api_create(struct req *r)
{
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	struct ctx *c = req_ctx(r);
	const char *email = json_field(r, "email", errs), *reason = json_field(r, "reason", errs),
		   *ends = json_field(r, "ends_at", errs);
	json_t *uid = json_object_get(r->json, "user_id");
	int64_t user_id = 0, ends_at = 0;
	enum status st = ST_OK;
	if (ends && !dates_parse_rfc3339(ends, &ends_at))
		field_error_add(errs, "ends_at",
				N_("Give an RFC 3339 instant, such as 2027-01-31T23:00:00Z."));
	if (uid && !json_is_integer(uid))
		field_error_add(errs, "user_id", N_("This field must be an integer."));
	if (!uid && !email && !errs->len)
		field_error_add(errs, "email", N_("Give the email address of the account."));
	if (errs->len) {
		respond_problem(r, ST_INVALID, "Some fields need attention.", errs);
		goto cleanup;
	}
	struct user *u = NULL;
	struct premium p;
	if (uid) {
		user_id = (int64_t)json_integer_value(uid);
		st = store_user_by_id(c->db, c->a, user_id, &u, err);
		if (st == ST_NOTFOUND)
			g_string_printf(err, "No account has the id %lld.", (long long)user_id);
	} else {
		st = grants_find(c, email, &u, &p, err);
	}
	if (st == ST_OK)
		st = grants_grant(c, u->id, reason, ends_at, errs, err);
	if (st == ST_OK)
		st = premium_get(c, u->id, &p, err);
	if (st == ST_OK)
		respond_json(r, 201,
			     json_pack("{s:I, s:s, s:o}", "user_id", (json_int_t)u->id, "email", u->email,
				       "premium", premium_json(&p)));
	else
		respond_problem(r, st, err->str, errs);
cleanup:
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

/* DELETE /api/v1/premium-grants/{user_id}, optional body {"reason"}. */
void premium_grants_api_delete(struct req *r)
{
	int64_t user_id;
	if (!link_parse_id(r->params[0], &user_id)) {
		respond_problem(r, ST_NOTFOUND, "There is no such account.", NULL);
		return;
	}
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	const char *reason = json_field(r, "reason", errs);
	if (errs->len) {
		respond_problem(r, ST_INVALID, "Some fields need attention.", errs);
	} else {
		enum status st = grants_revoke(req_ctx(r), user_id, reason, err);
		if (st == ST_OK) {
			r->h->status = 204;
			r->h->resp_type = NULL;
		} else {
			respond_problem(r, st, err->str, NULL);
		}
	}
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}
