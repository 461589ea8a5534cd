/* Unit tests of src/base/arena.c: the per-request bump allocator. */
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"

#include "base/banned.h"

static bool aligned16(const void *p)
{
	return ((uintptr_t)p & 15) == 0;
}

/* Thousands of small allocations of odd sizes: aligned, zeroed, distinct,
 * and none overlaps another (each is filled with its own byte). */
static void test_many_small(void)
{
	struct arena *a = arena_new();
	g_assert_cmpuint(arena_used(a), ==, 0);
	enum { N = 5000 };
	unsigned char **ptrs = g_new(unsigned char *, N);
	size_t *sizes = g_new(size_t, N);
	for (int i = 0; i < N; i++) {
		sizes[i] = (size_t)(i % 97) + 1;
		ptrs[i] = arena_alloc(a, sizes[i]);
		g_assert_true(aligned16(ptrs[i]));
		for (size_t j = 0; j < sizes[i]; j++)
			g_assert_cmpuint(ptrs[i][j], ==, 0);
		memset(ptrs[i], i & 0xff, sizes[i]);
	}
	for (int i = 0; i < N; i++)
		for (size_t j = 0; j < sizes[i]; j++)
			g_assert_cmpuint(ptrs[i][j], ==, (unsigned)(i & 0xff));
	g_assert_cmpuint(arena_used(a), >=, (size_t)N);
	g_free(sizes);
	g_free(ptrs);
	arena_free(a);
}

/* Large allocations (bigger than a block) mixed with small ones. */
static void test_large(void)
{
	struct arena *a = arena_new();
	char *small1 = arena_strdup(a, "before");
	size_t sizes[] = {16 * 1024, 16 * 1024 + 1, 100000, 1 << 20, 3 * 1024 * 1024 + 7};
	unsigned char *big[G_N_ELEMENTS(sizes)];
	char *small[G_N_ELEMENTS(sizes)];
	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		big[i] = arena_alloc(a, sizes[i]);
		g_assert_true(aligned16(big[i]));
		g_assert_cmpuint(big[i][0], ==, 0);
		g_assert_cmpuint(big[i][sizes[i] - 1], ==, 0);
		memset(big[i], 'A' + (int)i, sizes[i]);
		small[i] = arena_printf(a, "small %zu", i);
		g_assert_true(aligned16(small[i]));
	}
	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		g_assert_cmpuint(big[i][0], ==, 'A' + i);
		g_assert_cmpuint(big[i][sizes[i] - 1], ==, 'A' + i);
		char want[32];
		g_snprintf(want, sizeof(want), "small %zu", i);
		g_assert_cmpstr(small[i], ==, want);
	}
	g_assert_cmpstr(small1, ==, "before");
	size_t total = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++)
		total += sizes[i];
	g_assert_cmpuint(arena_used(a), >=, total);
	arena_free(a);
}

/* Every size from 0 to 64 is aligned for any type, and zero-size
 * allocations still return distinct usable pointers. */
static void test_alignment(void)
{
	struct arena *a = arena_new();
	void *prev = NULL;
	for (size_t n = 0; n <= 64; n++) {
		void *p = arena_alloc(a, n);
		g_assert_nonnull(p);
		g_assert_true(aligned16(p));
		g_assert_true(p != prev);
		prev = p;
		long double *ld = arena_alloc(a, sizeof(long double));
		*ld = 1.5L;
		g_assert_true(aligned16(ld));
	}
	arena_free(a);
}

static void test_strings(void)
{
	struct arena *a = arena_new();
	g_assert_null(arena_strdup(a, NULL));
	char *s = arena_strdup(a, "héllo");
	g_assert_cmpstr(s, ==, "héllo");
	g_assert_cmpstr(arena_strdup(a, ""), ==, "");
	g_assert_cmpstr(arena_strndup(a, "abcdef", 3), ==, "abc");
	g_assert_cmpstr(arena_strndup(a, "abcdef", 0), ==, "");
	char buf[4] = {'x', 'y', 'z', 'w'}; /* not terminated: strndup copies n bytes */
	g_assert_cmpstr(arena_strndup(a, buf, 4), ==, "xyzw");
	g_assert_cmpstr(arena_printf(a, "%s-%d-%05.1f-%%", "a", -42, 3.14159), ==, "a--42-003.1-%");
	g_assert_cmpstr(arena_printf(a, "%s", ""), ==, "");
	/* longer than a block */
	char *big = g_strnfill(40000, 'q');
	char *p = arena_printf(a, "<%s>", big);
	g_assert_cmpuint(strlen(p), ==, 40002);
	g_assert_cmpint(p[0], ==, '<');
	g_assert_cmpint(p[40001], ==, '>');
	g_free(big);
	arena_free(a);
}

static GString *order;

static void record(void *data)
{
	g_string_append(order, data);
}

static void test_cleanups_reverse_order(void)
{
	order = g_string_new(NULL);
	struct arena *a = arena_new();
	arena_on_free(a, record, "1");
	arena_alloc(a, 100000); /* cleanups survive new blocks */
	arena_on_free(a, record, "2");
	for (int i = 0; i < 1000; i++)
		arena_alloc(a, 64);
	arena_on_free(a, record, "3");
	g_assert_cmpstr(order->str, ==, "");
	arena_free(a);
	g_assert_cmpstr(order->str, ==, "321");
	g_string_free(order, TRUE);
	order = NULL;
}

/* A cleanup can close a resource that lives in the arena itself. */
static void close_it(void *data)
{
	int *fd = data;
	g_assert_cmpint(*fd, ==, 7);
	*fd = -1;
}

static int *seen_fd;

static void check_closed(void *data)
{
	(void)data;
	g_assert_cmpint(*seen_fd, ==, -1);
}

static void test_cleanup_sees_arena_memory(void)
{
	struct arena *a = arena_new();
	int *fd = arena_alloc(a, sizeof(int));
	*fd = 7;
	seen_fd = fd;
	arena_on_free(a, check_closed, NULL); /* runs last */
	arena_on_free(a, close_it, fd);
	arena_free(a);
	arena_free(NULL); /* a no-op */
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/arena/many_small", test_many_small);
	g_test_add_func("/arena/large", test_large);
	g_test_add_func("/arena/alignment_16", test_alignment);
	g_test_add_func("/arena/strings_and_printf", test_strings);
	g_test_add_func("/arena/cleanups_reverse_order", test_cleanups_reverse_order);
	g_test_add_func("/arena/cleanup_sees_arena_memory", test_cleanup_sees_arena_memory);
	return g_test_run();
}
