#include "accounts/accounts.h"
#include "store/store_webperf.h"

#include "billing/billing.h"

#include <jansson.h>
#include <string.h>

#include "accounts/emails.h"
#include "accounts/password.h"
#include "base/dates.h"
#include "base/i18n.h"
#include "base/secrets.h"
#include "ops/audit.h"
#include "ops/outbox.h"

#include "base/banned.h"

GArray *field_errors_new(void)
{
	return g_array_new(FALSE, TRUE, sizeof(struct field_error));
}

void field_error_add(GArray *errs, const char *field, const char *msgid)
{
	struct field_error fe = {field, msgid};
	g_array_append_val(errs, fe);
}

static void check(GArray *errs, const char *field, const char *msgid)
{
	if (msgid)
		field_error_add(errs, field, msgid);
}

/* A copy of s without surrounding blanks (NULL stays NULL). */
static char *trimmed(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *t = arena_strdup(a, s);
	return g_strstrip(t);
}

static char *lower(struct arena *a, const char *s)
{
	char *l = g_ascii_strdown(s ? s : "", -1);
	char *out = arena_strdup(a, g_strstrip(l));
	g_free(l);
	return out;
}

/* The audit "after" of a user: never the password hash. */
static char *user_audit_json(struct arena *a, const struct user *u)
{
	json_t *j = user_to_json(u);
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	char *out = arena_strdup(a, s);
	free(s);
	json_decref(j);
	return out;
}

static enum status finish(struct ctx *c, enum status st, GString *err)
{
	if (st == ST_OK)
		return db_commit(c->db, err);
	db_rollback(c->db);
	return st;
}

enum status accounts_signup(struct ctx *c, const struct signup_form *f, const char *base_url,
			    struct user **out, GArray *errs, GString *err)
{
	int ty, tm, td;
	GTimeZone *tz = g_time_zone_new_identifier(c->cfg->timezone);
	dates_local_ymd(tz, c->now, &ty, &tm, &td);
	g_time_zone_unref(tz);
	char *email = lower(c->a, f->email);
	char *name = trimmed(c->a, f->name);
	check(errs, "name", rule_check_name(name));
	check(errs, "email", rule_check_email(email));
	check(errs, "password", rule_check_password(f->password));
	check(errs, "birth_date", rule_check_birth_date(f->birth_date, ty, tm, td));
	check(errs, "country", rule_check_country(f->country));
	check(errs, "lang", rule_check_lang(f->lang));
	/* ACC-1: acceptance is explicit, never implied. */
	if (!f->accept_terms)
		field_error_add(errs, "accept_terms", N_("Please read and accept the terms of service."));
	struct terms *terms = NULL;
	enum status st = store_terms_current(c->db, c->a, &terms, err);
	if (st != ST_OK && st != ST_NOTFOUND)
		return st;
	if (!terms) {
		g_string_assign(err, "no terms of service are published yet");
		return ST_CONFLICT;
	}
	if (f->accept_terms && f->terms_version != terms->version)
		field_error_add(errs, "accept_terms",
				N_("The terms of service changed since you opened this page: please read and "
				   "accept the current version."));
	if (errs->len) {
		g_string_assign(err, "some fields need attention");
		return ST_INVALID;
	}
	char *hash = password_hash(c->a, f->password);
	if (!hash) {
		g_string_assign(err, "password hashing failed");
		return ST_IO;
	}
	struct user *u = arena_alloc(c->a, sizeof(*u));
	u->email = email;
	u->name = name;
	u->password_hash = hash;
	u->lang = arena_strdup(c->a, f->lang);
	u->country = arena_strdup(c->a, f->country);
	u->birth_date = arena_strdup(c->a, f->birth_date);
	u->roles = ROLE_LEARNER;
	u->created_at = c->now;
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = store_user_insert(c->db, u, err);
	if (st == ST_CONFLICT) {
		field_error_add(errs, "email",
				N_("An account already exists with this email address. Sign in instead, or "
				   "reset your password."));
		return finish(c, st, err);
	}
	struct acceptance acc = {.user_id = u->id,
				 .kind = "terms",
				 .version = terms->version,
				 .accepted_at = c->now,
				 .ip = (char *)(c->ip ? c->ip : ""),
				 .user_agent = (char *)(c->user_agent ? c->user_agent : "")};
	if (st == ST_OK)
		st = store_acceptance_insert(c->db, &acc, err); /* ACC-1 */
	char *token = secrets_token(c->a, NULL);
	if (st == ST_OK)
		st = store_token_insert(c->db, u->id, "verify", secrets_sha256_hex(c->a, token), c->now,
					c->now + VERIFY_TOKEN_HOURS * 3600, err);
	struct ctx self = *c;
	self.actor = u;
	if (st == ST_OK)
		st = audit_record(&self, "user.signup", "user", u->id, "", user_audit_json(c->a, u), err);
	if (st == ST_OK) {
		struct mail_message m;
		email_verify(c->a, u, arena_printf(c->a, "%s/verify?token=%s", base_url, token), &m);
		st = outbox_email(c, &m, err);
	}
	st = finish(c, st, err);
	if (st == ST_OK && out)
		*out = u;
	return st;
}

