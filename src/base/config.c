#include "base/config.h"

#include <stddef.h>
#include <string.h>

#include "base/banned.h"

enum kind { K_STR, K_INT, K_BOOL, K_AMOUNT, K_DAYS };

/* The declarative table of every key: where it lives in struct config, its
 * limits, and the rule it comes from (quoted in validation errors). */
struct key {
	const char *section, *name;
	enum kind kind;
	size_t off;
	int64_t min, max;
	const char *rule;
};

#define F(field) offsetof(struct config, field)
static const struct key keys[] = {
	{"server", "db", K_STR, F(db_url), 0, 0, NULL},
	{"server", "listen", K_STR, F(listen), 0, 0, NULL},
	{"server", "base_url", K_STR, F(base_url), 0, 0, NULL},
	{"server", "platform_name", K_STR, F(platform_name), 0, 0, NULL},
	{"server", "timezone", K_STR, F(timezone), 0, 0, NULL},
	{"server", "default_language", K_STR, F(default_lang), 0, 0, "ACC-4"},
	{"server", "threads", K_INT, F(threads), 0, 256, NULL},
	{"server", "max_connections", K_INT, F(max_connections), 16, 100000, NULL},
	{"server", "per_ip_connections", K_INT, F(per_ip_connections), 1, 100000, NULL},
	{"server", "connection_timeout", K_INT, F(connection_timeout), 1, 3600, NULL},
	{"server", "max_body_kib", K_INT, F(max_body_kib), 1, 1024 * 1024, NULL},
	{"server", "upload_max_kib", K_INT, F(upload_max_kib), 1, 4 * 1024 * 1024, NULL},
	{"server", "secure_cookies", K_BOOL, F(secure_cookies), 0, 1, NULL},
	{"server", "session_idle_minutes", K_INT, F(session_idle_minutes), 5, 60 * 24 * 30, NULL},
	{"server", "session_absolute_days", K_INT, F(session_absolute_days), 1, 365, NULL},
	{"server", "signin_attempts_per_15min", K_INT, F(signin_attempts_per_15min), 3, 1000, NULL},
	{"mail", "driver", K_STR, F(mail_driver), 0, 0, NULL},
	{"mail", "from", K_STR, F(mail_from), 0, 0, NULL},
	{"mail", "smtp_url", K_STR, F(smtp_url), 0, 0, NULL},
	{"mail", "smtp_user", K_STR, F(smtp_user), 0, 0, NULL},
	{"mail", "smtp_password", K_STR, F(smtp_password), 0, 0, NULL},
	{"rules", "guardian_consent_days", K_INT, F(guardian_consent_days), 1, 90, "ACC-3"},
	{"rules", "certificate_pass_mark", K_INT, F(certificate_pass_mark), 1, 100, "CERT-1"},
	{"rules", "peer_reviews_required", K_INT, F(peer_reviews_required), 1, 10, "CRS-1"},
	{"rules", "peer_review_claim_hours", K_INT, F(peer_review_claim_hours), 1, 24 * 30, "CRS-1"},
	{"rules", "peer_review_fallback_days", K_INT, F(peer_review_fallback_days), 1, 90, "CRS-1"},
	{"rules", "homework_upload_max_kb", K_INT, F(homework_upload_max_kb), 1, 1024 * 1024, "CRS-1"},
	{"rules", "late_fixed_fee", K_AMOUNT, F(late_fixed_fee), 0, 100000, "PAY-4"},
	{"rules", "late_monthly_rate", K_INT, F(late_monthly_rate), 0, 100, "PAY-4"},
	{"rules", "retry_days", K_DAYS, F(retry_days), 1, 60, "PAY-5"},
	{"rules", "formal_notice_after_days", K_INT, F(formal_notice_after_days), 1, 90, "PAY-5"},
	{"rules", "suspend_after_notice_days", K_INT, F(suspend_after_notice_days), 15, 90, "PAY-5"},
	{"rules", "terminate_after_suspension_days", K_INT, F(terminate_after_suspension_days), 1, 365,
	 "PAY-5"},
	{"rules", "chargeback_fee", K_AMOUNT, F(chargeback_fee), 0, 100000, "PAY-6"},
	{"rules", "plus_early_termination_rate", K_INT, F(plus_early_termination_rate), 0, 30,
	 "PLUS-4 (art. 6.2: at most 30%)"},
	{"rules", "referral_voucher", K_AMOUNT, F(referral_voucher), 0, 100000, "REF-2"},
	{"rules", "price_change_notice_days", K_INT, F(price_change_notice_days), 0, 365, "PAY-2"},
	{"rules", "applications_per_week", K_INT, F(applications_per_week), 1, 100, "GE-3"},
	{"rules", "quiz_retry_wait_minutes", K_INT, F(quiz_retry_wait_minutes), 0, 7 * 24 * 60, NULL},
	{"rules", "download_link_minutes", K_INT, F(download_link_minutes), 1, 7 * 24 * 60, "CRS-2"},
	{"seller", "name", K_STR, F(seller_name), 0, 0, "INV-1"},
	{"seller", "address", K_STR, F(seller_address), 0, 0, "INV-1"},
	{"seller", "vat_number", K_STR, F(seller_vat_number), 0, 0, "INV-1"},
	{"payments", "provider", K_STR, F(payment_provider), 0, 0, "PAY-3"},
	{"payments", "adyen_base_url", K_STR, F(adyen_base_url), 0, 0, NULL},
	{"payments", "adyen_api_key", K_STR, F(adyen_api_key), 0, 0, NULL},
	{"payments", "adyen_merchant_account", K_STR, F(adyen_merchant_account), 0, 0, NULL},
	{"payments", "adyen_hmac_key", K_STR, F(adyen_hmac_key), 0, 0, NULL},
	{"payments", "adyen_timeout_seconds", K_INT, F(adyen_timeout_seconds), 1, 120, NULL},
	{"payments", "adyen_connect_timeout_seconds", K_INT, F(adyen_connect_timeout_seconds), 1, 60, NULL},
	{"payments", "webhook_user", K_STR, F(webhook_user), 0, 0, NULL},
	{"payments", "webhook_password", K_STR, F(webhook_password), 0, 0, NULL},
	{"payments", "reconcile_after_minutes", K_INT, F(reconcile_after_minutes), 1, 1440, NULL},
};
#undef F

