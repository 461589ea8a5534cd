/* The page cache of visitors' pages (http/page_cache.c): validity by commit
 * stamp or version, token holes written with each visitor's token, pages
 * without holes shared by reference, bounds. */
#include <glib.h>
#include <string.h>

#include "http/page_cache.h"

#include "base/banned.h"

static int token_calls;

static const char *token_of(void *arg)
{
	token_calls++;
	return arg;
}

static void test_holes(void)
{
	page_cache_clear();
	const char *body = "<form><input name=\"csrf\" value=\"aaaa\"></form><p>aaaa</p>";
	page_cache_put("k", "s1", "v1", body, strlen(body), "aaaa");
	GString *out = g_string_new("junk");
	GBytes *shared = NULL;
	token_calls = 0;
	/* A page with holes is copied, with this visitor's token in every hole. */
	g_assert_true(page_cache_get("k", "s1", NULL, token_of, "bbbb", out, &shared));
	g_assert_null(shared);
	g_assert_cmpstr(out->str, ==, "<form><input name=\"csrf\" value=\"bbbb\"></form><p>bbbb</p>");
	g_assert_cmpint(token_calls, ==, 1);
	/* A token of another length does not fit: a miss, rendered afresh. */
	g_assert_false(page_cache_get("k", "s1", NULL, token_of, "ccccc", out, NULL));
	g_assert_false(page_cache_get("k", "s1", NULL, NULL, NULL, out, NULL));
	g_string_free(out, TRUE);
}

static void test_shared(void)
{
	page_cache_clear();
	const char *body = "<p>same for everyone</p>";
	page_cache_put("k", "s1", "v1", body, strlen(body), NULL);
	GString *out = g_string_new("untouched");
	GBytes *shared = NULL;
	token_calls = 0;
	g_assert_true(page_cache_get("k", "s1", NULL, token_of, "bbbb", out, &shared));
	g_assert_nonnull(shared);
	gsize n;
	const char *data = g_bytes_get_data(shared, &n);
	g_assert_cmpuint(n, ==, strlen(body));
	g_assert_true(memcmp(data, body, n) == 0);
	g_assert_cmpstr(out->str, ==, "untouched");
	g_assert_cmpint(token_calls, ==, 0); /* no token made for a page without holes */
	/* The reference outlives the entry: a clear does not free it. */
	page_cache_clear();
	g_assert_true(memcmp(g_bytes_get_data(shared, NULL), body, n) == 0);
	g_bytes_unref(shared);
	/* Without a place for a reference, the bytes are copied. */
	page_cache_put("k", "s1", "v1", body, strlen(body), NULL);
	g_assert_true(page_cache_get("k", "s1", NULL, NULL, NULL, out, NULL));
	g_assert_cmpstr(out->str, ==, body);
	g_string_free(out, TRUE);
}

static void test_validity(void)
{
	page_cache_clear();
	const char *body = "<p>v1</p>";
	page_cache_put("k", "s1", "v1", body, strlen(body), NULL);
	GString *out = g_string_new(NULL);
	/* Another stamp (something was committed) and no version: unknown. */
	g_assert_false(page_cache_get("k", "s2", NULL, NULL, NULL, out, NULL));
	/* The version read at s2 is the same: valid, and now known at s2. */
	g_assert_true(page_cache_get("k", "s2", "v1", NULL, NULL, out, NULL));
	g_assert_true(page_cache_get("k", "s2", NULL, NULL, NULL, out, NULL));
	/* Another version: stale. */
	g_assert_false(page_cache_get("k", "s3", "v2", NULL, NULL, out, NULL));
	g_assert_false(page_cache_get("other", "s2", "v1", NULL, NULL, out, NULL));
	/* Too large for the budget: not kept. */
	size_t big = PAGE_CACHE_MAX_BYTES / 4 + 1;
	char *b = g_malloc0(big);
	page_cache_put("big", "s1", "v1", b, big, NULL);
	g_assert_false(page_cache_get("big", "s1", "v1", NULL, NULL, out, NULL));
	g_free(b);
	g_string_free(out, TRUE);
}

/* A signed-in session's pages: by commit stamp only, in their own table. */
static void test_personal(void)
{
	page_cache_clear();
	const char *body = "<p>mine</p>";
	GBytes *shared = NULL;
	page_cache_personal_put("dash|s1", NULL, body, strlen(body)); /* no stamp: not kept */
	g_assert_false(page_cache_personal_get("dash|s1", "s1", &shared));
	page_cache_personal_put("dash|s1", "s1", body, strlen(body));
	g_assert_false(page_cache_personal_get("dash|s1", NULL, &shared));
	g_assert_false(page_cache_personal_get("dash|s1", "s2", &shared)); /* committed since */
	g_assert_true(page_cache_personal_get("dash|s1", "s1", &shared));
	gsize n;
	const char *data = g_bytes_get_data(shared, &n);
	g_assert_cmpuint(n, ==, strlen(body));
	g_assert_true(memcmp(data, body, n) == 0);
	g_bytes_unref(shared);
	/* Not a visitors' page, and the reverse. */
	GString *out = g_string_new(NULL);
	g_assert_false(page_cache_get("dash|s1", "s1", NULL, NULL, NULL, out, NULL));
	page_cache_put("home|en", "s1", "", body, strlen(body), NULL);
	g_assert_false(page_cache_personal_get("home|en", "s1", &shared));
	page_cache_clear();
	g_assert_false(page_cache_personal_get("dash|s1", "s1", &shared));
	g_string_free(out, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/page-cache/token-holes", test_holes);
	g_test_add_func("/page-cache/shared-bytes", test_shared);
	g_test_add_func("/page-cache/validity", test_validity);
	g_test_add_func("/page-cache/personal", test_personal);
	return g_test_run();
}