enum status accounts_verify_email(struct ctx *c, const char *token, struct user **out, GString *err)
{
	if (!token || !*token || strlen(token) > 128) {
		g_string_assign(err, "this confirmation link is not valid");
		return ST_NOTFOUND;
	}
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	int64_t uid = 0;
	struct user *u = NULL;
	st = store_token_consume(c->db, "verify", secrets_sha256_hex(c->a, token), c->now, &uid, err);
	if (st == ST_NOTFOUND)
		g_string_assign(
			err,
			"this confirmation link is not valid any more: it was used already or has expired");
	if (st == ST_OK)
		st = store_user_by_id(c->db, c->a, uid, &u, err);
	if (st == ST_OK && !u->verified_at) {
		st = store_user_mark_verified(c->db, uid, c->now, err);
		u->verified_at = c->now;
		struct ctx self = *c;
		self.actor = u;
		if (st == ST_OK)
			st = audit_record(&self, "user.verify_email", "user", uid, "", "{\"verified\":true}",
					  err);
	}
	st = finish(c, st, err);
	if (st == ST_OK && out)
		*out = u;
	return st;
}

enum status accounts_check_password(struct ctx *c, const char *email, const char *password, struct user **out,
				    GString *err)
{
	char *em = lower(c->a, email);
	const char *ip = c->ip ? c->ip : "";
	if (!password)
		password = "";
	if (strlen(em) > EMAIL_MAX_LEN || strlen(password) > PASSWORD_MAX_LEN) {
		g_string_assign(err, "wrong email or password");
		return ST_UNAUTHORIZED;
	}
	/* Throttled per (email, IP) pair: a stranger hammering an account from
	 * elsewhere cannot lock its owner out. */
	int64_t failures = 0;
	enum status st = store_signin_failures(c->db, em, ip, c->now - THROTTLE_WINDOW, &failures, err);
	if (st != ST_OK)
		return st;
	if (failures >= c->cfg->signin_attempts_per_15min) {
		g_string_assign(err,
				"too many failed sign-in attempts: wait 15 minutes, or reset your password");
		return ST_TOOMANY;
	}
	struct user *u = NULL;
	st = store_user_by_email(c->db, c->a, em, &u, err);
	if (st != ST_OK && st != ST_NOTFOUND)
		return st;
	bool ok;
	if (u) {
		ok = password_verify(u->password_hash, password);
	} else {
		password_burn(password);
		ok = false;
	}
	GString *e2 = g_string_new(NULL);
	store_signin_attempt_add(c->db, em, ip, c->now, ok, e2);
	g_string_free(e2, TRUE);
	if (!ok) {
		g_string_assign(err, "wrong email or password");
		return ST_UNAUTHORIZED;
	}
	if (password_needs_rehash(u->password_hash)) {
		char *h = password_hash(c->a, password);
		if (h && store_user_set_password(c->db, u->id, h, err) == ST_OK)
			u->password_hash = h;
	}
	*out = u;
	return ST_OK;
}

enum status accounts_signin(struct ctx *c, const char *email, const char *password, struct user **out,
			    char **token, GString *err)
{
	struct user *u = NULL;
	enum status st = accounts_check_password(c, email, password, &u, err);
	if (st != ST_OK)
		return st;
	/* A fresh token at every sign-in: a session fixed before sign-in is
	 * never promoted. */
	char *tok = secrets_token(c->a, NULL);
	struct session s = {
		.token_hash = secrets_sha256_hex(c->a, tok),
		.user_id = u->id,
		.created_at = c->now,
		.last_seen_at = c->now,
		.expires_at = c->now + (int64_t)c->cfg->session_absolute_days * 86400,
		.ip = (char *)(c->ip ? c->ip : ""),
		.user_agent = (char *)(c->user_agent ? c->user_agent : ""),
	};
	st = store_session_insert(c->db, &s, err);
	/* SOLO-6: the first sign-in after an order is a first use of Premium
	 * services (it ends the right of withdrawal). */
	if (st == ST_OK)
		st = billing_record_first_use(c, u->id, "signin", err);
	if (st != ST_OK)
		return st;
	*out = u;
	*token = tok;
	return ST_OK;
}

