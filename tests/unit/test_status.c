/* Unit tests of src/base/status.c: stable, distinct names (they appear in
 * problem+json "type" URIs, so a change is an API change). */
#include <glib.h>
#include <string.h>

#include "base/status.h"

#include "base/banned.h"

static void test_names(void)
{
	static const struct {
		enum status st;
		const char *name;
	} want[] = {
		{ST_OK, "ok"},
		{ST_NOTFOUND, "not-found"},
		{ST_INVALID, "invalid"},
		{ST_UNAUTHORIZED, "unauthorized"},
		{ST_FORBIDDEN, "forbidden"},
		{ST_CONFLICT, "conflict"},
		{ST_TOOMANY, "too-many-requests"},
		{ST_IO, "io-error"},
		{ST_DB, "database-error"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		g_assert_cmpstr(status_name(want[i].st), ==, want[i].name);
	g_assert_cmpstr(status_name((enum status)999), ==, "unknown");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/status/names", test_names);
	return g_test_run();
}
