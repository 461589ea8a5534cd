/* The OpenAPI document (docs/openapi.json, embedded as "openapi.json" and
 * served at /api/v1/openapi.json) against the route table (web/routes.c):
 * every R_API route (and /healthz) is documented with its method, and the
 * document describes no operation the server does not route. Path
 * templates are compared as they are: both use "{version}". */
#include <glib.h>
#include <stdbool.h>
#include <jansson.h>
#include <string.h>

#include "web/app.h"
#include "web/assets.h"

#include "base/banned.h"

static const char *const methods[] = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};
/* The other fields a Path Item Object may have (OpenAPI 3.1, 4.8.9). */
static const char *const path_item_fields[] = {"$ref", "summary", "description", "servers", "parameters"};

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

static bool documented_route(const struct route *r)
{
	return (r->flags & R_API) || !strcmp(r->pattern, "/healthz");
}

/* Compares the paths of doc with routes[0..n); appends one line per
 * difference to out and returns how many there are. */
static int compare(json_t *doc, const struct route *routes, size_t n, GString *out)
{
	int bad = 0;
	json_t *paths = json_object_get(doc, "paths");
	if (!json_is_object(paths)) {
		g_string_append(out, "openapi.json has no \"paths\" object\n");
		return 1;
	}
	/* routes -> document */
	for (size_t i = 0; i < n; i++) {
		const struct route *r = &routes[i];
		if (!documented_route(r))
			continue;
		char *m = g_ascii_strdown(r->method, -1);
		json_t *item = json_object_get(paths, r->pattern);
		if (!json_is_object(json_object_get(item, m))) {
			g_string_append_printf(out, "%s %s: routed (web/routes.c) but not in openapi.json\n",
					       r->method, r->pattern);
			bad++;
		}
		g_free(m);
		for (size_t j = 0; j < i; j++) {
			if (!g_ascii_strcasecmp(routes[j].method, r->method) &&
			    !strcmp(routes[j].pattern, r->pattern)) {
				g_string_append_printf(out, "%s %s: twice in web/routes.c\n", r->method,
						       r->pattern);
				bad++;
			}
		}
	}
	/* document -> routes */
	const char *path;
	json_t *item;
	json_object_foreach(paths, path, item)
	{
		if (!json_is_object(item)) {
			g_string_append_printf(out, "%s: not a Path Item object\n", path);
			bad++;
			continue;
		}
		const char *key;
		json_t *op;
		json_object_foreach(item, key, op)
		{
			if (in_list(key, path_item_fields, G_N_ELEMENTS(path_item_fields)))
				continue;
			if (!in_list(key, methods, G_N_ELEMENTS(methods))) {
				g_string_append_printf(out,
						       "%s: \"%s\" is neither an HTTP method (lower case) "
						       "nor a Path Item field\n",
						       path, key);
				bad++;
				continue;
			}
			bool found = false, api = false;
			for (size_t i = 0; i < n; i++) {
				if (!g_ascii_strcasecmp(routes[i].method, key) &&
				    !strcmp(routes[i].pattern, path)) {
					found = true;
					api = documented_route(&routes[i]);
				}
			}
			if (!found) {
				g_string_append_printf(
					out, "%s %s: in openapi.json but not routed (web/routes.c)\n", key,
					path);
				bad++;
			} else if (!api) {
				g_string_append_printf(
					out, "%s %s: in openapi.json but routed as a page, not R_API\n", key,
					path);
				bad++;
			}
		}
	}
	return bad;
}

static json_t *load_doc(void)
{
	const struct asset *a = asset_find("openapi.json");
	g_assert_nonnull(a);
	json_error_t e;
	json_t *doc = json_loadb((const char *)a->data, a->len, JSON_REJECT_DUPLICATES, &e);
	if (!doc)
		g_error("openapi.json, line %d: %s", e.line, e.text);
	g_assert_true(json_is_object(doc));
	return doc;
}

static void test_version(void)
{
	json_t *doc = load_doc();
	const char *v = json_string_value(json_object_get(doc, "openapi"));
	g_assert_nonnull(v);
	g_assert_true(g_str_has_prefix(v, "3.1"));
	g_assert_true(json_is_object(json_object_get(doc, "info")));
	g_assert_nonnull(json_string_value(json_object_get(json_object_get(doc, "info"), "title")));
	g_assert_nonnull(json_string_value(json_object_get(json_object_get(doc, "info"), "version")));
	json_decref(doc);
}

static void test_routes_match(void)
{
	json_t *doc = load_doc();
	GString *out = g_string_new(NULL);
	int bad = compare(doc, app_routes, app_routes_len, out);
	if (bad)
		g_error("openapi.json and web/routes.c disagree (%d):\n%s", bad, out->str);
	/* the comparison did look at something */
	size_t api = 0;
	for (size_t i = 0; i < app_routes_len; i++)
		api += documented_route(&app_routes[i]);
	g_assert_cmpuint(api, >=, 2);
	g_string_free(out, TRUE);
	json_decref(doc);
}