/* ---- sessions known at a commit stamp (perf) ----
 *
 * Every signed-in request looks its session and user up. While the
 * database's commit stamp (db_commit_stamp: SQLite, nothing committed by
 * any process since) stays the one at which they were read, the rows are
 * the same: they are taken from here, without a statement. A sign-out, a
 * touch, a role or password change commits, so the stamp moves and the
 * next request reads the rows again. The time checks (expiry, idle
 * timeout) are made at every request all the same. Bounded: emptied when
 * full. Holds password hashes like the database does, in this process only. */
enum { SESSION_CACHE_MAX = 4096 };

struct cached_session {
	char *stamp;
	struct session s;
	struct user u;
};

static GMutex session_cache_lock;
static GHashTable *session_cache; /* token hash -> struct cached_session * */

static void cached_session_free(gpointer p)
{
	struct cached_session *e = p;
	g_free(e->stamp);
	g_free(e->s.token_hash);
	g_free(e->s.ip);
	g_free(e->s.user_agent);
	g_free(e->u.email);
	g_free(e->u.name);
	g_free(e->u.password_hash);
	g_free(e->u.lang);
	g_free(e->u.country);
	g_free(e->u.birth_date);
	g_free(e);
}

static bool session_cache_get(struct ctx *c, const char *hash, const char *stamp, struct session **s,
			      struct user **u)
{
	bool hit = false;
	g_mutex_lock(&session_cache_lock);
	struct cached_session *e = session_cache ? g_hash_table_lookup(session_cache, hash) : NULL;
	if (e && !strcmp(e->stamp, stamp)) {
		struct session *cs = arena_alloc(c->a, sizeof(*cs));
		*cs = e->s;
		cs->token_hash = arena_strdup(c->a, e->s.token_hash);
		cs->ip = arena_strdup(c->a, e->s.ip);
		cs->user_agent = arena_strdup(c->a, e->s.user_agent);
		struct user *cu = arena_alloc(c->a, sizeof(*cu));
		*cu = e->u;
		cu->email = arena_strdup(c->a, e->u.email);
		cu->name = arena_strdup(c->a, e->u.name);
		cu->password_hash = arena_strdup(c->a, e->u.password_hash);
		cu->lang = arena_strdup(c->a, e->u.lang);
		cu->country = arena_strdup(c->a, e->u.country);
		cu->birth_date = arena_strdup(c->a, e->u.birth_date);
		*s = cs;
		*u = cu;
		hit = true;
	}
	g_mutex_unlock(&session_cache_lock);
	return hit;
}

static void session_cache_put(const char *hash, const char *stamp, const struct session *s,
			      const struct user *u)
{
	struct cached_session *e = g_new0(struct cached_session, 1);
	e->stamp = g_strdup(stamp);
	e->s = *s;
	e->s.token_hash = g_strdup(s->token_hash);
	e->s.ip = g_strdup(s->ip);
	e->s.user_agent = g_strdup(s->user_agent);
	e->u = *u;
	e->u.email = g_strdup(u->email);
	e->u.name = g_strdup(u->name);
	e->u.password_hash = g_strdup(u->password_hash);
	e->u.lang = g_strdup(u->lang);
	e->u.country = g_strdup(u->country);
	e->u.birth_date = g_strdup(u->birth_date);
	g_mutex_lock(&session_cache_lock);
	if (!session_cache)
		session_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, cached_session_free);
	if (g_hash_table_size(session_cache) >= SESSION_CACHE_MAX)
		g_hash_table_remove_all(session_cache);
	g_hash_table_replace(session_cache, g_strdup(hash), e);
	g_mutex_unlock(&session_cache_lock);
}

