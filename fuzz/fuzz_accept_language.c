/* Accept-Language comes from any visitor: negotiation must always answer a
 * supported language, whatever the bytes. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "base/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = g_strndup((const char *)data, size);
	const char *lang = i18n_negotiate(s, "en");
	if (strcmp(lang, "en") && strcmp(lang, "fr"))
		__builtin_trap();
	g_free(s);
	return 0;
}
