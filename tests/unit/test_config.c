/* Unit tests of src/base/config.c: defaults, the limits of every [rules]
 * figure of RULES.md, the INI reader and writer, amounts in cents. */
#include <glib.h>
#include <stdbool.h>
#include <glib/gstdio.h>
#include <string.h>

#include "base/config.h"

#include "base/banned.h"

static char *tmpdir;

/* Writes text to a fresh file in tmpdir and returns its path. */
static char *write_ini(const char *name, const char *text)
{
	char *path = g_build_filename(tmpdir, name, NULL);
	GError *e = NULL;
	g_assert_true(g_file_set_contents(path, text, -1, &e));
	g_assert_no_error(e);
	return path;
}

static void defaults(struct config *c)
{
	config_defaults(c, "/var/lib/campus");
}

/* Asserts c does not validate and err mentions every string of needles. */
static void assert_invalid(const struct config *c, const char *const *needles)
{
	GString *err = g_string_new(NULL);
	g_assert_cmpint(config_validate(c, err), ==, ST_INVALID);
	g_test_message("error: %s", err->str);
	for (const char *const *n = needles; *n; n++)
		if (!strstr(err->str, *n))
			g_error("\"%s\" does not mention \"%s\"", err->str, *n);
	g_string_free(err, TRUE);
}

static void assert_valid(const struct config *c)
{
	GString *err = g_string_new(NULL);
	enum status st = config_validate(c, err);
	if (st != ST_OK)
		g_error("refused: %s", err->str);
	g_string_free(err, TRUE);
}

/* --- defaults ---------------------------------------------------------- */

static void test_defaults_are_the_rules(void)
{
	struct config c;
	defaults(&c);
	assert_valid(&c);
	g_assert_cmpstr(c.data_dir, ==, "/var/lib/campus");
	g_assert_cmpstr(c.db_url, ==, "sqlite:/var/lib/campus/campus.db");
	g_assert_cmpstr(c.timezone, ==, "Europe/Paris");
	g_assert_cmpstr(c.default_lang, ==, "en");
	/* The figures of RULES.md, as written there. */
	g_assert_cmpint(c.guardian_consent_days, ==, 14); /* ACC-3 */
	g_assert_cmpint(c.certificate_pass_mark, ==, 70); /* CERT-1 */
	g_assert_cmpint(c.peer_reviews_required, ==, 3); /* CRS-1 */
	g_assert_cmpint(c.quiz_retry_wait_minutes, ==, 10);
	g_assert_cmpint(c.late_fixed_fee, ==, 4000); /* PAY-4: 40.00 EUR */
	g_assert_cmpint(c.late_monthly_rate, ==, 10); /* PAY-4 */
	g_assert_cmpint(c.n_retry_days, ==, 3); /* PAY-5: 1,3,5 */
	g_assert_cmpint(c.retry_days[0], ==, 1);
	g_assert_cmpint(c.retry_days[1], ==, 3);
	g_assert_cmpint(c.retry_days[2], ==, 5);
	g_assert_cmpint(c.formal_notice_after_days, ==, 7); /* PAY-5 */
	g_assert_cmpint(c.suspend_after_notice_days, ==, 15); /* PAY-5 */
	g_assert_cmpint(c.terminate_after_suspension_days, ==, 30);
	g_assert_cmpint(c.chargeback_fee, ==, 1500); /* PAY-6: 15.00 EUR */
	g_assert_cmpint(c.plus_early_termination_rate, ==, 30); /* PLUS-4 */
	config_clear(&c);
	/* config_clear leaves a zeroed struct and can be called again. */
	g_assert_null(c.data_dir);
	g_assert_null(c.db_url);
	config_clear(&c);
}

/* --- limits of [rules] ------------------------------------------------- */

/* One figure set out of range at a time; the message names the key, and
 * the rule when there is one. */
struct limit_case {
	const char *key;
	size_t off;
	bool is_amount;
	int64_t bad, good;
	const char *rule;
};