#define AT(c, k, type) ((type *)(void *)((char *)(c) + (k)->off))

static void set_str(struct config *c, const struct key *k, const char *v)
{
	char **slot = AT(c, k, char *);
	g_free(*slot);
	*slot = g_strdup(v);
}

void config_defaults(struct config *c, const char *data_dir)
{
	memset(c, 0, sizeof(*c));
	c->data_dir = g_strdup(data_dir);
	c->db_url = g_strdup_printf("sqlite:%s/campus.db", data_dir);
	c->listen = g_strdup("127.0.0.1:8080");
	c->base_url = g_strdup("http://127.0.0.1:8080");
	c->platform_name = g_strdup("campus");
	c->timezone = g_strdup("Europe/Paris");
	c->default_lang = g_strdup("en");
	c->threads = 0; /* one per CPU this process may run on */
	c->max_connections = 4096;
	c->per_ip_connections = 1024;
	c->connection_timeout = 30;
	c->max_body_kib = 1024;
	c->upload_max_kib = 256 * 1024;
	c->secure_cookies = false;
	c->session_idle_minutes = 60 * 24 * 7;
	c->session_absolute_days = 30;
	c->signin_attempts_per_15min = 10;
	c->mail_driver = g_strdup("spool");
	c->mail_from = g_strdup("campus <no-reply@campus.localhost>");
	c->smtp_url = g_strdup("");
	c->smtp_user = g_strdup("");
	c->smtp_password = g_strdup("");
	c->guardian_consent_days = 14;
	c->certificate_pass_mark = 70;
	c->peer_reviews_required = 3;
	c->peer_review_claim_hours = 48;
	c->peer_review_fallback_days = 7;
	c->homework_upload_max_kb = 5120;
	c->late_fixed_fee = 4000;
	c->late_monthly_rate = 10;
	c->retry_days[0] = 1;
	c->retry_days[1] = 3;
	c->retry_days[2] = 5;
	c->n_retry_days = 3;
	c->formal_notice_after_days = 7;
	c->suspend_after_notice_days = 15;
	c->terminate_after_suspension_days = 30;
	c->chargeback_fee = 1500;
	c->plus_early_termination_rate = 30;
	c->referral_voucher = 1000;
	c->price_change_notice_days = 30;
	c->applications_per_week = 10;
	c->quiz_retry_wait_minutes = 10;
	c->download_link_minutes = 60;
	c->seller_name = g_strdup("Campus Learning SAS");
	c->seller_address = g_strdup("10 rue de l'Exemple, 75019 Paris, France");
	c->seller_vat_number = g_strdup("FR00123456789");
	c->payment_provider = g_strdup("simulator");
	c->adyen_base_url = g_strdup("https://checkout-test.adyen.com");
	c->adyen_api_key = g_strdup("");
	c->adyen_merchant_account = g_strdup("CampusECOM");
	c->adyen_hmac_key = g_strdup("");
	c->adyen_timeout_seconds = 20;
	c->adyen_connect_timeout_seconds = 5;
	c->webhook_user = g_strdup("");
	c->webhook_password = g_strdup("");
	c->reconcile_after_minutes = 15;
}

