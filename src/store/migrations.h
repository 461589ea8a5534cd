/* The schema, as an ordered list of migrations applied by db_migrate
 * (db/migrate.c). A migration is never edited once released: a change to
 * the schema is a new entry at the end. */
#ifndef CAMPUS_MIGRATIONS_H
#define CAMPUS_MIGRATIONS_H

#include <stddef.h>

struct migration {
	int version; /* 1, 2, ... in order */
	const char *name;
	const char *sqlite; /* a script of several statements */
	const char *pg;
};

extern const struct migration migrations[];
extern const size_t migrations_count;

/* Creates schema_migrations if missing (the same text for both backends). */
extern const char migrations_bootstrap[];

#endif