enum status accounts_session_user(struct ctx *c, const char *token, struct user **out, char **hash,
				  GString *err)
{
	if (!token || strlen(token) < 20 || strlen(token) > 128)
		return ST_NOTFOUND;
	char *h = secrets_sha256_hex(c->a, token);
	struct session *s = NULL;
	struct user *u = NULL;
	/* The session and its user: as read at this commit stamp, or in one
	 * statement (perf: every signed-in request starts here). The stamp is
	 * read first, outside any transaction (a request's start). */
	char buf[128];
	const char *stamp = db_commit_stamp(c->db, buf, sizeof(buf)) ? buf : NULL;
	if (!stamp || !session_cache_get(c, h, stamp, &s, &u)) {
		enum status st = store_session_user_by_hash(c->db, c->a, h, &s, &u, err);
		if (st != ST_OK)
			return st;
		if (stamp)
			session_cache_put(h, stamp, s, u);
	}
	int64_t idle = (int64_t)c->cfg->session_idle_minutes * 60;
	if (s->expires_at <= c->now || s->last_seen_at + idle <= c->now) {
		store_session_delete(c->db, h, err);
		return ST_NOTFOUND;
	}
	if (c->now - s->last_seen_at >= SESSION_TOUCH_EVERY)
		store_session_touch(c->db, s->id, c->now, err);
	*out = u;
	if (hash)
		*hash = h;
	return ST_OK;
}

enum status accounts_signout(struct ctx *c, const char *token, GString *err)
{
	if (!token)
		return ST_OK;
	return store_session_delete(c->db, secrets_sha256_hex(c->a, token), err);
}

enum status accounts_change_password(struct ctx *c, const struct user *u, const char *current,
				     const char *new_password, const char *keep_session_hash, GArray *errs,
				     GString *err)
{
	if (!password_verify(u->password_hash, current ? current : ""))
		field_error_add(errs, "current_password", N_("Your current password is not this one."));
	check(errs, "new_password", rule_check_password(new_password));
	if (errs->len) {
		g_string_assign(err, "some fields need attention");
		return ST_INVALID;
	}
	char *h = password_hash(c->a, new_password);
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	st = store_user_set_password(c->db, u->id, h, err);
	if (st == ST_OK)
		st = store_session_delete_user(c->db, u->id, keep_session_hash, err);
	if (st == ST_OK)
		st = audit_record(c, "user.change_password", "user", u->id, "", "", err);
	return finish(c, st, err);
}

enum status accounts_request_reset(struct ctx *c, const char *email, const char *base_url, GString *err)
{
	char *em = lower(c->a, email);
	if (rule_check_email(em))
		return ST_OK;
	struct user *u = NULL;
	enum status st = store_user_by_email(c->db, c->a, em, &u, err);
	if (st == ST_NOTFOUND)
		return ST_OK;
	if (st != ST_OK)
		return st;
	char *token = secrets_token(c->a, NULL);
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = store_token_insert(c->db, u->id, "reset", secrets_sha256_hex(c->a, token), c->now,
				c->now + RESET_TOKEN_MINUTES * 60, err);
	if (st == ST_OK) {
		struct mail_message m;
		email_reset(c->a, u, arena_printf(c->a, "%s/password/reset?token=%s", base_url, token), &m);
		st = outbox_email(c, &m, err);
	}
	return finish(c, st, err);
}

enum status accounts_reset_password(struct ctx *c, const char *token, const char *password, GArray *errs,
				    GString *err)
{
	check(errs, "password", rule_check_password(password));
	if (errs->len) {
		g_string_assign(err, "some fields need attention");
		return ST_INVALID;
	}
	if (!token || !*token || strlen(token) > 128) {
		g_string_assign(err, "this reset link is not valid");
		return ST_NOTFOUND;
	}
	char *h = password_hash(c->a, password);
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	int64_t uid = 0;
	st = store_token_consume(c->db, "reset", secrets_sha256_hex(c->a, token), c->now, &uid, err);
	if (st == ST_NOTFOUND)
		g_string_assign(err,
				"this reset link is not valid any more: it was used already or has expired");
	if (st == ST_OK)
		st = store_user_set_password(c->db, uid, h, err);
	if (st == ST_OK)
		st = store_session_delete_user(c->db, uid, NULL, err);
	/* The link came from the mailbox: the address is proven too. */
	if (st == ST_OK)
		st = store_user_mark_verified(c->db, uid, c->now, err);
	if (st == ST_OK)
		st = audit_record(c, "user.reset_password", "user", uid, "", "", err);
	return finish(c, st, err);
}

enum status accounts_update_profile(struct ctx *c, const struct user *u, const char *name,
				    const char *country, const char *lang, GArray *errs, GString *err)
{
	name = trimmed(c->a, name);
	if (name)
		check(errs, "name", rule_check_name(name));
	if (country)
		check(errs, "country", rule_check_country(country));
	if (lang)
		check(errs, "lang", rule_check_lang(lang));
	if (errs->len) {
		g_string_assign(err, "some fields need attention");
		return ST_INVALID;
	}
	struct user after = *u;
	if (name)
		after.name = (char *)name;
	if (country)
		after.country = (char *)country;
	if (lang)
		after.lang = (char *)lang;
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	st = store_user_set_profile(c->db, u->id, after.name, after.country, after.lang, err);
	if (st == ST_OK)
		st = audit_record(c, "user.update_profile", "user", u->id, user_audit_json(c->a, u),
				  user_audit_json(c->a, &after), err);
	return finish(c, st, err);
}

