/* Pure account rules: input validation and age. No I/O, no clock. */
#ifndef CAMPUS_ACCOUNT_RULES_H
#define CAMPUS_ACCOUNT_RULES_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

enum {
	NAME_MAX_LEN = 100,
	EMAIL_MAX_LEN = 254,
	PASSWORD_MIN_LEN = 10,
	PASSWORD_MAX_LEN = 256,
};

/* A field error: which field, and a message id to translate. */
struct field_error {
	const char *field;
	const char *msgid;
};

/* Each returns NULL when the value is acceptable, else the message id of
 * the problem (to pass through i18n_get). */
const char *rule_check_name(const char *name);
const char *rule_check_email(const char *email);
const char *rule_check_password(const char *password);
/* birth_date "YYYY-MM-DD", a real date, not in the future of today (y,m,d),
 * and a plausible age (at most 120). */
const char *rule_check_birth_date(const char *birth_date, int ty, int tm, int td);
const char *rule_check_country(const char *code);
const char *rule_check_lang(const char *lang);

/* ACC-3: completed years on (ty, tm, td); -1 when birth_date is invalid. */
int rule_age(const char *birth_date, int ty, int tm, int td);
/* ACC-3: true when the person is a minor (under 18) on that day. */
bool rule_is_minor(const char *birth_date, int ty, int tm, int td);

/* The countries campus knows (ISO 3166-1 alpha-2 with names in en and fr),
 * in display order. */
struct country {
	const char *code, *name_en, *name_fr;
};
extern const struct country countries[];
extern const size_t countries_len;
const struct country *country_find(const char *code);

#endif
