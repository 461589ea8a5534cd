/* The .mo reader must refuse any malformed catalogue without reading out of
 * bounds. */
#include <stdint.h>

#include "base/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (i18n_load_mo("fr", data, size))
		(void)i18n_get("fr", "Sign in");
	i18n_unload();
	return 0;
}
