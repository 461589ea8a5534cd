/* Mail without a network: payload, checks, quoted-printable, RFC 2047
 * headers, the MIME layout, and the spool driver. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/config.h"
#include "mail/mail.h"
#include "mail/mail_int.h"
#include "mail_test_util.h"

#include "base/banned.h"

enum { DATE = 1739440800 }; /* Thu, 13 Feb 2025 10:00:00 +0000 */

static const char *const FR_TEXT = "Bonjour Élodie,\n\n"
				   "Merci de vérifier votre adresse : cliquez sur le lien ci-dessous pour "
				   "terminer la création de votre compte "
				   "(il expire dans 48 heures).\n\n"
				   "https://campus.example.org/verify?token=abc=def \n"
				   ".\n"
				   "From here on, = signs and trailing tabs\t\n"
				   "-- \ncampus\n";

static struct mail_message fr_message(void)
{
	struct mail_message m = {
		.to = "elodie@example.org",
		.subject = "Vérifiez votre adresse",
		.text = FR_TEXT,
		.html = "<p>Bonjour Élodie,</p><p><a "
			"href=\"https://campus.example.org/verify?token=abc\">Vérifier</a></p>\n",
		.lang = "fr",
	};
	return m;
}

/* Payload */

static void test_payload_roundtrip(void)
{
	struct mail_message m = fr_message();
	struct arena *a = arena_new();
	GString *err = g_string_new(NULL);
	char *payload = mail_to_payload(&m);
	g_assert_nonnull(payload);
	g_assert_nonnull(strstr(payload, "\"subject\":"));

	struct mail_message back;
	g_assert_cmpint(mail_from_payload(a, payload, &back, err), ==, ST_OK);
	g_assert_cmpstr(back.to, ==, m.to);
	g_assert_cmpstr(back.subject, ==, m.subject);
	g_assert_cmpstr(back.text, ==, m.text);
	g_assert_cmpstr(back.html, ==, m.html);
	g_assert_cmpstr(back.lang, ==, m.lang);
	g_free(payload);

	/* html and lang are optional and stay NULL. */
	struct mail_message plain = {.to = "a@example.org", .subject = "Hi", .text = ""};
	payload = mail_to_payload(&plain);
	g_assert_nonnull(payload);
	g_assert_null(strstr(payload, "html"));
	g_assert_cmpint(mail_from_payload(a, payload, &back, err), ==, ST_OK);
	g_assert_null(back.html);
	g_assert_null(back.lang);
	g_assert_cmpstr(back.text, ==, "");
	g_free(payload);

	g_string_free(err, TRUE);
	arena_free(a);
}

