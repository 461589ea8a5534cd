/* The store of certificates (CERT-1, migration 6) and what issuing one
 * reads of a course (migration 2). Strings are owned by the arena. */
#ifndef CAMPUS_STORE_CERT_H
#define CAMPUS_STORE_CERT_H

#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "db/db.h"

enum {
	CERT_MAX_EXERCISES = 200, /* the most exercises a course may have for CERT-1 */
	CERT_MAX_LIST = 200, /* the most certificates listed at once */
};

struct cert_course {
	int64_t id;
	char *slug, *title, *lang;
	int pass_mark; /* percent, 0 when the course sets none */
	char *opens_on; /* "" when open */
};

struct cert_exercise {
	int64_t id;
	char *slug, *kind, *title; /* kind: quiz | homework */
	int weight, pass_mark;
};

struct certificate {
	int64_t id, user_id, course_id;
	char *code, *course_slug, *course_title, *holder_name, *lang;
	int score_bp, pass_mark;
	int64_t issued_at, revoked_at; /* revoked_at 0: valid */
};

/* ST_NOTFOUND when no course has that slug. */
enum status store_cert_course(struct db *db, struct arena *a, const char *slug, struct cert_course *out,
			      GString *err);
/* The course's exercises in outline order; ST_INVALID when it has more
 * than CERT_MAX_EXERCISES. */
enum status store_cert_exercises(struct db *db, struct arena *a, int64_t course_id,
				 struct cert_exercise **out, size_t *n, GString *err);
/* Inserts c (id ignored) and sets c->id; ST_CONFLICT when the user already
 * has a certificate for the course or the code is taken. */
enum status store_cert_insert(struct db *db, struct certificate *c, GString *err);
/* ST_NOTFOUND when there is none. */
enum status store_cert_by_user_course(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
				      struct certificate *out, GString *err);
enum status store_cert_by_code(struct db *db, struct arena *a, const char *code, struct certificate *out,
			       GString *err);
/* The user's certificates, newest first, at most CERT_MAX_LIST. */
enum status store_cert_by_user(struct db *db, struct arena *a, int64_t user_id, struct certificate **out,
			       size_t *n, GString *err);

/* Marks certificate id revoked at `at`; ST_CONFLICT when it already is. */
enum status store_cert_revoke(struct db *db, int64_t id, int64_t at, GString *err);

#endif
