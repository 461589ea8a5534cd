#include "mail_test_util.h"

#include <string.h>

#include "base/banned.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1; /* RFC 2045 wants upper-case hex from encoders */
}

char *qp_decode(const char *s)
{
	GString *out = g_string_new(NULL);
	const char *p = s;
	while (*p) {
		const char *eol = strstr(p, "\r\n");
		const char *end = eol ? eol : p + strlen(p);
		bool soft = false;
		if (end - p > 76 || (end > p && (end[-1] == ' ' || end[-1] == '\t')))
			goto bad;
		for (const char *q = p; q < end; q++) {
			unsigned char c = (unsigned char)*q;
			if (c == '=') {
				if (q + 1 == end) {
					soft = true;
					break;
				}
				if (end - q < 3 || hexval(q[1]) < 0 || hexval(q[2]) < 0)
					goto bad;
				g_string_append_c(out, (char)(hexval(q[1]) * 16 + hexval(q[2])));
				q += 2;
			} else if ((c >= 33 && c <= 126) || c == ' ' || c == '\t') {
				g_string_append_c(out, (char)c);
			} else {
				goto bad;
			}
		}
		if (eol) {
			if (!soft)
				g_string_append_c(out, '\n');
			p = eol + 2;
		} else {
			p = end;
		}
	}
	return g_string_free(out, FALSE);
bad:
	g_string_free(out, TRUE);
	return NULL;
}

char *header_get(const char *msg, const char *name)
{
	const char *hend = strstr(msg, "\r\n\r\n");
	size_t nlen = strlen(name);
	if (!hend)
		hend = msg + strlen(msg);
	for (const char *line = msg; line < hend;) {
		const char *eol = strstr(line, "\r\n");
		if (!eol || eol > hend)
			eol = hend;
		if (!g_ascii_strncasecmp(line, name, nlen) && line[nlen] == ':') {
			GString *v = g_string_new_len(line + nlen + 1, eol - line - (gssize)nlen - 1);
			while (eol < hend && (eol[2] == ' ' || eol[2] == '\t')) {
				const char *next = strstr(eol + 2, "\r\n");
				if (!next || next > hend)
					next = hend;
				g_string_append_len(v, eol + 2, next - eol - 2);
				eol = next;
			}
			while (v->len && (v->str[0] == ' ' || v->str[0] == '\t'))
				g_string_erase(v, 0, 1);
			return g_string_free(v, FALSE);
		}
		line = eol + 2;
	}
	return NULL;
}

/* Decodes one encoded-word at p into out; returns the end of the word or
 * NULL when p does not start a valid one. */
static const char *decode_word(const char *p, GString *out)
{
	if (strncmp(p, "=?", 2))
		return NULL;
	const char *q1 = strchr(p + 2, '?');
	if (!q1 || g_ascii_strncasecmp(p + 2, "UTF-8", 5) || q1 != p + 7)
		return NULL;
	char enc = g_ascii_toupper(q1[1]);
	if ((enc != 'B' && enc != 'Q') || q1[2] != '?')
		return NULL;
	const char *text = q1 + 3;
	const char *end = strstr(text, "?=");
	if (!end || memchr(text, ' ', (size_t)(end - text)))
		return NULL;
	GString *raw = g_string_new(NULL);
	if (enc == 'B') {
		char *b64 = g_strndup(text, (gsize)(end - text));
		gsize n = 0;
		guchar *bytes = g_base64_decode(b64, &n);
		g_string_append_len(raw, (const char *)bytes, (gssize)n);
		g_free(bytes);
		g_free(b64);
	} else {
		for (const char *q = text; q < end; q++) {
			if (*q == '_') {
				g_string_append_c(raw, ' ');
			} else if (*q == '=' && end - q >= 3 && hexval(q[1]) >= 0 && hexval(q[2]) >= 0) {
				g_string_append_c(raw, (char)(hexval(q[1]) * 16 + hexval(q[2])));
				q += 2;
			} else {
				g_string_append_c(raw, *q);
			}
		}
	}
	bool ok = g_utf8_validate(raw->str, (gssize)raw->len, NULL);
	if (ok)
		g_string_append_len(out, raw->str, (gssize)raw->len);
	g_string_free(raw, TRUE);
	return ok ? end + 2 : NULL;
}

char *rfc2047_decode(const char *value)
{
	GString *out = g_string_new(NULL);
	GString *ws = g_string_new(NULL);
	bool after_word = false;
	const char *p = value;
	while (*p) {
		if (!strncmp(p, "=?", 2)) {
			const char *next = decode_word(p, out);
			if (!next)
				goto bad;
			g_string_truncate(ws, 0); /* space between two words is not text */
			after_word = true;
			p = next;
			continue;
		}
		if (after_word && (*p == ' ' || *p == '\t')) {
			g_string_append_c(ws, *p++);
			continue;
		}
		g_string_append_len(out, ws->str, (gssize)ws->len);
		g_string_truncate(ws, 0);
		after_word = false;
		g_string_append_c(out, *p++);
	}
	g_string_append_len(out, ws->str, (gssize)ws->len);
	g_string_free(ws, TRUE);
	return g_string_free(out, FALSE);
bad:
	g_string_free(ws, TRUE);
	g_string_free(out, TRUE);
	return NULL;
}

static char *part_body_if(const char *part, const char *type)
{
	char *ct = header_get(part, "Content-Type");
	const char *body = strstr(part, "\r\n\r\n");
	char *res = NULL;
	if (ct && body && g_str_has_prefix(ct, type))
		res = g_strdup(body + 4);
	g_free(ct);
	return res;
}

char *mime_body(const char *msg, const char *type)
{
	char *ct = header_get(msg, "Content-Type");
	char *res = NULL;
	char *delim = NULL;
	if (!ct)
		goto cleanup;
	if (!g_str_has_prefix(ct, "multipart/")) {
		res = part_body_if(msg, type);
		goto cleanup;
	}
	const char *b = strstr(ct, "boundary=\"");
	if (!b)
		goto cleanup;
	b += strlen("boundary=\"");
	const char *bend = strchr(b, '"');
	if (!bend)
		goto cleanup;
	delim = g_strdup_printf("\r\n--%.*s", (int)(bend - b), b);
	const char *p = strstr(msg, delim);
	while (p && !res) {
		p += strlen(delim);
		if (!strncmp(p, "--", 2))
			break; /* the close delimiter */
		if (strncmp(p, "\r\n", 2))
			break;
		p += 2;
		const char *next = strstr(p, delim);
		if (!next)
			break;
		char *part = g_strndup(p, (gsize)(next - p));
		res = part_body_if(part, type);
		g_free(part);
		p = next;
	}
cleanup:
	g_free(delim);
	g_free(ct);
	return res;
}

bool lines_ok(const char *msg, size_t max)
{
	const char *p = msg;
	while (*p) {
		const char *nl = strchr(p, '\n');
		if (!nl || nl == p || nl[-1] != '\r')
			return false;
		const char *cr = memchr(p, '\r', (size_t)(nl - p));
		if (cr != nl - 1 || (size_t)(nl - 1 - p) > max)
			return false;
		p = nl + 1;
	}
	return true;
}