static void test_payload_rejects(void)
{
	static const char *const bad_to[] = {
		"a@example.org\r\nBcc: victim@example.org",
		"a@example.org\nBcc: victim@example.org",
		"a@example.org\r",
		"a b@example.org",
		"a@b@example.org",
		"example.org",
		"@example.org",
		"a@",
		"a@example.org, b@example.org",
		"Name <a@example.org>",
		"",
	};
	static const char *const bad_subject[] = {
		"Hello\r\nBcc: victim@example.org",
		"Hello\nBcc: victim@example.org",
		"Hello\r",
		"tab\there",
		"\xc3\x28 not UTF-8",
	};
	struct arena *a = arena_new();
	GString *err = g_string_new(NULL);
	struct mail_message m;

	for (size_t i = 0; i < G_N_ELEMENTS(bad_to); i++) {
		struct mail_message bad = {.to = bad_to[i], .subject = "s", .text = "t"};
		g_string_truncate(err, 0);
		g_assert_cmpint(mail_check(&bad, err), ==, ST_INVALID);
		g_assert_true(g_str_has_prefix(err->str, "to:"));
		g_assert_null(mail_to_payload(&bad));
		/* The same through a payload built by hand, as a tampered outbox
		 * row would be. */
		GString *json = g_string_new("{\"to\":\"");
		for (const char *p = bad_to[i]; *p; p++) {
			if (*p == '\r')
				g_string_append(json, "\\r");
			else if (*p == '\n')
				g_string_append(json, "\\n");
			else
				g_string_append_c(json, *p);
		}
		g_string_append(json, "\",\"subject\":\"s\",\"text\":\"t\"}");
		g_assert_cmpint(mail_from_payload(a, json->str, &m, err), ==, ST_INVALID);
		g_assert_null(m.to);
		g_string_free(json, TRUE);
	}
	char *long_to = g_strnfill(300, 'a');
	long_to[250] = '@';
	struct mail_message too_long = {.to = long_to, .subject = "s", .text = "t"};
	g_assert_cmpint(mail_check(&too_long, err), ==, ST_INVALID);
	long_to[255] = '\0'; /* 255 bytes: one too many */
	g_assert_cmpint(mail_check(&too_long, err), ==, ST_INVALID);
	long_to[254] = '\0'; /* 254 bytes: the longest allowed */
	g_assert_cmpint(mail_check(&too_long, err), ==, ST_OK);
	g_free(long_to);

	for (size_t i = 0; i < G_N_ELEMENTS(bad_subject); i++) {
		struct mail_message bad = {.to = "a@example.org", .subject = bad_subject[i], .text = "t"};
		g_string_truncate(err, 0);
		g_assert_cmpint(mail_check(&bad, err), ==, ST_INVALID);
		g_assert_true(g_str_has_prefix(err->str, "subject:"));
		g_assert_null(mail_to_payload(&bad));
	}
	g_assert_cmpint(
		mail_from_payload(a,
				  "{\"to\":\"a@example.org\",\"subject\":\"a\\r\\nBcc: v@example.org\","
				  "\"text\":\"t\"}",
				  &m, err),
		==, ST_INVALID);
	g_assert_true(g_str_has_prefix(err->str, "subject:"));

	/* Not a message at all. */
	static const char *const bad_payloads[] = {
		"",
		"not json",
		"[]",
		"{}",
		"{\"to\":\"a@example.org\",\"subject\":\"s\"}",
		"{\"to\":\"a@example.org\",\"subject\":\"s\",\"text\":3}",
		"{\"to\":\"a@example.org\",\"subject\":\"s\",\"text\":\"t\",\"html\":[]}",
		"{\"to\":\"a@example.org\",\"subject\":\"s\",\"text\":\"t\",\"lang\":\"f r\"}",
		"{\"to\":\"a@example.org\",\"to\":\"b@example.org\",\"subject\":\"s\",\"text\":\"t\"}",
		"{\"to\":\"a@example.org\",\"subject\":\"s\",\"text\":\"t\\u0000\"}",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad_payloads); i++) {
		g_string_truncate(err, 0);
		g_assert_cmpint(mail_from_payload(a, bad_payloads[i], &m, err), ==, ST_INVALID);
		g_assert_cmpuint(err->len, >, 0);
	}
	g_assert_cmpint(mail_from_payload(a, NULL, &m, err), ==, ST_INVALID);

	g_string_free(err, TRUE);
	arena_free(a);
}

/* Quoted-printable */

static char *qp(const char *s)
{
	GString *g = g_string_new(NULL);
	mail_qp_encode(g, s);
	return g_string_free(g, FALSE);
}

/* Encodes s, checks the result is valid quoted-printable within the line
 * limit, safe from SMTP dot-stuffing and mbox quoting, and that it decodes
 * back to s (with LF line ends). */
static void check_qp_roundtrip(const char *s)
{
	char *enc = qp(s);
	char *dec = qp_decode(enc);
	if (!dec)
		g_error("not valid quoted-printable for \"%s\":\n%s", s, enc);
	/* CRLF and LF in s are the same line break. */
	char **lines = g_strsplit(s, "\r\n", -1);
	char *want = g_strjoinv("\n", lines);
	g_assert_cmpstr(dec, ==, want);
	g_free(want);
	g_strfreev(lines);
	for (const char *p = enc; *p; p++) {
		unsigned char c = (unsigned char)*p;
		g_assert_true((c >= 32 && c <= 126) || c == '\t' || c == '\r' || c == '\n');
	}
	g_assert_null(strstr(enc, "\r\n."));
	g_assert_false(g_str_has_prefix(enc, "."));
	g_assert_null(strstr(enc, "\r\nFrom "));
	g_free(dec);
	g_free(enc);
}

static void expect_qp(const char *in, const char *out)
{
	char *enc = qp(in);
	g_assert_cmpstr(enc, ==, out);
	g_free(enc);
	check_qp_roundtrip(in);
}

