/* The accounts JSON API: /api/v1/accounts, /email-verifications, /tokens,
 * /me, /me/password, /password-resets. */
#include <string.h>

#include "base/dates.h"

#include "web/pages.h"

#include "base/banned.h"

/* Answers a use case's failure: field errors as a 422 problem. */
static void fail(struct req *r, enum status st, GString *err, GArray *errs)
{
	if (errs && errs->len)
		respond_problem(r, st, err->str, errs);
	else
		respond_error(r, st, err->str);
}

/* Answers a use case that has nothing to say on success: 204 No Content,
 * else its failure as fail() does. Frees err and errs. */
static void no_content_or_fail(struct req *r, enum status st, GString *err, GArray *errs)
{
	if (st == ST_OK) {
		r->h->status = 204;
		r->h->resp_type = NULL;
	} else {
		fail(r, st, err, errs);
	}
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

void accounts_api_create(struct req *r)
{
	json_t *acc = r->json ? json_object_get(r->json, "accept_terms") : NULL;
	json_t *ver = r->json ? json_object_get(r->json, "terms_version") : NULL;
	GArray *errs = field_errors_new();
	struct signup_form f = {
		.name = json_field(r, "name", errs),
		.email = json_field(r, "email", errs),
		.password = json_field(r, "password", errs),
		.birth_date = json_field(r, "birth_date", errs),
		.country = json_field(r, "country", errs),
		.lang = json_field(r, "lang", errs),
		.accept_terms = json_is_true(acc),
		.terms_version = json_is_integer(ver) ? (int)json_integer_value(ver) : 0,
	};
	GString *err = g_string_new(NULL);
	struct user *u = NULL;
	enum status st = accounts_signup(req_ctx(r), &f, r->app->cfg->base_url, &u, errs, err);
	if (st == ST_OK)
		respond_json(r, 201, user_to_json(u));
	else
		fail(r, st, err, errs);
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

/* Answers 422 with the collected errors when there are any. */
static bool refuse_fields(struct req *r, GArray *errs)
{
	if (!errs->len)
		return false;
	respond_problem(r, ST_INVALID, "Some fields need attention.", errs);
	return true;
}

void email_verifications_api(struct req *r)
{
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	struct user *u = NULL;
	const char *token = json_field(r, "token", errs);
	if (!token && !errs->len)
		field_error_add(errs, "token", N_("Give the token of the confirmation email."));
	if (!refuse_fields(r, errs)) {
		enum status st = accounts_verify_email(req_ctx(r), token, &u, err);
		if (st == ST_OK)
			respond_json(r, 200, user_to_json(u));
		else
			fail(r, st, err, NULL);
	}
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

void tokens_api_create(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct user *u = r->user;
	char *token = NULL;
	enum status st = ST_OK;
	/* A signed-in caller may mint a token for itself; otherwise the
	 * email and password are checked, with the sign-in throttle. */
	if (!u)
		st = accounts_check_password(req_ctx(r), json_str(r, "email"), json_str(r, "password"), &u,
					     err);
	if (st == ST_OK)
		st = accounts_create_api_token(req_ctx(r), u, json_str(r, "name"), &token, err);
	if (st == ST_OK)
		respond_json(r, 201, json_pack("{s:s, s:o}", "token", token, "user", user_to_json(u)));
	else
		fail(r, st, err, NULL);
	g_string_free(err, TRUE);
}

/* GET /api/v1/me: the account and the terms it accepted (ACC-1: version,
 * time, address and user agent of each acceptance). */
void me_api_get(struct req *r)
{
	GString *err = g_string_new(NULL);
	struct acceptance **acc = NULL;
	int n = 0;
	enum status st = store_acceptance_list(req_db(r), r->a, r->user->id, &acc, &n, err);
	if (st == ST_OK) {
		json_t *j = user_to_json(r->user), *list = json_array();
		for (int i = 0; i < n; i++) {
			char at[32];
			dates_format_rfc3339(acc[i]->accepted_at, at, sizeof(at));
			json_array_append_new(list,
					      json_pack("{s:s, s:i, s:s, s:s, s:s}", "kind", acc[i]->kind,
							"version", acc[i]->version, "accepted_at", at, "ip",
							acc[i]->ip, "user_agent", acc[i]->user_agent));
		}
		json_object_set_new(j, "acceptances", list);
		respond_json(r, 200, j);
	} else {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
}

void me_api_patch(struct req *r)
{
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	const char *name = json_field(r, "name", errs), *country = json_field(r, "country", errs),
		   *lang = json_field(r, "lang", errs);
	enum status st =
		errs->len ? ST_INVALID
			  : accounts_update_profile(req_ctx(r), r->user, name, country, lang, errs, err);
	if (st == ST_INVALID && !err->len)
		g_string_assign(err, "some fields need attention");
	if (st == ST_OK) {
		struct user *u = NULL;
		st = store_user_by_id(req_db(r), r->a, r->user->id, &u, err);
		if (st == ST_OK) {
			respond_json(r, 200, user_to_json(u));
			goto cleanup;
		}
	}
	fail(r, st, err, errs);
cleanup:
	g_array_free(errs, TRUE);
	g_string_free(err, TRUE);
}

void me_password_api(struct req *r)
{
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	enum status st = accounts_change_password(req_ctx(r), r->user, json_str(r, "current_password"),
						  json_str(r, "new_password"), r->session_hash, errs, err);
	no_content_or_fail(r, st, err, errs);
}

void password_resets_api(struct req *r)
{
	GString *err = g_string_new(NULL);
	enum status st = accounts_request_reset(req_ctx(r), json_str(r, "email"), r->app->cfg->base_url, err);
	if (st == ST_OK)
		respond_json(
			r, 202,
			json_pack("{s:s}", "status",
				  "If an account exists with this address, a reset link was sent to it."));
	else
		fail(r, st, err, NULL);
	g_string_free(err, TRUE);
}

void password_resets_confirm_api(struct req *r)
{
	GArray *errs = field_errors_new();
	GString *err = g_string_new(NULL);
	enum status st =
		accounts_reset_password(req_ctx(r), json_str(r, "token"), json_str(r, "password"), errs, err);
	no_content_or_fail(r, st, err, errs);
}
