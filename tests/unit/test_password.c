/* Unit tests of src/accounts/password.c: Argon2id hashes (libsodium). */
#include <glib.h>
#include <sodium.h>
#include <string.h>

#include "accounts/password.h"
#include "base/arena.h"
#include "base/secrets.h"

#include "base/banned.h"

static void test_hash_verifies(void)
{
	struct arena *a = arena_new();
	const char *pw = "correct horse battery staple";
	char *h = password_hash(a, pw);
	g_assert_nonnull(h);
	g_assert_true(g_str_has_prefix(h, "$argon2id$"));
	g_assert_null(strstr(h, pw)); /* never the password itself */
	g_assert_true(password_verify(h, pw));
	g_assert_false(password_verify(h, "correct horse battery stapl"));
	g_assert_false(password_verify(h, "correct horse battery staple "));
	g_assert_false(password_verify(h, "Correct horse battery staple"));
	g_assert_false(password_verify(h, ""));

	/* salted: the same password twice gives two hashes, both valid */
	char *h2 = password_hash(a, pw);
	g_assert_cmpstr(h, !=, h2);
	g_assert_true(password_verify(h2, pw));

	/* Unicode passwords */
	char *hu = password_hash(a, "mot de passe très sûr");
	g_assert_true(password_verify(hu, "mot de passe très sûr"));
	g_assert_false(password_verify(hu, "mot de passe tres sur"));
	arena_free(a);
}

static void test_verify_bad_hashes(void)
{
	g_assert_false(password_verify(NULL, "whatever12"));
	g_assert_false(password_verify("", "whatever12"));
	g_assert_false(password_verify("not a hash", "whatever12"));
	g_assert_false(password_verify("$argon2id$v=19$m=65536,t=2,p=1$garbage", "whatever12"));
	g_assert_false(password_verify("$2y$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
				       "whatever12"));
}

static void test_needs_rehash(void)
{
	struct arena *a = arena_new();
	char *h = password_hash(a, "a fresh password");
	g_assert_false(password_needs_rehash(h));

	/* a hash made with the weakest parameters libsodium allows */
	char weak[crypto_pwhash_STRBYTES];
	g_assert_cmpint(crypto_pwhash_str_alg(weak, "an old password", strlen("an old password"),
					      crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
					      crypto_pwhash_ALG_ARGON2ID13),
			==, 0);
	g_assert_true(password_verify(weak, "an old password")); /* still accepted */
	g_assert_true(password_needs_rehash(weak));

	/* weaker in memory only, and in time only */
	g_assert_cmpint(crypto_pwhash_str_alg(weak, "x", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
					      crypto_pwhash_MEMLIMIT_INTERACTIVE / 2,
					      crypto_pwhash_ALG_ARGON2ID13),
			==, 0);
	g_assert_true(password_needs_rehash(weak));
	g_assert_cmpint(crypto_pwhash_str_alg(weak, "x", 1, crypto_pwhash_OPSLIMIT_MIN,
					      crypto_pwhash_MEMLIMIT_INTERACTIVE,
					      crypto_pwhash_ALG_ARGON2ID13),
			==, 0);
	g_assert_true(password_needs_rehash(weak));

	/* an Argon2i hash (the older variant) */
	g_assert_cmpint(crypto_pwhash_str_alg(weak, "x", 1, crypto_pwhash_argon2i_OPSLIMIT_MIN,
					      crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2I13),
			==, 0);
	g_assert_true(password_needs_rehash(weak));

	/* not a hash at all */
	g_assert_true(password_needs_rehash("not a hash"));
	arena_free(a);
}

/* password.h: "true when the hash was made with weaker parameters than
 * today's": a stronger hash (more passes, same memory) must not be
 * "rehashed" down to the interactive limits at the next sign-in. */
static void needs_rehash_false_for_stronger(void)
{
	char strong[crypto_pwhash_STRBYTES];
	g_assert_cmpint(crypto_pwhash_str_alg(strong, "x", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE + 1,
					      crypto_pwhash_MEMLIMIT_INTERACTIVE,
					      crypto_pwhash_ALG_ARGON2ID13),
			==, 0);
	g_assert_false(password_needs_rehash(strong));
}

static void test_needs_rehash_stronger(void)
{
	needs_rehash_false_for_stronger();
}

/* The timing decoy runs and does not disturb real hashes. */
static void test_burn(void)
{
	password_burn("someone@example.org's guess");
	password_burn("");
	struct arena *a = arena_new();
	char *h = password_hash(a, "after the burn");
	g_assert_true(password_verify(h, "after the burn"));
	arena_free(a);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_assert_true(secrets_init());
	g_test_add_func("/password/hash_verifies", test_hash_verifies);
	g_test_add_func("/password/verify_bad_hashes", test_verify_bad_hashes);
	g_test_add_func("/password/needs_rehash", test_needs_rehash);
	g_test_add_func("/password/needs_rehash_stronger", test_needs_rehash_stronger);
	g_test_add_func("/password/burn", test_burn);
	return g_test_run();
}
