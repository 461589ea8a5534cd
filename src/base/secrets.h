/* Random tokens, hashes and comparisons for secrets (libsodium). */
#ifndef CAMPUS_SECRETS_H
#define CAMPUS_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

enum { TOKEN_BYTES = 32 }; /* 256 bits of randomness in every token */

/* Must be called once before any other function here (sodium_init). */
bool secrets_init(void);
/* A fresh random token as URL-safe base64 without padding (43 chars),
 * optionally with a prefix ("cpt_"). Owned by the arena. */
char *secrets_token(struct arena *a, const char *prefix);
/* Lower-case hex SHA-256 of s (64 chars). Owned by the arena. */
char *secrets_sha256_hex(struct arena *a, const char *s);
/* Lower-case hex HMAC-SHA256 of msg under key. Owned by the arena. */
char *secrets_hmac_hex(struct arena *a, const unsigned char *key, size_t keylen, const char *msg);
/* Constant-time equality of two NUL-terminated strings (length leaks only). */
bool secrets_equal(const char *a, const char *b);

#endif