static void test_qp_basics(void)
{
	expect_qp("", "");
	expect_qp("hello\n", "hello\r\n");
	expect_qp("hello\r\nworld", "hello\r\nworld");
	expect_qp("a=b", "a=3Db");
	expect_qp("==", "=3D=3D");
	expect_qp("é", "=C3=A9");
	expect_qp("Vérifiez", "V=C3=A9rifiez");
	expect_qp("trailing  \n", "trailing =20\r\n");
	expect_qp("tab\t\nx", "tab=09\r\nx");
	expect_qp("end ", "end=20");
	expect_qp("a b\tc", "a b\tc");
	expect_qp("\n\n", "\r\n\r\n");
	expect_qp(".\n..\n", "=2E\r\n=2E.\r\n");
	expect_qp("From here\nFrom\nx From y", "=46rom here\r\nFrom\r\nx From y");
	expect_qp("bell\a", "bell=07");
	expect_qp("lone\rcr", "lone=0Dcr");
}

static void test_qp_long_lines(void)
{
	/* 76 characters fit on one line; 77 need a soft break. */
	char *s76 = g_strnfill(76, 'a');
	char *enc = qp(s76);
	g_assert_cmpstr(enc, ==, s76);
	g_free(enc);
	char *s77 = g_strnfill(77, 'a');
	enc = qp(s77);
	g_assert_cmpuint(strlen(enc), ==, 77 + 3);
	g_assert_true(g_str_has_prefix(enc + 75, "=\r\n"));
	check_qp_roundtrip(s77);
	g_free(enc);
	g_free(s76);
	g_free(s77);

	/* Long runs of every kind: plain, accents (a triplet is never split),
	 * '=' and spaces around a break. */
	static const char *const units[] = {"a", "é", "=", " ", "a ", "€", "😀", ". ", "\t"};
	for (size_t u = 0; u < G_N_ELEMENTS(units); u++) {
		for (size_t n = 1; n < 200; n += 7) {
			GString *s = g_string_new(NULL);
			for (size_t i = 0; i < n; i++)
				g_string_append(s, units[u]);
			check_qp_roundtrip(s->str);
			g_string_append_c(s, '\n');
			g_string_append(s, s->str);
			check_qp_roundtrip(s->str);
			g_string_free(s, TRUE);
		}
	}
	check_qp_roundtrip(FR_TEXT);
}

static void test_qp_random(void)
{
	static const char *const pieces[] = {"a", "Z",  " ",     "\t",  "=", ".",    "é",
					     "ç", "\n", "From ", "=3D", "?", "\xff", "~"};
	GRand *r = g_rand_new_with_seed(20250213);
	for (int round = 0; round < 2000; round++) {
		GString *s = g_string_new(NULL);
		int n = g_rand_int_range(r, 0, 300);
		for (int i = 0; i < n; i++)
			g_string_append(s, pieces[g_rand_int_range(r, 0, G_N_ELEMENTS(pieces))]);
		check_qp_roundtrip(s->str);
		g_string_free(s, TRUE);
	}
	g_rand_free(r);
}

/* Headers */

/* The Subject of a message formatted from subject, checked for line length
 * and decoded. Caller frees. */
static char *subject_roundtrip(const char *subject, char **raw)
{
	struct arena *a = arena_new();
	struct mail_message m = {.to = "a@example.org", .subject = subject, .text = "t\n"};
	char *msg = mail_format(a, "campus <no-reply@campus.localhost>", &m, DATE, "<1@campus.localhost>");
	char *hdr_end = strstr(msg, "\r\n\r\n");
	g_assert_nonnull(hdr_end);
	char *headers = g_strndup(msg, (gsize)(hdr_end - msg + 2));
	g_assert_true(lines_ok(headers, 78));
	char *value = header_get(msg, "Subject");
	g_assert_nonnull(value);
	char *dec = rfc2047_decode(value);
	if (raw)
		*raw = g_strdup(strstr(headers, "Subject:"));
	g_free(value);
	g_free(headers);
	arena_free(a);
	return dec;
}

