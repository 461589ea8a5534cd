/* Open Badges 3.0 credentials signed as VC-JWT with Ed25519; see badge.h.
 *
 * Spec sections relied on (Open Badges 3.0, https://www.imsglobal.org/spec/ob/v3p0/):
 * - 8.2.3 "Create the JOSE Header": alg, kid (a URI dereferencing to the JWK),
 *   typ "JWT" if present; no other JOSE headers.
 * - 8.2.4.1 "JWT Payload Format": iss = issuer.id, jti = id,
 *   nbf = the issuance date (validFrom), sub = credentialSubject.id,
 *   vc = the OpenBadgeCredential.
 * - 8.2.5.1 "Verify a Credential VC-JWT Signature": the claims must match the
 *   credential.
 * EdDSA/Ed25519 in JOSE and the OKP JWK: RFC 8037 sections 2 and 3.1. */
#include "learning/badge.h"

#include <glib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"

#include "base/banned.h"

#define B64V sodium_base64_VARIANT_URLSAFE_NO_PADDING

static const char VC_CONTEXT[] = "https://www.w3.org/ns/credentials/v2";
static const char OB_CONTEXT[] = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

bool badge_issuer_from_seed(struct badge_issuer *out, const char *id_url, const char *name, const char *url,
			    const char *key_url, const unsigned char seed[crypto_sign_SEEDBYTES])
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];

	if (sodium_init() < 0)
		return false;
	memset(out, 0, sizeof(*out));
	out->id_url = id_url;
	out->name = name;
	out->url = url;
	out->key_url = key_url;
	return crypto_sign_seed_keypair(pk, out->sk, seed) == 0;
}

void badge_issuer_public_key(const struct badge_issuer *iss, unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	crypto_sign_ed25519_sk_to_pk(pk, iss->sk);
}

void badge_issuer_wipe(struct badge_issuer *iss)
{
	sodium_memzero(iss->sk, sizeof(iss->sk));
}

/* Base64url without padding of len bytes, in the arena. */
static char *b64url(struct arena *a, const unsigned char *bin, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, B64V);
	char *out = arena_alloc(a, n);
	sodium_bin2base64(out, n, bin, len, B64V);
	return out;
}

/* Compact, key-sorted dump of j into the arena; steals j. */
static char *dump(struct arena *a, json_t *j)
{
	char *s, *copy;

	if (!j)
		return NULL;
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (!s)
		return NULL;
	copy = arena_strdup(a, s);
	free(s);
	return copy;
}

static bool nonempty(const char *s)
{
	return s && *s;
}

/* obj[key] = s; false if s is not valid UTF-8 (the object is left as is). */
static bool set_str(json_t *obj, const char *key, const char *s)
{
	json_t *v = json_string(s);
	return v && json_object_set_new(obj, key, v) == 0;
}

/* obj[key] = [s]. */
static bool set_type(json_t *obj, const char *key, const char *s)
{
	json_t *arr = json_pack("[s]", s);
	return arr && json_object_set_new(obj, key, arr) == 0;
}

/* RFC 3339 UTC ("2024-06-30T12:00:00Z") of t into buf[21]. */
static bool rfc3339(int64_t t, char buf[21])
{
	struct tm tm;
	time_t tt;

	/* 253402300799 is 9999-12-31T23:59:59Z: four-digit years only. */
	if (t < 0 || t > INT64_C(253402300799))
		return false;
	tt = (time_t)t;
	if (!gmtime_r(&tt, &tm))
		return false;
	return strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 20;
}

/* credentialSubject.id: a URI as is, an e-mail address as a mailto: URI. */
static char *subject_id(struct arena *a, const char *who)
{
	if (!nonempty(who) || strchr(who, ' '))
		return NULL;
	if (strchr(who, ':'))
		return arena_strdup(a, who);
	if (strchr(who, '@'))
		return arena_printf(a, "mailto:%s", who);
	return NULL;
}

/* The OpenBadgeCredential object (OB 3.0 section 3, "OpenBadgeCredential"),
 * or NULL. *sub_out and *valid_from_out are set for the JWT claims. */
