/* Dates arrive from forms (birth dates) and the test-clock API (RFC 3339). */
#include <glib.h>
#include <stdint.h>

#include "base/config.h"
#include "base/dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = g_strndup((const char *)data, size);
	int y, m, d;
	if (dates_parse_ymd(s, &y, &m, &d) && (m < 1 || m > 12 || d < 1 || d > dates_days_in_month(y, m)))
		__builtin_trap();
	int64_t t;
	if (dates_parse_rfc3339(s, &t)) {
		char buf[32];
		dates_format_rfc3339(t, buf, sizeof(buf));
	}
	int64_t cents;
	if (config_parse_amount(s, &cents) && cents < 0)
		__builtin_trap();
	g_free(s);
	return 0;
}
