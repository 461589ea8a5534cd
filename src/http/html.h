/* The escaping HTML writer. Every value goes through html_text/html_attr
 * (the same escaping of & < > " ' serves both contexts) or html_url (a query
 * component); raw markup can only come from string literals (html_lit and
 * html_put refuse a non-literal format at compile time). */
#ifndef CAMPUS_HTML_H
#define CAMPUS_HTML_H

#include <glib.h>
#include <stdint.h>

void html_text(GString *o, const char *s);
#define html_attr html_text
/* Percent-encodes s for use inside a URL query value or path segment. */
void html_url(GString *o, const char *s);
/* Appends a string literal verbatim. */
#define html_lit(o, s) g_string_append_len((o), "" s "", (gssize)(sizeof(s) - 1))
/* printf-like with a literal format; every %s argument is HTML-escaped,
 * integers are printed as numbers. Only %s %d %u %ld %lld %zu %% are
 * supported. */
#define html_put(o, fmt, ...) html_put_((o), "" fmt "", __VA_ARGS__)
void html_put_(GString *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