/* Every operation has a non-empty "responses" whose keys are status codes
 * (or "default"), each with a description or a $ref. */
static void test_operations_have_responses(void)
{
	json_t *doc = load_doc();
	const char *path;
	json_t *item;
	int ops = 0;
	json_object_foreach(json_object_get(doc, "paths"), path, item)
	{
		for (size_t m = 0; m < G_N_ELEMENTS(methods); m++) {
			json_t *op = json_object_get(item, methods[m]);
			if (!op)
				continue;
			ops++;
			g_test_message("%s %s", methods[m], path);
			json_t *responses = json_object_get(op, "responses");
			g_assert_true(json_is_object(responses));
			g_assert_cmpuint(json_object_size(responses), >, 0);
			const char *code;
			json_t *resp;
			json_object_foreach(responses, code, resp)
			{
				bool status = strlen(code) == 3 && code[0] >= '1' && code[0] <= '5' &&
					      g_ascii_isdigit(code[1]) && g_ascii_isdigit(code[2]);
				bool range = strlen(code) == 3 && code[0] >= '1' && code[0] <= '5' &&
					     code[1] == 'X' && code[2] == 'X';
				if (!status && !range && strcmp(code, "default"))
					g_error("%s %s: response \"%s\" is not a status code", methods[m],
						path, code);
				g_assert_true(json_is_object(resp));
				if (!json_object_get(resp, "$ref"))
					g_assert_true(json_is_string(json_object_get(resp, "description")));
			}
		}
	}
	g_assert_cmpint(ops, >, 0);
	json_decref(doc);
}

/* Every {name} of a path template is declared as a required path
 * parameter of each of its operations (on the operation or the path). */
static bool declares(json_t *params, const char *name)
{
	size_t i;
	json_t *p;
	json_array_foreach(params, i, p)
	{
		if (!g_strcmp0(json_string_value(json_object_get(p, "name")), name) &&
		    !g_strcmp0(json_string_value(json_object_get(p, "in")), "path") &&
		    json_is_true(json_object_get(p, "required")))
			return true;
	}
	return false;
}

static void test_path_parameters(void)
{
	json_t *doc = load_doc();
	const char *path;
	json_t *item;
	json_object_foreach(json_object_get(doc, "paths"), path, item)
	{
		for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{')) {
			const char *end = strchr(p, '}');
			g_assert_nonnull(end);
			char *name = g_strndup(p + 1, (gsize)(end - p - 1));
			for (size_t m = 0; m < G_N_ELEMENTS(methods); m++) {
				json_t *op = json_object_get(item, methods[m]);
				if (op && !declares(json_object_get(op, "parameters"), name) &&
				    !declares(json_object_get(item, "parameters"), name))
					g_error("%s %s: path parameter \"%s\" is not declared", methods[m],
						path, name);
			}
			g_free(name);
		}
	}
	json_decref(doc);
}

/* Every local "$ref" points at something that exists. */
static void check_refs(json_t *doc, json_t *node, const char *where)
{
	if (json_is_object(node)) {
		const char *key;
		json_t *v;
		json_object_foreach(node, key, v)
		{
			if (!strcmp(key, "$ref") && json_is_string(v)) {
				const char *ref = json_string_value(v);
				g_assert_true(g_str_has_prefix(ref, "#/"));
				char **parts = g_strsplit(ref + 2, "/", -1);
				json_t *t = doc;
				for (char **p = parts; *p && t; p++)
					t = json_object_get(t, *p);
				if (!t)
					g_error("%s: $ref %s points at nothing", where, ref);
				g_strfreev(parts);
			} else {
				check_refs(doc, v, where);
			}
		}
	} else if (json_is_array(node)) {
		size_t i;
		json_t *v;
		json_array_foreach(node, i, v) check_refs(doc, v, where);
	}
}

static void test_refs_resolve(void)
{
	json_t *doc = load_doc();
	const char *path;
	json_t *item;
	json_object_foreach(json_object_get(doc, "paths"), path, item) check_refs(doc, item, path);
	check_refs(doc, json_object_get(doc, "components"), "components");
	json_decref(doc);
}

/* The checker itself: it must report a disagreement in either direction
 * (so that test_routes_match cannot pass by comparing nothing). */
static void expect_drift(json_t *doc, const struct route *routes, size_t n, const char *needle)
{
	GString *out = g_string_new(NULL);
	int bad = compare(doc, routes, n, out);
	g_test_message("%s", out->str);
	g_assert_cmpint(bad, >, 0);
	g_assert_nonnull(strstr(out->str, needle));
	g_string_free(out, TRUE);
}

