#include "base/arena.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "base/banned.h"

enum { ARENA_BLOCK = 16 * 1024, ARENA_ALIGN = 16 };

struct block {
	struct block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

struct cleanup {
	struct cleanup *next;
	void (*fn)(void *);
	void *data;
};

struct arena {
	struct block *head;
	struct cleanup *cleanups;
	size_t total;
};

struct arena *arena_new(void)
{
	return g_new0(struct arena, 1);
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct cleanup *c = a->cleanups; c; c = c->next)
		c->fn(c->data);
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		g_free(b);
		b = next;
	}
	g_free(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	struct block *b = a->head;
	if (!b || b->size - b->used < need) {
		size_t cap = need > ARENA_BLOCK ? need : ARENA_BLOCK;
		struct block *nb = g_malloc(sizeof(*nb) + cap);
		nb->size = cap;
		nb->used = 0;
		if (b && need > ARENA_BLOCK) {
			/* A large one-off: keep the current block first so its
			 * free space is still used by later small allocations. */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += need;
	a->total += need;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = g_vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	g_assert(n >= 0);
	char *p = arena_alloc(a, (size_t)n + 1);
	g_vsnprintf(p, (gulong)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void arena_on_free(struct arena *a, void (*fn)(void *), void *data)
{
	struct cleanup *c = arena_alloc(a, sizeof(*c));
	c->fn = fn;
	c->data = data;
	c->next = a->cleanups;
	a->cleanups = c;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
