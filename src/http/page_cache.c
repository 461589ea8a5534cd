#include "http/page_cache.h"

#include <string.h>

#include "base/banned.h"

struct entry {
	char *stamp; /* the commit stamp at which version was read, or NULL */
	char *version;
	GBytes *body; /* shared with the responses being sent */
	size_t len;
	size_t token_len;
	size_t *holes; /* offsets where the token goes */
	guint nholes;
	struct table *table;
};

/* One table of pages with its bounds. */
struct table {
	GHashTable *pages; /* key (g_strdup) -> struct entry *; NULL until first put */
	size_t bytes;
	guint max_entries;
	size_t max_bytes;
};

static GMutex lock;
static struct table visitors = {NULL, 0, PAGE_CACHE_MAX_ENTRIES, PAGE_CACHE_MAX_BYTES};
/* Signed-in users' pages: apart, so that many users cannot push the
 * visitors' pages out (each table starts again empty when full). */
static struct table personal = {NULL, 0, PAGE_CACHE_PERSONAL_MAX_ENTRIES, PAGE_CACHE_PERSONAL_MAX_BYTES};

static void entry_free(gpointer p)
{
	struct entry *e = p;
	e->table->bytes -= e->len + strlen(e->version);
	g_free(e->stamp);
	g_free(e->version);
	g_bytes_unref(e->body);
	g_free(e->holes);
	g_free(e);
}

static void ensure_table(struct table *t)
{
	if (!t->pages)
		t->pages = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
}

bool page_cache_get(const char *key, const char *stamp, const char *version, page_cache_token_fn token,
		    void *arg, GString *out, GBytes **shared)
{
	bool hit = false;
	g_mutex_lock(&lock);
	struct entry *e = visitors.pages ? g_hash_table_lookup(visitors.pages, key) : NULL;
	bool current = e && ((stamp && e->stamp && !strcmp(e->stamp, stamp)) ||
			     (version && !strcmp(e->version, version)));
	const char *tok = NULL;
	if (current && e->nholes) {
		/* Only now: a visitor of a page without holes needs no token
		 * (nor the cookie it is made from). */
		tok = token ? token(arg) : NULL;
		if (!tok || strlen(tok) != e->token_len)
			current = false;
	}
	if (current) {
		if (stamp && (!e->stamp || strcmp(e->stamp, stamp))) {
			/* Checked against the database after this stamp. */
			g_free(e->stamp);
			e->stamp = g_strdup(stamp);
		}
		if (!e->nholes && shared) {
			*shared = g_bytes_ref(e->body);
		} else {
			g_string_truncate(out, 0);
			g_string_append_len(out, g_bytes_get_data(e->body, NULL), (gssize)e->len);
			for (guint i = 0; i < e->nholes; i++)
				memcpy(out->str + e->holes[i], tok, e->token_len);
		}
		hit = true;
	}
	g_mutex_unlock(&lock);
	return hit;
}

static void put(struct table *t, const char *key, const char *stamp, const char *version, const char *body,
		size_t len, const char *token)
{
	size_t size = len + strlen(version);
	if (size > t->max_bytes / 4)
		return;
	struct entry *e = g_new0(struct entry, 1);
	e->table = t;
	e->stamp = g_strdup(stamp);
	e->version = g_strdup(version);
	e->body = g_bytes_new(body, len);
	e->len = len;
	if (token && *token) {
		GArray *holes = g_array_new(FALSE, FALSE, sizeof(size_t));
		e->token_len = strlen(token);
		for (const char *p = body, *end = body + len;
		     (p = memmem(p, (size_t)(end - p), token, e->token_len)) != NULL; p += e->token_len) {
			size_t off = (size_t)(p - body);
			g_array_append_val(holes, off);
		}
		e->nholes = holes->len;
		e->holes = (size_t *)(void *)g_array_free(holes, FALSE);
	}
	g_mutex_lock(&lock);
	ensure_table(t);
	if (g_hash_table_size(t->pages) >= t->max_entries || t->bytes + size > t->max_bytes)
		g_hash_table_remove_all(t->pages); /* simple and bounded; hits refill it */
	t->bytes += size;
	g_hash_table_replace(t->pages, g_strdup(key), e);
	g_mutex_unlock(&lock);
}

void page_cache_put(const char *key, const char *stamp, const char *version, const char *body, size_t len,
		    const char *token)
{
	put(&visitors, key, stamp, version, body, len, token);
}

bool page_cache_personal_get(const char *key, const char *stamp, GBytes **shared)
{
	if (!stamp)
		return false;
	g_mutex_lock(&lock);
	struct entry *e = personal.pages ? g_hash_table_lookup(personal.pages, key) : NULL;
	bool hit = e && e->stamp && !strcmp(e->stamp, stamp);
	if (hit)
		*shared = g_bytes_ref(e->body);
	g_mutex_unlock(&lock);
	return hit;
}

void page_cache_personal_put(const char *key, const char *stamp, const char *body, size_t len)
{
	if (stamp)
		put(&personal, key, stamp, "", body, len, NULL);
}

void page_cache_clear(void)
{
	g_mutex_lock(&lock);
	if (visitors.pages)
		g_hash_table_remove_all(visitors.pages);
	if (personal.pages)
		g_hash_table_remove_all(personal.pages);
	g_mutex_unlock(&lock);
}
