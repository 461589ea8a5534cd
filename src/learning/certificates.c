/* Certificates of achievement (CERT-1): standing, issue, lookups. */
#include "learning/certificates.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/html.h"
#include "ops/audit.h"
#include "ops/outbox.h"
#include "ops/premium.h"

#include "base/banned.h"

enum { CODE_LEN = 12 };
/* RFC 4648 base32: no 0/1/8/9, so that a code read aloud or from paper is
 * not mistaken (O/0, I/1). 12 characters are 60 random bits. */
static const char CODE_ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

bool certificates_code_valid(const char *s)
{
	return s && strlen(s) == CODE_LEN && strspn(s, CODE_ALPHABET) == CODE_LEN;
}

static char *new_code(struct arena *a)
{
	unsigned char raw[CODE_LEN];
	randombytes_buf(raw, sizeof raw);
	char *s = arena_alloc(a, CODE_LEN + 1);
	for (int i = 0; i < CODE_LEN; i++)
		s[i] = CODE_ALPHABET[raw[i] & 31];
	s[CODE_LEN] = '\0';
	sodium_memzero(raw, sizeof raw);
	return s;
}

char *certificates_url(struct ctx *c, const struct certificate *cert)
{
	return arena_printf(c->a, "%s/certificates/%s", c->cfg->base_url, cert->code);
}

/* Gathers the learner's results on every exercise. */
static enum status gather(struct ctx *c, const struct user *u, const struct cert_scores *scores,
			  struct cert_exercise *ex, size_t n, struct cert_line *lines, GString *err)
{
	for (size_t i = 0; i < n; i++) {
		struct cert_line *l = &lines[i];
		*l = (struct cert_line){.ex = &ex[i]};
		enum status st;
		if (!strcmp(ex[i].kind, "quiz")) {
			st = scores->quiz_best(c, u->id, ex[i].id, &l->pct, &l->passed, err);
			/* learn gives 0 % for "no attempt" as for a blank one:
			 * either way the learner has something left to do. */
			l->attempted = l->pct > 0 || l->passed;
		} else if (!strcmp(ex[i].kind, "homework")) {
			bool graded = false;
			st = scores->homework_grade(c, u->id, ex[i].id, &l->pct, &graded, err);
			l->attempted = graded;
			l->passed = graded && l->pct >= ex[i].pass_mark;
		} else {
			if (err)
				g_string_printf(err, "exercise %s: unknown kind %s", ex[i].slug, ex[i].kind);
			return ST_INVALID;
		}
		if (st != ST_OK)
			return st;
		if (l->pct < 0 || l->pct > 100) {
			if (err)
				g_string_printf(err, "exercise %s: score %d%% is out of range", ex[i].slug,
						l->pct);
			return ST_INVALID;
		}
	}
	return ST_OK;
}

static void issue_email(struct ctx *c, const struct user *u, const struct certificate *cert, const char *link,
			struct mail_message *m)
{
	const char *l = cert->lang;
	const char *hello = arena_printf(c->a, i18n_get(l, "Hello %s,"), u->name);
	const char *para =
		arena_printf(c->a,
			     i18n_get(l, "Congratulations: you earned the certificate of achievement of "
					 "the course \xe2\x80\x9c%s\xe2\x80\x9d. Its public page shows it "
					 "to anyone you give the link to, with its PDF and its Open Badge."),
			     cert->course_title);
	m->to = u->email;
	m->lang = l;
	m->subject = arena_printf(c->a, i18n_get(l, "Your certificate: %s"), cert->course_title);
	m->text = arena_printf(c->a, "%s\n\n%s\n\n%s\n\n-- \n%s\n", hello, para, link, c->cfg->platform_name);
	GString *h = g_string_new(NULL);
	html_lit(h, "<!doctype html><html><body "
		    "style=\"font-family:system-ui,sans-serif;color:#1f2933;max-width:560px;margin:auto;"
		    "padding:24px\">");
	html_put(h, "<p>%s</p><p>%s</p>", hello, para);
	html_put(h,
		 "<p><a href=\"%s\" style=\"display:inline-block;background:#1d4ed8;color:#fff;padding:12px "
		 "20px;border-radius:6px;text-decoration:none\">%s</a></p>",
		 link, i18n_get(l, "See my certificate"));
	html_lit(h, "</body></html>");
	m->html = arena_strndup(c->a, h->str, h->len);
	g_string_free(h, TRUE);
}