static json_t *credential(struct arena *a, const struct badge_issuer *iss, const struct badge_award *aw,
			  const char **sub_out, int64_t *nbf_out)
{
	char when[21];
	const char *sub;
	json_t *vc, *ctx, *type, *issuer, *subj, *ach, *crit;
	/* Every child is attached even once ok is false, so that the single
	 * json_decref(vc) below frees everything. */
	bool ok = true;

	if (!nonempty(iss->id_url) || !nonempty(iss->name) || !nonempty(aw->credential_id) ||
	    !nonempty(aw->achievement_id) || !nonempty(aw->achievement_name) ||
	    !nonempty(aw->achievement_description) || !nonempty(aw->criteria) ||
	    !rfc3339(aw->issued_at, when))
		return NULL;
	sub = subject_id(a, aw->recipient_email_or_id);
	if (!sub)
		return NULL;

	vc = json_object();
	ctx = json_pack("[ss]", VC_CONTEXT, OB_CONTEXT);
	type = json_pack("[ss]", "VerifiableCredential", "OpenBadgeCredential");
	ok = json_object_set_new(vc, "@context", ctx) == 0 && ok;
	ok = json_object_set_new(vc, "type", type) == 0 && ok;
	ok = ok && set_str(vc, "id", aw->credential_id);
	ok = ok && set_str(vc, "name", aw->achievement_name);
	ok = ok && set_str(vc, "validFrom", when);

	issuer = json_object();
	ok = json_object_set_new(vc, "issuer", issuer) == 0 && ok;
	ok = ok && set_str(issuer, "id", iss->id_url);
	ok = ok && set_type(issuer, "type", "Profile");
	ok = ok && set_str(issuer, "name", iss->name);
	if (nonempty(iss->url))
		ok = ok && set_str(issuer, "url", iss->url);

	subj = json_object();
	ok = json_object_set_new(vc, "credentialSubject", subj) == 0 && ok;
	ok = ok && set_str(subj, "id", sub);
	ok = ok && set_type(subj, "type", "AchievementSubject");
	if (nonempty(aw->recipient_name)) {
		/* OB 3.0 IdentityObject; identityType "name", not hashed. */
		json_t *ident = json_object();
		json_t *list = json_array();
		ok = json_array_append_new(list, ident) == 0 && ok;
		ok = json_object_set_new(subj, "identifier", list) == 0 && ok;
		ok = ok && set_str(ident, "type", "IdentityObject");
		ok = ok && set_str(ident, "identityType", "name");
		ok = ok && json_object_set_new(ident, "hashed", json_false()) == 0;
		ok = ok && set_str(ident, "identityHash", aw->recipient_name);
	}

	ach = json_object();
	ok = json_object_set_new(subj, "achievement", ach) == 0 && ok;
	ok = ok && set_str(ach, "id", aw->achievement_id);
	ok = ok && set_type(ach, "type", "Achievement");
	ok = ok && set_str(ach, "achievementType", "Certificate");
	ok = ok && set_str(ach, "name", aw->achievement_name);
	ok = ok && set_str(ach, "description", aw->achievement_description);
	if (nonempty(aw->lang))
		ok = ok && set_str(ach, "inLanguage", aw->lang);
	crit = json_object();
	ok = json_object_set_new(ach, "criteria", crit) == 0 && ok;
	ok = ok && set_str(crit, "narrative", aw->criteria);

	if (!ok) {
		json_decref(vc);
		return NULL;
	}
	*sub_out = sub;
	*nbf_out = aw->issued_at;
	return vc;
}

char *badge_credential_json(struct arena *a, const struct badge_issuer *iss, const struct badge_award *award)
{
	const char *sub;
	int64_t nbf;
	return dump(a, credential(a, iss, award, &sub, &nbf));
}

char *badge_public_jwk(struct arena *a, const struct badge_issuer *iss)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];

	badge_issuer_public_key(iss, pk);
	return dump(a, json_pack("{s:s, s:s, s:s}", "kty", "OKP", "crv", "Ed25519", "x",
				 b64url(a, pk, sizeof(pk))));
}

char *badge_sign_jwt(struct arena *a, const struct badge_issuer *iss, const struct badge_award *award)
{
	const char *sub;
	int64_t nbf;
	json_t *vc, *payload;
	char *header_json, *payload_json, *signing_input;
	unsigned char sig[crypto_sign_BYTES];

	if (!nonempty(iss->key_url))
		return NULL;
	vc = credential(a, iss, award, &sub, &nbf);
	if (!vc)
		return NULL;
	/* OB 3.0 section 8.2.4.1: the claims mirror the credential. */
	payload = json_pack("{s:o, s:s, s:s, s:I, s:s}", "vc", vc, "iss", iss->id_url, "jti",
			    award->credential_id, "nbf", (json_int_t)nbf, "sub", sub);
	payload_json = dump(a, payload);
	/* Section 8.2.3: alg, kid, typ and no other header. */
	header_json =
		dump(a, json_pack("{s:s, s:s, s:s}", "alg", "EdDSA", "kid", iss->key_url, "typ", "JWT"));
	if (!payload_json || !header_json)
		return NULL;
	signing_input =
		arena_printf(a, "%s.%s", b64url(a, (const unsigned char *)header_json, strlen(header_json)),
			     b64url(a, (const unsigned char *)payload_json, strlen(payload_json)));
	crypto_sign_detached(sig, NULL, (const unsigned char *)signing_input, strlen(signing_input), iss->sk);
	return arena_printf(a, "%s.%s", signing_input, b64url(a, sig, sizeof(sig)));
}

