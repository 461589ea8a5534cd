/* Unit tests of src/http/html.c: the escaping HTML writer every page goes
 * through. */
#include <glib.h>
#include <string.h>

#include "http/html.h"

#include "base/banned.h"

static char *text(const char *s)
{
	GString *o = g_string_new(NULL);
	html_text(o, s);
	return g_string_free(o, FALSE);
}

static void check_text(const char *in, const char *want)
{
	char *got = text(in);
	g_assert_cmpstr(got, ==, want);
	g_free(got);
}

static void test_text_escapes(void)
{
	check_text("&", "&amp;");
	check_text("<", "&lt;");
	check_text(">", "&gt;");
	check_text("\"", "&quot;");
	check_text("'", "&#39;");
	check_text("&<>\"'", "&amp;&lt;&gt;&quot;&#39;");
	check_text("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	check_text("\" onmouseover=\"x", "&quot; onmouseover=&quot;x");
	/* already-escaped text is escaped again (no double-decoding games) */
	check_text("&amp;", "&amp;amp;");
	/* plain text, UTF-8 and runs between escapes are kept as they are */
	check_text("", "");
	check_text("Élève à l'école", "Élève à l&#39;école");
	check_text("a&b&&c", "a&amp;b&amp;&amp;c");
	check_text("no escape needed", "no escape needed");
	check_text("<<<", "&lt;&lt;&lt;");
	check_text("x>", "x&gt;");
	/* NULL writes nothing */
	GString *o = g_string_new("keep");
	html_text(o, NULL);
	g_assert_cmpstr(o->str, ==, "keep");
	/* html_text appends */
	html_attr(o, "<b>");
	g_assert_cmpstr(o->str, ==, "keep&lt;b&gt;");
	g_string_free(o, TRUE);
}

/* No byte of the output can open a tag or close an attribute. */
static void test_text_all_bytes(void)
{
	char in[256];
	for (int i = 1; i < 256; i++)
		in[i - 1] = (char)i;
	in[255] = '\0';
	char *got = text(in);
	g_assert_null(strpbrk(got, "<>\"'"));
	/* every & starts one of the five entities */
	for (const char *p = strchr(got, '&'); p; p = strchr(p + 1, '&'))
		g_assert_true(g_str_has_prefix(p, "&amp;") || g_str_has_prefix(p, "&lt;") ||
			      g_str_has_prefix(p, "&gt;") || g_str_has_prefix(p, "&quot;") ||
			      g_str_has_prefix(p, "&#39;"));
	g_assert_cmpuint(strlen(got), ==, 255 - 5 + strlen("&amp;&lt;&gt;&quot;&#39;"));
	g_free(got);
}

static void test_put(void)
{
	GString *o = g_string_new(NULL);
	html_put(o, "<p class=\"x\">%s</p>", "<b>Tom & \"Jerry\"</b>");
	g_assert_cmpstr(o->str, ==, "<p class=\"x\">&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;</p>");

	g_string_truncate(o, 0);
	html_put(o, "<a href=\"/u/%s\" title='%s'>%d</a>", "'><img>", "it's", -7);
	g_assert_cmpstr(o->str, ==, "<a href=\"/u/&#39;&gt;&lt;img&gt;\" title='it&#39;s'>-7</a>");

	g_string_truncate(o, 0);
	html_put(o, "%d %u %ld %lld %zu 100%% %s", 42, 4000000000u, -123456789L, -9000000000000LL,
		 (size_t)18446744073709551615ULL, "done");
	g_assert_cmpstr(o->str, ==, "42 4000000000 -123456789 -9000000000000 18446744073709551615 100% done");

	/* a NULL string prints nothing (volatile: hidden from -Wformat) */
	const char *volatile none = NULL;
	g_string_truncate(o, 0);
	html_put(o, "%s|%s|%s", "", none, "&");
	g_assert_cmpstr(o->str, ==, "||&amp;");

	/* the format itself is literal markup, copied as is, and html_put
	 * appends */
	g_string_assign(o, "<ul>");
	html_put(o, "<li>%s</li>%s", "a<b", "");
	html_lit(o, "</ul>");
	g_assert_cmpstr(o->str, ==, "<ul><li>a&lt;b</li></ul>");

	g_string_truncate(o, 0);
	html_put(o, "%d%d%s%%%%", 1, 2, "3");
	g_assert_cmpstr(o->str, ==, "123%%");
	g_string_free(o, TRUE);
}

static void check_url(const char *in, const char *want)
{
	GString *o = g_string_new(NULL);
	html_url(o, in);
	g_assert_cmpstr(o->str, ==, want);
	g_string_free(o, TRUE);
}

static void test_url(void)
{
	check_url("abcXYZ019-._~", "abcXYZ019-._~");
	check_url("a b", "a%20b");
	check_url("a&b=c", "a%26b%3Dc");
	check_url("/settings?x=1#frag", "%2Fsettings%3Fx%3D1%23frag");
	check_url("100%", "100%25");
	check_url("ada+lovelace@example.org", "ada%2Blovelace%40example.org");
	check_url("é", "%C3%A9");
	check_url("\"<>'", "%22%3C%3E%27");
	check_url("", "");
	GString *o = g_string_new("/verify?token=");
	html_url(o, NULL);
	html_url(o, "a/b");
	g_assert_cmpstr(o->str, ==, "/verify?token=a%2Fb");
	g_string_free(o, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/html/text_escapes", test_text_escapes);
	g_test_add_func("/html/text_all_bytes", test_text_all_bytes);
	g_test_add_func("/html/put", test_put);
	g_test_add_func("/html/url", test_url);
	return g_test_run();
}
