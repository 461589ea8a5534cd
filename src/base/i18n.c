#include "base/i18n.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "base/banned.h"

/* lang -> (msgid -> msgstr); written only by i18n_load_mo at start-up. */
static GHashTable *catalogues;

static uint32_t read_u32(const unsigned char *p, bool swap)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return swap ? GUINT32_SWAP_LE_BE(v) : v;
}

static bool load_mo(const char *lang, const void *data, size_t len, bool in_place);

bool i18n_load_mo(const char *lang, const void *data, size_t len)
{
	return load_mo(lang, data, len, false);
}

bool i18n_load_mo_static(const char *lang, const void *data, size_t len)
{
	return load_mo(lang, data, len, true);
}

/* The string of ol bytes at b + off: in place when allowed and the image
 * ends it with NUL (load_mo checked off + ol < len), else a copy (added to
 * owned, freed with the catalogue). */
static const char *mo_string(const unsigned char *b, uint32_t off, uint32_t ol, bool in_place,
			     GPtrArray *owned)
{
	if (in_place && b[off + ol] == '\0' && !memchr(b + off, '\0', ol))
		return (const char *)b + off;
	char *copy = g_strndup((const char *)b + off, ol);
	g_ptr_array_add(owned, copy);
	return copy;
}

/* A catalogue: the table and the strings it owns. */
struct catalogue {
	GHashTable *t; /* msgid -> msgstr, both borrowed */
	GPtrArray *owned;
};

static void catalogue_free(gpointer p)
{
	struct catalogue *c = p;
	g_hash_table_destroy(c->t);
	g_ptr_array_free(c->owned, TRUE);
	g_free(c);
}

static bool load_mo(const char *lang, const void *data, size_t len, bool in_place)
{
	const unsigned char *b = data;
	if (len < 28)
		return false;
	uint32_t magic;
	memcpy(&magic, b, 4);
	bool swap;
	if (magic == 0x950412deU)
		swap = false;
	else if (magic == 0xde120495U)
		swap = true;
	else
		return false;
	uint32_t n = read_u32(b + 8, swap), orig = read_u32(b + 12, swap), trans = read_u32(b + 16, swap);
	if ((uint64_t)orig + (uint64_t)n * 8 > len || (uint64_t)trans + (uint64_t)n * 8 > len)
		return false;
	struct catalogue *c = g_new0(struct catalogue, 1);
	c->t = g_hash_table_new(g_str_hash, g_str_equal);
	c->owned = g_ptr_array_new_with_free_func(g_free);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t ol = read_u32(b + orig + i * 8, swap), oo = read_u32(b + orig + i * 8 + 4, swap);
		uint32_t tl = read_u32(b + trans + i * 8, swap), to = read_u32(b + trans + i * 8 + 4, swap);
		if ((uint64_t)oo + ol >= len || (uint64_t)to + tl >= len) {
			catalogue_free(c);
			return false;
		}
		if (ol == 0 || tl == 0) /* the header entry, or untranslated */
			continue;
		g_hash_table_replace(c->t, (gpointer)mo_string(b, oo, ol, in_place, c->owned),
				     (gpointer)mo_string(b, to, tl, in_place, c->owned));
	}
	if (!catalogues)
		catalogues = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, catalogue_free);
	g_hash_table_replace(catalogues, g_strdup(lang), c);
	return true;
}

const char *i18n_get(const char *lang, const char *msgid)
{
	if (!catalogues || !lang)
		return msgid;
	struct catalogue *c = g_hash_table_lookup(catalogues, lang);
	const char *s = c ? g_hash_table_lookup(c->t, msgid) : NULL;
	return s ? s : msgid;
}

bool i18n_supported(const char *lang)
{
	return lang && (!strcmp(lang, "en") || !strcmp(lang, "fr"));
}

const char *i18n_negotiate(const char *accept_language, const char *fallback)
{
	if (!accept_language)
		return fallback;
	const char *best = NULL;
	double best_q = 0.0;
	gchar **items = g_strsplit(accept_language, ",", 32);
	for (gchar **it = items; *it; it++) {
		gchar *item = g_strstrip(*it);
		double q = 1.0;
		char *semi = strchr(item, ';');
		if (semi) {
			*semi = '\0';
			const char *qp = strstr(semi + 1, "q=");
			if (qp)
				q = g_ascii_strtod(qp + 2, NULL);
			g_strstrip(item); /* "fr ;q=0.5": blanks before ';' are allowed */
		}
		const char *lang = NULL;
		if (!g_ascii_strncasecmp(item, "fr", 2) && (item[2] == '\0' || item[2] == '-'))
			lang = "fr";
		else if (!g_ascii_strncasecmp(item, "en", 2) && (item[2] == '\0' || item[2] == '-'))
			lang = "en";
		if (lang && q > best_q) {
			best = lang;
			best_q = q;
		}
	}
	g_strfreev(items);
	return best ? best : fallback;
}

void i18n_unload(void)
{
	if (catalogues)
		g_hash_table_destroy(catalogues);
	catalogues = NULL;
}
