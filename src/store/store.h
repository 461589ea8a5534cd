/* Domain storage: named operations over a struct db connection, written once
 * for both backends (the SQL text lives in store/sql.c). Every function
 * returns an enum status and writes a message into err on failure; results
 * are allocated from the caller's arena. Times are UTC unix seconds.
 * Functions do not open transactions: the use case brackets them with
 * db_begin/db_commit so that a change, its audit entry and its outbox rows
 * commit together. */
#ifndef CAMPUS_STORE_H
#define CAMPUS_STORE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "db/db.h"

/* Roles are a bit set; a user may hold several. */
enum role {
	ROLE_LEARNER = 1 << 0,
	ROLE_MENTOR = 1 << 1,
	ROLE_STAFF = 1 << 2, /* Student Success */
	ROLE_FINANCE = 1 << 3,
	ROLE_EXAM_BOARD = 1 << 4,
	ROLE_ADMIN = 1 << 5,
};

struct user {
	int64_t id;
	char *email; /* stored lower-cased; unique */
	char *name;
	char *password_hash; /* Argon2id encoded string; "" for none */
	char *lang; /* "en" or "fr" (ACC-4) */
	char *country; /* ISO 3166-1 alpha-2 */
	char *birth_date; /* YYYY-MM-DD */
	int roles; /* enum role bits */
	int64_t created_at;
	int64_t verified_at; /* 0 while the email is unverified */
};

enum status store_user_insert(struct db *db, struct user *u,
			      GString *err); /* sets u->id; ST_CONFLICT on a taken email */
enum status store_user_by_email(struct db *db, struct arena *a, const char *email, struct user **out,
				GString *err); /* ST_NOTFOUND */
enum status store_user_by_id(struct db *db, struct arena *a, int64_t id, struct user **out, GString *err);
enum status store_user_set_password(struct db *db, int64_t id, const char *hash, GString *err);
enum status store_user_set_profile(struct db *db, int64_t id, const char *name, const char *country,
				   const char *lang, GString *err);
enum status store_user_set_lang(struct db *db, int64_t id, const char *lang, GString *err);
enum status store_user_set_roles(struct db *db, int64_t id, int roles, GString *err);
enum status store_user_mark_verified(struct db *db, int64_t id, int64_t at, GString *err);
enum status store_user_count(struct db *db, int64_t *count, GString *err);

/* Server-side sessions; the cookie holds a random token, the table its hash. */
struct session {
	int64_t id;
	char *token_hash; /* hex SHA-256 of the cookie token */
	int64_t user_id;
	int64_t created_at, last_seen_at, expires_at; /* expires_at: absolute timeout */
	char *ip, *user_agent;
};
enum status store_session_insert(struct db *db, struct session *s, GString *err); /* sets s->id */
enum status store_session_by_hash(struct db *db, struct arena *a, const char *hash, struct session **out,
				  GString *err);
enum status store_session_touch(struct db *db, int64_t id, int64_t at, GString *err);
enum status store_session_delete(struct db *db, const char *hash, GString *err);
/* Deletes every session of the user but the one with keep_hash (may be NULL). */
enum status store_session_delete_user(struct db *db, int64_t user_id, const char *keep_hash, GString *err);
/* Deletes sessions idle since before idle_before or past their expiry at now. */
enum status store_session_purge(struct db *db, int64_t idle_before, int64_t now, int64_t *deleted,
				GString *err);

/* Single-use tokens sent by email (verification, password reset, later
 * guardian consent). Only the hash is stored. */
enum status store_token_insert(struct db *db, int64_t user_id, const char *purpose, const char *hash,
			       int64_t created_at, int64_t expires_at, GString *err);
/* Marks the token used and gives its user, atomically; ST_NOTFOUND when the
 * token is unknown, of another purpose, already used or expired at now. */
enum status store_token_consume(struct db *db, const char *purpose, const char *hash, int64_t now,
				int64_t *user_id, GString *err);

/* Personal API tokens for scripts ("Authorization: Bearer ..."). */
enum status store_api_token_insert(struct db *db, int64_t user_id, const char *name, const char *hash,
				   int64_t now, int64_t *id, GString *err);
/* The user of a live (not revoked) token; updates last_used_at. ST_NOTFOUND. */
enum status store_api_token_user(struct db *db, const char *hash, int64_t now, int64_t *user_id,
				 GString *err);

/* Terms of service versions (ACC-1): immutable once published. */
struct terms {
	int version;
	char *title;
	char *body_en, *body_fr;
	int64_t published_at;
};
enum status store_terms_publish(struct db *db, const char *title, const char *body_en, const char *body_fr,
				int64_t now, int *version, GString *err);
enum status store_terms_current(struct db *db, struct arena *a, struct terms **out,
				GString *err); /* ST_NOTFOUND when none */
