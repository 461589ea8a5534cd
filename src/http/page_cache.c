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
};

static GMutex lock;
static GHashTable *pages; /* key (g_strdup) -> struct entry * */
static size_t bytes;

static void entry_free(gpointer p)
{
	struct entry *e = p;
	bytes -= e->len + strlen(e->version);
	g_free(e->stamp);
	g_free(e->version);
	g_bytes_unref(e->body);
	g_free(e->holes);
	g_free(e);
}

static void ensure_table(void)
{
	if (!pages)
		pages = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
}

bool page_cache_get(const char *key, const char *stamp, const char *version, page_cache_token_fn token,
		    void *arg, GString *out, GBytes **shared)
{
	bool hit = false;
	g_mutex_lock(&lock);
	struct entry *e = pages ? g_hash_table_lookup(pages, key) : NULL;
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

void page_cache_put(const char *key, const char *stamp, const char *version, const char *body, size_t len,
		    const char *token)
{
	size_t size = len + strlen(version);
	if (size > PAGE_CACHE_MAX_BYTES / 4)
		return;
	struct entry *e = g_new0(struct entry, 1);
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
	ensure_table();
	if (g_hash_table_size(pages) >= PAGE_CACHE_MAX_ENTRIES || bytes + size > PAGE_CACHE_MAX_BYTES)
		g_hash_table_remove_all(pages); /* simple and bounded; hits refill it */
	bytes += size;
	g_hash_table_replace(pages, g_strdup(key), e);
	g_mutex_unlock(&lock);
}

void page_cache_clear(void)
{
	g_mutex_lock(&lock);
	if (pages)
		g_hash_table_remove_all(pages);
	g_mutex_unlock(&lock);
}
