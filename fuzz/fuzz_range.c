/* The Range header parser (media/range.c) and the download-link checker
 * (media/link.c) on arbitrary bytes: they never crash, a partial range
 * always lies inside the representation, and no input but a genuine
 * signature verifies. */
#include <glib.h>
#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "media/link.h"
#include "media/range.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 8)
		return 0;
	uint64_t len = 0;
	memcpy(&len, data, 8);
	if (data[0] & 1)
		len %= 1u << 20; /* small files too, not only huge ones */
	char *s = g_strndup((const char *)data + 8, size - 8);
	struct range r = range_parse(s, len);
	if (r.kind == RANGE_PARTIAL)
		check(len > 0 && r.first <= r.last && r.last < len);
	(void)range_if_range_ok(s, "\"a-b\"", "Thu, 01 Jan 1970 00:00:00 GMT");
	(void)range_if_none_match(s, "\"a-b\"");

	/* "u exp sig" split on spaces of the input. */
	unsigned char key[LINK_KEY_BYTES] = {7};
	gchar **f = g_strsplit(s, " ", 3);
	int64_t uid, exp;
	if (f[0] && f[1] && f[2])
		check(link_verify(key, 1, f[0], f[1], f[2], 0, &uid, &exp) != LINK_VALID);
	g_strfreev(f);
	g_free(s);
	return 0;
}
