/* Account use cases: sign-up with terms acceptance (ACC-1), email
 * verification, sign-in with throttling, server-side sessions, password
 * change and reset, profile and language (ACC-4), personal API tokens.
 * Each runs its change, audit entry (DATA-1) and emails in one transaction.
 * Results are allocated from ctx->a. */
#ifndef CAMPUS_ACCOUNTS_H
#define CAMPUS_ACCOUNTS_H

#include <glib.h>
#include <stdbool.h>

#include "accounts/rules.h"
#include "ops/ctx.h"

enum {
	VERIFY_TOKEN_HOURS = 48,
	RESET_TOKEN_MINUTES = 60,
	THROTTLE_WINDOW = 15 * 60,
	SESSION_TOUCH_EVERY = 60,
};

/* Field errors collected by a use case: a GArray of struct field_error. */
GArray *field_errors_new(void);
void field_error_add(GArray *errs, const char *field, const char *msgid);

struct signup_form {
	const char *name, *email, *password, *birth_date, *country, *lang;
	bool accept_terms; /* ACC-1: the explicit, unticked-by-default box */
	int terms_version; /* the version the person was shown */
};

/* Creates an unverified learner, records the acceptance of the current
 * terms (version, time, IP, user agent), queues the verification email.
 * ST_INVALID with field errors in errs; ST_CONFLICT when the email is
 * taken (also as a field error). */
enum status accounts_signup(struct ctx *c, const struct signup_form *f, const char *base_url,
			    struct user **out, GArray *errs, GString *err);
/* Consumes a verification token. ST_NOTFOUND when unknown, used or expired. */
enum status accounts_verify_email(struct ctx *c, const char *token, struct user **out, GString *err);

/* Checks the password, throttled per (email, IP): ST_TOOMANY after
 * cfg->signin_attempts_per_15min failures; ST_UNAUTHORIZED on a wrong
 * email or password (same message, same timing). */
enum status accounts_check_password(struct ctx *c, const char *email, const char *password, struct user **out,
				    GString *err);
/* accounts_check_password, then a new session; *token is the cookie value. */
enum status accounts_signin(struct ctx *c, const char *email, const char *password, struct user **out,
			    char **token, GString *err);
/* The user of a session cookie token, enforcing idle and absolute
 * timeouts; ST_NOTFOUND when none is live. *hash gets the session hash. */
enum status accounts_session_user(struct ctx *c, const char *token, struct user **out, char **hash,
				  GString *err);
enum status accounts_signout(struct ctx *c, const char *token, GString *err);

/* Needs the current password; ends the user's other sessions. */
enum status accounts_change_password(struct ctx *c, const struct user *u, const char *current,
				     const char *new_password, const char *keep_session_hash, GArray *errs,
				     GString *err);
/* Queues a reset email when the account exists; always ST_OK otherwise so
 * that the answer does not tell which emails have accounts. */
enum status accounts_request_reset(struct ctx *c, const char *email, const char *base_url, GString *err);
/* Consumes a reset token, sets the password, ends every session. */
enum status accounts_reset_password(struct ctx *c, const char *token, const char *password, GArray *errs,
				    GString *err);

/* name, country, lang may each be NULL (unchanged). */
enum status accounts_update_profile(struct ctx *c, const struct user *u, const char *name,
				    const char *country, const char *lang, GArray *errs, GString *err);

/* A personal API token for the user (printed once); ST_UNAUTHORIZED etc. as
 * accounts_check_password when created with a password. */
enum status accounts_create_api_token(struct ctx *c, const struct user *u, const char *name, char **token,
				      GString *err);
enum status accounts_token_user(struct ctx *c, const char *token, struct user **out, GString *err);

/* Operators: creates a verified account with the given roles. */
enum status accounts_add_user(struct ctx *c, const char *email, const char *name, const char *password,
			      int roles, const char *lang, struct user **out, GString *err);

/* "admin,staff" <-> role bits; -1 on an unknown name. */
int roles_parse(const char *names);
const char *roles_format(struct arena *a, int roles);

/* The user as JSON (jansson object; caller owns the reference). */
struct json_t;
struct json_t *user_to_json(const struct user *u);

#endif
