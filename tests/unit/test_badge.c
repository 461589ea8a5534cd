/* Unit tests of src/learning/badge.c: the Open Badges 3.0 credential, its
 * VC-JWT (EdDSA/Ed25519) signature, the C verifier, and an independent
 * verification by node's crypto (tests/unit/badge_verify.mjs, path in
 * $BADGE_VERIFY; skipped without node unless $CI is set). */
#include <glib.h>
#include <string.h>

#include "base/arena.h"
#include "learning/badge.h"

#include "base/banned.h"

/* RFC 8037 Appendix A.1/A.2: this seed has x = 11qYAYKx...HURo. */
static const char RFC8037_SEED[] = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
static const char RFC8037_X[] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

static void issuer_from_hex(struct badge_issuer *iss, const char *hex)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	size_t len = 0;
	g_assert_cmpint(sodium_hex2bin(seed, sizeof(seed), hex, strlen(hex), NULL, &len, NULL), ==, 0);
	g_assert_cmpuint(len, ==, sizeof(seed));
	g_assert_true(badge_issuer_from_seed(iss, "https://campus.example/issuer", "Campus Académie",
					     "https://campus.example/",
					     "https://campus.example/keys/badge-1.jwk", seed));
}

static void test_issuer(struct badge_issuer *iss)
{
	issuer_from_hex(iss, RFC8037_SEED);
}

static struct badge_award test_award(void)
{
	return (struct badge_award){
		.credential_id = "https://campus.example/badges/c/42",
		.recipient_email_or_id = "learner@example.org",
		.recipient_name = "Léa Martin",
		.achievement_id = "https://campus.example/courses/sql-101",
		.achievement_name = "SQL 101",
		.achievement_description = "Bases de SQL : SELECT, JOIN, GROUP BY.",
		.criteria = "A réussi le quiz final avec au moins 80 %.",
		.lang = "fr",
		.issued_at = 1719748800, /* 2024-06-30T12:00:00Z */
	};
}

static char *b64url(struct arena *a, const void *bin, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, n);
	sodium_bin2base64(out, n, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* A compact JWS of arbitrary header and payload JSON, validly signed. */
static char *sign_raw(struct arena *a, const struct badge_issuer *iss, const char *header,
		      const char *payload)
{
	unsigned char sig[crypto_sign_BYTES];
	char *input = arena_printf(a, "%s.%s", b64url(a, header, strlen(header)),
				   b64url(a, payload, strlen(payload)));
	crypto_sign_detached(sig, NULL, (const unsigned char *)input, strlen(input), iss->sk);
	return arena_printf(a, "%s.%s", input, b64url(a, sig, sizeof(sig)));
}

/* Decoded part i (0..2) of a compact JWS as a NUL-terminated string. */
static char *part(struct arena *a, const char *jwt, int i)
{
	gchar **parts = g_strsplit(jwt, ".", -1);
	const char *p = parts[i];
	unsigned char *bin = arena_alloc(a, strlen(p) + 1);
	size_t len = 0;
	g_assert_cmpint(sodium_base642bin(bin, strlen(p), p, strlen(p), NULL, &len, NULL,
					  sodium_base64_VARIANT_URLSAFE_NO_PADDING),
			==, 0);
	g_strfreev(parts);
	return (char *)bin;
}

/* Replaces part i of jwt by the base64url of text. */
static char *with_part(struct arena *a, const char *jwt, int i, const char *text)
{
	gchar **parts = g_strsplit(jwt, ".", -1);
	g_assert_cmpuint(g_strv_length(parts), ==, 3);
	const char *enc = b64url(a, text, strlen(text));
	char *out = arena_printf(a, "%s.%s.%s", i == 0 ? enc : parts[0], i == 1 ? enc : parts[1],
				 i == 2 ? enc : parts[2]);
	g_strfreev(parts);
	return out;
}

/* Runs badge_verify.mjs; true if it said "ok". Sets *skipped if node or the
 * script is unavailable outside CI (and fails the test inside CI). */
static bool node_verifies(const char *jwt, const char *jwk, bool *skipped)
{
	const char *script = g_getenv("BADGE_VERIFY");
	gchar *node = g_find_program_in_path("node");
	gchar *out = NULL, *err = NULL;
	gint status = 0;
	GError *error = NULL;
	bool ok;

	*skipped = false;
	if (!node || !script) {
		g_free(node);
		if (g_getenv("CI"))
			g_error("node or $BADGE_VERIFY missing, and $CI is set");
		g_test_skip("node or $BADGE_VERIFY missing");
		*skipped = true;
		return false;
	}
	const char *argv[] = {node, script, jwt, jwk, NULL};
	g_assert_true(g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
				   &status, &error));
	g_assert_no_error(error);
	g_test_message("node: %s%s", out, err);
	ok = g_spawn_check_wait_status(status, NULL) && strcmp(out, "ok\n") == 0;
	g_free(out);
	g_free(err);
	g_free(node);
	return ok;
}