static void test_rfc2047_subject(void)
{
	char *raw = NULL;
	char *dec = subject_roundtrip("Vérifiez votre adresse", &raw);
	g_assert_cmpstr(dec, ==, "Vérifiez votre adresse");
	g_assert_true(g_str_has_prefix(raw, "Subject: =?UTF-8?B?"));
	g_assert_null(strstr(raw, "é"));
	g_free(dec);
	g_free(raw);

	/* ASCII stays readable. */
	dec = subject_roundtrip("Confirm your email address", &raw);
	g_assert_cmpstr(dec, ==, "Confirm your email address");
	g_assert_true(g_str_has_prefix(raw, "Subject: Confirm your email address\r\n"));
	g_free(dec);
	g_free(raw);

	/* Long subjects fold, in both forms, and every encoded-word holds
	 * whole characters (rfc2047_decode checks each word is UTF-8). */
	static const char *const longs[] = {
		"Votre période d'essai se termine bientôt : choisissez votre formule Premium Solo ou Premium "
		"Plus "
		"avant le 13 février, sinon l'accès aux certificats, aux téléchargements et à la communauté "
		"s'arrête",
		"Your free trial ends soon: choose Premium Solo or Premium Plus before 13 February, "
		"otherwise "
		"access to certificates, downloads and the community stops at the end of the period",
		"😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
		"Looks like =?UTF-8?B?QQ==?= an encoded word",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(longs); i++) {
		dec = subject_roundtrip(longs[i], &raw);
		g_assert_cmpstr(dec, ==, longs[i]);
		g_assert_nonnull(strstr(raw, "\r\n "));
		if (strstr(longs[i], "=?"))
			g_assert_true(g_str_has_prefix(raw, "Subject: =?UTF-8?B?"));
		g_free(dec);
		g_free(raw);
	}

	/* Even without mail_check, a line break cannot start a header. */
	GString *g = g_string_new(NULL);
	mail_put_header(g, "Subject", "Hello\r\nBcc: victim@example.org");
	g_assert_null(strstr(g->str, "\nBcc:"));
	g_assert_true(g_str_has_suffix(g->str, "\r\n"));
	for (const char *nl = strchr(g->str, '\n'); nl; nl = strchr(nl + 1, '\n'))
		g_assert_true(nl[1] == '\0' || nl[1] == ' ');
	g_string_free(g, TRUE);
}

static void test_from_header(void)
{
	struct arena *a = arena_new();
	struct mail_message m = {.to = "a@example.org", .subject = "s", .text = "t"};
	char *msg = mail_format(a, "campus <no-reply@campus.localhost>", &m, DATE, "x@y");
	char *from = header_get(msg, "From");
	g_assert_cmpstr(from, ==, "\"campus\" <no-reply@campus.localhost>");
	g_free(from);
	char *id = header_get(msg, "Message-ID");
	g_assert_cmpstr(id, ==, "<x@y>");
	g_free(id);

	msg = mail_format(a, "École \"Campus\" <ecole@campus.example>", &m, DATE, "<x@y>");
	from = header_get(msg, "From");
	char *dec = rfc2047_decode(from);
	g_assert_cmpstr(dec, ==, "École \"Campus\" <ecole@campus.example>");
	g_free(dec);
	g_free(from);

	msg = mail_format(a, "no-reply@campus.example", &m, DATE, "<x@y>");
	from = header_get(msg, "From");
	g_assert_cmpstr(from, ==, "no-reply@campus.example");
	g_free(from);

	char *name, *addr;
	g_assert_true(mail_parse_from(a, " \"A \\\" B\" <a@b.example> ", &name, &addr));
	g_assert_cmpstr(addr, ==, "a@b.example");
	g_assert_false(mail_parse_from(a, "campus <not an address>", &name, &addr));
	g_assert_false(mail_parse_from(a, "campus <a@b.example", &name, &addr));
	g_assert_false(mail_parse_from(a, "cam\npus <a@b.example>", &name, &addr));
	arena_free(a);
}

/* MIME layout */