static const char *cert_audit_json(struct arena *a, const struct certificate *cert)
{
	json_t *j = json_pack("{ss sI ss sI si si ss}", "code", cert->code, "course_id",
			      (json_int_t)cert->course_id, "course", cert->course_slug, "user_id",
			      (json_int_t)cert->user_id, "score_bp", cert->score_bp, "pass_mark",
			      cert->pass_mark, "lang", cert->lang);
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	char *out = arena_strdup(a, s ? s : "");
	free(s);
	return out;
}

/* Issues in one transaction: the Premium right is checked again where it
 * is used (premium_use), an existing certificate wins (issued once), then
 * the insert, the audit record and the email. */
static enum status issue(struct ctx *c, const struct user *u, struct cert_claim *out, GString *err)
{
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	struct premium prem;
	st = premium_use(c, u->id, "certificate", &prem, err);
	if (st == ST_OK && !prem.active) {
		/* The right ended between the look and the issue. */
		out->subscriber = false;
		out->outcome.decision = CERT_PREVIEW;
		db_rollback(c->db);
		return ST_OK;
	}
	if (st == ST_OK) {
		st = store_cert_by_user_course(c->db, c->a, u->id, out->course.id, &out->cert, err);
		if (st == ST_OK) {
			out->issued = true;
			return db_commit(c->db, err);
		}
		if (st == ST_NOTFOUND) {
			g_string_truncate(err, 0);
			st = ST_OK;
		}
	}
	struct certificate *cert = &out->cert;
	if (st == ST_OK) {
		*cert = (struct certificate){
			.code = new_code(c->a),
			.user_id = u->id,
			.course_id = out->course.id,
			.course_slug = out->course.slug,
			.course_title = out->course.title,
			.holder_name = u->name,
			.lang = !strcmp(u->lang, "fr") ? "fr" : "en",
			.score_bp = out->outcome.overall_bp,
			.pass_mark = out->outcome.pass_mark,
			.issued_at = c->now,
		};
		st = store_cert_insert(c->db, cert, err);
	}
	if (st == ST_OK)
		st = audit_record(c, "certificate.issue", "certificate", cert->id, "",
				  cert_audit_json(c->a, cert), err);
	if (st == ST_OK) {
		struct mail_message m;
		issue_email(c, u, cert, certificates_url(c, cert), &m);
		st = outbox_email(c, &m, err);
	}
	if (st == ST_OK)
		st = db_commit(c->db, err);
	if (st != ST_OK) {
		db_rollback(c->db);
		/* A concurrent claim of the same learner issued it first. */
		if (st == ST_CONFLICT && store_cert_by_user_course(c->db, c->a, u->id, out->course.id,
								   &out->cert, NULL) == ST_OK) {
			g_string_truncate(err, 0);
			out->issued = true;
			return ST_OK;
		}
		return st;
	}
	out->issued = out->issued_now = true;
	return ST_OK;
}

enum status certificates_claim(struct ctx *c, const struct user *u, const char *slug,
			       const struct cert_scores *scores, struct cert_claim *out, GString *err)
{
	*out = (struct cert_claim){0};
	if (!u) {
		if (err)
			g_string_assign(err, "sign in to see your certificate");
		return ST_UNAUTHORIZED;
	}
	enum status st = store_cert_course(c->db, c->a, slug ? slug : "", &out->course, err);
	if (st != ST_OK)
		return st;
	/* Issued once: an existing certificate stands as issued, whatever the
	 * results or the subscription are now. */
	st = store_cert_by_user_course(c->db, c->a, u->id, out->course.id, &out->cert, err);
	if (st == ST_OK) {
		out->issued = true;
		return ST_OK;
	}
	if (st != ST_NOTFOUND)
		return st;
	g_string_truncate(err, 0);

	struct cert_exercise *ex = NULL;
	size_t n = 0;
	if ((st = store_cert_exercises(c->db, c->a, out->course.id, &ex, &n, err)) != ST_OK)
		return st;
	out->lines = arena_alloc(c->a, sizeof *out->lines * (n ? n : 1));
	out->n_lines = n;
	if ((st = gather(c, u, scores, ex, n, out->lines, err)) != ST_OK)
		return st;
	struct premium prem;
	if ((st = premium_get(c, u->id, &prem, err)) != ST_OK)
		return st;
	out->subscriber = prem.active;

	struct exercise_result *res = arena_alloc(c->a, sizeof *res * (n ? n : 1));
	for (size_t i = 0; i < n; i++)
		res[i] = (struct exercise_result){.passed = out->lines[i].passed,
						  .score_bp = out->lines[i].pct * 100,
						  .weight = ex[i].weight};
	struct cert_input in = {
		.subscriber = prem.active,
		.course_pass_mark = out->course.pass_mark,
		.default_pass_mark = c->cfg->certificate_pass_mark,
		.exercises = res,
		.n_exercises = n,
	};
	if ((st = cert_decide(&in, &out->outcome, err)) != ST_OK)
		return st;
	if (out->outcome.decision != CERT_ISSUE)
		return ST_OK;
	return issue(c, u, out, err);
}