#define OFF(f) offsetof(struct config, f)
static const struct limit_case limit_cases[] = {
	{"guardian_consent_days", OFF(guardian_consent_days), false, 0, 1, "ACC-3"},
	{"guardian_consent_days", OFF(guardian_consent_days), false, 91, 90, "ACC-3"},
	{"certificate_pass_mark", OFF(certificate_pass_mark), false, 0, 1, "CERT-1"},
	{"certificate_pass_mark", OFF(certificate_pass_mark), false, 101, 100, "CERT-1"},
	{"peer_reviews_required", OFF(peer_reviews_required), false, 0, 1, "CRS-1"},
	{"peer_reviews_required", OFF(peer_reviews_required), false, 11, 10, "CRS-1"},
	{"quiz_retry_wait_minutes", OFF(quiz_retry_wait_minutes), false, -1, 0, NULL},
	{"quiz_retry_wait_minutes", OFF(quiz_retry_wait_minutes), false, 10081, 10080, NULL},
	{"peer_review_claim_hours", OFF(peer_review_claim_hours), false, 0, 1, "CRS-1"},
	{"peer_review_fallback_days", OFF(peer_review_fallback_days), false, 91, 90, "CRS-1"},
	{"homework_upload_max_kb", OFF(homework_upload_max_kb), false, 0, 1, "CRS-1"},
	{"late_fixed_fee", OFF(late_fixed_fee), true, -1, 0, "PAY-4"},
	{"late_fixed_fee", OFF(late_fixed_fee), true, 100001, 100000, "PAY-4"},
	{"late_monthly_rate", OFF(late_monthly_rate), false, -1, 0, "PAY-4"},
	{"late_monthly_rate", OFF(late_monthly_rate), false, 101, 100, "PAY-4"},
	{"formal_notice_after_days", OFF(formal_notice_after_days), false, 91, 90, "PAY-5"},
	{"suspend_after_notice_days", OFF(suspend_after_notice_days), false, 14, 15, "PAY-5"},
	{"suspend_after_notice_days", OFF(suspend_after_notice_days), false, 91, 90, "PAY-5"},
	{"terminate_after_suspension_days", OFF(terminate_after_suspension_days), false, 0, 1, "PAY-5"},
	{"terminate_after_suspension_days", OFF(terminate_after_suspension_days), false, 366, 365, "PAY-5"},
	{"chargeback_fee", OFF(chargeback_fee), true, -1, 0, "PAY-6"},
	{"chargeback_fee", OFF(chargeback_fee), true, 100001, 100000, "PAY-6"},
	{"plus_early_termination_rate", OFF(plus_early_termination_rate), false, 31, 30, "PLUS-4"},
	{"plus_early_termination_rate", OFF(plus_early_termination_rate), false, -1, 0, "PLUS-4"},
	{"referral_voucher", OFF(referral_voucher), true, -1, 0, "REF-2"},
	{"applications_per_week", OFF(applications_per_week), false, 0, 1, "GE-3"},
	{"threads", OFF(threads), false, -1, 0, NULL},
	{"threads", OFF(threads), false, 257, 256, NULL},
	{"max_connections", OFF(max_connections), false, 15, 16, NULL},
	{"per_ip_connections", OFF(per_ip_connections), false, 0, 1, NULL},
	{"connection_timeout", OFF(connection_timeout), false, 0, 1, NULL},
	{"max_body_kib", OFF(max_body_kib), false, 0, 1, NULL},
	{"session_idle_minutes", OFF(session_idle_minutes), false, 4, 5, NULL},
	{"session_absolute_days", OFF(session_absolute_days), false, 366, 365, NULL},
	{"signin_attempts_per_15min", OFF(signin_attempts_per_15min), false, 2, 3, NULL},
};
#undef OFF