static void test_jwk_matches_seed(void)
{
	struct arena *a = arena_new();
	struct badge_issuer iss;
	test_issuer(&iss);
	char *jwk = badge_public_jwk(a, &iss);
	g_assert_cmpstr(jwk, ==,
			arena_printf(a, "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}", RFC8037_X));
	g_assert_null(strstr(jwk, "\"d\""));
	badge_issuer_wipe(&iss);
	for (size_t i = 0; i < sizeof(iss.sk); i++)
		g_assert_cmpint(iss.sk[i], ==, 0);
	arena_free(a);
}

static void test_credential_fields(void)
{
	struct arena *a = arena_new();
	struct badge_issuer iss;
	struct badge_award aw = test_award();
	test_issuer(&iss);
	char *s = badge_credential_json(a, &iss, &aw);
	g_assert_nonnull(s);
	json_t *vc = json_loads(s, 0, NULL);
	g_assert_nonnull(vc);

	json_t *ctx = json_object_get(vc, "@context");
	g_assert_cmpuint(json_array_size(ctx), ==, 2);
	g_assert_cmpstr(json_string_value(json_array_get(ctx, 0)), ==,
			"https://www.w3.org/ns/credentials/v2");
	g_assert_cmpstr(json_string_value(json_array_get(ctx, 1)), ==,
			"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
	json_t *type = json_object_get(vc, "type");
	g_assert_cmpuint(json_array_size(type), ==, 2);
	g_assert_cmpstr(json_string_value(json_array_get(type, 0)), ==, "VerifiableCredential");
	g_assert_cmpstr(json_string_value(json_array_get(type, 1)), ==, "OpenBadgeCredential");
	g_assert_cmpstr(json_string_value(json_object_get(vc, "id")), ==, aw.credential_id);
	g_assert_cmpstr(json_string_value(json_object_get(vc, "name")), ==, "SQL 101");
	g_assert_cmpstr(json_string_value(json_object_get(vc, "validFrom")), ==, "2024-06-30T12:00:00Z");
	g_assert_true(g_regex_match_simple("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$",
					   json_string_value(json_object_get(vc, "validFrom")), 0, 0));

	json_t *issuer = json_object_get(vc, "issuer");
	g_assert_cmpstr(json_string_value(json_object_get(issuer, "id")), ==,
			"https://campus.example/issuer");
	g_assert_cmpstr(json_string_value(json_array_get(json_object_get(issuer, "type"), 0)), ==, "Profile");
	g_assert_cmpstr(json_string_value(json_object_get(issuer, "name")), ==, "Campus Académie");
	g_assert_cmpstr(json_string_value(json_object_get(issuer, "url")), ==, "https://campus.example/");

	json_t *subj = json_object_get(vc, "credentialSubject");
	g_assert_cmpstr(json_string_value(json_object_get(subj, "id")), ==, "mailto:learner@example.org");
	g_assert_cmpstr(json_string_value(json_array_get(json_object_get(subj, "type"), 0)), ==,
			"AchievementSubject");
	json_t *ident = json_array_get(json_object_get(subj, "identifier"), 0);
	g_assert_cmpstr(json_string_value(json_object_get(ident, "type")), ==, "IdentityObject");
	g_assert_cmpstr(json_string_value(json_object_get(ident, "identityType")), ==, "name");
	g_assert_true(json_is_false(json_object_get(ident, "hashed")));
	g_assert_cmpstr(json_string_value(json_object_get(ident, "identityHash")), ==, "Léa Martin");

	json_t *ach = json_object_get(subj, "achievement");
	g_assert_cmpstr(json_string_value(json_object_get(ach, "id")), ==, aw.achievement_id);
	g_assert_cmpstr(json_string_value(json_array_get(json_object_get(ach, "type"), 0)), ==,
			"Achievement");
	g_assert_cmpstr(json_string_value(json_object_get(ach, "name")), ==, "SQL 101");
	g_assert_cmpstr(json_string_value(json_object_get(ach, "description")), ==,
			aw.achievement_description);
	g_assert_cmpstr(json_string_value(json_object_get(ach, "inLanguage")), ==, "fr");
	g_assert_cmpstr(json_string_value(json_object_get(json_object_get(ach, "criteria"), "narrative")), ==,
			aw.criteria);

	/* Canonical: re-dumping with sorted keys gives the same bytes. */
	char *again = json_dumps(vc, JSON_COMPACT | JSON_SORT_KEYS);
	g_assert_cmpstr(again, ==, s);
	free(again);
	json_decref(vc);

	/* A URI recipient is kept as is; optional fields may be left out. */
	aw.recipient_email_or_id = "did:example:ebfeb1f712ebc6f1c276e12ec21";
	aw.recipient_name = NULL;
	aw.lang = NULL;
	iss.url = NULL;
	s = badge_credential_json(a, &iss, &aw);
	g_assert_nonnull(strstr(s, "\"id\":\"did:example:ebfeb1f712ebc6f1c276e12ec21\""));
	g_assert_null(strstr(s, "identifier"));
	g_assert_null(strstr(s, "inLanguage"));
	g_assert_null(strstr(s, "\"url\""));
	badge_issuer_wipe(&iss);
	arena_free(a);
}

static void test_invalid_award(void)
{
	struct arena *a = arena_new();
	struct badge_issuer iss;
	test_issuer(&iss);
	struct badge_award aw = test_award();
	g_assert_nonnull(badge_sign_jwt(a, &iss, &aw));

	aw.criteria = "";
	g_assert_null(badge_credential_json(a, &iss, &aw));
	aw = test_award();
	aw.achievement_id = NULL;
	g_assert_null(badge_sign_jwt(a, &iss, &aw));
	aw = test_award();
	aw.recipient_email_or_id = "not an address";
	g_assert_null(badge_credential_json(a, &iss, &aw));
	aw.recipient_email_or_id = "nobody";
	g_assert_null(badge_credential_json(a, &iss, &aw));
	aw = test_award();
	aw.issued_at = -1;
	g_assert_null(badge_credential_json(a, &iss, &aw));
	aw.issued_at = INT64_C(253402300800); /* year 10000 */
	g_assert_null(badge_credential_json(a, &iss, &aw));
	aw = test_award();
	aw.achievement_name = "bad \xff UTF-8";
	g_assert_null(badge_credential_json(a, &iss, &aw));
	aw = test_award();
	iss.key_url = NULL;
	g_assert_null(badge_sign_jwt(a, &iss, &aw));
	badge_issuer_wipe(&iss);
	arena_free(a);
}

/* The fixture of the signature tests: an arena, the test issuer and its
 * public key, the test award and its JWT (in the arena). */
struct signed_badge {
	struct arena *a;
	struct badge_issuer iss;
	struct badge_award aw;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char *jwt;
};

static void signed_badge_setup(struct signed_badge *f, gconstpointer data)
{
	(void)data;
	f->a = arena_new();
	f->aw = test_award();
	test_issuer(&f->iss);
	badge_issuer_public_key(&f->iss, f->pk);
	f->jwt = badge_sign_jwt(f->a, &f->iss, &f->aw);
	g_assert_nonnull(f->jwt);
}

static void signed_badge_teardown(struct signed_badge *f, gconstpointer data)
{
	(void)data;
	badge_issuer_wipe(&f->iss);
	arena_free(f->a);
}

static void test_sign_verify(struct signed_badge *f, gconstpointer data)
{
	(void)data;
	g_assert_cmpstr(part(f->a, f->jwt, 0), ==,
			"{\"alg\":\"EdDSA\",\"kid\":\"https://campus.example/keys/badge-1.jwk\","
			"\"typ\":\"JWT\"}");
	json_t *payload = NULL;
	g_assert_true(badge_verify_jwt(f->jwt, f->pk, &payload));
	g_assert_cmpstr(json_string_value(json_object_get(payload, "iss")), ==,
			"https://campus.example/issuer");
	g_assert_cmpstr(json_string_value(json_object_get(payload, "jti")), ==, f->aw.credential_id);
	g_assert_cmpstr(json_string_value(json_object_get(payload, "sub")), ==, "mailto:learner@example.org");
	g_assert_cmpint(json_integer_value(json_object_get(payload, "nbf")), ==, f->aw.issued_at);
	/* The "vc" claim is exactly the credential. */
	char *vc = json_dumps(json_object_get(payload, "vc"), JSON_COMPACT | JSON_SORT_KEYS);
	g_assert_cmpstr(vc, ==, badge_credential_json(f->a, &f->iss, &f->aw));
	free(vc);
	json_decref(payload);
	g_assert_true(badge_verify_jwt(f->jwt, f->pk, NULL));

	/* Another key does not verify. */
	struct badge_issuer other;
	unsigned char other_pk[crypto_sign_PUBLICKEYBYTES];
	issuer_from_hex(&other, "0101010101010101010101010101010101010101010101010101010101010101");
	badge_issuer_public_key(&other, other_pk);
	g_assert_false(badge_verify_jwt(f->jwt, other_pk, NULL));
	badge_issuer_wipe(&other);
}

static void test_deterministic(void)
{
	struct arena *a = arena_new();
	struct badge_issuer one, two;
	struct badge_award aw = test_award();
	test_issuer(&one);
	test_issuer(&two);
	char *j1 = badge_sign_jwt(a, &one, &aw);
	g_assert_cmpstr(j1, ==, badge_sign_jwt(a, &two, &aw));
	g_assert_cmpstr(j1, ==, badge_sign_jwt(a, &one, &aw));
	g_assert_cmpstr(badge_public_jwk(a, &one), ==, badge_public_jwk(a, &two));
	struct badge_issuer other;
	issuer_from_hex(&other, "0101010101010101010101010101010101010101010101010101010101010101");
	g_assert_cmpstr(j1, !=, badge_sign_jwt(a, &other, &aw));
	aw.issued_at++;
	g_assert_cmpstr(j1, !=, badge_sign_jwt(a, &one, &aw));
	badge_issuer_wipe(&one);
	badge_issuer_wipe(&two);
	badge_issuer_wipe(&other);
	arena_free(a);
}

static void test_tampered(struct signed_badge *f, gconstpointer data)
{
	(void)data;
	/* Payload changed (another achievement name), signature kept. */
	char *payload = part(f->a, f->jwt, 1);
	char *at = strstr(payload, "SQL 101");
	g_assert_nonnull(at);
	at[6] = '2';
	char *bad_payload = with_part(f->a, f->jwt, 1, payload);
	g_assert_false(badge_verify_jwt(bad_payload, f->pk, NULL));

	/* Header changed (another kid), signature kept. */
	char *bad_header = with_part(
		f->a, f->jwt, 0, "{\"alg\":\"EdDSA\",\"kid\":\"https://evil.example/k\",\"typ\":\"JWT\"}");
	g_assert_false(badge_verify_jwt(bad_header, f->pk, NULL));

	/* One signature bit flipped. */
	char *bad_sig = arena_strdup(f->a, f->jwt);
	char *last = bad_sig + strlen(bad_sig) - 5;
	*last = *last == 'A' ? 'B' : 'A';
	g_assert_false(badge_verify_jwt(bad_sig, f->pk, NULL));

	/* Validly signed, but the claims do not match the credential. */
	const char *hdr = part(f->a, f->jwt, 0);
	char *p2 = part(f->a, f->jwt, 1);
	char *iss_at = strstr(p2, "\"iss\":\"https://campus.example/issuer\"");
	g_assert_nonnull(iss_at);
	iss_at[strlen("\"iss\":\"https://campus.example/")] = 'X';
	g_assert_false(badge_verify_jwt(sign_raw(f->a, &f->iss, hdr, p2), f->pk, NULL));
	g_assert_false(badge_verify_jwt(sign_raw(f->a, &f->iss, hdr, "{\"iss\":\"x\"}"), f->pk, NULL));
	g_assert_false(badge_verify_jwt(sign_raw(f->a, &f->iss, hdr, "[]"), f->pk, NULL));

	bool skipped;
	char *jwk = badge_public_jwk(f->a, &f->iss);
	bool ok = node_verifies(bad_payload, jwk, &skipped);
	if (!skipped) {
		g_assert_false(ok);
		g_assert_false(node_verifies(bad_header, jwk, &skipped));
		g_assert_false(node_verifies(bad_sig, jwk, &skipped));
		g_assert_true(node_verifies(f->jwt, jwk, &skipped));
	}
}

static void test_alg(struct signed_badge *f, gconstpointer data)
{
	(void)data;
	const char *payload = part(f->a, f->jwt, 1);
	char *jwk = badge_public_jwk(f->a, &f->iss);

	/* alg "none" with no signature (the classic form). */
	const char *none_hdr = "{\"alg\":\"none\"}";
	char *none = arena_printf(f->a, "%s.%s.", b64url(f->a, none_hdr, strlen(none_hdr)),
				  b64url(f->a, payload, strlen(payload)));
	g_assert_false(badge_verify_jwt(none, f->pk, NULL));
	const char *headers[] = {
		"{\"alg\":\"none\",\"typ\":\"JWT\"}",
		"{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
		"{\"alg\":\"eddsa\",\"typ\":\"JWT\"}",
		"{\"alg\":\"Ed25519\",\"typ\":\"JWT\"}",
		"{\"typ\":\"JWT\"}",
		"{\"alg\":null}",
		"{\"alg\":\"EdDSA\",\"typ\":\"JOSE+JSON\"}",
		"{\"alg\":\"EdDSA\",\"crit\":[\"b64\"],\"b64\":false}",
		"[\"EdDSA\"]",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(headers); i++) {
		/* Validly signed over the altered header: only the header check
		 * can refuse these. */
		char *t = sign_raw(f->a, &f->iss, headers[i], payload);
		g_test_message("header %s", headers[i]);
		g_assert_false(badge_verify_jwt(t, f->pk, NULL));
	}
	/* The same construction with the right header passes. */
	g_assert_true(badge_verify_jwt(sign_raw(f->a, &f->iss, "{\"alg\":\"EdDSA\"}", payload), f->pk, NULL));

	bool skipped;
	bool ok = node_verifies(f->jwt, jwk, &skipped);
	if (!skipped) {
		g_assert_true(ok);
		g_assert_false(node_verifies(none, jwk, &skipped));
		g_assert_false(node_verifies(sign_raw(f->a, &f->iss, headers[0], payload), jwk, &skipped));
		g_assert_false(node_verifies(sign_raw(f->a, &f->iss, headers[1], payload), jwk, &skipped));
	}
}

static void test_malformed(struct signed_badge *f, gconstpointer data)
{
	(void)data;
	char *dot2 = strrchr(f->jwt, '.');
	json_t *untouched = (json_t *)&f->iss;
	json_t *out = untouched;

	g_assert_false(badge_verify_jwt(NULL, f->pk, &out));
	g_assert_false(badge_verify_jwt("", f->pk, &out));
	g_assert_false(badge_verify_jwt("..", f->pk, &out));
	g_assert_false(badge_verify_jwt("a.b", f->pk, &out));
	g_assert_false(badge_verify_jwt(arena_printf(f->a, "%s.", f->jwt), f->pk, &out));
	g_assert_false(badge_verify_jwt(arena_printf(f->a, "%s.x", f->jwt), f->pk, &out));
	g_assert_false(badge_verify_jwt(arena_printf(f->a, " %s", f->jwt), f->pk, &out));
	g_assert_false(badge_verify_jwt(arena_printf(f->a, "%s=", f->jwt), f->pk, &out));
	g_assert_false(badge_verify_jwt(arena_printf(f->a, "%s\n", f->jwt), f->pk, &out));
	/* Standard base64 alphabet instead of base64url. */
	char *std = arena_strdup(f->a, f->jwt);
	for (char *p = std; *p; p++)
		*p = *p == '-' ? '+' : *p == '_' ? '/' : *p;
	if (strcmp(std, f->jwt) != 0)
		g_assert_false(badge_verify_jwt(std, f->pk, &out));
	/* Signature of the wrong length (63 bytes, then none). */
	unsigned char short_sig[63] = {0};
	g_assert_false(badge_verify_jwt(arena_printf(f->a, "%.*s.%s", (int)(dot2 - f->jwt), f->jwt,
						     b64url(f->a, short_sig, sizeof(short_sig))),
					f->pk, &out));
	g_assert_false(
		badge_verify_jwt(arena_printf(f->a, "%.*s.", (int)(dot2 - f->jwt), f->jwt), f->pk, &out));
	/* A header that is not JSON. */
	g_assert_false(badge_verify_jwt(with_part(f->a, f->jwt, 0, "{alg:EdDSA}"), f->pk, &out));
	g_assert_false(
		badge_verify_jwt(sign_raw(f->a, &f->iss, "{\"alg\":\"EdDSA\"}", "{\"vc\":"), f->pk, &out));
	g_assert_true(out == untouched);
}

static void test_node_verifies(struct signed_badge *f, gconstpointer data)
{
	(void)data;
	bool skipped;
	char *jwk = badge_public_jwk(f->a, &f->iss);
	bool ok = node_verifies(f->jwt, jwk, &skipped);
	if (!skipped) {
		g_assert_true(ok);
		/* Another issuer's key does not verify it. */
		struct badge_issuer other;
		issuer_from_hex(&other, "0101010101010101010101010101010101010101010101010101010101010101");
		g_assert_false(node_verifies(f->jwt, badge_public_jwk(f->a, &other), &skipped));
		badge_issuer_wipe(&other);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_assert_cmpint(sodium_init(), >=, 0);
	g_test_add_func("/badge/jwk_matches_seed", test_jwk_matches_seed);
	g_test_add_func("/badge/credential_fields", test_credential_fields);
	g_test_add_func("/badge/invalid_award", test_invalid_award);
	g_test_add("/badge/sign_verify", struct signed_badge, NULL, signed_badge_setup, test_sign_verify,
		   signed_badge_teardown);
	g_test_add_func("/badge/deterministic", test_deterministic);
	g_test_add("/badge/tampered", struct signed_badge, NULL, signed_badge_setup, test_tampered,
		   signed_badge_teardown);
	g_test_add("/badge/alg", struct signed_badge, NULL, signed_badge_setup, test_alg,
		   signed_badge_teardown);
	g_test_add("/badge/malformed", struct signed_badge, NULL, signed_badge_setup, test_malformed,
		   signed_badge_teardown);
	g_test_add("/badge/node_verifies", struct signed_badge, NULL, signed_badge_setup, test_node_verifies,
		   signed_badge_teardown);
	return g_test_run();
}
