/* Unit tests of src/media/link.c: personal, expiring download links
 * (CRS-2) signed with HMAC-SHA256. */
#include <glib.h>
#include <sodium.h>
#include <string.h>

#include "media/link.h"

#include "base/banned.h"

static unsigned char key[LINK_KEY_BYTES];

static void setup_key(void)
{
	unsigned char secret[32];
	for (size_t i = 0; i < sizeof(secret); i++)
		secret[i] = (unsigned char)i;
	link_derive_key(secret, sizeof(secret), key);
}

static enum link_check check(int64_t video, const char *u, const char *exp, const char *sig, int64_t now)
{
	int64_t uid = -1, e = -1;
	enum link_check c = link_verify(key, video, u, exp, sig, now, &uid, &e);
	if (c == LINK_VALID) {
		g_assert_cmpint(uid, ==, g_ascii_strtoll(u, NULL, 10));
		g_assert_cmpint(e, ==, g_ascii_strtoll(exp, NULL, 10));
	}
	return c;
}

static void test_crs2_valid_link(void)
{
	char sig[LINK_SIG_HEX + 1];
	link_sign(key, 7, 42, 1800000000, sig);
	g_assert_cmpuint(strlen(sig), ==, 64);
	g_assert_cmpint(check(7, "42", "1800000000", sig, 1700000000), ==, LINK_VALID);
}

/* Every field is bound: changing any one of them breaks the signature. */
static void test_crs2_tamper_each_field(void)
{
	char sig[LINK_SIG_HEX + 1];
	link_sign(key, 7, 42, 1800000000, sig);
	int64_t now = 1700000000;
	g_assert_cmpint(check(8, "42", "1800000000", sig, now), ==, LINK_BAD_SIGNATURE); /* video */
	g_assert_cmpint(check(7, "43", "1800000000", sig, now), ==, LINK_BAD_SIGNATURE); /* user */
	g_assert_cmpint(check(7, "4", "21800000000", sig, now), ==, LINK_BAD_SIGNATURE); /* shifted digits */
	g_assert_cmpint(check(7, "42", "1800000001", sig, now), ==, LINK_BAD_SIGNATURE); /* expiry */
	g_assert_cmpint(check(7, "42", "9999999999", sig, now), ==, LINK_BAD_SIGNATURE);
	for (size_t i = 0; i < LINK_SIG_HEX; i++) { /* every digit of the signature */
		char t[LINK_SIG_HEX + 1];
		memcpy(t, sig, sizeof(t));
		t[i] = t[i] == '0' ? '1' : '0';
		g_assert_cmpint(check(7, "42", "1800000000", t, now), ==, LINK_BAD_SIGNATURE);
	}
	/* Another key (another server) does not verify it either. */
	unsigned char other[LINK_KEY_BYTES];
	unsigned char secret[32] = {1};
	link_derive_key(secret, sizeof(secret), other);
	int64_t uid, e;
	g_assert_cmpint(link_verify(other, 7, "42", "1800000000", sig, now, &uid, &e), ==,
			LINK_BAD_SIGNATURE);
}

/* Valid up to the second before exp; from exp on it has expired. */
static void test_crs2_expiry_boundary(void)
{
	char sig[LINK_SIG_HEX + 1];
	link_sign(key, 7, 42, 1800000000, sig);
	g_assert_cmpint(check(7, "42", "1800000000", sig, 1799999999), ==, LINK_VALID);
	g_assert_cmpint(check(7, "42", "1800000000", sig, 1800000000), ==, LINK_EXPIRED);
	g_assert_cmpint(check(7, "42", "1800000000", sig, 1900000000), ==, LINK_EXPIRED);
	/* A forged link is refused as forged, whatever its expiry. */
	char bad[LINK_SIG_HEX + 1];
	memset(bad, 'a', LINK_SIG_HEX);
	bad[LINK_SIG_HEX] = '\0';
	g_assert_cmpint(check(7, "42", "1000", bad, 1800000000), ==, LINK_BAD_SIGNATURE);
}

static void test_crs2_malformed(void)
{
	char sig[LINK_SIG_HEX + 1];
	link_sign(key, 7, 42, 1800000000, sig);
	int64_t now = 1700000000;
	g_assert_cmpint(check(7, NULL, "1800000000", sig, now), ==, LINK_MALFORMED);
	g_assert_cmpint(check(7, "42", NULL, sig, now), ==, LINK_MALFORMED);
	g_assert_cmpint(check(7, "42", "1800000000", NULL, now), ==, LINK_MALFORMED);
	g_assert_cmpint(check(7, "", "1800000000", sig, now), ==, LINK_MALFORMED);
	g_assert_cmpint(check(7, "042", "1800000000", sig, now), ==, LINK_MALFORMED);
	g_assert_cmpint(check(7, "-42", "1800000000", sig, now), ==, LINK_MALFORMED);
	g_assert_cmpint(check(7, "42 ", "1800000000", sig, now), ==, LINK_MALFORMED);
	g_assert_cmpint(check(7, "42", "99999999999999999999", sig, now), ==, LINK_MALFORMED);
	char t[LINK_SIG_HEX + 2];
	memcpy(t, sig, LINK_SIG_HEX + 1);
	t[0] = (char)g_ascii_toupper(t[0]) == t[0] ? 'G' : (char)g_ascii_toupper(t[0]);
	g_assert_cmpint(check(7, "42", "1800000000", t, now), ==, LINK_MALFORMED);
	memcpy(t, sig, LINK_SIG_HEX);
	t[LINK_SIG_HEX] = '0';
	t[LINK_SIG_HEX + 1] = '\0';
	g_assert_cmpint(check(7, "42", "1800000000", t, now), ==, LINK_MALFORMED);
	g_assert_cmpint(check(7, "42", "1800000000", "", now), ==, LINK_MALFORMED);
}

static void test_parse_id(void)
{
	int64_t v;
	g_assert_true(link_parse_id("1", &v) && v == 1);
	g_assert_true(link_parse_id("9223372036854775807", &v) && v == G_MAXINT64);
	g_assert_false(link_parse_id("9223372036854775808", &v));
	g_assert_false(link_parse_id("0", &v));
	g_assert_false(link_parse_id("1e3", &v));
	g_assert_false(link_parse_id("+1", &v));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_assert_cmpint(sodium_init(), >=, 0);
	setup_key();
	g_test_add_func("/media/link/crs2-valid", test_crs2_valid_link);
	g_test_add_func("/media/link/crs2-tamper-each-field", test_crs2_tamper_each_field);
	g_test_add_func("/media/link/crs2-expiry-boundary", test_crs2_expiry_boundary);
	g_test_add_func("/media/link/crs2-malformed", test_crs2_malformed);
	g_test_add_func("/media/link/parse-id", test_parse_id);
	return g_test_run();
}
