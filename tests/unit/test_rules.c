/* Unit tests of src/accounts/rules.c: the pure account rules (input
 * checks at sign-up and in settings, age for ACC-3, language for ACC-4).
 * Message ids are also checked to exist in the French catalogue. */
#include <glib.h>
#include <string.h>

#include "accounts/rules.h"
#include "base/i18n.h"
#include "web/assets.h"

#include "base/banned.h"

/* g_test_message with s escaped: TAP output must stay valid UTF-8. */
static void note(const char *what, const char *s)
{
	char *e = g_strescape(s, NULL);
	g_test_message("%s \"%s\"", what, e);
	g_free(e);
}

/* --- names ------------------------------------------------------------- */

static void test_name(void)
{
	static const char *const good[] = {
		"Ada Lovelace",
		"A",
		"Zoë Ñúñez-O'Brien",
		"李小龙",
		"Jean-Baptiste de La Salle",
		"Dr. J. R. \"Bob\" Dobbs",
		"Ana & Bob",
		"😀 emoji",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		note("accepts", good[i]);
		g_assert_null(rule_check_name(good[i]));
	}
	static const char *const bad[] = {
		"",
		"<script>alert(1)</script>",
		"a<b",
		"a>b",
		"Ada\nLovelace",
		"Ada\tLovelace",
		"Ada\rLovelace",
		"\x1b[31mred",
		"Ada\x7f",
		"\xff\xfe",
		"Ad\xc3",
		"\xc0\xaf",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		note("refuses", bad[i]);
		g_assert_nonnull(rule_check_name(bad[i]));
	}
	g_assert_nonnull(rule_check_name(NULL));
	g_assert_cmpstr(rule_check_name(""), ==, "Please enter your name.");
	g_assert_cmpstr(rule_check_name("a<b"), ==, "Your name contains characters that are not allowed.");
}

/* NAME_MAX_LEN counts characters, not bytes. */
static void test_name_length(void)
{
	GString *s = g_string_new(NULL);
	for (int i = 0; i < NAME_MAX_LEN; i++)
		g_string_append(s, "é"); /* 2 bytes each */
	g_assert_null(rule_check_name(s->str));
	g_string_append_c(s, 'x');
	g_assert_cmpstr(rule_check_name(s->str), ==, "Your name is too long (100 characters at most).");
	g_string_assign(s, "");
	for (int i = 0; i < NAME_MAX_LEN; i++)
		g_string_append_c(s, 'a');
	g_assert_null(rule_check_name(s->str));
	g_string_append_c(s, 'a');
	g_assert_nonnull(rule_check_name(s->str));
	g_string_free(s, TRUE);
}

/* --- email ------------------------------------------------------------- */

static void test_email(void)
{
	static const char *const good[] = {
		"ada@example.org",
		"a@b.co",
		"ada.lovelace+campus@mail.example.org",
		"ADA@EXAMPLE.ORG",
		"o_o-1@sub-domain.example.fr",
		"x@y.z",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		note("accepts", good[i]);
		g_assert_null(rule_check_email(good[i]));
	}
	static const char *const bad[] = {
		"",
		"ada",
		"ada@",
		"@example.org",
		"ada@example",
		"ada@example.",
		"ada@.org",
		"ada@@example.org",
		"a@b@example.org",
		"ada lovelace@example.org",
		" ada@example.org",
		"ada@example.org ",
		"ada@example.org\n",
		"ada\r\n@example.org",
		"ada@exa mple.org",
		"<ada@example.org>",
		"Ada <ada@example.org>",
		"ada@example.org,bob@example.org",
		"ada@example.org;bob@example.org",
		"\"ada\"@example.org",
		"ada(comment)@example.org",
		"ada@[127.0.0.1]",
		"ada\\@example.org",
		"adà@example.org",
		"ada@exämple.org",
		"ada:x@example.org",
		"ada'x@example.org",
		"ada\x7f@example.org",
		"ada@example.org\t",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		note("refuses", bad[i]);
		g_assert_nonnull(rule_check_email(bad[i]));
	}
	g_assert_nonnull(rule_check_email(NULL));
	g_assert_cmpstr(rule_check_email(""), ==, "Please enter your email address.");
	g_assert_cmpstr(rule_check_email("ada"), ==, "This does not look like an email address.");
}

