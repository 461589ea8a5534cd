/* Files embedded in the binary at build time (scripts/embed.py): static
 * assets served under /static/, translation catalogues, the demo terms. */
#ifndef CAMPUS_ASSETS_H
#define CAMPUS_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name; /* "static/app.css", "po/fr.mo" */
	const unsigned char *data; /* NUL-terminated for convenience */
	size_t len;
	const char *type; /* Content-Type */
	const char *etag; /* quoted strong ETag */
};

extern const struct asset assets[];
extern const size_t assets_len;

/* The asset of that name, or NULL. */
const struct asset *asset_find(const char *name);

#endif
