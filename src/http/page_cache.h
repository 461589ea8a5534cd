/* A cache of rendered pages for visitors (no session, no API token): the
 * bytes of a page under a key (what the page depends on: path, canonical
 * query, language, day), valid while its version string (what the database
 * says the content is, read per request by the caller) stays the same.
 *
 * The visitor's CSRF token is not part of the cached bytes: the places where
 * the token of the visitor who rendered the page appears are remembered, and
 * every hit writes the current visitor's token there. So a cached page is
 * never personal, and the anonymous-cookie CSRF protection stays as it is.
 * Pages without a form that needs a token (the home page and the catalogue:
 * the visitors' language switch is a GET) have no holes and are answered
 * from the cached bytes themselves, shared by reference.
 *
 * Bounded (entries and bytes): when full, it starts again empty. Thread-safe.
 * The visitors' table is never used for signed-in users (the callers
 * check): their pages are personal (progress, email, roles); a signed-in
 * session's own pages go to the personal table, by commit stamp only. */
#ifndef CAMPUS_PAGE_CACHE_H
#define CAMPUS_PAGE_CACHE_H

#include <glib.h>
#include <stdbool.h>

enum {
	PAGE_CACHE_MAX_ENTRIES = 512,
	PAGE_CACHE_MAX_BYTES = 4 * 1024 * 1024,
	PAGE_CACHE_PERSONAL_MAX_ENTRIES = 1024,
	PAGE_CACHE_PERSONAL_MAX_BYTES = 8 * 1024 * 1024,
};

/* The token of the visitor being answered, asked for only when the page
 * found has holes for one (so visitors of pages without forms need none). */
typedef const char *(*page_cache_token_fn)(void *arg);

/* When key holds a page known valid at commit stamp (db_commit_stamp: no
 * commit since its version was read), or of this version, answers it and
 * returns true: a page without token holes as a new reference to its bytes
 * in *shared when shared is not NULL (no copy: the caller owns the
 * reference, see http_req.resp_bytes); otherwise copied into out (its
 * content replaced) with token(arg) written in, when that token fits the
 * holes (same length). stamp and version may be NULL (not known); a page
 * found by version is then known valid at stamp. token may be NULL only
 * for pages stored without holes. */
bool page_cache_get(const char *key, const char *stamp, const char *version, page_cache_token_fn token,
		    void *arg, GString *out, GBytes **shared);

/* Stores body (copied) under key and version, valid at stamp (NULL: none);
 * the occurrences of token in body (when token is not NULL) become holes.
 * The version must have been read after the stamp. Pages larger than a
 * quarter of the budget are not kept. */
void page_cache_put(const char *key, const char *stamp, const char *version, const char *body, size_t len,
		    const char *token);

/* Pages of one signed-in session (the dashboard), in a table of their own
 * (many users cannot push visitors' pages out), valid only while the
 * database's commit stamp stays the one they were rendered at (rendered
 * after reading it): nothing of what they show can have changed. The key
 * must name the session (its token hash) and everything else the page
 * depends on. NULL stamp: never a hit, nothing stored. A hit gives a new
 * reference to the bytes (see page_cache_get). */
bool page_cache_personal_get(const char *key, const char *stamp, GBytes **shared);
void page_cache_personal_put(const char *key, const char *stamp, const char *body, size_t len);

/* Empties the cache, both tables (tests, and an import in this process). */
void page_cache_clear(void);

#endif
