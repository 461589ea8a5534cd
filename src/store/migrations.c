/* The schema of campus, one logical schema written once (SCHEMA_V1) and
 * instantiated per dialect: only the identity column type and the
 * append-only triggers differ. Timestamps are BIGINT unix seconds (UTC);
 * booleans are INTEGER 0/1; money, when it comes, is BIGINT minor units. */
#include "store/migrations.h"

#include "base/banned.h"

const char migrations_bootstrap[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
				    " version INTEGER PRIMARY KEY,"
				    " applied_at BIGINT NOT NULL)";

/* ID is the dialect's auto-incrementing 64-bit primary key. */
#define SCHEMA_V1(ID)                                                                                        \
	"CREATE TABLE users ("                                                                               \
	" id " ID ","                                                                                        \
	" email TEXT NOT NULL UNIQUE," /* lower-cased by store_user_* */                                     \
	" name TEXT NOT NULL DEFAULT '',"                                                                    \
	" password_hash TEXT NOT NULL DEFAULT '',"                                                           \
	" lang TEXT NOT NULL DEFAULT 'en',"                                                                  \
	" country TEXT NOT NULL DEFAULT '',"                                                                 \
	" birth_date TEXT NOT NULL DEFAULT '',"                                                              \
	" roles INTEGER NOT NULL DEFAULT 1,"                                                                 \
	" created_at BIGINT NOT NULL,"                                                                       \
	" verified_at BIGINT);\n"                                                                            \
                                                                                                             \
	"CREATE TABLE sessions ("                                                                            \
	" id " ID ","                                                                                        \
	" token_hash TEXT NOT NULL UNIQUE,"                                                                  \
	" user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"                                  \
	" created_at BIGINT NOT NULL,"                                                                       \
	" last_seen_at BIGINT NOT NULL,"                                                                     \
	" expires_at BIGINT NOT NULL,"                                                                       \
	" ip TEXT NOT NULL DEFAULT '',"                                                                      \
	" user_agent TEXT NOT NULL DEFAULT '');\n"                                                           \
	"CREATE INDEX sessions_user ON sessions (user_id);\n"                                                \
	"CREATE INDEX sessions_last_seen ON sessions (last_seen_at);\n"                                      \
	"CREATE INDEX sessions_expires ON sessions (expires_at);\n"                                          \
                                                                                                             \
	"CREATE TABLE user_tokens ("                                                                         \
	" id " ID ","                                                                                        \
	" user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"                                  \
	" purpose TEXT NOT NULL,"                                                                            \
	" token_hash TEXT NOT NULL UNIQUE,"                                                                  \
	" created_at BIGINT NOT NULL,"                                                                       \
	" expires_at BIGINT NOT NULL,"                                                                       \
	" used_at BIGINT);\n"                                                                                \
	"CREATE INDEX user_tokens_user ON user_tokens (user_id);\n"                                          \
                                                                                                             \
	"CREATE TABLE api_tokens ("                                                                          \
	" id " ID ","                                                                                        \
	" user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"                                  \
	" name TEXT NOT NULL,"                                                                               \
	" token_hash TEXT NOT NULL UNIQUE,"                                                                  \
	" created_at BIGINT NOT NULL,"                                                                       \
	" last_used_at BIGINT,"                                                                              \
	" revoked_at BIGINT);\n"                                                                             \
	"CREATE INDEX api_tokens_user ON api_tokens (user_id);\n"                                            \
                                                                                                             \
	"CREATE TABLE terms_versions ("                                                                      \
	" version INTEGER PRIMARY KEY,"                                                                      \
	" title TEXT NOT NULL,"                                                                              \
	" body_en TEXT NOT NULL,"                                                                            \
	" body_fr TEXT NOT NULL,"                                                                            \
	" published_at BIGINT NOT NULL);\n"                                                                  \
                                                                                                             \
	"CREATE TABLE terms_acceptances ("                                                                   \
	" id " ID ","                                                                                        \
	" user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"                                  \
	" kind TEXT NOT NULL," /* 'terms' or 'regulations' */                                                \
	" version INTEGER NOT NULL,"                                                                         \
	" accepted_at BIGINT NOT NULL,"                                                                      \
	" ip TEXT NOT NULL DEFAULT '',"                                                                      \
	" user_agent TEXT NOT NULL DEFAULT '');\n"                                                           \
	"CREATE INDEX terms_acceptances_user ON terms_acceptances (user_id);\n"                              \
                                                                                                             \
	"CREATE TABLE signin_attempts ("                                                                     \
	" id " ID ","                                                                                        \
	" email TEXT NOT NULL,"                                                                              \
	" ip TEXT NOT NULL,"                                                                                 \
	" at BIGINT NOT NULL,"                                                                               \
	" ok INTEGER NOT NULL);\n"                                                                           \
	"CREATE INDEX signin_attempts_pair ON signin_attempts (email, ip, at);\n"                            \
                                                                                                             \
	"CREATE TABLE outbox ("                                                                              \
	" id " ID ","                                                                                        \
	" topic TEXT NOT NULL,"                                                                              \
	" payload TEXT NOT NULL,"                                                                            \
	" created_at BIGINT NOT NULL,"                                                                       \
	" available_at BIGINT NOT NULL,"                                                                     \
	" attempts INTEGER NOT NULL DEFAULT 0,"                                                              \
	" done_at BIGINT,"                                                                                   \
	" last_error TEXT);\n"                                                                               \
	"CREATE INDEX outbox_due ON outbox (done_at, available_at);\n"                                       \
                                                                                                             \
	"CREATE TABLE jobs ("                                                                                \
	" id " ID ","                                                                                        \
	" kind TEXT NOT NULL,"                                                                               \
	" payload TEXT NOT NULL DEFAULT '',"                                                                 \
	" run_at BIGINT NOT NULL,"                                                                           \
	" unique_key TEXT UNIQUE,"                                                                           \
	" attempts INTEGER NOT NULL DEFAULT 0,"                                                              \
	" done_at BIGINT,"                                                                                   \
	" locked_until BIGINT NOT NULL DEFAULT 0,"                                                           \
	" last_error TEXT);\n"                                                                               \
	"CREATE INDEX jobs_due ON jobs (done_at, run_at);\n"                                                 \
                                                                                                             \
	"CREATE TABLE audit_log ("                                                                           \
	" id " ID ","                                                                                        \
	" at BIGINT NOT NULL,"                                                                               \
	" actor_id BIGINT NOT NULL DEFAULT 0,"                                                               \
	" actor TEXT NOT NULL,"                                                                              \
	" action TEXT NOT NULL,"                                                                             \
	" subject_type TEXT NOT NULL DEFAULT '',"                                                            \
	" subject_id BIGINT NOT NULL DEFAULT 0,"                                                             \
	" before_json TEXT NOT NULL DEFAULT '',"                                                             \
	" after_json TEXT NOT NULL DEFAULT '',"                                                              \
	" ip TEXT NOT NULL DEFAULT '');\n"                                                                   \
	"CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);\n"

/* DATA-1: the audit log is append-only, enforced by the database. */
#define AUDIT_TRIGGERS_SQLITE                                                                                \
	"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "                                     \
	"BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"                                      \
	"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "                                     \
	"BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"

#define AUDIT_TRIGGERS_PG                                                                                    \
	"CREATE FUNCTION audit_log_append_only() RETURNS trigger "                                           \
	"LANGUAGE plpgsql AS $$ BEGIN "                                                                      \
	"RAISE EXCEPTION 'audit_log is append-only'; END $$;\n"                                              \
	"CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "                           \
	"FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();\n"                                           \
	"CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "                                 \
	"FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();\n"

const struct migration migrations[] = {
	{1, "initial schema", SCHEMA_V1("INTEGER PRIMARY KEY") AUDIT_TRIGGERS_SQLITE,
	 SCHEMA_V1("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY") AUDIT_TRIGGERS_PG},
#include "store/migrations_courses.inc" /* version 2 */
#include "store/migrations_learn.inc" /* version 3 */
#include "store/migrations_media.inc" /* version 4 */
#include "store/migrations_peer.inc" /* version 5 */
#include "store/migrations_cert.inc" /* version 6 */
#include "store/migrations_billing.inc" /* version 7 */
#include "store/migrations_payments.inc" /* version 8 */
#include "store/migrations_finance.inc" /* version 9 */
};

const size_t migrations_count = sizeof(migrations) / sizeof(migrations[0]);