static void test_format_multipart(void)
{
	struct arena *a = arena_new();
	struct mail_message m = fr_message();
	char *msg =
		mail_format(a, "campus <no-reply@campus.localhost>", &m, DATE, "<42.abc@campus.localhost>");

	g_assert_true(lines_ok(msg, 78));
	g_assert_true(g_str_has_prefix(msg, "From: "));
	static const struct {
		const char *name, *value;
	} expected[] = {
		{"To", "elodie@example.org"},
		{"Date", "Thu, 13 Feb 2025 10:00:00 +0000"},
		{"Message-ID", "<42.abc@campus.localhost>"},
		{"MIME-Version", "1.0"},
		{"Content-Language", "fr"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
		char *v = header_get(msg, expected[i].name);
		g_assert_cmpstr(v, ==, expected[i].value);
		g_free(v);
	}
	char *ct = header_get(msg, "Content-Type");
	g_assert_true(g_str_has_prefix(ct, "multipart/alternative; boundary=\"=_campus_"));
	g_assert_nonnull(strstr(msg, "multipart/alternative;\r\n boundary="));
	g_free(ct);

	const char *plain = strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\n"
					"Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	const char *html = strstr(msg, "Content-Type: text/html; charset=UTF-8\r\n"
				       "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	g_assert_nonnull(plain);
	g_assert_nonnull(html);
	g_assert_true(plain < html);

	char *body = mime_body(msg, "text/plain");
	char *dec = qp_decode(body);
	g_assert_cmpstr(dec, ==, FR_TEXT);
	g_free(dec);
	g_free(body);
	body = mime_body(msg, "text/html");
	dec = qp_decode(body);
	g_assert_cmpstr(dec, ==, m.html);
	g_free(dec);
	g_free(body);
	g_assert_true(g_str_has_suffix(msg, "--\r\n"));

	/* A fresh boundary each time. */
	char *msg2 = mail_format(a, "campus <no-reply@campus.localhost>", &m, DATE, "<43@campus.localhost>");
	char *ct1 = header_get(msg, "Content-Type"), *ct2 = header_get(msg2, "Content-Type");
	g_assert_cmpstr(ct1, !=, ct2);
	g_free(ct1);
	g_free(ct2);

	/* Without html: one text/plain part, no boundary. */
	m.html = NULL;
	m.lang = NULL;
	msg = mail_format(a, "campus <no-reply@campus.localhost>", &m, 0, "<44@campus.localhost>");
	g_assert_true(lines_ok(msg, 78));
	ct = header_get(msg, "Content-Type");
	g_assert_cmpstr(ct, ==, "text/plain; charset=UTF-8");
	g_free(ct);
	char *cte = header_get(msg, "Content-Transfer-Encoding");
	g_assert_cmpstr(cte, ==, "quoted-printable");
	g_free(cte);
	char *lang = header_get(msg, "Content-Language");
	g_assert_null(lang);
	char *date = header_get(msg, "Date");
	g_assert_cmpstr(date, ==, "Thu, 01 Jan 1970 00:00:00 +0000");
	g_free(date);
	body = mime_body(msg, "text/plain");
	dec = qp_decode(body);
	g_assert_cmpstr(dec, ==, FR_TEXT);
	g_free(dec);
	g_free(body);
	arena_free(a);
}

/* Spool */

static char **list_dir(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	GPtrArray *names = g_ptr_array_new();
	if (d) {
		const char *n;
		while ((n = g_dir_read_name(d)))
			g_ptr_array_add(names, g_strdup(n));
		g_dir_close(d);
	}
	g_ptr_array_add(names, NULL);
	return (char **)g_ptr_array_free(names, FALSE);
}

static void remove_tree(const char *path)
{
	char **names = list_dir(path);
	for (char **n = names; *n; n++) {
		char *p = g_build_filename(path, *n, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR))
			remove_tree(p);
		else
			g_unlink(p);
		g_free(p);
	}
	g_strfreev(names);
	g_rmdir(path);
}