static void test_email_length(void)
{
	/* 254 characters is the most an address can have (RFC 5321 path) */
	GString *s = g_string_new(NULL);
	g_string_append(s, "a@");
	while (s->len < EMAIL_MAX_LEN - 4)
		g_string_append_c(s, 'b');
	g_string_append(s, ".org");
	g_assert_cmpuint(s->len, ==, 254);
	g_assert_null(rule_check_email(s->str));
	g_string_insert_c(s, 0, 'a');
	g_assert_cmpuint(s->len, ==, 255);
	g_assert_cmpstr(rule_check_email(s->str), ==, "This email address is too long.");
	g_string_free(s, TRUE);
}

/* --- password ---------------------------------------------------------- */

static void test_password(void)
{
	char *p9 = g_strnfill(9, 'x'), *p10 = g_strnfill(10, 'x');
	char *p256 = g_strnfill(256, 'x'), *p257 = g_strnfill(257, 'x');
	g_assert_cmpstr(rule_check_password(p9), ==, "Choose a password of at least 10 characters.");
	g_assert_null(rule_check_password(p10));
	g_assert_null(rule_check_password(p256));
	g_assert_cmpstr(rule_check_password(p257), ==, "This password is too long (256 characters at most).");
	g_assert_nonnull(rule_check_password(""));
	g_assert_nonnull(rule_check_password(NULL));
	/* spaces and any Unicode are fine in a passphrase */
	g_assert_null(rule_check_password("correct horse battery staple"));
	g_assert_null(rule_check_password("mot de passe très sûr"));
	g_assert_null(rule_check_password("          "));
	/* but not bytes that are not UTF-8 */
	g_assert_cmpstr(rule_check_password("abcdefghij\xff"), ==,
			"This password contains invalid characters.");
	g_free(p9);
	g_free(p10);
	g_free(p256);
	g_free(p257);
}

/* "at least 10 characters" (the message shown) counts characters, not
 * UTF-8 bytes: five accented letters are five characters. */
static void password_min_length_in_characters(void)
{
	g_assert_nonnull(rule_check_password("ééééé")); /* 5 characters, 10 bytes */
	g_assert_nonnull(rule_check_password("€€€€€€€€€")); /* 9 characters, 27 bytes */
	g_assert_null(rule_check_password("éééééééééé")); /* 10 characters */
}

static void test_password_min_length_in_characters(void)
{
	password_min_length_in_characters();
}

/* --- birth date (ACC-3) ------------------------------------------------ */

static void test_acc3_birth_date(void)
{
	/* today is 2026-11-26 */
	g_assert_null(rule_check_birth_date("2000-01-01", 2026, 11, 26));
	g_assert_null(rule_check_birth_date("2026-11-26", 2026, 11, 26)); /* born today */
	g_assert_null(rule_check_birth_date("2008-02-29", 2026, 11, 26));
	g_assert_cmpstr(rule_check_birth_date("2026-11-27", 2026, 11, 26), ==,
			"Your date of birth cannot be in the future.");
	g_assert_nonnull(rule_check_birth_date("2026-12-01", 2026, 11, 26));
	g_assert_nonnull(rule_check_birth_date("2027-01-01", 2026, 11, 26));
	/* 120 years is plausible, 121 is not */
	g_assert_null(rule_check_birth_date("1906-11-26", 2026, 11, 26));
	g_assert_null(rule_check_birth_date("1905-11-27", 2026, 11, 26));
	g_assert_cmpstr(rule_check_birth_date("1905-11-26", 2026, 11, 26), ==,
			"Please check your date of birth.");
	g_assert_nonnull(rule_check_birth_date("1901-01-01", 2026, 11, 26));
	/* not a date */
	g_assert_cmpstr(rule_check_birth_date("", 2026, 11, 26), ==, "Please enter your date of birth.");
	g_assert_nonnull(rule_check_birth_date(NULL, 2026, 11, 26));
	static const char *const bad[] = {"26/11/2000", "2000-02-30", "2001-02-29", "2000-13-01",
					  "2000-1-1",   "yesterday",  "2000-01-01x"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		note("refuses", bad[i]);
		g_assert_cmpstr(rule_check_birth_date(bad[i], 2026, 11, 26), ==,
				"Enter your date of birth as YYYY-MM-DD.");
	}
}

