/* Statement identifiers: callers name statements, never build SQL. The text
 * of each lives in store/sql.c (sql_text). */
#ifndef CAMPUS_SQL_H
#define CAMPUS_SQL_H

enum sql_id {
	SQL_PING,

	/* migrations (db/migrate.c) */
	SQL_SCHEMA_EXISTS,
	SQL_SCHEMA_VERSION,
	SQL_SCHEMA_RECORD,
	SQL_MIGRATE_LOCK,

	/* users.c */
	SQL_USER_INSERT,
	SQL_USER_BY_EMAIL,
	SQL_USER_BY_ID,
	SQL_USER_SET_PASSWORD,
	SQL_USER_SET_PROFILE,
	SQL_USER_SET_LANG,
	SQL_USER_SET_ROLES,
	SQL_USER_MARK_VERIFIED,
	SQL_USER_COUNT,

	/* sessions.c */
	SQL_SESSION_INSERT,
	SQL_SESSION_BY_HASH,
	SQL_SESSION_TOUCH,
	SQL_SESSION_DELETE,
	SQL_SESSION_DELETE_USER,
	SQL_SESSION_DELETE_USER_EXCEPT,
	SQL_SESSION_PURGE,

	/* tokens.c */
	SQL_TOKEN_INSERT,
	SQL_TOKEN_CONSUME,
	SQL_API_TOKEN_INSERT,
	SQL_API_TOKEN_USER,

	/* terms.c */
	SQL_TERMS_PUBLISH,
	SQL_TERMS_CURRENT,
	SQL_TERMS_GET,
	SQL_TERMS_LIST,
	SQL_ACCEPTANCE_INSERT,
	SQL_ACCEPTANCE_LIST,

	/* throttle.c */
	SQL_SIGNIN_ADD,
	SQL_SIGNIN_FAILURES,
	SQL_SIGNIN_PURGE,

	/* outbox.c */
	SQL_OUTBOX_ADD,
	SQL_OUTBOX_CLAIM,
	SQL_OUTBOX_DONE,
	SQL_OUTBOX_RETRY,
	SQL_OUTBOX_PENDING,

	/* jobs.c */
	SQL_JOB_ADD,
	SQL_JOB_CLAIM,
	SQL_JOB_DONE,
	SQL_JOB_RETRY,
	SQL_JOB_NEXT,

	/* audit.c */
	SQL_AUDIT_APPEND,
	SQL_AUDIT_LIST_ALL,
	SQL_AUDIT_LIST_TYPE,
	SQL_AUDIT_LIST_SUBJECT,

	/* tests only: the database must refuse these (DATA-1) */
	SQL_TEST_AUDIT_UPDATE,
	SQL_TEST_AUDIT_DELETE,

/* Statements of the other capabilities, one file each (X-macro:
	 * SQL(ID, "name", common, sqlite, pg), as in store/sql.c). */
#define SQL(id, name, common, sqlite, pg) id,
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

	SQL_COUNT_
};

/* The SQL of id for a backend ("sqlite" or "postgresql"), with $1..$N
 * placeholders; never NULL for a valid id. */
const char *sql_text(enum sql_id id, const char *backend);
/* A stable short name for diagnostics ("user_insert"). */
const char *sql_name(enum sql_id id);

#endif
