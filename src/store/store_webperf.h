/* webperf: store functions of the request hot paths. */
#ifndef CAMPUS_STORE_WEBPERF_H
#define CAMPUS_STORE_WEBPERF_H

#include "store/store.h"

/* The session with this token hash and its user, in one statement (what
 * store_session_by_hash then store_user_by_id give); ST_NOTFOUND when there
 * is none. Both owned by a. */
enum status store_session_user_by_hash(struct db *db, struct arena *a, const char *hash,
				       struct session **session, struct user **user, GString *err);

#endif
