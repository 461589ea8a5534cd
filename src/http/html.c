#include "http/html.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "base/banned.h"

void html_text(GString *o, const char *s)
{
	if (!s)
		return;
	for (;;) {
		/* Copy the longest run that needs no escaping in one go. */
		size_t run = strcspn(s, "&<>\"'");
		html_raw_(o, s, run);
		s += run;
		switch (*s) {
		case '\0': return;
		case '&': html_raw_(o, "&amp;", 5); break;
		case '<': html_raw_(o, "&lt;", 4); break;
		case '>': html_raw_(o, "&gt;", 4); break;
		case '"': html_raw_(o, "&quot;", 6); break;
		default: html_raw_(o, "&#39;", 5); break;
		}
		s++;
	}
}

void html_url(GString *o, const char *s)
{
	if (s)
		g_string_append_uri_escaped(o, s, NULL, FALSE);
}

/* Integers without printf: g_string_append_printf goes through vasprintf
 * (a malloc, a format parse and a free per number), which profiles of the
 * dashboard showed among the top costs of a page. */
static void put_u64(GString *o, unsigned long long v, bool neg)
{
	char buf[24];
	char *p = buf + sizeof(buf);
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		*--p = '-';
	html_raw_(o, p, (size_t)(buf + sizeof(buf) - p));
}

static void put_i64(GString *o, long long v)
{
	/* The magnitude in unsigned arithmetic: -LLONG_MIN overflows. */
	put_u64(o, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
}

void html_put_(GString *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			html_raw_(o, p, strlen(p));
			break;
		}
		html_raw_(o, p, (size_t)(pct - p));
		p = pct + 1;
		if (*p == '%') {
			html_raw_(o, "%", 1);
			p++;
		} else if (*p == 's') {
			html_text(o, va_arg(ap, const char *));
			p++;
		} else if (*p == 'd') {
			put_i64(o, va_arg(ap, int));
			p++;
		} else if (*p == 'u') {
			put_u64(o, va_arg(ap, unsigned), false);
			p++;
		} else if (!strncmp(p, "lld", 3)) {
			put_i64(o, va_arg(ap, long long));
			p += 3;
		} else if (!strncmp(p, "ld", 2)) {
			put_i64(o, va_arg(ap, long));
			p += 2;
		} else if (!strncmp(p, "zu", 2)) {
			put_u64(o, va_arg(ap, size_t), false);
			p += 2;
		} else {
			g_assert_not_reached();
		}
	}
	va_end(ap);
}
