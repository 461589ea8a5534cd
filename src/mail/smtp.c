/* The SMTP driver: one libcurl easy handle per message, so that sends
 * from several threads share nothing. */
#include "mail/mail_int.h"

#include "base/curl_api.h"

#include <string.h>

#include "base/banned.h"

enum { SMTP_TIMEOUT_S = 30, SMTP_CONNECT_TIMEOUT_S = 10 };

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t read_cb(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct upload *u = userdata;
	size_t room = size * nitems;
	size_t n = u->len - u->pos;
	if (n > room)
		n = room;
	memcpy(buf, u->data + u->pos, n);
	u->pos += n;
	return n;
}

/* url without any user:password@ part, for messages (no secrets in logs).
 * Caller frees. */
static char *redacted(const char *url)
{
	const char *host = strstr(url, "://");
	host = host ? host + 3 : url;
	const char *at = strchr(host, '@');
	const char *slash = strchr(host, '/');
	if (!at || (slash && slash < at))
		return g_strdup(url);
	return g_strdup_printf("%.*s%s", (int)(host - url), url, at + 1);
}

enum status mail_smtp_send(const struct mail_smtp *s, const char *rcpt, const char *msg, size_t len,
			   GString *err)
{
	enum status st = ST_IO;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct upload up = {.data = msg, .len = len, .pos = 0};
	struct curl_slist *rcpts = NULL;
	char *env_from = g_strdup_printf("<%s>", s->from);
	char *env_to = g_strdup_printf("<%s>", rcpt);
	char *where = redacted(s->url);
	const struct curl_api *cu = curl_api(err);
	CURL *curl = cu ? cu->curl_easy_init() : NULL;

	if (!cu)
		goto cleanup;
	if (!curl) {
		g_string_assign(err, "smtp: cannot create a curl handle");
		goto cleanup;
	}
	rcpts = cu->curl_slist_append(rcpts, env_to);
	cu->curl_easy_setopt(curl, CURLOPT_URL, s->url);
	cu->curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	cu->curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	cu->curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)SMTP_TIMEOUT_S);
	cu->curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)SMTP_CONNECT_TIMEOUT_S);
	cu->curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (g_str_has_prefix(s->url, "smtp://"))
		cu->curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (s->user && *s->user) {
		cu->curl_easy_setopt(curl, CURLOPT_USERNAME, s->user);
		cu->curl_easy_setopt(curl, CURLOPT_PASSWORD, s->password ? s->password : "");
	}
	cu->curl_easy_setopt(curl, CURLOPT_MAIL_FROM, env_from);
	cu->curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
	cu->curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
	cu->curl_easy_setopt(curl, CURLOPT_READDATA, &up);
	cu->curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	cu->curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);

	CURLcode rc = cu->curl_easy_perform(curl);
	if (rc == CURLE_OK) {
		st = ST_OK;
		goto cleanup;
	}
	long code = 0;
	cu->curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
	const char *why = errbuf[0] ? errbuf : cu->curl_easy_strerror(rc);
	/* A 5xx reply is the relay's final word on this message (RFC 5321,
	 * 4.2.1): retrying cannot help. A refused sender or refused
	 * credentials, though, are the operator's to fix, and every message
	 * waits for that fix. */
	bool sender = g_str_has_prefix(errbuf, "MAIL failed");
	if (code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED && !sender) {
		st = ST_INVALID;
		g_string_printf(err, "smtp: %s refused by %s: %s (reply %ld)", rcpt, where, why, code);
	} else if (code > 0) {
		g_string_printf(err, "smtp: sending through %s failed: %s (reply %ld)", where, why, code);
	} else {
		g_string_printf(err, "smtp: sending through %s failed: %s", where, why);
	}
cleanup:
	if (cu) {
		cu->curl_slist_free_all(rcpts);
		cu->curl_easy_cleanup(curl);
	}
	g_free(env_from);
	g_free(env_to);
	g_free(where);
	return st;
}
