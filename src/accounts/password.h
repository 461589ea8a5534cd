/* Argon2id password hashing (libsodium crypto_pwhash_str, interactive
 * limits). */
#ifndef CAMPUS_PASSWORD_H
#define CAMPUS_PASSWORD_H

#include <stdbool.h>

#include "base/arena.h"

/* The encoded hash of password, owned by the arena; NULL only if the
 * system is out of memory for Argon2's working set. */
char *password_hash(struct arena *a, const char *password);
/* Constant-time verification against an encoded hash. */
bool password_verify(const char *hash, const char *password);
/* True when the hash is not Argon2id or was made with weaker memory or
 * time costs than today's: it is then re-made at the next sign-in. */
bool password_needs_rehash(const char *hash);
/* Verifies against a fixed dummy hash: used for unknown accounts so that
 * timing does not tell which emails exist. */
void password_burn(const char *password);

#endif
