/* See lazy_lib.h. */
#include "base/lazy_lib.h"

#include <dlfcn.h>

#include "base/banned.h"

/* The failures are made once per library and process and kept for every
 * later caller: never freed. */
static gpointer load(gpointer data)
{
	struct lazy_lib *l = data;
	void *lib = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *why = dlerror();
		l->failure = g_strdup_printf("cannot load %s: %s", l->soname, why ? why : "unknown error");
		return NULL;
	}
	for (size_t i = 0; i < l->n; i++) {
		*l->slots[i] = dlsym(lib, l->names[i]);
		if (!*l->slots[i]) {
			l->failure = g_strdup_printf("%s has no %s", l->soname, l->names[i]);
			return NULL;
		}
	}
	if (l->init)
		l->failure = l->init();
	return NULL;
}

bool lazy_lib_ready(struct lazy_lib *l, const char *what, GString *err)
{
	g_once(&l->once, load, l);
	if (l->failure && err)
		g_string_printf(err, "%s: %s", what, l->failure);
	return !l->failure;
}
