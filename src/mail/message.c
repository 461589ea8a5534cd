/* Messages: the outbox payload (JSON), the checks that keep header
 * injection impossible, and the RFC 5322 / MIME text of a message with
 * RFC 2047 headers and quoted-printable bodies. */
#include "mail/mail_int.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/banned.h"

enum {
	QP_LINE_MAX = 76, /* RFC 2045, 6.7 (5) */
	HEADER_FOLD_AT = 78, /* RFC 5322, 2.1.1 */
	WORD_LINE_MAX = 76, /* RFC 2047, 2: lines holding encoded-words */
	WORD_BYTES = 39, /* UTF-8 bytes per encoded-word: 52 base64 chars, 64 in all */
	BOUNDARY_BYTES = 16,
};

static const char *const hexdigits = "0123456789ABCDEF";

static gpointer init_sodium(gpointer unused)
{
	(void)unused;
	return GINT_TO_POINTER(sodium_init() >= 0);
}

void mail_random_hex(GString *out, size_t nbytes)
{
	static GOnce once = G_ONCE_INIT;
	if (!GPOINTER_TO_INT(g_once(&once, init_sodium, NULL)))
		g_error("mail: libsodium could not be initialised");
	unsigned char buf[32];
	while (nbytes > 0) {
		size_t n = nbytes < sizeof(buf) ? nbytes : sizeof(buf);
		randombytes_buf(buf, n);
		for (size_t i = 0; i < n; i++)
			g_string_append_printf(out, "%02x", buf[i]);
		nbytes -= n;
	}
}

/* Checks */

static bool has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

bool mail_address_ok(const char *addr)
{
	if (!addr)
		return false;
	size_t len = strlen(addr);
	if (len < 3 || len > MAIL_ADDRESS_MAX)
		return false;
	const char *at = strchr(addr, '@');
	if (!at || at == addr || strchr(at + 1, '@') || !at[1])
		return false;
	for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("<>()[]\\,;:\"", *p))
			return false;
	return true;
}

static bool lang_ok(const char *lang)
{
	size_t len = strlen(lang);
	if (len == 0 || len > MAIL_LANG_MAX)
		return false;
	for (const char *p = lang; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-')
			return false;
	return true;
}

enum status mail_check(const struct mail_message *m, GString *err)
{
	if (!mail_address_ok(m->to)) {
		g_string_assign(err,
				"to: not one email address (name@example.org, no spaces or line breaks)");
		return ST_INVALID;
	}
	if (!m->subject) {
		g_string_assign(err, "subject: missing");
		return ST_INVALID;
	}
	if (!g_utf8_validate(m->subject, -1, NULL)) {
		g_string_assign(err, "subject: not UTF-8");
		return ST_INVALID;
	}
	if (has_control(m->subject)) {
		g_string_assign(err, "subject: line breaks and control characters are not allowed");
		return ST_INVALID;
	}
	if (strlen(m->subject) > MAIL_SUBJECT_MAX) {
		g_string_printf(err, "subject: longer than %d bytes", MAIL_SUBJECT_MAX);
		return ST_INVALID;
	}
	if (!m->text) {
		g_string_assign(err, "text: missing");
		return ST_INVALID;
	}
	if (!g_utf8_validate(m->text, -1, NULL)) {
		g_string_assign(err, "text: not UTF-8");
		return ST_INVALID;
	}
	if (m->html && !g_utf8_validate(m->html, -1, NULL)) {
		g_string_assign(err, "html: not UTF-8");
		return ST_INVALID;
	}
	if (m->lang && !lang_ok(m->lang)) {
		g_string_assign(err, "lang: not a language tag (en, fr)");
		return ST_INVALID;
	}
	return ST_OK;
}

/* The outbox payload */

char *mail_to_payload(const struct mail_message *m)
{
	char *out = NULL;
	char *text = NULL;
	GString *err = g_string_new(NULL);
	json_t *o = NULL;

	/* A message that could never be sent is refused when queued, inside
	 * the transaction of its cause, rather than parked later. */
	if (mail_check(m, err) != ST_OK)
		goto cleanup;
	o = json_object();
	json_object_set_new(o, "to", json_string(m->to));
	json_object_set_new(o, "subject", json_string(m->subject));
	json_object_set_new(o, "text", json_string(m->text));
	if (m->html)
		json_object_set_new(o, "html", json_string(m->html));
	if (m->lang)
		json_object_set_new(o, "lang", json_string(m->lang));
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	if (text)
		out = g_strdup(text);
cleanup:
	free(text);
	json_decref(o);
	g_string_free(err, TRUE);
	return out;
}

/* Copies the string member key of o into the arena: NULL when it is absent
 * or null and not required. */
static enum status take(struct arena *a, json_t *o, const char *key, bool required, const char **out,
			GString *err)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (!required)
			return ST_OK;
		g_string_printf(err, "mail payload: %s is missing", key);
		return ST_INVALID;
	}
	if (!json_is_string(v)) {
		g_string_printf(err, "mail payload: %s is not a string", key);
		return ST_INVALID;
	}
	*out = arena_strndup(a, json_string_value(v), json_string_length(v));
	return ST_OK;
}

