/* The escaping HTML writer. Every value goes through html_text/html_attr
 * (the same escaping of & < > " ' serves both contexts) or html_url (a query
 * component); raw markup can only come from string literals (html_lit and
 * html_put refuse a non-literal format at compile time). */
#ifndef CAMPUS_HTML_H
#define CAMPUS_HTML_H

#include <glib.h>
#include <stdint.h>
#include <string.h>

void html_text(GString *o, const char *s);
#define html_attr html_text
/* Percent-encodes s for use inside a URL query value or path segment. */
void html_url(GString *o, const char *s);
/* Appends n bytes verbatim (no escaping: for the writer itself and
 * html_lit). g_string_append_len without the call into g_string_insert_len,
 * which handles insertion anywhere and overlapping sources: pages append
 * short runs many times, the top user-space cost of the dashboard after
 * SQLite in a profile. Grows through GLib when full. */
static inline void html_raw_(GString *o, const char *s, size_t n)
{
	if (o->len + n < o->allocated_len) {
		memcpy(o->str + o->len, s, n);
		o->len += n;
		o->str[o->len] = '\0';
	} else {
		g_string_append_len(o, s, (gssize)n);
	}
}
/* Appends a string literal verbatim. */
#define html_lit(o, s) html_raw_((o), "" s "", sizeof(s) - 1)
/* printf-like with a literal format; every %s argument is HTML-escaped,
 * integers are printed as numbers. Only %s %d %u %ld %lld %zu %% are
 * supported. */
#define html_put(o, fmt, ...) html_put_((o), "" fmt "", __VA_ARGS__)
void html_put_(GString *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
