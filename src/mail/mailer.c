/* The mailer: checks a message, formats it once and hands it to the driver
 * named by [mail] driver, through a table (spool, smtp). A mailer is read
 * only after mailer_new, so sends from several threads need no lock. */
#include "mail/mail_int.h"

#include "base/curl_api.h"

#include <sodium.h>
#include <string.h>

#include "base/banned.h"

enum { MESSAGE_ID_RANDOM_BYTES = 12 };

struct mailer;
typedef enum status (*send_fn)(const struct mailer *ml, const struct mail_message *m, const char *msg,
			       size_t len, int64_t now, GString *err);

struct mailer {
	send_fn send;
	char *from; /* the From header as configured */
	char *from_addr; /* its address: the envelope sender */
	char *from_domain; /* right of its '@': the Message-ID domain */
	char *spool_dir; /* DATA/mail */
	char *smtp_url;
	char *smtp_user;
	char *smtp_password;
};

static enum status spool_send(const struct mailer *ml, const struct mail_message *m, const char *msg,
			      size_t len, int64_t now, GString *err)
{
	(void)m;
	return mail_spool_write(ml->spool_dir, msg, len, now, err);
}

static enum status smtp_send(const struct mailer *ml, const struct mail_message *m, const char *msg,
			     size_t len, int64_t now, GString *err)
{
	(void)now;
	struct mail_smtp s = {
		.url = ml->smtp_url,
		.user = ml->smtp_user,
		.password = ml->smtp_password,
		.from = ml->from_addr,
	};
	return mail_smtp_send(&s, m->to, msg, len, err);
}

static const struct {
	const char *name;
	send_fn send;
} drivers[] = {
	{"spool", spool_send},
	{"smtp", smtp_send},
};

/* See mail.h. The mailer copies what it needs of cfg: cfg may be freed
 * before it. Caller frees the result with mailer_free. */
struct mailer *mailer_new(const struct config *cfg, GString *err)
{
	struct mailer *ml = NULL;
	struct arena *a = arena_new();
	char *name, *addr;
	send_fn send = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(drivers); i++)
		if (cfg->mail_driver && !strcmp(cfg->mail_driver, drivers[i].name))
			send = drivers[i].send;
	if (!send) {
		g_string_printf(err, "[mail] driver = %s: use spool or smtp",
				cfg->mail_driver ? cfg->mail_driver : "");
		goto cleanup;
	}
	if (!mail_parse_from(a, cfg->mail_from, &name, &addr)) {
		g_string_printf(err, "[mail] from = %s: write \"Name <address@example.org>\" or an address",
				cfg->mail_from ? cfg->mail_from : "");
		goto cleanup;
	}
	if (send == smtp_send) {
		if (!cfg->smtp_url || (!g_str_has_prefix(cfg->smtp_url, "smtp://") &&
				       !g_str_has_prefix(cfg->smtp_url, "smtps://"))) {
			g_string_assign(
				err,
				"[mail] smtp_url must start with smtp:// or smtps:// when driver = smtp");
			goto cleanup;
		}
		if (!curl_api(err))
			goto cleanup; /* the SMTP driver needs libcurl */
	}
	ml = g_new0(struct mailer, 1);
	ml->send = send;
	ml->from = g_strdup(cfg->mail_from);
	ml->from_addr = g_strdup(addr);
	ml->from_domain = g_strdup(strchr(addr, '@') + 1);
	ml->spool_dir = g_build_filename(cfg->data_dir, "mail", NULL);
	ml->smtp_url = g_strdup(cfg->smtp_url ? cfg->smtp_url : "");
	ml->smtp_user = g_strdup(cfg->smtp_user ? cfg->smtp_user : "");
	ml->smtp_password = g_strdup(cfg->smtp_password ? cfg->smtp_password : "");
cleanup:
	arena_free(a);
	return ml;
}

/* See mail.h. The message is checked again here (mail_check), so that a
 * message built in code rather than read from a payload cannot carry a
 * header injection to a driver either. */
enum status mailer_send(struct mailer *ml, const struct mail_message *m, int64_t now, GString *err)
{
	enum status st = mail_check(m, err);
	if (st != ST_OK)
		return st;
	struct arena *a = arena_new();
	GString *id = g_string_new(NULL);
	g_string_append_printf(id, "<%lld.", (long long)now);
	mail_random_hex(id, MESSAGE_ID_RANDOM_BYTES);
	g_string_append_printf(id, "@%s>", ml->from_domain);
	char *msg = mail_format(a, ml->from, m, now, id->str);
	st = ml->send(ml, m, msg, strlen(msg), now, err);
	g_string_free(id, TRUE);
	arena_free(a);
	return st;
}

void mailer_free(struct mailer *ml)
{
	if (!ml)
		return;
	if (ml->smtp_password)
		sodium_memzero(ml->smtp_password, strlen(ml->smtp_password));
	g_free(ml->from);
	g_free(ml->from_addr);
	g_free(ml->from_domain);
	g_free(ml->spool_dir);
	g_free(ml->smtp_url);
	g_free(ml->smtp_user);
	g_free(ml->smtp_password);
	g_free(ml);
}