static void test_checker_detects_drift(void)
{
	json_t *doc = load_doc();
	GString *out = g_string_new(NULL);
	g_assert_cmpint(compare(doc, app_routes, app_routes_len, out), ==, 0);
	g_string_free(out, TRUE);

	/* a documented path removed from the document */
	json_t *d = json_deep_copy(doc);
	g_assert_cmpint(json_object_del(json_object_get(d, "paths"), "/api/v1/terms/{version}"), ==, 0);
	expect_drift(d, app_routes, app_routes_len, "GET /api/v1/terms/{version}: routed");
	json_decref(d);

	/* one method of a path removed */
	d = json_deep_copy(doc);
	g_assert_cmpint(json_object_del(json_object_get(json_object_get(d, "paths"), "/api/v1/me"), "patch"),
			==, 0);
	expect_drift(d, app_routes, app_routes_len, "PATCH /api/v1/me: routed");
	json_decref(d);

	/* an operation the server does not route */
	d = json_deep_copy(doc);
	json_t *me = json_object_get(json_object_get(d, "paths"), "/api/v1/me");
	json_object_set(me, "delete", json_object_get(me, "get"));
	expect_drift(d, app_routes, app_routes_len, "delete /api/v1/me: in openapi.json but not routed");
	json_decref(d);

	/* a whole path the server does not route, and a page documented as API */
	d = json_deep_copy(doc);
	json_t *paths = json_object_get(d, "paths");
	json_object_set(paths, "/api/v1/not-routed", json_object_get(paths, "/api/v1/terms"));
	json_object_set(paths, "/signin", json_object_get(paths, "/api/v1/terms"));
	expect_drift(d, app_routes, app_routes_len, "get /api/v1/not-routed: in openapi.json but not routed");
	expect_drift(d, app_routes, app_routes_len, "get /signin: in openapi.json but routed as a page");
	json_decref(d);

	/* a template written differently */
	d = json_deep_copy(doc);
	paths = json_object_get(d, "paths");
	json_object_set(paths, "/api/v1/terms/{id}", json_object_get(paths, "/api/v1/terms/{version}"));
	json_object_del(paths, "/api/v1/terms/{version}");
	expect_drift(d, app_routes, app_routes_len, "/api/v1/terms/{id}");
	json_decref(d);

	/* an upper-case method key */
	d = json_deep_copy(doc);
	json_t *terms = json_object_get(json_object_get(d, "paths"), "/api/v1/terms");
	json_object_set(terms, "GET", json_object_get(terms, "get"));
	json_object_del(terms, "get");
	expect_drift(d, app_routes, app_routes_len, "\"GET\" is neither");
	json_decref(d);

	/* a new R_API route not documented yet */
	struct route *more = g_new(struct route, app_routes_len + 1);
	memcpy(more, app_routes, app_routes_len * sizeof(*more));
	more[app_routes_len] = (struct route){"DELETE", "/api/v1/me", NULL, R_API | R_SIGNED_IN, 0};
	expect_drift(doc, more, app_routes_len + 1, "DELETE /api/v1/me: routed");
	/* ... or a route twice */
	more[app_routes_len] = (struct route){"GET", "/api/v1/terms", NULL, R_API, 0};
	expect_drift(doc, more, app_routes_len + 1, "GET /api/v1/terms: twice");
	/* a documented route that lost R_API */
	for (size_t i = 0; i < app_routes_len; i++)
		if (!strcmp(more[i].pattern, "/api/v1/tokens"))
			more[i].flags &= ~R_API;
	expect_drift(doc, more, app_routes_len, "post /api/v1/tokens: in openapi.json but routed as a page");
	/* a documented route removed */
	size_t kept = 0;
	for (size_t i = 0; i < app_routes_len; i++)
		if (strcmp(app_routes[i].pattern, "/api/v1/openapi.json"))
			more[kept++] = app_routes[i];
	g_assert_cmpuint(kept, ==, app_routes_len - 1);
	expect_drift(doc, more, kept, "get /api/v1/openapi.json: in openapi.json but not routed");
	g_free(more);

	/* no paths at all */
	d = json_deep_copy(doc);
	json_object_del(d, "paths");
	expect_drift(d, app_routes, app_routes_len, "no \"paths\"");
	json_decref(d);
	json_decref(doc);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/openapi/version_3_1", test_version);
	g_test_add_func("/openapi/routes_match", test_routes_match);
	g_test_add_func("/openapi/operations_have_responses", test_operations_have_responses);
	g_test_add_func("/openapi/path_parameters_declared", test_path_parameters);
	g_test_add_func("/openapi/refs_resolve", test_refs_resolve);
	g_test_add_func("/openapi/checker_detects_drift", test_checker_detects_drift);
	return g_test_run();
}
