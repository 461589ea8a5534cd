/* libpq, loaded at the first PostgreSQL connection (base/lazy_lib.h): an
 * installation on SQLite never maps it, nor OpenSSL, Kerberos and LDAP
 * with it. Use: `const struct pq_api *pq = pq_api(err); pq->PQexec(...)`. */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

/* Every libpq function campus calls. */
#define PQ_API(X)                                                                                            \
	X(PQconnectdb)                                                                                       \
	X(PQstatus)                                                                                          \
	X(PQerrorMessage)                                                                                    \
	X(PQsetNoticeProcessor)                                                                              \
	X(PQreset)                                                                                           \
	X(PQfinish)                                                                                          \
	X(PQtransactionStatus)                                                                               \
	X(PQexec)                                                                                            \
	X(PQprepare)                                                                                         \
	X(PQexecPrepared)                                                                                    \
	X(PQresultStatus)                                                                                    \
	X(PQresultErrorMessage)                                                                              \
	X(PQresultErrorField)                                                                                \
	X(PQntuples)                                                                                         \
	X(PQnfields)                                                                                         \
	X(PQgetisnull)                                                                                       \
	X(PQgetvalue)                                                                                        \
	X(PQgetlength)                                                                                       \
	X(PQftype)                                                                                           \
	X(PQunescapeBytea)                                                                                   \
	X(PQfreemem)                                                                                         \
	X(PQcmdTuples)                                                                                       \
	X(PQcmdStatus)                                                                                       \
	X(PQclear)

struct pq_api {
#define PQ_API_FIELD(f) __typeof__(f) *f;
	PQ_API(PQ_API_FIELD)
#undef PQ_API_FIELD
};

/* The table, loaded at the first call; NULL with err set (when not NULL)
 * if libpq cannot be loaded. Thread-safe; the table lives as long as the
 * process. */
const struct pq_api *pq_api(GString *err);