static void set_figure(struct config *c, const struct limit_case *k, int64_t v)
{
	if (k->is_amount)
		*(int64_t *)(void *)((char *)c + k->off) = v;
	else
		*(int *)(void *)((char *)c + k->off) = (int)v;
}

static void test_rules_limits(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(limit_cases); i++) {
		const struct limit_case *k = &limit_cases[i];
		struct config c;
		char *bad = g_strdup_printf(" = %lld ", (long long)k->bad);
		const char *needles[] = {k->key, bad, k->rule, NULL};
		g_test_message("%s = %lld", k->key, (long long)k->bad);
		defaults(&c);
		set_figure(&c, k, k->bad);
		assert_invalid(&c, needles);
		set_figure(&c, k, k->good);
		assert_valid(&c);
		config_clear(&c);
		g_free(bad);
	}
}

/* PLUS-4: the early termination indemnity is at most 30% (art. 6.2). */
static void test_plus4_rate_above_30_refused(void)
{
	struct config c;
	defaults(&c);
	c.plus_early_termination_rate = 31;
	const char *needles[] = {"plus_early_termination_rate", "31", "30", "PLUS-4", NULL};
	assert_invalid(&c, needles);
	c.plus_early_termination_rate = 30;
	assert_valid(&c);
	c.plus_early_termination_rate = 0;
	assert_valid(&c);
	config_clear(&c);
}

/* PAY-5: retries are ascending, from 1 to 60 days, and all come before the
 * formal notice. */
static void test_pay5_retry_days(void)
{
	struct config c;
	defaults(&c);
	const char *needles[] = {"retry_days", "PAY-5", NULL};

	c.retry_days[0] = 1;
	c.retry_days[1] = 5;
	c.retry_days[2] = 3;
	assert_invalid(&c, needles);
	c.retry_days[1] = 3;
	c.retry_days[2] = 3; /* equal is not ascending */
	assert_invalid(&c, needles);
	c.retry_days[0] = 0; /* day 0 is the due date itself */
	c.retry_days[2] = 5;
	assert_invalid(&c, needles);
	c.retry_days[0] = 1;
	assert_valid(&c);

	/* the last retry on or after the formal notice */
	const char *notice[] = {"retry_days", "formal_notice_after_days", "PAY-5", NULL};
	c.retry_days[2] = 7;
	assert_invalid(&c, notice);
	c.retry_days[2] = 8;
	assert_invalid(&c, notice);
	c.retry_days[2] = 6;
	assert_valid(&c);
	c.formal_notice_after_days = 6;
	assert_invalid(&c, notice);
	c.formal_notice_after_days = 30;
	c.n_retry_days = CONFIG_MAX_RETRY_DAYS;
	for (int i = 0; i < CONFIG_MAX_RETRY_DAYS; i++)
		c.retry_days[i] = 2 * i + 1;
	assert_valid(&c);
	c.n_retry_days = 1;
	c.retry_days[0] = 29;
	assert_valid(&c);
	c.retry_days[0] = 61;
	c.formal_notice_after_days = 90;
	assert_invalid(&c, needles);
	config_clear(&c);
}

/* An empty schedule is refused without reading outside retry_days:
 * config_validate indexes retry_days[n_retry_days - 1] (UBSan: index -1),
 * so today the answer depends on the field before the array. */
static void pay5_retry_days_empty(void)
{
	struct config c;
	defaults(&c);
	c.n_retry_days = 0;
	c.late_monthly_rate = 0; /* the int just before retry_days */
	const char *needles[] = {"retry_days", "PAY-5", NULL};
	assert_invalid(&c, needles);
	config_clear(&c);
}

static void test_pay5_retry_days_empty(void)
{
	pay5_retry_days_empty();
}

