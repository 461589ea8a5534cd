/* The one status enum of campus: domain, store and use-case functions return
 * it; the human message travels in a caller-owned GString *err. HTTP maps it
 * to a status code in exactly one place (http/respond.c: http_status_of). */
#ifndef CAMPUS_STATUS_H
#define CAMPUS_STATUS_H

enum status {
	ST_OK = 0,
	ST_NOTFOUND, /* the thing asked for does not exist (404) */
	ST_INVALID, /* bad input; err says which field and why (422/400) */
	ST_UNAUTHORIZED, /* not signed in, or wrong credentials (401) */
	ST_FORBIDDEN, /* signed in but not allowed (403) */
	ST_CONFLICT, /* would violate uniqueness or a state rule (409) */
	ST_TOOMANY, /* throttled (429) */
	ST_IO, /* file system or network failure (500/502) */
	ST_DB, /* database failure (500) */
};

/* Short stable name of a status ("not-found"), used in problem types. */
const char *status_name(enum status st);

#endif