bool config_parse_amount(const char *s, int64_t *cents)
{
	if (!s || !*s)
		return false;
	int64_t units = 0, frac = 0;
	const char *p = s;
	int digits = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (units > INT64_MAX / 100 / 10)
			return false;
		units = units * 10 + (*p - '0');
	}
	if (digits == 0)
		return false;
	if (*p == '.') {
		p++;
		int fd = 0;
		for (; *p >= '0' && *p <= '9'; p++, fd++) {
			if (fd >= 2)
				return false;
			frac = frac * 10 + (*p - '0');
		}
		if (fd == 0)
			return false;
		if (fd == 1)
			frac *= 10;
	}
	if (*p || units > (INT64_MAX - frac) / 100)
		return false;
	*cents = units * 100 + frac;
	return true;
}

static bool parse_days(const char *s, int *dst, int *n)
{
	char **parts = g_strsplit(s, ",", -1);
	int out[CONFIG_MAX_RETRY_DAYS];
	int count = 0;
	bool ok = true;
	for (char **p = parts; *p && ok; p++) {
		char *t = g_strstrip(*p);
		char *end = NULL;
		long v = strtol(t, &end, 10);
		if (!*t || *end || count >= CONFIG_MAX_RETRY_DAYS)
			ok = false;
		else
			out[count++] = (int)v;
	}
	g_strfreev(parts);
	if (!ok || count == 0)
		return false; /* the current value stays */
	memcpy(dst, out, sizeof(int) * (size_t)count);
	*n = count;
	return true;
}

static enum status load_key(struct config *c, const struct key *k, const char *raw, const char *path,
			    GString *err)
{
	char *end = NULL;
	switch (k->kind) {
	case K_STR: set_str(c, k, raw); return ST_OK;
	case K_INT: {
		long long v = strtoll(raw, &end, 10);
		if (!*raw || *end) {
			g_string_printf(err, "%s: [%s] %s = %s: not a whole number", path, k->section,
					k->name, raw);
			return ST_INVALID;
		}
		*AT(c, k, int) = (int)CLAMP(v, INT32_MIN, INT32_MAX);
		return ST_OK;
	}
	case K_BOOL:
		if (!strcmp(raw, "true") || !strcmp(raw, "1")) {
			*AT(c, k, bool) = true;
		} else if (!strcmp(raw, "false") || !strcmp(raw, "0")) {
			*AT(c, k, bool) = false;
		} else {
			g_string_printf(err, "%s: [%s] %s = %s: write true or false", path, k->section,
					k->name, raw);
			return ST_INVALID;
		}
		return ST_OK;
	case K_AMOUNT:
		if (!config_parse_amount(raw, AT(c, k, int64_t))) {
			g_string_printf(err, "%s: [%s] %s = %s: write an amount in euros such as 40.00", path,
					k->section, k->name, raw);
			return ST_INVALID;
		}
		return ST_OK;
	case K_DAYS:
		if (!parse_days(raw, c->retry_days, &c->n_retry_days)) {
			g_string_printf(err,
					"%s: [%s] %s = %s: write up to %d day counts separated by commas, "
					"such as 1,3,5",
					path, k->section, k->name, raw, CONFIG_MAX_RETRY_DAYS);
			return ST_INVALID;
		}
		return ST_OK;
	}
	return ST_INVALID;
}

