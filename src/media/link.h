/* Personal, expiring download links for videos (CRS-2): a link names the
 * video, the user it was made for and its expiry, and carries an
 * HMAC-SHA256 over the three under a key derived from the server secret.
 * Pure: the caller gives the key and now. */
#ifndef CAMPUS_MEDIA_LINK_H
#define CAMPUS_MEDIA_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { LINK_KEY_BYTES = 32, LINK_SIG_HEX = 64 };

enum link_check {
	LINK_VALID,
	LINK_MALFORMED, /* a parameter is missing or not a number / not 64 hex digits */
	LINK_BAD_SIGNATURE, /* tampered with, or made with another key */
	LINK_EXPIRED, /* genuine, but now >= exp */
};

/* Derives the link key from the server secret, so that a download
 * signature can never serve as a CSRF token (the other HMAC of that
 * secret) or the reverse. */
void link_derive_key(const unsigned char *secret, size_t secret_len, unsigned char key[LINK_KEY_BYTES]);

/* Writes the signature of (video_id, user_id, exp) as 64 lower-case hex
 * digits and a NUL into sig. */
void link_sign(const unsigned char key[LINK_KEY_BYTES], int64_t video_id, int64_t user_id, int64_t exp,
	       char sig[LINK_SIG_HEX + 1]);

/* Checks a link's query parameters (strings as received, any may be NULL)
 * for video_id at now. The signature is compared in constant time; expiry
 * is checked only for a genuine link, so a forger learns nothing from it.
 * On LINK_VALID *user_id and *exp are set. */
enum link_check link_verify(const unsigned char key[LINK_KEY_BYTES], int64_t video_id, const char *u,
			    const char *exp, const char *sig, int64_t now, int64_t *user_id,
			    int64_t *exp_out);

/* Parses a positive decimal id without sign, spaces or leading zeros
 * ("42"); false otherwise or past INT64_MAX. */
bool link_parse_id(const char *s, int64_t *out);

#endif
