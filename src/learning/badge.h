/* Open Badges 3.0 course certificates (OpenBadgeCredential) secured with
 * the JSON Web Token Proof Format of Open Badges 3.0, section 8.2
 * (https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof): a JWT signed with
 * Ed25519 (JWS "alg":"EdDSA", RFC 8037) and encoded as a compact JWS.
 *
 * The credential follows the VC Data Model 2.0 flavour of OB 3.0 (contexts
 * "https://www.w3.org/ns/credentials/v2" and
 * "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "validFrom").
 * The JWT payload is {"vc": credential, "iss": issuer.id, "jti": id,
 * "nbf": validFrom, "sub": credentialSubject.id} (section 8.2.4.1).
 *
 * Strings returned by this module belong to the caller's arena. Nothing here
 * does I/O; the functions are thread-safe once sodium_init() has run. */
#ifndef CAMPUS_LEARNING_BADGE_H
#define CAMPUS_LEARNING_BADGE_H

#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

struct arena;

/* The issuing organisation and its signing key. The strings are borrowed
 * (not copied) and must outlive the struct; sk is the libsodium Ed25519
 * secret key (seed || public key). Wipe it with badge_issuer_wipe(). */
struct badge_issuer {
	const char *id_url; /* issuer.id and the JWT "iss": a URI */
	const char *name; /* issuer.name */
	const char *url; /* issuer.url (home page); NULL leaves it out */
	const char *key_url; /* JOSE "kid": a URL that dereferences to the JWK */
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
};

/* Fills *out with the given strings and the key pair derived from the
 * 32-byte seed (Ed25519 is deterministic: same seed, same key, same
 * signatures). Calls sodium_init() itself. False if libsodium fails. */
bool badge_issuer_from_seed(struct badge_issuer *out, const char *id_url, const char *name, const char *url,
			    const char *key_url, const unsigned char seed[crypto_sign_SEEDBYTES]);
/* The 32-byte Ed25519 public key of the issuer. */
void badge_issuer_public_key(const struct badge_issuer *iss, unsigned char pk[crypto_sign_PUBLICKEYBYTES]);
/* Zeroes the secret key (sodium_memzero). */
void badge_issuer_wipe(struct badge_issuer *iss);

/* The public key as a JWK (RFC 8037 section 2):
 * {"crv":"Ed25519","kty":"OKP","x":"<base64url, no padding>"}, compact, keys
 * sorted. Never contains "d". Owned by the arena. */
char *badge_public_jwk(struct arena *a, const struct badge_issuer *iss);

/* One course certificate. Strings are borrowed; all are UTF-8. */
struct badge_award {
	const char *credential_id; /* credential "id" and JWT "jti": a URI */
	const char *recipient_email_or_id; /* a URI (contains ':'), or an e-mail
					      address that becomes "mailto:..." */
	const char *recipient_name; /* optional: an IdentityObject of
					      identityType "name" */
	const char *achievement_id; /* a URI */
	const char *achievement_name;
	const char *achievement_description;
	const char *criteria; /* criteria.narrative (Markdown allowed) */
	const char *lang; /* optional BCP 47 tag: achievement.inLanguage */
	int64_t issued_at; /* Unix seconds, UTC; "validFrom" and "nbf" */
};

/* The OpenBadgeCredential as canonical compact JSON (jansson, JSON_SORT_KEYS),
 * without proof. NULL if a required field is missing or empty, a string is
 * not valid UTF-8, the recipient is neither a URI nor an e-mail address, or
 * issued_at is negative or past year 9999. Owned by the arena. */
char *badge_credential_json(struct arena *a, const struct badge_issuer *iss, const struct badge_award *award);

/* The signed VC-JWT (compact JWS): header
 * {"alg":"EdDSA","kid":key_url,"typ":"JWT"}, payload as described at the
 * top of this file, both canonical compact JSON. NULL on the same
 * conditions as badge_credential_json(). Owned by the arena. */
char *badge_sign_jwt(struct arena *a, const struct badge_issuer *iss, const struct badge_award *award);

/* Verifies a compact JWS made by badge_sign_jwt() against the public key pk:
 * three base64url parts (no padding, nothing else), a header object whose
 * "alg" is "EdDSA" (so "none" and every other algorithm are refused), "typ"
 * absent or "JWT", no "crit"; a valid Ed25519 signature over
 * "header.payload"; a payload object whose "vc" is an object and whose
 * iss/jti/sub/nbf equal vc.issuer.id, vc.id, vc.credentialSubject.id and
 * vc.validFrom (OB 3.0 section 8.2.5.1). Does not check the current time.
 * On success, if payload_out is not NULL, *payload_out is a new reference
 * to the decoded payload (json_decref it). On failure *payload_out is
 * untouched. */
bool badge_verify_jwt(const char *jwt, const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
		      json_t **payload_out);

#endif