enum status mail_from_payload(struct arena *a, const char *payload, struct mail_message *m, GString *err)
{
	enum status st = ST_INVALID;
	json_error_t je;
	json_t *o = NULL;

	memset(m, 0, sizeof(*m));
	if (!payload) {
		g_string_assign(err, "mail payload: empty");
		goto cleanup;
	}
	o = json_loads(payload, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		g_string_printf(err, "mail payload: %s", je.text);
		goto cleanup;
	}
	if (!json_is_object(o)) {
		g_string_assign(err, "mail payload: not a JSON object");
		goto cleanup;
	}
	if ((st = take(a, o, "to", true, &m->to, err)) != ST_OK ||
	    (st = take(a, o, "subject", true, &m->subject, err)) != ST_OK ||
	    (st = take(a, o, "text", true, &m->text, err)) != ST_OK ||
	    (st = take(a, o, "html", false, &m->html, err)) != ST_OK ||
	    (st = take(a, o, "lang", false, &m->lang, err)) != ST_OK)
		goto cleanup;
	st = mail_check(m, err);
cleanup:
	json_decref(o);
	if (st != ST_OK)
		memset(m, 0, sizeof(*m));
	return st;
}

/* Quoted-printable */

void mail_qp_encode(GString *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t col = 0;

	while (*p) {
		const unsigned char *eol = p;
		while (*eol && *eol != '\n')
			eol++;
		/* A CR before LF belongs to the line break, not to the line. */
		const unsigned char *end = eol;
		if (*eol == '\n' && end > p && end[-1] == '\r')
			end--;
		for (const unsigned char *q = p; q < end; q++) {
			bool last = q + 1 == end;
			unsigned c = *q;
			bool literal =
				(c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
			size_t n = literal ? 1 : 3;
			/* Room for the '=' of a soft break unless the line ends here. */
			size_t limit = last ? QP_LINE_MAX : QP_LINE_MAX - 1;
			if (col + n > limit) {
				g_string_append(out, "=\r\n");
				col = 0;
			}
			if (col == 0 && (c == '.' || (c == 'F' && !strncmp((const char *)q, "From ", 5))))
				literal = false;
			if (literal) {
				g_string_append_c(out, (char)c);
				col++;
			} else {
				g_string_append_c(out, '=');
				g_string_append_c(out, hexdigits[c >> 4]);
				g_string_append_c(out, hexdigits[c & 15]);
				col += 3;
			}
		}
		if (*eol == '\n') {
			g_string_append(out, "\r\n");
			col = 0;
			eol++;
		}
		p = eol;
	}
}

/* Headers */

static bool needs_encoding(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			return true;
	return strstr(s, "=?") != NULL;
}

/* Appends value as RFC 2047 "B" encoded-words of whole UTF-8 characters,
 * each preceded by a space or by a fold; col is the current column, the
 * column after is returned. */
static size_t put_encoded_words(GString *out, size_t col, const char *value)
{
	const char *p = value;
	while (*p) {
		const char *q = p;
		while (*q) {
			const char *next = g_utf8_next_char(q);
			if ((size_t)(next - p) > WORD_BYTES)
				break;
			q = next;
		}
		gchar *b64 = g_base64_encode((const guchar *)p, (gsize)(q - p));
		size_t wlen = strlen("=?UTF-8?B?") + strlen(b64) + strlen("?=");
		if (col + 1 + wlen > WORD_LINE_MAX) {
			g_string_append(out, "\r\n ");
			col = 1;
		} else {
			g_string_append_c(out, ' ');
			col++;
		}
		g_string_append_printf(out, "=?UTF-8?B?%s?=", b64);
		col += wlen;
		g_free(b64);
		p = q;
	}
	return col;
}

/* Appends printable ASCII value as space-separated tokens, each preceded
 * by a space or, when the line would pass HEADER_FOLD_AT, by a fold. Only
 * non-empty tokens fold, so no line is whitespace alone. */
static size_t put_folded_ascii(GString *out, size_t col, const char *value)
{
	bool first = true;
	const char *p = value;
	for (;;) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		if (!first && n > 0 && col + 1 + n > HEADER_FOLD_AT) {
			g_string_append(out, "\r\n ");
			col = 1;
		} else {
			g_string_append_c(out, ' ');
			col++;
		}
		g_string_append_len(out, p, (gssize)n);
		col += n;
		first = false;
		if (!sp)
			break;
		p = sp + 1;
	}
	return col;
}

void mail_put_header(GString *out, const char *name, const char *value)
{
	g_string_append(out, name);
	g_string_append_c(out, ':');
	if (needs_encoding(value))
		put_encoded_words(out, strlen(name) + 1, value);
	else
		put_folded_ascii(out, strlen(name) + 1, value);
	g_string_append(out, "\r\n");
}