enum status accounts_create_api_token(struct ctx *c, const struct user *u, const char *name, char **token,
				      GString *err)
{
	if (!name || !*name)
		name = "api";
	if (strlen(name) > 100) {
		g_string_assign(err, "the token name is too long (100 characters at most)");
		return ST_INVALID;
	}
	char *tok = secrets_token(c->a, "cpt_");
	int64_t id = 0;
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	st = store_api_token_insert(c->db, u->id, name, secrets_sha256_hex(c->a, tok), c->now, &id, err);
	struct ctx self = *c;
	if (!self.actor)
		self.actor = u;
	if (st == ST_OK)
		st = audit_record(&self, "api_token.create", "api_token", id, "", "", err);
	st = finish(c, st, err);
	if (st == ST_OK)
		*token = tok;
	return st;
}

enum status accounts_token_user(struct ctx *c, const char *token, struct user **out, GString *err)
{
	if (!token || !g_str_has_prefix(token, "cpt_") || strlen(token) > 128)
		return ST_NOTFOUND;
	int64_t uid = 0;
	enum status st = store_api_token_user(c->db, secrets_sha256_hex(c->a, token), c->now, &uid, err);
	if (st != ST_OK)
		return st;
	return store_user_by_id(c->db, c->a, uid, out, err);
}

enum status accounts_add_user(struct ctx *c, const char *email, const char *name, const char *password,
			      int roles, const char *lang, struct user **out, GString *err)
{
	char *em = lower(c->a, email);
	const char *why = rule_check_email(em);
	if (!why)
		why = rule_check_name(name);
	if (!why)
		why = rule_check_password(password);
	if (!why)
		why = rule_check_lang(lang);
	if (why) {
		g_string_assign(err, i18n_get("en", why));
		return ST_INVALID;
	}
	struct user *u = arena_alloc(c->a, sizeof(*u));
	u->email = em;
	u->name = arena_strdup(c->a, name);
	u->password_hash = password_hash(c->a, password);
	u->lang = arena_strdup(c->a, lang);
	u->country = "FR";
	u->birth_date = "1990-01-01";
	u->roles = roles;
	u->created_at = c->now;
	u->verified_at = c->now;
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	st = store_user_insert(c->db, u, err);
	if (st == ST_CONFLICT)
		g_string_printf(err, "an account already exists with the email %s", em);
	if (st == ST_OK)
		st = store_user_mark_verified(c->db, u->id, c->now, err);
	if (st == ST_OK)
		st = audit_record(c, "user.add", "user", u->id, "", user_audit_json(c->a, u), err);
	st = finish(c, st, err);
	if (st == ST_OK && out)
		*out = u;
	return st;
}

static const char *const role_names[] = {"learner", "mentor", "staff", "finance", "exam_board", "admin"};

int roles_parse(const char *names)
{
	int roles = 0;
	gchar **parts = g_strsplit(names ? names : "", ",", -1);
	for (gchar **p = parts; *p; p++) {
		char *n = g_strstrip(*p);
		bool found = false;
		for (size_t i = 0; i < G_N_ELEMENTS(role_names); i++) {
			if (!strcmp(n, role_names[i])) {
				roles |= 1 << i;
				found = true;
			}
		}
		if (!found) {
			roles = -1;
			break;
		}
	}
	g_strfreev(parts);
	return roles == 0 ? -1 : roles;
}

const char *roles_format(struct arena *a, int roles)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(role_names); i++)
		if (roles & (1 << i))
			g_string_append_printf(s, "%s%s", s->len ? "," : "", role_names[i]);
	char *out = arena_strndup(a, s->str, s->len);
	g_string_free(s, TRUE);
	return out;
}

json_t *user_to_json(const struct user *u)
{
	json_t *roles = json_array();
	for (size_t i = 0; i < G_N_ELEMENTS(role_names); i++)
		if (u->roles & (1 << i))
			json_array_append_new(roles, json_string(role_names[i]));
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "id", (json_int_t)u->id, "email",
			 u->email, "name", u->name, "lang", u->lang, "country", u->country, "birth_date",
			 u->birth_date, "verified", u->verified_at != 0, "roles", roles);
}
