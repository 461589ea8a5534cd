/* Whatever text goes through the escaping writer, no markup comes out. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "http/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = g_strndup((const char *)data, size);
	GString *o = g_string_new(NULL);
	html_text(o, s);
	if (strpbrk(o->str, "<>\"'"))
		__builtin_trap();
	g_string_free(o, TRUE);
	g_free(s);
	return 0;
}
