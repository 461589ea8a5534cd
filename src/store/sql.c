/* The SQL text of every statement, written once with $1..$N placeholders
 * (the SQLite driver rewrites them to ?N), with a per-backend variant only
 * where the dialects differ. Values are always bound, never formatted in. */
#include "store/sql.h"

#include <assert.h>
#include <string.h>

#include "base/banned.h"

struct sql_def {
	const char *name;
	const char *common; /* both backends unless a variant is given */
	const char *sqlite;
	const char *pg;
};

#define USER_COLS                                                                                            \
	"id, email, name, password_hash, lang, country, birth_date, "                                        \
	"roles, created_at, verified_at"
#define SESSION_COLS                                                                                         \
	"id, token_hash, user_id, created_at, last_seen_at, "                                                \
	"expires_at, ip, user_agent"
#define TERMS_COLS "version, title, body_en, body_fr, published_at"
#define AUDIT_COLS                                                                                           \
	"id, at, actor_id, actor, action, subject_type, subject_id, "                                        \
	"before_json, after_json, ip"

static const struct sql_def sql_defs[SQL_COUNT_] = {
	[SQL_PING] = {"ping", "SELECT 1", NULL, NULL},

	[SQL_SCHEMA_EXISTS] = {"schema_exists", NULL,
			       "SELECT COUNT(*) FROM sqlite_master "
			       "WHERE type = 'table' AND name = 'schema_migrations'",
			       "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL "
			       "THEN 0 ELSE 1 END"},
	[SQL_SCHEMA_VERSION] = {"schema_version", "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
				NULL, NULL},
	[SQL_SCHEMA_RECORD] = {"schema_record",
			       "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", NULL,
			       NULL},
	/* Serialises concurrent migrators until their transaction ends; on
	 * SQLite, BEGIN IMMEDIATE already did. */
	[SQL_MIGRATE_LOCK] = {"migrate_lock", NULL, "SELECT 1", "SELECT pg_advisory_xact_lock(7106204561)"},

	[SQL_USER_INSERT] = {"user_insert",
			     "INSERT INTO users (email, name, password_hash, lang, country, "
			     "birth_date, roles, created_at, verified_at) "
			     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
			     NULL, NULL},
	[SQL_USER_BY_EMAIL] = {"user_by_email", "SELECT " USER_COLS " FROM users WHERE email = $1", NULL,
			       NULL},
	[SQL_USER_BY_ID] = {"user_by_id", "SELECT " USER_COLS " FROM users WHERE id = $1", NULL, NULL},
	[SQL_USER_SET_PASSWORD] = {"user_set_password", "UPDATE users SET password_hash = $2 WHERE id = $1",
				   NULL, NULL},
	[SQL_USER_SET_PROFILE] = {"user_set_profile",
				  "UPDATE users SET name = $2, country = $3, lang = $4 WHERE id = $1", NULL,
				  NULL},
	[SQL_USER_SET_LANG] = {"user_set_lang", "UPDATE users SET lang = $2 WHERE id = $1", NULL, NULL},
	[SQL_USER_SET_ROLES] = {"user_set_roles", "UPDATE users SET roles = $2 WHERE id = $1", NULL, NULL},
	[SQL_USER_MARK_VERIFIED] = {"user_mark_verified", "UPDATE users SET verified_at = $2 WHERE id = $1",
				    NULL, NULL},
	[SQL_USER_COUNT] = {"user_count", "SELECT COUNT(*) FROM users", NULL, NULL},

	[SQL_SESSION_INSERT] = {"session_insert",
				"INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, "
				"expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7) "
				"RETURNING id",
				NULL, NULL},
	[SQL_SESSION_BY_HASH] = {"session_by_hash",
				 "SELECT " SESSION_COLS " FROM sessions WHERE token_hash = $1", NULL, NULL},
	[SQL_SESSION_TOUCH] = {"session_touch", "UPDATE sessions SET last_seen_at = $2 WHERE id = $1", NULL,
			       NULL},
	[SQL_SESSION_DELETE] = {"session_delete", "DELETE FROM sessions WHERE token_hash = $1", NULL, NULL},
	[SQL_SESSION_DELETE_USER] = {"session_delete_user", "DELETE FROM sessions WHERE user_id = $1", NULL,
				     NULL},
	[SQL_SESSION_DELETE_USER_EXCEPT] = {"session_delete_user_except",
					    "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2",
					    NULL, NULL},
	[SQL_SESSION_PURGE] = {"session_purge",
			       "DELETE FROM sessions WHERE last_seen_at < $1 OR expires_at <= $2", NULL,
			       NULL},

	[SQL_TOKEN_INSERT] = {"token_insert",
			      "INSERT INTO user_tokens (user_id, purpose, token_hash, created_at, "
			      "expires_at) VALUES ($1, $2, $3, $4, $5)",
			      NULL, NULL},
	/* One statement, so that two concurrent consumers cannot both win. */
	[SQL_TOKEN_CONSUME] = {"token_consume",
			       "UPDATE user_tokens SET used_at = $3 "
			       "WHERE token_hash = $2 AND purpose = $1 AND used_at IS NULL "
			       "AND expires_at > $3 RETURNING user_id",
			       NULL, NULL},
	[SQL_API_TOKEN_INSERT] = {"api_token_insert",
				  "INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
				  "VALUES ($1, $2, $3, $4) RETURNING id",
				  NULL, NULL},
	[SQL_API_TOKEN_USER] = {"api_token_user",
				"UPDATE api_tokens SET last_used_at = $2 "
				"WHERE token_hash = $1 AND revoked_at IS NULL RETURNING user_id",
				NULL, NULL},

	/* Versions are numbered 1, 2, ...; two concurrent publications collide
	 * on the primary key (ST_CONFLICT) rather than share a number. */
	[SQL_TERMS_PUBLISH] = {"terms_publish",
			       "INSERT INTO terms_versions (version, title, body_en, body_fr, "
			       "published_at) VALUES ((SELECT COALESCE(MAX(version), 0) + 1 "
			       "FROM terms_versions), $1, $2, $3, $4) RETURNING version",
			       NULL, NULL},
	[SQL_TERMS_CURRENT] = {"terms_current",
			       "SELECT " TERMS_COLS " FROM terms_versions ORDER BY version DESC LIMIT 1",
			       NULL, NULL},
	[SQL_TERMS_GET] = {"terms_get", "SELECT " TERMS_COLS " FROM terms_versions WHERE version = $1", NULL,
			   NULL},
	[SQL_TERMS_LIST] = {"terms_list", "SELECT " TERMS_COLS " FROM terms_versions ORDER BY version DESC",
			    NULL, NULL},
	[SQL_ACCEPTANCE_INSERT] = {"acceptance_insert",
				   "INSERT INTO terms_acceptances (user_id, kind, version, accepted_at, "
				   "ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)",
				   NULL, NULL},
	[SQL_ACCEPTANCE_LIST] = {"acceptance_list",
				 "SELECT id, user_id, kind, version, accepted_at, ip, user_agent "
				 "FROM terms_acceptances WHERE user_id = $1 "
				 "ORDER BY accepted_at, id",
				 NULL, NULL},

	[SQL_SIGNIN_ADD] = {"signin_add",
			    "INSERT INTO signin_attempts (email, ip, at, ok) VALUES ($1, $2, $3, $4)", NULL,
			    NULL},
	[SQL_SIGNIN_FAILURES] = {"signin_failures",
				 "SELECT COUNT(*) FROM signin_attempts "
				 "WHERE email = $1 AND ip = $2 AND at >= $3 AND ok = 0",
				 NULL, NULL},
	[SQL_SIGNIN_PURGE] = {"signin_purge", "DELETE FROM signin_attempts WHERE at < $1", NULL, NULL},

	[SQL_OUTBOX_ADD] = {"outbox_add",
			    "INSERT INTO outbox (topic, payload, created_at, available_at) "
			    "VALUES ($1, $2, $3, $3)",
			    NULL, NULL},
	/* $1 now, $2 end of the lease, $3 limit. */
	[SQL_OUTBOX_CLAIM] = {"outbox_claim", NULL,
			      "UPDATE outbox SET available_at = $2, attempts = attempts + 1 "
			      "WHERE id IN (SELECT id FROM outbox WHERE done_at IS NULL "
			      "AND available_at <= $1 ORDER BY id LIMIT $3) "
			      "RETURNING id, topic, payload, attempts",
			      "UPDATE outbox SET available_at = $2, attempts = attempts + 1 "
			      "WHERE id IN (SELECT id FROM outbox WHERE done_at IS NULL "
			      "AND available_at <= $1 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) "
			      "RETURNING id, topic, payload, attempts"},
	[SQL_OUTBOX_DONE] = {"outbox_done", "UPDATE outbox SET done_at = $2, last_error = NULL WHERE id = $1",
			     NULL, NULL},
	[SQL_OUTBOX_RETRY] = {"outbox_retry",
			      "UPDATE outbox SET available_at = $2, last_error = $3 "
			      "WHERE id = $1 AND done_at IS NULL",
			      NULL, NULL},
	[SQL_OUTBOX_PENDING] = {"outbox_pending", "SELECT COUNT(*) FROM outbox WHERE done_at IS NULL", NULL,
				NULL},

	/* A NULL unique_key never conflicts (NULLs are distinct). */
	[SQL_JOB_ADD] = {"job_add",
			 "INSERT INTO jobs (kind, payload, run_at, unique_key) "
			 "VALUES ($1, $2, $3, $4) ON CONFLICT (unique_key) DO NOTHING",
			 NULL, NULL},
	/* $1 now, $2 end of the lease, $3 limit. */
	[SQL_JOB_CLAIM] = {"job_claim", NULL,
			   "UPDATE jobs SET locked_until = $2, attempts = attempts + 1 "
			   "WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL "
			   "AND run_at <= $1 AND locked_until <= $1 ORDER BY run_at, id LIMIT $3) "
			   "RETURNING id, kind, payload, run_at, attempts",
			   "UPDATE jobs SET locked_until = $2, attempts = attempts + 1 "
			   "WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL "
			   "AND run_at <= $1 AND locked_until <= $1 ORDER BY run_at, id LIMIT $3 "
			   "FOR UPDATE SKIP LOCKED) "
			   "RETURNING id, kind, payload, run_at, attempts"},
	[SQL_JOB_DONE] = {"job_done",
			  "UPDATE jobs SET done_at = $2, locked_until = 0, last_error = NULL "
			  "WHERE id = $1",
			  NULL, NULL},
	[SQL_JOB_RETRY] = {"job_retry",
			   "UPDATE jobs SET run_at = $2, locked_until = 0, last_error = $3 "
			   "WHERE id = $1 AND done_at IS NULL",
			   NULL, NULL},
	/* When the next job becomes claimable: its run_at, or the end of its
	 * lease if a crashed worker still holds it. */
	[SQL_JOB_NEXT] = {"job_next",
			  "SELECT COALESCE(MIN(CASE WHEN locked_until > run_at THEN locked_until "
			  "ELSE run_at END), 0) FROM jobs WHERE done_at IS NULL",
			  NULL, NULL},

	[SQL_AUDIT_APPEND] = {"audit_append",
			      "INSERT INTO audit_log (at, actor_id, actor, action, subject_type, "
			      "subject_id, before_json, after_json, ip) "
			      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
			      NULL, NULL},
	[SQL_AUDIT_LIST_ALL] = {"audit_list_all",
				"SELECT " AUDIT_COLS " FROM audit_log ORDER BY id DESC LIMIT $1", NULL, NULL},
	[SQL_AUDIT_LIST_TYPE] = {"audit_list_type",
				 "SELECT " AUDIT_COLS " FROM audit_log WHERE subject_type = $1 "
				 "ORDER BY id DESC LIMIT $2",
				 NULL, NULL},
	[SQL_AUDIT_LIST_SUBJECT] = {"audit_list_subject",
				    "SELECT " AUDIT_COLS " FROM audit_log WHERE subject_type = $1 "
				    "AND subject_id = $2 ORDER BY id DESC LIMIT $3",
				    NULL, NULL},

	[SQL_TEST_AUDIT_UPDATE] = {"test_audit_update",
				   "UPDATE audit_log SET action = 'tampered' WHERE id = $1", NULL, NULL},
	[SQL_TEST_AUDIT_DELETE] = {"test_audit_delete", "DELETE FROM audit_log WHERE id = $1", NULL, NULL},
#define SQL(id, name, common, sqlite, pg) [id] = {name, common, sqlite, pg},
#include "store/sql_courses.def"
#include "store/sql_learn.def"
#include "store/sql_media.def"
#include "store/sql_peer.def"
#include "store/sql_cert.def"
#include "store/sql_billing.def"
#include "store/sql_payments.def"
#include "store/sql_billfix.def"
#include "store/sql_finance.def"
#include "store/sql_webperf.def"
#undef SQL
};

const char *sql_text(enum sql_id id, const char *backend)
{
	assert(id >= 0 && id < SQL_COUNT_);
	const struct sql_def *d = &sql_defs[id];
	const char *variant = strcmp(backend, "postgresql") == 0 ? d->pg : d->sqlite;
	const char *s = variant ? variant : d->common;
	assert(s);
	return s;
}

const char *sql_name(enum sql_id id)
{
	if (id < 0 || id >= SQL_COUNT_ || !sql_defs[id].name)
		return "unknown";
	return sql_defs[id].name;
}