static void test_other_validations(void)
{
	struct config c;
	defaults(&c);

	const char *lang[] = {"default_language", "de", "ACC-4", NULL};
	g_free(c.default_lang);
	c.default_lang = g_strdup("de");
	assert_invalid(&c, lang);
	g_free(c.default_lang);
	c.default_lang = g_strdup("fr");
	assert_valid(&c);

	const char *tz[] = {"timezone", "Mars/Olympus_Mons", NULL};
	g_free(c.timezone);
	c.timezone = g_strdup("Mars/Olympus_Mons");
	assert_invalid(&c, tz);
	g_free(c.timezone);
	c.timezone = g_strdup("America/Montreal");
	assert_valid(&c);

	const char *driver[] = {"driver", "pigeon", NULL};
	g_free(c.mail_driver);
	c.mail_driver = g_strdup("pigeon");
	assert_invalid(&c, driver);
	g_free(c.mail_driver);
	c.mail_driver = g_strdup("smtp");
	const char *smtp[] = {"smtp_url", NULL};
	assert_invalid(&c, smtp); /* smtp needs an smtp:// URL */
	g_free(c.smtp_url);
	c.smtp_url = g_strdup("http://mail.example.org");
	assert_invalid(&c, smtp);
	g_free(c.smtp_url);
	c.smtp_url = g_strdup("smtps://mail.example.org:465");
	assert_valid(&c);

	const char *db[] = {"db", "mysql://x", NULL};
	g_free(c.db_url);
	c.db_url = g_strdup("mysql://x");
	assert_invalid(&c, db);
	g_free(c.db_url);
	c.db_url = g_strdup("postgresql://campus@localhost/campus");
	assert_valid(&c);

	static const char *const bad_listen[] = {"127.0.0.1", ":8080", "127.0.0.1:0", "127.0.0.1:65536",
						 "127.0.0.1:http"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad_listen); i++) {
		const char *listen[] = {"listen", bad_listen[i], NULL};
		g_free(c.listen);
		c.listen = g_strdup(bad_listen[i]);
		assert_invalid(&c, listen);
	}
	g_free(c.listen);
	c.listen = g_strdup("[::1]:443");
	assert_valid(&c);
	config_clear(&c);
}

/* --- amounts ----------------------------------------------------------- */

static void test_parse_amount(void)
{
	static const struct {
		const char *s;
		int64_t cents;
	} good[] = {
		{"40.00", 4000},
		{"40", 4000},
		{"0.5", 50},
		{"0.05", 5},
		{"0", 0},
		{"0.00", 0},
		{"15.00", 1500},
		{"15.1", 1510},
		{"1234.56", 123456},
		{"007.10", 710},
		{"1000000", 100000000},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		int64_t v = -1;
		g_test_message("\"%s\"", good[i].s);
		g_assert_true(config_parse_amount(good[i].s, &v));
		g_assert_cmpint(v, ==, good[i].cents);
	}
	static const char *const bad[] = {
		"1.234", "-1",        "-0.50", "",      "abc",  "40.",
		".5",    "+1",        " 1",    "1 ",    "1,50", "1e3",
		"0x10",  "40.00 EUR", "€40",   "1.2.3", "NaN",  "99999999999999999999999",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		int64_t v = 77;
		g_test_message("refuses \"%s\"", bad[i]);
		g_assert_false(config_parse_amount(bad[i], &v));
		g_assert_cmpint(v, ==, 77);
	}
	int64_t v = 77;
	g_assert_false(config_parse_amount(NULL, &v));
	/* The largest amount that fits in int64 cents. */
	g_assert_true(config_parse_amount("92233720368547758.07", &v));
	g_assert_cmpint(v, ==, INT64_MAX);
}

/* Just past INT64_MAX cents: refused, never wrapped (signed overflow,
 * undefined) to a negative amount. */
static void parse_amount_overflow(void)
{
	static const char *const over[] = {"92233720368547758.08", "92233720368547759",
					   "92233720368547759.99"};
	for (size_t i = 0; i < G_N_ELEMENTS(over); i++) {
		int64_t v = 77;
		g_test_message("refuses \"%s\"", over[i]);
		g_assert_false(config_parse_amount(over[i], &v));
		g_assert_cmpint(v, ==, 77);
	}
}

