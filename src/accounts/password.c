#include "accounts/password.h"

#include <glib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

char *password_hash(struct arena *a, const char *password)
{
	char *out = arena_alloc(a, crypto_pwhash_STRBYTES);
	if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return NULL;
	return out;
}

bool password_verify(const char *hash, const char *password)
{
	if (!hash || !*hash)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool password_needs_rehash(const char *hash)
{
	/* "$argon2id$v=19$m=65536,t=2,p=1$..."; libsodium's own check flags any
	 * difference, which would downgrade a hash made stronger on purpose:
	 * only weaker memory or time costs, or another algorithm, count. */
	unsigned long m = 0, t = 0, p = 0;
	int v = 0;
	if (!hash || sscanf(hash, "$argon2id$v=%d$m=%lu,t=%lu,p=%lu$", &v, &m, &t, &p) != 4)
		return true;
	return v != 19 || m * 1024 < crypto_pwhash_MEMLIMIT_INTERACTIVE ||
	       t < crypto_pwhash_OPSLIMIT_INTERACTIVE;
}

void password_burn(const char *password)
{
	static char dummy[crypto_pwhash_STRBYTES];
	static gsize once;
	if (g_once_init_enter(&once)) {
		if (crypto_pwhash_str_alg(
			    dummy, "campus-dummy-password", 21, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			    crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
			dummy[0] = '\0';
		g_once_init_leave(&once, 1);
	}
	/* The result is meaningless; only the time spent matters. */
	volatile int sink = crypto_pwhash_str_verify(dummy, password, strlen(password));
	(void)sink;
}
