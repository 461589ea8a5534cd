/* A bump allocator that lives as long as one request (or one job run).
 * Everything allocated from it is freed at once by arena_free(); non-memory
 * resources register a cleanup with arena_on_free(). Allocation failure
 * aborts (there is no out-of-memory path to propagate). Not thread-safe:
 * an arena belongs to one thread at a time. */
#ifndef CAMPUS_ARENA_H
#define CAMPUS_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new empty arena; free it with arena_free(). */
struct arena *arena_new(void);
/* Runs the cleanups (last registered first), then frees every block. */
void arena_free(struct arena *a);

/* size bytes aligned for any type, zeroed. Owned by the arena. */
void *arena_alloc(struct arena *a, size_t size);
/* A copy of s (NULL gives NULL). Owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
/* A copy of the first n bytes of s, NUL-terminated. Owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena. Owned by the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* fn(data) runs when the arena is freed. */
void arena_on_free(struct arena *a, void (*fn)(void *), void *data);

/* Bytes handed out so far (for tests and limits). */
size_t arena_used(const struct arena *a);

#endif
