#include "base/secrets.h"

#include <sodium.h>
#include <string.h>

#include "base/banned.h"

bool secrets_init(void)
{
	return sodium_init() >= 0;
}

char *secrets_token(struct arena *a, const char *prefix)
{
	unsigned char raw[TOKEN_BYTES];
	randombytes_buf(raw, sizeof(raw));
	size_t plen = prefix ? strlen(prefix) : 0;
	size_t b64len = sodium_base64_ENCODED_LEN(sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, plen + b64len);
	if (plen)
		memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, b64len, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	return out;
}

char *secrets_sha256_hex(struct arena *a, const char *s)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	char *out = arena_alloc(a, sizeof(h) * 2 + 1);
	sodium_bin2hex(out, sizeof(h) * 2 + 1, h, sizeof(h));
	return out;
}

char *secrets_hmac_hex(struct arena *a, const unsigned char *key, size_t keylen, const char *msg)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, mac);
	char *out = arena_alloc(a, sizeof(mac) * 2 + 1);
	sodium_bin2hex(out, sizeof(mac) * 2 + 1, mac, sizeof(mac));
	return out;
}

bool secrets_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}
