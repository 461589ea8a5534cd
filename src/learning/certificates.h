/* Certificates of achievement (CERT-1): the use cases behind
 * /courses/{slug}/certificate, /certificates/{code} and their API.
 *
 * Issuing gathers the course's exercises (weights, pass marks) and the
 * learner's results (quizzes from learn, homework from peer, through struct
 * cert_scores), lets cert_decide rule, and for a Premium learner who
 * qualifies issues the certificate once per (user, course): a random code,
 * the name, course title, score and language copied at issue, audited
 * (DATA-1) and emailed (outbox) in one transaction. A learner without
 * Premium who qualifies gets the same answer without a certificate
 * (CERT_PREVIEW); one who does not qualify gets what is missing.
 *
 * Everything returned is owned by c->a. */
#ifndef CAMPUS_LEARNING_CERTIFICATES_H
#define CAMPUS_LEARNING_CERTIFICATES_H

#include <glib.h>
#include <stdbool.h>

#include "learning/badge.h"
#include "learning/certificate.h"
#include "ops/ctx.h"
#include "store/store_cert.h"

/* Where the learner's results come from: learn keeps each quiz's best score,
 * peer each homework's grade (both percent 0..100). A port so that the use
 * case is tested with fixed results; the server uses cert_scores_live. */
struct cert_scores {
	/* *pct the best score, *passed whether the quiz's own bar is met;
	 * 0 and false when never attempted. */
	enum status (*quiz_best)(struct ctx *c, int64_t user_id, int64_t exercise_id, int *pct, bool *passed,
				 GString *err);
	/* *pct the grade, *graded whether there is one yet (0 and false when
	 * not). */
	enum status (*homework_grade)(struct ctx *c, int64_t user_id, int64_t exercise_id, int *pct,
				      bool *graded, GString *err);
};
/* learn_quiz_best and peer_homework_grade (learning/certificates_scores.c). */
extern const struct cert_scores cert_scores_live;

/* One exercise as the learner stands with it. */
struct cert_line {
	const struct cert_exercise *ex;
	int pct; /* best score or grade, percent */
	bool attempted; /* a quiz attempted, a homework graded */
	bool passed; /* its own bar met */
};

struct cert_claim {
	struct cert_course course;
	struct cert_line *lines; /* the exercises in outline order */
	size_t n_lines;
	struct cert_outcome outcome; /* cert_decide's ruling (unset when already issued) */
	bool subscriber; /* Premium now */
	bool issued; /* cert holds the learner's certificate (issued now or before) */
	bool issued_now; /* by this call */
	struct certificate cert;
};

/* The learner's standing for the course, issuing the certificate when
 * CERT-1 says so (see the top of this file). ST_NOTFOUND for an unknown
 * course; ST_INVALID when the course's data cannot be weighed. */
enum status certificates_claim(struct ctx *c, const struct user *u, const char *slug,
			       const struct cert_scores *scores, struct cert_claim *out, GString *err);

/* The user's certificates, newest first (at most CERT_MAX_LIST). */
enum status certificates_mine(struct ctx *c, const struct user *u, struct certificate **out, size_t *n,
			      GString *err);

/* A certificate by its public code (anyone may look it up). ST_NOTFOUND
 * for an unknown or malformed code. */
enum status certificates_get(struct ctx *c, const char *code, struct certificate *out, GString *err);

/* Staff or the system (a NULL actor: the command line) revokes a
 * certificate, saying why: its public page then says it is no longer
 * valid and its badge is gone (410). Audited (DATA-1) and emailed to the
 * holder in one transaction. ST_FORBIDDEN for anyone else, ST_INVALID
 * without a reason, ST_CONFLICT when it is revoked already. */
enum status certificates_revoke(struct ctx *c, const char *code, const char *reason, GString *err);

/* Whether s has the shape of a code (so that lookups of junk stop early). */
bool certificates_code_valid(const char *s);

/* BASE/certificates/CODE, the public verification page. */
char *certificates_url(struct ctx *c, const struct certificate *cert);

/* The PDF of an issued certificate in its language (certificate_pdf),
 * appended to out. */
enum status certificates_pdf(struct ctx *c, const struct certificate *cert, GByteArray *out, GString *err);

/* The issuer (cfg->platform_name at BASE/issuer) with its Ed25519 key,
 * read from DATA/issuer.key (64 hex characters of seed, mode 0600), which
 * is created with a fresh random seed the first time it is needed. Wipe it
 * with badge_issuer_wipe(). ST_IO when the file cannot be read or made. */
enum status certificates_issuer(struct ctx *c, struct badge_issuer *out, GString *err);

/* Makes DATA/issuer.key with a fresh random seed unless it exists (campus
 * init calls it; certificates_issuer does on first use otherwise). */
enum status certificates_issuer_key_ensure(const char *data_dir, GString *err);

/* The issuer's Open Badges 3.0 Profile (JSON text) with its public key as
 * a verificationMethod (JsonWebKey, publicKeyJwk OKP/Ed25519) whose id is
 * the "kid" of every badge. */
enum status certificates_issuer_profile(struct ctx *c, char **json, GString *err);

/* The Open Badges 3.0 credential of the certificate as a VC-JWT signed by
 * the issuer (badge_sign_jwt). */
enum status certificates_badge(struct ctx *c, const struct certificate *cert, char **jwt, GString *err);

#endif
