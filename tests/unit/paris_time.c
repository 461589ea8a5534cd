#include "paris_time.h"

#include "base/banned.h"

GTimeZone *paris;

void paris_time_init(void)
{
	paris = g_time_zone_new_identifier("Europe/Paris");
	g_assert_nonnull(paris);
}

int64_t utc(int y, int m, int d, int h, int mi, int s)
{
	GDateTime *dt = g_date_time_new_utc(y, m, d, h, mi, s);
	int64_t t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

int64_t local(int y, int m, int d, int h, int mi, int s)
{
	GDateTime *dt = g_date_time_new(paris, y, m, d, h, mi, s);
	g_assert_nonnull(dt);
	int64_t t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

void assert_local(int64_t t, int y, int m, int d, int h, int mi)
{
	GDateTime *u = g_date_time_new_from_unix_utc(t);
	GDateTime *l = g_date_time_to_timezone(u, paris);
	char *got = g_date_time_format(l, "%Y-%m-%d %H:%M");
	char *want = g_strdup_printf("%04d-%02d-%02d %02d:%02d", y, m, d, h, mi);
	g_assert_cmpstr(got, ==, want);
	g_free(want);
	g_free(got);
	g_date_time_unref(l);
	g_date_time_unref(u);
}