static const struct key *find_key(const char *section, const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

enum status config_load_file(struct config *c, const char *path, GString *err)
{
	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return ST_OK;
	GKeyFile *kf = g_key_file_new();
	GError *gerr = NULL;
	enum status st = ST_OK;
	gchar **groups = NULL;
	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr)) {
		g_string_printf(err, "%s: %s", path, gerr->message);
		st = ST_INVALID;
		goto cleanup;
	}
	groups = g_key_file_get_groups(kf, NULL);
	for (gchar **g = groups; *g && st == ST_OK; g++) {
		gchar **names = g_key_file_get_keys(kf, *g, NULL, NULL);
		for (gchar **n = names; n && *n && st == ST_OK; n++) {
			const struct key *k = find_key(*g, *n);
			if (!k) {
				g_string_printf(err, "%s: [%s] %s: unknown setting", path, *g, *n);
				st = ST_INVALID;
				break;
			}
			gchar *raw = g_key_file_get_string(kf, *g, *n, &gerr);
			if (gerr) { /* GLib may return the raw text *and* an error */
				g_free(raw);
				g_string_printf(err, "%s: [%s] %s: %s", path, *g, *n, gerr->message);
				st = ST_INVALID;
				break;
			}
			st = load_key(c, k, raw, path, err);
			g_free(raw);
		}
		g_strfreev(names);
	}
cleanup:
	g_strfreev(groups);
	g_clear_error(&gerr);
	g_key_file_free(kf);
	return st;
}

enum status config_validate(const struct config *c, GString *err)
{
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		const struct key *k = &keys[i];
		int64_t v;
		if (k->kind == K_INT)
			v = *AT(c, k, int);
		else if (k->kind == K_AMOUNT)
			v = *AT(c, k, int64_t);
		else
			continue;
		if (v < k->min || v > k->max) {
			g_string_printf(err,
					"[%s] %s = %lld is out of range: it must be from %lld to %lld%s%s",
					k->section, k->name, (long long)v, (long long)k->min,
					(long long)k->max, k->rule ? " — " : "", k->rule ? k->rule : "");
			return ST_INVALID;
		}
	}
	if (c->n_retry_days < 1 || c->n_retry_days > CONFIG_MAX_RETRY_DAYS) {
		g_string_printf(err, "[rules] retry_days needs from 1 to %d day counts — PAY-5",
				CONFIG_MAX_RETRY_DAYS);
		return ST_INVALID;
	}
	for (int i = 0; i < c->n_retry_days; i++) {
		if (c->retry_days[i] < 1 || c->retry_days[i] > 60 ||
		    (i > 0 && c->retry_days[i] <= c->retry_days[i - 1])) {
			g_string_assign(
				err, "[rules] retry_days must be ascending day counts from 1 to 60 — PAY-5");
			return ST_INVALID;
		}
	}
	if (c->retry_days[c->n_retry_days - 1] >= c->formal_notice_after_days) {
		g_string_assign(
			err,
			"[rules] the last of retry_days must come before formal_notice_after_days — PAY-5");
		return ST_INVALID;
	}
	if (strcmp(c->default_lang, "en") && strcmp(c->default_lang, "fr")) {
		g_string_printf(err, "[server] default_language = %s: campus speaks en and fr — ACC-4",
				c->default_lang);
		return ST_INVALID;
	}
	GTimeZone *tz = g_time_zone_new_identifier(c->timezone);
	if (!tz) {
		g_string_printf(err, "[server] timezone = %s: not a known IANA time zone", c->timezone);
		return ST_INVALID;
	}
	g_time_zone_unref(tz);
	if (strcmp(c->payment_provider, "simulator") && strcmp(c->payment_provider, "adyen")) {
		g_string_printf(err, "[payments] provider = %s: use simulator or adyen", c->payment_provider);
		return ST_INVALID;
	}
	if (!g_str_has_prefix(c->adyen_base_url, "https://") &&
	    !g_str_has_prefix(c->adyen_base_url, "http://")) {
		g_string_assign(err,
				"[payments] adyen_base_url must start with https:// (or http:// for a local "
				"simulator)");
		return ST_INVALID;
	}
	size_t hk = strlen(c->adyen_hmac_key);
	if (hk % 2 || hk > 256 || strspn(c->adyen_hmac_key, "0123456789abcdefABCDEF") != hk) {
		g_string_assign(err, "[payments] adyen_hmac_key must be hexadecimal digits (an even number, "
				     "as the Customer Area shows it)");
		return ST_INVALID;
	}
	if (!strcmp(c->payment_provider, "adyen") && (!*c->adyen_api_key || !hk)) {
		g_string_assign(err, "[payments] provider = adyen needs adyen_api_key and adyen_hmac_key");
		return ST_INVALID;
	}
	if (!*c->webhook_user != !*c->webhook_password) {
		g_string_assign(err, "[payments] webhook_user and webhook_password go together");
		return ST_INVALID;
	}
	if (strcmp(c->mail_driver, "spool") && strcmp(c->mail_driver, "smtp")) {
		g_string_printf(err, "[mail] driver = %s: use spool or smtp", c->mail_driver);
		return ST_INVALID;
	}
	if (!strcmp(c->mail_driver, "smtp") && !g_str_has_prefix(c->smtp_url, "smtp://") &&
	    !g_str_has_prefix(c->smtp_url, "smtps://")) {
		g_string_assign(err,
				"[mail] smtp_url must start with smtp:// or smtps:// when driver = smtp");
		return ST_INVALID;
	}
	if (!g_str_has_prefix(c->db_url, "sqlite:") && !g_str_has_prefix(c->db_url, "postgresql://") &&
	    !g_str_has_prefix(c->db_url, "postgres://")) {
		g_string_printf(err, "[server] db = %s: use sqlite:PATH or postgresql://...", c->db_url);
		return ST_INVALID;
	}
	const char *colon = strrchr(c->listen, ':');
	if (!colon || colon == c->listen || atoi(colon + 1) <= 0 || atoi(colon + 1) > 65535) {
		g_string_printf(err, "[server] listen = %s: write HOST:PORT", c->listen);
		return ST_INVALID;
	}
	return ST_OK;
}