static void test_acc3_age(void)
{
	g_assert_cmpint(rule_age("2008-11-26", 2026, 11, 25), ==, 17);
	g_assert_cmpint(rule_age("2008-11-26", 2026, 11, 26), ==, 18);
	g_assert_cmpint(rule_age("2008-02-29", 2026, 2, 28), ==, 17);
	g_assert_cmpint(rule_age("2008-02-29", 2026, 3, 1), ==, 18);
	g_assert_cmpint(rule_age("2026-11-26", 2026, 11, 26), ==, 0);
	g_assert_cmpint(rule_age("not a date", 2026, 11, 26), ==, -1);
	g_assert_cmpint(rule_age("2001-02-29", 2026, 11, 26), ==, -1);
	g_assert_cmpint(rule_age(NULL, 2026, 11, 26), ==, -1);
}

/* ACC-3: a person is a minor until the day of their 18th birthday. */
static void test_acc3_minor_until_18th_birthday(void)
{
	g_assert_true(rule_is_minor("2008-11-26", 2026, 11, 25));
	g_assert_false(rule_is_minor("2008-11-26", 2026, 11, 26));
	g_assert_false(rule_is_minor("2008-11-26", 2026, 11, 27));
	/* birthday on 1 January: the year boundary */
	g_assert_true(rule_is_minor("2008-01-01", 2025, 12, 31));
	g_assert_false(rule_is_minor("2008-01-01", 2026, 1, 1));
	/* birthday on 31 December */
	g_assert_true(rule_is_minor("2008-12-31", 2026, 12, 30));
	g_assert_false(rule_is_minor("2008-12-31", 2026, 12, 31));
	/* born 29 February 2008: 18 on 1 March 2026 (a common year) */
	g_assert_true(rule_is_minor("2008-02-29", 2026, 2, 28));
	g_assert_false(rule_is_minor("2008-02-29", 2026, 3, 1));
	/* born 29 February 2012: 18 on 29 February 2030? 2030 is common: 1 March */
	g_assert_true(rule_is_minor("2012-02-29", 2030, 2, 28));
	g_assert_false(rule_is_minor("2012-02-29", 2030, 3, 1));
	/* born 29 February 2004: 18 on 29 Feb... 2022 is common: 1 March */
	g_assert_true(rule_is_minor("2004-02-29", 2022, 2, 28));
	g_assert_false(rule_is_minor("2004-02-29", 2022, 3, 1));
	/* a child, an adult, a newborn */
	g_assert_true(rule_is_minor("2015-06-01", 2026, 11, 26));
	g_assert_false(rule_is_minor("1980-06-01", 2026, 11, 26));
	g_assert_true(rule_is_minor("2026-11-26", 2026, 11, 26));
	/* an invalid date is not a minor by itself: rule_check_birth_date
	 * refuses it before anyone asks */
	g_assert_false(rule_is_minor("2008-02-30", 2026, 11, 26));
	g_assert_false(rule_is_minor(NULL, 2026, 11, 26));
}

/* --- country and language ---------------------------------------------- */

