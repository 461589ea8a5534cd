/* Signed download links (CRS-2); see link.h. */
#include "media/link.h"

#include <glib.h>
#include <sodium.h>
#include <string.h>

#include "base/banned.h"

static const char KEY_LABEL[] = "campus/media/download-link/v1";

void link_derive_key(const unsigned char *secret, size_t secret_len, unsigned char key[LINK_KEY_BYTES])
{
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, secret, secret_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)KEY_LABEL, sizeof(KEY_LABEL) - 1);
	crypto_auth_hmacsha256_final(&st, key);
	sodium_memzero(&st, sizeof(st));
}

/* The signed message: fixed fields with separators, so that no two
 * (video, user, exp) triples give the same bytes. */
static void mac(const unsigned char key[LINK_KEY_BYTES], int64_t video_id, int64_t user_id, int64_t exp,
		unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	char msg[96];
	int n = g_snprintf(msg, sizeof(msg),
			   "v1\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT, video_id,
			   user_id, exp);
	crypto_auth_hmacsha256(out, (const unsigned char *)msg, (unsigned long long)n, key);
}

void link_sign(const unsigned char key[LINK_KEY_BYTES], int64_t video_id, int64_t user_id, int64_t exp,
	       char sig[LINK_SIG_HEX + 1])
{
	unsigned char m[crypto_auth_hmacsha256_BYTES];
	mac(key, video_id, user_id, exp, m);
	sodium_bin2hex(sig, LINK_SIG_HEX + 1, m, sizeof(m));
}

bool link_parse_id(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 19 || *s == '0')
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		int d = *p - '0';
		if (v > (G_MAXINT64 - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

enum link_check link_verify(const unsigned char key[LINK_KEY_BYTES], int64_t video_id, const char *u,
			    const char *exp, const char *sig, int64_t now, int64_t *user_id, int64_t *exp_out)
{
	int64_t uid, e;
	unsigned char got[crypto_auth_hmacsha256_BYTES], want[crypto_auth_hmacsha256_BYTES];
	size_t got_len = 0;
	if (!link_parse_id(u, &uid) || !link_parse_id(exp, &e) || !sig || strlen(sig) != LINK_SIG_HEX)
		return LINK_MALFORMED;
	/* Upper-case hex is refused too: one spelling per signature. */
	for (const char *p = sig; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return LINK_MALFORMED;
	if (sodium_hex2bin(got, sizeof(got), sig, LINK_SIG_HEX, NULL, &got_len, NULL) != 0 ||
	    got_len != sizeof(got))
		return LINK_MALFORMED;
	mac(key, video_id, uid, e, want);
	if (sodium_memcmp(got, want, sizeof(want)) != 0)
		return LINK_BAD_SIGNATURE;
	if (now >= e)
		return LINK_EXPIRED;
	*user_id = uid;
	*exp_out = e;
	return LINK_VALID;
}
