#include "accounts/rules.h"

#include <string.h>

#include "base/dates.h"
#include "base/i18n.h"

#include "base/banned.h"

const struct country countries[] = {
	{"AT", "Austria", "Autriche"},
	{"BE", "Belgium", "Belgique"},
	{"BG", "Bulgaria", "Bulgarie"},
	{"CA", "Canada", "Canada"},
	{"CH", "Switzerland", "Suisse"},
	{"CI", "Côte d'Ivoire", "Côte d'Ivoire"},
	{"CM", "Cameroon", "Cameroun"},
	{"CY", "Cyprus", "Chypre"},
	{"CZ", "Czechia", "Tchéquie"},
	{"DE", "Germany", "Allemagne"},
	{"DK", "Denmark", "Danemark"},
	{"DZ", "Algeria", "Algérie"},
	{"EE", "Estonia", "Estonie"},
	{"ES", "Spain", "Espagne"},
	{"FI", "Finland", "Finlande"},
	{"FR", "France", "France"},
	{"GB", "United Kingdom", "Royaume-Uni"},
	{"GR", "Greece", "Grèce"},
	{"HR", "Croatia", "Croatie"},
	{"HU", "Hungary", "Hongrie"},
	{"IE", "Ireland", "Irlande"},
	{"IT", "Italy", "Italie"},
	{"LT", "Lithuania", "Lituanie"},
	{"LU", "Luxembourg", "Luxembourg"},
	{"LV", "Latvia", "Lettonie"},
	{"MA", "Morocco", "Maroc"},
	{"MT", "Malta", "Malte"},
	{"NL", "Netherlands", "Pays-Bas"},
	{"PL", "Poland", "Pologne"},
	{"PT", "Portugal", "Portugal"},
	{"RO", "Romania", "Roumanie"},
	{"SE", "Sweden", "Suède"},
	{"SI", "Slovenia", "Slovénie"},
	{"SK", "Slovakia", "Slovaquie"},
	{"SN", "Senegal", "Sénégal"},
	{"TN", "Tunisia", "Tunisie"},
	{"US", "United States", "États-Unis"},
};
const size_t countries_len = G_N_ELEMENTS(countries);

const struct country *country_find(const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < countries_len; i++)
		if (!strcmp(countries[i].code, code))
			return &countries[i];
	return NULL;
}

static bool has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

const char *rule_check_name(const char *name)
{
	if (!name || !g_utf8_validate(name, -1, NULL))
		return N_("Please enter your name.");
	bool blank = true;
	for (const char *p = name; *p && blank; p = g_utf8_next_char(p))
		blank = g_unichar_isspace(g_utf8_get_char(p));
	if (blank)
		return N_("Please enter your name.");
	if (g_utf8_strlen(name, -1) > NAME_MAX_LEN)
		return N_("Your name is too long (100 characters at most).");
	if (has_control(name))
		return N_("Your name contains characters that are not allowed.");
	/* Names are shown in pages and emails: markup characters never have a
	 * place in one and are refused rather than silently altered. */
	if (strpbrk(name, "<>"))
		return N_("Your name contains characters that are not allowed.");
	return NULL;
}

const char *rule_check_email(const char *email)
{
	if (!email || !*email)
		return N_("Please enter your email address.");
	size_t len = strlen(email);
	if (len > EMAIL_MAX_LEN)
		return N_("This email address is too long.");
	const char *at = strchr(email, '@');
	if (!at || at == email || strchr(at + 1, '@') || !at[1])
		return N_("This does not look like an email address.");
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return N_("This does not look like an email address.");
	for (const unsigned char *p = (const unsigned char *)email; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("<>()[]\\,;:\"'", *p))
			return N_("This does not look like an email address.");
	return NULL;
}

const char *rule_check_password(const char *password)
{
	if (!password || !*password)
		return N_("Choose a password of at least 10 characters.");
	if (!g_utf8_validate(password, -1, NULL))
		return N_("This password contains invalid characters.");
	/* Counted in characters, as the message says, not in bytes. */
	if (g_utf8_strlen(password, -1) < PASSWORD_MIN_LEN)
		return N_("Choose a password of at least 10 characters.");
	if (strlen(password) > PASSWORD_MAX_LEN)
		return N_("This password is too long (256 characters at most).");
	return NULL;
}

int rule_age(const char *birth_date, int ty, int tm, int td)
{
	int y, m, d;
	if (!dates_parse_ymd(birth_date, &y, &m, &d))
		return -1;
	return dates_age_on(y, m, d, ty, tm, td);
}

const char *rule_check_birth_date(const char *birth_date, int ty, int tm, int td)
{
	int y, m, d;
	if (!birth_date || !*birth_date)
		return N_("Please enter your date of birth.");
	if (!dates_parse_ymd(birth_date, &y, &m, &d))
		return N_("Enter your date of birth as YYYY-MM-DD.");
	if (y > ty || (y == ty && (m > tm || (m == tm && d > td))))
		return N_("Your date of birth cannot be in the future.");
	if (dates_age_on(y, m, d, ty, tm, td) > 120)
		return N_("Please check your date of birth.");
	return NULL;
}

bool rule_is_minor(const char *birth_date, int ty, int tm, int td)
{
	int age = rule_age(birth_date, ty, tm, td);
	return age >= 0 && age < 18; /* ACC-3 */
}

const char *rule_check_country(const char *code)
{
	return country_find(code) ? NULL : N_("Please choose your country.");
}

const char *rule_check_lang(const char *lang)
{
	return i18n_supported(lang) ? NULL : N_("Please choose English or French.");
}