static void test_parse_amount_overflow(void)
{
	parse_amount_overflow();
}

/* --- the INI file ------------------------------------------------------ */

static void test_load_missing_file_is_defaults(void)
{
	struct config c;
	defaults(&c);
	GString *err = g_string_new(NULL);
	char *path = g_build_filename(tmpdir, "does-not-exist.ini", NULL);
	g_assert_cmpint(config_load_file(&c, path, err), ==, ST_OK);
	g_assert_cmpint(c.late_fixed_fee, ==, 4000);
	assert_valid(&c);
	g_free(path);
	g_string_free(err, TRUE);
	config_clear(&c);
}

static void test_load_values(void)
{
	char *path = write_ini("good.ini", "# a comment\n"
					   "[server]\n"
					   "listen = 0.0.0.0:9000\n"
					   "platform_name = Campus École\n"
					   "default_language = fr\n"
					   "threads = 8\n"
					   "secure_cookies = true\n"
					   "[mail]\n"
					   "driver = smtp\n"
					   "smtp_url = smtp://localhost:2525\n"
					   "[rules]\n"
					   "late_fixed_fee = 42.5\n"
					   "chargeback_fee = 20\n"
					   "referral_voucher = 0.99\n"
					   "retry_days = 2, 4 ,6\n"
					   "formal_notice_after_days = 10\n"
					   "plus_early_termination_rate = 25\n"
					   "[seller]\n"
					   "name = Campus SAS\n");
	struct config c;
	defaults(&c);
	GString *err = g_string_new(NULL);
	enum status st = config_load_file(&c, path, err);
	if (st != ST_OK)
		g_error("refused: %s", err->str);
	g_assert_cmpstr(c.listen, ==, "0.0.0.0:9000");
	g_assert_cmpstr(c.platform_name, ==, "Campus École");
	g_assert_cmpstr(c.default_lang, ==, "fr");
	g_assert_cmpint(c.threads, ==, 8);
	g_assert_true(c.secure_cookies);
	g_assert_cmpstr(c.mail_driver, ==, "smtp");
	g_assert_cmpstr(c.smtp_url, ==, "smtp://localhost:2525");
	g_assert_cmpint(c.late_fixed_fee, ==, 4250);
	g_assert_cmpint(c.chargeback_fee, ==, 2000);
	g_assert_cmpint(c.referral_voucher, ==, 99);
	g_assert_cmpint(c.n_retry_days, ==, 3);
	g_assert_cmpint(c.retry_days[0], ==, 2);
	g_assert_cmpint(c.retry_days[1], ==, 4);
	g_assert_cmpint(c.retry_days[2], ==, 6);
	g_assert_cmpint(c.formal_notice_after_days, ==, 10);
	g_assert_cmpint(c.plus_early_termination_rate, ==, 25);
	g_assert_cmpstr(c.seller_name, ==, "Campus SAS");
	/* untouched keys keep their defaults */
	g_assert_cmpint(c.late_monthly_rate, ==, 10);
	g_assert_cmpstr(c.timezone, ==, "Europe/Paris");
	assert_valid(&c);
	config_clear(&c);
	g_string_free(err, TRUE);
	g_unlink(path);
	g_free(path);
}

/* Each bad file is refused with a message naming the file, the section
 * and the key. */
