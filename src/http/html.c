#include "http/html.h"

#include <stdarg.h>
#include <string.h>

#include "base/banned.h"

void html_text(GString *o, const char *s)
{
	if (!s)
		return;
	for (;;) {
		/* Copy the longest run that needs no escaping in one go. */
		size_t run = strcspn(s, "&<>\"'");
		g_string_append_len(o, s, (gssize)run);
		s += run;
		switch (*s) {
		case '\0': return;
		case '&': g_string_append_len(o, "&amp;", 5); break;
		case '<': g_string_append_len(o, "&lt;", 4); break;
		case '>': g_string_append_len(o, "&gt;", 4); break;
		case '"': g_string_append_len(o, "&quot;", 6); break;
		default: g_string_append_len(o, "&#39;", 5); break;
		}
		s++;
	}
}

void html_url(GString *o, const char *s)
{
	if (s)
		g_string_append_uri_escaped(o, s, NULL, FALSE);
}

void html_put_(GString *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			g_string_append(o, p);
			break;
		}
		g_string_append_len(o, p, (gssize)(pct - p));
		p = pct + 1;
		if (*p == '%') {
			g_string_append_c(o, '%');
			p++;
		} else if (*p == 's') {
			html_text(o, va_arg(ap, const char *));
			p++;
		} else if (*p == 'd') {
			g_string_append_printf(o, "%d", va_arg(ap, int));
			p++;
		} else if (*p == 'u') {
			g_string_append_printf(o, "%u", va_arg(ap, unsigned));
			p++;
		} else if (!strncmp(p, "lld", 3)) {
			g_string_append_printf(o, "%lld", va_arg(ap, long long));
			p += 3;
		} else if (!strncmp(p, "ld", 2)) {
			g_string_append_printf(o, "%ld", va_arg(ap, long));
			p += 2;
		} else if (!strncmp(p, "zu", 2)) {
			g_string_append_printf(o, "%zu", va_arg(ap, size_t));
			p += 2;
		} else {
			g_assert_not_reached();
		}
	}
	va_end(ap);
}