static void test_spool(void)
{
	char *tmp = g_dir_make_tmp("campus-mail-XXXXXX", NULL);
	g_assert_nonnull(tmp);
	struct config cfg;
	config_defaults(&cfg, tmp);
	GString *err = g_string_new(NULL);
	struct mailer *ml = mailer_new(&cfg, err);
	g_assert_nonnull(ml);

	struct mail_message m = fr_message();
	g_assert_cmpint(mailer_send(ml, &m, DATE, err), ==, ST_OK);

	char *dir = g_build_filename(tmp, "mail", NULL);
	struct stat sb;
	g_assert_cmpint(g_stat(dir, &sb), ==, 0);
	g_assert_cmpint(sb.st_mode & 0777, ==, 0700);
	char **names = list_dir(dir);
	g_assert_cmpuint(g_strv_length(names), ==, 1);
	char *prefix = g_strdup_printf("%d-", DATE);
	g_assert_true(g_str_has_prefix(names[0], prefix));
	g_assert_true(g_str_has_suffix(names[0], ".eml"));
	g_free(prefix);

	char *path = g_build_filename(dir, names[0], NULL);
	char *msg = NULL;
	gsize len = 0;
	g_assert_true(g_file_get_contents(path, &msg, &len, NULL));
	g_assert_cmpuint(strlen(msg), ==, len);
	g_assert_true(lines_ok(msg, 78));
	char *v = header_get(msg, "To");
	g_assert_cmpstr(v, ==, "elodie@example.org");
	g_free(v);
	v = header_get(msg, "From");
	g_assert_cmpstr(v, ==, "\"campus\" <no-reply@campus.localhost>");
	g_free(v);
	v = header_get(msg, "Subject");
	char *dec = rfc2047_decode(v);
	g_assert_cmpstr(dec, ==, "Vérifiez votre adresse");
	g_free(dec);
	g_free(v);
	v = header_get(msg, "Date");
	g_assert_cmpstr(v, ==, "Thu, 13 Feb 2025 10:00:00 +0000");
	g_free(v);
	v = header_get(msg, "Message-ID");
	char *id_prefix = g_strdup_printf("<%d.", DATE);
	g_assert_true(g_str_has_prefix(v, id_prefix));
	g_assert_true(g_str_has_suffix(v, "@campus.localhost>"));
	g_free(id_prefix);
	g_free(v);
	v = header_get(msg, "Content-Language");
	g_assert_cmpstr(v, ==, "fr");
	g_free(v);
	char *body = mime_body(msg, "text/plain");
	dec = qp_decode(body);
	g_assert_cmpstr(dec, ==, FR_TEXT);
	g_free(dec);
	g_free(body);
	g_free(msg);
	g_free(path);
	g_strfreev(names);

	/* A refused message writes nothing. */
	m.to = "elodie@example.org\r\nBcc: victim@example.org";
	g_string_truncate(err, 0);
	g_assert_cmpint(mailer_send(ml, &m, DATE, err), ==, ST_INVALID);
	g_assert_cmpuint(err->len, >, 0);
	names = list_dir(dir);
	g_assert_cmpuint(g_strv_length(names), ==, 1);
	g_strfreev(names);
	mailer_free(ml);

	/* A data directory that cannot hold mail/ is ST_IO with a message. */
	char *file = g_build_filename(tmp, "plain-file", NULL);
	g_assert_true(g_file_set_contents(file, "x", 1, NULL));
	g_free(cfg.data_dir);
	cfg.data_dir = g_strdup(file);
	ml = mailer_new(&cfg, err);
	g_assert_nonnull(ml);
	m = fr_message();
	g_string_truncate(err, 0);
	g_assert_cmpint(mailer_send(ml, &m, DATE, err), ==, ST_IO);
	g_assert_nonnull(strstr(err->str, "mail spool"));
	mailer_free(ml);
	g_free(file);

	g_free(dir);
	config_clear(&cfg);
	g_string_free(err, TRUE);
	remove_tree(tmp);
	g_free(tmp);
}

static void test_mailer_config(void)
{
	struct config cfg;
	config_defaults(&cfg, "/nonexistent");
	GString *err = g_string_new(NULL);

	g_free(cfg.mail_driver);
	cfg.mail_driver = g_strdup("carrier-pigeon");
	g_assert_null(mailer_new(&cfg, err));
	g_assert_nonnull(strstr(err->str, "[mail] driver"));

	g_free(cfg.mail_driver);
	cfg.mail_driver = g_strdup("smtp");
	g_string_truncate(err, 0);
	g_assert_null(mailer_new(&cfg, err));
	g_assert_nonnull(strstr(err->str, "smtp_url"));

	g_free(cfg.mail_driver);
	cfg.mail_driver = g_strdup("spool");
	g_free(cfg.mail_from);
	cfg.mail_from = g_strdup("campus <no-reply>");
	g_string_truncate(err, 0);
	g_assert_null(mailer_new(&cfg, err));
	g_assert_nonnull(strstr(err->str, "[mail] from"));

	config_clear(&cfg);
	g_string_free(err, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/mail/payload/roundtrip", test_payload_roundtrip);
	g_test_add_func("/mail/payload/rejects", test_payload_rejects);
	g_test_add_func("/mail/qp/basics", test_qp_basics);
	g_test_add_func("/mail/qp/long-lines", test_qp_long_lines);
	g_test_add_func("/mail/qp/random", test_qp_random);
	g_test_add_func("/mail/header/rfc2047-subject", test_rfc2047_subject);
	g_test_add_func("/mail/header/from", test_from_header);
	g_test_add_func("/mail/format/multipart", test_format_multipart);
	g_test_add_func("/mail/spool", test_spool);
	g_test_add_func("/mail/mailer/config", test_mailer_config);
	return g_test_run();
}