static void test_load_refusals(void)
{
	static const struct {
		const char *text, *section, *key;
	} cases[] = {
		{"[rules]\nplus_early_terminaison_rate = 10\n", "rules", "plus_early_terminaison_rate"},
		{"[server]\nthreads = 8\nthread_count = 8\n", "server", "thread_count"},
		{"[rulez]\nlate_monthly_rate = 10\n", "rulez", "late_monthly_rate"},
		{"[mail]\nlate_monthly_rate = 10\n", "mail", "late_monthly_rate"},
		{"[server]\nthreads = eight\n", "server", "threads"},
		{"[server]\nthreads = 8.5\n", "server", "threads"},
		{"[server]\nthreads = 0x10\n", "server", "threads"},
		{"[server]\nthreads =\n", "server", "threads"},
		{"[rules]\nlate_monthly_rate = 10%\n", "rules", "late_monthly_rate"},
		{"[server]\nsecure_cookies = yes\n", "server", "secure_cookies"},
		{"[rules]\nlate_fixed_fee = 40,00\n", "rules", "late_fixed_fee"},
		{"[rules]\nlate_fixed_fee = 1.234\n", "rules", "late_fixed_fee"},
		{"[rules]\nchargeback_fee = -15\n", "rules", "chargeback_fee"},
		{"[rules]\nretry_days = 1;3;5\n", "rules", "retry_days"},
		{"[rules]\nretry_days = 1,,5\n", "rules", "retry_days"},
		{"[rules]\nretry_days =\n", "rules", "retry_days"},
		{"[rules]\nretry_days = 1,2,3,4,5,6,7,8,9\n", "rules", "retry_days"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *name = g_strdup_printf("bad-%zu.ini", i);
		char *path = write_ini(name, cases[i].text);
		struct config c;
		defaults(&c);
		GString *err = g_string_new(NULL);
		g_test_message("%s", cases[i].text);
		g_assert_cmpint(config_load_file(&c, path, err), ==, ST_INVALID);
		g_test_message("error: %s", err->str);
		char *section = g_strdup_printf("[%s]", cases[i].section);
		g_assert_nonnull(strstr(err->str, path));
		g_assert_nonnull(strstr(err->str, section));
		g_assert_nonnull(strstr(err->str, cases[i].key));
		g_free(section);
		config_clear(&c);
		g_string_free(err, TRUE);
		g_unlink(path);
		g_free(path);
		g_free(name);
	}
}

/* A file that is not INI at all is refused with its name. */
static void test_load_malformed(void)
{
	char *path = write_ini("garbage.ini", "this is not = an ini file\n[unterminated\n");
	struct config c;
	defaults(&c);
	GString *err = g_string_new(NULL);
	g_assert_cmpint(config_load_file(&c, path, err), ==, ST_INVALID);
	g_assert_nonnull(strstr(err->str, path));
	config_clear(&c);
	g_string_free(err, TRUE);
	g_unlink(path);
	g_free(path);
}

/* Values that load but break a limit are caught by config_validate. */
static void test_load_then_validate(void)
{
	char *path = write_ini("limit.ini", "[rules]\nplus_early_termination_rate = 31\n");
	struct config c;
	defaults(&c);
	GString *err = g_string_new(NULL);
	g_assert_cmpint(config_load_file(&c, path, err), ==, ST_OK);
	g_assert_cmpint(c.plus_early_termination_rate, ==, 31);
	const char *needles[] = {"plus_early_termination_rate", "PLUS-4", NULL};
	assert_invalid(&c, needles);
	config_clear(&c);
	g_string_free(err, TRUE);
	g_unlink(path);
	g_free(path);
}

/* --- config_to_ini round trip ------------------------------------------ */

static void assert_same(const struct config *a, const struct config *b)
{
	g_assert_cmpstr(a->db_url, ==, b->db_url);
	g_assert_cmpstr(a->listen, ==, b->listen);
	g_assert_cmpstr(a->base_url, ==, b->base_url);
	g_assert_cmpstr(a->platform_name, ==, b->platform_name);
	g_assert_cmpstr(a->timezone, ==, b->timezone);
	g_assert_cmpstr(a->default_lang, ==, b->default_lang);
	g_assert_cmpint(a->threads, ==, b->threads);
	g_assert_cmpint(a->max_connections, ==, b->max_connections);
	g_assert_cmpint(a->per_ip_connections, ==, b->per_ip_connections);
	g_assert_cmpint(a->connection_timeout, ==, b->connection_timeout);
	g_assert_cmpint(a->max_body_kib, ==, b->max_body_kib);
	g_assert_cmpint(a->secure_cookies, ==, b->secure_cookies);
	g_assert_cmpint(a->session_idle_minutes, ==, b->session_idle_minutes);
	g_assert_cmpint(a->session_absolute_days, ==, b->session_absolute_days);
	g_assert_cmpint(a->signin_attempts_per_15min, ==, b->signin_attempts_per_15min);
	g_assert_cmpstr(a->mail_driver, ==, b->mail_driver);
	g_assert_cmpstr(a->mail_from, ==, b->mail_from);
	g_assert_cmpstr(a->smtp_url, ==, b->smtp_url);
	g_assert_cmpstr(a->smtp_user, ==, b->smtp_user);
	g_assert_cmpstr(a->smtp_password, ==, b->smtp_password);
	g_assert_cmpint(a->guardian_consent_days, ==, b->guardian_consent_days);
	g_assert_cmpint(a->certificate_pass_mark, ==, b->certificate_pass_mark);
	g_assert_cmpint(a->peer_reviews_required, ==, b->peer_reviews_required);
	g_assert_cmpint(a->quiz_retry_wait_minutes, ==, b->quiz_retry_wait_minutes);
	g_assert_cmpint(a->late_fixed_fee, ==, b->late_fixed_fee);
	g_assert_cmpint(a->late_monthly_rate, ==, b->late_monthly_rate);
	g_assert_cmpint(a->n_retry_days, ==, b->n_retry_days);
	for (int i = 0; i < a->n_retry_days; i++)
		g_assert_cmpint(a->retry_days[i], ==, b->retry_days[i]);
	g_assert_cmpint(a->formal_notice_after_days, ==, b->formal_notice_after_days);
	g_assert_cmpint(a->suspend_after_notice_days, ==, b->suspend_after_notice_days);
	g_assert_cmpint(a->terminate_after_suspension_days, ==, b->terminate_after_suspension_days);
	g_assert_cmpint(a->chargeback_fee, ==, b->chargeback_fee);
	g_assert_cmpint(a->plus_early_termination_rate, ==, b->plus_early_termination_rate);
	g_assert_cmpint(a->referral_voucher, ==, b->referral_voucher);
	g_assert_cmpint(a->applications_per_week, ==, b->applications_per_week);
	g_assert_cmpstr(a->seller_name, ==, b->seller_name);
	g_assert_cmpstr(a->seller_address, ==, b->seller_address);
	g_assert_cmpstr(a->seller_vat_number, ==, b->seller_vat_number);
}

/* Writes a's INI, loads it over fresh defaults of another data dir, and
 * asserts that every value came back. */
static void round_trip(const struct config *a, const char *name)
{
	char *ini = config_to_ini(a);
	g_test_message("%s", ini);
	char *path = write_ini(name, ini);
	struct config b;
	config_defaults(&b, "/elsewhere");
	GString *err = g_string_new(NULL);
	enum status st = config_load_file(&b, path, err);
	if (st != ST_OK)
		g_error("config_to_ini wrote a file config_load_file refuses: %s", err->str);
	assert_same(a, &b);
	config_clear(&b);
	g_string_free(err, TRUE);
	g_unlink(path);
	g_free(path);
	g_free(ini);
}

static void test_to_ini_round_trip_defaults(void)
{
	struct config a;
	defaults(&a);
	round_trip(&a, "defaults.ini");
	config_clear(&a);
}

static void test_to_ini_round_trip_changed(void)
{
	struct config a;
	defaults(&a);
	g_free(a.listen);
	a.listen = g_strdup("0.0.0.0:8443");
	g_free(a.smtp_password);
	a.smtp_password = g_strdup("p#ss;word=1\\2\ttab");
	g_free(a.mail_from);
	a.mail_from = g_strdup("Campus <no-reply@example.org>");
	a.secure_cookies = true;
	a.threads = 16;
	a.late_fixed_fee = 4001;
	a.chargeback_fee = 5;
	a.referral_voucher = 0;
	a.n_retry_days = 4;
	a.retry_days[0] = 1;
	a.retry_days[1] = 2;
	a.retry_days[2] = 4;
	a.retry_days[3] = 8;
	a.formal_notice_after_days = 9;
	a.plus_early_termination_rate = 12;
	assert_valid(&a);
	round_trip(&a, "changed.ini");
	config_clear(&a);
}

/* French text (the platform's own language) and quotes in strings; the
 * data directory (hence db) of `campus init` can hold any character. */
static void to_ini_round_trip_non_ascii(void)
{
	struct config a;
	config_defaults(&a, "/srv/élève/campus");
	round_trip(&a, "non-ascii-dir.ini");
	g_free(a.platform_name);
	a.platform_name = g_strdup("Campus « École »");
	g_free(a.seller_address);
	a.seller_address = g_strdup("12 avenue de l'Opéra, 75001 Paris");
	g_free(a.seller_name);
	a.seller_name = g_strdup("Campus \"Learning\" SAS");
	round_trip(&a, "non-ascii.ini");
	config_clear(&a);
}

static void test_to_ini_round_trip_non_ascii(void)
{
	to_ini_round_trip_non_ascii();
}

/* A value GKeyFile cannot decode is refused with file, section and key,
 * never silently replaced by "". */
static void load_bad_escape_refused(void)
{
	char *path = write_ini("escape.ini", "[seller]\nname = Campus \\q SAS\n");
	struct config c;
	defaults(&c);
	GString *err = g_string_new(NULL);
	enum status st = config_load_file(&c, path, err);
	g_test_message("status %d, seller_name \"%s\", error: %s", st, c.seller_name, err->str);
	g_assert_cmpint(st, ==, ST_INVALID);
	g_assert_nonnull(strstr(err->str, path));
	g_assert_nonnull(strstr(err->str, "[seller]"));
	g_assert_nonnull(strstr(err->str, "name"));
	config_clear(&c);
	g_string_free(err, TRUE);
	g_unlink(path);
	g_free(path);
}

static void test_load_bad_escape_refused(void)
{
	load_bad_escape_refused();
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	GError *e = NULL;
	tmpdir = g_dir_make_tmp("campus-test-config-XXXXXX", &e);
	g_assert_no_error(e);

	g_test_add_func("/config/defaults_are_the_rules", test_defaults_are_the_rules);
	g_test_add_func("/config/rules_limits", test_rules_limits);
	g_test_add_func("/config/plus4_rate_above_30_refused", test_plus4_rate_above_30_refused);
	g_test_add_func("/config/pay5_retry_days", test_pay5_retry_days);
	g_test_add_func("/config/pay5_retry_days_empty", test_pay5_retry_days_empty);
	g_test_add_func("/config/other_validations", test_other_validations);
	g_test_add_func("/config/parse_amount", test_parse_amount);
	g_test_add_func("/config/parse_amount_overflow", test_parse_amount_overflow);
	g_test_add_func("/config/load/missing_file", test_load_missing_file_is_defaults);
	g_test_add_func("/config/load/values", test_load_values);
	g_test_add_func("/config/load/refusals_name_file_section_key", test_load_refusals);
	g_test_add_func("/config/load/malformed", test_load_malformed);
	g_test_add_func("/config/load/then_validate", test_load_then_validate);
	g_test_add_func("/config/load/bad_escape_refused", test_load_bad_escape_refused);
	g_test_add_func("/config/to_ini/round_trip_defaults", test_to_ini_round_trip_defaults);
	g_test_add_func("/config/to_ini/round_trip_changed", test_to_ini_round_trip_changed);
	g_test_add_func("/config/to_ini/round_trip_non_ascii", test_to_ini_round_trip_non_ascii);

	int rc = g_test_run();
	g_rmdir(tmpdir);
	g_free(tmpdir);
	return rc;
}