enum status certificates_mine(struct ctx *c, const struct user *u, struct certificate **out, size_t *n,
			      GString *err)
{
	if (!u) {
		if (err)
			g_string_assign(err, "sign in to see your certificates");
		return ST_UNAUTHORIZED;
	}
	return store_cert_by_user(c->db, c->a, u->id, out, n, err);
}

enum status certificates_get(struct ctx *c, const char *code, struct certificate *out, GString *err)
{
	if (!certificates_code_valid(code)) {
		if (err)
			g_string_assign(err, "no certificate has this code");
		return ST_NOTFOUND;
	}
	enum status st = store_cert_by_code(c->db, c->a, code, out, err);
	if (st == ST_NOTFOUND && err)
		g_string_assign(err, "no certificate has this code");
	return st;
}

static void revoke_email(struct ctx *c, const struct user *u, const struct certificate *cert,
			 const char *reason, const char *link, struct mail_message *m)
{
	const char *l = cert->lang;
	const char *hello = arena_printf(c->a, i18n_get(l, "Hello %s,"), u->name);
	const char *para =
		arena_printf(c->a,
			     i18n_get(l, "Your certificate of achievement of the course "
					 "\xe2\x80\x9c%s\xe2\x80\x9d has been revoked. Reason: %s"),
			     cert->course_title, reason);
	m->to = u->email;
	m->lang = l;
	m->subject = arena_printf(c->a, i18n_get(l, "Certificate revoked: %s"), cert->course_title);
	m->text = arena_printf(c->a, "%s\n\n%s\n\n%s\n\n-- \n%s\n", hello, para, link, c->cfg->platform_name);
	GString *h = g_string_new(NULL);
	html_put(h, "<!doctype html><html><body><p>%s</p><p>%s</p><p><a href=\"%s\">%s</a></p></body></html>",
		 hello, para, link, link);
	m->html = arena_strndup(c->a, h->str, h->len);
	g_string_free(h, TRUE);
}

enum status certificates_revoke(struct ctx *c, const char *code, const char *reason, GString *err)
{
	if (c->actor && !(c->actor->roles & (ROLE_STAFF | ROLE_ADMIN))) {
		if (err)
			g_string_assign(err, "only staff may revoke a certificate");
		return ST_FORBIDDEN;
	}
	if (!reason || !*reason || strlen(reason) > 500 || !g_utf8_validate(reason, -1, NULL)) {
		if (err)
			g_string_assign(err,
					"reason: say why the certificate is revoked (at most 500 bytes)");
		return ST_INVALID;
	}
	struct certificate cert;
	enum status st = certificates_get(c, code, &cert, err);
	if (st != ST_OK)
		return st;
	struct user *holder = NULL;
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = store_cert_revoke(c->db, cert.id, c->now, err);
	if (st == ST_OK)
		st = store_user_by_id(c->db, c->a, cert.user_id, &holder, err);
	if (st == ST_OK) {
		json_t *j = json_pack("{ss sI ss}", "code", cert.code, "revoked_at", (json_int_t)c->now,
				      "reason", reason);
		char *after = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		st = audit_record(c, "certificate.revoke", "certificate", cert.id,
				  cert_audit_json(c->a, &cert), after ? after : "", err);
		free(after);
	}
	if (st == ST_OK) {
		struct mail_message m;
		revoke_email(c, holder, &cert, reason, certificates_url(c, &cert), &m);
		st = outbox_email(c, &m, err);
	}
	if (st == ST_OK)
		return db_commit(c->db, err);
	db_rollback(c->db);
	return st;
}