/* Decodes one base64url part (no padding, no other characters) into a new
 * g_malloc'd buffer of *len bytes plus a NUL; NULL if malformed. */
static unsigned char *unb64(const char *s, size_t n, size_t *len)
{
	unsigned char *bin;
	const char *end = NULL;

	if (n == 0)
		return NULL;
	bin = g_malloc(n + 1);
	if (sodium_base642bin(bin, n, s, n, NULL, len, &end, B64V) != 0 || end != s + n) {
		g_free(bin);
		return NULL;
	}
	bin[*len] = 0;
	return bin;
}

/* A JSON object decoded from one base64url part, or NULL. */
static json_t *part_json(const char *s, size_t n)
{
	size_t len;
	unsigned char *bin = unb64(s, n, &len);
	json_t *j;

	if (!bin)
		return NULL;
	j = json_loadb((const char *)bin, len, JSON_REJECT_DUPLICATES, NULL);
	g_free(bin);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static bool str_eq(json_t *a, json_t *b)
{
	return json_is_string(a) && json_is_string(b) &&
	       strcmp(json_string_value(a), json_string_value(b)) == 0;
}

/* OB 3.0 section 8.2.5.1: iss, sub, nbf and jti match the credential. */
static bool claims_match(json_t *payload)
{
	json_t *vc = json_object_get(payload, "vc");
	json_t *nbf = json_object_get(payload, "nbf");
	char when[21];

	if (!json_is_object(vc) || !json_is_integer(nbf))
		return false;
	if (!str_eq(json_object_get(payload, "iss"), json_object_get(json_object_get(vc, "issuer"), "id")) ||
	    !str_eq(json_object_get(payload, "jti"), json_object_get(vc, "id")) ||
	    !str_eq(json_object_get(payload, "sub"),
		    json_object_get(json_object_get(vc, "credentialSubject"), "id")))
		return false;
	if (!rfc3339((int64_t)json_integer_value(nbf), when))
		return false;
	json_t *valid_from = json_object_get(vc, "validFrom");
	return json_is_string(valid_from) && strcmp(json_string_value(valid_from), when) == 0;
}

bool badge_verify_jwt(const char *jwt, const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
		      json_t **payload_out)
{
	const char *dot1, *dot2;
	json_t *header, *payload, *alg, *typ;
	unsigned char *sig;
	size_t sig_len;
	bool ok;

	if (!jwt || sodium_init() < 0)
		return false;
	dot1 = strchr(jwt, '.');
	dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (!dot2 || strchr(dot2 + 1, '.'))
		return false;

	/* The header first: the algorithm is checked before any crypto. */
	header = part_json(jwt, (size_t)(dot1 - jwt));
	if (!header)
		return false;
	alg = json_object_get(header, "alg");
	typ = json_object_get(header, "typ");
	ok = json_is_string(alg) && strcmp(json_string_value(alg), "EdDSA") == 0 &&
	     (!typ || (json_is_string(typ) && strcmp(json_string_value(typ), "JWT") == 0)) &&
	     !json_object_get(header, "crit");
	json_decref(header);
	if (!ok)
		return false;

	sig = unb64(dot2 + 1, strlen(dot2 + 1), &sig_len);
	if (!sig)
		return false;
	ok = sig_len == crypto_sign_BYTES &&
	     crypto_sign_verify_detached(sig, (const unsigned char *)jwt, (size_t)(dot2 - jwt), pk) == 0;
	g_free(sig);
	if (!ok)
		return false;

	payload = part_json(dot1 + 1, (size_t)(dot2 - dot1 - 1));
	if (!payload)
		return false;
	if (!claims_match(payload)) {
		json_decref(payload);
		return false;
	}
	if (payload_out)
		*payload_out = payload;
	else
		json_decref(payload);
	return true;
}
