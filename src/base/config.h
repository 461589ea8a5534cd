/* Platform configuration: DATA/campus.ini (GKeyFile), overridable by flags.
 * Every configurable figure of RULES.md is declared here with its default
 * and validated at start-up (config_validate) with a message naming the key,
 * the limit and the rule. Amounts are minor units (cents) of EUR. */
#ifndef CAMPUS_CONFIG_H
#define CAMPUS_CONFIG_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"

enum { CONFIG_MAX_RETRY_DAYS = 8 };

struct config {
	/* [server] */
	char *data_dir; /* absolute or relative path, never NULL */
	char *db_url; /* "sqlite:PATH" or "postgresql://..." */
	char *listen; /* HOST:PORT */
	char *base_url; /* public URL used in emails, no trailing slash */
	char *platform_name;
	char *timezone; /* IANA name for calendar arithmetic */
	char *default_lang; /* "en" or "fr" */
	int threads; /* HTTP worker threads; 0: one per usable CPU */
	int max_connections;
	int per_ip_connections;
	int connection_timeout; /* seconds */
	int max_body_kib;
	int upload_max_kib; /* body limit of the upload routes (R_UPLOAD): course zips, homework files */
	bool secure_cookies;
	int session_idle_minutes;
	int session_absolute_days;
	int signin_attempts_per_15min; /* per account and IP pair */

	/* [mail] */
	char *mail_driver; /* "spool" or "smtp" */
	char *mail_from;
	char *smtp_url; /* smtp://host:port or smtps://... */
	char *smtp_user;
	char *smtp_password;

	/* [rules]: figures of RULES.md */
	int guardian_consent_days; /* ACC-3 */
	int certificate_pass_mark; /* CERT-1, percent */
	int peer_reviews_required; /* CRS-1 */
	int peer_review_claim_hours; /* CRS-1: a review claim expires after this */
	int peer_review_fallback_days; /* CRS-1: then a submission short of reviews goes to staff */
	int homework_upload_max_kb; /* CRS-1: a homework file, KiB (within max_body_kib) */
	int64_t late_fixed_fee; /* PAY-4, cents */
	int late_monthly_rate; /* PAY-4, percent */
	int retry_days[CONFIG_MAX_RETRY_DAYS]; /* PAY-5, ascending */
	int n_retry_days;
	int formal_notice_after_days; /* PAY-5 */
	int suspend_after_notice_days; /* PAY-5 (15 in the terms) */
	int terminate_after_suspension_days; /* PAY-5 */
	int64_t chargeback_fee; /* PAY-6, cents */
	int plus_early_termination_rate; /* PLUS-4, percent, at most 30 */
	int64_t referral_voucher; /* REF-2, cents */
	int price_change_notice_days; /* PAY-2: notice before a new price applies to subscribers */
	int applications_per_week; /* GE-3 */
	int quiz_retry_wait_minutes; /* learning: wait after a failed quiz attempt, 0..10080 */
	int download_link_minutes; /* CRS-2: how long a personal download link works */

	/* [seller]: identity printed on invoices */
	char *seller_name;
	char *seller_address;
	char *seller_vat_number;

	/* [payments]: the payment provider (billing/provider.h, PAY-3) */
	char *payment_provider; /* "simulator" (built in, default) or "adyen" */
	char *adyen_base_url; /* Checkout API base, no trailing slash, without /v71 */
	char *adyen_api_key; /* X-API-Key; also what the simulator's API expects */
	char *adyen_merchant_account;
	char *adyen_hmac_key; /* hex: notification HMAC (simulator signs with it) */
	int adyen_timeout_seconds; /* whole call; beyond it the payment is UNKNOWN */
	int adyen_connect_timeout_seconds;
	char *webhook_user; /* Basic auth of POST /webhooks/adyen; "" none */
	char *webhook_password;
	int reconcile_after_minutes; /* UNKNOWN/PENDING older than this: looked up */
};

/* Fills c with the defaults (every string allocated; free with config_clear). */
void config_defaults(struct config *c, const char *data_dir);
/* Reads an INI file over the current values. A missing file is not an
 * error; an unreadable or malformed one, an unknown key or a value of the
 * wrong type is (ST_INVALID, err names file, section and key). */
enum status config_load_file(struct config *c, const char *path, GString *err);
/* Checks every value against its limits; err names the first bad key. */
enum status config_validate(const struct config *c, GString *err);
/* Writes the current values as an INI text (caller frees). */
char *config_to_ini(const struct config *c);
void config_clear(struct config *c);

/* Parses "40.00", "40", "0.5" as cents; false on anything else. */
bool config_parse_amount(const char *s, int64_t *cents);

#endif