char *config_to_ini(const struct config *c)
{
	/* GKeyFile writes what GKeyFile reads: its escaping round-trips any
	 * UTF-8 value (accents, quotes, backslashes). */
	GKeyFile *kf = g_key_file_new();
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		const struct key *k = &keys[i];
		gchar *v = NULL;
		switch (k->kind) {
		case K_STR: g_key_file_set_string(kf, k->section, k->name, *AT(c, k, char *)); break;
		case K_INT: v = g_strdup_printf("%d", *AT(c, k, int)); break;
		case K_BOOL: v = g_strdup(*AT(c, k, bool) ? "true" : "false"); break;
		case K_AMOUNT: {
			int64_t a = *AT(c, k, int64_t);
			v = g_strdup_printf("%lld.%02lld", (long long)(a / 100), (long long)(a % 100));
			break;
		}
		case K_DAYS: {
			GString *d = g_string_new(NULL);
			for (int n = 0; n < c->n_retry_days; n++)
				g_string_append_printf(d, "%s%d", n ? "," : "", c->retry_days[n]);
			v = g_string_free(d, FALSE);
			break;
		}
		}
		if (v)
			g_key_file_set_value(kf, k->section, k->name, v);
		g_free(v);
		if (k->rule)
			g_key_file_set_comment(kf, k->section, k->name, k->rule, NULL);
	}
	g_key_file_set_comment(kf, NULL, NULL,
			       " campus configuration. Amounts are in euros; rule IDs refer to RULES.md.",
			       NULL);
	gchar *text = g_key_file_to_data(kf, NULL, NULL);
	g_key_file_free(kf);
	return text;
}

void config_clear(struct config *c)
{
	g_free(c->data_dir);
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (keys[i].kind == K_STR)
			g_free(*AT(c, &keys[i], char *));
	memset(c, 0, sizeof(*c));
}
