/* GET /api/v1/terms and /api/v1/terms/{version}. */
#include <stdlib.h>

#include "base/dates.h"
#include "web/pages.h"

#include "base/banned.h"

static json_t *terms_json(const struct terms *t, bool body)
{
	char at[32];
	dates_format_rfc3339(t->published_at, at, sizeof(at));
	json_t *j = json_pack("{s:i, s:s, s:s, s:s}", "version", t->version, "title", t->title,
			      "published_at", at, "url", "");
	json_object_set_new(j, "url", json_sprintf("/terms/%d", t->version));
	if (body) {
		json_object_set_new(j, "body_en", json_string(t->body_en));
		json_object_set_new(j, "body_fr", json_string(t->body_fr));
	}
	return j;
}

void terms_api_list(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct terms **list = NULL;
	int n = 0;
	enum status st = store_terms_list(req_db(r), r->a, &list, &n, err);
	if (st == ST_OK) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, terms_json(list[i], false));
		respond_json(r, 200, json_pack("{s:o}", "versions", arr));
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

void terms_api_get(struct req *r)
{
	GString *err = g_string_new(NULL);
	char *end = NULL;
	long v = strtol(r->params[0], &end, 10);
	struct terms *t = NULL;
	enum status st = *end || v <= 0 || v > 1000000 ? ST_NOTFOUND
						       : store_terms_get(req_db(r), r->a, (int)v, &t, err);
	if (st == ST_OK)
		respond_json(r, 200, terms_json(t, true));
	else
		respond_error(r, st, "There is no such version of the terms of service.");
	g_string_free(err, TRUE);
}
