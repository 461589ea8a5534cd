/* Shared libraries that only some installations use, loaded at their first
 * use instead of at start (perf): libpq (PostgreSQL), libcurl (SMTP, the
 * Adyen adapter) and libzip (course archives) bring OpenSSL, Kerberos,
 * LDAP, SASL, SSH, RTMP and HTTP/2 along: 21 shared objects and about
 * 3.5 MiB of the resident memory of an idle `serve` on SQLite with the
 * spool (DESIGN.md: idle RSS <= 16 MiB), and their relocations at every
 * start of every command.
 *
 * A library's functions are reached through a table of pointers, one per
 * function campus calls, bound by name (db/pq_api.h, base/curl_api.h,
 * catalog/zip_api.h). */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

struct lazy_lib {
	const char *soname; /* "libpq.so.5" */
	const char *const *names; /* the n functions to bind */
	void **const *slots; /* where each one's address goes */
	size_t n;
	/* NULL, or run once after binding: NULL, or why the library cannot be used. */
	const char *(*init)(void);
	GOnce once; /* G_ONCE_INIT */
	const char *failure; /* why it could not be loaded, once tried */
};

/* Loads and binds l at its first call (the library then stays loaded until
 * the process ends). true when its table can be used; else false with
 * err (when not NULL) = "what: why". Thread-safe. */
bool lazy_lib_ready(struct lazy_lib *l, const char *what, GString *err);

/* In the .c file of a table: the names of the functions of list (an
 * X-macro of function names) and the slots of the file's `api` (a struct
 * with a pointer named after each) they are bound to, for struct
 * lazy_lib's names and slots. */
#define LAZY_LIB_NAME_(f) #f,
#define LAZY_LIB_SLOT_(f) (void **)&api.f,
#define LAZY_LIB_TABLE(list)                                                                                 \
	static const char *const names[] = {list(LAZY_LIB_NAME_)};                                           \
	static void **const slots[] = {list(LAZY_LIB_SLOT_)}
