/* Unit tests of src/base/i18n.c: Accept-Language negotiation (ACC-4) and
 * the .mo reader, fed with the catalogue embedded in the binary and with
 * damaged copies of it. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "base/i18n.h"
#include "web/assets.h"

#include "base/banned.h"

/* --- i18n_negotiate ---------------------------------------------------- */

static void test_negotiate(void)
{
	static const struct {
		const char *header, *fallback, *want;
	} cases[] = {
		{"fr-FR,fr;q=0.9,en;q=0.8", "en", "fr"},
		{"en-GB", "fr", "en"},
		{"en-US,en;q=0.9", "fr", "en"},
		{"fr", "en", "fr"},
		{"FR-ca", "en", "fr"}, /* tags are case-insensitive */
		{"EN", "fr", "en"},
		{"de", "en", "en"}, /* neither: the fallback */
		{"de", "fr", "fr"},
		{"de-DE,de;q=0.9", "fr", "fr"},
		{"en;q=0.5, fr;q=0.9", "en", "fr"}, /* q-values, not order */
		{"fr;q=0.5, en;q=0.9", "fr", "en"},
		{"de, en;q=0.1", "fr", "en"}, /* a low q still beats none */
		{"de;q=1.0, fr;q=0.2, en;q=0.3", "fr", "en"},
		{"fr;q=0", "en", "en"}, /* q=0 means "not acceptable" */
		{"en;q=0, fr;q=0", "fr", "fr"},
		{"fr;q=0, en", "fr", "en"},
		{"french, english", "en", "en"}, /* not language tags */
		{"frr, eng", "fr", "fr"},
		{"e", "fr", "fr"},
		{"*", "fr", "fr"},
		{"", "en", "en"},
		{";;;,,,q=;=", "fr", "fr"}, /* garbage */
		{",,,,", "en", "en"},
		{"fr;q=abc", "en", "en"},
		{"  en-GB  ;  q=0.7 ,  fr ; q=0.6 ", "fr", "en"},
		{"\x01\xff\xfe", "en", "en"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *e = g_strescape(cases[i].header, NULL);
		g_test_message("\"%s\" (fallback %s)", e, cases[i].fallback);
		g_free(e);
		g_assert_cmpstr(i18n_negotiate(cases[i].header, cases[i].fallback), ==, cases[i].want);
	}
	g_assert_cmpstr(i18n_negotiate(NULL, "fr"), ==, "fr");

	/* A header of hundreds of items is handled without trouble. */
	GString *h = g_string_new(NULL);
	for (int i = 0; i < 500; i++)
		g_string_append_printf(h, "x%d;q=0.%d,", i, i % 10);
	g_string_append(h, "fr;q=0.1");
	const char *got = i18n_negotiate(h->str, "en");
	g_assert_true(!strcmp(got, "en") || !strcmp(got, "fr"));
	g_string_free(h, TRUE);
}

/* RFC 9110 12.4.2: weight = OWS ";" OWS "q=" qvalue, so blanks may come
 * before the semicolon. */
static void negotiate_ows_before_semicolon(void)
{
	g_assert_cmpstr(i18n_negotiate("de, fr ;q=0.5", "en"), ==, "fr");
	g_assert_cmpstr(i18n_negotiate("fr\t; q=0.9, en;q=0.5", "en"), ==, "fr");
}

static void test_negotiate_ows(void)
{
	negotiate_ows_before_semicolon();
}

static void test_supported(void)
{
	g_assert_true(i18n_supported("en"));
	g_assert_true(i18n_supported("fr"));
	g_assert_false(i18n_supported("de"));
	g_assert_false(i18n_supported("EN"));
	g_assert_false(i18n_supported("fr-FR"));
	g_assert_false(i18n_supported(""));
	g_assert_false(i18n_supported(NULL));
}

/* --- the .mo catalogue ------------------------------------------------- */

static const struct asset *fr_mo(void)
{
	const struct asset *mo = asset_find("po/fr.mo");
	g_assert_nonnull(mo);
	g_assert_cmpuint(mo->len, >, 28);
	return mo;
}

static void test_embedded_fr(void)
{
	i18n_unload();
	/* nothing loaded: every lookup gives the msgid */
	g_assert_cmpstr(i18n_get("fr", "Sign in"), ==, "Sign in");

	const struct asset *mo = fr_mo();
	g_assert_true(i18n_load_mo("fr", mo->data, mo->len));
	g_assert_cmpstr(i18n_get("fr", "Sign in"), ==, "Se connecter");
	/* English is the msgid itself */
	g_assert_cmpstr(i18n_get("en", "Sign in"), ==, "Sign in");
	/* an unknown msgid, an unknown language, no language */
	const char *unknown = "No such message in any catalogue";
	g_assert_true(i18n_get("fr", unknown) == unknown);
	g_assert_cmpstr(i18n_get("de", "Sign in"), ==, "Sign in");
	g_assert_cmpstr(i18n_get(NULL, "Sign in"), ==, "Sign in");
	/* the header entry (msgid "") is not a translation */
	g_assert_cmpstr(i18n_get("fr", ""), ==, "");

	/* Reloading replaces the catalogue; the result stays the same. */
	g_assert_true(i18n_load_mo("fr", mo->data, mo->len));
	g_assert_cmpstr(i18n_get("fr", "Sign in"), ==, "Se connecter");

	/* the bytes were copied: the caller's buffer can go away */
	unsigned char *copy = g_memdup2(mo->data, mo->len);
	g_assert_true(i18n_load_mo("xx", copy, mo->len));
	memset(copy, 0, mo->len);
	g_free(copy);
	g_assert_cmpstr(i18n_get("xx", "Sign in"), ==, "Se connecter");

	/* webperf: an image that lives as long as the process is used in
	 * place (no copies), with the same answers. */
	g_assert_true(i18n_load_mo_static("fr", mo->data, mo->len));
	const char *fr = i18n_get("fr", "Sign in");
	g_assert_cmpstr(fr, ==, "Se connecter");
	const char *base = (const char *)mo->data;
	g_assert_true(fr >= base && fr < base + mo->len);
	g_assert_cmpstr(i18n_get("fr", ""), ==, "");

	i18n_unload();
	g_assert_cmpstr(i18n_get("fr", "Sign in"), ==, "Sign in");
	g_assert_cmpstr(i18n_get("xx", "Sign in"), ==, "Sign in");
	i18n_unload(); /* twice is fine */
}

static uint32_t u32_at(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void swap_u32_at(unsigned char *p)
{
	uint32_t v = GUINT32_SWAP_LE_BE(u32_at(p));
	memcpy(p, &v, 4);
}

/* The same catalogue written by a machine of the other byte order. */
static void test_other_byte_order(void)
{
	const struct asset *mo = fr_mo();
	g_assert_cmphex(u32_at(mo->data), ==, 0x950412de); /* native order */
	unsigned char *b = g_memdup2(mo->data, mo->len);
	uint32_t n = u32_at(b + 8), orig = u32_at(b + 12), trans = u32_at(b + 16);
	uint32_t hsize = u32_at(b + 20), hoff = u32_at(b + 24);
	for (uint32_t i = 0; i < 2 * n; i++) {
		swap_u32_at(b + orig + 4 * i);
		swap_u32_at(b + trans + 4 * i);
	}
	for (uint32_t i = 0; i < hsize; i++)
		swap_u32_at(b + hoff + 4 * i);
	for (int i = 0; i < 7; i++)
		swap_u32_at(b + 4 * i);
	g_assert_true(i18n_load_mo("be", b, mo->len));
	g_assert_cmpstr(i18n_get("be", "Sign in"), ==, "Se connecter");
	g_free(b);
	i18n_unload();
}

/* Every truncation of the catalogue is refused, without reading past the
 * end (ASan build), and leaves the loaded catalogue in place. */
static void test_truncated(void)
{
	const struct asset *mo = fr_mo();
	g_assert_true(i18n_load_mo("fr", mo->data, mo->len));
	for (size_t len = 0; len < mo->len; len++) {
		/* an exact-size heap copy, so that ASan sees any overread */
		unsigned char *b = g_memdup2(mo->data, len ? len : 1);
		if (i18n_load_mo("fr", b, len))
			g_error("a catalogue truncated to %zu of %zu bytes was accepted", len, mo->len);
		g_free(b);
	}
	g_assert_cmpstr(i18n_get("fr", "Sign in"), ==, "Se connecter");
	i18n_unload();
}

static void put_u32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void test_garbage(void)
{
	/* not a .mo at all */
	static const char text[] = "msgid \"Sign in\"\nmsgstr \"Se connecter\"\n";
	g_assert_false(i18n_load_mo("fr", text, sizeof(text)));
	g_assert_false(i18n_load_mo("fr", "", 0));

	/* a valid magic with absurd tables */
	unsigned char *b = g_malloc0(64);
	put_u32(b, 0x950412de);
	put_u32(b + 8, 0xffffffff); /* n */
	put_u32(b + 12, 28);
	put_u32(b + 16, 28);
	g_assert_false(i18n_load_mo("fr", b, 64));
	put_u32(b + 8, 1);
	put_u32(b + 12, 0xfffffff8); /* table offset at the end of the address space */
	g_assert_false(i18n_load_mo("fr", b, 64));
	put_u32(b + 12, 28);
	put_u32(b + 16, 36);
	put_u32(b + 28, 5); /* msgid length 5 ... */
	put_u32(b + 32, 0xfffffffe); /* ... at an offset out of the file */
	put_u32(b + 36, 3);
	put_u32(b + 40, 50);
	g_assert_false(i18n_load_mo("fr", b, 64));
	put_u32(b + 28, 0xffffffff); /* a length that wraps */
	put_u32(b + 32, 50);
	g_assert_false(i18n_load_mo("fr", b, 64));
	/* ... and the same entry made valid is accepted */
	put_u32(b + 28, 2);
	memcpy(b + 50, "hi", 3);
	put_u32(b + 36, 3);
	put_u32(b + 40, 54);
	memcpy(b + 54, "yo!", 4);
	g_assert_true(i18n_load_mo("zz", b, 64));
	g_assert_cmpstr(i18n_get("zz", "hi"), ==, "yo!");
	/* a string not NUL-terminated inside the file */
	put_u32(b + 36, 10);
	g_assert_false(i18n_load_mo("zz", b, 64));
	g_free(b);

	/* random bytes behind a valid magic, many times */
	GRand *r = g_rand_new_with_seed(20261126);
	for (int i = 0; i < 2000; i++) {
		size_t len = (size_t)g_rand_int_range(r, 0, 200);
		unsigned char *g = g_malloc(len ? len : 1);
		for (size_t j = 0; j < len; j++)
			g[j] = (unsigned char)g_rand_int_range(r, 0, 256);
		if (len >= 4 && i % 2)
			put_u32(g, 0x950412de);
		if (len >= 28 && i % 4 == 1) {
			put_u32(g + 8, (uint32_t)g_rand_int_range(r, 0, 4));
			put_u32(g + 12, (uint32_t)g_rand_int_range(r, 0, (gint32)len));
			put_u32(g + 16, (uint32_t)g_rand_int_range(r, 0, (gint32)len));
		}
		i18n_load_mo("rnd", g, len); /* must not crash or overread */
		g_free(g);
	}
	g_rand_free(r);
	i18n_unload();
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/i18n/acc4_negotiate", test_negotiate);
	g_test_add_func("/i18n/acc4_negotiate_ows", test_negotiate_ows);
	g_test_add_func("/i18n/acc4_supported", test_supported);
	g_test_add_func("/i18n/mo/embedded_fr", test_embedded_fr);
	g_test_add_func("/i18n/mo/other_byte_order", test_other_byte_order);
	g_test_add_func("/i18n/mo/truncated_refused", test_truncated);
	g_test_add_func("/i18n/mo/garbage_refused", test_garbage);
	return g_test_run();
}