/* Appends name: value keeping only the bytes that may stand in a
 * structured header token (addresses, ids, tags): a bad byte is dropped
 * rather than let through. */
static void put_token_header(GString *out, const char *name, const char *value)
{
	g_string_append(out, name);
	g_string_append(out, ": ");
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (*p > 0x20 && *p < 0x7f)
			g_string_append_c(out, (char)*p);
	g_string_append(out, "\r\n");
}

bool mail_parse_from(struct arena *a, const char *from, char **name, char **addr)
{
	*name = NULL;
	*addr = NULL;
	if (!from || !g_utf8_validate(from, -1, NULL) || has_control(from))
		return false;
	char *copy = g_strstrip(arena_strdup(a, from));
	char *lt = strrchr(copy, '<');
	char *n = copy + strlen(copy); /* "" */
	char *ad = copy;
	if (lt) {
		size_t len = strlen(copy);
		if (copy[len - 1] != '>')
			return false;
		copy[len - 1] = '\0';
		*lt = '\0';
		ad = g_strstrip(lt + 1);
		n = g_strstrip(copy);
		size_t nl = strlen(n);
		if (nl >= 2 && n[0] == '"' && n[nl - 1] == '"') {
			n[nl - 1] = '\0';
			n++;
		}
	}
	if (!mail_address_ok(ad) || strlen(n) > MAIL_NAME_MAX)
		return false;
	*name = n;
	*addr = ad;
	return true;
}

static void put_from(GString *out, struct arena *a, const char *from)
{
	char *name, *addr;
	if (!mail_parse_from(a, from, &name, &addr)) {
		/* mailer_new refuses such a From; mail_format cannot fail, so it
		 * writes what it can without letting a line break through. */
		put_token_header(out, "From", from);
		return;
	}
	if (!*name) {
		put_token_header(out, "From", addr);
		return;
	}
	size_t start = out->len;
	g_string_append(out, "From:");
	size_t col = strlen("From:");
	if (needs_encoding(name)) {
		col = put_encoded_words(out, col, name);
	} else {
		g_string_append(out, " \"");
		for (const char *p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				g_string_append_c(out, '\\');
			g_string_append_c(out, *p);
		}
		g_string_append_c(out, '"');
		col = out->len - start;
	}
	if (col + strlen(addr) + 3 > HEADER_FOLD_AT)
		g_string_append(out, "\r\n");
	g_string_append_printf(out, " <%s>\r\n", addr);
}

static void put_date(GString *out, int64_t date)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)date;
	struct tm tm;
	if (!gmtime_r(&t, &tm)) {
		t = 0;
		gmtime_r(&t, &tm);
	}
	g_string_append_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday],
			       tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
			       tm.tm_sec);
}

static void put_part(GString *out, const char *type, const char *body)
{
	g_string_append_printf(out, "Content-Type: %s; charset=UTF-8\r\n", type);
	g_string_append(out, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	mail_qp_encode(out, body);
}

/* The header comment is in mail.h; m should have passed mail_check. Even if
 * it has not, no field can add or end a header: subject is encoded when it
 * holds a control character, and address-like fields lose such bytes. */
char *mail_format(struct arena *a, const char *from, const struct mail_message *m, int64_t date,
		  const char *message_id)
{
	GString *g = g_string_sized_new(2048 + strlen(m->text) * 2 + (m->html ? strlen(m->html) * 2 : 0));
	gchar *subject = g_utf8_make_valid(m->subject ? m->subject : "", -1);

	put_from(g, a, from);
	put_token_header(g, "To", m->to);
	mail_put_header(g, "Subject", subject);
	put_date(g, date);
	if (message_id && message_id[0] == '<')
		put_token_header(g, "Message-ID", message_id);
	else
		put_token_header(g, "Message-ID", arena_printf(a, "<%s>", message_id ? message_id : ""));
	g_string_append(g, "MIME-Version: 1.0\r\n");
	if (m->lang && lang_ok(m->lang))
		put_token_header(g, "Content-Language", m->lang);
	if (m->html) {
		/* "=_" never occurs in quoted-printable text, so the boundary
		 * cannot collide with a body line. */
		GString *boundary = g_string_new("=_campus_");
		mail_random_hex(boundary, BOUNDARY_BYTES);
		g_string_append_printf(g, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n",
				       boundary->str);
		g_string_append(g, "This is a multi-part message in MIME format.\r\n");
		g_string_append_printf(g, "--%s\r\n", boundary->str);
		put_part(g, "text/plain", m->text);
		g_string_append_printf(g, "\r\n--%s\r\n", boundary->str);
		put_part(g, "text/html", m->html);
		g_string_append_printf(g, "\r\n--%s--\r\n", boundary->str);
		g_string_free(boundary, TRUE);
	} else {
		put_part(g, "text/plain", m->text);
		if (!g_str_has_suffix(g->str, "\r\n"))
			g_string_append(g, "\r\n");
	}
	char *out = arena_strndup(a, g->str, g->len);
	g_free(subject);
	g_string_free(g, TRUE);
	return out;
}