static void test_country(void)
{
	static const char *const good[] = {"FR", "BE", "CH", "CA", "US", "GB", "MA", "SN", "DE", "LU"};
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		note("accepts", good[i]);
		g_assert_null(rule_check_country(good[i]));
	}
	static const char *const bad[] = {"fr", "Fr", "FRA", "F",   "",      "XX",
					  "UK", "EU", "FR ", " FR", "France"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		note("refuses", bad[i]);
		g_assert_cmpstr(rule_check_country(bad[i]), ==, "Please choose your country.");
	}
	g_assert_nonnull(rule_check_country(NULL));

	const struct country *fr = country_find("FR");
	g_assert_nonnull(fr);
	g_assert_cmpstr(fr->name_en, ==, "France");
	g_assert_cmpstr(fr->name_fr, ==, "France");
	g_assert_cmpstr(country_find("DE")->name_fr, ==, "Allemagne");
	g_assert_null(country_find(NULL));
	g_assert_null(country_find("ZZ"));

	/* the table: unique upper-case alpha-2 codes, names in both languages */
	g_assert_cmpuint(countries_len, >, 0);
	for (size_t i = 0; i < countries_len; i++) {
		const struct country *c = &countries[i];
		g_assert_cmpuint(strlen(c->code), ==, 2);
		g_assert_true(g_ascii_isupper(c->code[0]) && g_ascii_isupper(c->code[1]));
		g_assert_true(c->name_en && *c->name_en && g_utf8_validate(c->name_en, -1, NULL));
		g_assert_true(c->name_fr && *c->name_fr && g_utf8_validate(c->name_fr, -1, NULL));
		g_assert_true(country_find(c->code) == c); /* unique */
	}
}

static void test_acc4_lang(void)
{
	g_assert_null(rule_check_lang("en"));
	g_assert_null(rule_check_lang("fr"));
	static const char *const bad[] = {"de", "EN", "Fr", "fr-FR", "", "english"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		g_assert_cmpstr(rule_check_lang(bad[i]), ==, "Please choose English or French.");
	g_assert_nonnull(rule_check_lang(NULL));
}

/* ACC-4: every message a rule can return is translated into French. */
static void test_acc4_messages_translated(void)
{
	const struct asset *mo = asset_find("po/fr.mo");
	g_assert_nonnull(mo);
	g_assert_true(i18n_load_mo("fr", mo->data, mo->len));
	char *p9 = g_strnfill(9, 'x'), *p257 = g_strnfill(257, 'x'), *n101 = g_strnfill(101, 'x');
	char *e255 = g_strnfill(255, 'x');
	e255[10] = '@';
	e255[250] = '.';
	const char *msgs[] = {
		rule_check_name(""),
		rule_check_name(n101),
		rule_check_name("<"),
		rule_check_email(""),
		rule_check_email(e255),
		rule_check_email("x"),
		rule_check_password(p9),
		rule_check_password(p257),
		rule_check_password("abcdefghij\xff"),
		rule_check_birth_date("", 2026, 1, 1),
		rule_check_birth_date("x", 2026, 1, 1),
		rule_check_birth_date("2027-01-01", 2026, 1, 1),
		rule_check_birth_date("1900-01-01", 2026, 1, 1),
		rule_check_country("XX"),
		rule_check_lang("de"),
	};
	for (size_t i = 0; i < G_N_ELEMENTS(msgs); i++) {
		g_assert_nonnull(msgs[i]);
		g_test_message("%s", msgs[i]);
		if (!strcmp(i18n_get("fr", msgs[i]), msgs[i]))
			g_error("no French translation of \"%s\"", msgs[i]);
	}
	g_free(p9);
	g_free(p257);
	g_free(n101);
	g_free(e255);
	i18n_unload();
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/accounts/name", test_name);
	g_test_add_func("/accounts/name_length_in_characters", test_name_length);
	g_test_add_func("/accounts/email", test_email);
	g_test_add_func("/accounts/email_length", test_email_length);
	g_test_add_func("/accounts/password_length", test_password);
	g_test_add_func("/accounts/password_min_length_in_characters",
			test_password_min_length_in_characters);
	g_test_add_func("/accounts/acc3_birth_date", test_acc3_birth_date);
	g_test_add_func("/accounts/acc3_age", test_acc3_age);
	g_test_add_func("/accounts/acc3_minor_until_18th_birthday", test_acc3_minor_until_18th_birthday);
	g_test_add_func("/accounts/country", test_country);
	g_test_add_func("/accounts/acc4_lang", test_acc4_lang);
	g_test_add_func("/accounts/acc4_messages_translated", test_acc4_messages_translated);
	return g_test_run();
}
