/* Unit tests of src/base/secrets.c: random tokens, SHA-256 and HMAC-SHA256
 * against published vectors, constant-time comparison. */
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "base/arena.h"
#include "base/secrets.h"

#include "base/banned.h"

static bool is_base64url(const char *s)
{
	for (; *s; s++)
		if (!g_ascii_isalnum(*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

static void test_token_shape(void)
{
	struct arena *a = arena_new();
	for (int i = 0; i < 64; i++) {
		char *t = secrets_token(a, NULL);
		g_assert_cmpuint(strlen(t), ==, 43); /* 32 bytes, no padding */
		g_assert_true(is_base64url(t));
	}
	char *p = secrets_token(a, "cpt_");
	g_assert_cmpuint(strlen(p), ==, 4 + 43);
	g_assert_true(g_str_has_prefix(p, "cpt_"));
	g_assert_true(is_base64url(p + 4));
	char *e = secrets_token(a, "");
	g_assert_cmpuint(strlen(e), ==, 43);
	arena_free(a);
}

/* 256 bits each: a thousand tokens never collide, and together they use
 * the whole alphabet (a constant or low-entropy generator would not). */
static void test_tokens_distinct(void)
{
	struct arena *a = arena_new();
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	bool used[256] = {false};
	for (int i = 0; i < 1000; i++) {
		char *t = secrets_token(a, NULL);
		g_assert_false(g_hash_table_contains(seen, t));
		g_hash_table_add(seen, t);
		for (const char *c = t; *c; c++)
			used[(unsigned char)*c] = true;
	}
	int n = 0;
	for (int i = 0; i < 256; i++)
		n += used[i];
	g_assert_cmpint(n, ==, 64);
	g_hash_table_destroy(seen);
	arena_free(a);
}

static void test_sha256_vectors(void)
{
	struct arena *a = arena_new();
	/* FIPS 180-2 examples */
	g_assert_cmpstr(secrets_sha256_hex(a, "abc"), ==,
			"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	g_assert_cmpstr(secrets_sha256_hex(a, ""), ==,
			"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	g_assert_cmpstr(secrets_sha256_hex(a, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), ==,
			"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	char *h = secrets_sha256_hex(a, "cpt_something");
	g_assert_cmpuint(strlen(h), ==, 64);
	for (const char *c = h; *c; c++)
		g_assert_true(g_ascii_isdigit(*c) || (*c >= 'a' && *c <= 'f'));
	arena_free(a);
}

static void test_hmac_rfc4231(void)
{
	struct arena *a = arena_new();
	/* RFC 4231 test case 2 */
	g_assert_cmpstr(secrets_hmac_hex(a, (const unsigned char *)"Jefe", 4, "what do ya want for nothing?"),
			==, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	/* RFC 4231 test case 1: key = 0x0b x 20, data "Hi There" */
	unsigned char key1[20];
	memset(key1, 0x0b, sizeof(key1));
	g_assert_cmpstr(secrets_hmac_hex(a, key1, sizeof(key1), "Hi There"), ==,
			"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	/* RFC 4231 test case 6: a key longer than the block size (0xaa x 131) */
	unsigned char key6[131];
	memset(key6, 0xaa, sizeof(key6));
	g_assert_cmpstr(secrets_hmac_hex(a, key6, sizeof(key6),
					 "Test Using Larger Than Block-Size Key - Hash Key First"),
			==, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	/* the key matters */
	g_assert_cmpstr(secrets_hmac_hex(a, (const unsigned char *)"Jefe", 3, "what do ya want for nothing?"),
			!=, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	arena_free(a);
}

static void test_equal(void)
{
	g_assert_true(secrets_equal("", ""));
	g_assert_true(secrets_equal("abc", "abc"));
	g_assert_false(secrets_equal("abc", "abd"));
	g_assert_false(secrets_equal("abc", "Abc"));
	g_assert_false(secrets_equal("abc", "ab"));
	g_assert_false(secrets_equal("ab", "abc"));
	g_assert_false(secrets_equal("", "a"));
	struct arena *a = arena_new();
	char *t = secrets_token(a, "cpt_");
	char *copy = g_strdup(t);
	g_assert_true(secrets_equal(t, copy));
	copy[strlen(copy) - 1] ^= 1;
	g_assert_false(secrets_equal(t, copy));
	g_free(copy);
	arena_free(a);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_assert_true(secrets_init());
	g_assert_true(secrets_init()); /* idempotent */

	g_test_add_func("/secrets/token_shape", test_token_shape);
	g_test_add_func("/secrets/tokens_distinct", test_tokens_distinct);
	g_test_add_func("/secrets/sha256_vectors", test_sha256_vectors);
	g_test_add_func("/secrets/hmac_rfc4231", test_hmac_rfc4231);
	g_test_add_func("/secrets/equal", test_equal);
	return g_test_run();
}
