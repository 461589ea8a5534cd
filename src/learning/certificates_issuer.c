/* The issuer of certificates: its signing key in DATA, its Open Badges 3.0
 * profile, the badge and the PDF of a certificate. */
#include "learning/certificates.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "learning/certificate_pdf.h"

#include "base/banned.h"

enum { SEED_HEX = 2 * crypto_sign_SEEDBYTES };

/* Reads the 64 hex characters of path into seed. */
static enum status read_seed(const char *path, unsigned char seed[crypto_sign_SEEDBYTES], GString *err)
{
	char *text = NULL;
	gsize len = 0;
	GError *e = NULL;
	if (!g_file_get_contents(path, &text, &len, &e)) {
		if (err)
			g_string_printf(err, "issuer key: %s", e->message);
		g_error_free(e);
		return ST_IO;
	}
	size_t bin = 0;
	g_strstrip(text);
	int rc = sodium_hex2bin(seed, crypto_sign_SEEDBYTES, text, strlen(text), NULL, &bin, NULL);
	bool ok = rc == 0 && bin == crypto_sign_SEEDBYTES && strlen(text) == SEED_HEX;
	sodium_memzero(text, len);
	g_free(text);
	if (!ok) {
		if (err)
			g_string_printf(err, "issuer key: %s is damaged (want %d hex characters)", path,
					SEED_HEX);
		return ST_IO;
	}
	return ST_OK;
}

/* Makes path with a fresh seed unless it exists: the seed is written to a
 * private temporary file that is then hard-linked to path, so that a
 * concurrent first use never reads a half-written key and the first of two
 * racing creators wins. */
static enum status create_seed(const char *path, GString *err)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	char hex[SEED_HEX + 2];
	randombytes_buf(seed, sizeof seed);
	sodium_bin2hex(hex, sizeof hex, seed, sizeof seed);
	sodium_memzero(seed, sizeof seed);
	size_t n = strlen(hex);
	hex[n++] = '\n';
	char *tmp = g_strdup_printf("%s.%u.tmp", path, randombytes_random());
	enum status st = ST_OK;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, hex, n) != (ssize_t)n || fsync(fd) != 0) {
		if (err)
			g_string_printf(err, "issuer key: cannot write %s: %s", tmp, g_strerror(errno));
		st = ST_IO;
	}
	if (fd >= 0)
		close(fd);
	if (st == ST_OK && link(tmp, path) != 0 && errno != EEXIST) {
		if (err)
			g_string_printf(err, "issuer key: cannot create %s: %s", path, g_strerror(errno));
		st = ST_IO;
	}
	g_unlink(tmp);
	g_free(tmp);
	sodium_memzero(hex, sizeof hex);
	return st;
}

enum status certificates_issuer_key_ensure(const char *data_dir, GString *err)
{
	char *path = g_build_filename(data_dir, "issuer.key", NULL);
	enum status st = g_file_test(path, G_FILE_TEST_EXISTS) ? ST_OK : create_seed(path, err);
	g_free(path);
	return st;
}

enum status certificates_issuer(struct ctx *c, struct badge_issuer *out, GString *err)
{
	enum status st = certificates_issuer_key_ensure(c->cfg->data_dir, err);
	char *path = g_build_filename(c->cfg->data_dir, "issuer.key", NULL);
	unsigned char seed[crypto_sign_SEEDBYTES];
	if (st == ST_OK)
		st = read_seed(path, seed, err);
	g_free(path);
	if (st != ST_OK)
		return st;
	const char *base = c->cfg->base_url;
	bool ok = badge_issuer_from_seed(out, arena_printf(c->a, "%s/issuer", base), c->cfg->platform_name,
					 arena_printf(c->a, "%s/", base),
					 arena_printf(c->a, "%s/issuer#key-1", base), seed);
	sodium_memzero(seed, sizeof seed);
	if (!ok) {
		if (err)
			g_string_assign(err, "issuer key: libsodium failed");
		return ST_IO;
	}
	return ST_OK;
}

enum status certificates_issuer_profile(struct ctx *c, char **json, GString *err)
{
	struct badge_issuer iss;
	enum status st = certificates_issuer(c, &iss, err);
	if (st != ST_OK)
		return st;
	json_t *jwk = json_loads(badge_public_jwk(c->a, &iss), 0, NULL);
	json_t *p = json_pack(
		"{s[ss] ss s[s] ss ss s[{ss ss ss so}]}", "@context", "https://www.w3.org/ns/credentials/v2",
		"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "id", iss.id_url, "type",
		"Profile", "name", iss.name, "url", iss.url, "verificationMethod", "id", iss.key_url, "type",
		"JsonWebKey", "controller", iss.id_url, "publicKeyJwk", jwk);
	badge_issuer_wipe(&iss);
	char *s = p ? json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(p);
	if (!s) {
		if (err)
			g_string_assign(err, "issuer profile: cannot encode");
		return ST_IO;
	}
	*json = arena_strdup(c->a, s);
	free(s);
	return ST_OK;
}

enum status certificates_badge(struct ctx *c, const struct certificate *cert, char **jwt, GString *err)
{
	struct badge_issuer iss;
	enum status st = certificates_issuer(c, &iss, err);
	if (st != ST_OK)
		return st;
	const char *l = cert->lang;
	char mark[32];
	certificate_format_score(l, cert->pass_mark * 100, mark, sizeof mark);
	const char *url = certificates_url(c, cert);
	struct badge_award award = {
		.credential_id = url,
		/* The holder is named, not identified by email address: the
		 * badge is public and must not disclose it. */
		.recipient_email_or_id = arena_printf(c->a, "%s#holder", url),
		.recipient_name = cert->holder_name,
		.achievement_id = arena_printf(c->a, "%s/courses/%s", c->cfg->base_url, cert->course_slug),
		.achievement_name = arena_printf(c->a, "%s: %s", i18n_get(l, "Certificate of achievement"),
						 cert->course_title),
		.achievement_description = arena_printf(
			c->a, i18n_get(l, "Awarded for completing the course \xe2\x80\x9c%s\xe2\x80\x9d."),
			cert->course_title),
		.criteria =
			arena_printf(c->a,
				     i18n_get(l, "Pass every exercise of the course with an overall weighted "
						 "score of at least %s."),
				     mark),
		.lang = l,
		.issued_at = cert->issued_at,
	};
	*jwt = badge_sign_jwt(c->a, &iss, &award);
	badge_issuer_wipe(&iss);
	if (!*jwt) {
		if (err)
			g_string_printf(err, "badge: certificate %s cannot be encoded", cert->code);
		return ST_INVALID;
	}
	return ST_OK;
}

enum status certificates_pdf(struct ctx *c, const struct certificate *cert, GByteArray *out, GString *err)
{
	GTimeZone *tz = g_time_zone_new_identifier(c->cfg->timezone);
	if (!tz)
		tz = g_time_zone_new_utc();
	struct certificate_doc doc = {
		.lang = cert->lang,
		.holder_name = cert->holder_name,
		.course_title = cert->course_title,
		.organisation = c->cfg->platform_name,
		.code = cert->code,
		.verify_url = certificates_url(c, cert),
		.score_bp = cert->score_bp,
		.issued_at = cert->issued_at,
		.tz = tz,
	};
	enum status st = certificate_pdf(&doc, out, err);
	g_time_zone_unref(tz);
	return st;
}
