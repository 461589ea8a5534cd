/* The page shell and form helpers shared by every HTML page. All output
 * goes to r->h->out through the escaping writer. */
#ifndef CAMPUS_LAYOUT_H
#define CAMPUS_LAYOUT_H

#include <stdbool.h>

#include "http/html.h"
#include "web/app.h"

/* Doctype, head, skip link, header with navigation; opens <main>. */
void page_begin(struct req *r, const char *title);
/* Open Graph metadata of a page that is shared (og:title is the title). */
struct page_meta {
	const char *description; /* og:description and <meta name="description"> */
	const char *url; /* og:url: the canonical absolute URL */
	const char *type; /* og:type, e.g. "website" */
};
/* page_begin with Open Graph metadata in the head (meta may be NULL). */
void page_begin_meta(struct req *r, const char *title, const struct page_meta *meta);
/* Closes <main>; footer with terms link and the language switch. */
void page_end(struct req *r);

/* The hidden CSRF input of a form. */
void form_csrf(struct req *r);
/* req_csrf for page_cache_get (a page_cache_token_fn; req is a struct req). */
const char *page_token(void *req);
/* An alert listing the errors, when there are any. */
void form_error_summary(struct req *r, GArray *errs);
/* The translated message for field, or NULL. */
const char *form_field_error(struct req *r, GArray *errs, const char *field);

struct input {
	const char *name, *label, *type, *value, *autocomplete, *hint;
	bool required;
};
/* A labelled input with its error (aria-invalid, aria-describedby). */
void form_input(struct req *r, GArray *errs, const struct input *in);
/* A labelled <select> of the countries, selected sets the current one. */
void form_country_select(struct req *r, GArray *errs, const char *selected);
/* A labelled <select> of the languages. */
void form_lang_select(struct req *r, GArray *errs, const char *selected);

/* Renders an HTML page: r->h->out gets status 200 and text/html. */
void page_ok(struct req *r);

#endif