enum status store_terms_get(struct db *db, struct arena *a, int version, struct terms **out, GString *err);
/* All versions, newest first; *out is an arena array of *n pointers. */
enum status store_terms_list(struct db *db, struct arena *a, struct terms ***out, int *n, GString *err);

/* ACC-1/ACC-2: one row per acceptance; kind is "terms" or "regulations". */
struct acceptance {
	int64_t id, user_id;
	char *kind;
	int version;
	int64_t accepted_at;
	char *ip, *user_agent;
};
enum status store_acceptance_insert(struct db *db, const struct acceptance *acc, GString *err);
enum status store_acceptance_list(struct db *db, struct arena *a, int64_t user_id, struct acceptance ***out,
				  int *n, GString *err);

/* Sign-in throttling per (email, ip) pair, so that nobody elsewhere can lock
 * an account out. */
enum status store_signin_attempt_add(struct db *db, const char *email, const char *ip, int64_t at, bool ok,
				     GString *err);
/* Deletes attempts older than before. */
enum status store_signin_purge(struct db *db, int64_t before, GString *err);
enum status store_signin_failures(struct db *db, const char *email, const char *ip, int64_t since,
				  int64_t *count, GString *err);

/* The outbox: what must happen outside the database (emails now; provider
 * calls and webhooks later), written in the same transaction as its cause. */
struct outbox_item {
	int64_t id;
	char *topic; /* "email" */
	char *payload; /* JSON text */
	int attempts; /* including the current one */
};
enum status store_outbox_add(struct db *db, const char *topic, const char *payload, int64_t now,
			     GString *err);
/* Leases up to limit items available at now for lease seconds (attempts is
 * incremented); on PostgreSQL with FOR UPDATE SKIP LOCKED so that several
 * processes never take the same item. */
enum status store_outbox_claim(struct db *db, struct arena *a, int64_t now, int lease, int limit,
			       struct outbox_item ***out, int *n, GString *err);
enum status store_outbox_done(struct db *db, int64_t id, int64_t now, GString *err);
enum status store_outbox_retry(struct db *db, int64_t id, int64_t retry_at, const char *error, GString *err);
/* Items not yet delivered (for health and tests). */
enum status store_outbox_pending(struct db *db, int64_t *count, GString *err);

/* Durable jobs run by the scheduler (ops/jobs.c). */
struct job {
	int64_t id;
	char *kind;
	char *payload; /* JSON text, may be "" */
	int64_t run_at;
	int attempts;
};
/* Adds a job; with a non-NULL unique_key a second add of the same key is a
 * no-op (ST_OK). */
enum status store_job_add(struct db *db, const char *kind, const char *payload, int64_t run_at,
			  const char *unique_key, GString *err);
/* Leases up to limit jobs due at now (run_at <= now, not done, lease
 * expired), oldest first, as store_outbox_claim does. */
enum status store_job_claim(struct db *db, struct arena *a, int64_t now, int lease, int limit,
			    struct job ***out, int *n, GString *err);
enum status store_job_done(struct db *db, int64_t id, int64_t now, GString *err);
enum status store_job_retry(struct db *db, int64_t id, int64_t retry_at, const char *error, GString *err);
/* The earliest run_at of an undone job, or 0 when none. */
enum status store_job_next(struct db *db, int64_t *run_at, GString *err);

/* DATA-1: the append-only audit log (UPDATE and DELETE are refused by the
 * database itself). */
struct audit_entry {
	int64_t id;
	int64_t at;
	int64_t actor_id; /* 0 for the system */
	char *actor; /* email or "system" */
	char *action; /* "user.signup", "subscription.cancel", ... */
	char *subject_type; /* "user", "subscription", ... */
	int64_t subject_id;
	char *before_json; /* "" when nothing existed */
	char *after_json;
	char *ip;
};
enum status store_audit_append(struct db *db, const struct audit_entry *e, GString *err);
/* Newest first, at most limit entries; subject_type NULL for all. */
enum status store_audit_list(struct db *db, struct arena *a, const char *subject_type, int64_t subject_id,
			     int limit, struct audit_entry ***out, int *n, GString *err);

/* Staff grants of Premium access (ops/premium.c decides; billing adds
 * subscriptions beside them). grant_id 0: no grant active at now. */
enum status store_premium_grant_active(struct db *db, int64_t user_id, int64_t now, int64_t *grant_id,
				       int64_t *ends_at, GString *err);
/* ends_at 0: until revoked; granted_by 0: the system. */
enum status store_premium_grant_insert(struct db *db, int64_t user_id, int64_t granted_by, const char *reason,
				       int64_t starts_at, int64_t ends_at, int64_t *id, GString *err);
/* Ends every grant of the user at at; revoked: how many (may be NULL). */
enum status store_premium_grant_revoke(struct db *db, int64_t user_id, int64_t at, int64_t *revoked,
				       GString *err);

#endif
